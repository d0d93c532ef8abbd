/**
 * `leakguard/publishedVersions` over real JSON-RPC (the built server) against a real local
 * registry (verdaccio on 127.0.0.1, no uplinks): the "Published versions" node of the Publish Set
 * view asks it when the user runs "Audit published versions" (issue #22).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeTree } from '../helpers/rule-tester';
import { startServer, killAll } from '../helpers/lsp-client';
import { startLocalRegistry, npmEnv, type LocalRegistry } from '../helpers/local-registry';
import { PublishedVersionsRequest } from '../../protocol';

const NAME = 'pv-fixture';
const pkg = (version: string, extra: object = {}) => JSON.stringify({ name: NAME, version, main: 'index.js', license: 'UNLICENSED', ...extra }, null, 2);

interface Result {
  root: string;
  name?: string;
  versions: Array<{ version: string; leaked: boolean; distTags: string[]; status: string; summary: { env: string[] }; findings: Array<{ ruleId: string }> }>;
  error?: string;
}

describe('server: leakguard/publishedVersions (local registry)', function () {
  this.timeout(120_000);
  let reg: LocalRegistry;
  let ws: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    reg = await startLocalRegistry();
    reg.publish(writeTree({ 'package.json': pkg('1.0.0'), 'index.js': 'module.exports = 1;\n' }));
    reg.publish(writeTree({ 'package.json': pkg('1.1.0'), 'index.js': 'module.exports = 2;\n', '.env.production': 'API_URL=https://api.internal\n' }));
    reg.publish(writeTree({ 'package.json': pkg('1.2.0'), 'index.js': 'module.exports = 3;\n' }));
    ws = writeTree({ 'package.json': pkg('1.3.0', { publishConfig: { registry: reg.url } }), 'index.js': 'module.exports = 4;\n' });
    env = { ...npmEnv(reg), XDG_CACHE_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'lg-pv-cache-')) };
  });
  afterEach(() => killAll());
  after(async () => reg?.stop());

  it('audits the unit\'s published versions on its publish registry, newest first', async () => {
    const { client } = await startServer(ws, { env });
    await client.analysed();
    const r = (await client.conn.sendRequest(PublishedVersionsRequest, { root: fs.realpathSync(ws) })) as Result;
    assert.equal(r.error, undefined, JSON.stringify(r));
    assert.equal(r.name, NAME);
    assert.deepEqual(r.versions.map((v) => v.version), ['1.2.0', '1.1.0', '1.0.0']);
    assert.deepEqual(r.versions.map((v) => v.leaked), [false, true, false]);
    assert.deepEqual(r.versions[1].summary.env, ['.env.production']);
    assert.deepEqual(r.versions[0].distTags, ['latest']);
    assert.ok(r.versions[1].findings.some((f) => f.ruleId === 'secret-dotenv-in-publish-set'));
    assert.ok(fs.readdirSync(path.join(env.XDG_CACHE_HOME as string, 'leakguard', 'tarballs')).length > 0, 'tarballs in the user cache');
    await client.shutdown();
  });

  it('refuses in an untrusted workspace, and for a folder it did not analyse', async () => {
    const { client } = await startServer(ws, { env, initializationOptions: { trusted: false } });
    await client.analysed();
    const r = (await client.conn.sendRequest(PublishedVersionsRequest, { root: fs.realpathSync(ws) })) as Result;
    assert.match(r.error ?? '', /Trust this workspace/);
    assert.deepEqual(r.versions, []);
    await client.shutdown();
    const { client: c2 } = await startServer(ws, { env });
    await c2.analysed();
    const r2 = (await c2.conn.sendRequest(PublishedVersionsRequest, { root: '/nowhere' })) as Result;
    assert.match(r2.error ?? '', /No analysed package at \/nowhere/);
    await c2.shutdown();
  });
});
