/**
 * Codenames and "do not ship" markers (catalogue §4.4 rule 32): the team deny-list from
 * `.leakguardrc.json` (plain terms, regexes, sha256-hashed terms), the same terms hidden in
 * `String.fromCharCode(…)` and `\x`/`\u` escapes, and built-in markers such as `@[MODEL LAUNCH]`.
 *
 * Claude Code hex-encoded a pet name precisely to dodge its own codename canary; the deny-list is
 * for accidents, not adversaries, but cheap decoding helps.
 */
import type { DenyEntry } from '../config';
import type { ContentMatch } from './types';
import { sha256Hex } from './redact';
import { keywordGate } from './gitleaks';
import { compileWorkspaceRegex, newRegexBudget, type SafeRegex } from '../safe/regex';

export interface DenyListHit extends ContentMatch {
  kind: 'deny-list' | 'marker';
  /** The entry's kind (`codename`, `flag`, `term`); `marker` for built-in markers. */
  entryKind: DenyEntry['kind'] | 'marker';
  /** Safe label for messages: the plain term, the regex source, or `sha256:<first 8 hex>` for hashed entries. */
  label: string;
  /** How the hit was found: in the text, in `String.fromCharCode(…)`, or in an escaped string literal. */
  via: 'text' | 'fromCharCode' | 'escapes';
}

export interface CompiledDenyList {
  /** Case-insensitive plain terms (lower-cased) and case-sensitive ones, each as one alternation. */
  insensitive?: RegExp;
  sensitive?: RegExp;
  termEntries: Map<string, DenyEntry>;
  /** Regex entries, on the linear-time engine (RE2). */
  regexes: Array<{ re: SafeRegex; entry: DenyEntry }>;
  hashes: Map<string, DenyEntry>;
  /** Entries not used, with the reason (untrusted workspace, unsafe regex). */
  skipped: Array<{ entry: DenyEntry; reason: string }>;
}

