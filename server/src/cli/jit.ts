/**
 * V8 tuning for a CLI run, applied before anything else is compiled (it is the launcher's first
 * import, ./launch.ts; the bundle's code cache is made and accepted under the same flags).
 * Imported for its effect only.
 *
 * A check runs the same few scanners (tokenizer, keyword automaton, ignore matching) over
 * thousands of files. With V8's default interrupt budget (66 KB of bytecode executed) they are
 * optimised after the first few files, before their type feedback has seen the rarer branches,
 * then deoptimised and compiled again, several times each: TurboFan took a fifth of the CPU time of
 * a 10,000-file check (issue #20, `perf` on this machine). A larger budget lets them run a little
 * longer in the baseline tiers first and be compiled once. Measured on the bench's plain monorepo:
 * 9–11% less wall and CPU time; no change beyond noise on a 60 MB map. V8 flags are per process,
 * so the file-pass workers start with it too. The language server keeps V8's defaults (its edits
 * are short runs that should be optimised early).
 *
 * The file-pass workers also compile on their own thread (`--no-concurrent-recompilation`; V8 reads
 * it when an isolate is created, so the main thread, created before this runs, keeps its background
 * compiler). On 2 cores both threads scan while the workers' background compiles would queue
 * behind them: a worker then ran its first part of a large map's sources in the slow tiers, and its
 * TurboFan jobs took CPU from both scanning threads. Compiling in place, the worker stops for the
 * compile and runs optimised code from there. Measured in interleaved runs (median of 5):
 * 59.8 MB map 1.05 → 0.98 s (CPU 1.86 → 1.73 s), 38 MB map 0.78 → 0.74 s, item-1 monorepo
 * 2.44 → 2.41 s, plain monorepo 1.47 → 1.44 s.
 */
import { setFlagsFromString } from 'node:v8';

/** Bytecode bytes a function runs before V8 considers optimising it (default 67,584 in Node 20). */
export const INTERRUPT_BUDGET = 300_000;

try {
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
  // Read when an isolate is created: this thread's stays concurrent, the workers' compile in place.
  setFlagsFromString('--no-concurrent-recompilation');
} catch {
  // An embedder without the flag: the defaults are only slower.
}
