/**
 * Parity of the VS Code extension publish set with @vscode/vsce's own
 * `listFiles({ cwd, packageManager: PackageManager.None })`, plus reasons and explanations.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiskFileSystem, OverlayFileSystem } from '../../server/src/engine/safe/fs';
import { makeUnit, type PackagingUnit } from '../../server/src/engine/workspace';
import { computeVsceFileSet, explainVscePath } from '../../server/src/engine/publish/vsce';
import { computePublishSet, explainPath } from '../../server/src/engine/publish/index';
import type { PublishSet } from '../../server/src/engine/publish/types';
import { toPosix } from '../../server/src/engine/paths';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const vsce = require('@vscode/vsce') as {
  listFiles(o: { cwd: string; packageManager: number }): Promise<string[]>;
  PackageManager: { None: number };
};

type Tree = Record<string, string>;
const disk = new DiskFileSystem();

function ext(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ name: 'fixture-ext', publisher: 'me', version: '1.0.0', engines: { vscode: '^1.90.0' }, main: './dist/extension.js', activationEvents: ['onStartupFinished'], ...extra });
}

/** A typical unbundled-but-built extension tree. */
const base: Tree = {
  'package.json': ext(),
  'README.md': '# r',
  'CHANGELOG.md': 'c',
  'LICENSE': 'MIT',
  'dist/extension.js': 'x',
  'dist/extension.js.map': '{}',
  'dist/sub/worker.js': 'x',
  'dist/sub/worker.js.map': '{}',
  'src/extension.ts': 'x',
  'src/test/a.test.ts': 'x',
  'tsconfig.json': '{}',
  '.env': ['API', 'KEY'].join('_') + '=placeholder',
  '.env.production': 'X=1',
  '.vscode/launch.json': '{}',
  '.github/workflows/ci.yml': 'x',
  'package-lock.json': '{}',
  'webpack.config.js': 'x',
  '.eslintrc.json': '{}',
  'node_modules/dep/index.js': 'x',
  'lib/node_modules/nested/index.js': 'x',
  'old.vsix': 'x',
};

