/**
 * gitleaks' default rules (data in gitleaks-rules.ts) run the way gitleaks runs them, made cheap:
 * one case-insensitive scan for all keywords first; a rule's regex then runs only on windows around
 * its keywords' hits (or once over the whole text when hits are dense). Each match keeps gitleaks'
 * semantics: the secret is the first non-empty capture group, entropy at or below the rule's
 * threshold drops it, and the rule's and the global allowlists apply. Leakguard adds its own
 * placeholder, hash, UUID, SRI and test-key traps on top (issue #19).
 */
import type { GitleaksAllowlist, GitleaksRule } from './gitleaks-types';
import { GITLEAKS_GLOBAL_ALLOWLIST, GITLEAKS_RULES } from './gitleaks-rules';
import { isPlaceholder, shannonEntropy } from './redact';

export interface GitleaksMatch {
  ruleId: string;
  /** Offsets of the secret (the secret group) in the text. */
  start: number;
  end: number;
  secret: string;
  /** Rules that match any assignment to a key-like name (generic-api-key, jwt, curl …): lower confidence. */
  generic: boolean;
}

interface CompiledAllowlist {
  and: boolean;
  target: 'secret' | 'match' | 'line';
  regexes: RegExp[];
  stopwords: readonly string[];
  paths: RegExp[];
}

interface CompiledRule {
  rule: GitleaksRule;
  /** Global + sticky-free regex with indices (`d`) for the secret group's offsets. */
  re: RegExp;
  allow: CompiledAllowlist[];
  /** Characters after a keyword hit that a match may still span. */
  tail: number;
  generic: boolean;
  /** gitleaks' `path`: the rule applies only to matching files (e.g. Terraform passwords in `.tf`). */
  path?: RegExp;
  /** gitleaks' lazy identifier prefix was dropped (the match starts at the keyword). */
  stripped: boolean;
  /** Only named groups (`jwt-base64`'s claim names): the secret is the whole match. */
  wholeMatch: boolean;
  /** The regex (gitleaks' lazy prefix stripped) starts with the keyword: tried once, sticky, at each hit. */
  sticky: boolean;
}

/**
 * All keywords at once, case-insensitively, in one pass: an Aho-Corasick automaton compiled to a
 * dense ASCII transition table (one array lookup per character; ~3× faster than a 250-way regex
 * alternation on a 9 MB bundle). Non-ASCII characters reset to the root (keywords are ASCII).
 */
interface KeywordAutomaton {
  delta: Int32Array | Uint16Array;
  /** States from this one on have keywords in `out` (the start state, 0, never has). */
  firstAccepting: number;
  /** Per state: indices into `words` of the keywords that end there (own and via failure links). */
  out: Array<number[] | undefined>;
  words: string[];
}

function buildAutomaton(words: string[]): KeywordAutomaton {
  const goto: Array<Map<number, number>> = [new Map()];
  const own: number[][] = [[]];
  words.forEach((w, wi) => {
    let s = 0;
    for (const ch of w) {
      const c = ch.charCodeAt(0);
      let next = goto[s].get(c);
      if (next === undefined) {
        next = goto.length;
        goto.push(new Map());
        own.push([]);
        goto[s].set(c, next);
      }
      s = next;
    }
    own[s].push(wi);
  });
  const n = goto.length;
  const delta = n < 65536 ? new Uint16Array(n * 128) : new Int32Array(n * 128);
  const fail = new Int32Array(n);
  const out: Array<number[] | undefined> = new Array(n);
  const queue: number[] = [];
  for (let c = 0; c < 128; c++) {
    const t = goto[0].get(c);
    delta[c] = t ?? 0;
    if (t !== undefined) queue.push(t);
  }
  out[0] = undefined;
  for (const t of queue) out[t] = own[t].length ? own[t] : undefined;
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q];
    for (let c = 0; c < 128; c++) {
      const t = goto[s].get(c);
      if (t === undefined) {
        delta[s * 128 + c] = delta[fail[s] * 128 + c];
        continue;
      }
      fail[t] = delta[fail[s] * 128 + c];
      const inherited = out[fail[t]];
      out[t] = own[t].length || inherited ? [...own[t], ...(inherited ?? [])] : undefined;
      delta[s * 128 + c] = t;
      queue.push(t);
    }
  }
  // Case-insensitive: upper-case ASCII letters move like their lower-case forms.
  for (let s = 0; s < n; s++) for (let c = 65; c <= 90; c++) delta[s * 128 + c] = delta[s * 128 + c + 32];
  // Accepting states renumbered last: the scan tests `state >= firstAccepting`, a compare instead of
  // a table load per character (the pass reads every character of every file; issue #20).
  const order: number[] = [];
  for (let s = 0; s < n; s++) if (!out[s]) order.push(s);
  const firstAccepting = order.length;
  for (let s = 0; s < n; s++) if (out[s]) order.push(s);
  const id = new Int32Array(n);
  order.forEach((old, i) => (id[old] = i));
  const renumbered = n < 65536 ? new Uint16Array(n * 128) : new Int32Array(n * 128);
  const outById: Array<number[] | undefined> = new Array(n);
  for (let s = 0; s < n; s++) {
    for (let c = 0; c < 128; c++) renumbered[id[s] * 128 + c] = id[delta[s * 128 + c]];
    outById[id[s]] = out[s];
  }
  return { delta: renumbered, firstAccepting, out: outById, words };
}

