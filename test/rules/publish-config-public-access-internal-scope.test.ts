import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import rule from '../../rules/publish-config-public-access-internal-scope';
import type { Finding } from '../../server/src/engine/types';
import { runOnTree, analyzeRoot, applyFixOnDisk, npmPackFiles } from '../helpers/rule-tester';

const ID = 'publish-config-public-access-internal-scope';
const ofRule = (findings: Finding[]) => findings.filter((f) => f.ruleId === ID);
const pkg = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: '@acme/billing', version: '1.0.0', license: 'MIT', repository: 'github:acme/billing', main: 'dist/index.js', ...extra }, null, 2);
const team = { internalScopes: ['@acme'] };

describe(ID, function () {
  this.timeout(30_000);

  it('publishConfig.access "public" in an internalScopes scope: error on the value, safe fix → "restricted"; entry point still packs', async () => {
    const text = pkg({ publishConfig: { access: 'public' } });
    const { root, findings } = await runOnTree({ 'package.json': text, 'dist/index.js': 'x' }, { rules: [rule], config: team });
    const f = ofRule(findings);
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'error');
    assert.equal(text.slice(f[0].start, f[0].end), '"public"');
    assert.match(f[0].message, /internalScopes/);
    applyFixOnDisk(f[0].fix!.edits);
    const after = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    assert.equal(after, text.replace('"access": "public"', '"access": "restricted"'));
    assert.equal(ofRule((await analyzeRoot(root, { rules: [rule] })).findings).length, 0);
    assert.ok(npmPackFiles(root).includes('dist/index.js'));
  });

  it('project .npmrc access=public: finding on the .npmrc line, fix rewrites the value', async () => {
    const npmrc = 'save-exact=true\naccess=public\n';
    const { root, findings } = await runOnTree({ 'package.json': pkg(), '.npmrc': npmrc }, { rules: [rule], config: team });
    const f = ofRule(findings)[0];
    assert.ok(f.file.endsWith('/.npmrc'));
    assert.equal(npmrc.slice(f.start, f.end), 'access=public');
    applyFixOnDisk(f.fix!.edits);
    assert.equal(fs.readFileSync(path.join(root, '.npmrc'), 'utf8'), 'save-exact=true\naccess=restricted\n');
    assert.equal(ofRule((await analyzeRoot(root, { rules: [rule] })).findings).length, 0);
  });

  it('scripts: npm publish --access public, --access=public, pnpm and yarn npm publish; fix removes the flag only', async () => {
    const scripts = {
      release: 'npm run build && npm publish --access public --tag next',
      'release:pnpm': 'pnpm publish --access=public',
      'release:yarn': 'yarn npm publish --access public',
      'release:ok': 'npm publish --access restricted',
    };
    const text = pkg({ scripts });
    const { root, findings } = await runOnTree({ 'package.json': text }, { rules: [rule], config: team });
    const f = ofRule(findings);
    assert.deepEqual(f.map((x) => text.slice(x.start, x.end)).sort(), ['--access public', '--access public', '--access=public']);
    const release = f.find((x) => x.data.script === 'release')!;
    applyFixOnDisk(release.fix!.edits);
    const after = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.equal(after.scripts.release, 'npm run build && npm publish --tag next');
    assert.equal(ofRule((await analyzeRoot(root, { rules: [rule] })).findings).length, 2);
  });

  it('without internalScopes, two internal signals are enough, and the fix is only a suggestion', async () => {
    const { findings } = await runOnTree({ 'package.json': pkg({ name: '@acme/internal-billing', license: 'UNLICENSED', publishConfig: { access: 'public' } }) }, { rules: [rule] });
    const f = ofRule(findings)[0];
    assert.match(f.message, /looks internal/);
    assert.equal(f.fix, undefined);
    assert.equal(f.suggestions.length, 1);
  });

  describe('traps (does not fire)', () => {
    const traps: Array<[string, Record<string, string>, object?]> = [
      ['an OSS org scope that publishes public packages (not in internalScopes, no other signal)', { 'package.json': pkg({ name: '@oss/lib', publishConfig: { access: 'public' } }) }, team],
      ['one weak signal only (SEE LICENSE IN, like Claude Code)', { 'package.json': pkg({ name: '@anthropic-ai/claude-code', license: 'SEE LICENSE IN README.md', publishConfig: { access: 'public' } }) }],
      ['access "restricted"', { 'package.json': pkg({ publishConfig: { access: 'restricted' } }) }, team],
      ['unscoped package (access does not apply)', { 'package.json': pkg({ name: 'billing', publishConfig: { access: 'public' } }) }, team],
      ['private package', { 'package.json': pkg({ private: true, publishConfig: { access: 'public' } }) }, team],
      ['published to an internal registry', { 'package.json': pkg({ publishConfig: { access: 'public', registry: 'https://npm.acme.corp/' } }) }, team],
      ['scope mapped to an internal registry in .npmrc (npm picks the scope registry)', { 'package.json': pkg({ publishConfig: { access: 'public' } }), '.npmrc': '@acme:registry=https://npm.acme.corp/\n' }, team],
      ['"npm publish --access public" in a script of an OSS package', { 'package.json': pkg({ name: '@oss/lib', scripts: { release: 'npm publish --access public' } }) }, team],
      ['"--access public" on a command that is not a publish', { 'package.json': pkg({ scripts: { x: 'npm access set status=public @acme/billing', y: 'some-tool --access public' } }) }, team],
    ];
    for (const [name, tree, config] of traps) {
      it(name, async () => {
        const { findings } = await runOnTree(tree, { rules: [rule], config });
        assert.deepEqual(ofRule(findings).map((f) => f.message), []);
      });
    }
  });
});
