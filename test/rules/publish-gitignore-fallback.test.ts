import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../../server/src/engine/types';
import rule from '../../rules/publish-gitignore-fallback';
import { runOnTree, writeTree, analyzeRoot, applyFixOnDisk, npmPackFiles } from '../helpers/rule-tester';

const ID = 'publish-gitignore-fallback';
const pkg = (extra: object = {}) => JSON.stringify({ name: 'fallback', version: '1.0.0', main: 'index.js', ...extra }, null, 2);
const GIT = { '.git/HEAD': 'ref: refs/heads/main\n', '.git/config': '[core]\n\tbare = false\n' };
const ours = (findings: Finding[]) => findings.filter((x) => x.ruleId === ID);

describe(ID, function () {
  this.timeout(30_000);
  // The developer's own ~/.gitconfig and global excludes must not leak into these tests.
  const saved = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };
  before(() => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-home-'));
    process.env.HOME = home;
    process.env.XDG_CONFIG_HOME = path.join(home, '.config');
  });
  after(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('info on .gitignore line 1 when it alone decides what ships (no git repository: nothing else)', async () => {
    const { findings } = await runOnTree({ 'package.json': pkg(), '.gitignore': 'node_modules\n*.log\n', 'index.js': 'x' }, { rules: [rule] });
    const f = ours(findings);
    assert.equal(f.length, 1);
    assert.equal(f[0].messageId, 'fallback');
    assert.equal(f[0].severity, 'info');
    assert.ok(f[0].file.endsWith('/.gitignore'));
    assert.equal(f[0].start, 0);
    assert.equal(f[0].end, 'node_modules'.length);
  });

  it('.git/info/exclude hides .env-dylan (error) and notes/ (warning) from git; npm ships them; the fix copies the patterns', async () => {
    const tree = { ...GIT, '.git/info/exclude': '# local\n.env-dylan\nnotes/\n', 'package.json': pkg(), '.gitignore': 'node_modules\n', 'index.js': 'x', '.env-dylan': 'T=1', 'notes/todo.md': 'x' };
    const { findings, root } = await runOnTree(tree, { rules: [rule] });
    const f = ours(findings).filter((x) => x.messageId === 'hidden');
    assert.equal(f.length, 2, JSON.stringify(ours(findings).map((x) => x.message)));
    const err = f.find((x) => x.severity === 'error')!;
    assert.match(err.message, /^1 file that git ignores only through \.git\/info\/exclude \(\.git\/info\/exclude: "\.env-dylan"\) will be published: \.env-dylan \(not excluded by \.gitignore\)/);
    assert.ok(err.file.endsWith('/.gitignore'), 'sits on the cause');
    assert.ok(err.related.some((r) => r.file.endsWith('.git/info/exclude') && r.line === 1));
    const warn = f.find((x) => x.severity === 'warning')!;
    assert.match(warn.message, /notes\/todo\.md/);
    assert.ok(npmPackFiles(root).includes('.env-dylan'), 'npm really ships it');
    applyFixOnDisk(err.fix!.edits);
    assert.equal(fs.readFileSync(path.join(root, '.gitignore'), 'utf8'), 'node_modules\n.env-dylan\nnotes/\n');
    assert.deepEqual(npmPackFiles(root), ['index.js', 'package.json']);
    assert.deepEqual(ours((await analyzeRoot(root, { rules: [rule] })).findings).map((x) => x.messageId), ['fallback']);
  });

  it('core.excludesFile from the repository config (the ~/.gitignore_global case of mux-node-sdk#49)', async () => {
    const root = writeTree({ ...GIT, 'package.json': pkg(), 'index.js': 'x', 'debug.log': 'x', 'lib/a.js': 'x' });
    const globalFile = path.join(path.dirname(root), `${path.basename(root)}-global-ignore`);
    fs.writeFileSync(globalFile, '*.log\n');
    fs.writeFileSync(path.join(root, '.git/config'), `[core]\n\tbare = false\n\texcludesFile = "${globalFile}"\n`);
    const f = ours((await analyzeRoot(root, { rules: [rule] })).findings);
    assert.equal(f.length, 1, 'no .gitignore: no fallback info, one hidden finding');
    assert.equal(f[0].severity, 'error');
    assert.match(f[0].message, /core\.excludesFile .*"\*\.log"\) will be published: debug\.log \(no "files" allowlist and no ignore file excludes it\)/);
    assert.ok(f[0].file.endsWith('package.json'));
    applyFixOnDisk(f[0].fix!.edits);
    assert.equal(fs.readFileSync(path.join(root, '.gitignore'), 'utf8'), '*.log\n');
    assert.deepEqual(npmPackFiles(root), ['index.js', 'lib/a.js', 'package.json']);
  });

  it('a parent folder\'s .gitignore hides a file of a nested package; the fix creates the package .gitignore', async () => {
    const tree = { ...GIT, '.gitignore': 'secrets/\n', 'packages/a/package.json': pkg(), 'packages/a/index.js': 'x', 'packages/a/secrets/key.txt': 'x' };
    const { findings, root } = await runOnTree(tree, { rules: [rule] });
    const f = ours(findings);
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'warning');
    assert.match(f[0].message, /a parent folder's \.gitignore \(\.gitignore: "secrets\/"\) will be published: secrets\/key\.txt/);
    const pkgDir = path.join(root, 'packages/a');
    assert.ok(npmPackFiles(pkgDir).includes('secrets/key.txt'));
    applyFixOnDisk(f[0].fix!.edits);
    assert.deepEqual(npmPackFiles(pkgDir), ['index.js', 'package.json']);
  });

  it('traps: own .gitignore negation wins over info/exclude, "files", .npmignore, README, main', async () => {
    const cases: Array<Record<string, string>> = [
      { ...GIT, '.git/info/exclude': '*.log\n', 'package.json': pkg(), '.gitignore': '!keep.log\n', 'index.js': 'x', 'keep.log': 'x' },
      { ...GIT, '.git/info/exclude': '*.log\n', 'package.json': pkg({ files: ['index.js', 'debug.log'] }), 'index.js': 'x', 'debug.log': 'x' },
      { ...GIT, '.git/info/exclude': '*.log\n', 'package.json': pkg(), '.npmignore': 'test/\n', 'index.js': 'x', 'debug.log': 'x' },
      { ...GIT, '.git/info/exclude': 'README.md\nindex.js\n', 'package.json': pkg(), 'index.js': 'x', 'README.md': 'x' },
    ];
    for (const tree of cases) {
      const { findings } = await runOnTree(tree, { rules: [rule] });
      assert.deepEqual(ours(findings).filter((x) => x.messageId === 'hidden').map((x) => x.message), [], JSON.stringify(tree));
    }
  });
});
