/**
 * Globs written by the workspace (`.leakguardrc.json` `ignore`/`overrides`/`allowPrompts`,
 * `.npmignore`, `.vscodeignore`, package.json `files`) are hostile input. minimatch turns one path
 * segment's wildcards into a backtracking regular expression: `*a*a*a*a*a*a*a*a*b` against a file
 * named with 200 `a`s never finishes (issue #15 item 6), on every minimatch version, because the
 * cost grows as the segment length to the power of the number of `*`. So:
 *
 * - {@link globProblem} bounds the wildcards of a pattern (per segment and in all); patterns over
 *   the bound are reported at their place and never matched;
 * - {@link minimatch} is minimatch's with that check, a small cache of compiled patterns and a
 *   cumulative time budget per pattern and analysis: a pattern that has used it up stops matching (and says so
 *   through {@link takeExhaustedGlobs}, which the runner reports) instead of stalling the analysis.
 *
 * Everything in Leakguard matches globs through this module (a meta-test forbids importing
 * `minimatch` elsewhere); npm-packlist's own matcher gets the same check on the lines it reads
 * (publish/npm.ts).
 */
import { Minimatch as RawMinimatch, GLOBSTAR as MINIMATCH_GLOBSTAR, type MinimatchOptions } from 'minimatch';

export type { MinimatchOptions };
/**
 * minimatch's `**` marker, as a constant of this module: a re-export compiles (under CommonJS, as the
 * tests and the bench load the sources) to a getter that the publish-set matcher called on every
 * pattern part it compared.
 */
export const GLOBSTAR: typeof MINIMATCH_GLOBSTAR = MINIMATCH_GLOBSTAR;
export type Minimatch = RawMinimatch;

/**
 * Most `*` runs (and repeated extglobs) in one path segment. Matching costs about
 * segment-length^stars: with 3 a 255-character file name takes ~10 ms, with 4 close to a second,
 * with 5 half a minute.
 */
export const MAX_STARS_PER_SEGMENT = 3;
/** Most wildcards (`*` runs, `**`, extglobs) in one whole glob. */
export const MAX_WILDCARDS_PER_GLOB = 16;
/** Longest glob accepted (characters). */
export const MAX_GLOB_LENGTH = 1024;
/** Most brace groups (`{a,b}`), whose expansions multiply. */
export const MAX_BRACE_GROUPS = 8;
/** Cumulative matching time one pattern may use in one analysis before it stops matching. */
export const GLOB_TIME_BUDGET_MS = 2000;

/**
 * Why a workspace glob is refused, or undefined when it is within the bounds. Cheap and linear;
 * never throws. The message is meant for a problem at the pattern's place.
 */
