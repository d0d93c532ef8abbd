import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import rule from '../../rules/publish-missing-private-internal';
import type { Finding } from '../../server/src/engine/types';
import { runOnTree, analyzeRoot, applyFixOnDisk, npmPackFiles } from '../helpers/rule-tester';

const ID = 'publish-missing-private-internal';
const pkg = (extra: Record<string, unknown> = {}, indent: string | number = 2) =>
  JSON.stringify({ name: 'widget', version: '1.2.0', license: 'MIT', repository: 'github:acme/widget', main: 'dist/index.js', ...extra }, null, indent);
const ofRule = (findings: Finding[]) => findings.filter((f) => f.ruleId === ID);

describe(ID, function () {
  this.timeout(30_000);
  describe('fires', () => {
    const positives: Array<{ name: string; tree: Record<string, string>; config?: object; signal: RegExp }> = [
      { name: 'scope in internalScopes (one strong signal)', tree: { 'package.json': pkg({ name: '@acme/billing' }) }, config: { internalScopes: ['@acme'] }, signal: /internalScopes/ },
      {
        name: 'project .npmrc maps the scope to a private registry (strong)',
        tree: { 'package.json': pkg({ name: '@acme/billing' }), '.npmrc': '@acme:registry=https://npm.acme.corp/\n' },
        signal: /private registry https:\/\/npm\.acme\.corp\//,
      },
      { name: 'UNLICENSED + internal naming (two weak)', tree: { 'package.json': pkg({ name: 'acme-internal-utils', license: 'UNLICENSED' }) }, signal: /UNLICENSED.*reads as internal/ },
      {
        name: 'repository on an internalDomain + version 0.0.0 (two weak)',
        tree: { 'package.json': pkg({ repository: { type: 'git', url: 'git+https://git.acme.corp/team/widget.git' }, version: '0.0.0' }) },
        config: { internalDomains: ['acme.corp'] },
        signal: /"repository" is on an internal domain.*0\.0\.0/,
      },
      {
        name: 'homepage on an internalDomain (wildcard) + dependency on an internal scope',
        tree: { 'package.json': pkg({ homepage: 'https://docs.int.acme.dev/widget', dependencies: { '@acme/core': '^1.0.0' } }) },
        config: { internalScopes: ['@acme'], internalDomains: ['*.int.acme.dev'] },
        signal: /"homepage".*@acme\/core/,
      },
      { name: 'an app (vite, no main) without license', tree: { 'package.json': JSON.stringify({ name: 'dashboard', version: '1.0.0', repository: 'github:a/b', devDependencies: { vite: '^5' } }) }, signal: /no "license".*application/ },
    ];
    for (const p of positives) {
      it(p.name, async () => {
        const { findings } = await runOnTree(p.tree, { rules: [rule], config: p.config });
        const f = ofRule(findings);
        assert.equal(f.length, 1, JSON.stringify(findings.map((x) => x.message)));
        assert.equal(f[0].severity, 'warning');
        assert.match(f[0].message, p.signal);
        // Sits on the "name" property of package.json.
        assert.ok(f[0].file.endsWith('/package.json'));
        assert.match(p.tree['package.json'].slice(f[0].start, f[0].end), /^"name":\s*/);
      });
    }
  });

  describe('traps (does not fire)', () => {
    const traps: Array<{ name: string; tree: Record<string, string>; config?: object }> = [
      // Claude Code: proprietary licence, public on purpose. One weak signal must never fire alone.
      { name: 'SEE LICENSE IN README.md alone (Claude Code)', tree: { 'package.json': pkg({ name: '@anthropic-ai/claude-code', license: 'SEE LICENSE IN README.md', version: '2.1.88' }) } },
      { name: 'UNLICENSED alone', tree: { 'package.json': pkg({ license: 'UNLICENSED' }) } },
      { name: 'internal naming alone', tree: { 'package.json': pkg({ name: 'eslint-plugin-internal-rules' }) } },
      { name: 'no repository alone', tree: { 'package.json': pkg({ repository: undefined }) } },
      { name: 'version 0.0.0 alone', tree: { 'package.json': pkg({ version: '0.0.0-development' }) } },
      { name: 'internalScopes configured but the package is in another scope', tree: { 'package.json': pkg({ name: '@oss/widget' }) }, config: { internalScopes: ['@acme'] } },
      { name: '.npmrc maps another scope', tree: { 'package.json': pkg({ name: '@oss/widget' }), '.npmrc': '@acme:registry=https://npm.acme.corp/\n' } },
      { name: '.npmrc maps the scope to the public registry', tree: { 'package.json': pkg({ name: '@acme/widget' }), '.npmrc': '@acme:registry=https://registry.npmjs.org/\n' } },
      { name: '"private": true', tree: { 'package.json': pkg({ name: '@acme/x', private: true }) }, config: { internalScopes: ['@acme'] } },
      { name: 'publishConfig.registry is internal', tree: { 'package.json': pkg({ name: '@acme/x', publishConfig: { registry: 'https://npm.acme.corp/' } }) }, config: { internalScopes: ['@acme'] } },
      { name: '"leakguard": { "publicPackage": true }', tree: { 'package.json': pkg({ name: '@acme/x', leakguard: { publicPackage: true } }) }, config: { internalScopes: ['@acme'] } },
      { name: 'a VS Code extension (vsce, not npm)', tree: { 'package.json': pkg({ name: '@acme/x', engines: { vscode: '^1.90.0' } }) }, config: { internalScopes: ['@acme'] } },
      { name: 'a library using vite (has main)', tree: { 'package.json': pkg({ license: undefined, devDependencies: { vite: '^5' } }) } },
    ];
    for (const t of traps) {
      it(t.name, async () => {
        const { findings } = await runOnTree(t.tree, { rules: [rule], config: t.config });
        assert.deepEqual(ofRule(findings).map((f) => f.message), []);
      });
    }
  });

  it('fix inserts "private": true after "version", keeping tab indentation; the package is then private and still packs its entry point', async () => {
    const text = pkg({ name: '@acme/billing' }, '\t');
    const { root, findings } = await runOnTree({ 'package.json': text, 'dist/index.js': 'x', 'src/index.ts': 'x' }, { rules: [rule], config: { internalScopes: ['@acme'] } });
    const f = ofRule(findings)[0];
    assert.equal(f.fix, undefined, 'a suggestion, never applied in bulk');
    const fix = f.suggestions[0];
    assert.match(fix.title, /"private": true/);
    applyFixOnDisk(fix.edits);
    const after = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    assert.equal(after, text.replace('"version": "1.2.0",', '"version": "1.2.0",\n\t"private": true,'));
    const manifest = JSON.parse(after);
    assert.equal(manifest.private, true);
    const again = await analyzeRoot(root, { rules: [rule] });
    assert.equal(ofRule(again.findings).length, 0);
    assert.equal(again.units[0].unit.kind, 'private');
    assert.ok(npmPackFiles(root).includes('dist/index.js'), 'the entry point still packs');
  });

  it('with a private scope registry in .npmrc, the first suggestion writes publishConfig.registry; then the rule is quiet', async () => {
    const { root, findings } = await runOnTree(
      { 'package.json': pkg({ name: '@acme/billing' }), '.npmrc': '; team registry\n@acme:registry=https://npm.acme.corp/\n', 'dist/index.js': 'x' },
      { rules: [rule] },
    );
    const f = ofRule(findings)[0];
    assert.equal(f.messageId, 'internalViaNpmrc');
    assert.ok(f.related.some((r) => r.file.endsWith('/.npmrc') && r.start === '; team registry\n'.length));
    assert.match(f.suggestions[0].title, /publishConfig\.registry/);
    assert.match(f.suggestions[1].title, /"private": true/);
    applyFixOnDisk(f.suggestions[0].edits);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.publishConfig, { registry: 'https://npm.acme.corp/' });
    assert.equal(ofRule((await analyzeRoot(root, { rules: [rule] })).findings).length, 0);
    assert.ok(npmPackFiles(root).includes('dist/index.js'));
  });

  it('a workspace package sees the workspace root .npmrc', async () => {
    const { findings } = await runOnTree(
      {
        'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'] }),
        '.npmrc': '@acme:registry=https://npm.acme.corp/\n',
        'packages/billing/package.json': pkg({ name: '@acme/billing' }),
      },
      { rules: [rule] },
    );
    const f = ofRule(findings);
    assert.equal(f.length, 1);
    assert.ok(f[0].file.endsWith('packages/billing/package.json'));
  });
});
