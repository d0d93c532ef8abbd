/**
 * Helpers shared by the secret matchers: redaction, stable hashes, placeholder and fixture checks.
 * A full secret never leaves the matcher: messages carry `redact(secret)`, fingerprints a hash.
 */
import { createHash, hash as oneShotHash } from 'node:crypto';

/**
 * Redacts a secret for messages: its first 4 characters, `…` and its length, e.g. `ghp_…(40)`.
 * Short values (< 16 chars, e.g. passwords) show at most a quarter of their characters.
 */
export function redact(secret: string): string {
  const shown = Math.min(4, Math.floor(secret.length / 4));
  return `${secret.slice(0, shown)}…(${secret.length})`;
}

/** A short stable hash of a secret (sha256, 16 hex digits) for fingerprints and baselines. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

/** Hex sha256 of a string (deny-list hashes are of the lower-cased term). */
export function sha256Hex(text: string): string {
  // The one-shot crypto.hash (Node ≥ 20.12) is ~5× faster than createHash: hashed deny-lists hash every word.
  return typeof oneShotHash === 'function' ? oneShotHash('sha256', text, 'hex') : createHash('sha256').update(text).digest('hex');
}

// Catalogue §4.5 rule 36: vendor examples and template values are not leaks.
const PLACEHOLDER = /EXAMPLE|xxxx|XXXX|\*{4,}|<[^>\n]{1,80}>|\$\{[^}\n]{1,80}\}|your[_-]?(?:api[_-]?)?(?:key|token|secret)|dummy|fake|placeholder|redacted|changeme/i;

/** True when a matched value is a placeholder (`EXAMPLE`, `xxxx`, `${VAR}`, `<token>`, `dummy` …). */
export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value);
}

const FIXTURE_DIR = /(?:^|\/)(?:tests?|__tests__|specs?|__specs__|fixtures?|__fixtures__|__mocks__|testdata|test-data|examples?)\//i;
const FIXTURE_FILE = /\.(?:test|spec)\.[^/]+$/i;

/**
 * True for paths of tests and fixtures (`test/`, `fixtures/`, `__tests__/`, `*.test.*`, `*.spec.*`).
 * Findings there get a lower severity, never silently dropped.
 */
export function isFixturePath(relPath: string): boolean {
  const p = relPath.replace(/\\/g, '/');
  return FIXTURE_DIR.test(p) || FIXTURE_FILE.test(p);
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    h -= p * Math.log2(p);
  }
  return h;
}
