/**
 * `leakguard diff` (the built dist/cli.js) against a real local registry: verdaccio on 127.0.0.1
 * with no uplinks, holding two versions of a fixture published with the real `npm publish`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { writeTree } from '../helpers/rule-tester';
import { startLocalRegistry, npmEnv, type LocalRegistry } from '../helpers/local-registry';
import { runCli } from '../../server/src/cli/main';
import { allRules, docsUrl } from '../../rules/index';
import sizeAnomaly from '../../rules/publish-size-anomaly';
import { runCliAsync } from '../helpers/run-cli';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const NAME = 'diff-fixture';
const pkg = (version: string, extra: object = {}) => JSON.stringify({ name: NAME, version, main: 'index.js', license: 'MIT', ...extra }, null, 2);
const js = (n: number) => `module.exports = ${JSON.stringify('y'.repeat(n))};\n`;

const run = (args: string[], cwd: string, env: NodeJS.ProcessEnv) => runCliAsync(args, cwd, { ...env, NO_COLOR: '1' });

describe('CLI: leakguard diff (local registry)', function () {
  this.timeout(120_000);
  let reg: LocalRegistry;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run "npm run build" first');
    reg = await startLocalRegistry();
    env = npmEnv(reg);
    reg.publish(writeTree({ 'package.json': pkg('1.0.0'), 'index.js': js(1000), 'old.js': js(100), 'README.md': '# d\n' }));
    reg.publish(writeTree({ 'package.json': pkg('1.1.0'), 'index.js': js(2000), 'old.js': js(100), 'README.md': '# d\n' }));
    reg.publish(writeTree({ 'package.json': JSON.stringify({ name: '@acme/scoped', version: '2.0.0', main: 'index.js' }), 'index.js': js(10) }));
  });
  after(async () => {
    await reg?.stop();
  });

  const leakyNext = () =>
    writeTree({
      'package.json': pkg('1.2.0'),
      'index.js': js(2500),
      'index.js.map': JSON.stringify({ version: 3, sources: ['src/index.ts'], sourcesContent: ['z'.repeat(30_000)], mappings: '' }),
      '.env.production': 'A=1\n',
      'README.md': '# d\n',
    });

  it('text: names the registry, added/removed files, growth and the new sensitive files; exit 1', async () => {
    const r = await run(['diff', '--registry', reg.url], leakyNext(), env);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`^Registry: ${reg.url.replace(/[.]/g, '\\.')} \\(--registry\\)`));
    assert.match(r.stdout, /diff-fixture: 1\.2\.0 here vs 1\.1\.0 published/);
    assert.match(r.stdout, /files {2}4 → 5 \(\+2 added, -1 removed\)/);
    assert.match(r.stdout, /\+ \.env\.production .* NEW \.env file/);
    assert.match(r.stdout, /\+ index\.js\.map .* NEW source map/);
    assert.match(r.stdout, /- old\.js/);
    assert.match(r.stdout, /~ index\.js {2}2\.0 kB → 2\.5 kB/);
    assert.match(r.stdout, /2 new sensitive files would be published/);
  });

  it('json: the documented shape', async () => {
    const r = await run(['diff', '--registry', reg.url, '--format', 'json'], leakyNext(), env);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.version, 1);
    assert.deepEqual(out.package, { name: NAME, version: '1.2.0' });
    assert.deepEqual(out.registry, { url: reg.url, source: '--registry' });
    assert.equal(out.published.version, '1.1.0');
    assert.equal(out.published.files, 4);
    assert.equal(out.local.files, 5);
    assert.deepEqual(out.added.map((f: { path: string }) => f.path), ['.env.production', 'index.js.map']);
    assert.deepEqual(out.removed.map((f: { path: string }) => f.path), ['old.js']);
    assert.deepEqual(out.newSensitive.map((f: { path: string; kind: string }) => `${f.path}:${f.kind}`), ['.env.production:.env file', 'index.js.map:source map']);
    assert.ok(out.growth.bytes > 30_000 && out.growth.percent > 100);
  });

  it('nothing new and sensitive: exit 0; the registry comes from publishConfig.registry', async () => {
    const dir = writeTree({ 'package.json': pkg('1.1.1', { publishConfig: { registry: reg.url } }), 'index.js': js(2100), 'README.md': '# d\n' });
    const r = await run(['diff'], dir, env);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /\(publishConfig\["registry"\] in package\.json\)/);
    assert.match(r.stdout, /No new source maps/);
  });

  it('the registry comes from the project .npmrc scope line; PATH may be another folder', async () => {
    const dir = writeTree({ 'pkg/package.json': JSON.stringify({ name: '@acme/scoped', version: '2.1.0', main: 'index.js' }), 'pkg/index.js': js(10), 'pkg/.npmrc': `@acme:registry=${reg.url}\n`, 'pkg/CLAUDE.md': '# notes\n' });
    const r = await run(['diff', 'pkg', '--format', 'json'], dir, env);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.registry.url, reg.url);
    assert.equal(out.registry.source, '@acme:registry in pkg/.npmrc:1');
    assert.deepEqual(out.newSensitive.map((f: { path: string }) => f.path), ['CLAUDE.md']);
  });

  it('a package the registry does not have: every file is new', async () => {
    const dir = writeTree({ 'package.json': JSON.stringify({ name: 'not-there-yet', version: '0.1.0', main: 'index.js' }), 'index.js': '1' });
    const r = await run(['diff', '--registry', reg.url], dir, env);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /not-there-yet is not published on .* yet/);
  });

  it('network and usage errors exit 2 with one clear line and no stack', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const dir = leakyNext();
    const dead = await run(['diff', '--registry', `http://127.0.0.1:${port}/`], dir, env);
    assert.equal(dead.code, 2);
    assert.match(dead.stderr, new RegExp(`^leakguard: diff: cannot reach http://127\\.0\\.0\\.1:${port}/ \\(ECONNREFUSED\\) \\(registry from --registry\\)\\.\\n$`));
    const priv = writeTree({ 'package.json': JSON.stringify({ name: 'p', version: '1.0.0', private: true }) });
    for (const [args, cwd, re] of [
      [['diff', '--format', 'xml'], dir, /--format must be text or json/],
      [['diff', 'a', 'b'], dir, /at most one PATH/],
      [['diff', 'nope'], dir, /no package\.json there/],
      [['diff', '--registry', 'ftp://x'], dir, /http\(s\) URL/],
      [['diff'], priv, /"private": true/],
    ] as Array<[string[], string, RegExp]>) {
      const r = await run(args, cwd, env);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^leakguard: /);
      assert.match(r.stderr, re);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('help lists diff; diff --help explains it', async () => {
    const dir = leakyNext();
    assert.match((await run(['--help'], dir, env)).stdout, /diff \[PATH\]/);
    const h = await run(['diff', '--help'], dir, env);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /Usage: leakguard diff \[PATH\] \[--registry URL\]/);
  });

  it('check --registry-check with publish-size-anomaly enabled asks the same registry', async function () {
    const dir = leakyNext();
    fs.writeFileSync(path.join(dir, '.leakguardrc.json'), JSON.stringify({ rules: { 'publish-size-anomaly': ['warning', { registry: reg.url }] } }));
    fs.writeFileSync(path.join(dir, '.npmignore'), '.leakguardrc.json\n');
    const r = await run(['check', '--registry-check', '--format', 'json', '--fail-on', 'never'], dir, env);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const mine = JSON.parse(r.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'publish-size-anomaly');
    assert.deepEqual(mine.map((f: { messageId: string }) => f.messageId).sort(), ['growth', 'newSensitive', 'newSensitive']);
  });

  it('check --registry-check wires the lazy registry hook into the runner (in process, with the rule added to the registry)', async () => {
    const dir = leakyNext();
    fs.writeFileSync(path.join(dir, '.leakguardrc.json'), JSON.stringify({ rules: { 'publish-size-anomaly': ['warning', { registry: reg.url }] } }));
    fs.writeFileSync(path.join(dir, '.npmignore'), '.leakguardrc.json\n');
    const rules = allRules.some((r) => r.meta.id === sizeAnomaly.meta.id) ? allRules : [...allRules, sizeAnomaly];
    let stdout = '';
    let stderr = '';
    const code = await runCli(['check', '--registry-check', '--format', 'json', '--fail-on', 'never'], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, isTTY: false, env }, { rules, docsUrl, version: 'test' });
    assert.equal(code, 0, stdout + stderr);
    const mine = JSON.parse(stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'publish-size-anomaly');
    assert.deepEqual(mine.map((f: { messageId: string }) => f.messageId).sort(), ['growth', 'newSensitive', 'newSensitive']);
    // Opt-in: without the rule in the configuration it does not run.
    fs.writeFileSync(path.join(dir, '.leakguardrc.json'), '{}');
    stdout = '';
    await runCli(['check', '--registry-check', '--format', 'json', '--fail-on', 'never'], { stdout: (t) => (stdout += t), stderr: () => undefined, cwd: dir, isTTY: false, env }, { rules, docsUrl, version: 'test' });
    assert.equal(JSON.parse(stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'publish-size-anomaly').length, 0);
  });
});
