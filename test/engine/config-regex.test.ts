/**
 * Regex safety (DESIGN.md "Bad input … catastrophic regexes in a config"): unsafe config regexes
 * are configuration errors at their place, accepted ones cannot hang on huge lines, and an
 * untrusted workspace uses none at all.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { regexProblem, loadConfig } from '../../server/src/engine/config';
import { DiskFileSystem } from '../../server/src/engine/safe/fs';
import { runCli, type CliIo } from '../../server/src/cli/main';
import codename from '../../rules/prompt-internal-codename';
import configInvalid from '../../rules/leakguard-config-invalid';
import { allRules, docsUrl } from '../../rules/index';
import { writeTree, analyzeRoot } from '../helpers/rule-tester';

const rules = [codename, configInvalid];
const ID = 'prompt-internal-codename';
const pkg = JSON.stringify({ name: 'cli', version: '1.0.0', main: 'cli.js', files: ['cli.js'] });

describe('config: regex safety', () => {
  it('rejects what the linear-time engine cannot run; accepts backtracking-prone patterns, which RE2 runs in linear time', () => {
    for (const bad of ['(a)\\1', '(?<x>a)\\k<x>', 'a(?=b)', 'a(?!b)', '[', '(?:[\\s\\S]{0,100}){100}x', 'x'.repeat(501)]) {
      assert.ok(regexProblem(bad), `should reject ${bad.slice(0, 40)}`);
    }
    assert.match(regexProblem('(a)\\1') ?? '', /back-reference/);
    assert.match(regexProblem('a(?=b)') ?? '', /look-ahead/);
    for (const ok of ['project[-_ ]?falcon', 'codename-\\d+', '(?:foo|bar)baz', '(?:ab)+', '[a-z]+x', 'a{1,5}b+', '(?<v>v\\d)\\.\\d', '(a+)+$', '(a|aa)+c', '(?<=x)y', '\\u00e9t\\u00e9']) {
      assert.equal(regexProblem(ok), undefined, ok);
    }
  });

  it('an unsafe deny-list regex is a problem at its "pattern", and the CLI exits 2 naming file, line and column', async () => {
    const text = '{\n  "denyList": [\n    "zephyrine",\n    { "pattern": "(a)\\\\1$", "regex": true }\n  ],\n  "unreleasedFlagPatterns": ["^exp_", "(?!x)y"]\n}\n';
    const root = writeTree({ 'package.json': pkg, 'cli.js': 'x', '.leakguardrc.json': text });
    const ruleIds = new Set(allRules.map((r) => r.meta.id));
    const c = await loadConfig(new DiskFileSystem(), root, root, { ruleIds });
    assert.deepEqual(c.problems.sort((a, b) => a.start - b.start).map((p) => text.slice(p.start, p.end)), ['"(a)\\\\1$"', '"(?!x)y"']);
    assert.deepEqual(c.denyList.map((d) => d.pattern), ['zephyrine'], 'the unsafe entry is not used');
    assert.deepEqual(c.unreleasedFlagPatterns, ['^exp_']);

    let stdout = '';
    const io: CliIo = { stdout: (s) => (stdout += s), stderr: () => undefined, cwd: root, isTTY: false, env: {} };
    const code = await runCli(['check'], io, { rules: allRules, docsUrl, version: 'test' });
    assert.equal(code, 2);
    assert.match(stdout, /\.leakguardrc\.json:4:18\s+error\s+Unsupported regular expression: back-reference/);
    assert.match(stdout, /\.leakguardrc\.json:6:39\s+error\s+Unsupported regular expression: look-ahead/);
  });

  it('accepted regexes over a 1 MB line finish quickly (they must not hang)', async function () {
    this.timeout(30_000);
    // One line of 1 MB built to make each pattern try (and fail) a match at almost every position.
    const line = `${'codename-x project-falco '.repeat(42_000)}${'a'.repeat(10_000)} codename-42 project_falcon`;
    assert.ok(line.length > 1024 * 1024);
    const root = writeTree({
      'package.json': pkg,
      'cli.js': line,
      '.leakguardrc.json': JSON.stringify({ denyList: [{ pattern: 'codename-\\d+', regex: true, kind: 'flag' }, { pattern: 'project[-_ ]?falcon', regex: true }] }),
    });
    const t0 = Date.now();
    const { findings } = await analyzeRoot(root, { rules });
    const ms = Date.now() - t0;
    assert.ok(ms < 2000, `took ${ms} ms`);
    const labels = findings.filter((f) => f.ruleId === ID).map((f) => String(f.data.label)).sort();
    assert.deepEqual(labels, ['codename-\\d+', 'project[-_ ]?falcon']);
  });

  it('an untrusted workspace uses no config regexes (plain terms still apply)', async () => {
    const root = writeTree({
      'package.json': pkg,
      'cli.js': 'const a = "projectFalcon"; const b = "zephyrine";\n',
      '.leakguardrc.json': JSON.stringify({ denyList: ['zephyrine', { pattern: 'project[-_ ]?falcon', regex: true }] }),
    });
    const labels = async (trusted: boolean) =>
      (await analyzeRoot(root, { rules, trusted })).findings.filter((f) => f.ruleId === ID).map((f) => String(f.data.label)).sort();
    assert.deepEqual(await labels(true), ['project[-_ ]?falcon', 'zephyrine']);
    assert.deepEqual(await labels(false), ['zephyrine']);
    assert.ok(fs.existsSync(`${root}/.leakguardrc.json`));
  });
});