export interface CompileDenyListOptions {
  /** False in untrusted workspaces: regex entries are skipped. */
  trusted: boolean;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compiles config deny-list entries once per configuration (pure; no state). */
export function compileDenyList(entries: readonly DenyEntry[], opts: CompileDenyListOptions): CompiledDenyList {
  const out: CompiledDenyList = { termEntries: new Map(), regexes: [], hashes: new Map(), skipped: [] };
  const ci: string[] = [];
  const cs: string[] = [];
  for (const entry of entries) {
    if (entry.sha256) out.hashes.set(entry.sha256.toLowerCase(), entry);
    else if (entry.pattern && entry.regex) {
      if (!opts.trusted) {
        out.skipped.push({ entry, reason: 'untrusted workspace: configuration regexes are not run' });
        continue;
      }
      const compiled = compileWorkspaceRegex(entry.pattern, { ignoreCase: !entry.caseSensitive });
      if (compiled.ok) out.regexes.push({ re: compiled.regex, entry });
      else out.skipped.push({ entry, reason: compiled.message });
    } else if (entry.pattern && entry.pattern.trim()) {
      const term = entry.pattern.trim();
      if (entry.caseSensitive) cs.push(escapeRe(term));
      else ci.push(escapeRe(term.toLowerCase()));
      out.termEntries.set(entry.caseSensitive ? term : term.toLowerCase(), entry);
    }
  }
  // Longest first, so "project falcon" wins over "project".
  const alt = (list: string[]) => list.sort((a, b) => b.length - a.length).join('|');
  if (ci.length) out.insensitive = new RegExp(alt(ci), 'gi');
  if (cs.length) out.sensitive = new RegExp(alt(cs), 'g');
  return out;
}

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;
const isUpper = (c: number) => c >= 65 && c <= 90;
const isLowerOrDigit = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

/**
 * Word boundary for codenames: separators (`_`, `-`, `/`, space, punctuation) and camelCase humps
 * count, so `KAIROS_ENABLED`, `isKairosOn` and `src/kairos/` match `kairos` but `kairosity` does not.
 */
function atBoundary(text: string, start: number, end: number): boolean {
  if (start > 0) {
    const p = text.charCodeAt(start - 1);
    if (isAlnum(p) && !(isLowerOrDigit(p) && isUpper(text.charCodeAt(start)))) return false;
  }
  if (end < text.length) {
    const n = text.charCodeAt(end);
    if (isAlnum(n) && !(isUpper(n) && isLowerOrDigit(text.charCodeAt(end - 1)))) return false;
  }
  return true;
}

/**
 * Built-in markers: `@[MODEL LAUNCH]`, "internal only", "do not ship", "DO NOT RELEASE", "under embargo" …
 * Not TypeScript's `@internal` JSDoc tag (`@internal only meant for internal SDK usage`): an API
 * visibility note that `stripInternal` acts on, not text meant to stay in the building.
 */
const MARKERS = /@\[(?:MODEL LAUNCH|INTERNAL|DO NOT SHIP|DO NOT RELEASE)\]|\b(?:(?<!@)internal[- ]only|do not (?:ship|release|publish|share)|under embargo|embargoed)\b/gi;

/**
 * Lower-case words of which every MARKERS match holds one, case aside: the marker scan runs only
 * when the shared keyword pass saw one (test/engine/keyword-gates.test.ts checks the cover).
 */
export const MARKER_GATE_WORDS: readonly string[] = ['@[', 'internal-only', 'internal only', 'do not ', 'embargo'];
const markerGate = keywordGate(MARKER_GATE_WORDS);

/**
 * A marker that is part of a name or a pattern, not a note: a kebab/snake identifier
 * (`prompt-internal-only-code-path`, `internal_only_flag`) or an alternative of a regular
 * expression (`(?:INTERNAL|DO NOT SHIP|…)`, a detector's own list).
 */
function markerIsName(text: string, start: number, end: number): boolean {
  const prev = text[start - 1] ?? '';
  const next = text[end] ?? '';
  if (/[-_/.]/.test(prev) && /[A-Za-z0-9]/.test(text[start - 2] ?? '')) return true;
  if (/[-_/]/.test(next) && /[A-Za-z0-9]/.test(text[end + 1] ?? '')) return true;
  return (prev === '|' || prev === '(' || text.startsWith('(?:', start - 3)) && (next === '|' || next === ')');
}

/** Regex work per chunk is bounded: config regexes see at most this many characters at a time. */
const REGEX_CHUNK = 2048;
const REGEX_OVERLAP = 256;
/** Chunks per window tested at once with RE2's DFA before any chunk is (64 KB). */
const WINDOW_CHUNKS = 36;

export interface FindDenyListOptions {
  /** Also report built-in markers (default true). */
  markers?: boolean;
}

/**
 * Finds deny-list terms, hashed terms, regex entries and built-in markers in `text`, including
 * terms hidden in `String.fromCharCode(…)` and escaped string literals. Linear in `text`.
 */
export function findDenyListHits(text: string, compiled: CompiledDenyList, opts: FindDenyListOptions = {}): DenyListHit[] {
  const out: DenyListHit[] = [];
  scanPlain(text, compiled, 0, text.length, 'text', out);
  if (opts.markers !== false && markerGate(text)) {
    const re = new RegExp(MARKERS.source, 'gi');
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (markerIsName(text, m.index, m.index + m[0].length)) continue;
      if (isProseVerb(text, m.index, m[0])) continue;
      out.push({ kind: 'marker', entryKind: 'marker', start: m.index, end: m.index + m[0].length, label: m[0], via: 'text' });
    }
  }
  if (hasAnyEntry(compiled)) {
    for (const d of decodedStrings(text)) {
      const inner: DenyListHit[] = [];
      scanPlain(d.decoded, compiled, 0, d.decoded.length, d.via, inner);
      for (const h of inner) out.push({ ...h, start: d.start, end: d.end, via: d.via });
    }
  }
  return dedupe(out);
}

/**
 * "do not share" as the verb of a sentence, not a marker: "blocks in an SFC do not share the same
 * context" (vuejs/core's README, issue #23). A marker stands at the start of a line, comment or
 * clause ("// Do not ship", "internal, do not share"), after "please", or in capitals.
 */
