/**
 * #16: which packer publishes a unit, the bounded upward search for its workspace root, and the
 * reasons (and explanations) the pnpm and yarn packers give. The file lists themselves are checked
 * against the real tools in publish-parity.test.ts; this file checks the words around them.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiskFileSystem } from '../../server/src/engine/safe/fs';
import { discoverUnits, type PackagingUnit } from '../../server/src/engine/workspace';
import { computePublishSet, explainPath } from '../../server/src/engine/publish/index';
import { describeExplanation } from '../../server/src/engine/publish/describe';
import { writeTree } from '../helpers/rule-tester';

const disk = new DiskFileSystem();
const j = (o: object) => JSON.stringify(o);

async function unitAt(scan: string, root: string, opts: Parameters<typeof discoverUnits>[2] = {}): Promise<PackagingUnit> {
  const { units } = await discoverUnits(disk, scan, opts);
  const u = units.find((x) => x.root === root);
  assert.ok(u, `no unit at ${root}: ${units.map((x) => x.root).join(', ')}`);
  return u;
}

describe('packer of each unit (#16)', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ['no marker: npm', {}, 'npm'],
    ['pnpm-workspace.yaml at the root', { 'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n' }, 'pnpm'],
    ['pnpm-lock.yaml at the root', { 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }, 'pnpm'],
    ['.yarnrc.yml at the root', { '.yarnrc.yml': 'nodeLinker: node-modules\n' }, 'yarn'],
    ['a berry yarn.lock', { 'yarn.lock': '__metadata:\n  version: 8\n' }, 'yarn'],
    ['a yarn 1 yarn.lock packs like npm', { 'yarn.lock': '# yarn lockfile v1\n' }, 'npm'],
    ['packageManager pnpm@9 wins over a yarn.lock', { 'yarn.lock': '__metadata:\n', '.pm': 'pnpm@9.15.0' }, 'pnpm'],
    ['packageManager yarn@1 is npm', { '.pm': 'yarn@1.22.22' }, 'npm'],
    ['packageManager yarn@4', { '.pm': 'yarn@4.5.0' }, 'yarn'],
  ];
  for (const [name, markers, tool] of cases) {
    it(name, async () => {
      const { '.pm': pm, ...files } = markers;
      const dir = writeTree({
        'package.json': j({ name: 'root', private: true, workspaces: ['packages/*'], ...(pm ? { packageManager: pm } : {}) }),
        'packages/p/package.json': j({ name: 'p', version: '1.0.0' }),
        ...files,
      });
      assert.equal((await unitAt(dir, `${dir}/packages/p`)).tool, tool);
      assert.equal((await unitAt(`${dir}/packages/p`, `${dir}/packages/p`)).tool, tool, 'the same from the package folder');
    });
  }

  it('extensions are packed by vsce; --tool overrides the detection for npm units only', async () => {
    const dir = writeTree({
      'package.json': j({ name: 'root', private: true, workspaces: ['packages/*'] }),
      'pnpm-lock.yaml': '',
      'packages/ext/package.json': j({ name: 'ext', version: '1.0.0', engines: { vscode: '^1.90.0' } }),
      'packages/p/package.json': j({ name: 'p', version: '1.0.0' }),
    });
    assert.equal((await unitAt(dir, `${dir}/packages/ext`)).tool, 'vsce');
    assert.equal((await unitAt(dir, `${dir}/packages/p`)).tool, 'pnpm');
    assert.equal((await unitAt(dir, `${dir}/packages/p`, { tool: 'yarn' })).tool, 'yarn');
    assert.equal((await unitAt(dir, `${dir}/packages/ext`, { tool: 'npm' })).tool, 'npm');
  });
});

describe('workspace root found upward, bounded (#16)', () => {
  it('finds npm and pnpm roots above the scanned folder; only package.json workspaces make an npm root', async () => {
    const npm = writeTree({ 'package.json': j({ private: true, workspaces: ['packages/*'] }), 'packages/p/package.json': j({ name: 'p', version: '1.0.0' }) });
    const u = await unitAt(`${npm}/packages/p`, `${npm}/packages/p`);
    assert.equal(u.workspaceRoot, npm);
    assert.equal(u.npmWorkspaceRoot, npm);
    const pnpm = writeTree({ 'package.json': j({ private: true }), 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n', 'packages/p/package.json': j({ name: 'p', version: '1.0.0' }) });
    const v = await unitAt(`${pnpm}/packages/p`, `${pnpm}/packages/p`);
    assert.equal(v.workspaceRoot, pnpm);
    assert.equal(v.npmWorkspaceRoot, undefined, 'npm does not read pnpm-workspace.yaml');
  });

  it('a package the globs do not name stays alone; the search stops at a .git folder and at the first workspace root', async () => {
    const dir = writeTree({
      'package.json': j({ private: true, workspaces: ['repo/packages/*'] }),
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/packages/p/package.json': j({ name: 'p', version: '1.0.0' }),
      'other/package.json': j({ private: true, workspaces: ['libs/*'] }),
      'other/tools/x/package.json': j({ name: 'x', version: '1.0.0' }),
    });
    assert.equal((await unitAt(`${dir}/repo/packages/p`, `${dir}/repo/packages/p`)).workspaceRoot, undefined, 'the root above .git is not read');
    assert.equal((await unitAt(`${dir}/other/tools/x`, `${dir}/other/tools/x`)).workspaceRoot, undefined, 'not one of libs/*');
  });

  it('never reads a package.json that is a symbolic link above the folder', async () => {
    const outside = writeTree({ 'package.json': j({ private: true, workspaces: ['packages/*'] }) });
    const dir = writeTree({ 'packages/p/package.json': j({ name: 'p', version: '1.0.0' }) });
    fs.symlinkSync(path.join(outside, 'package.json'), path.join(dir, 'package.json'));
    assert.equal((await unitAt(`${dir}/packages/p`, `${dir}/packages/p`)).workspaceRoot, undefined);
  });
});

describe('yarn pack: reasons and explanations (#16)', () => {
  let dir: string;
  let unit: PackagingUnit;
  before(async () => {
    dir = writeTree({
      'package.json': j({ private: true, workspaces: ['packages/*'] }),
      '.yarnrc.yml': 'enableTelemetry: false\n',
      '.gitignore': '*.tmp\n',
      'packages/y/package.json': j({ name: 'y', version: '1.0.0', bin: { y: 'bin/y.js' }, files: ['dist', '!dist/*.map', 'lib'] }),
      'packages/y/CHANGELOG.md': '# c\n',
      'packages/y/bin/y.js': '1\n',
      'packages/y/dist/a.js': '1\n',
      'packages/y/dist/a.js.map': '{}',
      'packages/y/src/a.ts': 'export {};\n',
      'packages/z/package.json': j({ name: 'z', version: '1.0.0' }),
      'packages/z/.npmignore': 'secret.txt\n',
      'packages/z/secret.txt': 's\n',
      'packages/z/index.js': '1\n',
      'packages/y/lib/.gitignore': '*.tmp\n!keep.tmp\n',
      'packages/y/lib/a.tmp': 't\n',
      'packages/y/lib/keep.tmp': 'k\n',
      'packages/y/lib/a.js': '1\n',
    });
    unit = await unitAt(dir, `${dir}/packages/y`);
    assert.equal(unit.tool, 'yarn');
  });

  it('says why each file ships', async () => {
    const set = await computePublishSet(disk, unit);
    assert.equal(set.tool, 'yarn');
    const why = Object.fromEntries(set.files.map((f) => [f.path, f.reason]));
    assert.deepEqual(Object.keys(why).sort(), ['CHANGELOG.md', 'bin/y.js', 'dist/a.js', 'lib/a.js', 'lib/keep.tmp', 'package.json']);
    assert.deepEqual(why['CHANGELOG.md'], { kind: 'always', what: 'changelog' });
    assert.deepEqual(why['bin/y.js'], { kind: 'always', what: 'bin' });
    assert.deepEqual(why['dist/a.js'], { kind: 'files-entry', entry: 'dist', index: 0 });
    assert.deepEqual(why['lib/keep.tmp'], { kind: 'negation', ignoreFile: `${dir}/packages/y/lib/.gitignore`, line: 2, pattern: '!keep.tmp' });
    assert.deepEqual(why['lib/a.js'], { kind: 'files-entry', entry: 'lib', index: 2 });
  });

  it('without "files": not excluded by the package\'s .npmignore (the root .gitignore is never read)', async () => {
    const z = await unitAt(`${dir}/packages/z`, `${dir}/packages/z`);
    const set = await computePublishSet(disk, z);
    assert.deepEqual(set.files.map((f) => f.path), ['index.js', 'package.json']);
    assert.deepEqual(set.byPath.get('index.js')!.reason, { kind: 'not-ignored', via: 'npmignore', ignoreFile: `${dir}/packages/z/.npmignore` });
    assert.deepEqual((await explainPath(disk, z, 'secret.txt')).exclusion, { kind: 'ignore-file', via: 'npmignore', ignoreFile: `${dir}/packages/z/.npmignore`, line: 1, pattern: 'secret.txt' });
  });

  it('says why a file does not ship, naming yarn', async () => {
    const ex = async (p: string) => explainPath(disk, unit, p);
    assert.deepEqual((await ex('dist/a.js.map')).exclusion, { kind: 'files-negation', entry: '!dist/*.map', index: 1 });
    assert.deepEqual((await ex('src/a.ts')).exclusion, { kind: 'not-in-files', folder: 'src' });
    assert.deepEqual((await ex('lib/a.tmp')).exclusion, { kind: 'ignore-file', via: 'gitignore', ignoreFile: `${dir}/packages/y/lib/.gitignore`, line: 1, pattern: '*.tmp' });
    assert.deepEqual((await ex('lib/.gitignore')).exclusion, { kind: 'strict', pattern: '.gitignore' });
    const text = describeExplanation(await ex('src/a.ts'), unit.root);
    assert.match(text, /^yarn pack: package.json has "files" and no entry matches it \(via its folder src\)$/);
  });
});

describe('pnpm pack: reasons and explanations (#16)', () => {
  it('the root LICENSE is copied in when the package has none; reasons come from npm-packlist; explain names pnpm', async () => {
    const dir = writeTree({
      'package.json': j({ private: true }),
      'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
      'LICENSE': 'MIT\n',
      '.gitignore': '*.log\n',
      'packages/p/package.json': j({ name: 'p', version: '1.0.0', main: 'src/index.js', publishConfig: { main: 'dist/index.js' }, files: ['lib'] }),
      'packages/p/dist/index.js': '1\n',
      'packages/p/src/index.js': '1\n',
      'packages/p/lib/a.js': '1\n',
      'packages/p/lib/debug.log': 'l\n',
    });
    const unit = await unitAt(`${dir}/packages/p`, `${dir}/packages/p`);
    const set = await computePublishSet(disk, unit);
    assert.equal(set.tool, 'pnpm');
    const why = Object.fromEntries(set.files.map((f) => [f.path, f.reason]));
    assert.deepEqual(Object.keys(why).sort(), ['LICENSE', 'dist/index.js', 'lib/a.js', 'lib/debug.log', 'package.json']);
    assert.deepEqual(why.LICENSE, { kind: 'copied', from: `${dir}/LICENSE` });
    assert.equal(set.byPath.get('LICENSE')!.abs, `${dir}/LICENSE`);
    assert.deepEqual(why['dist/index.js'], { kind: 'always', what: 'main' }, 'publishConfig.main is the published main');
    assert.deepEqual(why['lib/a.js'], { kind: 'files-entry', entry: 'lib', index: 0 });
    const src = await explainPath(disk, unit, 'src/index.js');
    assert.equal(src.included, false);
    assert.equal(src.tool, 'pnpm');
    assert.match(describeExplanation(src, unit.root), /^pnpm pack: package.json has "files" and no entry matches it/);
    assert.match(describeExplanation(await explainPath(disk, unit, 'lib/debug.log'), unit.root), /^pnpm pack: matched by "files" entry #1 "lib"/);
  });
});
