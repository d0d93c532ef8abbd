import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import rule from '../../rules/config-vscodeignore-files-conflict';
import type { Finding } from '../../server/src/engine/types';
import { runOnTree, analyzeRoot, applyFixOnDisk } from '../helpers/rule-tester';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const vsce = require('@vscode/vsce') as { listFiles(o: { cwd: string; packageManager: number }): Promise<string[]>; PackageManager: { None: number } };

const ID = 'config-vscodeignore-files-conflict';
const ofRule = (findings: Finding[]) => findings.filter((f) => f.ruleId === ID);
const ext = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: 'ext', publisher: 'me', version: '1.0.0', engines: { vscode: '^1.90.0' }, main: './dist/extension.js', activationEvents: ['onStartupFinished'], ...extra }, null, 2);
const base = { 'README.md': '# r', 'dist/extension.js': 'x', 'dist/extension.js.map': '{}', 'media/icon.png': 'p', 'src/a.ts': 'x' };
const vsceList = async (root: string) => (await vsce.listFiles({ cwd: root, packageManager: vsce.PackageManager.None })).map((p) => p.split(path.sep).join('/')).sort();

describe(ID, function () {
  this.timeout(30_000);

  it('both .vscodeignore and "files": error on "files"; "Remove files" leaves .vscodeignore in charge', async () => {
    const text = ext({ files: ['dist/**/*.js', 'media'] });
    const { root, findings } = await runOnTree({ ...base, 'package.json': text, '.vscodeignore': 'src/**\n**/*.map\n' }, { rules: [rule] });
    const f = ofRule(findings);
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'error');
    assert.match(text.slice(f[0].start, f[0].end), /^"files": \[/);
    assert.equal(f[0].fix, undefined);
    applyFixOnDisk(f[0].suggestions[0].edits);
    assert.equal(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).files, undefined);
    assert.equal(ofRule((await analyzeRoot(root, { rules: [rule] })).findings).length, 0);
    assert.deepEqual(await vsceList(root), ['README.md', 'dist/extension.js', 'media/icon.png', 'package.json']);
  });

  it('"Move files into .vscodeignore" keeps exactly the set "files" described', async () => {
    const text = ext({ files: ['dist/**/*.js', 'media'] });
    const tree = { ...base, 'package.json': text };
    const before = await runOnTree(tree, { rules: [rule] });
    const expected = before.result.units[0].publishSet.files.map((x) => x.path);
    const { root, findings } = await runOnTree({ ...tree, '.vscodeignore': 'src/**\n' }, { rules: [rule] });
    applyFixOnDisk(ofRule(findings)[0].suggestions[1].edits);
    assert.match(fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8'), /^\*\*\n!dist\/\*\*\/\*\.js\n!media\n$/m);
    const after = await analyzeRoot(root, { rules: [rule] });
    assert.equal(ofRule(after.findings).length, 0);
    assert.deepEqual(after.units[0].publishSet.files.map((x) => x.path), expected);
    assert.deepEqual(await vsceList(root), expected);
    assert.ok(expected.includes('dist/extension.js') && !expected.some((p) => p.endsWith('.map')));
  });

  it('"files" entries that match nothing: error on the entry, removable', async () => {
    const text = ext({ files: ['dist/**/*.js', 'images', 'assets/*.svg'] });
    const { root, findings } = await runOnTree({ ...base, 'package.json': text }, { rules: [rule] });
    const f = ofRule(findings);
    assert.deepEqual(f.map((x) => text.slice(x.start, x.end)), ['"images"', '"assets/*.svg"']);
    applyFixOnDisk(f[0].fix ? f[0].fix.edits : f[0].suggestions[0].edits);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).files, ['dist/**/*.js', 'assets/*.svg']);
  });

  it('"./media" packages nothing (vsce collects relative paths) and then fails vsce\'s unused-pattern check: reported', async () => {
    const text = ext({ files: ['dist/**/*.js', './media'] });
    const { root, findings } = await runOnTree({ ...base, 'package.json': text }, { rules: [rule] });
    assert.deepEqual(ofRule(findings).map((x) => text.slice(x.start, x.end)), ['"./media"']);
    assert.ok(!(await vsceList(root)).includes('media/icon.png'), 'real vsce agrees: media is not packaged');
  });

  describe('traps (does not fire)', () => {
    const traps: Array<[string, Record<string, string>]> = [
      ['only .vscodeignore', { ...base, 'package.json': ext(), '.vscodeignore': '**\n!dist/**/*.js\n' }],
      ['only "files", every entry matches', { ...base, 'package.json': ext({ files: ['dist/**/*.js', 'media', 'README.md', 'src/'] }) }],
      ['"files": [] next to .vscodeignore (vsce accepts an empty list)', { ...base, 'package.json': ext({ files: [] }), '.vscodeignore': 'src/**\n' }],
      ['a "files" entry for build output that does not exist yet (main)', { 'package.json': ext({ files: ['dist'] }), 'README.md': 'r' }],
      ['an npm package with "files" and a stray .vscodeignore', { 'package.json': JSON.stringify({ name: 'lib', version: '1.0.0', files: ['dist'] }), '.vscodeignore': 'x\n', 'dist/a.js': 'x' }],
    ];
    for (const [name, tree] of traps) {
      it(name, async () => {
        const { findings } = await runOnTree(tree, { rules: [rule] });
        assert.deepEqual(ofRule(findings).map((f) => f.message), []);
      });
    }
  });
});
