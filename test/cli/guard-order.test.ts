/**
 * Issue #17 item 4: the guard `leakguard init` installs runs on what ships. The packages here have
 * their own harmless build scripts (`node -e` copying src/ to dist/); the real `npm publish
 * --dry-run` and `vsce package` run the lifecycle, and the guard must see the NEW build (a system
 * prompt added to the source), not the stale dist/ of the previous one.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { writeTree } from '../helpers/rule-tester';
import { SAMPLE_PROMPT } from '../helpers/samples';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const VSCE = path.join(ROOT, 'node_modules/@vscode/vsce/vsce');
const BUILD = `node -e "const fs=require('fs');fs.mkdirSync('dist',{recursive:true});fs.copyFileSync('src/index.js','dist/index.js')"`;

/** A package whose source gained a system prompt since the last build (dist/ is stale and clean). */
function project(manifest: Record<string, unknown>): string {
  const dir = writeTree({
    'package.json': JSON.stringify(manifest, null, 2),
    'README.md': '# x\n',
    'LICENSE': 'UNLICENSED\n',
    'src/index.js': SAMPLE_PROMPT,
    'dist/index.js': 'module.exports = 1;\n',
  });
  // `leakguard` on the scripts' PATH, as an installed devDependency would be.
  const bin = path.join(dir, 'node_modules/.bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, 'leakguard'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
  return dir;
}

function sh(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

const npmPublishDryRun = (dir: string) => sh('npm', ['publish', '--dry-run', '--offline', '--fetch-retries=0', '--registry', 'http://127.0.0.1:9/'], dir);

describe('leakguard init: the guard runs after every build step (real npm publish --dry-run and vsce package)', function () {
  this.timeout(300_000);
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run "npm run build" first');
  });

  const npmManifest = (scripts: Record<string, string>) => ({ name: 'guarded-lib', version: '1.0.0', license: 'UNLICENSED', main: 'dist/index.js', files: ['dist'], scripts });

  it('control: a guard in front of the build (what init wrote before) lets the new prompt through npm publish', () => {
    const dir = project(npmManifest({ prepublishOnly: `leakguard check --fail-on error && ${BUILD}` }));
    const r = npmPublishDryRun(dir);
    assert.equal(r.code, 0, r.out);
    assert.match(fs.readFileSync(path.join(dir, 'dist/index.js'), 'utf8'), /You are Orbit/, 'the build ran after the check');
  });

  for (const [name, scripts] of [
    ['build in prepublishOnly', { prepublishOnly: BUILD }],
    ['build in prepack, cleanup in postpack', { prepack: BUILD, postpack: 'node -e "0"' }],
    ['build in prepare', { prepare: BUILD }],
    ['an old guard in front of the build is moved', { prepublishOnly: `leakguard check --fail-on error && ${BUILD}` }],
  ] as const) {
    it(`npm, ${name}: after init, npm publish --dry-run stops on the prompt the build just produced`, () => {
      const dir = project(npmManifest({ ...scripts }));
      const init = sh(process.execPath, [CLI, 'init', '--yes'], dir);
      assert.equal(init.code, 0, init.out);
      const pj = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
      assert.match(pj.scripts.postpack, /^leakguard check --fail-on error/);
      for (const k of ['prepublishOnly', 'prepack', 'prepare']) assert.doesNotMatch(pj.scripts[k] ?? '', /leakguard/, k);
      const r = npmPublishDryRun(dir);
      assert.notEqual(r.code, 0, r.out);
      assert.match(r.out, /prompt-system-prompt-literal/);
      assert.doesNotMatch(r.out, /Tarball Details/, 'nothing was (dry-run) uploaded');
      // A second init changes nothing.
      assert.match(sh(process.execPath, [CLI, 'init', '--yes'], dir).out, /already runs leakguard after its build/);
    });
  }

  it('vsce: the guard ends vscode:prepublish (after the build) and vsce package stops on the new prompt', () => {
    const dir = project({
      name: 'guarded-ext', publisher: 'acme', version: '1.0.0', license: 'UNLICENSED', repository: 'https://example.com/r.git',
      engines: { vscode: '^1.90.0' }, main: './dist/index.js', activationEvents: ['onStartupFinished'], files: ['dist', 'README.md', 'LICENSE'],
      scripts: { 'vscode:prepublish': BUILD },
    });
    const init = sh(process.execPath, [CLI, 'init', '--yes'], dir);
    assert.equal(init.code, 0, init.out);
    const pj = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.match(pj.scripts['vscode:prepublish'], /&& leakguard check --fail-on error$/);
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lg-vsix-')), 'x.vsix');
    const r = sh(process.execPath, [VSCE, 'package', '--no-dependencies', '-o', out], dir);
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.out, /prompt-system-prompt-literal/);
    assert.ok(!fs.existsSync(out), 'no .vsix was written');
  });
});
