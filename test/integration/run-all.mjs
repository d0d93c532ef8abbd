#!/usr/bin/env node
// Real-editor tiers of Leakguard, sharing one code-server start:
//   ext   mocha suite INSIDE code-server's extension host (suite/index.ts, run() convention)
//   ui    Playwright + headless chromium in the real workbench (ui/ui-test.mjs)
//   nvim  Neovim 0.7 headless against `node dist/server.js --stdio` (nvim/)
// usage: node test/integration/run-all.mjs [--tiers ext,ui,nvim]
// Prints per-tier results and, as its LAST line, "N passed, N failed" over every
// individual test. Exit code 1 if anything failed. Needs scripts/install-editors.sh
// and `npm run build` (dist/). Env: LEAKGUARD_UPDATE_SCREENSHOTS=1 (docs/images),
// LEAKGUARD_TEST_GREP (mocha grep), LEAKGUARD_KEEP_RUN=1 (keep the temp run dir),
// LEAKGUARD_INTEGRATION_EXT=vsix (default: package and install the .vsix, test the
// installed copy) | repo (load the repository as a development extension, no
// packaging) | double (test/integration/contract-double, to check the harness itself).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSuite, REPO } from './lib/build-suite.mjs';
import { copyWorkspace, startCodeServer } from './lib/code-server.mjs';
import { runExtensionHostSuite } from './lib/ext-host.mjs';
import { runNvimTier } from './nvim/run-nvim.mjs';
import { runUiTest } from './ui/ui-test.mjs';

const argTiers = (() => { const i = process.argv.indexOf('--tiers'); return i > 0 ? process.argv[i + 1] : process.env.LEAKGUARD_TIERS; })();
const TIERS = (argTiers || 'ext,ui,nvim').split(',').map((s) => s.trim()).filter(Boolean);
const MODE = process.env.LEAKGUARD_INTEGRATION_EXT || 'vsix';
if (!['vsix', 'repo', 'double'].includes(MODE)) throw new Error(`LEAKGUARD_INTEGRATION_EXT=${MODE}: use vsix, repo or double`);
const DOUBLE = MODE === 'double';
const DEV_PATH = { vsix: undefined, repo: REPO, double: path.join(REPO, 'test/integration/contract-double') }[MODE];
const FIXTURE = path.join(REPO, 'test/integration/fixtures/workspace');
const ARTIFACTS = path.join(REPO, '.test-artifacts');
const T0 = Date.now();
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)}s`;
const log = (...a) => console.log(...a);

/** @type {{tier: string, name: string, ok: boolean, error?: string}[]} */
const results = [];
const record = (tier, rs) => { for (const r of rs) results.push({ tier, ...r }); };
const fail = (tier, name, error) => record(tier, [{ name, ok: false, error }]);

const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leakguard-it-'));
const EXT_RESULT = path.join(runDir, 'ext-result.json');
let cs;

function packageVsix() {
  const t = Date.now();
  if (!DOUBLE) {
    for (const f of ['dist/extension.js', 'dist/server.js']) {
      if (!fs.existsSync(path.join(REPO, f))) throw new Error(`${f} is missing: run \`npm run build\` first`);
    }
  }
  if (DEV_PATH) return null; // loaded as a development extension instead
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const vsix = path.join(REPO, 'out/leakguard.vsix');
  if (r.status !== 0 || !fs.existsSync(vsix)) throw new Error(`npm run package failed (${r.status}):\n${r.stdout}${r.stderr}`);
  const dest = path.join(runDir, 'leakguard.vsix');
  fs.copyFileSync(vsix, dest);
  log(`packaged ${path.relative(REPO, vsix)} (${(fs.statSync(dest).size / 1024).toFixed(0)} KiB) in ${secs(t)}`);
  return dest;
}

/** The folder code-server unpacked the vsix into: the ext tier tests exactly what ships. */
function installedExtensionPath() {
  if (DEV_PATH) return DEV_PATH;
  const dir = fs.readdirSync(cs.extensionsDir).find((d) => d.startsWith('leakguard.leakguard-'));
  if (!dir) throw new Error(`leakguard.leakguard is not in ${cs.extensionsDir}`);
  return path.join(cs.extensionsDir, dir);
}

