/**
 * Large documents (over LARGE_DOCUMENT characters) are analysed in a worker thread
 * (dist/analysis-worker.js): same findings as in-process, superseded runs cancelled, final
 * diagnostics match the final text.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeTree } from '../helpers/rule-tester';
import { startServer, killAll } from '../helpers/lsp-client';
import { RuleWorker, RuleWorkerPool } from '../../server/src/lsp/worker-client';
import { LARGE_DOCUMENT } from '../../server/src/lsp/server';
import { analyzeFolder, runFileRules, FindingSink } from '../../server/src/engine/runner';
import { OverlayFileSystem } from '../../server/src/engine/safe/fs';
import { allRules } from '../../rules/index';
import type { Finding } from '../../server/src/engine/types';
import type { FileRule } from '../../server/src/engine/context';

const WORKER = path.resolve(__dirname, '../../dist/analysis-worker.js');

/** A minified-looking bundle just over the worker threshold, with a codename marker and a token. */
function bundle(marker: string): string {
  const chunk = 'function a(b){return b.map(function(c){return c*2})}var d={e:"hello world",f:[1,2,3]};';
  const n = Math.ceil((LARGE_DOCUMENT + 50_000) / chunk.length);
  const half = chunk.repeat(n >> 1);
  return `${half}var m="${marker}";var t="ghp_${'A1b2C3d4E5'.repeat(3)}abcdef";${half}\n`;
}

describe('large documents in a worker thread', function () {
  this.timeout(60_000);
  afterEach(killAll);

  it('the worker finds what runFileRules finds in-process, and a cancelled run resolves undefined', async () => {
    assert.ok(fs.existsSync(WORKER), 'dist/analysis-worker.js is built by scripts/build.mjs');
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'big', version: '1.0.0', main: 'dist/index.js', files: ['dist'] }),
      'dist/index.js': bundle('DO NOT SHIP build 1'),
      '.leakguardrc.json': JSON.stringify({ denyList: ['zephyrine'] }),
    });
    const fsys = new OverlayFileSystem();
    const result = await analyzeFolder({ fs: fsys, folder: root, rules: allRules });
    const ua = result.units[0];
    const abs = `${ua.unit.root}/dist/index.js`;
    const text = fs.readFileSync(abs, 'utf8');
    const input = { abs, relPath: 'dist/index.js', text, shipped: true };
    const rules = allRules.filter((r): r is FileRule => r.kind === 'file');
    const local: Finding[] = [];
    const localProblems: string[] = [];
    await runFileRules(rules, input, ua, { fs: fsys }, ua.unit.root, new FindingSink(local, {}, ua.unit.root, localProblems));
    const w = new RuleWorker(WORKER, (p) => fsys.readText(p), () => undefined);
    try {
      const remote = await w.run({ rules, input, ua, folder: ua.unit.root, ruleOverrides: undefined }).result;
      assert.ok(remote);
      assert.deepEqual(remote.findings, local);
      assert.deepEqual(remote.problems, localProblems);
      assert.ok(local.some((f) => f.ruleId === 'prompt-internal-codename'));
      assert.ok(local.some((f) => f.ruleId === 'secret-known-token-format'));
      // Cancelled before it starts: resolves undefined.
      const job = w.run({ rules, input, ua, folder: ua.unit.root, ruleOverrides: undefined });
      w.cancel(job.id);
      assert.equal(await job.result, undefined);
    } finally {
      w.dispose();
    }
    // Two workers splitting the rules (by measured cost, after a first run) merge back to the in-process order.
    const pool = new RuleWorkerPool(WORKER, 2, (p) => fsys.readText(p), () => undefined);
    try {
      for (let round = 0; round < 2; round++) {
        const remote = await pool.run({ rules, input, ua, folder: ua.unit.root, ruleOverrides: undefined }).result;
        assert.ok(remote);
        assert.deepEqual(remote.findings, local);
        assert.equal(remote.timings.length, rules.length);
      }
      const job = pool.run({ rules, input, ua, folder: ua.unit.root, ruleOverrides: undefined });
      pool.cancel(job.id);
      assert.equal(await job.result, undefined);
    } finally {
      pool.dispose();
    }
  });

  it('rapid edits to a large open document: the final diagnostics match the final text; suppressions apply', async () => {
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'big', version: '1.0.0', main: 'dist/index.js', files: ['dist'], license: 'MIT', repository: 'github:a/b' }),
      'dist/index.js': bundle('nothing here'),
    });
    const { client: c } = await startServer(root);
    const uri = c.open(path.join(root, 'dist/index.js'), 'javascript');
    await c.analysed();
    for (let i = 1; i <= 30; i++) c.change(uri, bundle(i === 30 ? 'DO NOT SHIP build 30' : `build ${i}`));
    const diags = await c.waitFor(uri, (d) => d.some((x) => x.code === 'prompt-internal-codename'));
    assert.equal(diags.filter((x) => x.code === 'prompt-internal-codename').length, 1);
    assert.equal((diags.find((x) => x.code === 'prompt-internal-codename')!.data as { docVersion: number }).docVersion, 31);
    // Responsive while the worker analyses: a hover is answered.
    c.change(uri, bundle('DO NOT SHIP build 31'));
    assert.equal(typeof (await c.hover(uri, 0, 1)), 'undefined');
    // A suppression comment (applied on the main thread after the worker) removes the finding.
    c.change(uri, `// leakguard-disable-file prompt-internal-codename -- test\n${bundle('DO NOT SHIP build 32')}`);
    await c.waitFor(uri, (d) => !d.some((x) => x.code === 'prompt-internal-codename') && d.some((x) => x.code === 'secret-known-token-format'));
    assert.equal(await c.shutdown(), 0);
  });
});
