/**
 * Worker thread entry (dist/analysis-worker.js): runs the file rules over one large document off
 * the language server's main thread. The main thread sends the document, its unit and config; the
 * worker answers with findings. A shared flag cancels a run between two rules when a newer version
 * of the document arrives. `ctx.readText` (fixes that edit another file) is answered by the main
 * thread, so open documents win over the disk as they do in-process.
 */
import { parentPort } from 'node:worker_threads';
import { runFileRules, FindingSink, type FileInput, type UnitAnalysis } from '../engine/runner';
import type { FileRule, Finding, SeveritySetting } from '../engine/types';
import type { FileSystem } from '../engine/fs';
import { allRules } from '../../../rules/index';
import type { WorkerJob, WorkerReply } from './worker-client';

const port = parentPort;
if (!port) throw new Error('analysis-worker must run in a worker thread');

const byId = new Map(allRules.filter((r): r is FileRule => r.kind === 'file').map((r) => [r.meta.id, r]));
const pendingReads = new Map<number, (text: string | undefined) => void>();
let nextRead = 1;

const readText = (p: string): Promise<string | undefined> =>
  new Promise((resolve) => {
    const reqId = nextRead++;
    pendingReads.set(reqId, resolve);
    port.postMessage({ type: 'readText', reqId, path: p } satisfies WorkerReply);
  });

const fs: FileSystem = {
  readText,
  readFile: async (p) => {
    const t = await readText(p);
    return t === undefined ? undefined : Buffer.from(t, 'utf8');
  },
  stat: async () => undefined,
  readDir: async () => [],
};

port.on('message', (msg: WorkerJob | { type: 'text'; reqId: number; text: string | undefined }) => {
  if (msg.type === 'text') {
    pendingReads.get(msg.reqId)?.(msg.text);
    pendingReads.delete(msg.reqId);
    return;
  }
  void run(msg);
});

async function run(job: WorkerJob): Promise<void> {
  const flag = new Int32Array(job.cancel);
  const isCancelled = () => Atomics.load(flag, 0) !== 0;
  try {
    const rules = job.ruleIds.map((id) => byId.get(id)).filter((r): r is FileRule => !!r);
    const ua: UnitAnalysis = { ...job.ua, publishSet: { unit: job.ua.unit, tool: 'npm-packlist', files: [], byPath: new Map(), problems: [] } };
    const findings: Finding[] = [];
    const problems: string[] = [];
    const timings = new Map<string, number>();
    const opts = { ruleOverrides: new Map<string, SeveritySetting>(job.ruleOverrides), fs, isCancelled, timings };
    await runFileRules(rules, job.input as FileInput, ua, opts, job.folder, new FindingSink(findings, opts, job.folder, problems));
    port!.postMessage(isCancelled() ? ({ type: 'cancelled', id: job.id } satisfies WorkerReply) : ({ type: 'done', id: job.id, findings, problems, timings: [...timings] } satisfies WorkerReply));
  } catch (e) {
    port!.postMessage({ type: 'failed', id: job.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerReply);
  }
}
