#!/usr/bin/env node
/**
 * Verification against real packages (issue "Source maps, fully"); not part of the unit tests.
 *
 * Fetches real tarballs with `npm pack NAME@VERSION` into a temp folder (nothing is committed),
 * runs `node dist/cli.js pack FILE.tgz --format json` on each, and computes an independent ground
 * truth from the extracted tarball (which maps ship, inline maps, sourcesContent, and whether the
 * embedded sources are also shipped as files), so each verdict can be judged.
 *
 *   node scripts/verify-real-packages.mjs [--keep] [--only NAME,...] [--json OUT]
 *
 * Needs `npm run build` and network access to the npm registry only.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(REPO, 'dist/cli.js');

/** What we expect, and why these packages: different bundlers and map styles. */
export const PACKAGES = [
  { spec: '@anthropic-ai/claude-code@2.1.88', kind: 'esbuild/bun bundle, unlinked 59.8 MB cli.js.map with all first-party sources (the incident)' },
  { spec: '@anthropic-ai/claude-code@0.2.9', kind: 'the version after the 0.2.8 inline-map incident (bundle without maps?)' },
  { spec: 'diff@7.0.0', kind: 'inline base64 maps (data: URLs) in lib/' },
  { spec: '@babel/types@7.26.0', kind: 'Babel build: external maps with sourcesContent, src/ not shipped' },
  { spec: 'lru-cache@11.0.2', kind: 'tshy/tsc: maps with sourcesContent, src/ not shipped' },
  { spec: 'rxjs@7.8.1', kind: 'tsc: maps without sourcesContent, src/ shipped (maps duplicate what ships)' },
  { spec: 'ajv@8.17.1', kind: 'tsc: maps without sourcesContent, lib/*.ts shipped' },
  { spec: '@typescript-eslint/utils@8.18.0', kind: 'tsc: maps without sourcesContent, src/ not shipped' },
  { spec: 'preact@10.25.4', kind: 'microbundle (rollup+terser): maps, src/ shipped' },
  { spec: 'lit-html@3.2.1', kind: 'rollup+terser: production and development builds with maps' },
  { spec: '@sentry/core@8.47.0', kind: 'rollup: build/ with or without maps' },
  { spec: 'vue@3.5.13', kind: 'rollup: dist bundles, no maps expected' },
  { spec: 'date-fns@4.1.0', kind: 'babel + webpack CDN bundles: cdn*.js.map whose source is the shipped file' },
  { spec: 'lazystream@1.0.0', kind: 'ships a file named `secret` with a PGP private key block (retired; jpommerening/node-lazystream#3), issue #19' },
];

const { values: opt } = parseArgs({ options: { keep: { type: 'boolean', default: false }, only: { type: 'string' }, json: { type: 'string' } } });

function sh(cmd, args, cwd, maxBuffer = 512 * 1024 * 1024) {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer });
}

function walk(dir, base = dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, base, out);
    else if (e.isFile()) out.push(path.relative(base, p).split(path.sep).join('/'));
  }
  return out;
}

