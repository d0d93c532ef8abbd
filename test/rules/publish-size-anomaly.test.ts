/**
 * publish-size-anomaly against a real registry (verdaccio on 127.0.0.1, no uplinks) holding two
 * published versions of a fixture package. Never a public registry.
 */
import * as assert from 'node:assert/strict';
import rule from '../../rules/publish-size-anomaly';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runOnTree, writeTree } from '../helpers/rule-tester';
import { startLocalRegistry, type LocalRegistry } from '../helpers/local-registry';
import { createRegistryClient, comparePublished, sensitiveKind, tokensFromNpmrcs, packumentUrl, type RegistryHook } from '../../server/src/engine/registry/client';
import { parseNpmrc } from '../../server/src/engine/registry/npmrc';

const NAME = 'size-fixture';
const pkg = (version: string, extra: object = {}) => JSON.stringify({ name: NAME, version, main: 'index.js', license: 'MIT', ...extra }, null, 2);
const body = (n: number) => `module.exports = ${JSON.stringify('x'.repeat(n))};\n`;

/** Counts calls, so tests can prove the network is used only when the rule is on. */
function countingClient(): RegistryHook & { calls: number } {
  const inner = createRegistryClient({ timeoutMs: 10_000 });
  const hook = {
    calls: 0,
    fetchPublished(name: string, registry: string, tag?: string) {
      hook.calls++;
      return inner.fetchPublished(name, registry, tag);
    },
  };
  return hook;
}

describe('rule publish-size-anomaly (local registry)', function () {
  this.timeout(120_000);
  let reg: LocalRegistry;

  before(async function () {
    reg = await startLocalRegistry();
    reg.publish(writeTree({ 'package.json': pkg('1.0.0'), 'index.js': body(2000), 'README.md': '# fixture\n' }));
    reg.publish(writeTree({ 'package.json': pkg('1.1.0'), 'index.js': body(2000), 'lib/util.js': body(500), 'README.md': '# fixture\n' }));
  });
  after(async () => {
    await reg?.stop();
  });

  /** The configuration lives outside the tree (a .leakguardrc.json inside it would be published and counted). */
  const configFile = (config: object) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lg-cfg-')), '.leakguardrc.json');
    fs.writeFileSync(file, JSON.stringify(config));
    return file;
  };
  const on = (registry: RegistryHook | undefined, options: object = {}) => ({ configFile: configFile({ rules: { 'publish-size-anomaly': ['warning', { registry: reg.url, ...options }] } }), registry });

  it('the registry really holds both versions (latest = 1.1.0) and the client reads the tarball in memory', async () => {
    const packument = (await (await fetch(packumentUrl(reg.url, NAME))).json()) as { 'dist-tags': { latest: string }; versions: Record<string, unknown> };
    assert.deepEqual(Object.keys(packument.versions).sort(), ['1.0.0', '1.1.0']);
    assert.equal(packument['dist-tags'].latest, '1.1.0');
    const listing = await createRegistryClient().fetchPublished(NAME, reg.url);
    assert.ok(listing);
    assert.equal(listing.version, '1.1.0');
    assert.deepEqual(listing.files.map((f) => f.path), ['README.md', 'index.js', 'lib/util.js', 'package.json']);
    assert.equal(listing.files.find((f) => f.path === 'index.js')?.size, body(2000).length);
    assert.equal(await createRegistryClient().fetchPublished('never-published-here', reg.url), undefined);
  });

  it('reports growth over 50 %, a new source map and a new .env file (the 2.1.88 pattern)', async () => {
    const client = countingClient();
    const { findings, root } = await runOnTree(
      {
        'package.json': pkg('1.2.0'),
        'index.js': body(2000),
        'index.js.map': JSON.stringify({ version: 3, sources: ['src/index.ts'], sourcesContent: ['x'.repeat(20_000)], mappings: '' }),
        'lib/util.js': body(500),
        'README.md': '# fixture\n',
        '.env.production': 'A=1\n',
      },
      { rules: [rule], analyze: on(client) },
    );
    assert.equal(client.calls, 1);
    const ids = findings.map((f) => f.messageId).sort();
    assert.deepEqual(ids, ['growth', 'newSensitive', 'newSensitive'], JSON.stringify(findings.map((f) => f.message)));
    const growth = findings.find((f) => f.messageId === 'growth');
    assert.ok(growth);
    assert.equal(growth.severity, 'warning');
    assert.equal(growth.file, `${root}/package.json`);
    assert.match(growth.message, /since size-fixture@1\.1\.0 on http:\/\/127\.0\.0\.1:\d+\/; largest new files: index\.js\.map/);
    assert.match(growth.message, /\+\d+ %/);
    assert.ok(growth.related.some((r) => r.file === `${root}/index.js.map`));
    const kinds = findings.filter((f) => f.messageId === 'newSensitive').map((f) => `${f.data.file}:${f.data.kind}`).sort();
    assert.deepEqual(kinds, ['.env.production:.env file', 'index.js.map:source map']);
  });

  it('is off unless configured: no finding and no request, even with a registry hook', async () => {
    const client = countingClient();
    const { findings } = await runOnTree({ 'package.json': pkg('1.2.0'), 'index.js': body(2000), 'index.js.map': '{}', '.env': 'A=1' }, { rules: [rule], analyze: { registry: client } });
    assert.deepEqual(findings, []);
    assert.equal(client.calls, 0);
  });

  it('enabled without a hook (the language server) it stays silent', async () => {
    const { findings } = await runOnTree({ 'package.json': pkg('1.2.0'), 'index.js': body(2000), 'index.js.map': '{}' }, { rules: [rule], analyze: on(undefined) });
    assert.deepEqual(findings, []);
  });

  it('no finding for the same files, small growth, or a package never published there', async () => {
    const same = await runOnTree({ 'package.json': pkg('1.1.1'), 'index.js': body(2100), 'lib/util.js': body(500), 'README.md': '# fixture\n' }, { rules: [rule], analyze: on(countingClient()) });
    assert.deepEqual(same.findings.map((f) => f.message), []);
    const other = await runOnTree({ 'package.json': JSON.stringify({ name: 'brand-new-pkg', version: '0.0.1', main: 'index.js' }), 'index.js': '1', 'index.js.map': '{}' }, { rules: [rule], analyze: on(countingClient()) });
    assert.deepEqual(other.findings, []);
  });

  it('maxGrowthBytes and maxGrowthPercent options', async () => {
    const tree = { 'package.json': pkg('1.1.1'), 'index.js': body(2600), 'lib/util.js': body(500), 'README.md': '# fixture\n' };
    const byBytes = await runOnTree(tree, { rules: [rule], analyze: on(countingClient(), { maxGrowthBytes: 100 }) });
    assert.deepEqual(byBytes.findings.map((f) => f.messageId), ['growth']);
    assert.match(byBytes.findings[0].message, /largest new files: none \(existing files grew\)/);
    const byPercent = await runOnTree(tree, { rules: [rule], analyze: on(countingClient(), { maxGrowthPercent: 10 }) });
    assert.deepEqual(byPercent.findings.map((f) => f.messageId), ['growth']);
    const under = await runOnTree(tree, { rules: [rule], analyze: on(countingClient(), { maxGrowthPercent: 90 }) });
    assert.deepEqual(under.findings, []);
  });

  it('without a registry option it asks the registry npm publish would use (publishConfig.registry)', async () => {
    const client = countingClient();
    const { findings } = await runOnTree(
      { 'package.json': pkg('1.2.0', { publishConfig: { registry: reg.url } }), 'index.js': body(2000), 'lib/util.js': body(500), 'README.md': '# fixture\n', 'CLAUDE.md': '# notes\n' },
      { rules: [rule], analyze: { configFile: configFile({ rules: { 'publish-size-anomaly': 'warning' } }), registry: client } },
    );
    assert.equal(client.calls, 1);
    assert.deepEqual(findings.map((f) => `${f.messageId}:${f.data.kind}`), ['newSensitive:agent instructions']);
  });

  it('an unreachable registry is a finding (at the configured level) with the reason, not a crash', async () => {
    // A loopback port that was just free: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const dead = `http://127.0.0.1:${port}/`;
    const { findings } = await runOnTree({ 'package.json': pkg('1.2.0'), 'index.js': '1' }, { rules: [rule], analyze: { configFile: configFile({ rules: { 'publish-size-anomaly': ['info', { registry: dead }] } }), registry: createRegistryClient({ timeoutMs: 5000 }) } });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].messageId, 'fetchFailed');
    assert.equal(findings[0].severity, 'info');
    assert.ok(findings[0].message.includes(`cannot reach ${dead} (ECONNREFUSED)`), findings[0].message);
  });
});

