import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import rule from '../../rules/config-vscodeignore-missing';
import type { Finding } from '../../server/src/engine/types';
import { runOnTree, analyzeRoot, applyFixOnDisk } from '../helpers/rule-tester';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const vsce = require('@vscode/vsce') as { listFiles(o: { cwd: string; packageManager: number }): Promise<string[]>; PackageManager: { None: number } };

const ID = 'config-vscodeignore-missing';
const ofRule = (findings: Finding[]) => findings.filter((f) => f.ruleId === ID);
const ext = (extra: Record<string, unknown> = {}) =>
  JSON.stringify(
    {
      name: 'fixture-ext', publisher: 'me', version: '1.0.0', engines: { vscode: '^1.90.0' }, main: './dist/extension.js', activationEvents: ['onStartupFinished'], icon: 'media/icon.png',
      contributes: { grammars: [{ language: 'foo', scopeName: 'source.foo', path: './syntaxes/foo.tmLanguage.json' }], themes: [{ label: 'T', path: './themes/t.json' }] },
      devDependencies: { esbuild: '^0.25.0' },
      ...extra,
    },
    null,
    2,
  );
const envLine = ['API', 'TOKEN'].join('_') + '=' + ['pl', 'ace', 'holder'].join('');
const bundledTree = (extra: Record<string, unknown> = {}): Record<string, string> => ({
  'package.json': ext(extra),
  'README.md': '# r',
  'CHANGELOG.md': 'c',
  'LICENSE': 'MIT',
  'package.nls.json': '{}',
  'media/icon.png': 'png',
  'syntaxes/foo.tmLanguage.json': '{}',
  'themes/t.json': '{}',
  'dist/extension.js': 'x',
  'dist/extension.js.map': '{"version":3,"sources":["../src/extension.ts"],"sourcesContent":["x"],"mappings":""}',
  'dist/worker.wasm': 'w',
  'src/extension.ts': 'x',
  'src/test/a.test.ts': 'x',
  'tsconfig.json': '{}',
  'esbuild.js': 'x',
  '.env.production': envLine,
});

async function vsceList(root: string): Promise<string[]> {
  return (await vsce.listFiles({ cwd: root, packageManager: vsce.PackageManager.None })).map((p) => p.split(path.sep).join('/')).sort();
}

