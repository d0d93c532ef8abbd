import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import rule from '../../rules/config-vsce-secret-bypass-flags';
import type { Finding } from '../../server/src/engine/types';
import { runOnTree, analyzeRoot, applyFixOnDisk } from '../helpers/rule-tester';

const ID = 'config-vsce-secret-bypass-flags';
const ofRule = (findings: Finding[]) => findings.filter((f) => f.ruleId === ID);
const ext = (scripts: Record<string, string>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: 'ext', publisher: 'me', version: '1.0.0', engines: { vscode: '^1.90.0' }, main: './dist/extension.js', scripts, ...extra }, null, 2);

describe(ID, function () {
  this.timeout(30_000);

  it('package.json scripts: each flag on its exact words; all-secrets and env-file warn, named secrets are info', async () => {
    const scripts = {
      package: 'npm run build && vsce package --allow-package-all-secrets --no-dependencies',
      publish: 'npx @vscode/vsce publish --allow-package-env-file',
      'publish:pre': 'node_modules/.bin/vsce publish --pre-release --allow-package-secrets sendgrid slack --no-dependencies',
      'publish:eq': 'vsce package --allow-package-secrets=sendgrid',
    };
    const text = ext(scripts);
    const { findings } = await runOnTree({ 'package.json': text, 'dist/extension.js': 'x' }, { rules: [rule] });
    const f = ofRule(findings);
    const got = f.map((x) => [text.slice(x.start, x.end), x.severity]).sort();
    assert.deepEqual(got, [
      ['--allow-package-all-secrets', 'warning'],
      ['--allow-package-env-file', 'warning'],
      ['--allow-package-secrets sendgrid slack', 'info'],
      ['--allow-package-secrets=sendgrid', 'info'],
    ]);
  });

  it('the safe fix removes the flag (and its secret names) and nothing else; the package set is unchanged', async () => {
    const scripts = { package: 'vsce package --allow-package-all-secrets --no-dependencies', pre: 'vsce publish --allow-package-secrets sendgrid --pre-release' };
    const { root, findings, result } = await runOnTree({ 'package.json': ext(scripts), 'README.md': 'r', 'dist/extension.js': 'x', '.vscodeignore': 'src/**\n' }, { rules: [rule] });
    const before = result.units[0].publishSet.files.map((x) => x.path);
    const f = ofRule(findings);
    assert.equal(f.length, 2);
    const edits = f.flatMap((x) => x.fix!.edits[0].edits);
    applyFixOnDisk([{ file: f[0].fix!.edits[0].file, edits }]);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.scripts, { package: 'vsce package --no-dependencies', pre: 'vsce publish --pre-release' });
    const after = await analyzeRoot(root, { rules: [rule] });
    assert.equal(ofRule(after.findings).length, 0);
    assert.deepEqual(after.units[0].publishSet.files.map((x) => x.path), before);
    assert.ok(before.includes('dist/extension.js'));
  });

  it('CI files: GitHub workflow run steps and azure-pipelines.yml, with a fix on the line', async () => {
    const wf = ['name: release', 'jobs:', '  publish:', '    steps:', '      - run: npx @vscode/vsce publish --allow-package-all-secrets -p $VSCE_PAT', '      - run: |', '          vsce package --allow-package-env-file', ''].join('\n');
    const az = ['steps:', '- script: vsce publish --allow-package-all-secrets', ''].join('\n');
    const { root, findings } = await runOnTree({ 'package.json': ext({}), '.github/workflows/release.yml': wf, 'azure-pipelines.yml': az }, { rules: [rule] });
    const f = ofRule(findings);
    assert.equal(f.length, 3);
    const inWf = f.filter((x) => x.file.endsWith('release.yml'));
    assert.deepEqual(inWf.map((x) => wf.slice(x.start, x.end)), ['--allow-package-all-secrets', '--allow-package-env-file']);
    applyFixOnDisk([{ file: inWf[0].fix!.edits[0].file, edits: inWf.flatMap((x) => x.fix!.edits[0].edits) }]);
    assert.equal(fs.readFileSync(path.join(root, '.github/workflows/release.yml'), 'utf8'), wf.replace(' --allow-package-all-secrets', '').replace(' --allow-package-env-file', ''));
    assert.equal(ofRule((await analyzeRoot(root, { rules: [rule] })).findings).length, 1, 'only azure-pipelines.yml is left');
  });

  describe('traps (does not fire)', () => {
    const traps: Array<[string, Record<string, string>]> = [
      ['vsce without bypass flags', { 'package.json': ext({ package: 'vsce package --no-dependencies', publish: 'vsce publish --allow-proposed-apis foo' }) }],
      ['the flag text in a non-vsce command', { 'package.json': ext({ lint: 'echo "--allow-package-all-secrets is banned"', x: 'my-tool --allow-package-env-file' }) }],
      ['a CI file that only mentions the flag in a comment about another tool', { 'package.json': ext({}), '.github/workflows/ci.yml': '# never use --allow-package-all-secrets\njobs: {}\n' }],
      ['a package named "vsce-helper"', { 'package.json': ext({ x: 'vsce-helper --allow-package-all-secrets' }) }],
    ];
    for (const [name, tree] of traps) {
      it(name, async () => {
        const { findings } = await runOnTree(tree, { rules: [rule] });
        assert.deepEqual(ofRule(findings).map((f) => f.message), []);
      });
    }
  });
});
