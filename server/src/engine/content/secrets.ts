/**
 * Secrets in text: the provider formats of secretlint's recommended preset (used as a library,
 * exactly what `vsce package` runs) plus the formats the catalogue (§5) says it misses, such as
 * Anthropic admin keys and OAuth tokens.
 *
 * Cost: secretlint needs ~60–90 ms per 10 MB and ~0.3 ms per call, so a cheap keyword prefilter
 * decides first. Files without any keyword skip secretlint entirely; large files with a few hits
 * run it on windows around the hits only; everything else runs it on the whole text.
 */
import type { ContentMatch } from './types';
import { redact, secretHash, isPlaceholder, isFixturePath } from './redact';
import { isPlaceholderCredentials } from './hosts';
import { findGitleaksSecrets, addScanKeywords, keywordsIn } from './gitleaks';

export interface SecretMatch extends ContentMatch {
  kind: 'secret';
  /** Short provider name: `github`, `anthropic`, `aws`, `npm`, `privatekey` … */
  provider: string;
  /** Where the pattern comes from: a secretlint rule id, or `leakguard` for our own additions. */
  source: string;
  /** The pattern's own id (secretlint messageId or ours), e.g. `GITHUB_TOKEN`, `AnthropicAdminKey`. */
  type: string;
  /** `redact(secret)`: safe for messages. */
  redacted: string;
  /** `secretHash(secret)`: safe for fingerprints. */
  hash: string;
  /** The file is a test or fixture: report at a lower severity. */
  fixture: boolean;
  /**
   * `low` for shapes rather than a provider's format (gitleaks' generic-api-key, a JWT without a
   * privileged role) and for GitHub/npm tokens whose CRC32 checksum does not match: one level lower.
   */
  confidence: 'high' | 'low';
}

export interface FindSecretsOptions {
  /** Path relative to the unit root, for the fixture flag and secretlint's file-type rules. */
  relPath?: string;
  /** Skip secretlint and run only the synchronous patterns (for tests and benchmarks). */
  withoutSecretlint?: boolean;
  /** Skip gitleaks' rules (for comparisons). */
  withoutGitleaks?: boolean;
}

interface ExtraPattern {
  type: string;
  provider: string;
  re: RegExp;
  /** Lower-case literal every match contains: the one keyword pass decides whether the regex runs. */
  keyword: string;
}


