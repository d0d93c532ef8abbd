/**
 * Feature-flag keys (catalogue §4.4 rule 33): string-literal first arguments of flag SDK calls
 * (GrowthBook, LaunchDarkly, Statsig, PostHog, Unleash, OpenFeature, Split, Flagsmith, Optimizely),
 * Bun's compile-time `feature("NAME")` and env-style flags. The result is an inventory; keys that
 * match `unreleasedFlagPatterns` or the deny-list are marked `unreleased`.
 */
import type { ContentMatch } from './types';
import { compileWorkspaceRegex, type SafeRegex } from '../safe/regex';
import { findDenyListHits, type CompiledDenyList } from './deny-list';
import { keywordGate } from './gitleaks';

export interface FlagMatch extends ContentMatch {
  kind: 'flag';
  /** The flag key, e.g. `tengu_kairos` or `ULTRAPLAN`. */
  key: string;
  /** The SDK the call belongs to (`growthbook`, `launchdarkly`, … `bun`, `env`). */
  sdk: string;
  /** The method or expression, e.g. `isOn`, `feature`, `process.env`. */
  via: string;
  /** Compile-time flags (Bun `feature()`): their names should not survive in a shipped bundle. */
  compileTime: boolean;
  /** Why the key counts as unreleased, when it does: the matching pattern or deny-list label. */
  unreleased?: string;
}

/** Method → SDK. Generic names (`getValue`, `isEnabled`, `decide` …) need a member call: `client.getValue("k")`. */
const METHODS: ReadonlyMap<string, { sdk: string; member: boolean }> = new Map(
  [
    ...['isOn', 'isOff', 'getFeatureValue', 'evalFeature', 'useFeatureIsOn', 'useFeatureValue'].map((m) => [m, 'growthbook', false] as const),
    ...['boolVariation', 'stringVariation', 'numberVariation', 'jsonVariation', 'variationDetail'].map((m) => [m, 'launchdarkly', false] as const),
    ['variation', 'launchdarkly', true] as const,
    ...['checkGate', 'getFeatureGate', 'getExperiment', 'getDynamicConfig', 'getLayer'].map((m) => [m, 'statsig', false] as const),
    ...['isFeatureEnabled', 'getFeatureFlag', 'useFeatureFlagEnabled', 'useFeatureFlagVariantKey', 'getFeatureFlagPayload'].map((m) => [m, 'posthog', false] as const),
    ...['isEnabled', 'getVariant'].map((m) => [m, 'unleash', true] as const),
    ['useFlag', 'unleash', false] as const,
    ...['Boolean', 'String', 'Number', 'Object'].flatMap((t) => [`get${t}Value`, `get${t}Details`].map((m) => [m, 'openfeature', true] as const)),
    ...['getTreatment', 'getTreatments', 'getTreatmentWithConfig'].map((m) => [m, 'split', false] as const),
    ...['hasFeature', 'getValue'].map((m) => [m, 'flagsmith', true] as const),
    ['decide', 'optimizely', true] as const,
    ['feature', 'bun', false] as const,
  ].map(([m, sdk, member]) => [m, { sdk, member }]),
);

/**
 * A call's opening, `(` then a quoted key: what `/\(\s*(["'`])([A-Za-z0-9_.:\/-]{1,128})\1/g`
 * matches, found with indexOf (issue #20: that regex tried every `(` of every shipped file and was
 * the largest line of this rule). The method name is read backwards (bounded), never by a regex.
 */
function* callOpenings(text: string): Generator<{ index: number; keyStart: number; key: string }> {
  const n = text.length;
  let at = text.indexOf('(');
  while (at !== -1) {
    let q = at + 1;
    while (q < n && isRegexSpace(text.charCodeAt(q))) q++;
    const quote = text.charCodeAt(q);
    let next = at + 1;
    if (quote === 34 || quote === 39 || quote === 96) {
      let e = q + 1;
      while (e < n && e - q <= 128 && isKeyChar(text.charCodeAt(e))) e++;
      if (e > q + 1 && e - q - 1 <= 128 && text.charCodeAt(e) === quote) {
        yield { index: at, keyStart: q + 1, key: text.slice(q + 1, e) };
        // The regex resumes after its match: a `(` inside the key cannot be one (keys have none).
        next = e + 1;
      }
    }
    at = text.indexOf('(', next);
  }
}
/** `[A-Za-z0-9_.:/-]` */
const isKeyChar = (c: number) => (c >= 48 && c <= 58) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 47 || c === 45;
/** JavaScript's `\s`: what the regex skipped between `(` and the quote. */
function isRegexSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
/** Every ENV_FLAG match holds `env.` (case aside): the scan runs only when the shared keyword pass saw it. */
const ENV_FLAG_GATE = 'env.';
const envFlagGate = keywordGate([ENV_FLAG_GATE]);
const ENV_FLAG = /\b(process\.env|import\.meta\.env)\.((?:VITE_)?(?:FEATURE|ENABLE|FF)_[A-Z0-9_]{1,64})\b/g;

export interface FindFlagsOptions {
  /** Regex sources from `config.unreleasedFlagPatterns` (used only when `trusted`). */
  unreleasedPatterns?: readonly string[];
  trusted?: boolean;
  /** Compiled deny-list: a key containing a deny-list term is unreleased. */
  denyList?: CompiledDenyList;
}

const isIdent = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;

/** Inventory of feature-flag keys in `text`, each marked `unreleased` when configured patterns or the deny-list say so. */
export function findFeatureFlags(text: string, opts: FindFlagsOptions = {}): FlagMatch[] {
  const out: FlagMatch[] = [];
  // Configuration regexes run on the linear-time engine (RE2); invalid ones are reported by the config loader.
  const patterns: SafeRegex[] = [];
  if (opts.trusted !== false) {
    for (const p of opts.unreleasedPatterns ?? []) {
      const c = compileWorkspaceRegex(p);
      if (c.ok) patterns.push(c.regex);
    }
  }
  let bunImported: boolean | undefined; // asked only for a `feature("…")` call
  for (const call of callOpenings(text)) {
    let i = call.index;
    while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
    const nameEnd = i;
    while (i > 0 && nameEnd - i < 40 && isIdent(text.charCodeAt(i - 1))) i--;
    const name = text.slice(i, nameEnd);
    const info = METHODS.get(name);
    if (!info) continue;
    const member = text[i - 1] === '.' || (text[i - 1] === '?' && text[i] === '.');
    if (info.member && !member) continue;
    if (!info.member && i > 0 && isIdent(text.charCodeAt(i - 1))) continue;
    const key = call.key;
    if (name === 'feature' && !((bunImported ??= text.includes('bun:bundle')) || /^[A-Z][A-Z0-9_]{2,}$/.test(key))) continue;
    const start = call.keyStart;
    out.push({ kind: 'flag', start, end: start + key.length, key, sdk: info.sdk, via: name, compileTime: info.sdk === 'bun' });
  }
  let m: RegExpExecArray | null;
  if (envFlagGate(text)) {
    const er = new RegExp(ENV_FLAG.source, 'g');
    while ((m = er.exec(text)) !== null) {
      const start = m.index + m[1].length + 1;
      out.push({ kind: 'flag', start, end: start + m[2].length, key: m[2], sdk: 'env', via: m[1], compileTime: false });
    }
  }
  for (const f of out) {
    const pat = patterns.find((p) => p.test(f.key));
    if (pat) f.unreleased = `matches /${pat.source}/`;
    else if (opts.denyList) {
      const hit = findDenyListHits(f.key, opts.denyList, { markers: false })[0];
      if (hit) f.unreleased = `deny-list: ${hit.label}`;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
