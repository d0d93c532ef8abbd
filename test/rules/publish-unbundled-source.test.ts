import * as assert from 'node:assert/strict';
import rule from '../../rules/publish-unbundled-source';
import type { Finding } from '../../server/src/engine/types';
import { runOnTree, analyzeRoot, applyFixOnDisk, npmPackFiles } from '../helpers/rule-tester';

const ID = 'publish-unbundled-source';
const OSS = { license: 'MIT', repository: 'github:acme/lib' };
const pkg = (extra: object = {}) => JSON.stringify({ name: 'built', version: '1.0.0', main: 'dist/index.js', types: 'dist/index.d.ts', ...extra }, null, 2);
const ours = (f: Finding[]) => f.filter((x) => x.ruleId === ID);

describe(ID, function () {
  this.timeout(30_000);

  it('experiment A: src/index.ts ships next to dist/ — info by default, warning when proprietary, on the cause', async () => {
    const tree = { 'package.json': pkg(OSS), 'dist/index.js': 'x', 'dist/index.d.ts': 'x', 'src/index.ts': 'x', 'src/util.ts': 'x' };
    const { findings } = await runOnTree(tree, { rules: [rule] });
    const f = ours(findings);
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'info');
    assert.equal(f[0].message, '2 original source files will be published next to the built entry points in dist/ (no "files" allowlist and no ignore file excludes it): src/index.ts, src/util.ts.');
    assert.equal(f[0].related.length, 2);
    const prop = await runOnTree({ ...tree, 'package.json': pkg({ license: 'UNLICENSED' }) }, { rules: [rule] });
    assert.equal(ours(prop.findings)[0].severity, 'warning');
  });

  it('vendored .ts and .tsx inside dist/ (Claude Code 0.2.9 shipped vendor/sdk/src/*.ts), but never .d.ts / .d.mts', async () => {
    const tree = { 'package.json': pkg({ files: ['dist', 'vendor'] }), 'dist/index.js': 'x', 'dist/index.d.ts': 'x', 'dist/types.d.mts': 'x', 'dist/App.tsx': 'x', 'vendor/sdk/src/client.ts': 'x' };
    const { findings, root } = await runOnTree(tree, { rules: [rule] });
    const f = ours(findings);
    assert.deepEqual(f.map((x) => x.data.files).sort(), ['dist/App.tsx', 'vendor/sdk/src/client.ts']);
    // One fix for the unit: negations for every source, whichever entry ships it.
    assert.match(f[0].suggestions[0].title, /"!dist\/App\.tsx".*"!vendor\/sdk\/src\/client\.ts"|"!\*\*\/\*\.tsx".*"!vendor\/sdk\/src\/client\.ts"/);
    applyFixOnDisk(f[0].suggestions[0].edits);
    assert.equal(ours((await analyzeRoot(root, { rules: [rule] })).findings).length, 0);
    assert.deepEqual(npmPackFiles(root), ['dist/index.d.ts', 'dist/index.js', 'dist/types.d.mts', 'package.json']);
  });

  it('fix with no ignore file creates .npmignore (copying .gitignore) with /src/; npm pack keeps dist and types', async () => {
    const tree = { 'package.json': pkg(), '.gitignore': '.env\n', '.env': 'A=1', 'dist/index.js': 'x', 'dist/index.d.ts': 'x', 'src/index.ts': 'x' };
    const { findings, root } = await runOnTree(tree, { rules: [rule] });
    applyFixOnDisk(ours(findings)[0].suggestions[0].edits);
    assert.deepEqual(npmPackFiles(root), ['dist/index.d.ts', 'dist/index.js', 'package.json']);
  });

  it('traps: entry points in src/ or .ts, svelte packages, OSS with declaration maps, no built entry point, .d.ts only', async () => {
    const cases: Array<Record<string, string>> = [
      { 'package.json': pkg({ main: 'src/index.js', types: undefined }), 'src/index.js': 'x', 'src/a.ts': 'x' },
      { 'package.json': pkg({ exports: { '.': { source: './src/index.ts', default: './dist/index.js' } } }), 'dist/index.js': 'x', 'src/index.ts': 'x' },
      { 'package.json': pkg({ svelte: 'dist/index.js' }), 'dist/index.js': 'x', 'dist/Button.svelte': 'x' },
      { 'package.json': pkg(OSS), 'dist/index.js': 'x', 'dist/index.d.ts': 'x', 'dist/index.d.ts.map': '{}', 'src/index.ts': 'x' },
      { 'package.json': pkg({ main: 'index.js', types: 'index.d.ts' }), 'index.js': 'x', 'index.d.ts': 'x', 'helper.ts': 'x' },
      { 'package.json': pkg(), 'dist/index.js': 'x', 'dist/index.d.ts': 'x', 'dist/a.d.cts': 'x' },
    ];
    for (const tree of cases) {
      const { findings } = await runOnTree(tree, { rules: [rule] });
      assert.deepEqual(ours(findings).map((x) => x.message), [], tree['package.json']);
    }
  });
});
