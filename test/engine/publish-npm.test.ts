/**
 * Parity of the npm publish set with the real `npm pack --dry-run --json --ignore-scripts`
 * (npm 11 on this machine), plus the reasons each file ships or not.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfinedFileSystem, DiskFileSystem } from '../../server/src/engine/safe/fs';
import { discoverUnits, makeUnit, type PackagingUnit } from '../../server/src/engine/workspace';
import { computeNpmPublishSet, explainNpmPath } from '../../server/src/engine/publish/npm';
import { computePublishSet, explainPath } from '../../server/src/engine/publish/index';
import type { PublishSet } from '../../server/src/engine/publish/types';
import { toPosix } from '../../server/src/engine/paths';

type Tree = Record<string, string>;

const disk = new DiskFileSystem();

function writeTree(root: string, tree: Tree): void {
  for (const [rel, text] of Object.entries(tree)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  }
}

function pkg(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ name: 'fixture-pkg', version: '1.0.0', ...extra }, null, 2);
}

/** The real thing: paths npm 11 would pack, sorted. */
function npmPack(cwd: string): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=silent'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
  });
  const parsed = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
  return parsed.flatMap((p) => p.files.map((f) => f.path)).sort();
}

function unitAt(dir: string): PackagingUnit {
  const manifestPath = toPosix(path.join(dir, 'package.json'));
  return makeUnit(manifestPath, fs.readFileSync(manifestPath, 'utf8'));
}

function paths(set: PublishSet): string[] {
  return set.files.map((f) => f.path).sort();
}

