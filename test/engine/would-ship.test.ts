/**
 * "Would this path ship if a build wrote it?" (issue #23, item 1), checked against the real tools:
 * ask before the build, then write the files and compare with `npm pack --dry-run` and
 * @vscode/vsce's listFiles. Trees are modelled on microsoft/vscode-eslint (`.vscodeignore` with
 * `**\/*.map`), sindresorhus/ky (`"files": ["distribution"]`) and npm packages with `.npmignore`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiskFileSystem } from '../../server/src/engine/safe/fs';
import { discoverUnits } from '../../server/src/engine/workspace';
import { wouldShip } from '../../server/src/engine/publish/would-ship';
import { explainPath } from '../../server/src/engine/publish';
import { writeTree, npmPackFiles } from '../helpers/rule-tester';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const vsce = require('@vscode/vsce') as { listFiles(o: { cwd: string; packageManager: number }): Promise<string[]>; PackageManager: { None: number } };

const disk = new DiskFileSystem();

async function unitAt(root: string) {
  const { units } = await discoverUnits(disk, root);
  return units.find((u) => u.root === root)!;
}

/** Asks before building, then builds (writes `built`) and returns [asked, real] for each probe. */
async function askThenBuild(tree: Record<string, string>, built: string[], real: (root: string) => Promise<string[]> | string[]): Promise<Array<{ path: string; asked: boolean; hypothetical: boolean | undefined; real: boolean }>> {
  const root = writeTree(tree);
  const unit = await unitAt(root);
  const answers = await wouldShip(disk, unit, built);
  for (const b of built) {
    fs.mkdirSync(path.dirname(path.join(root, b)), { recursive: true });
    fs.writeFileSync(path.join(root, b), b.endsWith('.map') ? '{"version":3,"sources":[],"mappings":""}' : 'x');
  }
  const shipped = new Set(await real(root));
  return answers.map((a) => ({ path: a.path, asked: a.included, hypothetical: a.hypothetical, real: shipped.has(a.path) }));
}

const npmProbes = ['dist/index.js', 'dist/index.js.map', 'dist/lib/deep.js.map', 'out/a.js', 'src/index.ts', 'index.js'];

describe('would ship if built: npm (npm-packlist rules on paths that do not exist yet) vs npm pack', function () {
  this.timeout(60_000);
  const cases: Array<[string, Record<string, string>]> = [
    ['files: ["dist"] (ky: distribution is published, maps too)', { 'package.json': JSON.stringify({ name: 'a', version: '1.0.0', files: ['dist'] }) }],
    ['files with a map negation', { 'package.json': JSON.stringify({ name: 'a', version: '1.0.0', files: ['dist', '!dist/**/*.map'] }) }],
    ['files with a glob entry', { 'package.json': JSON.stringify({ name: 'a', version: '1.0.0', files: ['dist/**/*.js', 'index.js'] }) }],
    ['.npmignore with *.map and src', { 'package.json': JSON.stringify({ name: 'a', version: '1.0.0' }), '.npmignore': 'src\n*.map\n' }],
    ['.gitignore only (dist ignored: npm uses it)', { 'package.json': JSON.stringify({ name: 'a', version: '1.0.0' }), '.gitignore': 'dist/\nnode_modules\n' }],
    ['nested .npmignore in an existing folder', { 'package.json': JSON.stringify({ name: 'a', version: '1.0.0' }), 'dist/.npmignore': '*.map\n', 'dist/keep.txt': 'k' }],
    ['main points into the unbuilt folder', { 'package.json': JSON.stringify({ name: 'a', version: '1.0.0', main: 'dist/index.js', files: ['README.md'] }), 'README.md': '# a' }],
  ];
  for (const [name, tree] of cases) {
    it(name, async () => {
      const rows = await askThenBuild(tree, npmProbes, npmPackFiles);
      for (const r of rows) {
        assert.equal(r.hypothetical, true, `${r.path} did not exist when asked`);
        assert.equal(r.asked, r.real, `${name}: ${r.path} asked ${r.asked}, npm pack ${r.real}`);
      }
    });
  }

  it('names the reason: the files negation or the ignore line that leaves the map out', async () => {
    const root = writeTree({ 'package.json': JSON.stringify({ name: 'a', version: '1.0.0', files: ['dist', '!dist/**/*.map'] }) });
    const [js, map] = await wouldShip(disk, await unitAt(root), ['dist/index.js', 'dist/index.js.map']);
    assert.deepEqual(js.reason, { kind: 'files-entry', entry: 'dist', index: 0 });
    assert.equal(map.exclusion?.kind, 'files-negation');
    const root2 = writeTree({ 'package.json': JSON.stringify({ name: 'a', version: '1.0.0' }), '.npmignore': '# maps\n*.map\n' });
    const [m2] = await wouldShip(disk, await unitAt(root2), ['out/x.js.map']);
    assert.equal(m2.exclusion?.kind, 'ignore-file');
    assert.equal(m2.exclusion?.kind === 'ignore-file' && m2.exclusion.line, 2);
  });

  it('existing files are answered from the publish set, not hypothetically', async () => {
    const root = writeTree({ 'package.json': JSON.stringify({ name: 'a', version: '1.0.0', files: ['dist'] }), 'dist/index.js': 'x' });
    const [a] = await wouldShip(disk, await unitAt(root), ['dist/index.js']);
    assert.equal(a.included, true);
    assert.equal(a.hypothetical, undefined);
    const ex = await explainPath(disk, await unitAt(root), 'dist/index.js.map');
    assert.equal(ex.hypothetical, true);
    assert.equal(ex.included, true);
  });
});

describe('would ship if built: vsce (its matcher on names) vs vsce listFiles', function () {
  this.timeout(60_000);
  const ext = (extra: object = {}) => JSON.stringify({ name: 'e', publisher: 'p', version: '1.0.0', engines: { vscode: '^1.90.0' }, main: './out/extension.js', activationEvents: ['onStartupFinished'], ...extra });
  const probes = ['out/extension.js', 'out/extension.js.map', 'out/nested/x.js.map', 'src/extension.ts', 'client/out/main.js.map'];
  const cases: Array<[string, Record<string, string>]> = [
    ['.vscodeignore with **/*.map (microsoft/vscode-eslint)', { 'package.json': ext(), 'README.md': 'r', 'LICENSE': 'MIT', '.vscodeignore': 'src/**\n**/*.map\n**/*.ts\n' }],
    ['.vscodeignore without maps', { 'package.json': ext(), 'README.md': 'r', 'LICENSE': 'MIT', '.vscodeignore': 'src/**\n' }],
    ['allowlist re-including out/**', { 'package.json': ext(), 'README.md': 'r', 'LICENSE': 'MIT', '.vscodeignore': '**\n!out/**\n!package.json\n' }],
    ['no .vscodeignore, "files"', { 'package.json': ext({ files: ['out/**/*.js'] }), 'README.md': 'r', 'LICENSE': 'MIT' }],
  ];
  for (const [name, tree] of cases) {
    it(name, async () => {
      const rows = await askThenBuild(tree, probes, (root) => vsce.listFiles({ cwd: root, packageManager: vsce.PackageManager.None }));
      for (const r of rows) {
        assert.equal(r.hypothetical, true);
        assert.equal(r.asked, r.real, `${name}: ${r.path} asked ${r.asked}, vsce ${r.real}`);
      }
    });
  }
});
