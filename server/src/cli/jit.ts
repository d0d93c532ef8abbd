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
 */
import { setFlagsFromString } from 'node:v8';

/** Bytecode bytes a function runs before V8 considers optimising it (default 67,584 in Node 20). */
export const INTERRUPT_BUDGET = 300_000;

try {
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
} catch {
  // An embedder without the flag: the defaults are only slower.
}