describe('npm publish set (npm-packlist 10) vs npm pack --dry-run', function () {
  // Each case spawns npm once (about half a second).
  this.timeout(60_000);
  let tmp: string;
  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lg-publish-npm-')));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function parity(tree: Tree, sub = ''): Promise<PublishSet> {
    writeTree(tmp, tree);
    const dir = path.join(tmp, sub);
    const expected = npmPack(dir);
    const units = await discoverUnits(disk, tmp);
    const unit = units.units.find((u) => u.root === toPosix(dir));
    assert.ok(unit, `unit at ${dir}`);
    const set = await computeNpmPublishSet(disk, unit);
    assert.deepEqual(set.problems, []);
    assert.deepEqual(paths(set), expected);
    assert.equal(set.tool, 'npm-packlist');
    for (const f of set.files) assert.equal(set.byPath.get(f.path), f);
    // As a check runs it: the walk takes the folder listings unit discovery made (issue #20).
    const confined = new ConfinedFileSystem(disk, [tmp]);
    const again = (await discoverUnits(confined, tmp)).units.find((u) => u.root === toPosix(dir))!;
    assert.ok(confined.listed(toPosix(dir)), 'discovery listed the package folder');
    const viaListings = await computeNpmPublishSet(confined, again);
    assert.deepEqual(paths(viaListings), expected, 'with the listings of unit discovery');
    assert.deepEqual(viaListings.files.map((f) => [f.path, f.reason]), set.files.map((f) => [f.path, f.reason]));
    return set;
  }

  // Token-like text assembled at run time so no scanner flags this repository.
  const fakeToken = ['API', 'TOKEN'].join('_') + '=' + ['not', 'a', 'real', 'value'].join('-');

  it('files with negations, a nested .npmignore and main outside files (catalogue case C)', async () => {
    const set = await parity({
      'package.json': pkg({ files: ['dist', '!dist/**/*.map', '.npmrc', '.env'], main: 'lib/main.js' }),
      '.npmignore': 'dist\n',
      'dist/index.js': 'x',
      'dist/index.js.map': '{}',
      'dist/sub/.npmignore': '# comment\n\nsecret.txt\n',
      'dist/sub/x.js': 'x',
      'dist/sub/secret.txt': 's',
      'lib/main.js': 'x',
      'lib/other.js': 'x',
      '.env': fakeToken,
      '.npmrc': 'x',
      'README.md': '# r',
    });
    assert.deepEqual(set.byPath.get('dist/index.js')?.reason, { kind: 'files-entry', entry: 'dist', index: 0 });
    assert.deepEqual(set.byPath.get('.env')?.reason, { kind: 'files-entry', entry: '.env', index: 3 });
    assert.deepEqual(set.byPath.get('lib/main.js')?.reason, { kind: 'always', what: 'main' });
    assert.deepEqual(set.byPath.get('README.md')?.reason, { kind: 'always', what: 'readme' });
    assert.deepEqual(set.byPath.get('package.json')?.reason, { kind: 'always', what: 'package.json' });
    const unit = set.unit;
    const map = await explainNpmPath(disk, unit, 'dist/index.js.map');
    assert.deepEqual(map.exclusion, { kind: 'files-negation', entry: '!dist/**/*.map', index: 1 });
    const secret = await explainNpmPath(disk, unit, 'dist/sub/secret.txt');
    assert.deepEqual(secret.exclusion, { kind: 'ignore-file', via: 'npmignore', ignoreFile: `${unit.root}/dist/sub/.npmignore`, line: 3, pattern: 'secret.txt' });
    assert.deepEqual((await explainNpmPath(disk, unit, '.npmrc')).exclusion, { kind: 'strict', pattern: '.npmrc' });
    assert.deepEqual((await explainNpmPath(disk, unit, 'lib/other.js')).exclusion, { kind: 'not-in-files' });
    // A path that does not exist is answered as "would it ship if built" (issue #23): not in "files".
    const nope = await explainNpmPath(disk, unit, 'nope.js');
    assert.deepEqual([nope.hypothetical, nope.included, nope.exclusion], [true, false, { kind: 'not-in-files' }]);
    const shipped = await explainNpmPath(disk, unit, `${unit.root}/dist/sub/x.js`);
    assert.equal(shipped.included, true);
    assert.deepEqual(shipped.reason, { kind: 'files-entry', entry: 'dist', index: 0 });
  });

  it('.gitignore alone vs a .npmignore that shadows it (catalogue cases A and B)', async () => {
    const tree: Tree = {
      'package.json': pkg(),
      '.gitignore': '.env\n.env.*\n*.map\n',
      '.env': fakeToken,
      '.env.production': fakeToken,
      'dist/index.js': 'x',
      'dist/index.js.map': '{}',
      'src/index.ts': 'x',
      'test/a.test.js': 'x',
      '.npmrc': 'x',
      'yarn.lock': '',
      'bun.lock': '',
      LICENSE: 'MIT',
    };
    const a = await parity(tree);
    assert.ok(!a.byPath.has('.env'));
    assert.deepEqual(a.byPath.get('src/index.ts')?.reason, { kind: 'not-ignored', via: 'gitignore', ignoreFile: `${a.unit.root}/.gitignore` });
    assert.deepEqual(a.byPath.get('LICENSE')?.reason, { kind: 'always', what: 'license' });
    const why = await explainNpmPath(disk, a.unit, 'dist/index.js.map');
    assert.deepEqual(why.exclusion, { kind: 'ignore-file', via: 'gitignore', ignoreFile: `${a.unit.root}/.gitignore`, line: 3, pattern: '*.map' });

    fs.writeFileSync(path.join(tmp, '.npmignore'), 'test/\n');
    const b = await parity({});
    assert.ok(b.byPath.has('.env') && b.byPath.has('.env.production') && b.byPath.has('dist/index.js.map'));
    assert.deepEqual(b.byPath.get('.env')?.reason, {
      kind: 'not-ignored',
      via: 'npmignore',
      ignoreFile: `${b.unit.root}/.npmignore`,
      shadowedGitignore: `${b.unit.root}/.gitignore`,
    });
    // The nearest folder without its own ignore file is governed by the root's.
    assert.deepEqual(b.byPath.get('dist/index.js')?.reason, b.byPath.get('.env')?.reason);
    assert.deepEqual((await explainNpmPath(disk, b.unit, 'test/a.test.js')).exclusion, {
      kind: 'ignore-file',
      via: 'npmignore',
      ignoreFile: `${b.unit.root}/.npmignore`,
      line: 1,
      pattern: 'test/',
      folder: 'test',
    });
  });

  it('nested .npmignore and .gitignore, with a negation line', async () => {
    const set = await parity({
      'package.json': pkg(),
      '.npmignore': '*.log\n!keep.log\n',
      'a.log': 'x',
      'keep.log': 'x',
      'lib/index.js': 'x',
      'lib/.gitignore': '*.tmp\n',
      'lib/x.tmp': 'x',
      'lib/deep/y.tmp': 'x',
      'lib/deep/y.js': 'x',
      'other/.npmignore': 'secret.json\n',
      'other/.gitignore': '*.js\n',
      'other/secret.json': '{}',
      'other/code.js': 'x',
    });
    const root = set.unit.root;
    assert.deepEqual(set.byPath.get('keep.log')?.reason, { kind: 'negation', ignoreFile: `${root}/.npmignore`, line: 2, pattern: '!keep.log' });
    assert.deepEqual(set.byPath.get('lib/deep/y.js')?.reason, { kind: 'not-ignored', via: 'gitignore', ignoreFile: `${root}/lib/.gitignore` });
    assert.deepEqual(set.byPath.get('other/code.js')?.reason, {
      kind: 'not-ignored',
      via: 'npmignore',
      ignoreFile: `${root}/other/.npmignore`,
      shadowedGitignore: `${root}/other/.gitignore`,
    });
    assert.deepEqual((await explainNpmPath(disk, set.unit, 'lib/deep/y.tmp')).exclusion, {
      kind: 'ignore-file',
      via: 'gitignore',
      ignoreFile: `${root}/lib/.gitignore`,
      line: 1,
      pattern: '*.tmp',
    });
  });

  it('bin (string and object) and browser are always included; types are not', async () => {
    const set = await parity({
      'package.json': pkg({ files: ['lib/'], bin: './cli/run.js', browser: 'web/browser.js', types: 'types/index.d.ts' }),
      'lib/a.js': 'x',
      'cli/run.js': 'x',
      'cli/helper.js': 'x',
      'web/browser.js': 'x',
      'types/index.d.ts': 'x',
    });
    assert.deepEqual(set.byPath.get('cli/run.js')?.reason, { kind: 'always', what: 'bin' });
    assert.deepEqual(set.byPath.get('web/browser.js')?.reason, { kind: 'always', what: 'browser' });
    assert.deepEqual(set.byPath.get('lib/a.js')?.reason, { kind: 'files-entry', entry: 'lib/', index: 0 });
    assert.ok(!set.byPath.has('types/index.d.ts'));
  });

  it('a workspace package applies the ignore files between the monorepo root and itself', async () => {
    const set = await parity(
      {
        'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'] }),
        '.gitignore': 'node_modules\n*.log\n',
        'packages/.npmignore': '*.secret\n!keep.secret\n',
        'packages/a/package.json': pkg({ name: 'a' }),
        'packages/a/index.js': 'x',
        'packages/a/debug.log': 'x',
        'packages/a/key.secret': 'x',
        'packages/a/keep.secret': 'x',
        'packages/a/src/x.js': 'x',
      },
      'packages/a',
    );
    const wsRoot = toPosix(tmp);
    assert.equal(set.unit.workspaceRoot, wsRoot);
    // Each folder contributes its own file: .npmignore only shadows a .gitignore in the same folder.
    assert.ok(!set.byPath.has('debug.log'));
    assert.deepEqual((await explainNpmPath(disk, set.unit, 'debug.log')).exclusion, {
      kind: 'ignore-file',
      via: 'gitignore',
      ignoreFile: `${wsRoot}/.gitignore`,
      line: 2,
      pattern: '*.log',
    });
    assert.ok(!set.byPath.has('key.secret'));
    assert.deepEqual(set.byPath.get('keep.secret')?.reason, { kind: 'negation', ignoreFile: `${wsRoot}/packages/.npmignore`, line: 2, pattern: '!keep.secret' });
    assert.deepEqual(set.byPath.get('src/x.js')?.reason, { kind: 'not-ignored', via: 'npmignore', ignoreFile: `${wsRoot}/packages/.npmignore` });
    assert.deepEqual((await explainNpmPath(disk, set.unit, 'key.secret')).exclusion, {
      kind: 'ignore-file',
      via: 'npmignore',
      ignoreFile: `${wsRoot}/packages/.npmignore`,
      line: 1,
      pattern: '*.secret',
    });
    // Without the workspace root, the out-of-tree rules vanish: proof that the option matters.
    const alone = await computeNpmPublishSet(disk, { ...set.unit, workspaceRoot: undefined, npmWorkspaceRoot: undefined });
    assert.ok(alone.byPath.has('key.secret'));
  });

  it('.env variants without files or ignore files all ship', async () => {
    const set = await parity({
      'package.json': pkg(),
      '.env': fakeToken,
      '.env.local': fakeToken,
      '.env.production.local': fakeToken,
      'config/.env.test': fakeToken,
      '.envrc': fakeToken,
      'env.example': 'x',
      'index.js': 'x',
    });
    for (const p of ['.env', '.env.local', '.env.production.local', 'config/.env.test', '.envrc']) {
      assert.deepEqual(set.byPath.get(p)?.reason, { kind: 'not-ignored', via: 'none' }, p);
    }
    assert.ok(set.files.every((f) => f.size > 0 && f.abs === `${set.unit.root}/${f.path}`));
  });

  it('directory entries, globs and ./ prefixes in files', async () => {
    const set = await parity({
      'package.json': pkg({ files: ['./dist', 'schemas/*', 'docs/**/*.md', 'missing-dir', 'bin/cli.js'] }),
      'dist/a.js': 'x',
      'dist/nested/b.js': 'x',
      'dist/.hidden': 'x',
      'schemas/s.json': '{}',
      'schemas/deep/t.json': '{}',
      'docs/a.md': 'x',
      'docs/x/b.md': 'x',
      'docs/x/c.txt': 'x',
      'bin/cli.js': 'x',
      'bin/other.js': 'x',
      'bin/.npmignore': 'cli.js\n',
    });
    assert.deepEqual(set.byPath.get('dist/nested/b.js')?.reason, { kind: 'files-entry', entry: './dist', index: 0 });
    assert.deepEqual(set.byPath.get('docs/x/b.md')?.reason, { kind: 'files-entry', entry: 'docs/**/*.md', index: 2 });
    // A literal file entry is a strict include in npm 10: a nested .npmignore cannot drop it.
    assert.deepEqual(set.byPath.get('bin/cli.js')?.reason, { kind: 'files-entry', entry: 'bin/cli.js', index: 4 });
  });

  it('README / LICENSE / LICENCE / COPYING case variants and default excludes', async () => {
    const set = await parity({
      'package.json': pkg({ files: ['index.js'] }),
      'index.js': 'x',
      'readme.markdown': 'x',
      'License.txt': 'x',
      'LICENCE-MIT': 'x',
      'COPYING': 'x',
      'docs/README.md': 'x',
      'readme.md~': 'x',
      'CHANGELOG.md': 'x',
    });
    assert.deepEqual(set.byPath.get('readme.markdown')?.reason, { kind: 'always', what: 'readme' });
    assert.deepEqual(set.byPath.get('COPYING')?.reason, { kind: 'always', what: 'license' });
    assert.ok(!set.byPath.has('docs/README.md'));
  });

  it('default excludes (.DS_Store, *.orig, .git, node_modules) and their explanations', async () => {
    const set = await parity({
      'package.json': pkg(),
      'index.js': 'x',
      'index.js.orig': 'x',
      '.DS_Store': 'x',
      'node_modules/dep/index.js': 'x',
      'sub/.git/config': 'x',
      'package-lock.json': '{}',
    });
    assert.deepEqual(paths(set), ['index.js', 'package.json']);
    assert.deepEqual((await explainNpmPath(disk, set.unit, 'index.js.orig')).exclusion, { kind: 'default', pattern: '*.orig' });
    assert.deepEqual((await explainNpmPath(disk, set.unit, 'node_modules/dep/index.js')).exclusion, { kind: 'strict', pattern: '/node_modules', folder: 'node_modules' });
    assert.deepEqual((await explainNpmPath(disk, set.unit, 'package-lock.json')).exclusion, { kind: 'strict', pattern: '/package-lock.json' });
  });

  it('a nested .npmignore can drop main in npm 10 (main is not a strict include below the root)', async () => {
    const set = await parity({
      'package.json': pkg({ main: 'lib/main.js' }),
      'lib/main.js': 'x',
      'lib/.npmignore': 'main.js\n',
      'lib/util.js': 'x',
    });
    assert.ok(!set.byPath.has('lib/main.js'));
  });

  it('a non-private monorepo root leaves workspace folders out and honours workspace package.json quirks', async () => {
    await parity({
      'package.json': pkg({ workspaces: ['packages/*'] }),
      'index.js': 'x',
      'packages/a/package.json': pkg({ name: 'a', files: ['lib'] }),
      'packages/a/lib/x.js': 'x',
      'tools/.npmignore': 'secret.js\n',
      'tools/secret.js': 'x',
      'tools/ok.js': 'x',
    });
  });
});

