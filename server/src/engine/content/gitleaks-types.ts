/** Shapes of the gitleaks rule data (gitleaks-rules.ts is generated; see scripts/generate-gitleaks-rules.mjs). */

/** One allowlist of a rule (or the global one): a finding it matches is not reported. */
export interface GitleaksAllowlist {
  /** `AND`: every given check must match; default `OR`: any one. */
  condition?: 'AND' | 'OR';
  /** What `regexes` test: the secret (default), the whole match, or the line. */
  regexTarget?: 'secret' | 'match' | 'line';
  /** JavaScript regex sources (no flags). */
  regexes?: readonly string[];
  /** Lower-case words; a secret that contains one (case-insensitively) is allowed. */
  stopwords?: readonly string[];
  /** JavaScript regex sources tested on the file's path. */
  paths?: readonly string[];
}

export interface GitleaksRule {
  id: string;
  description: string;
  /** JavaScript regex source (flags: none needed). Absent for path-only rules. */
  regex?: string;
  /** Path-only rules (e.g. PKCS#12 files) match on the file path instead. */
  path?: string;
  /** Lower-case keywords: the regex runs only where one occurs (case-insensitively). Empty: always. */
  keywords: readonly string[];
  /** Minimum Shannon entropy (bits/char) of the secret; at or below it the match is dropped. */
  entropy?: number;
  /** Capture group that holds the secret (default: the first non-empty group, or the whole match). */
  secretGroup?: number;
  allowlists?: readonly GitleaksAllowlist[];
}
