import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import rule from '../../rules/publish-config-registry-mismatch';
import type { Finding } from '../../server/src/engine/types';
import { effectivePublishRegistry, parseNpmrc } from '../../server/src/engine/registry/npmrc';
import { runOnTree, analyzeRoot, applyFixOnDisk, npmPackFiles } from '../helpers/rule-tester';

const ID = 'publish-config-registry-mismatch';
const ofRule = (findings: Finding[]) => findings.filter((f) => f.ruleId === ID);
const pkg = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: '@acme/billing', version: '1.0.0', license: 'MIT', repository: 'github:acme/billing', main: 'dist/index.js', ...extra }, null, 2);
const PRIVATE = 'https://npm.acme.corp/';
const PUBLIC = 'https://registry.npmjs.org/';

describe(ID, function () {
  this.timeout(30_000);

  it('effectivePublishRegistry follows npm 11: publishConfig scope key › .npmrc scope line › publishConfig.registry › .npmrc registry › default', () => {
    const rc = (t: string) => [{ path: '/p/.npmrc', text: t, entries: parseNpmrc(t) }];
    assert.equal(effectivePublishRegistry({ name: '@acme/x', publishConfig: { registry: PUBLIC } }, rc(`@acme:registry=${PRIVATE}\n`)).url, PRIVATE);
    assert.equal(effectivePublishRegistry({ name: '@acme/x', publishConfig: { registry: PUBLIC, '@acme:registry': 'https://b/' } }, rc(`@acme:registry=${PRIVATE}\n`)).url, 'https://b/');
    assert.equal(effectivePublishRegistry({ name: 'x', publishConfig: { registry: PRIVATE } }, rc(`registry=https://c/\n`)).url, PRIVATE);
    assert.equal(effectivePublishRegistry({ name: 'x' }, rc(`registry=https://c/\n`)).url, 'https://c/');
    assert.equal(effectivePublishRegistry({ name: '@acme/x' }, []).source.kind, 'default');
  });

  it('(a) scope mapped to a private registry, publishConfig.registry public: error on the value; fix points it at the scope registry', async () => {
    const text = pkg({ publishConfig: { registry: PUBLIC } });
    const { root, findings } = await runOnTree({ 'package.json': text, '.npmrc': `@acme:registry=${PRIVATE}\n`, 'dist/index.js': 'x' }, { rules: [rule] });
    const f = ofRule(findings);
    assert.equal(f.length, 1);
    assert.equal(f[0].messageId, 'scopePrivatePublishPublic');
    assert.equal(f[0].severity, 'error');
    assert.equal(text.slice(f[0].start, f[0].end), JSON.stringify(PUBLIC));
    assert.ok(f[0].related[0].file.endsWith('/.npmrc'));
    applyFixOnDisk(f[0].fix!.edits);
    const after = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    assert.equal(after, text.replace(PUBLIC, PRIVATE));
    assert.equal(ofRule((await analyzeRoot(root, { rules: [rule] })).findings).length, 0);
    assert.ok(npmPackFiles(root).includes('dist/index.js'));
  });

  it('(a) two different private registries: warning with the same fix; a workspace member sees the root .npmrc', async () => {
    const { root, findings } = await runOnTree(
      {
        'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'] }),
        '.npmrc': `@acme:registry=${PRIVATE}\n`,
        'packages/billing/package.json': pkg({ publishConfig: { registry: 'https://old-nexus.acme.corp/repository/npm/' } }),
      },
      { rules: [rule] },
    );
    const f = ofRule(findings);
    assert.equal(f.length, 1);
    assert.equal(f[0].messageId, 'registriesDiffer');
    assert.equal(f[0].severity, 'warning');
    applyFixOnDisk(f[0].fix!.edits);
    assert.equal(ofRule((await analyzeRoot(root, { rules: [rule] })).findings).length, 0);
  });

  it('scope mapped to the public registry beats a private publishConfig.registry: error on the .npmrc line; fix pins the scope in publishConfig', async () => {
    const npmrc = `@acme:registry=${PUBLIC}\n`;
    const { root, findings } = await runOnTree({ 'package.json': pkg({ publishConfig: { registry: PRIVATE } }), '.npmrc': npmrc }, { rules: [rule] });
    const f = ofRule(findings)[0];
    assert.equal(f.messageId, 'scopeMappedPublic');
    assert.ok(f.file.endsWith('/.npmrc'));
    assert.equal(npmrc.slice(f.start, f.end), npmrc.trim());
    applyFixOnDisk(f.fix!.edits);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.equal(manifest.publishConfig['@acme:registry'], PRIVATE);
    const again = await analyzeRoot(root, { rules: [rule] });
    assert.equal(ofRule(again.findings).length, 0);
    const rc = fs.readFileSync(path.join(root, '.npmrc'), 'utf8');
    assert.equal(effectivePublishRegistry(manifest, [{ path: '', text: rc, entries: parseNpmrc(rc) }]).url, PRIVATE);
  });

  it('(b) internal-looking package with no project registry config: warning; ciRegistryFromEnv turns it off', async () => {
    const tree = { 'package.json': pkg({ license: 'UNLICENSED', repository: undefined }) };
    const a = ofRule((await runOnTree(tree, { rules: [rule] })).findings);
    assert.equal(a.length, 1);
    assert.equal(a[0].messageId, 'userLevelOnly');
    assert.equal(a[0].severity, 'warning');
    const b = ofRule((await runOnTree(tree, { rules: [rule], config: { rules: { [ID]: ['error', { ciRegistryFromEnv: true }] } } })).findings);
    assert.equal(b.length, 0);
    const c = ofRule((await runOnTree(tree, { rules: [rule], config: { internalScopes: ['@acme'] } })).findings);
    assert.equal(c[0].severity, 'warning');
  });

  it('(c) http:// registries in publishConfig and .npmrc: warning with an https suggestion; (d) credentials in publishConfig.registry: error, redacted', async () => {
    const pass = ['hun', 'ter', '2'].join('');
    const text = pkg({ publishConfig: { registry: `https://ci:${pass}@npm.acme.corp/`, '@acme:registry': 'http://npm.acme.corp/' } });
    const npmrc = 'registry=http://mirror.acme.corp/\n';
    const { root, findings } = await runOnTree({ 'package.json': text, '.npmrc': npmrc }, { rules: [rule] });
    const f = ofRule(findings);
    const creds = f.find((x) => x.messageId === 'credentialsInUrl')!;
    assert.equal(creds.severity, 'error');
    assert.ok(!creds.message.includes(pass));
    const http = f.filter((x) => x.messageId === 'insecureHttp');
    assert.equal(http.length, 2);
    const inRc = http.find((x) => x.file.endsWith('/.npmrc'))!;
    assert.equal(npmrc.slice(inRc.start, inRc.end), 'http://mirror.acme.corp/');
    applyFixOnDisk(inRc.suggestions[0].edits);
    assert.equal(fs.readFileSync(path.join(root, '.npmrc'), 'utf8'), 'registry=https://mirror.acme.corp/\n');
    const inPc = http.find((x) => x.file.endsWith('/package.json'))!;
    applyFixOnDisk(inPc.suggestions[0].edits);
    assert.equal(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).publishConfig['@acme:registry'], 'https://npm.acme.corp/');
  });

  describe('traps (does not fire)', () => {
    const traps: Array<[string, Record<string, string>, object?]> = [
      ['publishConfig.registry equals the scope registry (trailing slash and case aside)', { 'package.json': pkg({ publishConfig: { registry: 'https://NPM.acme.corp' } }), '.npmrc': `@acme:registry=${PRIVATE}\n` }],
      ['an OSS package with no registry config at all', { 'package.json': pkg() }],
      ['one weak signal only, default registry (Claude Code)', { 'package.json': pkg({ name: '@anthropic-ai/claude-code', license: 'SEE LICENSE IN README.md' }) }],
      ['private package with a mismatch', { 'package.json': pkg({ private: true, publishConfig: { registry: PUBLIC } }), '.npmrc': `@acme:registry=${PRIVATE}\n` }],
      ['another scope is mapped', { 'package.json': pkg({ name: '@oss/x', publishConfig: { registry: PUBLIC } }), '.npmrc': `@acme:registry=${PRIVATE}\n` }],
      ['publishConfig names the scope registry itself', { 'package.json': pkg({ publishConfig: { registry: PUBLIC, '@acme:registry': PRIVATE } }), '.npmrc': `@acme:registry=${PRIVATE}\n` }],
      ['registry from the environment (${NPM_REGISTRY})', { 'package.json': pkg({ publishConfig: { registry: PUBLIC } }), '.npmrc': '@acme:registry=${NPM_REGISTRY}\n' }],
      ['http:// on localhost (a local Verdaccio)', { 'package.json': pkg({ publishConfig: { registry: 'http://localhost:4873/' } }), '.npmrc': 'registry=http://127.0.0.1:4873/\n' }],
      ['internal-looking package whose project .npmrc sets registry=', { 'package.json': pkg({ license: 'UNLICENSED', repository: undefined }), '.npmrc': `registry=${PRIVATE}\n` }],
    ];
    for (const [name, tree, config] of traps) {
      it(name, async () => {
        const { findings } = await runOnTree(tree, { rules: [rule], config });
        assert.deepEqual(ofRule(findings).map((f) => f.message), []);
      });
    }
  });
});
