/**
 * The jobs of an analysis worker thread (dist/analysis-worker.js for the language server; the CLI's
 * file-pass workers run the CLI bundle, which serves the same jobs): runs the file rules over one
 * large document off the language server's main thread. The main thread sends the document, its unit and config; the
 * worker answers with findings. A shared flag cancels a run between two rules when a newer version
 * of the document arrives. `ctx.readText` (fixes that edit another file) is answered by the main
 * thread, so open documents win over the disk as they do in-process.
 */
import type { MessagePort } from 'node:worker_threads';
import { runFileRules, runShippedFile, runEmbeddedJob, FindingSink, type FileInput, type UnitAnalysis } from '../engine/runner';
import type { Finding, SeveritySetting } from '../engine/types';
import type { FileRule } from '../engine/context';
import { ConfinedFileSystem, SyncDiskFileSystem, decodeText, looksBinary, type FileSystem } from '../engine/safe/fs';
import { releaseLargeText } from '../engine/safe/memory';
import { takeExhaustedGlobs } from '../engine/safe/glob';
import { allRules } from '../../../rules/index';
import type { WorkerJob, WorkerReply, FileJobMessage, UnitMessage } from './worker-client';

/** The thread's port to the main thread (set once by serveAnalysisJobs). */
let port: MessagePort;

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

/** Units of the CLI's file pass, sent once per worker (jobs name them by key). */
const disk = new SyncDiskFileSystem();
const units = new Map<number, { ua: UnitAnalysis; rules: FileRule[]; ruleOverrides: Map<string, SeveritySetting>; folder: string; fs: ConfinedFileSystem }>();

/** Serves the worker's jobs on `p` (the worker thread's parentPort). Once per thread. */
export function serveAnalysisJobs(p: MessagePort): void {
  port = p;
  port.on('message', (msg: WorkerJob | UnitMessage | FileJobMessage | { type: 'text'; reqId: number; text: string | undefined }) => {
    if (msg.type === 'text') {
      pendingReads.get(msg.reqId)?.(msg.text);
      pendingReads.delete(msg.reqId);
      return;
    }
    if (msg.type === 'unit') {
      const ua: UnitAnalysis = { ...msg.ua, publishSet: { unit: msg.ua.unit, tool: 'npm-packlist', files: [], byPath: new Map(), problems: [] } };
      // Whatever a rule reads besides the file itself (fix builders read ignore files) goes through the
      // same confinement by real path as in the main thread (issue #15 item 4).
      units.set(msg.key, { ua, rules: msg.ruleIds.map((id) => byId.get(id)).filter((r): r is FileRule => !!r), ruleOverrides: new Map(msg.ruleOverrides), folder: msg.folder, fs: new ConfinedFileSystem(disk, [msg.folder]) });
      return;
    }
    if (msg.type === 'file') {
      void runFile(msg);
      return;
    }
    void run(msg);
  });
}

/**
 * Replies of the file pass go out in batches: one postMessage per file was 10% of a worker's time
 * on 10,000 small files (issue #20). A batch leaves when it holds half the pool's window of files
 * in flight (the main thread refills while the worker goes on with the other half) or when the
 * worker has no queued file left (setImmediate runs after the pending messages are handled).
 */
const FLUSH_AT = 4;
let outbox: Array<Extract<WorkerReply, { type: 'done' | 'cancelled' | 'failed' }>> = [];
let flushScheduled = false;

function flushReplies(): void {
  flushScheduled = false;
  if (outbox.length === 0) return;
  const replies = outbox;
  outbox = [];
  port.postMessage(replies.length === 1 ? replies[0] : ({ type: 'batch', replies } satisfies WorkerReply));
}

function fileReply(m: Extract<WorkerReply, { type: 'done' | 'cancelled' | 'failed' }>): void {
  outbox.push(m);
  if (outbox.length >= FLUSH_AT) flushReplies();
  else if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushReplies);
  }
}

/** One shipped file of the CLI's file pass: read from disk here (no copy through the main thread), every file rule, embedded sources. */
async function runFile(job: FileJobMessage): Promise<void> {
  try {
    const u = units.get(job.unitKey);
    if (!u) throw new Error(`unknown unit ${job.unitKey}`);
    const findings: Finding[] = [];
    const problems: string[] = [];
    const opts = { ruleOverrides: u.ruleOverrides, fs: u.fs };
    if (job.embedded) {
      // A part of a large map's embedded sources, parsed and sent by the main thread.
      await runEmbeddedJob(u.rules, { abs: job.file.abs, embedded: job.embedded }, u.ua, opts, u.folder, new FindingSink(findings, opts, u.folder, problems));
      problems.push(...takeExhaustedGlobs());
      fileReply({ type: 'done', id: job.id, findings, problems });
      return;
    }
    // A link anywhere on the way: declined, so the main thread reads it through the runner's
    // confinement by real path (issue #15); the worker reads only link-free paths: a folder whose
    // real path is its own (asked once per folder) and a no-follow open (issue #20: a realpath(3)
    // per file was the workers' largest system cost).
    const bytes = await u.fs.readDirect(job.file.abs);
    if (bytes === 'link') {
      fileReply({ type: 'cancelled', id: job.id });
      return;
    }
    const text = bytes === undefined || looksBinary(bytes) ? undefined : decodeText(bytes);
    if (text !== undefined) await runShippedFile(u.rules, { abs: job.file.abs, relPath: job.file.relPath, text }, u.ua, opts, u.folder, new FindingSink(findings, opts, u.folder, problems));
    releaseLargeText(job.file.size);
    // Workspace globs that ran out of their time budget here are reported with this file (the main
    // thread reports its own at the end of the analysis), never dropped.
    problems.push(...takeExhaustedGlobs());
    fileReply({ type: 'done', id: job.id, findings, problems });
  } catch (e) {
    fileReply({ type: 'failed', id: job.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}

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
    port.postMessage(isCancelled() ? ({ type: 'cancelled', id: job.id } satisfies WorkerReply) : ({ type: 'done', id: job.id, findings, problems, timings: [...timings] } satisfies WorkerReply));
  } catch (e) {
    port.postMessage({ type: 'failed', id: job.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerReply);
  }
}
