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
});