async function tierExt() {
  const t = Date.now();
  const testsPath = await buildSuite();
  const workspace = copyWorkspace(FIXTURE, path.join(runDir, 'ws-ext'));
  const { exitCode, result } = await runExtensionHostSuite({
    cs, runDir, workspace, extensionPath: installedExtensionPath(), testsPath, resultFile: EXT_RESULT, log,
  });
  if (result) record('ext', result.tests.map((x) => ({ name: x.title, ok: x.state === 'passed', error: x.error })));
  if (!result || (exitCode !== 0 && result.failed === 0)) {
    fail('ext', 'extension-host suite runs to completion', `codeAutomationExit: ${exitCode}; see ${runDir}/ext-host-console.log`);
  }
  log(`ext tier: exit code ${exitCode} in ${secs(t)}`);
}

async function tierUi() {
  const workspace = copyWorkspace(FIXTURE, path.join(runDir, 'ws-ui'));
  const update = process.env.LEAKGUARD_UPDATE_SCREENSHOTS === '1';
  record('ui', await runUiTest({
    cs, runDir, workspace, log,
    shotDir: path.join(ARTIFACTS, 'ui'),
    docsDir: update ? path.join(REPO, 'docs/images') : undefined,
    devPath: DEV_PATH,
  }));
}

async function tierNvim() {
  const serverJs = DOUBLE ? path.join(REPO, 'test/integration/contract-double/server.js') : path.join(REPO, 'dist/server.js');
  if (!fs.existsSync(serverJs)) return fail('nvim', 'language server exists', `${serverJs} is missing: run \`npm run build\` first`);
  const workspace = copyWorkspace(FIXTURE, path.join(runDir, 'ws-nvim'));
  record('nvim', await runNvimTier({ serverJs, workspace, log }));
}

async function main() {
  log(`real-editor tiers: ${TIERS.join(', ')}; extension from ${MODE === 'vsix' ? 'the packaged .vsix' : DEV_PATH}; run dir ${runDir}`);
  const tiers = { ext: tierExt, ui: tierUi, nvim: tierNvim };
  for (const t of TIERS) if (!tiers[t]) throw new Error(`unknown tier ${t} (ext, ui, nvim)`);
  const needCs = TIERS.some((t) => t === 'ext' || t === 'ui');
  if (needCs) {
    try {
      const vsix = packageVsix();
      cs = await startCodeServer({
        runDir, vsix, log,
        // code-server's environment reaches the extension host, and so the suite
        env: { LEAKGUARD_EXT_RESULT: EXT_RESULT, LEAKGUARD_FIXTURE_PRISTINE: FIXTURE },
      });
    } catch (e) {
      for (const t of TIERS.filter((x) => x !== 'nvim')) fail(t, `${t} tier setup (package vsix, start code-server)`, e.message);
      log(`setup failed: ${e.message}`);
    }
  }
  try {
    for (const t of TIERS) {
      if (t !== 'nvim' && !cs) continue;
      const start = Date.now();
      log(`\n== ${t} ==`);
      try { await tiers[t](); } catch (e) { fail(t, `${t} tier`, e.stack || e.message); }
      const mine = results.filter((r) => r.tier === t);
      log(`== ${t}: ${mine.filter((r) => r.ok).length} passed, ${mine.filter((r) => !r.ok).length} failed (${secs(start)})`);
    }
  } finally {
    if (cs) await cs.stop();
  }
}

let crashed;
try { await main(); } catch (e) { crashed = e; fail('run-all', 'run-all', e.stack || e.message); }
const failed = results.filter((r) => !r.ok);
if (failed.length) {
  log('\nfailures:');
  for (const r of failed) log(`  ✗ [${r.tier}] ${r.name}\n      ${String(r.error ?? '').split('\n').slice(0, 6).join('\n      ')}`);
}
fs.mkdirSync(ARTIFACTS, { recursive: true });
fs.writeFileSync(path.join(ARTIFACTS, 'integration-results.json'), JSON.stringify({ runDir, seconds: (Date.now() - T0) / 1000, results }, null, 2));
if (!failed.length && !crashed && process.env.LEAKGUARD_KEEP_RUN !== '1') fs.rmSync(runDir, { recursive: true, force: true });
else log(`logs: ${runDir}`);
log(`real-editor tiers done in ${secs(T0)}`);
log(`${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
