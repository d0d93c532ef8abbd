/**
 * Employee-only branches and internal APIs shipped to everyone (catalogue §4.4 rule 35):
 * `process.env.USER_TYPE === 'ant'` (Claude Code), `isInternalUser()`, `process.env.INTERNAL_*`
 * gates, `?debug=1` backdoors and `@internal` declarations in published `.d.ts` files.
 */
import type { ContentMatch } from './types';

export interface InternalPathMatch extends ContentMatch {
  kind: 'env-gate' | 'employee-check' | 'internal-identifier' | 'debug-backdoor' | 'internal-declaration';
  /** The matched marker, safe to show: `process.env.USER_TYPE`, `isInternalUser`, `'ant'` … */
  label: string;
}

export interface FindInternalPathsOptions {
  /** Path relative to the unit: `.d.ts` files also report `@internal` declarations. */
  relPath?: string;
  /** Extra team markers compared as strings, e.g. `["ant"]`. */
  markers?: readonly string[];
}

const ENV_GATE = /\bprocess\.env(?:\.(USER_TYPE|INTERNAL|IS_INTERNAL|EMPLOYEE|IS_EMPLOYEE|STAFF|DOGFOOD|INTERNAL_[A-Z0-9_]{1,64})\b|\[\s*["'](USER_TYPE|INTERNAL|IS_INTERNAL|EMPLOYEE|STAFF|DOGFOOD|INTERNAL_[A-Z0-9_]{1,64})["']\s*\])/g;
const USER_TYPE_COMPARE = /\bUSER_TYPE\b["'\]]?\s*[!=]==?\s*(["'])([\w-]{1,32})\1|(["'])([\w-]{1,32})\3\s*[!=]==?\s*(?:process\.env\.)?USER_TYPE\b/g;
const IDENTIFIER = /\b(?:is(?:Internal|Employee|Staff|Dogfood)(?:User|Build|Mode)?|internalOnly|employeeOnly|staffOnly|dogfoodOnly)\b/g;
const BACKDOOR = /[?&](?:debug|internal|backdoor)=(?:1|true)\b/g;
/** Substrings of which every IDENTIFIER match contains one (is…Internal/Employee/Staff/Dogfood…, …Only). */
const IDENTIFIER_NEEDS = ['Internal', 'Employee', 'Staff', 'Dogfood', 'Only'];
/** Substrings of which every BACKDOOR match contains one. */
const BACKDOOR_NEEDS = ['debug=', 'internal=', 'backdoor='];

/** Finds internal-only gates in `text`. Linear; never throws. */
export function findInternalCodePaths(text: string, opts: FindInternalPathsOptions = {}): InternalPathMatch[] {
  const out: InternalPathMatch[] = [];
  const each = (re: RegExp, fn: (m: RegExpExecArray) => void) => {
    const r = new RegExp(re.source, re.flags);
    let m: RegExpExecArray | null;
    while ((m = r.exec(text)) !== null) fn(m);
  };
  if (text.includes('process.env')) {
    each(ENV_GATE, (m) => out.push({ kind: 'env-gate', start: m.index, end: m.index + m[0].length, label: `process.env.${m[1] ?? m[2]}` }));
  }
  if (text.includes('USER_TYPE')) {
    each(USER_TYPE_COMPARE, (m) => {
      const value = m[2] ?? m[4];
      out.push({ kind: 'employee-check', start: m.index, end: m.index + m[0].length, label: `USER_TYPE === '${value}'` });
    });
  }
  const markers = (opts.markers ?? []).filter((s) => /^[\w-]{1,32}$/.test(s));
  const values = ['employee', 'staff', 'dogfood', 'internal-user', ...markers];
  // Each regex below runs only when the text holds a substring every match must contain (indexOf
  // is far cheaper than a regex scan of a 60 MB map's sources); skipping one that cannot match
  // changes nothing.
  if (values.some((v) => text.includes(v))) {
    const cmp = new RegExp(`[!=]==?\\s*(["'])(${values.join('|')})\\1|(["'])(${values.join('|')})\\3\\s*[!=]==?`, 'g');
    each(cmp, (m) => {
      if (out.some((o) => o.kind === 'employee-check' && o.start <= m.index && o.end >= m.index)) return;
      out.push({ kind: 'employee-check', start: m.index, end: m.index + m[0].length, label: `'${m[2] ?? m[4]}'` });
    });
  }
  if (IDENTIFIER_NEEDS.some((v) => text.includes(v))) each(IDENTIFIER, (m) => out.push({ kind: 'internal-identifier', start: m.index, end: m.index + m[0].length, label: m[0] }));
  if (BACKDOOR_NEEDS.some((v) => text.includes(v))) each(BACKDOOR, (m) => out.push({ kind: 'debug-backdoor', start: m.index, end: m.index + m[0].length, label: m[0] }));
  if (/\.d\.[cm]?ts$/.test(opts.relPath ?? '') && text.includes('@internal')) {
    each(/@internal\b/g, (m) => out.push({ kind: 'internal-declaration', start: m.index, end: m.index + m[0].length, label: '@internal' }));
  }
  return out.sort((a, b) => a.start - b.start);
}
