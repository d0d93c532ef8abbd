/**
 * Issue #15 items 2 and 4 (writes): a repository plays the attacker against `check --fix`,
 * `baseline` and the editor's quick fixes. It plants symbolic links for the temp names the next
 * few hundred PIDs would use, links its own files to a file outside, and names folders outside in
 * its configuration. A file outside the workspace must never change; the fixes that are safe still
 * land inside.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeTree } from '../helpers/rule-tester';
import { startServer, killAll } from '../helpers/lsp-client';
import { CLI, SERVER, runCli, runCliAsync, outsideVictim, snapshot, lastPid, cleanEnv, type Run } from './attacker';

const leaky = () => ({
  'package.json': JSON.stringify({ name: 'leaky-cli', version: '1.0.0', main: 'dist/cli.js' }, null, 2),
  'dist/cli.js': 'console.log(1)\n',
  '.env.production': 'A=1\n',
});

const TEMP_NAMES = (pid: number) => [
  // writeAtomic's old name for every file a fix or init may write, and the baseline writer's.
  ...['.npmignore', 'package.json', '.leakguardrc.json', '.leakguard-baseline.json'].map((n) => `.${n}.leakguard-${pid}.tmp`),
  `.leakguard-baseline.json.${pid}.tmp`,
];

/** Plants links for the next `n` PIDs' temp names in `dir`, all pointing at `target`; returns the PID range. */
function plantPidLinks(dir: string, target: string, n: number): { from: number; to: number } {
  const from = (lastPid() ?? 0) + 1;
  for (let pid = from; pid < from + n; pid++) for (const name of TEMP_NAMES(pid)) fs.symlinkSync(target, path.join(dir, name));
  return { from, to: from + n - 1 };
}

/** Runs the CLI until its PID falls inside a freshly planted range (the attacker's bet), at most 4 times. */
async function runWithPlantedPids(tree: () => Record<string, string>, args: string[], victim: string): Promise<{ dir: string; r: Run; covered: boolean }> {
  let last: { dir: string; r: Run; covered: boolean } | undefined;
  for (let attempt = 0; attempt < 4; attempt++) {
    const dir = writeTree(tree());
    const range = plantPidLinks(dir, victim, 400);
    const r = await runCliAsync(args, dir);
    last = { dir, r, covered: r.pid !== undefined && r.pid >= range.from && r.pid <= range.to };
    if (last.covered) return last;
  }
  return last!;
}

