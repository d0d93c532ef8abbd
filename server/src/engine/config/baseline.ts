/**
 * The baseline: `.leakguard-baseline.json`, the findings a team has accepted for now. Entries hold
 * fingerprints (rule + path + content hash, never line numbers, see `Finding.fingerprint`), so an
 * accepted finding stays accepted when an edit moves it to another line, and stops matching once
 * the offending text is gone. Matching findings are reported as `info` with `baselined: true`.
 *
 * Fingerprints are relative to the analysed folder: create the baseline from the folder that CI
 * and the editor analyse (normally the repository root).
 */
import * as path from 'node:path';
import { getNodeValue, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parseTreeBounded as parseTree } from '../safe/json-depth';
import type { Finding } from '../types';
import type { ResolvedConfig } from './';
import { toPosix, relPosix } from '../paths';

export const BASELINE_FILE_NAME = '.leakguard-baseline.json';
export const BASELINE_VERSION = 1;

/** One accepted finding (or several identical ones in the same file: `count`). */
export interface BaselineEntry {
  ruleId: string;
  /** File of the finding, relative to the analysed folder (for people reading the file; matching uses `fingerprint`). */
  path: string;
  fingerprint: string;
  /** How many findings with this fingerprint are accepted. */
  count: number;
}

export interface Baseline {
  version: number;
  entries: BaselineEntry[];
}

/** A problem in a baseline file, at an offset of it. */
export interface BaselineProblem {
  start: number;
  end: number;
  message: string;
}

/** Where the baseline of a configuration lives: its `baseline` setting (relative to the config's folder), else `<folder>/.leakguard-baseline.json`. */
export function baselinePath(config: Pick<ResolvedConfig, 'baseline' | 'baseDir'>, folder: string): string {
  return toPosix(config.baseline ? path.resolve(config.baseDir, config.baseline) : path.resolve(folder, BASELINE_FILE_NAME));
}

/** Parses a baseline file's text; never throws. Bad entries are skipped and reported. */
export function parseBaseline(text: string): { baseline: Baseline; problems: BaselineProblem[] } {
  const problems: BaselineProblem[] = [];
  const baseline: Baseline = { version: BASELINE_VERSION, entries: [] };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true });
  for (const e of errors) problems.push({ start: e.offset, end: e.offset + Math.max(1, e.length), message: `Invalid JSON in the baseline: ${printParseErrorCode(e.error)}.` });
  if (!tree || tree.type !== 'object') {
    if (errors.length === 0) problems.push({ start: 0, end: Math.min(1, text.length), message: 'The baseline must be a JSON object with "entries".' });
    return { baseline, problems };
  }
  const entriesProp = tree.children?.find((p) => p.children?.[0]?.value === 'entries');
  const entries = entriesProp?.children?.[1];
  if (!entries || entries.type !== 'array') {
    const at = entriesProp ?? tree;
    problems.push({ start: at.offset, end: at.offset + at.length, message: 'The baseline needs "entries": an array.' });
    return { baseline, problems };
  }
  for (const item of entries.children ?? []) {
    const v = getNodeValue(item) as Partial<BaselineEntry> | undefined;
    if (!v || typeof v !== 'object' || typeof v.fingerprint !== 'string' || typeof v.ruleId !== 'string') {
      problems.push({ start: item.offset, end: item.offset + item.length, message: 'A baseline entry needs "ruleId" and "fingerprint".' });
      continue;
    }
    const count = typeof v.count === 'number' && Number.isInteger(v.count) && v.count > 0 ? v.count : 1;
    baseline.entries.push({ ruleId: v.ruleId, path: typeof v.path === 'string' ? v.path : '', fingerprint: v.fingerprint, count });
  }
  return { baseline, problems };
}

/**
 * Marks findings that match the baseline: `baselined: true`, severity `info`. Each entry accepts up
 * to `count` findings with its fingerprint (in report order); further ones stay as they are.
 * Returns new finding objects; the input is not changed.
 */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): Finding[] {
  const remaining = new Map<string, number>();
  for (const e of baseline.entries) remaining.set(e.fingerprint, (remaining.get(e.fingerprint) ?? 0) + e.count);
  return findings.map((f) => {
    const left = remaining.get(f.fingerprint) ?? 0;
    if (left <= 0) return f;
    remaining.set(f.fingerprint, left - 1);
    return { ...f, baselined: true, severity: 'info' };
  });
}

/**
 * The baseline for the current findings (relative to `folder`). Without `prune`, every finding is
 * accepted (entries that no longer match disappear). With `prune`, only entries of `previous` that
 * still match survive, with their count lowered to what still matches: nothing new is accepted.
 * Findings of `excludeRuleIds` (configuration problems) are never baselined.
 */
export function createBaseline(findings: readonly Finding[], folder: string, opts: { previous?: Baseline; prune?: boolean; excludeRuleIds?: ReadonlySet<string> } = {}): Baseline {
  const current = new Map<string, BaselineEntry>();
  for (const f of findings) {
    if (opts.excludeRuleIds?.has(f.ruleId)) continue;
    const e = current.get(f.fingerprint);
    if (e) e.count++;
    else current.set(f.fingerprint, { ruleId: f.ruleId, path: relPosix(folder, f.file), fingerprint: f.fingerprint, count: 1 });
  }
  let entries: BaselineEntry[];
  if (opts.prune) {
    const merged = new Map<string, BaselineEntry>();
    for (const e of opts.previous?.entries ?? []) {
      const now = current.get(e.fingerprint);
      if (!now) continue;
      const prev = merged.get(e.fingerprint);
      const count = Math.min(now.count, (prev?.count ?? 0) + e.count);
      merged.set(e.fingerprint, { ...e, count });
    }
    entries = [...merged.values()];
  } else entries = [...current.values()];
  entries.sort((a, b) => a.path.localeCompare(b.path) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint));
  return { version: BASELINE_VERSION, entries };
}

/** Stable text of a baseline file: sorted entries, two-space indent, trailing newline. */
export function serializeBaseline(baseline: Baseline): string {
  const entries = [...baseline.entries].sort((a, b) => a.path.localeCompare(b.path) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint));
  return `${JSON.stringify({ version: baseline.version, entries: entries.map((e) => ({ ruleId: e.ruleId, path: e.path, fingerprint: e.fingerprint, count: e.count })) }, null, 2)}\n`;
}
