/**
 * Bad input everywhere (issue "Reliability and security"): never a crash, a hang or a stack trace;
 * a clear finding or message instead. And privacy: nothing opens a socket.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { allRules } from '../../rules/index';
import { writeTree, analyzeRoot } from '../helpers/rule-tester';
import { startServer, killAll } from '../helpers/lsp-client';
import { makeUnit } from '../../server/src/engine/workspace';
import { parseSuppressions, SuppressionIndex } from '../../server/src/engine/config/suppressions';
import { applyConfigText, defaultConfig, regexProblem } from '../../server/src/engine/config';
import { analyzeFolder } from '../../server/src/engine/runner';
import { DiskFileSystem } from '../../server/src/engine/safe/fs';
import type { FileRule } from '../../server/src/engine/context';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const rules = [...allRules];
const ids = new Set(rules.map((r) => r.meta.id));

describe('robustness: bad input never crashes the engine', function () {
  this.timeout(120_000);

  const manifests: Array<[string, string]> = [
    ['an array', '[]'],
    ['files as a string', JSON.stringify({ name: 'a', version: '1.0.0', files: 'dist' })],
    ['numbers and nulls in files', JSON.stringify({ name: 'a', version: '1.0.0', files: [1, null, 'dist', { x: 1 }] })],
    ['duplicate keys', '{ "name": "a", "name": "b", "version": "1.0.0", "files": ["x"], "files": null }'],
    ['a BOM', '\ufeff' + JSON.stringify({ name: 'bom', version: '1.0.0', main: 'index.js' })],
    ['truncated JSON', '{ "name": "a", "version": '],
    ['an empty file', ''],
    ['binary garbage', '\u0000\u0001\u0002PK\u0003\u0004'],
    ['bin, main and exports of the wrong types', JSON.stringify({ name: 'a', version: '1.0.0', main: 5, bin: [1], exports: { '.': null }, browser: false, workspaces: 'x' })],
  ];
  for (const [what, text] of manifests) {
    it(`package.json that is ${what}`, async () => {
      const root = writeTree({ 'package.json': text, 'index.js': 'module.exports = 1;\n', 'dist/a.js.map': '{"version":3,' });
      const { findings, problems } = await analyzeRoot(root, { rules });
      assert.ok(Array.isArray(findings));
      for (const p of problems) assert.doesNotMatch(p, /\n\s+at /, 'no stack traces in problems');
    });
  }

  it('a 20 MB package.json, a 20 MB single-line file, binary files with text names, unicode and spaces in names', async () => {
    const big = JSON.stringify({ name: 'big', version: '1.0.0', main: 'index.js', description: 'x'.repeat(20 * 1024 * 1024) });
    const root = writeTree({
      'package.json': big,
      'index.js': 'var a="' + 'q'.repeat(20 * 1024 * 1024) + '";\n',
      'fake.js': Buffer.from([0, 1, 2, 3, 0, 255, 254]),
      'dir with spaces/ünïcødé file.js': 'export const x = "hello";\n',
      'empty.js': '',
    });
    const t0 = Date.now();
    const { findings } = await analyzeRoot(root, { rules });
    assert.ok(Array.isArray(findings));
    assert.ok(Date.now() - t0 < 60_000, 'finishes (generous bound: the point is no hang)');
  });

  it('symlink loops, symlinks out of the workspace, 100-deep folders, an unreadable folder, no package.json at all', async function () {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-outside-'));
    fs.writeFileSync(path.join(outside, 'package.json'), JSON.stringify({ name: 'outside', version: '1.0.0' }));
    const root = writeTree({ 'package.json': JSON.stringify({ name: 'links', version: '1.0.0', main: 'index.js' }), 'index.js': '1' });
    fs.symlinkSync(root, path.join(root, 'loop'));
    fs.symlinkSync(outside, path.join(root, 'out'));
    let deep = path.join(root, 'deep');
    // npm's own packer is superlinear in folder depth (npm pack --dry-run takes ~34 s at 200 levels here);
    // 100 levels keeps this test short while still far beyond real trees.
    for (let i = 0; i < 100; i++) deep = path.join(deep, 'd');
    fs.mkdirSync(deep, { recursive: true });
    fs.writeFileSync(path.join(deep, 'x.txt'), 'x');
    const locked = path.join(root, 'locked');
    fs.mkdirSync(locked);
    fs.writeFileSync(path.join(locked, 'package.json'), '{}');
    fs.chmodSync(locked, 0o000);
    try {
      const { findings, result } = await (async () => {
        const r = await analyzeRoot(root, { rules });
        return { findings: r.findings, result: r };
      })();
      assert.ok(result.units.every((u) => !u.unit.root.startsWith(outside)), 'symlinks are not followed out of the workspace');
      assert.ok(Array.isArray(findings));
      const empty = writeTree({ 'README.md': '# nothing to publish here\n' });
      const r2 = await analyzeRoot(empty, { rules });
      assert.equal(r2.units.length, 0);
    } finally {
      fs.chmodSync(locked, 0o755);
    }
  });

  it('a rule that throws is isolated: reported once as info, every other rule still runs', async () => {
    const boom: FileRule = {
      kind: 'file',
      meta: { id: 'test-double-that-throws', family: 'prompt', description: 'test double that throws (a fake id: no real rule has it)', defaultSeverity: 'warning', messages: { x: 'x' } },
      check() {
        throw new Error('kaboom');
      },
    };
    const root = writeTree({ 'package.json': JSON.stringify({ name: 'a', version: '1.0.0', main: 'index.js' }), 'index.js': 'const banner = "DO NOT SHIP";\n', 'other.js': '1' });
    const res = await analyzeFolder({ fs: new DiskFileSystem(), folder: root, rules: [...rules, boom] });
    const crashes = res.findings.filter((f) => f.ruleId === 'test-double-that-throws');
    assert.ok(crashes.length >= 2);
    assert.equal(new Set(crashes.map((f) => f.file)).size, crashes.length, 'once per file');
    assert.ok(crashes.every((f) => f.severity === 'info' && /failed on this file \(kaboom\)/.test(f.message)));
    assert.ok(res.problems.some((p) => /test-double-that-throws failed/.test(p)));
    assert.ok(res.findings.some((f) => f.ruleId === 'publish-missing-files-allowlist'), 'other rules still ran');
  });
});

describe('robustness: property tests for the engine parsers', () => {
  it('makeUnit never throws on any text', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      makeUnit('/tmp/x/package.json', s);
    }), { numRuns: 500 });
  });

  it('suppression parsing never throws and finds a directive it was given', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => {
      const text = `${a}\n// leakguard-disable-next-line secret-known-token-format -- fixture\n${b}`;
      const d = parseSuppressions(text);
      assert.ok(d.some((x) => x.kind === 'disable-next-line' && x.rules.includes('secret-known-token-format')));
      new SuppressionIndex(a + b).find('x', Math.floor(a.length / 2));
    }), { numRuns: 300 });
  });

  it('config parsing never throws on random text or random JSON values', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), (s) => {
      const c = defaultConfig('/tmp');
      applyConfigText(c, '/tmp/.leakguardrc.json', s, ids);
    }), { numRuns: 500 });
  });

  it('regexProblem never throws and rejects what RE2 cannot run (back-references, look-ahead)', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      regexProblem(s);
    }), { numRuns: 500 });
    for (const bad of ['(a)\\1', 'x(?=y)', '(?!a)b', '(']) assert.ok(regexProblem(bad), bad);
    for (const ok of ['project[-_ ]?falcon', '^exp_', 'zephyr(ine)?', '(a+)+$', '(x+x+)+y']) assert.equal(regexProblem(ok), undefined, ok);
  });
});

describe('privacy: no network in any default path', function () {
  this.timeout(60_000);
  it('the CLI analyses a leaky tree with sockets and DNS blocked and opens none', () => {
    const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lg-net-')), 'net.log');
    fs.writeFileSync(log, '');
    const token = ['ghp', '_', 'Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz'].join('');
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'x', version: '1.0.0', main: 'index.js', repository: 'https://github.com/x/x' }),
      'index.js': `const t = "${token}";\nconst host = "https://api.int.acme.corp/v1";\n`,
      '.npmrc': '//registry.npmjs.org/:_authToken=npm_' + 'A'.repeat(36) + '\n',
    });
    const r = spawnSync(process.execPath, ['--require', path.resolve(__dirname, '../fixtures/no-network.cjs'), CLI, 'check', '.', '--format', 'json'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, LEAKGUARD_NET_LOG: log, HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' },
    });
    assert.equal(fs.readFileSync(log, 'utf8'), '', 'no socket, no DNS lookup');
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    const out = JSON.parse(r.stdout) as { findings: Array<{ message: string }> };
    assert.ok(out.findings.length > 0);
    for (const f of out.findings) assert.ok(!f.message.includes(token), 'secrets are redacted in messages');
    assert.ok(!r.stdout.includes(token), 'no full secret anywhere in the JSON output');
  });

  it('the language server analyses, publishes diagnostics and answers code actions with sockets and DNS blocked, opening none', async () => {
    const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lg-net-')), 'net.log');
    fs.writeFileSync(log, '');
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'x', version: '1.0.0', main: 'index.js' }, null, 2),
      'index.js': 'const host = "https://api.int.acme.corp/v1";\n',
      '.env': 'A=1\n',
    });
    const { client } = await startServer(root, {
      nodeArgs: ['--require', path.resolve(__dirname, '../fixtures/no-network.cjs')],
      env: { ...process.env, LEAKGUARD_NET_LOG: log, HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' },
    });
    try {
      const uri = client.open(path.join(root, 'package.json'), 'json');
      const diags = await client.waitFor(uri, (d) => d.some((x) => x.code === 'secret-dotenv-in-publish-set'));
      const actions = await client.codeActions(uri, diags[0].range, diags);
      assert.ok(actions.length > 0);
      assert.equal(await client.shutdown(), 0);
      assert.equal(fs.readFileSync(log, 'utf8'), '', 'no socket, no DNS lookup');
    } finally {
      killAll();
    }
  });
});