describe(ID, function () {
  this.timeout(30_000);

  it('fires as an error on engines.vscode when maps and .env would be packaged', async () => {
    const tree = bundledTree();
    const { findings } = await runOnTree(tree, { rules: [rule] });
    const f = ofRule(findings);
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'error');
    assert.equal(tree['package.json'].slice(f[0].start, f[0].end), '"vscode": "^1.90.0"');
    assert.match(f[0].message, /dist\/extension\.js\.map/);
    assert.match(f[0].message, /\.env\.production/);
  });

  it('fires as a warning when only TS sources and configs would ship', async () => {
    const { findings } = await runOnTree({ 'package.json': ext(), 'dist/extension.js': 'x', 'src/extension.ts': 'x' }, { rules: [rule] });
    const f = ofRule(findings)[0];
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /src\/extension\.ts/);
  });

  it('bundled: the first suggestion writes an allowlist; the engine and real vsce then package only the bundle and manifest files', async () => {
    const { root, findings } = await runOnTree(bundledTree(), { rules: [rule] });
    const f = ofRule(findings)[0];
    assert.equal(f.fix, undefined, 'suggestions only');
    assert.match(f.suggestions[0].title, /allowlist/);
    applyFixOnDisk(f.suggestions[0].edits);
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^\*\*$/m);
    assert.match(ignore, /^!dist\/\*\*\/\*\.js$/m);
    assert.doesNotMatch(ignore, /^!dist\/\*\*$/m, 'never re-include a whole folder that holds maps');
    const expected = ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/extension.js', 'dist/worker.wasm', 'media/icon.png', 'package.json', 'package.nls.json', 'syntaxes/foo.tmLanguage.json', 'themes/t.json'];
    const again = await analyzeRoot(root, { rules: [rule] });
    assert.equal(ofRule(again.findings).length, 0);
    assert.deepEqual(again.units[0].publishSet.files.map((x) => x.path), expected);
    assert.deepEqual(await vsceList(root), expected);
  });

  it('unbundled (tsc to out/, runtime dependencies): the first suggestion is a deny-list that keeps out/ and node_modules', async () => {
    const tree: Record<string, string> = {
      ...bundledTree({ main: './out/extension.js', devDependencies: { typescript: '^5' }, dependencies: { 'left-pad': '1.0.0' }, scripts: { compile: 'tsc -p .' } }),
      'out/extension.js': 'x',
      'out/extension.js.map': '{}',
      'out/lib/util.js': 'x',
      'out/lib/util.d.ts': 'x',
      'test/suite/index.ts': 'x',
    };
    const { root, findings } = await runOnTree(tree, { rules: [rule] });
    const f = ofRule(findings)[0];
    assert.match(f.suggestions[0].title, /unbundled/);
    applyFixOnDisk(f.suggestions[0].edits);
    const again = await analyzeRoot(root, { rules: [rule] });
    const files = again.units[0].publishSet.files.map((x) => x.path);
    for (const p of ['out/extension.js', 'out/lib/util.js', 'media/icon.png', 'syntaxes/foo.tmLanguage.json', 'themes/t.json', 'package.json', 'README.md']) assert.ok(files.includes(p), p);
    for (const p of files) assert.doesNotMatch(p, /\.map$|\.env|^src\/|^test\/|tsconfig|(?<!\.d)\.ts$/, p);
    assert.deepEqual(await vsceList(root), files);
  });

  describe('traps (does not fire)', () => {
    const traps: Array<[string, Record<string, string>]> = [
      ['has a .vscodeignore', { ...bundledTree(), '.vscodeignore': 'src/**\n' }],
      ['has "files"', { ...bundledTree({ files: ['dist/**/*.js'] }) }],
      ['an npm package (no engines.vscode)', { 'package.json': JSON.stringify({ name: 'lib', version: '1.0.0', main: 'index.js' }), 'index.js': 'x' }],
      ['a private extension (never packaged by Leakguard\'s model)', { ...bundledTree({ private: true }) }],
    ];
    for (const [name, tree] of traps) {
      it(name, async () => {
        const { findings } = await runOnTree(tree, { rules: [rule] });
        assert.deepEqual(ofRule(findings).map((f) => f.message), []);
      });
    }
  });
});

describe(`${ID}: warnings need a leak (issue #23)`, function () {
  this.timeout(30_000);
  const plain = JSON.stringify({ name: 'tiny', publisher: 'me', version: '1.0.0', engines: { vscode: '^1.90.0' }, main: './extension.js', activationEvents: ['onStartupFinished'], icon: 'icon.png' });
  it('only LICENSE, README.md, icon.png, package.json (and the entry) would ship: info', async () => {
    const { findings } = await runOnTree({ 'package.json': plain, 'LICENSE': 'MIT', 'README.md': 'r', 'icon.png': 'png', 'extension.js': 'x' }, { rules: [rule] });
    assert.deepEqual(ofRule(findings).map((f) => [f.messageId, f.severity]), [['missingHygiene', 'info']]);
  });
  it('trap: TypeScript sources or tests in the set keep the warning; a map makes it an error', async () => {
    const src = await runOnTree({ 'package.json': plain, 'README.md': 'r', 'extension.js': 'x', 'src/extension.ts': 'x' }, { rules: [rule] });
    assert.deepEqual(ofRule(src.findings).map((f) => f.severity), ['warning']);
    const tests = await runOnTree({ 'package.json': plain, 'README.md': 'r', 'extension.js': 'x', 'test/suite/a.js': 'x' }, { rules: [rule] });
    assert.deepEqual(ofRule(tests.findings).map((f) => f.severity), ['warning']);
    const map = await runOnTree({ 'package.json': plain, 'README.md': 'r', 'extension.js': 'x', 'extension.js.map': '{}' }, { rules: [rule] });
    assert.deepEqual(ofRule(map.findings).map((f) => f.severity), ['error']);
  });
});