/** Calls `hit(wordIndex, start)` for every keyword occurrence in `text`. */
function scanKeywords(a: KeywordAutomaton, text: string, hit: (word: number, start: number) => void): void {
  const { delta, firstAccepting, out, words } = a;
  const n = text.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    s = c < 128 ? delta[(s << 7) | c] : 0;
    if (s >= firstAccepting) for (const w of out[s]!) hit(w, i - words[w].length + 1);
  }
}

interface Compiled {
  rules: CompiledRule[];
  keywords: KeywordAutomaton;
  /** Lower-case keyword → indices of the rules that need it. */
  byKeyword: Map<string, number[]>;
  /** Rules without keywords (always run). */
  always: number[];
  global: CompiledAllowlist;
  /** The keywords of other matchers (addScanKeywords), reported by `keywordsIn`. */
  extra: ReadonlySet<string>;
  /** Per keyword (automaton index): the rules that need it, and 1 when another matcher registered it. */
  ruleLists: number[][];
  extraAt: Uint8Array;
}

/** gitleaks' generic assignment prefix `[\w.-]{0,50}?`: stripped so a match starts at its keyword (same secret, far cheaper). */
const LAZY_PREFIX = '[\\w.\\-]{0,50}?';
/** Rules that match shapes rather than a provider's format: reported one level lower. */
const GENERIC = new Set(['generic-api-key', 'jwt', 'jwt-base64', 'curl-auth-header', 'curl-auth-user', 'kubernetes-secret-yaml']);
const LEAD = 100;
const TAIL = 1024;
const LONG_TAIL = 24_000;
/** Stop a rule after this many matches in one text (a generated table is not 10,000 secrets). */
const MAX_MATCHES_PER_RULE = 200;

let compiled: Compiled | undefined;
/** Keywords of other matchers (addScanKeywords) found in the same pass, see `keywordsIn`. */
let extraWords: readonly string[] = [];

function compileAllowlist(a: GitleaksAllowlist): CompiledAllowlist {
  return {
    and: a.condition === 'AND',
    target: a.regexTarget ?? 'secret',
    regexes: (a.regexes ?? []).map((r) => new RegExp(r)),
    stopwords: a.stopwords ?? [],
    paths: (a.paths ?? []).map((r) => new RegExp(r)),
  };
}

/**
 * Adds keywords of other matchers to the one keyword pass (lower-case literals), so they can skip
 * texts without them. Call once, before the first scan.
 */
export function addScanKeywords(words: readonly string[]): void {
  extraWords = [...new Set([...extraWords, ...words.map((w) => w.toLowerCase())])];
  compiled = undefined;
}

