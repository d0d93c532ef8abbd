/**
 * `leakguard audit` (the built dist/cli.js) against a real local registry: verdaccio on 127.0.0.1
 * with no uplinks. A package in 6 versions (two leak different things and share one token), a
 * scope with three packages, and a package whose stored tarball was corrupted after publishing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeTree } from '../helpers/rule-tester';
import { startLocalRegistry, npmEnv, type LocalRegistry } from '../helpers/local-registry';
import { SAMPLES } from '../engine/content-samples';
import * as zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { pack as tarPack } from 'tar-stream';
import { parseTarget, selectVersions } from '../../server/src/cli/audit';
import { auditPackages, TarballCache } from '../../server/src/engine/registry/audit';
import { RegistryError, type Dist, type RegistryClient } from '../../server/src/engine/registry/client';
import { allRules } from '../../rules/index';
import { runCliAsync } from '../helpers/run-cli';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const NAME = 'audit-fixture';
// Assembled at run time from pieces (content-samples.ts): the repository holds no token.
const TOKEN = SAMPLES.github;
const pkg = (name: string, version: string) => JSON.stringify({ name, version, main: 'index.js', license: 'UNLICENSED' }, null, 2);
const code = (n: number) => `module.exports = function f${n}() { return ${n}; };\n`;
const withToken = `const client = { auth: ${JSON.stringify(TOKEN)} };\nmodule.exports = client;\n`;
const map = JSON.stringify({ version: 3, file: 'index.js', sources: ['../src/index.ts', '../src/secret-sauce.ts'], sourcesContent: ['export const a = 1;\n'.repeat(40), 'export function sauce() { return 42; }\n'.repeat(40)], mappings: 'AAAA' });

const run = (args: string[], cwd: string, env: NodeJS.ProcessEnv) => runCliAsync(args, cwd, { ...env, NO_COLOR: '1' });

describe('CLI: leakguard audit (local registry)', function () {
  this.timeout(180_000);
  let reg: LocalRegistry;
  let env: NodeJS.ProcessEnv;
  let cacheDir: string;
  let cwd: string;

  before(async function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run "npm run build" first');
    reg = await startLocalRegistry();
    env = npmEnv(reg);
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-audit-cache-'));
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-audit-cwd-'));
    const v = (version: string, files: Record<string, string>, extra: string[] = []) => reg.publish(writeTree({ 'package.json': pkg(NAME, version), ...files }), extra);
    v('1.0.0', { 'index.js': code(1) });
    v('1.1.0', { 'index.js': code(2) });
    // 1.2.0: a map with first-party sources, and a token in the code.
    v('1.2.0', { 'index.js': code(3) + '//# sourceMappingURL=index.js.map\n', 'index.js.map': map, 'lib/client.js': withToken });
    v('1.3.0', { 'index.js': code(4) });
    // 1.4.0 (dist-tag beta): a .env file, and the same token again.
    v('1.4.0', { 'index.js': code(5), '.env': 'DATABASE_URL=postgres://app:hunter2hunter2@db.internal:5432/app\n', 'lib/client.js': withToken }, ['--tag', 'beta']);
    v('1.5.0', { 'index.js': code(6) });
    for (const [n, files] of [['a', { 'index.js': code(7) }], ['b', { 'index.js': code(8), 'lib/client.js': withToken }], ['c', { 'index.js': code(9) }]] as Array<[string, Record<string, string>]>) {
      reg.publish(writeTree({ 'package.json': pkg(`@acme/${n}`, '1.0.0'), ...files }));
    }
    reg.publish(writeTree({ 'package.json': pkg('corrupt-fixture', '1.0.0'), 'index.js': code(10) }));
    reg.publish(writeTree({ 'package.json': pkg('corrupt-fixture', '1.1.0'), 'index.js': code(11) }));
    // Damage the stored tarball of 1.0.0 after publishing (the packument keeps its integrity).
    const stored = path.join(reg.dir, 'storage', 'corrupt-fixture', 'corrupt-fixture-1.0.0.tgz');
    assert.ok(fs.existsSync(stored), `verdaccio stores tarballs at ${stored}`);
    fs.writeFileSync(stored, Buffer.from('this is not a tarball at all'));
  });
  after(async () => {
    await reg?.stop();
  });

  it('json: six versions, the two leaking ones with what leaked, dates, dist-tags; the token\'s first and last version', async () => {
    const r = await run(['audit', NAME, '--registry', reg.url, '--cache-dir', cacheDir, '--format', 'json'], cwd, env);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.versions.map((x: { version: string }) => x.version), ['1.0.0', '1.1.0', '1.2.0', '1.3.0', '1.4.0', '1.5.0']);
    const by = (ver: string) => out.versions.find((x: { version: string }) => x.version === ver);
    assert.deepEqual(out.versions.filter((x: { leaked: boolean }) => x.leaked).map((x: { version: string }) => x.version), ['1.2.0', '1.4.0']);
    assert.ok(out.versions.every((x: { status: string; published: string }) => x.status === 'audited' && !Number.isNaN(Date.parse(x.published))));
    assert.deepEqual(by('1.2.0').summary.sourceMaps, { maps: 1, sources: 2 });
    assert.equal(by('1.2.0').summary.tokens, 1);
    assert.deepEqual(by('1.2.0').summary.env, []);
    assert.deepEqual(by('1.4.0').summary.env, ['.env']);
    assert.deepEqual(by('1.4.0').summary.sourceMaps, { maps: 0, sources: 0 });
    assert.deepEqual(by('1.4.0').distTags, ['beta']);
    assert.deepEqual(by('1.5.0').distTags, ['latest']);
    assert.equal(by('1.3.0').findings.filter((f: { kind?: string }) => f.kind).length, 0);
    const token = out.secrets.find((s: { kind: string }) => s.kind === 'token');
    assert.equal(token.first, '1.2.0');
    assert.equal(token.last, '1.4.0');
    assert.deepEqual(token.versions, ['1.2.0', '1.4.0']);
    assert.match(token.fingerprint, /^[\w-]+:[0-9a-f]{16}$/);
    assert.ok(out.secrets.some((s: { kind: string; first: string; last: string }) => s.kind === 'env' && s.first === '1.4.0' && s.last === '1.4.0'));
    assert.ok(!r.stdout.includes(TOKEN) && !r.stdout.includes('hunter2hunter2'), 'no secret value in the output');
  });

  it('text: per version lines, secrets to rotate, npm deprecate commands (printed, never run); re-run comes from the cache', async () => {
    const r = await run(['audit', `${NAME}@>=1.1.0`, '--registry', reg.url, '--cache-dir', cacheDir], cwd, env);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /audit-fixture \(http:\/\/127\.0\.0\.1:\d+\/\): 5 versions audited, 2 leaked/);
    assert.match(r.stdout, /1\.2\.0 +\d{4}-\d\d-\d\d +LEAKED 1 source map with 2 first-party sources; 1 token/);
    assert.match(r.stdout, /1\.4\.0 +\d{4}-\d\d-\d\d \[beta\] +LEAKED \.env: \.env; 2 tokens/);
    assert.match(r.stdout, /1\.5\.0 +\d{4}-\d\d-\d\d \[latest\] +clean/);
    assert.match(r.stdout, /Secrets to rotate[^\n]*\n\s+\S+:[0-9a-f]{16} +\S.*first 1\.2\.0, last 1\.4\.0 \(2 versions\)/);
    assert.match(r.stdout, /! audit-fixture@1\.4\.0 leaked and is still "beta"/);
    assert.match(r.stdout, /npm deprecate audit-fixture@1\.2\.0 'Leaked .*' --registry http:\/\/127\.0\.0\.1:\d+\//);
    assert.match(r.stdout, /npm deprecate audit-fixture@1\.4\.0 /);
    assert.doesNotMatch(r.stdout, /npm deprecate audit-fixture@1\.(0|1|3|5)\.0/);
    assert.doesNotMatch(r.stdout, /1\.0\.0/, 'the range left 1.0.0 out');
    // Nothing was deprecated: the registry's packument has no "deprecated" field.
    const doc = await (await fetch(`${reg.url}${NAME}`)).json() as { versions: Record<string, { deprecated?: string }> };
    assert.ok(Object.values(doc.versions).every((x) => !x.deprecated));
    // Resumable: every tarball is in the content-addressed cache now.
    const again = await run(['audit', NAME, '--registry', reg.url, '--cache-dir', cacheDir, '--format', 'json'], cwd, env);
    assert.ok(JSON.parse(again.stdout).versions.every((x: { fromCache: boolean }) => x.fromCache));
    const cached = fs.readdirSync(path.join(cacheDir, 'tarballs', 'sha512'), { recursive: true }).filter((f) => String(f).endsWith('.tgz'));
    assert.equal(cached.length, 6);
  });

  it('a damaged cache entry is fetched again (checked on read)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-audit-cache2-'));
    await run(['audit', `${NAME}@1.5.0`, '--registry', reg.url, '--cache-dir', dir, '--format', 'json'], cwd, env);
    const file = fs.readdirSync(path.join(dir, 'tarballs', 'sha512'), { recursive: true }).map(String).find((f) => f.endsWith('.tgz'))!;
    fs.writeFileSync(path.join(dir, 'tarballs', 'sha512', file), 'garbage');
    const r = await run(['audit', `${NAME}@1.5.0`, '--registry', reg.url, '--cache-dir', dir, '--format', 'json'], cwd, env);
    assert.equal(r.code, 0, r.stderr);
    const [only] = JSON.parse(r.stdout).versions;
    assert.equal(only.status, 'audited');
    assert.equal(only.fromCache, false);
  });

  it('--scope lists the scope\'s three packages (registry search) and audits each', async () => {
    const r = await run(['audit', '--scope', '@acme', '--registry', reg.url, '--cache-dir', cacheDir, '--format', 'json'], cwd, env);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.packages, ['@acme/a', '@acme/b', '@acme/c']);
    assert.deepEqual(out.versions.filter((x: { leaked: boolean }) => x.leaked).map((x: { name: string }) => x.name), ['@acme/b']);
  });

  it('a corrupt tarball: a clear message, the other version is still audited, exit 2', async () => {
    const r = await run(['audit', 'corrupt-fixture', '--registry', reg.url, '--cache-dir', cacheDir], cwd, env);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /^leakguard: corrupt-fixture@1\.0\.0 could not be audited: corrupt-fixture@1\.0\.0: the tarball does not match its dist\.integrity$/m);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assert.match(r.stdout, /1\.0\.0 .*NOT AUDITED: .*dist\.integrity/);
    assert.match(r.stdout, /1\.1\.0 .*clean/);
  });

  it('sarif: one result per leaking finding, located by npm:NAME@VERSION/path', async () => {
    const r = await run(['audit', `${NAME}@1.4.0`, '--registry', reg.url, '--cache-dir', cacheDir, '--format', 'sarif'], cwd, env);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    const uris = sarif.runs[0].results.map((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.locations[0].physicalLocation.artifactLocation.uri);
    assert.ok(uris.includes('npm:audit-fixture@1.4.0/.env'), uris.join(' '));
    assert.ok(uris.includes('npm:audit-fixture@1.4.0/lib/client.js'), uris.join(' '));
  });

  it('usage errors and unknown packages: one clear line, exit 2', async () => {
    for (const [args, re] of [
      [['audit'], /needs at least one NAME/],
      [['audit', NAME, '--format', 'xml'], /--format must be text, json or sarif/],
      [['audit', NAME, '--since', 'yesterday-ish'], /--since expects a date/],
      [['audit', 'Not A Name'], /is not a package name/],
      [['audit', `${NAME}@not-a-range`, '--registry', reg.url, '--cache-dir', cacheDir], /neither a semver range nor a dist-tag/],
      [['audit', 'nobody-published-this', '--registry', reg.url, '--cache-dir', cacheDir], /nobody-published-this is not on http:\/\/127\.0\.0\.1/],
    ] as Array<[string[], RegExp]>) {
      const r = await run(args, cwd, env);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, re);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
    const h = await run(['audit', '--help'], cwd, env);
    assert.match(h.stdout, /Usage: leakguard audit NAME\[@RANGE\]\.\.\. \[--scope @acme\]/);
    assert.match((await run(['--help'], cwd, env)).stdout, /audit NAME\[@RANGE\]/);
  });
});

describe('audit helpers', () => {
  it('parseTarget splits scoped and unscoped names from ranges', () => {
    assert.deepEqual(parseTarget('@acme/x@^1.2.0'), { name: '@acme/x', range: '^1.2.0' });
    assert.deepEqual(parseTarget('x@latest'), { name: 'x', range: 'latest' });
    assert.deepEqual(parseTarget('@acme/x'), { name: '@acme/x', range: undefined });
    assert.throws(() => parseTarget('../etc'), /not a package name/);
  });

  it('selectVersions: ranges (prereleases included), dist-tags, --since, semver order', () => {
    const doc = { name: 'x', 'dist-tags': { latest: '1.10.0', next: '2.0.0-rc.1' }, versions: Object.fromEntries(['1.2.0', '1.10.0', '1.9.0', '2.0.0-rc.1'].map((v) => [v, {}])), time: { '1.2.0': '2024-01-01T00:00:00Z', '1.9.0': '2025-01-01T00:00:00Z', '1.10.0': '2025-06-01T00:00:00Z', '2.0.0-rc.1': '2025-07-01T00:00:00Z' } };
    assert.deepEqual(selectVersions(doc, undefined, undefined), ['1.2.0', '1.9.0', '1.10.0', '2.0.0-rc.1']);
    assert.deepEqual(selectVersions(doc, '1.x', undefined), ['1.2.0', '1.9.0', '1.10.0']);
    assert.deepEqual(selectVersions(doc, 'next', undefined), ['2.0.0-rc.1']);
    assert.deepEqual(selectVersions(doc, '>=1.9.0', undefined), ['1.9.0', '1.10.0', '2.0.0-rc.1']);
    assert.deepEqual(selectVersions(doc, undefined, Date.parse('2025-03-01')), ['1.10.0', '2.0.0-rc.1']);
  });

  it('auditPackages: a tarball that passes its integrity check but is not a tarball fails alone, with the reason', async () => {
    const p = tarPack();
    p.entry({ name: 'package/package.json' }, JSON.stringify({ name: 'x', version: '1.1.0' }));
    p.entry({ name: 'package/.env' }, 'A=1\n');
    p.finalize();
    const chunks: Buffer[] = [];
    for await (const c of p) chunks.push(c as Buffer);
    const good = zlib.gzipSync(Buffer.concat(chunks));
    const bodies: Record<string, Buffer> = { '1.0.0': zlib.gzipSync(Buffer.from('garbage '.repeat(200))), '1.1.0': good, '1.2.0': Buffer.alloc(0) };
    const sri = (b: Buffer) => `sha512-${createHash('sha512').update(b).digest('base64')}`;
    const client = {
      fetchPackument: async () => ({ name: 'x', 'dist-tags': { latest: '1.1.0' }, versions: Object.fromEntries(Object.entries(bodies).map(([v, b]) => [v, { dist: { tarball: `http://r.invalid/x-${v}.tgz`, integrity: sri(b) } }])) }),
      fetchTarball: async (dist: Dist) => {
        const v = /x-(.*)\.tgz$/.exec(dist.tarball ?? '')?.[1] ?? '';
        if (!bodies[v]) throw new RegistryError('no such tarball');
        return bodies[v];
      },
      searchScope: async () => [],
      fetchPublished: async () => undefined,
    } as RegistryClient;
    const out = await auditPackages([{ name: 'x', registry: 'http://r.invalid/' }], { client, cache: new TarballCache(fs.mkdtempSync(path.join(os.tmpdir(), 'lg-ap-'))), rules: allRules });
    const by = Object.fromEntries(out.versions.map((v) => [v.version, v]));
    assert.equal(by['1.0.0'].status, 'failed');
    assert.match(by['1.0.0'].error ?? '', /x@1\.0\.0\.tgz: the tarball cannot be read \(not a valid tar archive/);
    assert.equal(by['1.2.0'].status, 'failed');
    assert.match(by['1.2.0'].error ?? '', /the tarball holds no files|cannot be read/);
    assert.equal(by['1.1.0'].status, 'audited');
    assert.deepEqual(by['1.1.0'].summary.env, ['.env']);
  });
});
