import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import rule from '../../rules/publish-npmignore-shadows-gitignore';
import { runOnTree, analyzeRoot, applyFixOnDisk, npmPackFiles } from '../helpers/rule-tester';

const ID = 'publish-npmignore-shadows-gitignore';
const pkg = (extra: object = {}) => JSON.stringify({ name: 'shadowed', version: '1.0.0', main: 'dist/index.js', ...extra }, null, 2);
const MAP = '{"version":3,"sources":[],"mappings":""}';

/** Catalogue §2.1 experiment B: a .npmignore holding only `test/` next to a .gitignore. */
const experimentB = () => ({
  'package.json': pkg(),
  '.gitignore': '.env\n.env.*\n*.map\ncoverage/\n',
  '.npmignore': 'test/\n',
  '.env': 'A=1',
  '.env.production': 'A=2',
  'dist/index.js': 'x',
  'dist/index.js.map': MAP,
  'coverage/lcov.info': 'x',
  'src/index.ts': 'x',
  'test/a.test.js': 'x',
});

describe(ID, function () {
  this.timeout(30_000);
  it('experiment B: error for .env, .env.production and the map, info for the rest, on .npmignore line 1', async () => {
    const { findings, root } = await runOnTree(experimentB(), { rules: [rule] });
    const f = findings.filter((x) => x.ruleId === ID);
    assert.equal(f.length, 2, JSON.stringify(f.map((x) => x.message)));
    const err = f.find((x) => x.severity === 'error')!;
    assert.equal(err.messageId, 'sensitive');
    assert.match(err.message, /^3 sensitive files that \.gitignore excludes will be published: \.env, \.env\.production, dist\/index\.js\.map\./);
    assert.match(err.message, /not excluded by \.npmignore \(it disables \.gitignore in that folder\)/);
    assert.ok(err.file.endsWith('/.npmignore'));
    assert.equal(fs.readFileSync(err.file, 'utf8').slice(err.start, err.end), 'test/');
    assert.deepEqual(err.related.map((r) => path.basename(r.file)).sort(), ['.env', '.env.production', 'index.js.map']);
    const info = f.find((x) => x.severity === 'info')!;
    assert.match(info.message, /^1 file that \.gitignore excludes will be published: coverage\/lcov\.info\./);
    // The prediction agrees with npm: without the .npmignore, npm leaves out exactly these files.
    const shippedBefore = npmPackFiles(root);
    fs.unlinkSync(path.join(root, '.npmignore'));
    const withGitignore = npmPackFiles(root);
    for (const p of ['.env', '.env.production', 'dist/index.js.map', 'coverage/lcov.info']) {
      assert.ok(shippedBefore.includes(p), `${p} ships with the .npmignore`);
      assert.ok(!withGitignore.includes(p), `${p} is excluded by .gitignore alone`);
    }
    for (const p of ['dist/index.js', 'src/index.ts', 'package.json']) assert.ok(withGitignore.includes(p), p);
  });

  it('safe fix appends the .gitignore lines that kept the sensitive files out; npm pack then ships none of them and keeps main', async () => {
    const { findings, root } = await runOnTree(experimentB(), { rules: [rule] });
    const err = findings.find((x) => x.ruleId === ID && x.severity === 'error')!;
    assert.ok(err.fix, 'safe fix offered');
    applyFixOnDisk(err.fix!.edits);
    assert.equal(fs.readFileSync(path.join(root, '.npmignore'), 'utf8'), 'test/\n.env\n.env.*\n*.map\n');
    const packed = npmPackFiles(root);
    for (const p of ['.env', '.env.production', 'dist/index.js.map']) assert.ok(!packed.includes(p), p);
    assert.ok(packed.includes('dist/index.js'));
    const after = (await analyzeRoot(root, { rules: [rule] })).findings.filter((x) => x.ruleId === ID);
    assert.deepEqual(after.map((x) => x.severity), ['info'], 'only the coverage info remains');
  });

  it('falls back to literal paths when the .gitignore line would also drop an entry point (allowlist-style .gitignore)', async () => {
    const tree = { 'package.json': pkg(), '.gitignore': '/*\n!/dist\n!/package.json\n', '.npmignore': 'test/\n', '.env': 'A=1', 'dist/index.js': 'x', 'src/a.js': 'x' };
    const { findings, root } = await runOnTree(tree, { rules: [rule] });
    const err = findings.find((x) => x.ruleId === ID && x.severity === 'error')!;
    assert.match(err.message, /1 sensitive file that \.gitignore excludes will be published: \.env\./);
    applyFixOnDisk(err.fix!.edits);
    assert.equal(fs.readFileSync(path.join(root, '.npmignore'), 'utf8'), 'test/\n/.env\n');
    assert.deepEqual(npmPackFiles(root), ['dist/index.js', 'package.json', 'src/a.js']);
  });

  it('nested .npmignore inside a "files" folder: error on that .npmignore, fix applied there', async () => {
    const tree = {
      'package.json': pkg({ main: 'lib/index.js', files: ['lib'] }),
      'lib/index.js': 'x',
      'lib/.gitignore': '*.log\n',
      'lib/.npmignore': '*.txt\n',
      'lib/debug.log': 'token',
      'lib/notes.txt': 'x',
    };
    const { findings, root } = await runOnTree(tree, { rules: [rule] });
    const f = findings.filter((x) => x.ruleId === ID);
    assert.equal(f.length, 1);
    assert.ok(f[0].file.endsWith('lib/.npmignore'));
    assert.match(f[0].message, /lib\/\.gitignore excludes will be published: lib\/debug\.log/);
    applyFixOnDisk(f[0].fix!.edits);
    assert.deepEqual(npmPackFiles(root), ['lib/index.js', 'package.json']);
  });

  it('traps: git-ignored build output with the entry point, no .gitignore, root ignore files under "files", entry points, negations', async () => {
    const cases: Array<Record<string, string>> = [
      // dist/ is git-ignored build output that must ship; the map in it is sourcemap-in-publish-set's business.
      { 'package.json': pkg(), '.gitignore': 'dist/\nnode_modules\n', '.npmignore': 'test/\n', 'dist/index.js': 'x', 'dist/index.js.map': MAP, 'dist/chunk.js': 'x' },
      // .npmignore alone: nothing is shadowed.
      { 'package.json': pkg(), '.npmignore': 'test/\n', 'dist/index.js': 'x', '.env': 'A=1' },
      // With "files", npm reads neither root ignore file.
      { 'package.json': pkg({ files: ['dist', '.env'] }), '.gitignore': '.env\n', '.npmignore': 'x\n', 'dist/index.js': 'x', '.env': 'A=1' },
      // .gitignore re-includes what it excludes; entry points listed in .gitignore still ship.
      { 'package.json': pkg({ bin: { s: 'cli.js' } }), '.gitignore': '*.log\n!keep.log\ncli.js\n', '.npmignore': 'test/\n', 'keep.log': 'x', 'cli.js': 'x', 'dist/index.js': 'x' },
    ];
    for (const tree of cases) {
      const { findings } = await runOnTree(tree, { rules: [rule] });
      assert.deepEqual(findings.filter((x) => x.ruleId === ID).map((x) => x.message), [], JSON.stringify(Object.keys(tree)));
    }
  });

  it('does not run on VS Code extensions, and "off" turns it off', async () => {
    const ext = { 'package.json': pkg({ engines: { vscode: '^1.90.0' } }), '.gitignore': '.env\n', '.npmignore': 'x\n', '.vscodeignore': 'src/**\n', '.env': 'A=1', 'dist/index.js': 'x' };
    assert.equal((await runOnTree(ext, { rules: [rule] })).findings.filter((x) => x.ruleId === ID).length, 0);
    const off = await runOnTree(experimentB(), { rules: [rule], config: { rules: { [ID]: 'off' } } });
    assert.equal(off.findings.filter((x) => x.ruleId === ID).length, 0);
  });
});