describe('registry-client helpers', () => {
  it('sensitiveKind names the leak kinds by path', () => {
    assert.equal(sensitiveKind('dist/cli.js.map'), 'source map');
    assert.equal(sensitiveKind('.env.production'), '.env file');
    assert.equal(sensitiveKind('.env.example'), undefined);
    assert.equal(sensitiveKind('keys/id_rsa'), 'key or credential file');
    assert.equal(sensitiveKind('AGENTS.md'), 'agent instructions');
    assert.equal(sensitiveKind('sub/package-lock.json'), 'lockfile');
    assert.equal(sensitiveKind('dist/index.js'), undefined);
  });

  it('comparePublished: added, removed, changed, growth', () => {
    const d = comparePublished([{ path: 'a.js', size: 150 }, { path: 'b.js.map', size: 100 }], [{ path: 'a.js', size: 100 }, { path: 'old.js', size: 100 }]);
    assert.deepEqual(d.added, [{ path: 'b.js.map', size: 100, sensitive: 'source map' }]);
    assert.deepEqual(d.removed, [{ path: 'old.js', size: 100 }]);
    assert.deepEqual(d.changed, [{ path: 'a.js', before: 100, after: 150 }]);
    assert.equal(d.growthBytes, 50);
    assert.equal(d.growthPercent, 25);
    assert.equal(comparePublished([{ path: 'a', size: 1 }], []).growthPercent, null);
  });

  it('tokensFromNpmrcs: nerf-dart keys, ${VAR} expansion, unset variables skipped', () => {
    const file = (text: string) => ({ path: '/p/.npmrc', text, entries: parseNpmrc(text) });
    const tokens = tokensFromNpmrcs([file('//npm.acme.corp/:_authToken=${ACME_TOKEN}\n//other.example/npm/:_authToken=${UNSET_VAR_X}\n//lit.example/:_authToken=abc\n')], { ACME_TOKEN: 'tok' });
    assert.equal(tokens.get('https://npm.acme.corp/'), 'tok');
    assert.equal(tokens.get('https://lit.example/'), 'abc');
    assert.equal(tokens.has('https://other.example/npm/'), false);
  });
});
