/**
 * Issue #15 item 5: configuration regexes that passed the old syntactic check still hung the CLI
 * and the language server. They now run on RE2 (linear time). Each attack runs the built CLI or
 * server in a child process under a generous deadline (a hang fails; no tight timings), and each
 * also shows the pattern is really used (it finds what it should), so "finishes" cannot mean
 * "silently skipped".
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { writeTree } from '../helpers/rule-tester';
import { startServer, killAll } from '../helpers/lsp-client';
import { runCli } from './hostile-run';

const pkg = JSON.stringify({ name: 'victim', version: '1.0.0', main: 'cli.js', files: ['cli.js'], license: 'MIT', repository: 'https://github.com/acme/victim' });
/** The deny-list pattern: accepted by the old check, still running after 60 s on 3 KB. */
const BOUNDED_REPEAT = '(?:[\\s\\S]{0,16}){16}@@@';
/** The pattern that took 18 s on 512 characters. */
const TRIPLE_STAR = '[\\s\\S]*[\\s\\S]*[\\s\\S]*x';
/** The unreleasedFlagPatterns entry that hung the language server. */
const NESTED_STAR = '(?:a*){1,16}b';

const json = (stdout: string) => JSON.parse(stdout) as { findings: Array<{ ruleId: string; messageId: string; file: string; message: string }> };

describe('security: configuration regexes run in linear time (issue #15 item 5)', function () {
  this.timeout(120_000);
  afterEach(killAll);

  it(`CLI: deny-list ${BOUNDED_REPEAT} on 3 KB finishes, and still matches where "@@@" is`, () => {
    const root = writeTree({
      'package.json': pkg,
      'cli.js': `${'y'.repeat(3 * 1024)}\n`,
      'notes.js': 'x',
      '.leakguardrc.json': JSON.stringify({ denyList: [{ pattern: BOUNDED_REPEAT, regex: true }] }),
    });
    const clean = runCli(['check', '--format', 'json'], root);
    assert.equal(clean.timedOut, false, `timed out after ${clean.ms} ms`);
    assert.equal(clean.code, 0, clean.stderr);
    assert.deepEqual(json(clean.stdout).findings.filter((f) => f.ruleId === 'prompt-internal-codename'), []);

    writeTree({ 'cli.js': `${'y'.repeat(3 * 1024)}@@@\n` }, root);
    const hit = runCli(['check', '--format', 'json', '--fail-on', 'never'], root);
    assert.equal(hit.timedOut, false);
    assert.equal(hit.code, 0, hit.stderr);
    assert.ok(json(hit.stdout).findings.some((f) => f.ruleId === 'prompt-internal-codename' && f.file.endsWith('cli.js')), hit.stdout);
  });

  it(`CLI: ${TRIPLE_STAR} on 512 characters (and on 1 MB) finishes and matches`, () => {
    for (const size of [512, 1024 * 1024]) {
      const root = writeTree({
        'package.json': pkg,
        'cli.js': `${'y'.repeat(size)}x\n`,
        '.leakguardrc.json': JSON.stringify({ denyList: [{ pattern: TRIPLE_STAR, regex: true, kind: 'term' }] }),
      });
      const r = runCli(['check', '--format', 'json', '--fail-on', 'never'], root);
      assert.equal(r.timedOut, false, `${size}: timed out after ${r.ms} ms`);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(json(r.stdout).findings.some((f) => f.ruleId === 'prompt-internal-codename'), `${size}: the pattern must still match`);
    }
  });

  it(`CLI: unreleasedFlagPatterns ${NESTED_STAR} against a 128-character flag key finishes; "aab" is still unreleased`, () => {
    const root = writeTree({
      'package.json': pkg,
      'cli.js': `gb.isOn("${'a'.repeat(128)}");\ngb.isOn("aab");\n`,
      '.leakguardrc.json': JSON.stringify({ unreleasedFlagPatterns: [NESTED_STAR] }),
    });
    const r = runCli(['check', '--format', 'json', '--fail-on', 'never'], root);
    assert.equal(r.timedOut, false, `timed out after ${r.ms} ms`);
    assert.equal(r.code, 0, r.stderr);
    const flags = json(r.stdout).findings.filter((f) => f.ruleId === 'prompt-unreleased-feature-flag' && f.messageId === 'unreleased');
    assert.equal(flags.length, 1, JSON.stringify(flags));
    assert.match(flags[0].message, /aab/);
  });

  it(`language server (trusted): unreleasedFlagPatterns ${NESTED_STAR} does not hang it; diagnostics arrive`, async () => {
    const root = writeTree({
      'package.json': pkg,
      'cli.js': `gb.isOn("${'a'.repeat(128)}");\ngb.isOn("aab");\n`,
      '.leakguardrc.json': JSON.stringify({ unreleasedFlagPatterns: [NESTED_STAR], denyList: [{ pattern: BOUNDED_REPEAT, regex: true }, { pattern: TRIPLE_STAR, regex: true }] }),
    });
    const { client } = await startServer(root, { initializationOptions: { trusted: true } });
    const uri = client.open(path.join(root, 'cli.js'), 'javascript');
    const unreleased = (d: { code?: string | number; message: string }) => d.code === 'prompt-unreleased-feature-flag' && /looks unreleased/.test(d.message);
    const diags = await client.waitFor(uri, (d) => d.some(unreleased), 60_000);
    const flags = diags.filter(unreleased);
    assert.equal(flags.length, 1);
    assert.equal(flags[0].range.start.line, 1, 'only "aab" matches (?:a*){1,16}b');
    // Still responsive: the shutdown request is answered.
    assert.equal(await client.shutdown(), 0);
  });

  it('back-references and look-ahead (not in RE2) are reported at their place as leakguard-config-invalid, not crashes', () => {
    const cfg = '{\n  "denyList": [{ "pattern": "(a)\\\\1", "regex": true }],\n  "unreleasedFlagPatterns": ["exp_(?=x)"]\n}\n';
    const root = writeTree({ 'package.json': pkg, 'cli.js': 'gb.isOn("exp_x");\n', '.leakguardrc.json': cfg });
    const r = runCli(['check'], root);
    assert.equal(r.timedOut, false);
    assert.equal(r.code, 2, `a configuration error exits 2: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /\.leakguardrc\.json:2:29\s+error\s+Unsupported regular expression: back-reference `\\1`.*leakguard-config-invalid/);
    assert.match(r.stdout, /\.leakguardrc\.json:3:30\s+error\s+Unsupported regular expression: look-ahead `\(\?=`.*leakguard-config-invalid/);
    assert.doesNotMatch(r.stderr, /at \w+ \(|TypeError|RangeError/, 'no stack trace');
  });
});