const INLINE = /[#@] sourceMappingURL=data:application\/json(?:;charset=[\w-]+)?;base64,([A-Za-z0-9+/=]+)/g;
const LINK = /[#@] sourceMappingURL=(?!data:)(\S+)/;

/** Independent ground truth from the extracted package folder. */
function groundTruth(pkgDir) {
  const files = walk(pkgDir);
  const shipped = new Set(files);
  // Bundlers rename paths (rollup's esm5_for_rollup/, webpack://): a source whose exact text ships
  // as a file is also "shipped". Compare by content (trimmed), like the engine's classifier should.
  const shippedTexts = new Set();
  for (const f of files) {
    if (!/\.(c|m)?(j|t)sx?$|\.vue$|\.svelte$/.test(f)) continue;
    const st = fs.statSync(path.join(pkgDir, f));
    if (st.size < 2_000_000) shippedTexts.add(fs.readFileSync(path.join(pkgDir, f), 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '').trim());
  }
  const maps = [];
  const analyse = (map, where, hostDir, inline) => {
    const sources = Array.isArray(map.sources) ? map.sources : map.sections ? map.sections.flatMap((s) => s.map?.sources ?? []) : [];
    const contents = Array.isArray(map.sourcesContent) ? map.sourcesContent : map.sections ? map.sections.flatMap((s) => s.map?.sourcesContent ?? []) : [];
    let withContent = 0;
    let thirdParty = 0;
    let contentShipped = 0;
    let contentNotShipped = 0;
    let linesNotShipped = 0;
    const notShippedSample = [];
    sources.forEach((s, i) => {
      const c = contents[i];
      const rel = path.posix.normalize(path.posix.join(hostDir, (map.sourceRoot ?? '').replace(/^\/$/, ''), String(s).replace(/^webpack:\/\/[^/]*\//, '').replace(/^file:\/\//, '')));
      const third = /node_modules\/|(^|\/)tslib(\/|\.)/.test(String(s)) || /^webpack\/|\(webpack\)/.test(String(s));
      if (typeof c === 'string' && c.length > 0) {
        withContent++;
        if (third) thirdParty++;
        else if (shipped.has(rel) || shippedTexts.has(c.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '').trim())) contentShipped++;
        else {
          contentNotShipped++;
          linesNotShipped += c.split('\n').length;
          if (notShippedSample.length < 3) notShippedSample.push(String(s));
        }
      }
    });
    maps.push({ file: where, inline, sources: sources.length, withContent, thirdParty, contentShipped, contentNotShipped, linesNotShipped, notShippedSample, bytes: inline ? undefined : fs.statSync(path.join(pkgDir, where)).size });
  };
  let linked = 0;
  let inlineCount = 0;
  for (const f of files) {
    const abs = path.join(pkgDir, f);
    if (f.endsWith('.map')) {
      try {
        analyse(JSON.parse(fs.readFileSync(abs, 'utf8')), f, path.posix.dirname(f), false);
      } catch (e) {
        maps.push({ file: f, error: String(e.message).slice(0, 100) });
      }
    } else if (/\.(c|m)?js$|\.css$/.test(f)) {
      const st = fs.statSync(abs);
      if (st.size > 200 * 1024 * 1024) continue;
      const text = fs.readFileSync(abs, 'utf8');
      if (LINK.test(text)) linked++;
      for (const m of text.matchAll(INLINE)) {
        inlineCount++;
        try {
          analyse(JSON.parse(Buffer.from(m[1], 'base64').toString('utf8')), f, path.posix.dirname(f), true);
        } catch {
          /* not a map */
        }
      }
    }
  }
  const ext = maps.filter((m) => !m.inline && !m.error);
  const sum = (a, k) => a.reduce((n, m) => n + (m[k] ?? 0), 0);
  return {
    files: files.length,
    externalMaps: ext.length,
    declarationMaps: ext.filter((m) => m.file.endsWith('.d.ts.map') || m.file.endsWith('.d.mts.map') || m.file.endsWith('.d.cts.map')).length,
    externalMapsWithContent: ext.filter((m) => m.withContent > 0).length,
    inlineMaps: inlineCount,
    filesWithUrlComment: linked,
    embeddedSources: sum(maps, 'withContent'),
    embeddedNotShipped: sum(maps, 'contentNotShipped'),
    embeddedShipped: sum(maps, 'contentShipped'),
    embeddedThirdParty: sum(maps, 'thirdParty'),
    linesNotShipped: sum(maps, 'linesNotShipped'),
    biggestMap: ext.sort((a, b) => b.bytes - a.bytes)[0]?.file,
    biggestMapMB: ext[0] ? Math.round((ext[0].bytes / 1048576) * 10) / 10 : 0,
    sampleNotShipped: maps.flatMap((m) => m.notShippedSample).slice(0, 4),
    unparsable: maps.filter((m) => m.error).map((m) => m.file),
  };
}

/** Others rebuild dist/ while this runs: wait for the CLI to reappear rather than fail. */
function waitForCli() {
  for (let i = 0; i < 120 && !fs.existsSync(CLI); i++) spawnSync('sleep', ['1']);
}

async function main() {
  if (!fs.existsSync(CLI)) {
    console.error('dist/cli.js is missing: run "npm run build" first');
    process.exit(2);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leakguard-verify-'));
  const wanted = opt.only ? new Set(opt.only.split(',')) : undefined;
  const results = [];
  for (const p of PACKAGES) {
    if (wanted && !wanted.has(p.spec) && !wanted.has(p.spec.replace(/@[^@]+$/, ''))) continue;
    const r = { spec: p.spec, kind: p.kind };
    results.push(r);
    const dl = sh('npm', ['pack', p.spec, '--json', '--pack-destination', tmp], tmp);
    if (dl.status !== 0) {
      r.error = `npm pack failed: ${dl.stderr.split('\n').find((l) => /ERR/.test(l)) ?? dl.stderr.slice(0, 200)}`;
      console.log(`\n== ${p.spec}: ${r.error}`);
      continue;
    }
    const info = JSON.parse(dl.stdout)[0];
    const tgz = path.join(tmp, info.filename);
    r.tarballMB = Math.round((fs.statSync(tgz).size / 1048576) * 10) / 10;
    waitForCli();
    const t0 = performance.now();
    const lg = sh(process.execPath, [CLI, 'pack', tgz, '--format', 'json', '--fail-on', 'never'], REPO);
    r.ms = Math.round(performance.now() - t0);
    try {
      const j = JSON.parse(lg.stdout);
      r.exit = lg.status;
      r.byRule = {};
      for (const f of j.findings) r.byRule[f.ruleId] = (r.byRule[f.ruleId] ?? 0) + 1;
      r.bySeverity = {};
      for (const f of j.findings) r.bySeverity[f.severity] = (r.bySeverity[f.severity] ?? 0) + 1;
      r.sourcemapMessages = j.findings.filter((f) => f.ruleId.startsWith('sourcemap-')).map((f) => `${f.severity} ${f.ruleId} ${f.file}:${f.line}: ${f.message}`);
      r.otherMessages = j.findings.filter((f) => !f.ruleId.startsWith('sourcemap-')).map((f) => `${f.severity} ${f.ruleId} ${f.file}:${f.line}: ${f.message.slice(0, 240)}`);
      r.units = j.units;
      r.problems = j.problems;
    } catch {
      r.error = `leakguard pack printed no JSON (exit ${lg.status}): ${lg.stderr.slice(0, 500)}`;
    }
    // ground truth
    const x = path.join(tmp, info.filename.replace(/\.tgz$/, ''));
    fs.mkdirSync(x, { recursive: true });
    sh('tar', ['xzf', tgz, '-C', x]);
    r.truth = groundTruth(path.join(x, 'package'));
    if (!opt.keep) {
      fs.rmSync(x, { recursive: true, force: true });
      fs.rmSync(tgz, { force: true });
    }
    print(r);
  }
  if (!opt.keep) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`\nkept tarballs in ${tmp}`);
  const out = opt.json ?? path.join(os.tmpdir(), 'leakguard-verify-results.json');
  fs.writeFileSync(out, JSON.stringify(results, null, 2));
  console.log(`\nwrote ${out}`);
}

function print(r) {
  console.log(`\n== ${r.spec} (${r.kind}) — ${r.tarballMB} MB tgz, ${r.ms} ms`);
  if (r.error) return console.log(`   ERROR ${r.error}`);
  const t = r.truth;
  console.log(`   truth: ${t.files} files, ${t.externalMaps} .map (${t.declarationMaps} declaration maps, ${t.externalMapsWithContent} with sourcesContent), ${t.inlineMaps} inline maps, ${t.filesWithUrlComment} files with a sourceMappingURL`);
  console.log(`          embedded sources ${t.embeddedSources}: ${t.embeddedNotShipped} not shipped (≈${t.linesNotShipped} lines), ${t.embeddedShipped} also shipped, ${t.embeddedThirdParty} third-party; biggest map ${t.biggestMap ?? '-'} ${t.biggestMapMB} MB`);
  if (t.sampleNotShipped.length) console.log(`          e.g. ${t.sampleNotShipped.join(', ')}`);
  if (t.unparsable.length) console.log(`          unparsable maps: ${t.unparsable.join(', ')}`);
  console.log(`   leakguard: exit ${r.exit}, ${JSON.stringify(r.bySeverity)} ${JSON.stringify(r.byRule)}`);
  for (const m of r.sourcemapMessages.slice(0, 8)) console.log(`     ${m.slice(0, 400)}`);
  if (r.sourcemapMessages.length > 8) console.log(`     … ${r.sourcemapMessages.length - 8} more sourcemap findings`);
  for (const m of r.otherMessages.slice(0, 8)) console.log(`     ${m}`);
  if (r.otherMessages.length > 8) console.log(`     … ${r.otherMessages.length - 8} more`);
  if (r.problems?.length) console.log(`   problems: ${r.problems.slice(0, 3).join(' | ')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
