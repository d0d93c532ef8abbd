/**
 * Runs file rules over large documents in a worker thread (analysis-worker.ts), so a 10 MB bundle
 * being edited never blocks hovers, code actions or other documents. One worker, started on first
 * use and kept; jobs run one at a time, newest last; `cancel()` stops a superseded run between two
 * rules (a shared flag the worker polls). If the worker cannot start or dies, callers fall back to
 * running in-process.
 */
import { Worker } from 'node:worker_threads';
import type { FileInput, UnitAnalysis, FilePassJob } from '../engine/runner';
import type { Finding, SeveritySetting } from '../engine/types';
import type { FileRule } from '../engine/context';

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

/** The CLI's file pass: a unit's analysis, sent once to each worker before its first file. */
export interface UnitMessage {
  type: 'unit';
  key: number;
  ua: Omit<UnitAnalysis, 'publishSet'>;
  ruleIds: string[];
  ruleOverrides: Array<[string, SeveritySetting]>;
  folder: string;
}

/** The CLI's file pass: one shipped file, read from disk by the worker. */
export interface FileJobMessage {
  type: 'file';
  id: number;
  unitKey: number;
  file: FilePassJob['file'];
  /** See FilePassJob.embedded. */
  embedded?: FilePassJob['embedded'];
}

export type WorkerReply =
  | { type: 'done'; id: number; findings: Finding[]; problems: string[]; timings?: Array<[string, number]> }
  | { type: 'cancelled'; id: number }
  | { type: 'failed'; id: number; error: string }
  | { type: 'readText'; reqId: number; path: string }
  /** The file pass: several file replies in one message (one postMessage per few files, not per file). */
  | { type: 'batch'; replies: Array<Extract<WorkerReply, { type: 'done' | 'cancelled' | 'failed' }>> };

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
      if (m.type === 'batch') return; // the file pass's replies (FilePassPool); the server's jobs are answered one by one
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

/**
 * Files (and bytes) in flight per worker. The main thread sends more only when it reads a reply,
 * which during its own walk of the tree (synchronous reads) is seldom: a deep window keeps the
 * workers busy meanwhile. At the end the main thread takes the queue's rest itself (`help`), so
 * what the window costs is one window's tail.
 */
const WINDOW = 128;
const WINDOW_BYTES = 4 * 1024 * 1024;

interface PassWorker {
  worker: Worker;
  inFlight: Map<number, (r: { findings: Finding[]; problems: string[] } | undefined) => void>;
  /** Sizes of the files in flight, by job id, and their sum. */
  sizes: Map<number, number>;
  bytes: number;
  units: Set<number>;
  dead: boolean;
}

/** A file-pass job waiting in a queue, with how its promise resolves (undefined: analyse it elsewhere). */
export interface QueuedJob {
  job: FilePassJob;
  resolve: (r: { findings: Finding[]; problems: string[] } | undefined) => void;
}

/**
 * Runs the jobs of `queue` in this thread, one at a time, until it is empty (others may take from it
 * meanwhile); `between` runs after each job. A job that throws resolves undefined.
 */
export async function runQueued(queue: QueuedJob[], runHere: (job: FilePassJob) => Promise<{ findings: Finding[]; problems: string[] }>, between?: () => Promise<void>): Promise<void> {
  for (let q = queue.shift(); q !== undefined; q = queue.shift()) {
    try {
      q.resolve(await runHere(q.job));
    } catch {
      q.resolve(undefined);
      continue;
    }
    await between?.();
  }
}

/**
 * The CLI's file pass on every core (issue #20): `size` workers (the CLI's launcher, dist/cli.js,
 * run as a worker thread: it serves the same jobs as the language server's dist/analysis-worker.js,
 * ./analysis-jobs.ts) each read shipped files from disk synchronously and run the file rules on them. Jobs go to the least busy worker, a few at a time; a file whose worker fails resolves
 * undefined (the runner then analyses it in-process), so a crash never loses a file.
 */
export class FilePassPool {
  private readonly workers: PassWorker[] = [];
  private readonly queue: QueuedJob[] = [];
  private readonly unitKeys = new WeakMap<UnitAnalysis, number>();
  private nextUnit = 1;
  private nextId = 1;

  constructor(
    private readonly script: string,
    readonly size: number,
    private readonly log: (m: string) => void,
    /** A worker of `script` started earlier (the CLI's prestart), used as the first one. */
    private readonly adopt?: (script: string) => Worker | undefined,
  ) {}

  run(job: FilePassJob): Promise<{ findings: Finding[]; problems: string[] } | undefined> {
    return new Promise((resolve) => {
      this.queue.push({ job, resolve });
      this.pump();
    });
  }

