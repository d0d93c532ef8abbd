/**
 * The first file-pass worker, started while the CLI itself is still starting (issue #20).
 *
 * A worker spends ~150 ms loading the bundle before it analyses a file. Started by the pool once a
 * check has proved big (AUTO_WORKERS_AFTER_FILES), that load fell into the middle of the run, and
 * the second core idled through the CLI's own start and first walk. `leakguard check` therefore
 * starts one worker right away (the launcher, ./launch.ts, does before it loads the bundle); the
 * pool adopts it if the tree is big enough for workers, and it is terminated
 * otherwise. Not on one core, not with `--jobs 0` / LEAKGUARD_JOBS=0, not for other commands.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';

let prestarted: { script: string; worker: Worker } | undefined;

/** True when `argv` (after the executable and script) asks for a check that may use workers. */
export function wantsWorkers(argv: readonly string[], env: NodeJS.ProcessEnv, cores = availableParallelism()): boolean {
  if (argv[0] !== 'check' || argv.includes('-h') || argv.includes('--help')) return false;
  let jobs: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === '--jobs' || a === '-j') jobs = argv[i + 1];
    else if (a.startsWith('--jobs=')) jobs = a.slice('--jobs='.length);
  }
  if (jobs === undefined && env.LEAKGUARD_JOBS !== undefined && env.LEAKGUARD_JOBS !== '') jobs = env.LEAKGUARD_JOBS;
  // An explicit count starts its workers at once anyway; the default is one per core but one.
  if (jobs !== undefined) return /^\d+$/.test(jobs) && Number(jobs) > 0 && Number(jobs) <= 256;
  return cores > 1;
}

/** Starts the worker of `script` when `argv` wants one (unref'd: it never keeps the process alive); that worker. */
export function prestartWorker(argv: readonly string[], env: NodeJS.ProcessEnv, script: string): Worker | undefined {
  if (prestarted || !wantsWorkers(argv, env) || !existsSync(script)) return undefined;
  try {
    const worker = new Worker(script);
    worker.unref();
    // A worker that fails or exits before the pool adopts it is forgotten (the pool, which would
    // never hear of it, then starts its own).
    const forget = () => {
      if (prestarted?.worker === worker) prestarted = undefined;
    };
    worker.on('error', forget);
    worker.on('exit', forget);
    prestarted = { script, worker };
    return worker;
  } catch {
    // The pool starts its workers itself, as before.
    return undefined;
  }
}

/** The prestarted worker of `script`, once (undefined when there is none). */
export function takePrestartedWorker(script: string): Worker | undefined {
  if (prestarted?.script !== script) return undefined;
  const { worker } = prestarted;
  prestarted = undefined;
  return worker;
}

/** Terminates a prestarted worker nobody adopted (a small tree, or `--jobs` refused). */
export function discardPrestartedWorker(): void {
  const w = prestarted?.worker;
  prestarted = undefined;
  void w?.terminate();
}