/** Formats missing from secretlint-rule-preset-recommend 11.3.0 (gitleaks v8 rules, catalogue §5). */
const EXTRA_PATTERNS: readonly ExtraPattern[] = [
  { type: 'AnthropicAdminKey', provider: 'anthropic', re: lit('sk-ant-admin01-', '[A-Za-z0-9_-]{93}AA', true), keyword: 'sk-ant-admin01-' },
  { type: 'AnthropicOAuthToken', provider: 'anthropic', re: lit('sk-ant-oat01-', '[A-Za-z0-9_-]{40,200}', true), keyword: 'sk-ant-oat01-' },
  { type: 'AnthropicOAuthRefreshToken', provider: 'anthropic', re: lit('sk-ant-ort01-', '[A-Za-z0-9_-]{40,200}', true), keyword: 'sk-ant-ort01-' },
  { type: 'HuggingFaceToken', provider: 'huggingface', re: lit('hf_', '[a-zA-Z]{34}', false), keyword: 'hf_' },
  { type: 'GitLabToken', provider: 'gitlab', re: lit('glpat-', '[A-Za-z0-9_-]{20,128}', true), keyword: 'glpat-' },
  { type: 'StripeSecretKey', provider: 'stripe', re: lit('[sr]k_live_', '[A-Za-z0-9]{20,247}', false), keyword: 'k_live_' },
  { type: 'GroqApiKey', provider: 'groq', re: lit('gsk_', '[a-zA-Z0-9]{52}', false), keyword: 'gsk_' },
  { type: 'XaiApiKey', provider: 'xai', re: lit('xai-', '[a-zA-Z0-9]{80}', false, true), keyword: 'xai-' },
  // Issue #19: a format neither secretlint nor gitleaks' defaults know (the key is group 1).
  { type: 'AzureStorageAccountKey', provider: 'azure', re: /AccountKey=([A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/g, keyword: 'accountkey=' },
];

/**
 * Lower-case substrings of which every SECRETLINT_PREFILTER match contains one, case aside (per
 * alternative: `A(?:KIA|…)` → akia…, `(?:SECRET|[Ss]ecret)_?…` → secret, `\/\/user:pass@` → @,
 * `[dD][bB]…:\/\/` → db:// …). They ride along in the gitleaks keyword pass, so a text without any
 * of them skips the prefilter's regex scan: it could not match there (issue #20: that scan was 5–8%
 * of a check). A text with one still runs the regex, so the hits (and secretlint's regions) are
 * the same as before; test/engine/secretlint-gate.test.ts checks the cover.
 */
export const SECRETLINT_GATE_WORDS: readonly string[] = [
  'a3t', 'akia', 'agpa', 'aida', 'aroa', 'aipa', 'anpa', 'anva', 'asia', 'secret', 'private key', 'private_key', 'x-oauth-basic', '_authtoken', 'npm_',
  'xox', 'xapp-', 'hooks.slack.com', '@', 't3blbkfj', 'sk-ant-', 'lin_api_', 'sg.', 'shp', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', 'ops_ey',
  'db://', 'db+srv://', 'sql://', 'sqlx://', 'es://', 'esql://',
];

addScanKeywords([...EXTRA_PATTERNS.map((p) => p.keyword), ...SECRETLINT_GATE_WORDS]);

/** False when the keyword pass saw none of SECRETLINT_GATE_WORDS: the prefilter cannot match. */
export function secretlintGateOpen(seen: ReadonlySet<string>): boolean {
  return SECRETLINT_GATE_WORDS.some((w) => seen.has(w));
}

/**
 * `prefix body` with word boundaries, the literal prefix first: a leading lookbehind stops V8 from
 * searching for the literal (it cost ~1 ms/MB per pattern on a 9 MB bundle); checked after it instead.
 */
function lit(prefix: string, body: string, dashIsWord: boolean, dashBefore = dashIsWord): RegExp {
  const before = dashBefore ? '[A-Za-z0-9_-]' : '[A-Za-z0-9_]';
  const after = dashIsWord ? '(?![A-Za-z0-9_-])' : '(?![A-Za-z0-9])';
  return new RegExp(`${prefix}(?<!${before}${prefix})${body}${after}`, 'g');
}

/** The Azurite storage emulator's published development key (sha256 prefix): documentation, not a secret. */
const AZURITE_KEY_HASH = '0011cc25eb432071';

/**
 * Keywords every secretlint preset pattern needs (derived from the preset's regexes; the test
 * "prefilter covers every preset sample" keeps it honest). Alternation of literals: V8 scans it fast.
 */
const SECRETLINT_PREFILTER =
  /A(?:3T[A-Z0-9]|KIA|GPA|IDA|ROA|IPA|NPA|NVA|SIA)|(?:SECRET|[Ss]ecret)_?(?:ACCESS|[Aa]ccess)|PRIVATE KEY|private_key|x-oauth-basic|_authToken|npm_|xox[bpaor]-|xapp-|hooks\.slack\.com|\/\/[-\w]{1,256}:[-\w]{1,256}@|T3BlbkFJ|sk-ant-|lin_api_|SG\.|shp(?:pa|ca|at|ss)_|gh[pousr]_|github_pat_|ops_ey|[dD][bB](?:\+[sS][rR][vV])?:\/\/|[sS][qQ][lL][xX]?:\/\/|[eE][sS](?:[qQ][lL])?:\/\//g;

/** Window around a prefilter hit that secretlint sees; private keys span up to 10k characters. */
const WINDOW_BEFORE = 600;
const WINDOW_AFTER = 1200;
const PEM_AFTER = 10_400;
/** Below this size, or above this many regions, secretlint just gets the whole text. */
const WHOLE_TEXT_BELOW = 512 * 1024;
const MAX_REGIONS = 64;

/** Offsets of secretlint prefilter hits in `text` (empty: secretlint cannot find anything). */
export function secretlintPrefilter(text: string, limit = 10_000): number[] {
  const hits: number[] = [];
  const re = new RegExp(SECRETLINT_PREFILTER.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && hits.length < limit) hits.push(m.index);
  return hits;
}

/** Synchronous patterns that secretlint's preset does not have (Anthropic admin/OAuth, Hugging Face, GitLab, Stripe …). */
export function findExtraSecrets(text: string, relPath = '', seen?: ReadonlySet<string>): SecretMatch[] {
  const out: SecretMatch[] = [];
  const fixture = isFixturePath(relPath);
  for (const p of EXTRA_PATTERNS) {
    if (seen && !seen.has(p.keyword)) continue; // the keyword pass found no occurrence
    const re = new RegExp(p.re.source, 'g');
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const value = m[1] ?? m[0];
      const at = m.index + m[0].length - value.length;
      if (isPlaceholder(value)) continue;
      out.push(makeMatch(at, at + value.length, value, p.provider, 'leakguard', p.type, fixture));
    }
  }
  return out;
}

const GITLEAKS_PROVIDER: Record<string, string> = { 'private-key': 'privatekey', 'pkcs12-file': 'privatekey', 'generic-api-key': 'generic', 'curl-auth-header': 'curl', 'curl-auth-user': 'curl', 'jwt-base64': 'jwt' };

/** gitleaks' default rules (re-expressed as data), with Leakguard's JWT and checksum checks on top. */
export function findGitleaksMatches(text: string, relPath = ''): SecretMatch[] {
  const fixture = isFixturePath(relPath);
  const out: SecretMatch[] = [];
  const all = findGitleaksSecrets(text, relPath);
  // A JWT judged harmless (anon key, sample) is not reported by the generic rule either.
  const harmless = all.filter((g) => (g.ruleId === 'jwt' || g.ruleId === 'jwt-base64') && classifyJwt(g.ruleId === 'jwt' ? g.secret : Buffer.from(g.secret, 'base64').toString('latin1')) === 'ignore');
  for (const g of all) {
    if (g.generic && harmless.some((h) => h.start < g.end && g.start < h.end)) continue;
    let type = g.ruleId;
    // AWS access key ids alone are not secrets (secretlint reports them only on request): reported, one level lower.
    let confidence: SecretMatch['confidence'] = g.generic || g.ruleId === 'aws-access-token' ? 'low' : 'high';
    if (g.ruleId === 'jwt' || g.ruleId === 'jwt-base64') {
      const token = g.ruleId === 'jwt-base64' ? Buffer.from(g.secret, 'base64').toString('latin1') : g.secret;
      const kind = classifyJwt(token);
      if (kind === 'ignore') continue;
      if (kind === 'privileged') {
        type = 'JwtPrivilegedRole';
        confidence = 'high';
      }
    }
    if (checksumFails(g.secret)) confidence = 'low';
    const provider = GITLEAKS_PROVIDER[g.ruleId] ?? g.ruleId.split('-')[0];
    out.push({ ...makeMatch(g.start, g.end, g.secret, provider, 'gitleaks', type, fixture), confidence });
  }
  return out;
}

const PRIVILEGED_ROLE = /^(?:service_role|supabase_admin|admin|administrator|superuser|root|owner)$/i;

/**
 * A JWT's payload decides: a privileged `role` claim (Supabase `service_role`) is a server key;
 * `anon`/`authenticated` keys are public by design; jwt.io's sample and undecodable strings are
 * not tokens. Anything else stays a low-confidence JWT.
 */
export function classifyJwt(token: string): 'privileged' | 'other' | 'ignore' {
  const parts = token.split('.');
  if (parts.length < 2) return 'ignore';
  const decode = (p: string): Record<string, unknown> | undefined => {
    try {
      const v = JSON.parse(Buffer.from(p.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')) as unknown;
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  const header = decode(parts[0]);
  const payload = decode(parts[1]);
  if (!header || !payload || typeof header.alg !== 'string') return 'ignore';
  if (payload.sub === '1234567890' || payload.name === 'John Doe') return 'ignore'; // jwt.io's sample
  const roles = [payload.role, ...(Array.isArray(payload.roles) ? payload.roles : [])].filter((r): r is string => typeof r === 'string');
  if (roles.some((r) => PRIVILEGED_ROLE.test(r))) return 'privileged';
  if (roles.length && roles.every((r) => r === 'anon' || r === 'authenticated')) return 'ignore'; // public client keys
  return 'other';
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
let crcTable: Uint32Array | undefined;

/** CRC32 (IEEE) of an ASCII string. */
export function crc32(s: string): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = -1;
  for (let i = 0; i < s.length; i++) c = (c >>> 8) ^ crcTable[(c ^ s.charCodeAt(i)) & 0xff];
  return (c ^ -1) >>> 0;
}

/** The 6-character base62 CRC32 that GitHub (2021) and npm (2021) tokens end with. */
export function base62Checksum(body: string): string {
  let n = crc32(body);
  let out = '';
  do {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  } while (n > 0);
  return out.padStart(6, '0');
}

/**
 * GitHub classic tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`) and npm tokens (`npm_`) are
 * 30 random base62 characters plus a 6-character base62 CRC32 of them. A token of that shape
 * whose checksum does not match was not minted by the provider (a hand-made or mangled one).
 */
export function checksumFails(value: string): boolean {
  if (!/^(?:gh[pousr]|npm)_[A-Za-z0-9]{36}$/.test(value)) return false;
  const body = value.slice(4);
  return base62Checksum(body.slice(0, 30)) !== body.slice(30);
}

/**
 * Finds secrets in `text`: secretlint's recommended preset (async, prefiltered) plus our extra
 * formats. Never throws; a failing secretlint leaves the extra formats.
 */
export async function findSecrets(text: string, opts: FindSecretsOptions = {}): Promise<SecretMatch[]> {
  const relPath = opts.relPath ?? '';
  const found: SecretMatch[] = [];
  let seen: ReadonlySet<string> | undefined;
  if (!opts.withoutGitleaks) {
    try {
      found.push(...findGitleaksMatches(text, relPath));
      seen = keywordsIn(text); // the same keyword pass served both matchers
    } catch {
      // Never throws (bad input); the other sources still report.
    }
  }
  found.push(...findExtraSecrets(text, relPath, seen));
  if (!opts.withoutSecretlint) {
    try {
      found.push(...(await runSecretlint(text, relPath, seen)));
    } catch {
      // A library failure must not hide the other findings (bad input never throws).
    }
  }
  // Published development values (the Azurite emulator key) are documentation, whoever matched them.
  return dedupe(found.filter((m) => m.hash !== AZURITE_KEY_HASH));
}

function makeMatch(start: number, end: number, value: string, provider: string, source: string, type: string, fixture: boolean): SecretMatch {
  const confidence = checksumFails(value) ? 'low' : 'high';
  return { kind: 'secret', start, end, provider, source, type, redacted: redact(value), hash: secretHash(value), fixture, confidence };
}

const SOURCE_RANK = (m: SecretMatch) => (m.source === 'leakguard' ? 0 : m.source === 'gitleaks' ? (m.type === 'generic-api-key' ? 3 : 2) : 1);

/** Keeps one match per span; a provider's format beats a generic shape that overlaps it. */
function dedupe(matches: SecretMatch[]): SecretMatch[] {
  const high = matches.filter((m) => m.confidence === 'high' || m.source !== 'gitleaks');
  const low = matches.filter((m) => !high.includes(m) && !high.some((h) => h.start < m.end && m.start < h.end));
  return dedupeSpans([...high, ...low]);
}

function dedupeSpans(matches: SecretMatch[]): SecretMatch[] {
  matches.sort((a, b) => a.start - b.start || b.end - a.end || SOURCE_RANK(a) - SOURCE_RANK(b));
  const out: SecretMatch[] = [];
  let lastEnd = -1;
  for (const m of matches) {
    if (m.start < lastEnd && m.end <= lastEnd) continue;
    out.push(m);
    lastEnd = Math.max(lastEnd, m.end);
  }
  return out;
}

type SecretlintCore = typeof import('@secretlint/core', { with: { 'resolution-mode': 'import' } });

interface SecretlintApi {
  lintSource: SecretlintCore['lintSource'];
  config: Parameters<SecretlintCore['lintSource']>[0]['options']['config'];
  /** Drops what secretlint's always-on profiler keeps (see forgetProfile). */
  forgetProfile: () => void;
}

/** The parts of @secretlint/profiler's singleton that grow with every lintSource call. */
interface ProfilerInternals {
  entries?: unknown[];
  measures?: unknown[];
  executionPromises?: unknown[];
}

let secretlintApi: Promise<SecretlintApi> | undefined; // lazily loaded library, immutable once built

function loadSecretlint(): Promise<SecretlintApi> {
  secretlintApi ??= (async () => {
    // ESM-only packages: a dynamic import works from CommonJS and lets the bundler inline them.
    const core = await import('@secretlint/core');
    const preset = await import('@secretlint/secretlint-rule-preset-recommend');
    // @secretlint/core marks every lint in a module-level profiler whose PerformanceObserver keeps
    // every entry forever and scans them all on each mark (`entries.find`): in a language server
    // that lints on every keystroke, memory grows and each lint gets slower (as-you-type p50 on a
    // 2,000-line file went 6.5 → 11.8 ms over 1,500 edits). Nothing reads those arrays
    // (getEntries/getMeasures are never called), so they are emptied after each lint. The module
    // is the one @secretlint/core itself imports (same resolution, bundled once).
    let profiler: ProfilerInternals | undefined;
    try {
      profiler = (await import('@secretlint/profiler')).secretLintProfiler as unknown as ProfilerInternals;
    } catch {
      profiler = undefined;
    }
    const forgetProfile = () => {
      if (!profiler) return;
      for (const list of [profiler.entries, profiler.measures, profiler.executionPromises]) if (Array.isArray(list)) list.length = 0;
    };
    return { lintSource: core.lintSource, config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: preset.creator }] }, forgetProfile };
  })();
  return secretlintApi;
}

async function runSecretlint(text: string, relPath: string, seen?: ReadonlySet<string>): Promise<SecretMatch[]> {
  if (seen && !secretlintGateOpen(seen)) return [];
  const hits = secretlintPrefilter(text);
  if (hits.length === 0) return [];
  const api = await loadSecretlint();
  const regions = text.length <= WHOLE_TEXT_BELOW ? [[0, text.length] as const] : regionsAround(text, hits);
  const fixture = isFixturePath(relPath);
  const base = relPath.split('/').pop() ?? '';
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.')) : '';
  const out: SecretMatch[] = [];
  for (const [from, to] of regions) {
    const content = from === 0 && to === text.length ? text : text.slice(from, to);
    const result = await api.lintSource({
      source: { content, filePath: '/' + (relPath || 'file'), ext, contentType: 'text' },
      options: { config: api.config, noPhysicFilePath: true },
    });
    api.forgetProfile();
    for (const msg of result.messages) {
      if (msg.type !== 'message') continue;
      const [s, e] = exactSpan(content, msg.range[0], msg.range[1], msg.data);
      const value = content.slice(s, e);
      if (!value || isPlaceholder(value) || placeholderUrlCredentials(value)) continue;
      // `npm_i_save_dev_types_Slash…` (TypeScript's diagnostics): real npm tokens are base62 only.
      if (/^npm_/.test(value) && /_/.test(value.slice(4))) continue;
      const provider = msg.ruleId.replace(/^@secretlint\/secretlint-rule-/, '');
      out.push(makeMatch(from + s, from + e, value, provider, msg.ruleId, msg.messageId, fixture));
    }
  }
  return out;
}

/** `https://user:token@github.com`, `https://a:b@host`: a documentation placeholder, not a basic-auth secret. */
function placeholderUrlCredentials(value: string): boolean {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/@\s]*)@/i.exec(value);
  if (!m || !m[1].includes(':')) return false;
  const i = m[1].indexOf(':');
  return isPlaceholderCredentials(m[1].slice(0, i), m[1].slice(i + 1));
}

