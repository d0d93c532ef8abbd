import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import rule from '../../rules/publish-workspace-root-not-private';
import type { Finding } from '../../server/src/engine/types';
import { runOnTree, analyzeRoot, applyFixOnDisk, npmPackFiles } from '../helpers/rule-tester';

const ID = 'publish-workspace-root-not-private';
const ofRule = (findings: Finding[]) => findings.filter((f) => f.ruleId === ID);
const member = JSON.stringify({ name: '@mono/a', version: '1.0.0', license: 'MIT', main: 'index.js' }, null, 2);

describe(ID, function () {
  this.timeout(30_000);

  it('npm workspaces array: fires on the "workspaces" property with a safe fix', async () => {
    const text = JSON.stringify({ name: 'mono', version: '1.0.0', workspaces: ['packages/*'], scripts: { build: 'tsc -b' } }, null, 2);
    const { findings } = await runOnTree({ 'package.json': text, 'packages/a/package.json': member, 'packages/a/index.js': 'x', 'scripts/release.sh': 'x', 'tsconfig.json': '{}' }, { rules: [rule] });
    const f = ofRule(findings);
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'warning');
    assert.equal(text.slice(f[0].start, f[0].end), '"workspaces": [\n    "packages/*"\n  ]');
    assert.match(f[0].message, /scripts\/release\.sh/);
    assert.ok(f[0].fix, 'safe fix on a root without entry points');
  });

  it('yarn workspaces object ({ packages }) and bun fire too', async () => {
    const { findings } = await runOnTree({ 'package.json': JSON.stringify({ name: 'mono', workspaces: { packages: ['apps/*'], nohoist: [] } }) }, { rules: [rule] });
    assert.equal(ofRule(findings).length, 1);
  });

  it('pnpm-workspace.yaml next to package.json: fires on "name" with pnpm-workspace.yaml related', async () => {
    const text = JSON.stringify({ name: 'mono', version: '1.0.0' }, null, 2);
    const { findings } = await runOnTree({ 'package.json': text, 'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n' }, { rules: [rule] });
    const f = ofRule(findings);
    assert.equal(f.length, 1);
    assert.equal(text.slice(f[0].start, f[0].end), '"name": "mono"');
    assert.match(f[0].message, /pnpm-workspace\.yaml/);
    assert.ok(f[0].related[0].file.endsWith('/pnpm-workspace.yaml'));
  });

  it('a root with entry points of its own gets the fix as a suggestion only', async () => {
    const { findings } = await runOnTree({ 'package.json': JSON.stringify({ name: 'lib', main: 'index.js', workspaces: ['packages/*'] }), 'index.js': 'x' }, { rules: [rule] });
    const f = ofRule(findings)[0];
    assert.equal(f.messageId, 'notPrivateEntryPoints');
    assert.equal(f.fix, undefined);
    assert.equal(f.suggestions.length, 1);
  });

  describe('traps (does not fire)', () => {
    const traps: Array<[string, Record<string, string>]> = [
      ['"private": true', { 'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'] }) }],
      ['no workspaces and no pnpm-workspace.yaml', { 'package.json': JSON.stringify({ name: 'lib', version: '1.0.0' }) }],
      ['empty workspaces array', { 'package.json': JSON.stringify({ name: 'lib', workspaces: [] }) }],
      ['a real package whose workspaces are only its examples', { 'package.json': JSON.stringify({ name: 'lib', main: 'index.js', files: ['index.js'], workspaces: ['examples/*', 'docs'] }), 'index.js': 'x' }],
      ['a workspace member (not the root)', { 'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'] }), 'packages/a/package.json': member }],
    ];
    for (const [name, tree] of traps) {
      it(name, async () => {
        const { findings } = await runOnTree(tree, { rules: [rule] });
        assert.deepEqual(ofRule(findings).map((f) => f.message), []);
      });
    }
  });

  it('the fix makes the root private (formatting kept); members still pack their entry points', async () => {
    const text = '{\n    "name": "mono",\n    "version": "0.1.0",\n    "workspaces": ["packages/*"]\n}\n';
    const { root, findings } = await runOnTree({ 'package.json': text, 'packages/a/package.json': member, 'packages/a/index.js': 'x', 'tools/deploy.sh': 'x' }, { rules: [rule] });
    const f = ofRule(findings)[0];
    applyFixOnDisk(f.fix!.edits);
    const after = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    assert.equal(after, '{\n    "name": "mono",\n    "version": "0.1.0",\n    "private": true,\n    "workspaces": ["packages/*"]\n}\n');
    const again = await analyzeRoot(root, { rules: [rule] });
    assert.equal(ofRule(again.findings).length, 0);
    const rootUnit = again.units.find((u) => u.unit.root === root)!;
    assert.equal(rootUnit.unit.kind, 'private');
    assert.equal(rootUnit.publishSet.files.length, 0, 'nothing of the root is published any more');
    assert.deepEqual(npmPackFiles(path.join(root, 'packages/a')), ['index.js', 'package.json']);
  });
});
