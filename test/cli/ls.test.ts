/**
 * #16 through the built CLI: `leakguard ls` against `npm pack --dry-run` and `vsce ls`, its JSON
 * against schemas/ls-output.schema.json; the two monorepo reproductions from the root and
 * from the package folder (check, explain, ls); no silent pass on a folder without packages; and
 * `leakguard pack` finding the team's configuration from the current folder.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import Ajv from 'ajv';
import { writeTree } from '../helpers/rule-tester';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const VSCE = path.join(ROOT, 'node_modules/@vscode/vsce/vsce');

function hermetic(): NodeJS.ProcessEnv {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-ls-home-'));
  return { PATH: process.env.PATH, HOME: home, npm_config_cache: path.join(home, 'cache'), npm_config_userconfig: path.join(home, 'npmrc'), npm_config_ignore_scripts: 'true', NO_COLOR: '1' };
}

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface LsJson {
  version: number;
  root: string;
  units: Array<{ root: string; name: string | null; tool: string; files: Array<{ path: string; size: number; reason: string }> }>;
  problems: string[];
}

function ls(cwd: string, ...args: string[]): LsJson {
  const r = run(['ls', '--format', 'json', ...args], cwd);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as LsJson;
}

const envLine = () => ['TOKEN', '=', 'x'.repeat(8)].join('') + '\n';

/** Small packages of the shapes the other CLI tests use (no files, files, ignore files, bin). */
const NPM_PACKAGES: Array<Record<string, string>> = [
  {
    'package.json': JSON.stringify({ name: 'leaky-cli', version: '1.0.0', main: 'dist/cli.js', bin: { leaky: 'dist/cli.js' } }),
    'dist/cli.js': 'console.log(1)\n',
    'dist/cli.js.map': '{"version":3,"sources":[],"mappings":""}',
    '.env.production': envLine(),
  },
  {
    'package.json': JSON.stringify({ name: 'clean-lib', version: '1.0.0', main: 'dist/index.js', files: ['dist'], license: 'MIT' }),
    'dist/index.js': 'module.exports = 1;\n',
    'src/index.ts': 'export default 1;\n',
    'README.md': '# clean\n',
  },
  {
    'package.json': JSON.stringify({ name: 'ignored-lib', version: '1.0.0', main: 'index.js' }),
    'index.js': '1\n',
    '.npmignore': '*.log\n!keep.log\n',
    '.gitignore': 'index.js\n',
    'debug.log': 'x\n',
    'keep.log': 'k\n',
    'lib/.gitignore': '*.tmp\n',
    'lib/a.tmp': 't\n',
    'lib/a.js': '1\n',
  },
];

