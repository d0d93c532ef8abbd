/**
 * The built CLI (dist/cli.js) as a child process on fixture trees: exit codes, formats, SARIF
 * validated against the SARIF 2.1.0 schema.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync, execFileSync } from 'node:child_process';
import Ajv from 'ajv-draft-04';
import { writeTree } from '../helpers/rule-tester';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const SCHEMA = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const leaky = () =>
  writeTree({
    'package.json': JSON.stringify({ name: 'leaky-cli', version: '1.0.0', main: 'dist/cli.js', bin: { leaky: 'dist/cli.js' } }, null, 2),
    'dist/cli.js': 'console.log(1)\n',
    'dist/cli.js.map': JSON.stringify({ version: 3, sources: ['../src/cli.ts'], sourcesContent: ['export const a = 1;\n'], mappings: '' }),
    '.env.production': 'A=1\n',
  });

const clean = () =>
  writeTree({
    'package.json': JSON.stringify({ name: 'clean-lib', version: '1.0.0', main: 'dist/index.js', files: ['dist'], license: 'MIT' }, null, 2),
    'dist/index.js': 'module.exports = 1;\n',
    'src/index.ts': 'export default 1;\n',
  });

describe('CLI: leakguard check', function () {
  this.timeout(60_000);
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run "npm run build" first');
  });

  it('exits 1 with file:line:col findings on a leaky package', () => {
    const r = run(['check', '.'], leaky());
    assert.equal(r.code, 1, r.stderr);
    // One finding per leak (issue #17): the .env is reported once at its cause; the missing allowlist is one of its echoes.
    assert.match(r.stdout, /package\.json:\d+:\d+\s+error\s+.*secret-dotenv-in-publish-set/);
    assert.match(r.stdout, /\.env\.production/);
    assert.match(r.stdout, /problems \(\d+ errors?/);
  });

  it('exits 0 on a clean package and says so', () => {
    const r = run(['check'], clean());
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /No leaks found/);
  });

  it('--fail-on never exits 0; --fail-on warning fails on warnings; --rule turns a rule off', () => {
    const dir = leaky();
    assert.equal(run(['check', '--fail-on', 'never'], dir).code, 0);
    const warnOnly = writeTree({ 'package.json': JSON.stringify({ name: 'w', version: '1.0.0', main: 'index.js', license: 'MIT', repository: 'github:w/w' }), 'index.js': '1', 'scripts/release.sh': 'x' });
    assert.equal(run(['check'], warnOnly).code, 0);
    assert.equal(run(['check', '--fail-on', 'warning'], warnOnly).code, 1);
    assert.equal(run(['check', '--rule', 'publish-missing-files-allowlist=off', '--fail-on', 'warning'], warnOnly).code, 0);
  });

  it('usage errors exit 2 with a clear message and no stack trace', () => {
    const dir = clean();
    for (const args of [['check', '--format', 'xml'], ['check', 'no-such-dir'], ['frobnicate'], ['check', '--rule', 'nope=error'], ['check', '--fail-on', 'sometimes']]) {
      const r = run(args, dir);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^leakguard: /);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('a broken .leakguardrc.json exits 2 and names the file and position', () => {
    const dir = writeTree({ 'package.json': JSON.stringify({ name: 'x', version: '1.0.0', files: ['index.js'] }), 'index.js': '1', '.leakguardrc.json': '{\n  "rules": { "no-such-rule": "error" }\n}\n' });
    const r = run(['check'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /\.leakguardrc\.json:2:\d+\s+error\s+Unknown rule "no-such-rule"/);
  });

  it('--format json is the documented shape', () => {
    const r = run(['check', '--format', 'json'], leaky());
    const out = JSON.parse(r.stdout);
    assert.equal(out.version, 1);
    assert.ok(Array.isArray(out.findings) && out.findings.length >= 2);
    for (const f of out.findings) {
      assert.equal(typeof f.ruleId, 'string');
      assert.ok(['error', 'warning', 'info', 'hint'].includes(f.severity));
      assert.ok(f.line >= 1 && f.column >= 1);
      assert.ok(!f.file.startsWith('/'), 'relative paths');
    }
    assert.equal(out.units[0].name, 'leaky-cli');
  });

  it('--format sarif validates against the SARIF 2.1.0 schema; URIs relative, fingerprints without lines', () => {
    const r = run(['check', '--format', 'sarif'], leaky());
    const sarif = JSON.parse(r.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ helpUri: string }> } }; results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }>; partialFingerprints: unknown }> }> };
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3)));
    const run0 = sarif.runs[0];
    assert.ok(run0.tool.driver.rules.length >= 3);
    for (const rule of run0.tool.driver.rules) assert.match(rule.helpUri, /docs\/rules\/.+\.md$/);
    assert.ok(run0.results.length >= 2);
    for (const res of run0.results) {
      const loc = res.locations[0].physicalLocation;
      assert.doesNotMatch(loc.artifactLocation.uri, /^\/|\\/);
      assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
      assert.doesNotMatch(JSON.stringify(res.partialFingerprints), /:\d+:\d+/);
    }
  });

  it('fingerprints survive moving a finding to another line', () => {
    const dir = leaky();
    const before = JSON.parse(run(['check', '--format', 'json'], dir).stdout).findings.map((f: { fingerprint: string }) => f.fingerprint).sort();
    const pj = path.join(dir, 'package.json');
    fs.writeFileSync(pj, '\n\n\n' + fs.readFileSync(pj, 'utf8'));
    const after = JSON.parse(run(['check', '--format', 'json'], dir).stdout).findings.map((f: { fingerprint: string }) => f.fingerprint).sort();
    assert.deepEqual(after, before);
  });

  it('--format github prints workflow annotations', () => {
    const r = run(['check', '--format', 'github'], leaky());
    assert.match(r.stdout, /^::error file=package\.json,line=\d+,col=\d+,.*title=secret-dotenv-in-publish-set::/m);
  });

  it('--fix applies safe fixes atomically and the next check is cleaner', () => {
    const dir = leaky();
    const r = run(['check', '--fix'], dir);
    assert.match(r.stderr, /fixed: .*npmignore/);
    const after = run(['check', '--format', 'json'], dir);
    const ids = JSON.parse(after.stdout).findings.map((f: { ruleId: string }) => f.ruleId);
    assert.ok(!ids.includes('secret-dotenv-in-publish-set'), ids.join(','));
    assert.ok(!fs.readdirSync(dir).some((n) => n.includes('.tmp')), 'no temp files left');
  });

  it('--fix leaves a package.json it cannot parse untouched', () => {
    const dir = writeTree({ 'package.json': '{ "name": "x", "version": "1.0.0", ', '.env': 'A=1' });
    const before = fs.readFileSync(path.join(dir, 'package.json'), 'utf8');
    const r = run(['check', '--fix'], dir);
    assert.notEqual(r.code, null);
    assert.equal(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'), before);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});

describe('CLI: leakguard pack and explain', function () {
  this.timeout(60_000);
  it('scans a real npm tarball made with npm pack, exactly as it ships', () => {
    const dir = leaky();
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--silent'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop()!;
    const r = run(['pack', out, '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const findings = JSON.parse(r.stdout).findings;
    assert.ok(findings.some((f: { ruleId: string }) => f.ruleId === 'secret-dotenv-in-publish-set'));
  });

  it('rejects a file that is not an archive with exit 2', () => {
    const dir = writeTree({ 'x.tgz': 'not a tarball at all' });
    const r = run(['pack', 'x.tgz'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /x\.tgz: not a/);
  });

  it('explain names the ignore file and line that decides', () => {
    const dir = writeTree({ 'package.json': JSON.stringify({ name: 'e', version: '1.0.0' }), '.npmignore': 'test/\n*.log\n', 'a.log': 'x', 'index.js': '1' });
    const r = run(['explain', 'a.log'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /not published/);
    assert.match(r.stdout, /line 2 of \.npmignore/);
  });

  it('explain answers for files a build has not written yet: "would ship if built" (issue #23)', () => {
    const dir = writeTree({ 'package.json': JSON.stringify({ name: 'e', version: '1.0.0', files: ['out', '!out/**/*.map'] }), 'index.js': '1' });
    const js = run(['explain', 'out/extension.js'], dir);
    assert.equal(js.code, 0, js.stderr);
    assert.match(js.stdout, /would ship if built/);
    assert.match(js.stdout, /"files" entry #1 "out"/);
    const map = run(['explain', 'out/nested/extension.js.map'], dir);
    assert.equal(map.code, 0, map.stderr);
    assert.match(map.stdout, /would not ship if built/);
    assert.match(map.stdout, /"!out\/\*\*\/\*\.map"/);
    const ext = writeTree({ 'package.json': JSON.stringify({ name: 'x', publisher: 'p', version: '1.0.0', engines: { vscode: '^1.90.0' }, main: './out/a.js' }), '.vscodeignore': 'src/**\n**/*.map\n' });
    const vm = run(['explain', 'out/a.js.map'], ext);
    assert.match(vm.stdout, /would not ship if built.*line 2 of \.vscodeignore/s);
  });

  it('check says which package folders it skipped (text on stderr, JSON "skippedUnits")', () => {
    const dir = writeTree({ 'package.json': JSON.stringify({ name: 'root', version: '1.0.0', files: ['index.js'] }), 'index.js': '1', 'test/fixtures/app/package.json': JSON.stringify({ name: 'fixture-app', version: '1.0.0' }) });
    const t = run(['check', '.'], dir);
    assert.match(t.stderr, /Skipped 1 package folder .*test\/fixtures\/app/);
    const j = run(['check', '.', '--format', 'json'], dir);
    const parsed = JSON.parse(j.stdout) as { skippedUnits?: Array<{ folder: string; reason: string }> };
    assert.deepEqual(parsed.skippedUnits, [{ folder: 'test/fixtures/app', reason: 'test-fixture-or-example' }]);
  });

  it('--help for every command and --version', () => {
    for (const c of ['check', 'pack', 'explain', 'init']) {
      const r = run([c, '--help'], clean());
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`Usage: leakguard ${c}`));
    }
    assert.match(run(['--version'], clean()).stdout, /^\d+\.\d+\.\d+/);
  });

  it('init --yes writes a config and a guard after the build (postpack)', () => {
    const dir = writeTree({ 'package.json': JSON.stringify({ name: '@acme/tool', version: '1.0.0', private: true }, null, 2), '.npmrc': '@acme:registry=https://npm.acme.corp/\n' });
    const r = run(['init', '--yes'], dir);
    assert.equal(r.code, 0, r.stderr);
    const cfg = JSON.parse(fs.readFileSync(path.join(dir, '.leakguardrc.json'), 'utf8'));
    assert.deepEqual(cfg.internalScopes, ['@acme']);
    const pj = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    assert.equal(pj.scripts.postpack, 'leakguard check --fail-on error');
  });
});
