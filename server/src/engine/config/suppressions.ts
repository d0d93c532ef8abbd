/**
 * Suppression comments, in every language with line or block comments:
 *   leakguard-disable-next-line RULE[, RULE] -- reason
 *   leakguard-disable-line RULE
 *   leakguard-disable RULE … leakguard-enable RULE      (block; no RULE = every rule)
 *   leakguard-disable-file RULE
 * A directive only counts inside a comment: after `//`, `#`, `/*`, `<!--`, `--` or `;` on its line.
 */

export interface SuppressionDirective {
  kind: 'disable-next-line' | 'disable-line' | 'disable' | 'enable' | 'disable-file';
  /** Rule ids; empty means every rule. */
  rules: string[];
  reason: string | undefined;
  /** 0-based line of the comment. */
  line: number;
  /** Offsets of the whole directive text (from `leakguard-` to the end of the rule list/reason). */
  start: number;
  end: number;
  /** Offsets of the rule list, for edits that add a rule to an existing comment. */
  rulesEnd: number;
}

const DIRECTIVE = /(\/\/|\/\*|#|<!--|--|;)[ \t]*leakguard-(disable-next-line|disable-line|disable-file|disable|enable)\b([^\n\r]*)/g;

/** Finds every suppression directive in a text. Linear: one regex pass, keyword-prefiltered. */
export function parseSuppressions(text: string): SuppressionDirective[] {
  if (!text.includes('leakguard-')) return [];
  const out: SuppressionDirective[] = [];
  const lineStarts = lineStartOffsets(text);
  DIRECTIVE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DIRECTIVE.exec(text))) {
    let rest = m[3];
    // Strip a block comment's closer.
    rest = rest.replace(/\s*(\*\/|-->)\s*$/, '');
    let reason: string | undefined;
    const sep = rest.indexOf('--');
    let ruleText = rest;
    if (sep >= 0) {
      reason = rest.slice(sep + 2).trim() || undefined;
      ruleText = rest.slice(0, sep);
    }
    const rules = ruleText
      .split(/[\s,]+/)
      .map((r) => r.trim())
      .filter((r) => /^[a-z][a-z0-9-]*$/.test(r));
    const start = m.index + m[0].indexOf('leakguard-');
    const ruleListStart = m.index + m[0].length - m[3].length;
    const trimmedRuleText = ruleText.replace(/\s+$/, '');
    out.push({
      kind: m[2] as SuppressionDirective['kind'],
      rules,
      reason,
      line: lineOf(lineStarts, m.index),
      start,
      end: m.index + m[0].length,
      rulesEnd: ruleListStart + trimmedRuleText.length,
    });
  }
  return out;
}

/** Answers "is RULE suppressed at OFFSET?" for one text. */
export class SuppressionIndex {
  readonly directives: SuppressionDirective[];
  private readonly lineStarts: number[];
  constructor(text: string) {
    this.directives = parseSuppressions(text);
    this.lineStarts = this.directives.length ? lineStartOffsets(text) : [0];
  }

  /** The directive that suppresses `ruleId` at `offset`, if any. */
  find(ruleId: string, offset: number): SuppressionDirective | undefined {
    if (this.directives.length === 0) return undefined;
    const line = lineOf(this.lineStarts, offset);
    const applies = (d: SuppressionDirective) => d.rules.length === 0 || d.rules.includes(ruleId);
    let blockOpen: SuppressionDirective | undefined;
    for (const d of this.directives) {
      if (!applies(d)) continue;
      if (d.kind === 'disable-file') return d;
      if (d.kind === 'disable-line' && d.line === line) return d;
      if (d.kind === 'disable-next-line' && d.line === line - 1) return d;
      if (d.line <= line) {
        if (d.kind === 'disable') blockOpen = d;
        else if (d.kind === 'enable') blockOpen = undefined;
      }
    }
    return blockOpen;
  }
}

/** Offsets where each line starts. */
export function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 0-based line of an offset, by binary search over line starts. */
export function lineOf(lineStarts: number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