describe('CLI: leakguard ls (#16)', function () {
  this.timeout(120_000);
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run "npm run build" first');
  });

  it('lists what npm pack --dry-run lists, with the same sizes and a reason per file', () => {
    for (const tree of NPM_PACKAGES) {
      const dir = writeTree(tree);
      const npm = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8', env: hermetic() });
      assert.equal(npm.status, 0, npm.stderr);
      const expected = (JSON.parse(npm.stdout) as Array<{ files: Array<{ path: string; size: number }> }>)[0].files.map((f) => `${f.path} ${f.size}`).sort();
      const out = ls(dir);
      assert.equal(out.units.length, 1);
      assert.equal(out.units[0].tool, 'npm');
      assert.deepEqual(out.units[0].files.map((f) => `${f.path} ${f.size}`).sort(), expected);
      for (const f of out.units[0].files) assert.ok(f.reason.length > 5, `${f.path} has a reason`);
    }
  });

  it('lists what vsce ls lists for an extension, and for this repository', () => {
    const ext = writeTree({
      'package.json': JSON.stringify({ name: 'ext', publisher: 'lg', version: '0.0.1', license: 'MIT', repository: 'https://example.invalid/ext', engines: { vscode: '^1.80.0' }, main: './dist/extension.js', activationEvents: [] }),
      'dist/extension.js': 'exports.activate = () => {};\n',
      'dist/extension.js.map': '{}',
      'src/extension.ts': 'export {};\n',
      '.vscodeignore': 'src/**\n',
      'README.md': '# ext\n',
      'LICENSE': 'MIT\n',
    });
    for (const dir of [ext, ROOT]) {
      const v = spawnSync(process.execPath, [VSCE, 'ls', '--no-dependencies'], { cwd: dir, encoding: 'utf8', env: hermetic() });
      assert.equal(v.status, 0, v.stderr);
      const expected = v.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
      const unit = ls(dir).units.find((u) => u.root === '.');
      assert.ok(unit);
      assert.equal(unit.tool, 'vsce');
      assert.deepEqual(unit.files.map((f) => f.path).sort(), expected);
    }
  });

  it('text output: one line per file with size and reason, the packer, and a totals line', () => {
    const dir = writeTree(NPM_PACKAGES[2]);
    const r = run(['ls', dir], ROOT);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ignored-lib \(\.\): npm pack, 4 files, /m);
    assert.match(r.stdout, /^\s+\d+ B {2}keep\.log {2}re-included by line 2 of \.npmignore \("!keep\.log"\)$/m);
    assert.match(r.stdout, /^\s+\d+ B {2}lib\/a\.js {2}not excluded by lib\/\.gitignore$/m);
    assert.doesNotMatch(r.stdout, /debug\.log|a\.tmp/);
    assert.match(r.stdout, /^\s+\d+ B {2}index\.js {2}always published \(main\)$/m);
    assert.match(r.stdout, /^total: 1 unit, 4 files, \d+ B$/m);
  });

  it('JSON output matches schemas/ls-output.schema.json', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/ls-output.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false }).compile(schema);
    const dir = writeTree({
      'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'] }),
      'packages/a/package.json': JSON.stringify({ name: 'a', version: '1.0.0', publishConfig: { directory: 'out' } }),
      'packages/a/out/index.js': '1\n',
      'packages/b/package.json': JSON.stringify({ name: 'b', version: '1.0.0' }),
    });
    const out = ls(dir);
    assert.ok(validate(out), JSON.stringify(validate.errors));
    assert.deepEqual(out.units.map((u) => u.root).sort(), ['packages/a', 'packages/b']);
    assert.ok(!validate({ ...out, units: [{ ...out.units[0], tool: 'bun' }] }), 'the schema rejects an unknown packer');
  });

  it('--tool picks the packer; a bad --tool, a file, or a folder without packages exits 2 with a message', () => {
    const dir = writeTree({
      'package.json': JSON.stringify({ name: 'r', private: true }),
      'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
      '.gitignore': '*.log\n',
      'packages/p/package.json': JSON.stringify({ name: 'p', version: '1.0.0' }),
      'packages/p/a.log': 'x\n',
    });
    assert.equal(ls(dir).units[0].tool, 'pnpm');
    assert.ok(ls(dir).units[0].files.some((f) => f.path === 'a.log'));
    assert.equal(ls(dir, '--tool', 'yarn').units[0].tool, 'yarn');
    const bad = run(['ls', dir, '--tool', 'bun'], ROOT);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--tool must be npm, pnpm, yarn or vsce/);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-empty-'));
    fs.writeFileSync(path.join(empty, 'notes.txt'), 'n\n');
    for (const cmd of ['ls', 'check']) {
      const r = run([cmd, empty], ROOT);
      assert.equal(r.code, 2, `${cmd}: ${r.stdout}`);
      assert.match(r.stderr, /no package\.json or extension manifest found under /);
      assert.doesNotMatch(r.stdout, /No leaks found/);
    }
  });
});