/**
 * Narrows secretlint's range to the secret itself: some rules report the whole assignment
 * (`aws_secret_access_key = …`) with a range of the wrong length, but name the value in `data`.
 */
function exactSpan(content: string, start: number, end: number, data: unknown): [number, number] {
  if (data && typeof data === 'object') {
    let best: [number, number] | undefined;
    for (const v of Object.values(data as Record<string, unknown>)) {
      if (typeof v !== 'string' || v.length < 8) continue;
      const at = content.indexOf(v, Math.max(0, start - 1));
      if (at >= 0 && at <= end + 256 && (!best || v.length > best[1] - best[0])) best = [at, at + v.length];
    }
    if (best) return best;
  }
  return [start, Math.min(end, content.length)];
}

function regionsAround(text: string, hits: number[]): Array<readonly [number, number]> {
  if (hits.length > MAX_REGIONS * 8) return [[0, text.length]];
  const regions: Array<[number, number]> = [];
  for (const h of hits) {
    const pem = text.startsWith('PRIVATE KEY', h) || text.startsWith('private_key', h);
    const a = Math.max(0, h - WINDOW_BEFORE);
    const b = Math.min(text.length, h + (pem ? PEM_AFTER : WINDOW_AFTER));
    const last = regions[regions.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else regions.push([a, b]);
  }
  if (regions.length > MAX_REGIONS) return [[0, text.length]];
  return regions;
}
