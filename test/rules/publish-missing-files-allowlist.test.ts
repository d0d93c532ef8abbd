import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import rule from '../../rules/publish-missing-files-allowlist';
import { runOnTree, analyzeRoot, applyFixOnDisk, npmPackFiles } from '../helpers/rule-tester';

const ID = 'publish-missing-files-allowlist';
const pkg = (extra: object = {}) => JSON.stringify({ name: 'leaky-cli', version: '1.0.0', main: 'dist/cli.js', bin: { leaky: 'dist/cli.js' }, ...extra }, null, 2);

describe(ID, () => {
  it('fires as an error when a map and .env would ship without "files"', async () => {
    const { findings } = await runOnTree(
      { 'package.json': pkg(), 'dist/cli.js': 'x', 'dist/cli.js.map': '{"version":3,"sources":[],"mappings":""}', '.env.production': 'A=1', 'src/a.ts': 'x' },
      { rules: [rule] },
    );
    const f = findings.filter((x) => x.ruleId === ID);
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'error');
    assert.match(f[0].message, /dist\/cli\.js\.map/);
    assert.match(f[0].message, /\.env\.production/);
    assert.ok(f[0].related.some((r) => r.file.endsWith('dist/cli.js.map')));
  });

  it('fires as a warning when nothing sensitive ships, anchored on "name"', async () => {
    const { findings } = await runOnTree({ 'package.json': pkg(), 'dist/cli.js': 'x', 'src/a.ts': 'x' }, { rules: [rule] });
    const f = findings.filter((x) => x.ruleId === ID);
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'warning');
    const text = pkg();
    assert.equal(text.slice(f[0].start, f[0].end), '"name": "leaky-cli"');
  });

  it('quick fix adds "files" from entry points (with a map negation); npm pack then ships no map and keeps the bin', async () => {
    const tree = { 'package.json': pkg({ types: 'types/index.d.ts' }), 'dist/cli.js': 'x', 'dist/cli.js.map': '{"version":3,"sources":[],"mappings":""}', 'types/index.d.ts': 'x', 'src/a.ts': 'x', '.env': 'A=1' };
    const { root, findings } = await runOnTree(tree, { rules: [rule] });
    const f = findings.find((x) => x.ruleId === ID)!;
    const fix = f.fix ?? f.suggestions[0];
    assert.ok(fix, 'a fix is offered');
    applyFixOnDisk(fix.edits);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.files, ['dist', 'types', '!dist/**/*.map']);
    const keys = Object.keys(manifest);
    assert.equal(keys[keys.indexOf('version') + 1], 'files', 'inserted after "version"');
    const packed = npmPackFiles(root);
    assert.deepEqual(packed, ['dist/cli.js', 'package.json', 'types/index.d.ts']);
    const after = await analyzeRoot(root, { rules: [rule] });
    assert.equal(after.findings.filter((x) => x.ruleId === ID).length, 0);
  });

  it('does not fire on private packages, VS Code extensions, packages with "files", or publishConfig.directory', async () => {
    for (const extra of [{ private: true }, { engines: { vscode: '^1.90.0' } }, { files: ['dist'] }, { publishConfig: { directory: 'dist' } }]) {
      const { findings } = await runOnTree({ 'package.json': pkg(extra), 'dist/cli.js': 'x' }, { rules: [rule] });
      assert.equal(findings.filter((x) => x.ruleId === ID).length, 0, JSON.stringify(extra));
    }
  });

  it('"files": "dist" (not an array) is an error; "files": [] is info', async () => {
    const a = await runOnTree({ 'package.json': pkg({ files: 'dist' }), 'dist/cli.js': 'x' }, { rules: [rule] });
    assert.equal(a.findings.find((x) => x.ruleId === ID)?.messageId, 'notArray');
    const b = await runOnTree({ 'package.json': pkg({ files: [] }), 'dist/cli.js': 'x' }, { rules: [rule] });
    const fb = b.findings.find((x) => x.ruleId === ID);
    assert.equal(fb?.messageId, 'empty');
    assert.equal(fb?.severity, 'info');
  });

  it('respects "off" in .leakguardrc.json and requireFilesAllowlist: false downgrades', async () => {
    const off = await runOnTree({ 'package.json': pkg(), 'dist/cli.js': 'x' }, { rules: [rule], config: { rules: { [ID]: 'off' } } });
    assert.equal(off.findings.filter((x) => x.ruleId === ID).length, 0);
    const opt = await runOnTree({ 'package.json': pkg(), 'dist/cli.js': 'x' }, { rules: [rule], config: { rules: { [ID]: ['warning', { requireFilesAllowlist: false }] } } });
    assert.equal(opt.findings.filter((x) => x.ruleId === ID).length, 1);
  });

  it('an open-source library that ships maps stays a warning (visibility policy); a package of unknown visibility gets an error', async () => {
    const map = JSON.stringify({ version: 3, sources: ['../src/cli.ts'], sourcesContent: ['export const a = 1;\n'], mappings: '' });
    const oss = await runOnTree(
      { 'package.json': pkg({ license: 'MIT', repository: 'https://github.com/acme/lib' }), 'dist/cli.js': 'x', 'dist/cli.js.map': map },
      { rules: [rule] },
    );
    assert.equal(oss.findings.find((x) => x.ruleId === ID)?.severity, 'warning');
    const other = await runOnTree({ 'package.json': pkg({ license: 'MIT' }), 'dist/cli.js': 'x', 'dist/cli.js.map': map }, { rules: [rule] });
    assert.equal(other.findings.find((x) => x.ruleId === ID)?.severity, 'error');
    const ossEnv = await runOnTree(
      { 'package.json': pkg({ license: 'MIT', repository: 'https://github.com/acme/lib' }), 'dist/cli.js': 'x', '.env': 'A=1' },
      { rules: [rule] },
    );
    assert.equal(ossEnv.findings.find((x) => x.ruleId === ID)?.severity, 'error', '.env is sensitive whatever the licence');
  });
});

describe('publish-missing-files-allowlist: warnings need a leak (issue #23)', function () {
  this.timeout(30_000);
  const ofRule = (fs: Array<{ ruleId: string; severity: string }>) => fs.filter((f) => f.ruleId === 'publish-missing-files-allowlist').map((f) => f.severity);
  it('jest packages: a deliberate .npmignore that lets nothing sensitive through is info; without it, shipped src and tests stay a warning', async () => {
    const manifest = JSON.stringify({ name: 'jest-like', version: '1.0.0', license: 'MIT', main: './build/index.js' });
    const withIgnore = await runOnTree({ 'package.json': manifest, '.npmignore': '**/__tests__/**\nsrc\ntsconfig.json\n', 'src/index.ts': 'x', 'src/__tests__/a.test.ts': 'x', 'README.md': 'r' }, { rules: [rule] });
    assert.deepEqual(ofRule(withIgnore.findings), ['info']);
    const without = await runOnTree({ 'package.json': manifest, 'src/index.ts': 'x', 'src/__tests__/a.test.ts': 'x', 'tsconfig.json': '{}' }, { rules: [rule] });
    assert.deepEqual(ofRule(without.findings), ['warning']);
  });
  it('a package that ships only its manifest, README and bin is info', async () => {
    const manifest = JSON.stringify({ name: '@internal/scripts', version: '1.0.0', license: 'MIT', bin: { 'set-prerelease': './set-prerelease-mode.js' } });
    const r = await runOnTree({ 'package.json': manifest, 'set-prerelease-mode.js': 'x', 'README.md': 'r' }, { rules: [rule] });
    assert.deepEqual(ofRule(r.findings), ['info']);
  });
});