function isProseVerb(text: string, start: number, match: string): boolean {
  if (!/^do not/i.test(match) || match === match.toUpperCase()) return false;
  let i = start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  if (i < 0 || !/[A-Za-z0-9]/.test(text[i])) return false;
  return !/\bplease$/i.test(text.slice(Math.max(0, i - 6), i + 1));
}

function hasAnyEntry(c: CompiledDenyList): boolean {
  return !!(c.insensitive || c.sensitive || c.regexes.length || c.hashes.size);
}

function scanPlain(text: string, c: CompiledDenyList, from: number, to: number, via: DenyListHit['via'], out: DenyListHit[]): void {
  for (const re0 of [c.insensitive, c.sensitive]) {
    if (!re0) continue;
    const re = new RegExp(re0.source, re0.flags);
    re.lastIndex = from;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null && m.index < to) {
      if (!atBoundary(text, m.index, m.index + m[0].length)) {
        re.lastIndex = m.index + 1;
        continue;
      }
      const key = re0 === c.insensitive ? m[0].toLowerCase() : m[0];
      const entry = c.termEntries.get(key);
      out.push({ kind: 'deny-list', entryKind: entry?.kind ?? 'codename', start: m.index, end: m.index + m[0].length, label: entry?.pattern ?? m[0], via });
    }
  }
  const step = REGEX_CHUNK - REGEX_OVERLAP;
  for (const { re, entry } of c.regexes) {
    // RE2's DFA (linear, cheap) says whether a window of WINDOW_CHUNKS chunks holds any match;
    // only then are its chunks tested, and positions found (by the costlier NFA) in the chunks
    // that match, within a work budget. Same chunk grid and results as testing every chunk.
    const budget = newRegexBudget();
    const seen = new Set<number>();
    let windowEnd = -1;
    let windowHit = false;
    for (let base = from, k = 0; base < to && !budget.exhausted; base += step, k++) {
      if (k % WINDOW_CHUNKS === 0) {
        windowEnd = Math.min(to, base + (WINDOW_CHUNKS - 1) * step + REGEX_CHUNK);
        windowHit = re.test(base === 0 && windowEnd === text.length ? text : text.slice(base, windowEnd));
      }
      if (!windowHit) {
        // Skip to the next window.
        const skip = WINDOW_CHUNKS - 1 - (k % WINDOW_CHUNKS);
        base += skip * step;
        k += skip;
        if (base + REGEX_CHUNK >= to) break;
        continue;
      }
      const chunk = text.slice(base, Math.min(to, base + REGEX_CHUNK));
      if (re.test(chunk)) {
        for (const m of re.findAll(chunk, budget)) {
          const start = base + m.start;
          if (seen.has(start)) continue;
          seen.add(start);
          out.push({ kind: 'deny-list', entryKind: entry.kind, start, end: base + m.end, label: entry.pattern ?? '', via });
        }
      }
      if (base + REGEX_CHUNK >= to) break;
    }
  }
  if (c.hashes.size) scanHashed(text, c.hashes, from, to, via, out);
}

/** Longest hashed phrase, in words. */
const MAX_NGRAM = 3;

const isDigits = (text: string, s: number, e: number) => {
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
};

/**
 * Hashed terms: every word and every run of up to three words joined by one space, `-` or `_`
 * is lower-cased, separators normalised to a space, and hashed once (a memo keeps repeated words
 * cheap, which is what minified bundles are made of). One pass over the characters, no regex.
 */
