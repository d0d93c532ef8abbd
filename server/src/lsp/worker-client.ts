/**
 * Runs file rules over large documents in a worker thread (analysis-worker.ts), so a 10 MB bundle
 * being edited never blocks hovers, code actions or other documents. One worker, started on first
 * use and kept; jobs run one at a time, newest last; `cancel()` stops a superseded run between two
 * rules (a shared flag the worker polls). If the worker cannot start or dies, callers fall back to
 * running in-process.
 */
import { Worker } from 'node:worker_threads';
import type { FileInput, UnitAnalysis } from '../engine/runner';
import type { FileRule, Finding, SeveritySetting } from '../engine/types';

export interface WorkerJob {
  type: 'run';
  id: number;
  cancel: SharedArrayBuffer;
  ruleIds: string[];
  input: FileInput;
  ua: Omit<UnitAnalysis, 'publishSet'>;
  folder: string;
  ruleOverrides: Array<[string, SeveritySetting]>;
}

export type WorkerReply =
  | { type: 'done'; id: number; findings: Finding[]; problems: string[] }
  | { type: 'cancelled'; id: number }
  | { type: 'failed'; id: number; error: string }
  | { type: 'readText'; reqId: number; path: string };

interface Pending {
  resolve: (r: { findings: Finding[]; problems: string[] } | undefined) => void;
  reject: (e: Error) => void;
  flag: Int32Array;
}

export class RuleWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly script: string,
    private readonly readText: (p: string) => Promise<string | undefined>,
    private readonly log: (m: string) => void,
  ) {}

  /** Runs `rules` over `input` in the worker; resolves undefined when cancelled. */
  run(job: { rules: readonly FileRule[]; input: FileInput; ua: UnitAnalysis; folder: string; ruleOverrides: ReadonlyMap<string, SeveritySetting> | undefined }): { id: number; result: Promise<{ findings: Finding[]; problems: string[] } | undefined> } {
    const w = this.ensure();
    const id = this.nextId++;
    const cancel = new SharedArrayBuffer(4);
    const flag = new Int32Array(cancel);
    const result = new Promise<{ findings: Finding[]; problems: string[] } | undefined>((resolve, reject) => this.pending.set(id, { resolve, reject, flag }));
    const { publishSet: _omit, ...ua } = job.ua;
    const msg: WorkerJob = { type: 'run', id, cancel, ruleIds: job.rules.map((r) => r.meta.id), input: { ...job.input }, ua, folder: job.folder, ruleOverrides: [...(job.ruleOverrides ?? [])] };
    w.postMessage(msg);
    return { id, result };
  }

  /** Asks a running or queued job to stop (it resolves undefined). */
  cancel(id: number): void {
    const p = this.pending.get(id);
    if (p) Atomics.store(p.flag, 0, 1);
  }

  dispose(): void {
    this.disposed = true;
    for (const p of this.pending.values()) p.resolve(undefined);
    this.pending.clear();
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private ensure(): Worker {
    if (this.disposed) throw new Error('worker disposed');
    if (this.worker) return this.worker;
    const w = new Worker(this.script);
    w.unref();
    w.on('message', (m: WorkerReply) => {
      if (m.type === 'readText') {
        this.readText(m.path).then(
          (text) => w.postMessage({ type: 'text', reqId: m.reqId, text }),
          () => w.postMessage({ type: 'text', reqId: m.reqId, text: undefined }),
        );
        return;
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.type === 'done') p.resolve({ findings: m.findings, problems: m.problems });
      else if (m.type === 'cancelled') p.resolve(undefined);
      else p.reject(new Error(m.error));
    });
    const fail = (e: Error) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      if (!this.disposed) this.log(`Analysis worker stopped: ${e.message}`);
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.worker = w;
    return w;
  }
}
