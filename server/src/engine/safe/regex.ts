/**
 * Workspace-supplied regular expressions (deny-list `regex` entries, `unreleasedFlagPatterns`) run
 * on RE2 (the `re2js` port: pure JavaScript, linear time in the input, no native build), never on
 * V8's backtracking engine. A syntactic "is this pattern safe" check cannot win against a hostile
 * repository (issue #15 item 5: `(?:[\s\S]{0,16}){16}@@@` ran for over a minute on 3 KB); an
 * automaton-based engine can.
 *
 * RE2 has no back-references and no look-ahead; such patterns are reported as unsupported at their
 * place (leakguard-config-invalid). JavaScript spellings (`\u00e9`, `(?<name>…)`, `\cA`) are
 * translated, and captureless look-behinds are allowed (re2js runs them in linear time).
 */
import { RE2JS } from 're2js';

/** Longest pattern accepted (characters). */
export const MAX_REGEX_LENGTH = 500;
/**
 * Largest compiled program accepted (RE2 instructions). Matching with positions costs about
 * input length × program size, so this bounds the constant of the linear time. The issue's
 * `(?:[\s\S]{0,16}){16}@@@` compiles to 517; ordinary codename patterns to under 50.
 */
export const MAX_REGEX_PROGRAM = 1000;
/**
 * Work budget of one pattern on one text, in characters × program size given to the position
 * finder (the existence test before it runs on RE2's DFA and is not counted). About 2 s at worst;
 * a pattern that uses it up stops early for that text (`exhausted`), it never hangs.
 */
export const REGEX_WORK_BUDGET = 200_000_000;

/** A compiled workspace regex. */
export interface SafeRegex {
  readonly source: string;
  /** True when the pattern matches somewhere in `text` (RE2's DFA: linear, no positions). */
  test(text: string): boolean;
  /**
   * Every non-empty, non-overlapping match in `text` as UTF-16 offsets, stopping early once
   * `budget.work` is spent.
   */
  findAll(text: string, budget: RegexBudget): Array<{ start: number; end: number }>;
  readonly programSize: number;
}

/** Work left for one pattern; `exhausted` is set when matching stopped early. */
export interface RegexBudget {
  work: number;
  exhausted?: boolean;
}

export const newRegexBudget = (): RegexBudget => ({ work: REGEX_WORK_BUDGET });

export type CompileResult = { ok: true; regex: SafeRegex } | { ok: false; message: string };

/** Compiled patterns by flags + source (bounded: the engine compiles deny-lists per file). */
const cache = new Map<string, CompileResult>();
const CACHE_MAX = 256;

/**
 * Compiles a workspace regex for the linear-time engine, or says why it cannot be used (message
 * suitable for a configuration problem at the pattern's place). Never throws.
 */
export function compileWorkspaceRegex(source: string, opts: { ignoreCase?: boolean } = {}): CompileResult {
  const key = `${opts.ignoreCase ? 'i' : '-'}${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const result = compileUncached(source, opts);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(key, result);
  return result;
}

function compileUncached(source: string, opts: { ignoreCase?: boolean }): CompileResult {
  if (typeof source !== 'string' || source.length === 0) return { ok: false, message: 'Empty regular expression.' };
  if (source.length > MAX_REGEX_LENGTH) return { ok: false, message: `Regular expression longer than ${MAX_REGEX_LENGTH} characters.` };
  const unsupported = unsupportedFeature(source);
  if (unsupported) return { ok: false, message: `Unsupported regular expression: ${unsupported} Leakguard runs configuration regexes on a linear-time engine (RE2), which has no back-references or look-ahead.` };
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(source), (opts.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) | RE2JS.LOOKBEHINDS);
  } catch (e) {
    const msg = e instanceof Error ? e.message.replace(/^error parsing regexp: /, '') : String(e);
    return { ok: false, message: `Invalid regular expression (RE2 syntax): ${msg}.` };
  }
  const programSize = re.programSize();
  if (programSize > MAX_REGEX_PROGRAM) {
    return { ok: false, message: `Regular expression too complex: ${programSize} instructions once compiled (at most ${MAX_REGEX_PROGRAM}); use smaller repetition counts.` };
  }
  return { ok: true, regex: wrap(source, re, programSize) };
}

/** Back-references and look-ahead, named for the message (RE2 would say "invalid escape" or "invalid Perl syntax"). */
function unsupportedFeature(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const n = source[i + 1];
      if (!inClass && ((n >= '1' && n <= '9') || (n === 'k' && source[i + 2] === '<'))) return `back-reference \`${source.slice(i, i + 2)}\`.`;
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      if (source[i + 1] === ']') i++;
    } else if (c === '(' && source[i + 1] === '?' && (source[i + 2] === '=' || source[i + 2] === '!')) {
      return `look-ahead \`(?${source[i + 2]}\`.`;
    }
  }
  return undefined;
}

function wrap(source: string, re: RE2JS, programSize: number): SafeRegex {
  return {
    source,
    programSize,
    test: (text) => re.test(text),
    findAll(text, budget) {
      const out: Array<{ start: number; end: number }> = [];
      const cost = text.length * Math.max(1, programSize);
      if (budget.work < cost) {
        budget.exhausted = true;
        return out;
      }
      budget.work -= cost;
      const m = re.matcher(text);
      let from = 0;
      while (from <= text.length && m.find(from)) {
        const start = m.start();
        const end = m.end();
        if (end > start) out.push({ start, end });
        from = end > start ? end : start + 1;
      }
      return out;
    },
  };
}
