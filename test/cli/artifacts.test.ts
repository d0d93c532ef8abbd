/**
 * Issue #17 item 9: what Leakguard's own artifacts carry, and the workflow integrations.
 * - the .vsix ships the extension and the language server, not the CLI (real vsce);
 * - the npm tarball ships the CLI and the language server, not the extension bundle, and its
 *   package.json has no `main` (npm always packs `main`) and no `prepare` build (real npm pack,
 *   which runs prepack/postpack; the working package.json comes back byte for byte);
 * - action.yml is a composite action whose steps, run here as the runner would, write SARIF,
 *   annotate and fail by --fail-on; .pre-commit-hooks.yaml runs the CLI.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse as parseYaml } from 'yaml';
import { readArchive } from '../../server/src/engine/publish/archive';
import { writeTree } from '../helpers/rule-tester';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const vsce = require('@vscode/vsce') as { listFiles(o: { cwd: string; packageManager: number }): Promise<string[]>; PackageManager: { None: number } };

const leaky = () =>
  writeTree({
    'package.json': JSON.stringify({ name: 'leaky', version: '1.0.0', license: 'UNLICENSED', main: 'dist/cli.js' }, null, 2),
    'dist/cli.js': 'x\n',
    '.env.production': 'A=1\n',
  });
const clean = () => writeTree({ 'package.json': JSON.stringify({ name: 'clean', version: '1.0.0', license: 'MIT', repository: 'github:a/b', main: 'index.js', files: ['index.js'] }), 'index.js': 'x' });

describe("Leakguard's own artifacts and workflow integrations (issue #17 item 9)", function () {
  this.timeout(300_000);
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run "npm run build" first');
  });

  it('the .vsix carries the extension, the server and its worker, and not dist/cli.js', async () => {
    const files = (await vsce.listFiles({ cwd: ROOT, packageManager: vsce.PackageManager.None })).map((p) => p.replace(/\\/g, '/'));
    for (const f of ['dist/extension.js', 'dist/server.js', 'dist/analysis-worker.js', 'package.json']) assert.ok(files.includes(f), `${f} in ${files.join(', ')}`);
    assert.ok(!files.includes('dist/cli.js'));
    assert.ok(!files.some((f) => /\.map$|^action\.yml$|^\.pre-commit/.test(f)), files.join(', '));
  });

  it('the npm tarball (real npm pack, with its prepack/postpack) carries the CLI and server, not the extension; no main, no prepare', async () => {
    const pj = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; main: string };
    assert.equal(pj.scripts.prepare, undefined, 'no "prepare" build that installers would see');
    assert.match(pj.scripts.prepack, /npm run build/);
    // A copy of the package with the real manifest, ignore file and prepack script; the build itself is replaced (dist/ is copied).
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lg-selfpack-')));
    for (const f of ['package.json', '.npmignore', 'README.md', 'LICENSE', 'CHANGELOG.md', 'scripts/npm-manifest.mjs', ...fs.readdirSync(path.join(ROOT, 'dist')).map((d) => `dist/${d}`), 'schemas/leakguardrc.schema.json']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    manifest.scripts.build = 'node -e 0';
    const before = JSON.stringify(manifest, null, 2) + '\n';
    fs.writeFileSync(path.join(dir, 'package.json'), before);
    const r = spawnSync('npm', ['pack', '--json'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(r.status, 0, r.stderr);
    const packed = JSON.parse(r.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = packed[0].files.map((f) => f.path);
    for (const f of ['dist/cli.js', 'dist/server.js', 'dist/analysis-worker.js', 'package.json']) assert.ok(files.includes(f), `${f} in ${files.join(', ')}`);
    assert.ok(!files.includes('dist/extension.js'), files.join(', '));
    const archive = await readArchive(path.join(dir, packed[0].filename));
    const published = JSON.parse(archive.entries.get('package.json')!.toString('utf8')) as { main?: string; scripts: Record<string, string>; bin: Record<string, string> };
    assert.equal(published.main, undefined);
    assert.equal(published.scripts.prepare, undefined);
    assert.equal(published.bin.leakguard, 'dist/cli.js');
    assert.equal(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'), before, 'postpack restored the working manifest');
    assert.ok(!fs.existsSync(path.join(dir, '.package.json.leakguard-prepack')));
  });

  describe('action.yml (composite), its steps run as the runner runs them', () => {
    interface Step { id?: string; name?: string; shell?: string; env?: Record<string, string>; run?: string; uses?: string; if?: string; with?: Record<string, string> }
    const action = parseYaml(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { runs: { using: string; steps: Step[] }; inputs: Record<string, { default?: string }> };

    /** Expands `${{ inputs.x }}` and `${{ github.action_path }}` like the runner, then runs each `run:` step with bash -eo pipefail. */
    function runAction(cwd: string, inputs: Record<string, string> = {}) {
      const values = (name: string) => inputs[name] ?? action.inputs[name]?.default ?? '';
      const expand = (s: string) => s.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => (expr === 'github.action_path' ? ROOT : expr.startsWith('inputs.') ? values(expr.slice(7)) : ''));
      const outputFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lg-gh-')), 'output');
      fs.writeFileSync(outputFile, '');
      let last = { code: 0 as number | null, stdout: '', stderr: '' };
      for (const step of action.runs.steps.filter((s) => s.run)) {
        assert.ok(!/\$\{\{/.test(step.run!), 'inputs reach the script through env, not pasted into it');
        const env = { ...process.env, GITHUB_OUTPUT: outputFile, NO_COLOR: '1', ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v)])) };
        const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], { cwd, env, encoding: 'utf8' });
        last = { code: r.status, stdout: r.stdout, stderr: r.stderr };
      }
      const outputs = Object.fromEntries(fs.readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((l) => l.split(/=(.*)/s).slice(0, 2)));
      return { ...last, outputs };
    }

    it('is a composite action with a SARIF upload step', () => {
      assert.equal(action.runs.using, 'composite');
      const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
      assert.ok(upload);
      assert.equal(upload.with?.sarif_file, '${{ inputs.sarif-file }}');
      assert.match(upload.if ?? '', /always\(\)/);
    });

    it('on a leaky package: writes SARIF, prints annotations, fails; with fail-on never it passes; clean passes', () => {
      const dir = leaky();
      const r = runAction(dir);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^::error file=package\.json,/m);
      const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'leakguard.sarif'), 'utf8')) as { version: string; runs: Array<{ results: unknown[] }> };
      assert.equal(sarif.version, '2.1.0');
      assert.ok(sarif.runs[0].results.length > 0);
      assert.deepEqual(r.outputs, { 'sarif-file': 'leakguard.sarif', 'exit-code': '1' });
      assert.equal(runAction(dir, { 'fail-on': 'never', 'sarif-file': 'out.sarif' }).code, 0);
      assert.ok(fs.existsSync(path.join(dir, 'out.sarif')));
      assert.equal(runAction(clean()).code, 0);
    });

    it('a hostile input is data, not shell: a path with $(…) is one (missing) folder, exit 2', () => {
      const dir = clean();
      const r = runAction(dir, { path: '$(touch pwned)' });
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.ok(!fs.existsSync(path.join(dir, 'pwned')));
    });
  });

  it('.pre-commit-hooks.yaml: a node hook whose entry is the package\'s own bin; the entry fails a leaky repository', () => {
    const hooks = parseYaml(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ id: string; entry: string; language: string; args?: string[]; pass_filenames?: boolean }>;
    const hook = hooks.find((h) => h.id === 'leakguard');
    assert.ok(hook);
    assert.equal(hook.language, 'node');
    assert.equal(hook.pass_filenames, false);
    const [bin, ...entryArgs] = hook.entry.split(/\s+/);
    const pj = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.ok(pj.bin[bin], `${bin} is a bin of the package`);
    const run = (cwd: string) => spawnSync(process.execPath, [path.join(ROOT, pj.bin[bin]), ...entryArgs, ...(hook.args ?? [])], { cwd, encoding: 'utf8' }).status;
    assert.equal(run(leaky()), 1);
    assert.equal(run(clean()), 0);
  });
});
