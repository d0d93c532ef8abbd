/**
 * The CLI bundle loaded with V8's code cache (issue #20, server/src/cli/code-cache.ts): the cache
 * the build writes is the one V8 accepts under the launcher's flags; a missing, damaged or stale
 * cache changes nothing but the time; the bundle sees the module scope Node would give it. Every
 * load runs in its own process (V8 keeps compiled scripts per process, which would hide a refusal).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { writeTree } from '../helpers/rule-tester';

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');

/** Runs `code` in a fresh Node with tsx (sources importable), from the repository root; its stdout lines. */
function inChild(code: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', code], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Loads `file` with `cache` in a fresh process (after the launcher's V8 flags); what the bundle and the loader said. */
function load(file: string, cache: string, write = false): { rejected: boolean | undefined; value: unknown } {
  const r = inChild(`
    require('./server/src/cli/jit');
    const { loadBundle } = require('./server/src/cli/code-cache');
    const b = loadBundle(${JSON.stringify(file)}, ${JSON.stringify(cache)});
    const value = typeof b.exports.probe === 'function' ? b.exports.probe() : Object.keys(b.exports).sort();
    if (${write}) b.writeCache();
    process.stdout.write(JSON.stringify({ rejected: b.cacheRejected ?? null, value }));
  `);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { rejected: boolean | null; value: unknown };
  return { rejected: out.rejected ?? undefined, value: out.value };
}

const BUNDLE = [
  '(function (exports, require, module, __filename, __dirname) {',
  "const helper = require('./helper.js');",
  "exports.probe = () => ({ dir: __dirname, file: path.basename(__filename), helper: helper.name, same: module.exports === exports, line: new Error('x').stack.split('\\n')[1].replace(/.*:(\\d+):\\d+\\)?$/, '$1') });",
  "const path = require('node:path');",
  '})',
].join('\n');

describe('CLI: the bundle with V8 code cache', function () {
  this.timeout(120_000);

  it('runs a bundle with Node\'s module scope; writes a cache V8 then accepts; a damaged or stale one is refused and changes nothing', () => {
    const dir = writeTree({ 'bundle.js': BUNDLE, 'helper.js': "exports.name = 'helper';\n" });
    const file = path.join(dir, 'bundle.js');
    const cache = path.join(dir, 'bundle.cache');
    const expected = { dir, file: 'bundle.js', helper: 'helper', same: true, line: '3' };

    const none = load(file, cache, true);
    assert.equal(none.rejected, undefined, 'no cache yet');
    assert.deepEqual(none.value, expected);
    assert.ok(fs.statSync(cache).size > 0, 'writeCache wrote the cache');

    const cached = load(file, cache);
    assert.equal(cached.rejected, false, 'V8 accepts the cache it wrote');
    assert.deepEqual(cached.value, expected);

    // V8 does not check a cache's bytes (a damaged one aborted the process): the loader does.
    const good = fs.readFileSync(cache);
    for (const from of [0, 8, 80, good.length - 40]) {
      const damaged = Buffer.from(good);
      for (let i = from; i < damaged.length; i += 7) damaged[i] ^= 0x5a;
      fs.writeFileSync(cache, damaged);
      const bad = load(file, cache);
      assert.equal(bad.rejected, true, `a cache damaged from byte ${from} is refused`);
      assert.deepEqual(bad.value, expected);
    }

    fs.writeFileSync(cache, good.subarray(0, good.length >> 1));
    assert.equal(load(file, cache).rejected, true, 'a truncated cache is refused');

    // V8 knows a source by its length: a bundle of the same length is another bundle all the same.
    for (const other of [BUNDLE.replace("Error('x')", "Error('y')"), BUNDLE.replace('const path =', 'const path  =')]) {
      fs.writeFileSync(cache, good);
      fs.writeFileSync(file, other);
      const stale = load(file, cache);
      assert.equal(stale.rejected, true, 'a cache of another source is refused');
      assert.deepEqual(stale.value, expected);
    }
    fs.writeFileSync(file, BUNDLE);
    assert.equal(load(file, cache).rejected, false, 'and accepted again with its own bundle');
  });

  it('the build\'s dist/cli-bundle.cache is accepted under the launcher\'s V8 flags (and refused without them)', () => {
    const bundle = path.join(DIST, 'cli-bundle.js');
    const cache = path.join(DIST, 'cli-bundle.cache');
    if (!fs.existsSync(cache)) throw new Error('dist/cli-bundle.cache is missing: run "npm run build" first');
    const built = load(bundle, cache);
    assert.equal(built.rejected, false);
    // The bundle only exports: loading it runs no command.
    assert.deepEqual(built.value, ['fileWorker', 'main']);
    const noFlags = inChild(`
      const { loadBundle } = require('./server/src/cli/code-cache');
      process.stdout.write(String(loadBundle(${JSON.stringify(bundle)}, ${JSON.stringify(cache)}).cacheRejected));
    `);
    assert.equal(noFlags.stdout, 'true', noFlags.stderr);
  });

  it('the bundle calls no import() (vm.Script has no loader for it)', () => {
    const text = fs.readFileSync(path.join(DIST, 'cli-bundle.js'), 'utf8');
    assert.doesNotMatch(text, /(?<![\w$.])import\(\s*["'`](?:node:)?(?:fs|path|os|url|crypto|child_process)["'`/]/);
  });

  it('a launcher whose cache is damaged or missing gives the same output, workers included; without its bundle, a clear error', () => {
    const tree: Record<string, string> = { 'package.json': JSON.stringify({ name: 'cc-probe', version: '1.0.0', main: 'lib/m0.js' }) };
    for (let i = 0; i < 12; i++) tree[`lib/m${i}.js`] = i % 4 === 0 ? `exports.t = '${'ghp' + '_' + `${i}`.padStart(4, '0') + 'aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3'}';\n` : `exports.v${i} = ${i};\n`;
    const work = writeTree(tree);
    const run = (cli: string, jobs: string) => {
      const r = spawnSync(process.execPath, [cli, 'check', '.', '--format', 'json', '--fail-on', 'never', '--jobs', jobs], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', LEAKGUARD_JOBS: '' } });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '');
      const out = JSON.parse(r.stdout) as { stats?: Array<{ ms?: number }> };
      for (const s of out.stats ?? []) delete s.ms;
      return out;
    };
    const expected = run(path.join(DIST, 'cli.js'), '0');
    assert.ok(JSON.stringify(expected).includes('secret-known-token-format'), 'not vacuous');

    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-cc-'));
    for (const f of ['cli.js', 'cli-bundle.js']) fs.copyFileSync(path.join(DIST, f), path.join(copy, f));
    const cli = path.join(copy, 'cli.js');
    assert.deepEqual(run(cli, '0'), expected, 'no cache');
    assert.deepEqual(run(cli, '2'), expected, 'no cache, two workers');
    const damaged = fs.readFileSync(path.join(DIST, 'cli-bundle.cache'));
    for (let i = 64; i < damaged.length; i += 101) damaged[i] ^= 0xff;
    fs.writeFileSync(path.join(copy, 'cli-bundle.cache'), damaged);
    assert.deepEqual(run(cli, '0'), expected, 'damaged cache');
    assert.deepEqual(run(cli, '2'), expected, 'damaged cache, two workers');

    fs.rmSync(path.join(copy, 'cli-bundle.js'));
    const r = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^leakguard: .*cli-bundle\.js is missing; reinstall leakguard/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });
});
