/**
 * Issue #15 item 6: a glob from the workspace hung the CLI, the language server (even untrusted)
 * and the packer: `*a*a*a*a*a*a*a*a*b` against a file named with 200 `a`s costs about 200^9 steps
 * in minimatch's regex, on every minimatch version. Globs over the wildcard bound are reported at
 * their place and never matched; the rest of the analysis goes on.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeTree } from '../helpers/rule-tester';
import { startServer, killAll } from '../helpers/lsp-client';
import { runCli, ROOT } from './hostile-run';
import { globProblem, minimatch, takeExhaustedGlobs, resetGlobBudgets, MAX_STARS_PER_SEGMENT, GLOB_TIME_BUDGET_MS } from '../../server/src/engine/safe/glob';

const HOSTILE = '*a*a*a*a*a*a*a*a*b';
const LONG_NAME = 'a'.repeat(200);
/** No "files": so .npmignore decides, and publish-missing-files-allowlist fires (proof that analysis went on). */
const pkg = JSON.stringify({ name: 'victim', version: '1.0.0', main: 'index.js', license: 'MIT', repository: 'https://github.com/acme/victim' });

describe('security: workspace globs cannot hang matching (issue #15 item 6)', function () {
  this.timeout(120_000);
  afterEach(killAll);

  it(`CLI: .leakguardrc.json {"ignore":["${HOSTILE}"]} + a file named with 200 "a"s finishes; the glob is reported at its place; the rest is analysed`, () => {
    const root = writeTree({ 'package.json': pkg, 'index.js': 'module.exports = 1;\n', [LONG_NAME]: 'x', '.leakguardrc.json': `{"ignore":["${HOSTILE}"]}` });
    const r = runCli(['check'], root);
    assert.equal(r.timedOut, false, `timed out after ${r.ms} ms`);
    assert.equal(r.code, 2, `a configuration error exits 2\n${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /\.leakguardrc\.json:1:12\s+error\s+Glob "\*a\*a\*a\*a\*a\*a\*a\*a\*b" has 9 wildcards in one path segment.*leakguard-config-invalid/);
    assert.match(r.stdout, /publish-missing-files-allowlist/, 'the rest of the analysis still ran');
  });

  it('CLI: the same pattern in .npmignore does not hang the packer; the line is reported and the file is treated as shipping', () => {
    const root = writeTree({ 'package.json': pkg, 'index.js': 'module.exports = 1;\n', [LONG_NAME]: 'x', '.npmignore': `# hostile\n${HOSTILE}\n` });
    const r = runCli(['check', '--format', 'json', '--fail-on', 'never'], root);
    assert.equal(r.timedOut, false, `timed out after ${r.ms} ms`);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { problems: string[]; units: Array<{ files: number }> };
    assert.ok(out.problems.some((p) => /\.npmignore:2: Glob "\*a\*a\*a\*a\*a\*a\*a\*a\*b" has 9 wildcards/.test(p)), JSON.stringify(out.problems));
    // package.json, index.js and the long-named file: the refused line excludes nothing (errs on the side of shipping).
    assert.equal(out.units[0].files, 3);
    const explain = runCli(['explain', LONG_NAME], root);
    assert.equal(explain.timedOut, false);
    assert.match(explain.stdout, /published/i);
  });

  it('CLI: the same pattern in .vscodeignore (an extension) does not hang the vsce packer', () => {
    const ext = JSON.stringify({ name: 'ext', publisher: 'acme', version: '1.0.0', license: 'MIT', repository: 'https://github.com/acme/ext', engines: { vscode: '^1.80.0' }, main: './index.js' });
    const root = writeTree({ 'package.json': ext, 'index.js': 'exports.activate = () => {};\n', [LONG_NAME]: 'x', '.vscodeignore': `${HOSTILE}\nnode_modules/**\n` });
    const r = runCli(['check', '--format', 'json', '--fail-on', 'never'], root);
    assert.equal(r.timedOut, false, `timed out after ${r.ms} ms`);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { problems: string[] };
    assert.ok(out.problems.some((p) => /\.vscodeignore line 1: Glob .* has 9 wildcards/.test(p)), JSON.stringify(out.problems));
  });

  for (const pm of ['pnpm@10.0.0', 'yarn@4.5.0']) {
    it(`CLI: the same pattern in .npmignore of a ${pm.split('@')[0]} package does not hang its packer; the pattern is reported`, () => {
      const manifest = JSON.stringify({ ...JSON.parse(pkg), packageManager: pm });
      const root = writeTree({ 'package.json': manifest, 'index.js': 'module.exports = 1;\n', [LONG_NAME]: 'x', '.npmignore': `${HOSTILE}\n` });
      const r = runCli(['check', '--format', 'json', '--fail-on', 'never'], root);
      assert.equal(r.timedOut, false, `timed out after ${r.ms} ms`);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { problems: string[]; units: Array<{ tool: string; files: number }> };
      assert.equal(out.units[0].tool, pm.split('@')[0]);
      assert.ok(out.problems.some((p) => /Glob "\*a\*a\*a\*a\*a\*a\*a\*a\*b" has 9 wildcards/.test(p)), JSON.stringify(out.problems));
      assert.equal(out.units[0].files, 3, 'the refused line excludes nothing');
    });
  }

  it('language server started untrusted: the hostile ignore glob does not hang it; diagnostics arrive, the glob is flagged in .leakguardrc.json', async () => {
    const root = writeTree({ 'package.json': pkg, 'index.js': 'module.exports = 1;\n', [LONG_NAME]: 'x', '.leakguardrc.json': `{"ignore":["${HOSTILE}"]}` });
    const { client } = await startServer(root, { initializationOptions: { trusted: false } });
    const uri = client.open(path.join(root, 'package.json'), 'json');
    await client.waitFor(uri, (d) => d.some((x) => x.code === 'publish-missing-files-allowlist'), 60_000);
    const rc = client.open(path.join(root, '.leakguardrc.json'), 'json');
    const diags = await client.waitFor(rc, (d) => d.some((x) => x.code === 'leakguard-config-invalid'), 60_000);
    assert.match(diags.find((x) => x.code === 'leakguard-config-invalid')!.message, /9 wildcards in one path segment/);
    assert.equal(await client.shutdown(), 0);
  });

  it('overrides[].files, allowPrompts and intentionalAgentFiles over the bound are reported each at its place (line of each entry)', () => {
    const cfg = JSON.stringify({
      overrides: [{ files: ['src/**', '*x*x*x*x*'], rules: { 'publish-missing-files-allowlist': 'off' } }],
      allowPrompts: ['+(a|b*)'],
      intentionalAgentFiles: ['**/*q*q*q*q*.md'],
    }, null, 2);
    const root = writeTree({ 'package.json': pkg, 'index.js': '1', '.leakguardrc.json': cfg });
    const r = runCli(['check', '--format', 'json', '--fail-on', 'never'], root);
    assert.equal(r.timedOut, false);
    const found = (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; message: string; line: number }> }).findings.filter((f) => f.ruleId === 'leakguard-config-invalid');
    assert.deepEqual(found.map((f) => f.line).sort((a, b) => a - b), [6, 14, 17], JSON.stringify(found));
    assert.ok(found.some((f) => /repeats a group that contains wildcards or alternatives/.test(f.message)));
  });

  it('the bound: at most 3 wildcards per segment (more is refused); everyday globs pass; refused globs never match', () => {
    assert.equal(MAX_STARS_PER_SEGMENT, 3);
    for (const ok of ['**/*.map', 'dist/**', '*.test.*', 'src/**/*-*-*.ts', '!**/*.d.ts', '{a,b}/**/*.js', 'fixtures/**', '?(a|b).js', '@(x|y)/*.md', '[!.]*.txt']) {
      assert.equal(globProblem(ok), undefined, ok);
    }
    for (const bad of [HOSTILE, '*a*a*a*b', '+(a|aa)b', '*(a*)b', '+(+(a))', `${'{a,b}'.repeat(9)}`, '{1..100000}', 'x'.repeat(1025), Array(9).fill('*a*').join('/')]) {
      assert.ok(globProblem(bad), bad);
    }
    assert.equal(minimatch(LONG_NAME, HOSTILE, { dot: true }), false, 'refused: never matched');
    assert.equal(minimatch('a/b/c.map', '**/*.map', { dot: true }), true, 'within the bound: matched');
    assert.equal(minimatch(`${LONG_NAME}b`, '*a*a*b', { dot: true }), true, '3 wildcards on a long name: matched');
  });

  it('a pattern within the bound that is slow on hostile names uses up its time budget, then stops matching (reported once)', () => {
    const glob = '*a*a*c'; // 3 wildcards: allowed; ~10 ms per failing 255-character name
    const slow = 'a'.repeat(255);
    const fits = `${'a'.repeat(20)}c`;
    assert.equal(minimatch(fits, glob), true, 'matches before the budget is spent');
    takeExhaustedGlobs();
    const t0 = Date.now();
    let calls = 0;
    while (minimatch(fits, glob)) {
      minimatch(slow, glob);
      calls++;
      assert.ok(Date.now() - t0 < 10 * GLOB_TIME_BUDGET_MS + 60_000, 'the budget must end this loop');
    }
    assert.ok(calls > 1);
    assert.deepEqual(takeExhaustedGlobs(), [`Glob "${glob}" used up its matching-time budget (${GLOB_TIME_BUDGET_MS} ms) and stopped matching.`]);
    assert.deepEqual(takeExhaustedGlobs(), [], 'reported once');
    resetGlobBudgets(); // what the runner does when the next analysis starts
    assert.equal(minimatch(fits, glob), true, 'a new analysis gets a new budget');
  });

  it('every minimatch copy the packer can load is ≥ 10.2.3 (GHSA-7r86-cg39-jmmj), and only engine/safe/glob.ts imports minimatch', () => {
    const versionAt = (from: string) => {
      const main = require.resolve('minimatch', { paths: [from] });
      let dir = path.dirname(main);
      while (!fs.existsSync(path.join(dir, 'package.json')) || JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name !== 'minimatch') dir = path.dirname(dir);
      return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version as string;
    };
    const atLeast = (v: string) => {
      const [a, b, c] = v.split('.').map(Number);
      return a > 10 || (a === 10 && (b > 2 || (b === 2 && c >= 3)));
    };
    for (const from of [ROOT, path.dirname(require.resolve('ignore-walk')), path.dirname(require.resolve('npm-packlist')), path.dirname(require.resolve('@vscode/vsce/package.json'))]) {
      const v = versionAt(from);
      assert.ok(atLeast(v), `minimatch ${v} resolved from ${path.relative(ROOT, from)}`);
    }
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ts$/.test(e.name) && /from 'minimatch'/.test(fs.readFileSync(p, 'utf8')) && !p.endsWith(path.join('engine', 'safe', 'glob.ts'))) offenders.push(path.relative(ROOT, p));
      }
    };
    for (const d of ['server/src', 'rules', 'client/src']) walk(path.join(ROOT, d));
    assert.deepEqual(offenders, []);
  });
});