describe('vsce publish set vs @vscode/vsce listFiles (PackageManager.None)', function () {
  this.timeout(30_000);
  let tmp: string;
  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lg-publish-vsce-')));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function unit(): PackagingUnit {
    const manifestPath = toPosix(path.join(tmp, 'package.json'));
    return makeUnit(manifestPath, fs.readFileSync(manifestPath, 'utf8'));
  }

  async function parity(tree: Tree): Promise<PublishSet> {
    for (const [rel, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
      fs.writeFileSync(path.join(tmp, rel), text);
    }
    const expected = (await vsce.listFiles({ cwd: tmp, packageManager: vsce.PackageManager.None })).sort();
    const u = unit();
    assert.equal(u.kind, 'vscode-extension');
    const set = await computePublishSet(disk, u);
    assert.equal(set.tool, 'vsce');
    assert.deepEqual(set.files.map((f) => f.path), expected);
    return set;
  }

  it('no .vscodeignore and no files: everything but the defaults and node_modules ships', async () => {
    const set = await parity(base);
    for (const p of ['dist/extension.js.map', 'src/extension.ts', '.env', '.env.production', 'lib/node_modules/nested/index.js']) assert.ok(set.byPath.has(p), p);
    assert.deepEqual(set.byPath.get('src/extension.ts')?.reason, { kind: 'not-ignored', via: 'none' });
    assert.deepEqual(set.byPath.get('package.json')?.reason, { kind: 'always', what: 'package.json' });
    assert.deepEqual(set.byPath.get('README.md')?.reason, { kind: 'always', what: 'readme' });
    const u = set.unit;
    assert.deepEqual((await explainVscePath(disk, u, 'webpack.config.js')).exclusion, { kind: 'default', pattern: 'webpack.config.js' });
    // vsce's default '.github' gets no '/**': the folder's contents still ship.
    assert.equal((await explainVscePath(disk, u, '.github/workflows/ci.yml')).included, true);
    assert.deepEqual((await explainVscePath(disk, u, 'node_modules/dep/index.js')).exclusion, { kind: 'strict', pattern: 'node_modules/**', folder: 'node_modules' });
  });

  it('"**", "!dist/**", "**/*.map": the negation wins, maps still ship', async () => {
    const set = await parity({ ...base, '.vscodeignore': '**\n!dist/**\n**/*.map\n' });
    const root = set.unit.root;
    assert.deepEqual(set.byPath.get('dist/extension.js.map')?.reason, { kind: 'negation', ignoreFile: `${root}/.vscodeignore`, line: 2, pattern: '!dist/**' });
  });

  it('"*.map" only matches at the root; .env ships', async () => {
    const set = await parity({ ...base, 'root.map': '{}', '.vscodeignore': '*.map\nsrc/**\n' });
    assert.ok(set.byPath.has('dist/extension.js.map') && set.byPath.has('.env') && !set.byPath.has('root.map'));
    assert.deepEqual(set.byPath.get('.env')?.reason, { kind: 'not-ignored', via: 'vscodeignore', ignoreFile: `${set.unit.root}/.vscodeignore` });
    assert.deepEqual((await explainVscePath(disk, set.unit, 'root.map')).exclusion, {
      kind: 'ignore-file',
      via: 'vscodeignore',
      ignoreFile: `${set.unit.root}/.vscodeignore`,
      line: 1,
      pattern: '*.map',
    });
  });

  it('"**", "!dist/**/*.js": only the JS plus package.json and README', async () => {
    const set = await parity({ ...base, '.vscodeignore': '# allowlist\r\n**\r\n\r\n!dist/**/*.js\r\n' });
    assert.deepEqual(set.files.map((f) => f.path), ['README.md', 'dist/extension.js', 'dist/sub/worker.js', 'package.json']);
    assert.deepEqual(set.byPath.get('dist/sub/worker.js')?.reason, { kind: 'negation', ignoreFile: `${set.unit.root}/.vscodeignore`, line: 4, pattern: '!dist/**/*.js' });
  });

  it('folder names without a glob get /** appended (src, .vscode/, !docs)', async () => {
    await parity({ ...base, 'docs/a.md': 'x', 'docs/b/c.md': 'x', '.vscodeignore': 'src\n.vscode/\n**/*.md\n!docs\ntsconfig.json\n' });
  });

  it('the files fallback (no .vscodeignore) is an allowlist', async () => {
    const set = await parity({ ...base, 'package.json': ext({ files: ['dist/**/*.js', 'LICENSE', 'images'] }), 'images/icon.png': 'x', 'images/x/y.png': 'x' });
    assert.deepEqual(set.byPath.get('dist/sub/worker.js')?.reason, { kind: 'files-entry', entry: 'dist/**/*.js', index: 0 });
    assert.deepEqual(set.byPath.get('images/x/y.png')?.reason, { kind: 'files-entry', entry: 'images', index: 2 });
    assert.deepEqual((await explainVscePath(disk, set.unit, 'src/extension.ts')).exclusion, { kind: 'not-in-files' });
  });

  it('both .vscodeignore and files: .vscodeignore wins and the conflict is a problem', async () => {
    const set = await parity({ ...base, 'package.json': ext({ files: ['dist'] }), '.vscodeignore': 'src/**\n' });
    assert.ok(set.problems.some((p) => p.includes('Both a .vscodeignore')));
  });

  it('dotfiles, deep .git folders and symlinks', async () => {
    const tree = { ...base, 'sub/.git/HEAD': 'x', 'sub/.gitignore': 'x', '.vscodeignore': '.env\n' };
    for (const [rel, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
      fs.writeFileSync(path.join(tmp, rel), text);
    }
    fs.symlinkSync(path.join(tmp, 'dist/extension.js'), path.join(tmp, 'link.js'));
    fs.symlinkSync(path.join(tmp, 'dist'), path.join(tmp, 'linkdir'));
    await parity({});
  });
});

describe('vsce publish set: overlay and bad input', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lg-publish-vsce-')));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reads an unsaved .vscodeignore from the overlay', async () => {
    fs.writeFileSync(path.join(tmp, 'package.json'), ext());
    fs.mkdirSync(path.join(tmp, 'dist'));
    fs.writeFileSync(path.join(tmp, 'dist/extension.js.map'), '{}');
    const overlay = new OverlayFileSystem(disk);
    overlay.set(path.join(tmp, '.vscodeignore'), '**/*.map\n');
    const u = makeUnit(toPosix(path.join(tmp, 'package.json')), ext());
    assert.ok((await computeVsceFileSet(disk, u)).byPath.has('dist/extension.js.map'));
    assert.ok(!(await computeVsceFileSet(overlay, u)).byPath.has('dist/extension.js.map'));
  });

  it('never throws on an unreadable root, odd files or broken patterns', async () => {
    const u = makeUnit(toPosix(path.join(tmp, 'gone', 'package.json')), ext({ files: 'dist' }));
    const set = await computeVsceFileSet(disk, u);
    assert.deepEqual(set.files, []);
    assert.ok(set.problems.length >= 2);
    const explained = await explainPath(disk, u, 'x.js');
    assert.deepEqual(explained.exclusion, { kind: 'not-found' });
    fs.writeFileSync(path.join(tmp, 'package.json'), ext());
    fs.writeFileSync(path.join(tmp, '.vscodeignore'), '[\n!{\n' + 'a'.repeat(100_000) + '\n');
    const odd = await computeVsceFileSet(disk, makeUnit(toPosix(path.join(tmp, 'package.json')), ext()));
    assert.ok(odd.byPath.has('package.json'));
  });
});
