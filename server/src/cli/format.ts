/**
 * CLI output formats: text (grouped by packaging unit), json (stable, documented in README),
 * sarif (2.1.0) and github (workflow annotations). All take resolved locations.
 */
import * as path from 'node:path';
import type { Finding, Severity } from '../engine/types';
import type { Rule } from '../engine/context';
import { toPosix } from '../engine/paths';
import { escapeControl as ctl } from './terminal';

export interface Located {
  finding: Finding;
  /** Path relative to the scanned root, `/` separators. */
  rel: string;
  line: number; // 1-based
  column: number; // 1-based
  endLine: number;
  endColumn: number;
  cause?: string;
}

export const JSON_FORMAT_VERSION = 1;

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** Human output: one block per unit, `file:line:col  severity  message  rule`, then a summary. */
export function formatText(items: Located[], opts: { color: boolean; root: string; units: Array<{ root: string; name?: string }> }): string {
  const c = (code: string, s: string) => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const sevText = (s: Severity) => (s === 'error' ? c('31', 'error') : s === 'warning' ? c('33', 'warning') : c('36', s));
  const groups = new Map<string, Located[]>();
  for (const it of items) {
    const key = it.finding.unitRoot ?? opts.root;
    const list = groups.get(key) ?? [];
    list.push(it);
    groups.set(key, list);
  }
  const lines: string[] = [];
  for (const [unitRoot, list] of groups) {
    const unit = opts.units.find((u) => u.root === unitRoot);
    const rel = toPosix(path.relative(opts.root, unitRoot)) || '.';
    // File names, unit names and messages come from the repository: control characters escaped (issue #15 item 10).
    lines.push(c('1', `${ctl(unit?.name ?? rel)}${unit?.name ? c('2', ` (${ctl(rel)})`) : ''}`));
    for (const it of list) {
      lines.push(`  ${ctl(it.rel)}:${it.line}:${it.column}  ${sevText(it.finding.severity)}  ${ctl(it.finding.message)}  ${c('2', it.finding.ruleId)}`);
      for (const r of it.finding.related.slice(0, 3)) {
        if (r.embedded) lines.push(c('2', `      ↳ ${ctl(r.message)}`));
      }
    }
    lines.push('');
  }
  const count = (s: Severity) => items.filter((i) => i.finding.severity === s).length;
  const e = count('error');
  const w = count('warning');
  const n = items.length - e - w;
  if (items.length === 0) lines.push(c('32', '✔ No leaks found.'));
  else {
    const total = `${items.length} ${items.length === 1 ? 'problem' : 'problems'}`;
    lines.push(`${e > 0 ? c('31', `✖ ${total}`) : `⚠ ${total}`} (${e} ${e === 1 ? 'error' : 'errors'}, ${w} ${w === 1 ? 'warning' : 'warnings'}, ${n} info)`);
  }
  return lines.join('\n') + '\n';
}

/** The stable JSON shape (version 1), documented in the README. */
export function formatJson(items: Located[], meta: { root: string; units: unknown[]; problems: string[]; stats: unknown; skipped?: unknown[] }): string {
  return (
    JSON.stringify(
      {
        version: JSON_FORMAT_VERSION,
        root: meta.root,
        units: meta.units,
        findings: items.map((i) => ({
          ruleId: i.finding.ruleId,
          severity: i.finding.severity,
          message: i.finding.message,
          messageId: i.finding.messageId,
          file: i.rel,
          line: i.line,
          column: i.column,
          endLine: i.endLine,
          endColumn: i.endColumn,
          fingerprint: i.finding.fingerprint,
          fixable: !!i.finding.fix,
          related: i.finding.related.map((r) => ({
            file: r.embedded ? r.embedded.source : toPosix(path.relative(meta.root, r.file)),
            line: r.line !== undefined ? r.line + 1 : undefined,
            column: r.column !== undefined ? r.column + 1 : undefined,
            message: r.message,
            embeddedIn: r.embedded ? toPosix(path.relative(meta.root, r.embedded.mapFile)) : undefined,
          })),
        })),
        problems: meta.problems,
        stats: meta.stats,
        ...(meta.skipped && meta.skipped.length > 0 ? { skippedUnits: meta.skipped } : {}),
      },
      null,
      2,
    ) + '\n'
  );
}