export function globProblem(pattern: string): string | undefined {
  if (typeof pattern !== 'string') return 'A glob must be a string.';
  if (pattern.length > MAX_GLOB_LENGTH) return `Glob longer than ${MAX_GLOB_LENGTH} characters.`;
  let total = 0;
  let braces = 0;
  for (const segment of pattern.split('/')) {
    if (segment === '**') {
      total++;
      continue;
    }
    let stars = 0;
    let inClass = false;
    // Open extglob groups: whether each repeats (`*(`/`+(`) and whether it holds a wildcard or `|`.
    const groups: Array<{ repeats: boolean; risky: boolean }> = [];
    for (let i = 0; i < segment.length; i++) {
      const c = segment[i];
      if (c === '\\') {
        i++;
        continue;
      }
      if (inClass) {
        if (c === ']') inClass = false;
        continue;
      }
      if (c === '[') {
        inClass = true;
        if (segment[i + 1] === '!' || segment[i + 1] === '^') i++;
        if (segment[i + 1] === ']') i++;
        continue;
      }
      if ('*+?!@'.includes(c) && segment[i + 1] === '(') {
        if (groups.length) groups[groups.length - 1].risky = true;
        groups.push({ repeats: c === '*' || c === '+', risky: false });
        if (c !== '?' && c !== '@') stars++;
        i++;
        continue;
      }
      if (c === ')' && groups.length) {
        const g = groups.pop()!;
        if (g.repeats && g.risky) return `Glob "${shorten(pattern)}" repeats a group that contains wildcards or alternatives (it could take exponential time); not used.`;
        continue;
      }
      if (c === '|' && groups.length) groups[groups.length - 1].risky = true;
      if (c === '{') braces++;
      if (c === '*') {
        while (segment[i + 1] === '*') i++;
        stars++;
        if (groups.length) groups[groups.length - 1].risky = true;
      }
    }
    if (stars > MAX_STARS_PER_SEGMENT) {
      return `Glob "${shorten(pattern)}" has ${stars} wildcards in one path segment (at most ${MAX_STARS_PER_SEGMENT}: matching time grows with the name length to that power); not used.`;
    }
    total += stars;
  }
  if (total > MAX_WILDCARDS_PER_GLOB) return `Glob "${shorten(pattern)}" has ${total} wildcards (at most ${MAX_WILDCARDS_PER_GLOB}); not used.`;
  if (braces > MAX_BRACE_GROUPS) return `Glob "${shorten(pattern)}" has ${braces} brace groups (at most ${MAX_BRACE_GROUPS}: their expansions multiply); not used.`;
  if (/\{-?\d+\.\.-?\d+(?:\.\.-?\d+)?\}/.test(pattern)) {
    for (const m of pattern.matchAll(/\{(-?\d+)\.\.(-?\d+)/g)) {
      if (Math.abs(Number(m[2]) - Number(m[1])) > 1000) return `Glob "${shorten(pattern)}" has a numeric range of more than 1000 values; not used.`;
    }
  }
  return undefined;
}

const shorten = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}…` : s);

interface Compiled {
  mm: RawMinimatch | undefined;
  /** Milliseconds spent matching so far. */
  spent: number;
}

/** Compiled patterns by options + pattern (bounded; matching is called per file × pattern). */
const compiled = new Map<string, Compiled>();
const CACHE_MAX = 2048;
/** Patterns that used up their time budget and have not been reported yet (bounded). */
const exhausted = new Set<string>();

function compile(pattern: string, opts: MinimatchOptions): Compiled {
  const key = `${opts.dot ? 'd' : '-'}${opts.matchBase ? 'b' : '-'}${opts.nocase ? 'i' : '-'}${opts.flipNegate ? 'f' : '-'}${opts.partial ? 'p' : '-'}${pattern}`;
  let c = compiled.get(key);
  if (c) return c;
  let mm: RawMinimatch | undefined;
  if (!globProblem(pattern)) {
    try {
      mm = new RawMinimatch(pattern, opts);
    } catch {
      mm = undefined;
    }
  }
  c = { mm, spent: 0 };
  if (compiled.size >= CACHE_MAX) compiled.delete(compiled.keys().next().value as string);
  compiled.set(key, c);
  return c;
}

/**
 * minimatch's `minimatch(path, pattern, options)` for workspace patterns: false for a pattern over
 * the bounds of {@link globProblem} and for one that has used up its time budget. Never throws.
 */
export function minimatch(p: string, pattern: string, opts: MinimatchOptions = {}): boolean {
  if (!opts.nocomment && pattern.startsWith('#')) return false;
  const c = compile(pattern, opts);
  if (!c.mm || c.spent > GLOB_TIME_BUDGET_MS) return false;
  const t0 = performance.now();
  const r = c.mm.match(p);
  c.spent += performance.now() - t0;
  if (c.spent > GLOB_TIME_BUDGET_MS && exhausted.size < 100) exhausted.add(`Glob "${shorten(pattern)}" used up its matching-time budget (${GLOB_TIME_BUDGET_MS} ms) and stopped matching.`);
  return r;
}

/**
 * A compiled minimatch object for a workspace pattern, or undefined when the pattern is over the
 * bounds of {@link globProblem} (or does not parse): callers skip it (and report it where they can).
 */
export function compileGlob(pattern: string, opts: MinimatchOptions = {}): RawMinimatch | undefined {
  if (globProblem(pattern)) return undefined;
  try {
    return new RawMinimatch(pattern, opts);
  } catch {
    return undefined;
  }
}

/** Starts a new budget for every pattern (the runner calls it when an analysis starts; a long-lived server would otherwise wear budgets down). */
export function resetGlobBudgets(): void {
  for (const c of compiled.values()) c.spent = 0;
}

/** Messages for patterns that stopped matching on their time budget since the last call (each once). */
export function takeExhaustedGlobs(): string[] {
  const out = [...exhausted];
  exhausted.clear();
  return out;
}