function scanHashed(text: string, hashes: Map<string, DenyEntry>, from: number, to: number, via: DenyListHit['via'], out: DenyListHit[]): void {
  const memo = new Map<string, string>();
  const hashOf = (s: string): string => {
    let h = memo.get(s);
    if (h === undefined) {
      h = sha256Hex(s);
      if (memo.size < 200_000) memo.set(s, h);
    }
    return h;
  };
  // The last words of the current phrase chain (ring of MAX_NGRAM, no allocation per word).
  const cs = [0, 0, 0];
  const ce = [0, 0, 0];
  const cw = [false, false, false];
  let count = 0;
  let head = 0;
  let i = from;
  while (i < to) {
    let c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127)) {
      i++;
      continue;
    }
    const s = i;
    while (i < to && ((c = text.charCodeAt(i)), (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127)) i++;
    const e = i;
    // A chain continues only across exactly one separator (space, `-` or `_`).
    const sep = text.charCodeAt(s - 1);
    if (count > 0 && !(s - ce[(head + MAX_NGRAM - 1) % MAX_NGRAM] === 1 && (sep === 32 || sep === 45 || sep === 95))) count = 0;
    // Phrases start and end with a word of 2+ characters that is not a number: keeps code cheap to hash.
    const phraseWord = e - s >= 2 && !isDigits(text, s, e);
    cs[head] = s;
    ce[head] = e;
    cw[head] = phraseWord;
    head = (head + 1) % MAX_NGRAM;
    if (count < MAX_NGRAM) count++;
    for (let n = 1; n <= count; n++) {
      const k = (head + MAX_NGRAM - n) % MAX_NGRAM;
      const ps = cs[k];
      if (e - ps > 64) break;
      if (e - ps < 3) continue;
      if (n > 1 && !(cw[k] && phraseWord)) continue;
      let phrase = text.slice(ps, e).toLowerCase();
      if (n > 1) phrase = phrase.replace(/[_-]/g, ' ');
      const entry = hashes.get(hashOf(phrase));
      if (entry) out.push({ kind: 'deny-list', entryKind: entry.kind, start: ps, end: e, label: `sha256:${entry.sha256?.slice(0, 8)}`, via });
    }
  }
}

interface DecodedString {
  start: number;
  end: number;
  decoded: string;
  via: 'fromCharCode' | 'escapes';
}

const FROM_CHAR_CODE = /String\.fromCharCode\(\s*((?:0x[0-9a-fA-F]{1,6}|\d{1,7})(?:\s*,\s*(?:0x[0-9a-fA-F]{1,6}|\d{1,7})){2,400})\s*\)/g;
const ESCAPE = '\\\\x[0-9a-fA-F]{2}|\\\\u[0-9a-fA-F]{4}|\\\\u\\{[0-9a-fA-F]{1,6}\\}';
// Plain characters exclude the backslash, so the repetition is unambiguous (linear).
const ESCAPED_RUN = new RegExp(`(?:[A-Za-z0-9 _-]{0,64}(?:${ESCAPE})){2,}[A-Za-z0-9 _-]{0,64}`, 'g');

/** `String.fromCharCode(107, 97, …)` calls and runs of `\x..`/`\u....` escapes, decoded. */
export function decodedStrings(text: string): DecodedString[] {
  const out: DecodedString[] = [];
  if (text.includes('fromCharCode')) {
    const re = new RegExp(FROM_CHAR_CODE.source, 'g');
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const codes = m[1].split(',').map((s) => Number(s.trim()));
      if (codes.every((c) => Number.isInteger(c) && c >= 0 && c <= 0x10ffff)) {
        out.push({ start: m.index, end: m.index + m[0].length, decoded: String.fromCodePoint(...codes), via: 'fromCharCode' });
      }
    }
  }
  if (text.includes('\\x') || text.includes('\\u')) {
    const re = new RegExp(ESCAPED_RUN.source, 'g');
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const decoded = m[0].replace(/\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|\\u\{([0-9a-fA-F]{1,6})\}/g, (_s, a?: string, b?: string, c?: string) => {
        const cp = parseInt(a ?? b ?? c ?? '0', 16);
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
      });
      out.push({ start: m.index, end: m.index + m[0].length, decoded, via: 'escapes' });
    }
  }
  return out;
}

function dedupe(hits: DenyListHit[]): DenyListHit[] {
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: DenyListHit[] = [];
  for (const h of hits) {
    const prev = out[out.length - 1];
    if (prev && prev.start === h.start && prev.end === h.end && prev.label === h.label) continue;
    out.push(h);
  }
  return out;
}
