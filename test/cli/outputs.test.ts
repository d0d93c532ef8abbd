/**
 * Issue #17 items 5–7 on the built CLI: a rule switched off by `overrides` leaves no trace in any
 * format; one finding per leak (echoes become related locations); every format names files
 * relative to the folder the user runs it in (SARIF: `%SRCROOT%` with `originalUriBaseIds`).
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
  root: string;
  findings: Array<{ ruleId: string; severity: string; file: string; related: Array<{ file: string; message: string }> }>;
}
interface SarifOut {
  runs: Array<{ originalUriBaseIds: Record<string, { uri: string }>; results: Array<{ ruleId: string; level?: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }> }> }>;
}

/** A tsc library with "files", sourceMap + inlineSources and two shipped maps (the case). */
function tscLibrary(): Record<string, string> {
  const t: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'tsclib', version: '1.0.0', license: 'UNLICENSED', private: false, main: 'dist/index.js', types: 'dist/index.d.ts', files: ['dist'], publishConfig: { registry: 'https://npm.acme.example/' } }, null, 2),
    '.npmrc': 'registry=https://npm.acme.example/\n',
    'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', sourceMap: true, inlineSources: true, declaration: true } }, null, 2),
    'dist/index.d.ts': 'export declare const a: number;\n',
  };
  for (const n of ['index', 'util']) {
    t[`src/${n}.ts`] = `export const ${n} = 1;\n`;
    t[`dist/${n}.js`] = `exports.${n} = 1;\n//# sourceMappingURL=${n}.js.map\n`;
    t[`dist/${n}.js.map`] = JSON.stringify({ version: 3, file: `${n}.js`, sources: [`../src/${n}.ts`], sourcesContent: [`export const ${n} = 1;\n`], names: [], mappings: 'AAAA' });
  }
  return t;
}

