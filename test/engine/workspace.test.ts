import * as assert from 'node:assert/strict';
import { discoverUnits, parsePnpmWorkspace } from '../../server/src/engine/workspace';
import { DiskFileSystem } from '../../server/src/engine/safe/fs';
import { writeTree } from '../helpers/rule-tester';

describe('workspace model', () => {
  it('classifies npm packages, VS Code extensions and private packages, skipping node_modules', async () => {
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
      'packages/a/package.json': JSON.stringify({ name: '@x/a', version: '1.0.0' }),
      'packages/ext/package.json': JSON.stringify({ name: 'ext', version: '1.0.0', engines: { vscode: '^1.90.0' } }),
      'node_modules/dep/package.json': JSON.stringify({ name: 'dep', version: '1.0.0' }),
      'examples/demo/package.json': JSON.stringify({ name: 'demo', version: '1.0.0' }),
    });
    // examples/demo is not a workspace: not a unit by default (issue #23), one with units.include.
    const { units, skipped } = await discoverUnits(new DiskFileSystem(), root, { units: { include: ['examples/*'] } });
    const byName = new Map(units.map((u) => [u.name, u]));
    assert.deepEqual(skipped, []);
    assert.deepEqual([...byName.keys()].sort(), ['@x/a', 'demo', 'ext', 'root']);
    assert.equal(byName.get('root')!.kind, 'private');
    assert.equal(byName.get('ext')!.kind, 'vscode-extension');
    assert.equal(byName.get('@x/a')!.kind, 'npm');
    assert.equal(byName.get('@x/a')!.workspaceRoot, root);
    assert.equal(byName.get('demo')!.workspaceRoot, undefined, 'not matched by the workspace globs');
  });

  it('reads yarn {packages} and pnpm-workspace.yaml globs', async () => {
    const yarn = writeTree({
      'package.json': JSON.stringify({ name: 'y', private: true, workspaces: { packages: ['libs/**'] } }),
      'libs/deep/one/package.json': JSON.stringify({ name: 'one', version: '1.0.0' }),
    });
    const y = await discoverUnits(new DiskFileSystem(), yarn);
    assert.equal(y.units.find((u) => u.name === 'one')!.workspaceRoot, yarn);
    const pnpm = writeTree({
      'package.json': JSON.stringify({ name: 'p', private: true }),
      'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n  # a comment\n  - \"tools/cli\"\ncatalog:\n  react: ^19\n",
      'apps/web/package.json': JSON.stringify({ name: 'web', version: '1.0.0' }),
      'tools/cli/package.json': JSON.stringify({ name: 'cli', version: '1.0.0' }),
      'other/x/package.json': JSON.stringify({ name: 'x', version: '1.0.0' }),
    });
    const p = await discoverUnits(new DiskFileSystem(), pnpm);
    const ws = (n: string) => p.units.find((u) => u.name === n)!.workspaceRoot;
    assert.equal(ws('web'), pnpm);
    assert.equal(ws('cli'), pnpm);
    assert.equal(ws('x'), undefined);
  });

  it('parsePnpmWorkspace: block and inline lists, quotes, comments', () => {
    assert.deepEqual(parsePnpmWorkspace("packages:\n  - 'a/*'\n  - b\n"), ['a/*', 'b']);
    assert.deepEqual(parsePnpmWorkspace('packages: ["x/*", \'y\']\n'), ['x/*', 'y']);
    assert.deepEqual(parsePnpmWorkspace('onlyBuiltDependencies:\n  - esbuild\n'), []);
  });

  it('publishConfig.directory is resolved against the package', async () => {
    const root = writeTree({ 'package.json': JSON.stringify({ name: 'd', version: '1.0.0', publishConfig: { directory: 'dist' } }) });
    const { units } = await discoverUnits(new DiskFileSystem(), root);
    assert.equal(units[0].publishDirectory, `${root}/dist`);
  });

  it('reads folders ahead in any order of completion, with the same result as one at a time; never past maxDirs', async () => {
    const files: Record<string, string> = { 'package.json': JSON.stringify({ name: 'r', private: true, workspaces: ['p/**'] }) };
    for (let i = 0; i < 12; i++) for (let j = 0; j < 4; j++) files[`p/g${i}/x${j}/package.json`] = JSON.stringify({ name: `u${i}-${j}`, version: '1.0.0' });
    files['p/g3/unreadable/keep.txt'] = 'x';
    const root = writeTree(files);
    /** A disk that answers readDir late, in an order of its own, and fails one folder. */
    class Shuffled extends DiskFileSystem {
      reads = 0;
      paths: string[] = [];
      constructor(private readonly delays: (n: number) => number) {
        super();
      }
      override async readDir(abs: string) {
        const n = this.reads++;
        this.paths.push(abs);
        await new Promise((r) => setTimeout(r, this.delays(n)));
        if (abs.endsWith('/unreadable')) throw Object.assign(new Error('no'), { code: 'EACCES' });
        return super.readDir(abs);
      }
    }
    const sequential = await discoverUnits(new Shuffled(() => 0), root);
    for (const delays of [(n: number) => (n * 7) % 5, (n: number) => 5 - (n % 6), (n: number) => ((n * 13) % 11) % 3]) {
      const shuffled = await discoverUnits(new Shuffled(delays), root);
      assert.deepEqual(shuffled.units.map((u) => u.name), sequential.units.map((u) => u.name));
      assert.deepEqual(shuffled.problems, sequential.problems);
    }
    assert.equal(sequential.units.length, 49);
    assert.deepEqual(sequential.problems.map((p) => p.replace(root, 'ROOT')), ['Cannot read folder ROOT/p/g3/unreadable: EACCES']);

    const capped = new Shuffled((n) => n % 3);
    const few = await discoverUnits(capped, root, { maxDirs: 5 });
    // The walk reads the first 5 folders breadth first (ROOT, p, g0, g1, g10), none ahead of the cap;
    // the detectors read outside p (the folders above, for workspace roots).
    assert.deepEqual(capped.paths.filter((p) => p.startsWith(`${root}/`)), [`${root}/p`, `${root}/p/g0`, `${root}/p/g1`, `${root}/p/g10`]);
    assert.deepEqual(few.problems.map((p) => p.replace(root, 'ROOT')), ['Stopped looking for package.json after 5 folders under ROOT.']);
  });
});
