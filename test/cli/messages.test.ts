/**
 * Issue #17 item 8 on the built CLI: no false host from a README's `.env.local`; cause clauses that
 * read as English; a malformed package.json is a configuration error (exit 2); a .leakguardrc.json
 * that does not parse is applied not at all, and says so; "did you mean" for unknown rule names.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { writeTree } from '../helpers/rule-tester';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonOut {
  findings: Array<{ ruleId: string; message: string; file: string; related: Array<{ message: string }> }>;
}

const lib = (extra: Record<string, string> = {}) =>
  writeTree({ 'package.json': JSON.stringify({ name: 'lib', version: '1.0.0', license: 'MIT', repository: 'github:a/b', main: 'dist/index.js' }, null, 2), 'dist/index.js': 'x', ...extra });

describe('CLI messages (issue #17 item 8)', function () {
  this.timeout(120_000);
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run "npm run build" first');
  });

  it('a README that mentions .env.local names no internal host; a real internal host in it still does', () => {
    const dir = lib({ 'README.md': 'Copy `.env.example` to `.env.local`, then run: cp .env.example .env.local\n' });
    const json = JSON.parse(run(['check', '--format', 'json', '--fail-on', 'never'], dir).stdout) as JsonOut;
    assert.deepEqual(json.findings.filter((f) => /env\.local/.test(f.message)).map((f) => f.message), []);
    const control = lib({ 'README.md': 'The staging API is db.payments.corp for now.\n' });
    const j2 = JSON.parse(run(['check', '--format', 'json', '--fail-on', 'never'], control).stdout) as JsonOut;
    assert.ok(j2.findings.some((f) => f.ruleId === 'prompt-internal-host' && /db\.payments\.corp/.test(f.message)), JSON.stringify(j2.findings.map((f) => f.message)));
  });

  it('cause clauses read as English: "ships because it is not excluded by .gitignore", "1 file (logs, …)"', () => {
    const dir = lib({
      '.gitignore': 'node_modules/\n',
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', sourceMap: true, inlineSources: true } }),
      'src/index.ts': 'export const a = 1;\n',
      'dist/index.js': 'exports.a = 1;\n//# sourceMappingURL=index.js.map\n',
      'dist/index.js.map': JSON.stringify({ version: 3, file: 'index.js', sources: ['../src/index.ts'], sourcesContent: ['export const a = 1;\n'], names: [], mappings: 'AAAA' }),
      'debug.log': 'x',
    });
    const json = JSON.parse(run(['check', '--format', 'json', '--fail-on', 'never'], dir).stdout) as JsonOut;
    const texts = json.findings.flatMap((f) => [f.message, ...f.related.map((r) => r.message)]);
    assert.ok(texts.some((t) => /ships because it is not excluded by \.gitignore/.test(t)), texts.join('\n'));
    assert.deepEqual(texts.filter((t) => /because of (not|no|always) /.test(t)), []);
    const logs = json.findings.find((f) => f.ruleId === 'publish-dev-artifacts');
    assert.ok(logs && /^1 file \(logs, HTTP archives/.test(logs.message), logs?.message);
  });

  it('a package.json that is not valid JSON is a configuration error: exit 2, with file, line and column', () => {
    const dir = writeTree({ 'package.json': '{\n  "name": "x",\n  "version": "1.0.0",,\n}\n', 'index.js': 'x' });
    const r = run(['check'], dir);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /package\.json:3:\d+\s+error\s+package\.json is not valid JSON/);
    // --fail-on never does not hide a configuration error either.
    assert.equal(run(['check', '--fail-on', 'never'], dir).code, 2);
  });

  it('a .leakguardrc.json that does not parse is applied not at all, and says so', () => {
    const dir = lib({ 'notes.txt': 'x', '.leakguardrc.json': '{ "rules": { "publish-missing-files-allowlist": "off" }, "ignore": ["dist/**"' });
    const r = run(['check', '--format', 'json'], dir);
    assert.equal(r.code, 2);
    const json = JSON.parse(r.stdout) as JsonOut;
    assert.ok(json.findings.some((f) => f.ruleId === 'publish-missing-files-allowlist'), 'the "off" of a broken file is not applied');
    assert.ok(json.findings.some((f) => f.ruleId === 'leakguard-config-invalid' && /does not parse, so none of it is applied/.test(f.message)));
  });

  it('unknown rule names get a "did you mean" (config and --rule)', () => {
    const dir = lib({ '.leakguardrc.json': JSON.stringify({ rules: { 'publish-dev-artifact': 'off' } }) });
    const json = JSON.parse(run(['check', '--format', 'json'], dir).stdout) as JsonOut;
    assert.ok(json.findings.some((f) => f.message === 'Unknown rule "publish-dev-artifact". Did you mean "publish-dev-artifacts"?'), JSON.stringify(json.findings.map((f) => f.message)));
    const r = run(['check', '--rule', 'secret-dotenv-in-publishset=off'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown rule "secret-dotenv-in-publishset"\. Did you mean "secret-dotenv-in-publish-set"\?/);
    const far = run(['check', '--rule', 'zzz=off'], dir);
    assert.doesNotMatch(far.stderr, /Did you mean/);
  });
});