describe('security: no write outside the workspace (#15 items 2, 4)', function () {
  this.timeout(180_000);
  before(function () {
    if (!fs.existsSync(CLI) || !fs.existsSync(SERVER)) throw new Error(`${CLI} is missing: run "npm run build" first`);
    if (process.platform === 'win32') this.skip(); // links need privileges there; the code path is the same
  });
  afterEach(() => killAll());

  it('check --fix: links planted for the next 400 PIDs\' temp names do not redirect the write', async () => {
    const v = outsideVictim();
    const { dir, r, covered } = await runWithPlantedPids(leaky, ['check', '--fix'], v.file);
    assert.ok(covered || lastPid() === undefined, `the CLI's PID ${r.pid} fell inside the planted range (else the attack was not tried)`);
    assert.equal(fs.readFileSync(v.file, 'utf8'), v.original, 'the file outside is untouched');
    // The safe fix still lands, as a regular file inside.
    const ignore = path.join(dir, '.npmignore');
    assert.ok(fs.lstatSync(ignore).isFile(), `.npmignore written as a file: ${r.stderr}`);
    assert.match(fs.readFileSync(ignore, 'utf8'), /\.env/);
    const leftovers = fs.readdirSync(dir).filter((n) => n.endsWith('.tmp') && !fs.lstatSync(path.join(dir, n)).isSymbolicLink());
    assert.deepEqual(leftovers, [], 'no temp file left behind');
  });

  it('baseline: links planted for the next 400 PIDs\' temp names do not redirect the write', async () => {
    const v = outsideVictim();
    const { dir, r, covered } = await runWithPlantedPids(leaky, ['baseline'], v.file);
    assert.ok(covered || lastPid() === undefined, `the CLI's PID ${r.pid} fell inside the planted range`);
    assert.equal(fs.readFileSync(v.file, 'utf8'), v.original, 'the file outside is untouched');
    const baseline = path.join(dir, '.leakguard-baseline.json');
    assert.ok(fs.lstatSync(baseline).isFile(), `baseline written as a file: ${r.stderr}`);
    assert.ok(JSON.parse(fs.readFileSync(baseline, 'utf8')).entries.length > 0);
  });

  it('check --fix and init never write through a workspace file that links outside', () => {
    const v = outsideVictim();
    const marker = ['OUTSIDE', 'CONTENT', 'MARKER'].join('-');
    fs.writeFileSync(v.file, `${marker}\n`);
    const dir = writeTree(leaky());
    fs.symlinkSync(v.file, path.join(dir, '.npmignore'));
    const r = runCli(['check', '--fix', '--format', 'json'], dir);
    assert.equal(fs.readFileSync(v.file, 'utf8'), `${marker}\n`, 'the linked file outside is untouched');
    assert.ok(fs.lstatSync(path.join(dir, '.npmignore')).isSymbolicLink(), 'the link is left as it is');
    assert.doesNotMatch(r.stdout + r.stderr, new RegExp(marker), 'the outside content is not read into any output');
    for (const [name, text] of Object.entries(snapshot(dir))) assert.doesNotMatch(text, new RegExp(marker), `${name} did not get the outside content`);
    // init: package.json itself is a link to outside.
    const dir2 = writeTree({});
    const pkgOutside = path.join(v.dir, 'package.json');
    fs.writeFileSync(pkgOutside, JSON.stringify({ name: 'x', version: '1.0.0' }));
    fs.symlinkSync(pkgOutside, path.join(dir2, 'package.json'));
    const before = fs.readFileSync(pkgOutside, 'utf8');
    const i = runCli(['init', '--yes'], dir2);
    assert.equal(fs.readFileSync(pkgOutside, 'utf8'), before, `init did not write through the link: ${i.stdout}${i.stderr}`);
    assert.doesNotMatch(i.stderr, /\n\s+at /, 'a clear message, no stack trace');
  });

  it('an ignore file that links outside is not read: its rules do not decide the publish set', () => {
    const v = outsideVictim();
    fs.writeFileSync(v.file, 'secret.txt\n');
    const dir = writeTree({ ...leaky(), 'secret.txt': 'internal\n' });
    fs.symlinkSync(v.file, path.join(dir, '.npmignore'));
    const r = runCli(['explain', 'secret.txt'], dir);
    assert.match(r.stdout, /secret\.txt .*PUBLISHED/, `the outside rules were not applied: ${r.stdout}${r.stderr}`);
    // Positive control: the same line in a real .npmignore inside does exclude it.
    const dir2 = writeTree({ ...leaky(), 'secret.txt': 'internal\n', '.npmignore': 'secret.txt\n' });
    assert.match(runCli(['explain', 'secret.txt'], dir2).stdout, /not published/);
  });

  it('trap: a --config the user names is read even through a link outside the workspace', () => {
    const v = outsideVictim();
    fs.writeFileSync(path.join(v.dir, 'team.json'), JSON.stringify({ rules: { 'secret-dotenv-in-publish-set': 'off' } }));
    const linkDir = path.join(fs.mkdtempSync(path.join(path.dirname(v.dir), 'lg-sec-link-')), 'cfg');
    fs.symlinkSync(v.dir, linkDir);
    const dir = writeTree(leaky());
    const ids = (args: string[]) => (JSON.parse(runCli(['check', '--format', 'json', ...args], dir).stdout).findings as Array<{ ruleId: string }>).map((f) => f.ruleId);
    assert.ok(ids([]).includes('secret-dotenv-in-publish-set'), 'reported without the team config');
    assert.ok(!ids(['--config', path.join(linkDir, 'team.json')]).includes('secret-dotenv-in-publish-set'), 'the named config (through a link) applies');
  });

  it('publishConfig.directory outside the workspace ("../elsewhere", "/") is an error at its place, not scanned, not fixed', () => {
    const v = outsideVictim();
    fs.writeFileSync(path.join(v.dir, '.env'), 'OUTSIDE=1\n');
    fs.writeFileSync(path.join(v.dir, 'package.json'), JSON.stringify({ name: 'elsewhere', version: '1.0.0' }));
    const before = snapshot(v.dir);
    for (const which of ['../elsewhere', '/']) {
      const parent = fs.mkdtempSync(path.join(path.dirname(v.dir), 'lg-sec-ws-'));
      const dir = path.join(parent, 'ws');
      fs.mkdirSync(dir);
      const rel = which === '/' ? '/' : path.relative(dir, v.dir);
      writeTree({ ...leaky(), 'package.json': JSON.stringify({ name: 'leaky-cli', version: '1.0.0', publishConfig: { directory: rel } }, null, 2) }, dir);
      const r = runCli(['check', '--format', 'json'], dir);
      assert.equal(r.code, 2, `a configuration error: ${r.stderr}`);
      const findings = JSON.parse(r.stdout).findings as Array<{ ruleId: string; file: string; line: number; message: string }>;
      const bad = findings.find((f) => f.ruleId === 'leakguard-config-invalid' && f.file === 'package.json');
      assert.ok(bad, `reported on package.json: ${JSON.stringify(findings.map((f) => [f.ruleId, f.file]))}`);
      assert.match(bad!.message, /publishConfig\.directory .*outside the workspace/);
      assert.ok(findings.every((f) => !f.file.startsWith('..') && !path.isAbsolute(f.file)), 'no finding from outside');
      runCli(['check', '--fix'], dir);
      assert.deepEqual(snapshot(v.dir), before, `${rel}: nothing outside changed`);
    }
  });

  it('a baseline path outside the workspace is reported at its place and never written', () => {
    const v = outsideVictim();
    const parent = fs.mkdtempSync(path.join(path.dirname(v.dir), 'lg-sec-ws-'));
    const dir = path.join(parent, 'ws');
    fs.mkdirSync(dir);
    const target = path.relative(dir, path.join(v.dir, 'evil.sh'));
    writeTree({ ...leaky(), '.leakguardrc.json': JSON.stringify({ baseline: target }, null, 2) }, dir);
    const b = runCli(['baseline'], dir);
    assert.equal(b.code, 2, b.stdout + b.stderr);
    assert.ok(!fs.existsSync(path.join(v.dir, 'evil.sh')), 'nothing written outside');
    assert.doesNotMatch(b.stderr, /\n\s+at /);
    const r = runCli(['check', '--format', 'json'], dir);
    const bad = (JSON.parse(r.stdout).findings as Array<{ ruleId: string; file: string; message: string }>).find((f) => f.ruleId === 'leakguard-config-invalid' && f.file === '.leakguardrc.json');
    assert.ok(bad, r.stdout);
    assert.match(bad!.message, /baseline .*outside the workspace/);
    // A baseline file inside that is a link to outside: not written through either.
    const v2 = outsideVictim();
    const dir2 = writeTree(leaky());
    fs.symlinkSync(v2.file, path.join(dir2, '.leakguard-baseline.json'));
    runCli(['baseline'], dir2);
    assert.equal(fs.readFileSync(v2.file, 'utf8'), v2.original);
  });

  it('the editor gets no quick fix that writes through a link to outside', async () => {
    const v = outsideVictim();
    fs.writeFileSync(v.file, '{}\n');
    const dir = writeTree(leaky());
    fs.symlinkSync(v.file, path.join(dir, '.leakguardrc.json'));
    fs.symlinkSync(v.file, path.join(dir, '.npmignore'));
    const { client: c } = await startServer(dir, { env: cleanEnv(), serverPath: SERVER });
    const uri = c.open(path.join(dir, 'package.json'), 'json');
    const diags = await c.waitFor(uri, (d) => d.length > 0);
    const targets: string[] = [];
    for (const d of diags) {
      for (const a of await c.codeActions(uri, d.range, [d])) targets.push(...(a.edit?.documentChanges ?? []).map((ch) => ('kind' in ch ? ('uri' in ch ? ch.uri : '') : ch.textDocument.uri)));
    }
    assert.ok(targets.length > 0 || diags.length > 0);
    assert.deepEqual(targets.filter((t) => /\/(\.leakguardrc\.json|\.npmignore)$/.test(t)), [], `no edit of a linked file: ${targets.join(', ')}`);
    assert.equal(fs.readFileSync(v.file, 'utf8'), '{}\n');
    assert.equal(await c.shutdown(), 0);
  });
});
