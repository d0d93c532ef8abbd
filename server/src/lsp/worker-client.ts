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
  | { type: 'done'; id: number; findings: Finding[]; problems: string[]; timings?: Array<[string, number]> }
  | { type: 'cancelled'; id: number }
  | { type: 'failed'; id: number; error: string }
  | { type: 'readText'; reqId: number; path: string };

export interface RuleRun {
  findings: Finding[];
  problems: string[];
  /** Milliseconds per rule id, measured in the worker. */
  timings: Array<[string, number]>;
}

interface Pending {
  resolve: (r: RuleRun | undefined) => void;
  reject: (e: Error) => void;
  flag: Int32Array;
}

export interface RuleJob {
  rules: readonly FileRule[];
  input: FileInput;
  ua: UnitAnalysis;
  folder: string;
  ruleOverrides: ReadonlyMap<string, SeveritySetting> | undefined;
}

/**
 * Several workers splitting one document's rules between them (the main thread is idle while they
 * run, so two workers use both cores of a 2-core machine). Rules are dealt to the workers by their
 * last measured cost (longest first, to the least loaded worker); findings are merged back in rule
 * order, which is the order an in-process run produces.
 */
export class RuleWorkerPool {
  private readonly workers: RuleWorker[];
  private readonly cost = new Map<string, number>();
  private readonly jobs = new Map<number, Array<{ w: RuleWorker; id: number }>>();
  private nextId = 1;

  constructor(script: string, size: number, readText: (p: string) => Promise<string | undefined>, log: (m: string) => void) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => new RuleWorker(script, readText, log));
  }

  run(job: RuleJob): { id: number; result: Promise<RuleRun | undefined> } {
    const groups: FileRule[][] = this.workers.map(() => []);
    const load = this.workers.map(() => 0);
    const byCost = [...job.rules].sort((a, b) => (this.cost.get(b.meta.id) ?? 1) - (this.cost.get(a.meta.id) ?? 1));
    for (const r of byCost) {
      let k = 0;
      for (let i = 1; i < load.length; i++) if (load[i] < load[k]) k = i;
      groups[k].push(r);
      load[k] += this.cost.get(r.meta.id) ?? 1;
    }
    const id = this.nextId++;
    const parts: Array<{ w: RuleWorker; id: number; result: Promise<RuleRun | undefined> }> = [];
    groups.forEach((g, i) => {
      if (g.length === 0) return;
      const order = new Set(g);
      const sub = this.workers[i].run({ ...job, rules: job.rules.filter((r) => order.has(r)) });
      parts.push({ w: this.workers[i], ...sub });
    });
    this.jobs.set(id, parts);
    const result = Promise.all(parts.map((p) => p.result)).then(
      (runs) => {
        this.jobs.delete(id);
        if (runs.some((r) => !r)) return undefined;
        const done = runs as RuleRun[];
        for (const r of done) for (const [rule, ms] of r.timings) this.cost.set(rule, ms);
        // In-process order: rule by rule, each rule's findings in report order.
        const byRule = new Map<string, Finding[]>();
        for (const r of done) for (const f of r.findings) (byRule.get(f.ruleId) ?? byRule.set(f.ruleId, []).get(f.ruleId)!).push(f);
        const findings: Finding[] = [];
        for (const rule of job.rules) {
          findings.push(...(byRule.get(rule.meta.id) ?? []));
          byRule.delete(rule.meta.id);
        }
        for (const rest of byRule.values()) findings.push(...rest);
        return { findings, problems: done.flatMap((r) => r.problems), timings: done.flatMap((r) => r.timings) };
      },
      (e: unknown) => {
        this.jobs.delete(id);
        for (const p of parts) p.w.cancel(p.id);
        throw e;
      },
    );
    return { id, result };
  }

  cancel(id: number): void {
    for (const p of this.jobs.get(id) ?? []) p.w.cancel(p.id);
  }

  dispose(): void {
    for (const w of this.workers) w.dispose();
  }
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
  run(job: RuleJob): { id: number; result: Promise<RuleRun | undefined> } {
    const w = this.ensure();
    const id = this.nextId++;
    const cancel = new SharedArrayBuffer(4);
    const flag = new Int32Array(cancel);
    const result = new Promise<RuleRun | undefined>((resolve, reject) => this.pending.set(id, { resolve, reject, flag }));
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
      if (m.type === 'done') p.resolve({ findings: m.findings, problems: m.problems, timings: m.timings ?? [] });
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