function compile(): Compiled {
  if (compiled) return compiled;
  const rules: CompiledRule[] = [];
  const byKeyword = new Map<string, number[]>();
  const always: number[] = [];
  for (const rule of GITLEAKS_RULES) {
    if (!rule.regex) continue; // path-only rules (PKCS#12 files) belong to secret-credential-file-in-publish-set
    const stripped = rule.regex.startsWith(LAZY_PREFIX);
    const src = stripped ? rule.regex.slice(LAZY_PREFIX.length) : rule.regex;
    const sticky = stripped ? alternativesStartAtKeywords(src, rule.keywords) : startsAtKeyword(src, rule.keywords) || groupStartsAtKeywords(src, rule.keywords);
    const long = /PRIVATE KEY|\[\\s\\S\]|\{\d+,\}|\{\d+,\d{3,}\}/i.test(src) || rule.id.includes('private-key') || rule.id.includes('kubernetes');
    const index = rules.length;
    rules.push({ rule, re: new RegExp(src, 'dg'), allow: (rule.allowlists ?? []).map(compileAllowlist), tail: long ? LONG_TAIL : TAIL, generic: GENERIC.has(rule.id), sticky, stripped, wholeMatch: !/(?:^|[^\\])\((?!\?)/.test(src), path: rule.path ? new RegExp(rule.path) : undefined });
    if (rule.keywords.length === 0) always.push(index);
    for (const k of new Set(rule.keywords)) {
      const list = byKeyword.get(k) ?? [];
      list.push(index);
      byKeyword.set(k, list);
    }
  }
  for (const w of extraWords) if (!byKeyword.has(w)) byKeyword.set(w, []);
  const keywords = [...byKeyword.keys()];
  const automaton = buildAutomaton(keywords);
  const extra = new Set(extraWords);
  const ruleLists = automaton.words.map((w) => byKeyword.get(w) ?? []);
  const extraAt = Uint8Array.from(automaton.words, (w) => (extra.has(w) ? 1 : 0));
  compiled = { rules, keywords: automaton, byKeyword, always, global: compileAllowlist(GITLEAKS_GLOBAL_ALLOWLIST), extra, ruleLists, extraAt };
  return compiled;
}

/**
 * True when every match of `src` begins where one of `keywords` begins: the regex opens with
 * `\b`/groups and then literally spells a keyword (`\b(ghp_…`, `\b(ey…`), with no top-level `|`.
 */
function startsAtKeyword(src: string, keywords: readonly string[]): boolean {
  if (keywords.length === 0 || topLevelAlternation(src)) return false;
  let i = 0;
  for (;;) {
    if (src.startsWith('\\b', i)) i += 2;
    else if (src.startsWith('(?:', i)) i += 3;
    else if (src[i] === '(' && src[i + 1] !== '?') i += 1;
    else break;
  }
  const head = literalHead(src, i);
  return head.length > 0 && keywords.every((k) => head.startsWith(k) || k.startsWith(head));
}

/**
 * True when the regex opens (after `\b` and capturing parentheses) with a group of alternatives that
 * each spell one of `keywords` in full (`\b((?:hvs\.…|s\.…))`: vault-service-token). Every match
 * then begins at a keyword's hit, so the rule runs sticky there (issue #20: its keyword `s.` hits
 * all over minified code, and the regex went over the whole text).
 */
function groupStartsAtKeywords(src: string, keywords: readonly string[]): boolean {
  if (topLevelAlternation(src)) return false;
  let i = 0;
  for (;;) {
    if (src.startsWith('\\b', i)) i += 2;
    else if (src[i] === '(' && src[i + 1] !== '?') {
      // A capturing group around the alternatives: no other way into a match (no `|` of its own,
      // not optional or repeated), or a match could begin elsewhere.
      const g = groupAt(src, i);
      if (!g || g.cuts.length > 1 || /^[?*+{]/.test(src.slice(g.end + 1))) return false;
      i += 1;
    } else break;
  }
  return i > 0 && src.startsWith('(?:', i) && alternativesStartAtKeywords(src.slice(i), keywords, true);
}

/** The group opening at `src[open]`: the index of its `)`, and where its top-level alternatives start. */
function groupAt(src: string, open: number): { end: number; cuts: number[] } | undefined {
  let depth = 0;
  let inClass = false;
  const cuts: number[] = [open + (src.startsWith('(?:', open) ? 3 : 1)];
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return { end: i, cuts };
    else if (c === '|' && depth === 1) cuts.push(i + 1);
  }
  return undefined;
}

/**
 * For gitleaks' `key = value` rules (lazy prefix stripped): true when the regex opens with a group
 * of alternatives that each begin with one of the rule's keywords (`(?:access|auth|…)`), so a
 * match starts at a keyword. `typeform` rules whose keyword is the value's `tfp_` are not.
 */
function alternativesStartAtKeywords(src: string, keywords: readonly string[], whole = false): boolean {
  if (keywords.length === 0 || !src.startsWith('(?:')) return false;
  const g = groupAt(src, 0);
  if (!g || /^[?*+{]/.test(src.slice(g.end + 1))) return false;
  return g.cuts.every((at) => {
    const head = literalHead(src, src.startsWith('(?:', at) ? at + 3 : at);
    return head.length >= 2 && keywords.some((k) => head.startsWith(k) || (!whole && k.startsWith(head)));
  });
}

/** Lower-case literal text at `i` (`[aA]` pairs, letters, digits, `_~`, escaped `-.`), up to the first quantified or special character. */
function literalHead(src: string, i: number): string {
  let head = '';
  while (i < src.length) {
    const pair = /^\[([a-zA-Z])([a-zA-Z])\]/.exec(src.slice(i, i + 4));
    if (pair && pair[1].toLowerCase() === pair[2].toLowerCase() && pair[1] !== pair[2]) {
      head += pair[1].toLowerCase();
      i += 4;
    } else if (/[A-Za-z0-9_~-]/.test(src[i])) {
      head += src[i].toLowerCase();
      i += 1;
    } else if (src[i] === '\\' && /[-.]/.test(src[i + 1])) {
      head += src[i + 1];
      i += 2;
    } else break;
    if (/[?*{+]/.test(src[i] ?? '')) {
      head = head.slice(0, -1); // a quantified last character is not literal
      break;
    }
  }
  return head;
}

function topLevelAlternation(src: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/** How each rule runs: `sticky` (one attempt at each keyword hit) or `window` (regex around hits). For tests. */
export function gitleaksRulePlan(): Map<string, 'sticky' | 'window'> {
  return new Map(compile().rules.map((r) => [r.rule.id, r.sticky ? 'sticky' : 'window']));
}

/** Number of gitleaks rules Leakguard runs (content rules; path-only ones are the credential-file rule's). */
export function gitleaksRuleIds(): string[] {
  return compile().rules.map((r) => r.rule.id);
}

interface KeywordPass {
  text: string;
  compiled: Compiled;
  /** Rule index → start offsets of its keywords' hits, in scan order (consecutive repeats dropped). */
  hitsByRule: Map<number, number[]>;
  /** The words of other matchers (addScanKeywords) that occur in the text. */
  seen: Set<string>;
}

/**
 * The last few texts' passes. Every rule of a file asks about the same text, mostly in a row; but a
 * thread that runs two files' rules at once (the CLI's main thread helping the workers while it
 * scans its part of a map) alternates between them, and one entry would then scan each text again
 * for every rule.
 */
const recentPasses: KeywordPass[] = [];
const RECENT_PASSES = 4;
const RECENT_PASSES_CHARS = 4 * 1024 * 1024;

/**
 * The one keyword pass over `text`, shared by every matcher that asks about the same text: gitleaks'
 * rules get their hits, other matchers the words they registered with {@link addScanKeywords}.
 */
function keywordPass(text: string): KeywordPass {
  const c = compile();
  for (const p of recentPasses) if (p.text === text && p.compiled === c) return p;
  const hitsByRule = new Map<number, number[]>();
  const { ruleLists, extraAt } = c;
  const seen = new Set<string>();
  scanKeywords(c.keywords, text, (w, at) => {
    if (extraAt[w] === 1) seen.add(c.keywords.words[w]);
    for (const i of ruleLists[w]) {
      const list = hitsByRule.get(i);
      if (!list) hitsByRule.set(i, [at]);
      else if (list[list.length - 1] !== at) list.push(at);
    }
  });
  const pass = { text, compiled: c, hitsByRule, seen };
  recentPasses.unshift(pass);
  // Older entries go first, and so do large texts beyond the newest (they would outlive their file).
  let chars = 0;
  for (let i = 0; i < recentPasses.length; i++) {
    chars += recentPasses[i].text.length;
    if (i > 0 && (i >= RECENT_PASSES || chars > RECENT_PASSES_CHARS)) {
      recentPasses.length = i;
      break;
    }
  }
  return pass;
}

/**
 * The words registered with {@link addScanKeywords} that occur in `text`, case aside (ASCII). A
 * matcher whose every match contains one of its words skips a text that has none: one shared pass
 * instead of a regex or `includes` scan per matcher (issue #20).
 */
export function keywordsIn(text: string): ReadonlySet<string> {
  return keywordGates.open ? EVERY_WORD : keywordPass(text).seen;
}

/** Tests only: `open = true` makes every gate open (the matchers then run as if there were no gates). */
export const keywordGates = { open: false };
const EVERY_WORD: ReadonlySet<string> = new (class extends Set<string> {
  override has(): boolean {
    return true;
  }
})();

/**
 * Registers `words` (ASCII; compared case aside) with the shared keyword pass and returns a test:
 * true when `text` holds one of them. For a matcher that needs one of the words in every match.
 */
export function keywordGate(words: readonly string[]): (text: string) => boolean {
  const lower = words.map((w) => w.toLowerCase());
  addScanKeywords(lower);
  return (text) => {
    const seen = keywordsIn(text);
    return lower.some((w) => seen.has(w));
  };
}

/**
 * Runs every gitleaks default rule over `text`. `only` restricts it to some rule ids (the
 * verification script runs one rule at a time). Never throws.
 */
export function findGitleaksSecrets(text: string, relPath = '', only?: ReadonlySet<string>, reference = false): GitleaksMatch[] {
  const c = compile();
  if (reference) {
    // Tests only: every rule whose keyword occurs (as gitleaks decides), its regex over the whole text.
    const lower = text.toLowerCase();
    const out: GitleaksMatch[] = [];
    c.rules.forEach((r) => {
      if (only && !only.has(r.rule.id)) return;
      if (r.path && !r.path.test(relPath)) return;
      if (r.rule.keywords.length && !r.rule.keywords.some((k) => lower.includes(k))) return;
      runRule({ ...r, sticky: false }, text, [-1], relPath, c.global, out);
    });
    return out;
  }
  const hitsByRule = new Map(keywordPass(text).hitsByRule);
  for (const i of c.always) hitsByRule.set(i, [-1]);
  const out: GitleaksMatch[] = [];
  for (const [i, hits] of hitsByRule) {
    const r = c.rules[i];
    if (only && !only.has(r.rule.id)) continue;
    if (r.path && !r.path.test(relPath)) continue;
    try {
      runRule(r, text, hits, relPath, c.global, out);
    } catch {
      // One rule's failure must not hide the others.
    }
  }
  return out;
}

function runRule(r: CompiledRule, text: string, hits: number[], relPath: string, global: CompiledAllowlist, out: GitleaksMatch[]): void {
  const seen = new Set<number>();
  let count = 0;
  const take = (m: RegExpExecArray, from: number): boolean => {
    let g = 0;
    if (r.rule.secretGroup) g = m[r.rule.secretGroup] ? r.rule.secretGroup : 0;
    else if (r.wholeMatch) g = 0;
    else for (let j = 1; j < m.length; j++) if (m[j]) { g = j; break; }
    const span = m.indices?.[g];
    if (!span) return false;
    const start = from + span[0];
    if (seen.has(start)) return false;
    seen.add(start);
    const secret = m[g];
    if (r.rule.entropy && shannonEntropy(secret) <= r.rule.entropy) return false;
    const line = lineAround(text, from + m.index);
    // gitleaks' match starts before the keyword (its lazy `[\w.-]{0,50}?`, stripped here for speed):
    // put that prefix back for the allowlists that test the match (`pubkey…`, `withCredentials`).
    let matchText = m[0];
    if (r.stripped) {
      let a = from + m.index;
      while (a > 0 && from + m.index - a < 50 && /[\w.-]/.test(text[a - 1])) a--;
      matchText = text.slice(a, from + m.index) + m[0];
    }
    if (allowed(global, secret, matchText, line, relPath) || r.allow.some((a) => allowed(a, secret, matchText, line, relPath))) return false;
    const quoted = /['"`]/.test(text[start - 1] ?? '');
    if (leakguardTrap(secret, r.generic, relPath, quoted) || REGEX_DEFINITION.test(line)) return false;
    if (r.generic && genericCodeTrap(m[0].slice(0, span[0] - m.index), secret, line, relPath)) return false;
    out.push({ ruleId: r.rule.id, start, end: start + secret.length, secret, generic: r.generic });
    return ++count >= MAX_MATCHES_PER_RULE;
  };
  if (r.sticky && hits[0] !== -1) {
    // The match starts at its keyword: one sticky attempt per hit, however dense the hits.
    const re = new RegExp(r.re.source, 'dy');
    for (const h of hits) {
      re.lastIndex = h;
      const m = re.exec(text);
      if (m && m[0].length > 0 && take(m, 0)) return;
    }
    return;
  }
  const windows: Array<[number, number]> = [];
  if (hits[0] === -1) windows.push([0, text.length]);
  else {
    for (const h of hits) {
      const a = Math.max(0, h - LEAD);
      const b = Math.min(text.length, h + r.tail);
      const last = windows[windows.length - 1];
      if (last && a <= last[1]) last[1] = Math.max(last[1], b);
      else windows.push([a, b]);
    }
    let covered = 0;
    for (const [a, b] of windows) covered += b - a;
    if (covered > text.length / 2) windows.splice(0, windows.length, [0, text.length]);
  }
  for (const [from, to] of windows) {
    const chunk = from === 0 && to === text.length ? text : text.slice(from, to);
    const re = new RegExp(r.re.source, 'dg');
    let m: RegExpExecArray | null;
    while ((m = re.exec(chunk)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      if (take(m, from)) return;
    }
  }
}

function lineAround(text: string, at: number): string {
  const a = text.lastIndexOf('\n', at) + 1;
  let b = text.indexOf('\n', at);
  if (b < 0) b = text.length;
  return text.slice(a, Math.min(b, a + 4096));
}

function allowed(a: CompiledAllowlist, secret: string, match: string, line: string, relPath: string): boolean {
  const target = a.target === 'match' ? match : a.target === 'line' ? line : secret;
  const checks: boolean[] = [];
  if (a.paths.length) checks.push(a.paths.some((p) => p.test(relPath)));
  if (a.regexes.length) checks.push(a.regexes.some((x) => x.test(target)));
  if (a.stopwords.length) {
    const s = secret.toLowerCase();
    checks.push(a.stopwords.some((w) => s.includes(w)));
  }
  if (checks.length === 0) return false;
  return a.and ? checks.every(Boolean) : checks.some(Boolean);
}

/** A detector's own pattern (`"regex": "bedrock-api-key-…"`, `regex = '''…'''`): the source of a rule, not a secret. */
const REGEX_DEFINITION = /(?:^|[\s,{(])["']?(?:regexe?s?|pattern)["']?\s*[:=]\s*(?:'''|["'`/\[])/i;
const SRI = /^(?:sha(?:1|256|384|512))-[A-Za-z0-9+/]{20,}={0,2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_HASH = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{56}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/;
const TEST_KEY = /^(?:sk|rk|pk)_test_/;
/**
 * Code that only looks like `key = value` (found on real bundles, issue #19): a comparison
 * (`tokens.tier === 'default_x_20x'`), an assignment chain in minified code (`a.key=b.c=void 0`),
 * a list or argument after a key-like string (`["…-KeyTripleDES-CBC","pbeWith…"]`), and a base64
 * digest next to "sha256"/"fingerprint"/"pin" (certificate pins in docs).
 */
function genericCodeTrap(before: string, secret: string, line: string, relPath: string): boolean {
  if (/[=!]==?/.test(before.replace(/\s+/g, ''))) return true;
  if (/=[^=]/.test(secret)) return true;
  if (CODE_FILE.test(relPath) && /,["'`\s]*$/.test(before)) return true;
  if (/^(?:[A-Za-z0-9+/]{27}=|[A-Za-z0-9+/]{43}=|[A-Za-z0-9+/]{64}|[A-Za-z0-9+/]{86}==)$/.test(secret) && /sha-?(?:1|256|384|512)|fingerprint|digest|\bpin|hash/i.test(line)) return true;
  return false;
}

/** `NPM_PASSWORD`, `API_TOKEN_2`: the name of an environment variable, not its value. */
const ENV_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
/** `obj1Keys.length`, `pki2.rsa.setPrivateKey`: a member expression. */
const MEMBER_CHAIN = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const CODE_FILE = /\.(?:[cm]?[jt]sx?|vue|svelte|astro|py|rb|go|java|kt|cs|php|rs|swift)$/i;
/** The placeholder shapes of docs: `...`, runs of one character, `<your-key>`, EXAMPLE … */
const ELLIPSIS = /\.\.\.|…/;

/**
 * Leakguard's traps on top of gitleaks' allowlists: placeholders, Stripe test keys, and (for
 * generic rules, whose value could be anything) hashes, UUIDs, SRI integrity strings and
 * identifiers without a digit.
 */
function leakguardTrap(secret: string, generic: boolean, relPath: string, quoted: boolean): boolean {
  if (isPlaceholder(secret) || ELLIPSIS.test(secret) || TEST_KEY.test(secret)) return true;
  if (/(.)\1{7,}/.test(secret)) return true; // `aaaaaaaa…`, `00000000…`: filler, not key material
  if (!generic) return false;
  if (ENV_NAME.test(secret) || (MEMBER_CHAIN.test(secret) && !/^ey/.test(secret))) return true;
  // In code, an unquoted value is an expression (`key = nextKey2`), not a literal.
  if (CODE_FILE.test(relPath) && !quoted && IDENTIFIER.test(secret)) return true;
  if (SRI.test(secret) || UUID.test(secret) || HEX_HASH.test(secret.toLowerCase())) return true;
  return !/\d/.test(secret); // a generic value without a digit is an identifier or a word
}