/** SARIF 2.1.0 with rules, levels, relative URIs, 1-based regions, relatedLocations, fingerprints and fixes. */
export function formatSarif(items: Located[], rules: readonly Rule[], docsUrl: (id: string) => string, version: string, offsetsToRegion: (file: string, start: number, end: number) => { startLine: number; startColumn: number; endLine: number; endColumn: number } | undefined, root: string): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.meta.id, i]));
  const uriOf = (abs: string) => toPosix(path.relative(root, abs.split('!/')[0])) || path.basename(abs);
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'leakguard',
            version,
            informationUri: 'https://github.com/leakguard/leakguard',
            rules: rules.map((r) => ({
              id: r.meta.id,
              shortDescription: { text: r.meta.description },
              helpUri: docsUrl(r.meta.id),
              defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity], enabled: !r.meta.optIn },
              properties: { family: r.meta.family },
            })),
          },
        },
        // %SRCROOT% is the folder the CLI ran in: every uri below is relative to it (issue #17).
        originalUriBaseIds: { '%SRCROOT%': { uri: toPosix(root).replace(/^\/?/, 'file:///').replace(/\/?$/, '/') } },
        results: items.map((i) => {
          const f = i.finding;
          const result: Record<string, unknown> = {
            ruleId: f.ruleId,
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: i.rel, uriBaseId: '%SRCROOT%' },
                  region: { startLine: i.line, startColumn: i.column, endLine: i.endLine, endColumn: i.endColumn },
                },
              },
            ],
            partialFingerprints: { 'leakguard/v1': f.fingerprint },
          };
          const idx = ruleIndex.get(f.ruleId);
          if (idx !== undefined) result.ruleIndex = idx;
          if (f.related.length > 0) {
            result.relatedLocations = f.related.slice(0, 50).map((r, k) => {
              const uri = r.embedded ? r.embedded.source.replace(/^[a-z]+:\/\//i, '') : uriOf(r.file);
              const region = r.line !== undefined ? { startLine: r.line + 1, startColumn: (r.column ?? 0) + 1 } : r.start ? offsetsToRegion(r.file, r.start, r.end ?? r.start) : undefined;
              return {
                id: k,
                message: { text: r.message },
                physicalLocation: { artifactLocation: r.embedded ? { uri } : { uri, uriBaseId: '%SRCROOT%' }, ...(region ? { region } : {}) },
              };
            });
          }
          if (f.fix) {
            result.fixes = [
              {
                description: { text: f.fix.title },
                artifactChanges: f.fix.edits.map((fe) => ({
                  artifactLocation: { uri: uriOf(fe.file), uriBaseId: '%SRCROOT%' },
                  replacements: fe.edits.map((e) => {
                    const region = fe.create ? { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } : (offsetsToRegion(fe.file, e.start, e.end) ?? { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
                    return { deletedRegion: region, insertedContent: { text: e.newText } };
                  }),
                })),
              },
            ];
          }
          return result;
        }),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`. */
export function formatGithub(items: Located[]): string {
  const esc = (s: string) => ctl(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
  const prop = (s: string) => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return items
    .map((i) => {
      const kind = i.finding.severity === 'error' ? 'error' : i.finding.severity === 'warning' ? 'warning' : 'notice';
      return `::${kind} file=${prop(i.rel)},line=${i.line},col=${i.column},endLine=${i.endLine},endColumn=${i.endColumn},title=${prop(i.finding.ruleId)}::${esc(i.finding.message)}`;
    })
    .join('\n') + (items.length ? '\n' : '');
}