describe('CLI: one answer from every folder (#16 reproductions)', function () {
  this.timeout(120_000);
  const core = (extra: Record<string, string>) => ({
    '.gitignore': '.env\n.env.*\ndist/\n*.log\n',
    'packages/core/package.json': JSON.stringify({ name: '@repro/core', version: '1.0.0', main: 'dist/index.js' }),
    'packages/core/.env.local': envLine(),
    'packages/core/build.log': 'log\n',
    'packages/core/dist/index.js': 'module.exports = 1;\n',
    'packages/core/dist/index.js.map': '{"version":3,"sources":[],"mappings":""}',
    'packages/core/src/index.ts': 'export {};\n',
    ...extra,
  });

  it('pnpm workspace: .env.local ships (pnpm never reads the root .gitignore), from the root and from packages/core', () => {
    const dir = writeTree(core({ 'package.json': JSON.stringify({ name: 'root', private: true }), 'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n' }));
    for (const cwd of [dir, `${dir}/packages/core`]) {
      const r = run(['check', '.', '--format', 'json'], cwd);
      const out = JSON.parse(r.stdout) as { units: Array<{ name: string; files: number; tool: string }>; findings: Array<{ ruleId: string; message: string }> };
      const unit = out.units.find((u) => u.name === '@repro/core')!;
      assert.equal(unit.files, 6, cwd);
      assert.equal(unit.tool, 'pnpm');
      assert.ok(out.findings.some((f) => f.ruleId === 'secret-dotenv-in-publish-set' && /\.env\.local/.test(f.message) && /pnpm pack/.test(f.message)), `${cwd}: ${r.stdout}`);
    }
    const ex = run(['explain', '.env.local'], `${dir}/packages/core`);
    assert.match(ex.stdout, /PUBLISHED\n {2}pnpm pack: /);
  });

  it('npm workspaces: the root .gitignore applies, 4 files and no .env.local error, from the root and from packages/core', () => {
    const dir = writeTree(core({ 'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }) }));
    for (const cwd of [dir, `${dir}/packages/core`]) {
      const r = run(['check', '.', '--format', 'json'], cwd);
      const out = JSON.parse(r.stdout) as { units: Array<{ name: string; files: number; tool: string }>; findings: Array<{ ruleId: string; message: string }> };
      const unit = out.units.find((u) => u.name === '@repro/core')!;
      assert.equal(unit.files, 4, cwd);
      assert.equal(unit.tool, 'npm-packlist');
      assert.ok(!out.findings.some((f) => /\.env\.local/.test(f.message)), `${cwd}: ${r.stdout}`);
    }
    const ex = run(['explain', '.env.local'], `${dir}/packages/core`);
    assert.match(ex.stdout, /not published\n {2}npm pack: excluded by line 2 of \.\.\/\.\.\/\.gitignore/);
    const list = ls(`${dir}/packages/core`);
    assert.deepEqual(list.units[0].files.map((f) => f.path), ['dist/index.js', 'package.json', 'src/index.ts', 'dist/index.js.map'].sort());
  });
});

describe('CLI: leakguard pack finds the team configuration (#16)', function () {
  this.timeout(120_000);

  it('uses the .leakguardrc.json of the current folder (or the archive\'s folder) and names it', () => {
    const pkg = writeTree({
      'package.json': JSON.stringify({ name: 'cfg-pkg', version: '1.0.0', main: 'index.js', license: 'MIT', repository: 'github:x/y' }),
      'index.js': '1\n',
      '.env.production': envLine(),
    });
    const npm = spawnSync('npm', ['pack', '--ignore-scripts', '--json'], { cwd: pkg, encoding: 'utf8', env: hermetic() });
    assert.equal(npm.status, 0, npm.stderr);
    const tgz = path.join(pkg, (JSON.parse(npm.stdout) as Array<{ filename: string }>)[0].filename);
    const team = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-team-'));
    fs.mkdirSync(path.join(team, '.git'));
    fs.mkdirSync(path.join(team, 'ci'));
    fs.writeFileSync(path.join(team, '.leakguardrc.json'), JSON.stringify({ rules: { 'secret-dotenv-in-publish-set': 'off', 'publish-missing-files-allowlist': 'off', 'secret-known-token-format': 'off' } }));
    // Without configuration: the .env file fails the job.
    const bare = run(['pack', tgz, '--format', 'json'], pkg);
    assert.equal(bare.code, 1, bare.stdout);
    assert.match(bare.stderr, /configuration: none found/);
    // From the team's repository (and a subfolder of it): its configuration applies.
    for (const cwd of [team, path.join(team, 'ci')]) {
      const r = run(['pack', tgz, '--format', 'json'], cwd);
      const out = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; severity: string }> };
      assert.ok(!out.findings.some((f) => f.ruleId === 'secret-dotenv-in-publish-set'), r.stdout);
      assert.match(r.stderr, /configuration: (\.\.\/)?\.leakguardrc\.json/);
    }
    // The archive's own folder is the fallback.
    fs.copyFileSync(path.join(team, '.leakguardrc.json'), path.join(pkg, '.leakguardrc.json'));
    const nearArchive = run(['pack', tgz, '--format', 'json'], os.tmpdir());
    assert.ok(!(JSON.parse(nearArchive.stdout) as { findings: Array<{ ruleId: string }> }).findings.some((f) => f.ruleId === 'secret-dotenv-in-publish-set'));
  });
});
