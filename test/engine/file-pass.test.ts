/**
 * `AnalyzeOptions.filePass` (issue #20): files analysed elsewhere — out of order, some declined,
 * some in real worker threads — give exactly the findings and problems of the in-order pass, in
 * the same order (before the CLI sorts anything).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFolder, runShippedFile, FindingSink, type FilePassJob } from '../../server/src/engine/runner';
import { DiskFileSystem } from '../../server/src/engine/safe/fs';
import { FilePassPool } from '../../server/src/lsp/worker-client';
import { prestartWorker, takePrestartedWorker, discardPrestartedWorker, wantsWorkers } from '../../server/src/cli/prestart';
import { allRules } from '../../rules/index';
import type { Finding } from '../../server/src/engine/types';
import { writeTree } from '../helpers/rule-tester';

const WORKER = path.resolve(__dirname, '../../dist/analysis-worker.js');
const fakeToken = (i: number) => 'ghp' + '_' + `${i}`.padStart(4, '0') + 'Rt5Yu7Io9Pa1Sd3Fg5Hj7Kl9Zx1Cv3Bn';

function tree(): string {
  const t: Record<string, string> = { 'package.json': JSON.stringify({ name: 'fp', private: true, workspaces: ['packages/*'] }) };
  for (let p = 0; p < 3; p++) {
    t[`packages/p${p}/package.json`] = JSON.stringify({ name: `fp-${p}`, version: '1.0.0', main: 'dist/index.js' });
    for (let i = 0; i < 12; i++) t[`packages/p${p}/src/m${i}.ts`] = `export const a = 1;\nexport const t = '${fakeToken(p * 100 + i)}';\n`.repeat(1 + (i % 3));
    // Several findings on one map at offset 0 (embedded sources): their order is the runner's order.
    t[`packages/p${p}/dist/index.js.map`] = JSON.stringify({ version: 3, sources: ['a.ts', 'b.ts', 'c.ts'], sourcesContent: [`const k = '${fakeToken(900 + p)}';`, `const j = '${fakeToken(950 + p)}';`, 'x'], mappings: 'AAAA' });
    t[`packages/p${p}/dist/index.js`] = 'module.exports = 1;\n';
  }
  return writeTree(t);
}

const strip = (fs: Finding[]) => fs.map((f) => ({ ...f }));

describe('engine: file pass elsewhere (filePass)', function () {
  this.timeout(60_000);
  const diskFs = new DiskFileSystem();
  let root: string;
  let expected: { findings: Finding[]; problems: string[] };
  before(async () => {
    root = tree();
    const r = await analyzeFolder({ fs: diskFs, folder: root, rules: allRules });
    expected = { findings: r.findings, problems: r.problems };
    assert.ok(r.findings.filter((f) => f.ruleId === 'secret-known-token-format').length >= 30);
  });

  it('out-of-order completion and declined files give the in-order result', async () => {
    let n = 0;
    const filePass = async (job: FilePassJob) => {
      const k = n++;
      if (k % 5 === 0) return undefined; // declined: the runner analyses it itself
      await new Promise((r) => setTimeout(r, (37 * k) % 23)); // finish out of order
      const findings: Finding[] = [];
      const problems: string[] = [];
      const text = await diskFs.readText(job.file.abs);
      if (text !== undefined) await runShippedFile(job.rules, { abs: job.file.abs, relPath: job.file.relPath, text }, job.ua, { fs: diskFs }, job.folder, new FindingSink(findings, {}, job.folder, problems));
      return { findings, problems };
    };
    const r = await analyzeFolder({ fs: diskFs, folder: root, rules: allRules, filePass });
    assert.ok(n > 30);
    assert.deepEqual(strip(r.findings), strip(expected.findings));
    assert.deepEqual(r.problems, expected.problems);
  });

  /** The tree through `pool` gives the in-order result; the pool is disposed. */
  async function inOrderThrough(pool: FilePassPool): Promise<void> {
    try {
      const r = await analyzeFolder({ fs: diskFs, folder: root, rules: allRules, filePass: (job) => pool.run(job) });
      assert.deepEqual(strip(r.findings), strip(expected.findings));
      assert.deepEqual(r.problems, expected.problems);
    } finally {
      pool.dispose();
    }
  }

  it('real worker threads (dist/analysis-worker.js) give the in-order result', async function () {
    if (!fs.existsSync(WORKER)) throw new Error('dist/analysis-worker.js is missing: run "npm run build" first');
    await inOrderThrough(new FilePassPool(WORKER, 2, (m) => assert.fail(m)));
  });

  it('a worker started before the pool (the CLI prestart) is adopted as its first one: the in-order result', async function () {
    if (!fs.existsSync(WORKER)) throw new Error('dist/analysis-worker.js is missing: run "npm run build" first');
    prestartWorker(['check', '.'], {}, WORKER);
    let adopted = 0;
    const pool = new FilePassPool(WORKER, 2, (m) => assert.fail(m), (script) => {
      const w = takePrestartedWorker(script);
      if (w) adopted++;
      return w;
    });
    try {
      await inOrderThrough(pool);
    } finally {
      discardPrestartedWorker();
    }
    assert.equal(adopted, 1, 'the prestarted worker was taken once; the second one was started by the pool');
    assert.equal(takePrestartedWorker(WORKER), undefined);
  });

  it('the main thread helps: it takes queued files (filePassHelp) while a worker takes others; the in-order result', async function () {
    if (!fs.existsSync(WORKER)) throw new Error('dist/analysis-worker.js is missing: run "npm run build" first');
    // Bigger than one worker window (128 files), so files wait in the queue when the walk ends.
    const big: Record<string, string> = { 'package.json': JSON.stringify({ name: 'help', version: '1.0.0' }) };
    for (let i = 0; i < 400; i++) big[`lib/m${i}.js`] = i % 7 === 0 ? `exports.t = '${fakeToken(i)}';\n` : `exports.v${i} = ${i};\n`;
    const bigRoot = writeTree(big);
    const alone = await analyzeFolder({ fs: diskFs, folder: bigRoot, rules: allRules });
    const pool = new FilePassPool(WORKER, 1, (m) => assert.fail(m));
    let here = 0;
    let sent = 0;
    try {
      const r = await analyzeFolder({
        fs: diskFs,
        folder: bigRoot,
        rules: allRules,
        filePass: (job) => {
          sent++;
          return pool.run(job);
        },
        filePassHelp: (runHere) =>
          pool.help((job) => {
            here++;
            return runHere(job);
          }),
      });
      assert.deepEqual(strip(r.findings), strip(alone.findings));
      assert.deepEqual(r.problems, alone.problems);
      assert.ok(alone.findings.filter((f) => f.ruleId === 'secret-known-token-format').length >= 50);
    } finally {
      pool.dispose();
    }
    assert.ok(here > 0 && here < sent, `main thread ran ${here} of ${sent} files`);
  });

  it('workers decline linked files (the main thread then reads them confined): nothing outside is read, the same result as alone', async function () {
    if (!fs.existsSync(WORKER)) throw new Error('dist/analysis-worker.js is missing: run "npm run build" first');
    const outside = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'lg-fp-out-'));
    fs.writeFileSync(path.join(outside, 'secret.js'), `exports.t = '${fakeToken(7777)}';\n`);
    fs.mkdirSync(path.join(outside, 'dir'));
    fs.writeFileSync(path.join(outside, 'dir', 'x.js'), `exports.t = '${fakeToken(8888)}';\n`);
    const linked = writeTree({ 'package.json': JSON.stringify({ name: 'links', version: '1.0.0' }), 'lib/real.js': `exports.t = '${fakeToken(1111)}';\n`, 'lib/plain.js': 'exports.a = 1;\n' });
    fs.symlinkSync(path.join(outside, 'secret.js'), path.join(linked, 'lib/out.js'));
    fs.symlinkSync(path.join(linked, 'lib/real.js'), path.join(linked, 'lib/alias.js'));
    fs.symlinkSync(path.join(outside, 'dir'), path.join(linked, 'lib/outdir'));
    // The folder itself opened through a link: every file's real path differs from its path.
    const via = path.join(outside, 'via-link');
    fs.symlinkSync(linked, via);
    const alone = await analyzeFolder({ fs: diskFs, folder: via, rules: allRules });
    const pool = new FilePassPool(WORKER, 1, (m) => assert.fail(m));
    let declined = 0;
    try {
      const r = await analyzeFolder({ fs: diskFs, folder: via, rules: allRules, filePass: async (job) => (await pool.run(job)) ?? (declined++, undefined) });
      assert.deepEqual(strip(r.findings), strip(alone.findings));
      const text = JSON.stringify(r.findings);
      assert.ok(!text.includes('7777') && !text.includes('8888'), 'nothing from outside the workspace');
      assert.ok(r.findings.some((f) => f.ruleId === 'secret-known-token-format' && f.file.endsWith('lib/real.js')), 'the file inside is still read (by the main thread)');
    } finally {
      pool.dispose();
    }
    assert.ok(declined >= 1, `${declined} linked files declined by the worker`);
  });

  it('the CLI prestarts a worker only for a check that may use one (issue #20)', () => {
    assert.equal(wantsWorkers(['check', '.'], {}, 2), true);
    assert.equal(wantsWorkers(['check'], {}, 2), true);
    assert.equal(wantsWorkers(['check', '.'], {}, 1), false, 'one core: no worker by default');
    assert.equal(wantsWorkers(['check', '.', '--jobs', '0'], {}, 8), false);
    assert.equal(wantsWorkers(['check', '--jobs=0', '.'], {}, 8), false);
    assert.equal(wantsWorkers(['check', '-j', '0'], {}, 8), false);
    assert.equal(wantsWorkers(['check', '.'], { LEAKGUARD_JOBS: '0' }, 8), false);
    assert.equal(wantsWorkers(['check', '.', '--jobs', '2'], { LEAKGUARD_JOBS: '0' }, 8), true, '--jobs wins over the variable');
    assert.equal(wantsWorkers(['check', '.'], { LEAKGUARD_JOBS: '' }, 8), true);
    assert.equal(wantsWorkers(['check', '.', '--jobs', '1'], {}, 1), true, 'an explicit count starts its workers on one core too');
    assert.equal(wantsWorkers(['check', '.', '--jobs', 'lots'], {}, 8), false, 'a usage error starts nothing');
    assert.equal(wantsWorkers(['check', '--help'], {}, 8), false);
    for (const cmd of [['pack', 'x.tgz'], ['ls', '.'], ['--version'], [], ['explain', 'a.js']]) assert.equal(wantsWorkers(cmd, {}, 8), false, cmd.join(' '));
    // Nothing starts without the worker script (run from sources), and a discarded worker is gone.
    prestartWorker(['check', '.'], {}, path.join(root, 'no-such-worker.js'));
    assert.equal(takePrestartedWorker(path.join(root, 'no-such-worker.js')), undefined);
    prestartWorker(['check', '.'], {}, WORKER);
    assert.equal(takePrestartedWorker(path.join(root, 'other.js')), undefined, 'only the same script is adopted');
    discardPrestartedWorker();
    assert.equal(takePrestartedWorker(WORKER), undefined);
  });

  it('a prestarted worker that dies before it is adopted is not adopted (the pool starts its own, nothing hangs)', async () => {
    const broken = path.join(root, 'broken-worker.js');
    fs.writeFileSync(broken, 'throw new Error("cannot load");\n');
    const w = prestartWorker(['check', '.'], {}, broken);
    assert.ok(w, 'a worker was started');
    await new Promise((r) => w.on('exit', r)); // after its 'error'
    assert.equal(takePrestartedWorker(broken), undefined);
    // A pool whose only way to a worker is that script reports the failure and the runner analyses the files itself.
    const logged: string[] = [];
    const pool = new FilePassPool(broken, 1, (m) => logged.push(m));
    try {
      const r = await analyzeFolder({ fs: diskFs, folder: root, rules: allRules, filePass: (job) => pool.run(job) });
      assert.deepEqual(strip(r.findings), strip(expected.findings));
    } finally {
      pool.dispose();
    }
    assert.ok(logged.some((m) => /stopped|failed|start/i.test(m)), logged.join('\n'));
  });
});