describe('CLI outputs (issue #17: severity off, one finding per leak, paths from where you stand)', function () {
  this.timeout(120_000);
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run "npm run build" first');
  });

  it('a rule turned off for package.json by "overrides" appears in no format (no "off" severity, no level-less SARIF result, not counted)', () => {
    const dir = writeTree({
      'package.json': JSON.stringify({ name: 'lib', version: '1.0.0', main: 'index.js', license: 'MIT', repository: 'github:a/b' }),
      'index.js': 'x',
      'notes.txt': 'x',
      '.leakguardrc.json': JSON.stringify({ overrides: [{ files: ['package.json'], rules: { 'publish-missing-files-allowlist': 'off' } }] }),
    });
    // The rule does fire without the override (the trap is real).
    const control = writeTree({ 'package.json': JSON.stringify({ name: 'lib', version: '1.0.0', main: 'index.js', license: 'MIT', repository: 'github:a/b' }), 'index.js': 'x', 'notes.txt': 'x' });
    assert.ok((JSON.parse(run(['check', '--format', 'json'], control).stdout) as JsonOut).findings.some((f) => f.ruleId === 'publish-missing-files-allowlist'));

    const json = JSON.parse(run(['check', '--format', 'json'], dir).stdout) as JsonOut;
    assert.deepEqual(json.findings.filter((f) => f.ruleId === 'publish-missing-files-allowlist' || f.severity === 'off'), []);
    const sarif = JSON.parse(run(['check', '--format', 'sarif'], dir).stdout) as SarifOut;
    assert.ok(sarif.runs[0].results.every((r) => ['error', 'warning', 'note'].includes(r.level ?? '')), JSON.stringify(sarif.runs[0].results));
    assert.ok(!sarif.runs[0].results.some((r) => r.ruleId === 'publish-missing-files-allowlist'));
    const text = run(['check'], dir);
    assert.doesNotMatch(text.stdout, /publish-missing-files-allowlist/);
    assert.match(text.stdout, /No leaks found|problem/);
    assert.doesNotMatch(text.stdout, /[1-9]\d* info\)/, text.stdout);
  });

  it('one finding per leak: a tsc library with "files" and 2 maps gets one map finding (8 before), the echoes as related locations', () => {
    const dir = writeTree(tscLibrary());
    const json = JSON.parse(run(['check', '--format', 'json'], dir).stdout) as JsonOut;
    const mapFindings = json.findings.filter((f) => f.ruleId.startsWith('sourcemap-') || f.ruleId.startsWith('config-'));
    assert.equal(mapFindings.length, 1, JSON.stringify(json.findings.map((f) => `${f.ruleId} ${f.file}`)));
    const [leak] = mapFindings;
    assert.equal(leak.severity, 'error');
    assert.equal(leak.file, 'tsconfig.json');
    const relatedFiles = leak.related.map((r) => r.file);
    for (const m of ['dist/index.js.map', 'dist/util.js.map', 'package.json']) assert.ok(relatedFiles.includes(m), relatedFiles.join());
    for (const echo of ['sourcemap-in-publish-set', 'sourcemap-sources-content']) assert.ok(leak.related.some((r) => r.message.startsWith(`${echo}:`)), echo);
    const text = run(['check'], dir).stdout;
    assert.match(text, /✖ 1 problem \(1 error, 0 warnings, 0 info\)/, text);
  });

  it('independent leaks stay separate: the .env and the map of one package are two findings', () => {
    const t = tscLibrary();
    t['dist/.env.production'] = 'API_TOKEN=' + 'z'.repeat(20) + '\n';
    const json = JSON.parse(run(['check', '--format', 'json'], writeTree(t)).stdout) as JsonOut;
    assert.ok(json.findings.some((f) => f.ruleId === 'secret-dotenv-in-publish-set'));
    assert.ok(json.findings.some((f) => f.ruleId === 'config-tsconfig-sourcemap'));
  });

  describe('paths relative to the current folder', () => {
    const repo = () =>
      writeTree({
        'packages/a/package.json': JSON.stringify({ name: 'a', version: '1.0.0', main: 'index.js' }, null, 2),
        'packages/a/index.js': 'x',
        'packages/a/.env': 'A=1',
        'packages/b/package.json': JSON.stringify({ name: 'b', version: '1.0.0', main: 'index.js' }, null, 2),
        'packages/b/index.js': 'x',
        'packages/b/.env': 'B=1',
        'package.json': JSON.stringify({ name: 'root', version: '1.0.0', private: true }),
      });

    it('two paths: github, json, text and SARIF name packages/a/… and packages/b/… (never ../a or a bare package.json)', () => {
      const root = repo();
      const gh = run(['check', 'packages/a', 'packages/b', '--format', 'github'], root).stdout;
      assert.match(gh, /file=packages\/a\/package\.json/);
      assert.match(gh, /file=packages\/b\/package\.json/);
      assert.doesNotMatch(gh, /file=(\.\.\/|package\.json)/);
      const json = JSON.parse(run(['check', 'packages/a', 'packages/b', '--format', 'json'], root).stdout) as JsonOut;
      const files = new Set(json.findings.map((f) => f.file));
      assert.ok(files.has('packages/a/package.json') && files.has('packages/b/package.json'), [...files].join());
      assert.ok(json.findings.flatMap((f) => f.related.map((r) => r.file)).some((f) => f === 'packages/b/.env'));
      const text = run(['check', 'packages/a', 'packages/b'], root).stdout;
      assert.match(text, /^ {2}packages\/b\/package\.json:\d+:\d+/m);
      const sarif = JSON.parse(run(['check', 'packages/a', 'packages/b', '--format', 'sarif'], root).stdout) as SarifOut;
      const r0 = sarif.runs[0];
      assert.equal(r0.originalUriBaseIds['%SRCROOT%'].uri, `file://${root.startsWith('/') ? '' : '/'}${root}/`);
      const uris = r0.results.map((r) => r.locations[0].physicalLocation.artifactLocation);
      assert.ok(uris.every((u) => u.uriBaseId === '%SRCROOT%'));
      assert.ok(uris.some((u) => u.uri === 'packages/b/package.json') && uris.some((u) => u.uri === 'packages/a/package.json'), JSON.stringify(uris));
    });

    it('from a sub-folder: `check a` in packages/ says a/package.json', () => {
      const root = repo();
      const gh = run(['check', 'a', '--format', 'github'], path.join(root, 'packages')).stdout;
      assert.match(gh, /file=a\/package\.json/);
      assert.doesNotMatch(gh, /file=package\.json/);
    });
  });

  describe('--fix says what it did (issue #17 item 3) and --output/--help (item 9)', () => {
    /** The case: a tsc library, sourceMap + inlineSources, no "files"; its main fixes are suggestions. */
    const tscNoFiles = () =>
      writeTree({
        'package.json': JSON.stringify({ name: 'tsclib', version: '1.0.0', license: 'MIT', repository: 'github:a/b', main: 'dist/index.js' }, null, 2),
        'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', sourceMap: true, inlineSources: true } }, null, 2),
        'src/index.ts': 'export const a = 1;\n',
        'dist/index.js': 'exports.a = 1;\n',
        'notes.md': 'x',
      });

    it('a --fix with nothing safe to apply says so, names the suggestions and how to apply them, and exits by what remains', () => {
      const dir = tscNoFiles();
      const r = run(['check', '--fix', '--fail-on', 'warning'], dir);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /--fix changed nothing/);
      assert.match(r.stderr, /\d+ problems? remains?/);
      assert.match(r.stderr, /only with suggestions.*--fix --fix-type suggestion/);
    });

    it('--fix --fix-type suggestion applies the first suggestion of each problem; a bad --fix-type is a usage error', () => {
      const dir = tscNoFiles();
      const before = fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8');
      const r = run(['check', '--fix', '--fix-type', 'suggestion', '--fail-on', 'never'], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /^fixed: /m);
      assert.match(r.stderr, /--fix applied \d+ fix/);
      assert.notEqual(fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8') + fs.readFileSync(path.join(dir, 'package.json'), 'utf8'), before);
      assert.equal(run(['check', '--fix', '--fix-type', 'all'], dir).code, 2);
      assert.equal(run(['check', '--fix-type', 'suggestion'], dir).code, 2);
    });

    it('--output FILE writes every format to the file (stdout stays empty), exit status unchanged; a missing folder is a usage error', () => {
      const dir = tscNoFiles();
      for (const format of ['json', 'sarif', 'github', 'text']) {
        const r = run(['check', '--format', format, '--output', `out.${format}`, '--fail-on', 'warning'], dir);
        assert.equal(r.code, 1, r.stderr);
        assert.equal(r.stdout, '');
        const text = fs.readFileSync(path.join(dir, `out.${format}`), 'utf8');
        if (format === 'json' || format === 'sarif') JSON.parse(text);
        assert.match(text, /config-tsconfig-sourcemap/);
      }
      assert.equal(run(['check', '--output', 'no/such/dir/x.json'], dir).code, 2);
    });

    it('--help shows examples for check, pack and the main command', () => {
      for (const args of [['--help'], ['check', '--help'], ['pack', '--help']]) assert.match(run(args, process.cwd()).stdout, /Examples:\n  (npm pack && )?leakguard /, args.join(' '));
    });
  });
});