describe('npm publish set: publishConfig.directory, private units, bad input', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lg-publish-npm-')));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('packs publishConfig.directory with its own package.json', async () => {
    writeTree(tmp, {
      'package.json': pkg({ publishConfig: { directory: 'dist' } }),
      'src/a.ts': 'x',
      'dist/package.json': pkg({ files: ['index.js'] }),
      'dist/index.js': 'x',
      'dist/index.js.map': '{}',
    });
    const set = await computePublishSet(disk, unitAt(tmp));
    assert.equal(set.packRoot, `${toPosix(tmp)}/dist`);
    assert.deepEqual(paths(set), ['index.js', 'package.json']);
    assert.equal(set.byPath.get('index.js')?.abs, `${toPosix(tmp)}/dist/index.js`);
  });

  it('packs publishConfig.directory without a package.json there, adding the root manifest', async () => {
    writeTree(tmp, { 'package.json': pkg({ publishConfig: { directory: 'out' } }), 'out/index.js': 'x', 'out/index.js.map': '{}' });
    const set = await computePublishSet(disk, unitAt(tmp));
    assert.deepEqual(paths(set), ['index.js', 'index.js.map', 'package.json']);
    assert.equal(set.byPath.get('package.json')?.abs, `${toPosix(tmp)}/package.json`);
  });

  it('reports a missing publishConfig.directory instead of throwing', async () => {
    writeTree(tmp, { 'package.json': pkg({ publishConfig: { directory: 'nope' } }) });
    const set = await computePublishSet(disk, unitAt(tmp));
    assert.equal(set.files.length, 0);
    assert.equal(set.problems.length, 1);
  });

  it('private packages have an empty set', async () => {
    writeTree(tmp, { 'package.json': pkg({ private: true }), 'index.js': 'x' });
    const unit = unitAt(tmp);
    const set = await computePublishSet(disk, unit);
    assert.equal(set.tool, 'npm-packlist');
    assert.deepEqual(set.files, []);
    assert.deepEqual((await explainPath(disk, unit, 'index.js')).exclusion, { kind: 'private' });
  });

  it('never throws on malformed files entries or manifests', async () => {
    for (const files of [5, true, { a: 1 }, ['dist', 7, null], 'dist']) {
      writeTree(tmp, { 'package.json': pkg({ files }), 'dist/a.js': 'x', 'index.js': 'x' });
      const set = await computeNpmPublishSet(disk, unitAt(tmp));
      assert.ok(set.byPath.has('package.json'), JSON.stringify(files));
      assert.ok(set.problems.length > 0, JSON.stringify(files));
    }
    writeTree(tmp, { 'package.json': '{ "name": "x", "files": [ "dist", ' });
    const broken = await computeNpmPublishSet(disk, unitAt(tmp));
    assert.ok(broken.problems.some((p) => p.includes('syntax')));
    const gone = await computeNpmPublishSet(disk, { ...unitAt(tmp), root: `${toPosix(tmp)}/missing`, publishDirectory: undefined });
    assert.deepEqual(gone.files, []);
    assert.equal(gone.problems.length, 1);
  });

  it('explain says when a path is outside the packed folder', async () => {
    writeTree(tmp, { 'package.json': pkg(), 'index.js': 'x' });
    const unit = unitAt(tmp);
    assert.deepEqual((await explainPath(disk, unit, '../elsewhere.js')).exclusion, { kind: 'outside' });
    assert.deepEqual((await explainPath(disk, unit, 'index.js')).reason, { kind: 'not-ignored', via: 'none' });
  });
});