  /**
   * Runs jobs still waiting for a worker in the calling thread, one at a time, until none waits; the
   * workers keep taking from the same queue meanwhile. A job that throws here resolves undefined
   * (the runner then analyses it in its own fallback).
   */
  help(runHere: (job: FilePassJob) => Promise<{ findings: Finding[]; problems: string[] }>): Promise<void> {
    // Back to the event loop between files: the workers' replies are read (and their next files
    // sent) only there, and synchronous reads never leave it otherwise.
    return runQueued(this.queue, runHere, () => new Promise<void>((r) => setImmediate(r)));
  }

  /** Takes `job` back if it still waits for a worker (it then resolves undefined); false once a worker has it. */
  reclaim(job: FilePassJob): boolean {
    const i = this.queue.findIndex((q) => q.job === job);
    if (i < 0) return false;
    this.queue.splice(i, 1)[0].resolve(undefined);
    return true;
  }

  dispose(): void {
    for (const w of this.workers) {
      w.dead = true;
      void w.worker?.terminate();
    }
    for (const q of this.queue.splice(0)) q.resolve(undefined);
  }

  private pump(): void {
    while (this.queue.length) {
      const w = this.pick();
      if (!w) {
        if (this.workers.length && this.workers.every((x) => x.dead)) for (const q of this.queue.splice(0)) q.resolve(undefined);
        return;
      }
      const { job, resolve } = this.queue.shift()!;
      let key = this.unitKeys.get(job.ua);
      if (key === undefined) this.unitKeys.set(job.ua, (key = this.nextUnit++));
      if (!w.units.has(key)) {
        const { publishSet: _omit, ...ua } = job.ua;
        w.worker.postMessage({ type: 'unit', key, ua, ruleIds: job.rules.map((r) => r.meta.id), ruleOverrides: [...(job.ruleOverrides ?? [])], folder: job.folder } satisfies UnitMessage);
        w.units.add(key);
      }
      const id = this.nextId++;
      w.inFlight.set(id, resolve);
      w.sizes.set(id, job.file.size);
      w.bytes += job.file.size;
      if (w.inFlight.size === 1) w.worker.ref();
      w.worker.postMessage({ type: 'file', id, unitKey: key, file: job.file, ...(job.embedded ? { embedded: job.embedded } : {}) } satisfies FileJobMessage);
    }
  }

  /** The live worker with the fewest files in flight (starting one while fewer than `size` run), if any has room. */
  private pick(): PassWorker | undefined {
    let best: PassWorker | undefined;
    for (const w of this.workers) if (!w.dead && w.inFlight.size < WINDOW && (w.bytes < WINDOW_BYTES || w.inFlight.size === 0) && (!best || w.inFlight.size < best.inFlight.size)) best = w;
    if ((!best || best.inFlight.size > 0) && this.workers.length < this.size) return this.start() ?? best;
    return best;
  }

  private start(): PassWorker | undefined {
    let worker: Worker;
    try {
      worker = this.adopt?.(this.script) ?? new Worker(this.script);
    } catch (e) {
      this.log(`Cannot start an analysis worker: ${e instanceof Error ? e.message : String(e)}`);
      this.workers.push({ worker: undefined as unknown as Worker, inFlight: new Map(), sizes: new Map(), bytes: 0, units: new Set(), dead: true });
      return undefined;
    }
    const w: PassWorker = { worker, inFlight: new Map(), sizes: new Map(), bytes: 0, units: new Set(), dead: false };
    worker.unref();
    const settle = (m: WorkerReply): void => {
      if (m.type !== 'done' && m.type !== 'failed' && m.type !== 'cancelled') return;
      const resolve = w.inFlight.get(m.id);
      if (!resolve) return;
      w.inFlight.delete(m.id);
      w.bytes -= w.sizes.get(m.id) ?? 0;
      w.sizes.delete(m.id);
      if (w.inFlight.size === 0) worker.unref();
      if (m.type === 'failed') this.log(`Analysis worker failed on a file: ${m.error.split('\n')[0]}`);
      resolve(m.type === 'done' ? { findings: m.findings, problems: m.problems } : undefined);
    };
    worker.on('message', (m: WorkerReply) => {
      if (m.type === 'batch') for (const r of m.replies) settle(r);
      else settle(m);
      this.pump();
    });
    const fail = (e: Error) => {
      if (w.dead) return;
      w.dead = true;
      this.log(`Analysis worker stopped: ${e.message}`);
      for (const r of w.inFlight.values()) r(undefined);
      w.inFlight.clear();
      w.sizes.clear();
      w.bytes = 0;
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.workers.push(w);
    return w;
  }
}
