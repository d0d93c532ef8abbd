/**
 * Employee-only branches and internal APIs shipped to everyone (catalogue §4.4 rule 35):
 * `process.env.USER_TYPE === 'ant'` (Claude Code), `isInternalUser()`, `process.env.INTERNAL_*`
 * gates, `?debug=1` backdoors and `@internal` declarations in published `.d.ts` files.
 */
import type { ContentMatch } from './types';
import { keywordGate } from './gitleaks';

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
/**
 * Gate words (lower-case): each regex below runs only when the shared keyword pass saw a word every
 * match of it must contain, case aside (gitleaks.ts `keywordGate`). Skipping a regex that cannot
 * match changes nothing; test/engine/keyword-gates.test.ts checks each cover.
 */
export const INTERNAL_PATH_GATES = {
  envGate: ['process.env'],
  userType: ['user_type'],
  values: ['employee', 'staff', 'dogfood', 'internal-user'],
  /** is…Internal/Employee/Staff/Dogfood…, internalOnly …: every IDENTIFIER match holds one. */
  identifier: ['internal', 'employee', 'staff', 'dogfood'],
  backdoor: ['debug=', 'internal=', 'backdoor='],
} as const;
const gates = {
  envGate: keywordGate(INTERNAL_PATH_GATES.envGate),
  userType: keywordGate(INTERNAL_PATH_GATES.userType),
  values: keywordGate(INTERNAL_PATH_GATES.values),
  identifier: keywordGate(INTERNAL_PATH_GATES.identifier),
  backdoor: keywordGate(INTERNAL_PATH_GATES.backdoor),
};

/** Finds internal-only gates in `text`. Linear; never throws. */
export function findInternalCodePaths(text: string, opts: FindInternalPathsOptions = {}): InternalPathMatch[] {
  const out: InternalPathMatch[] = [];
  const each = (re: RegExp, fn: (m: RegExpExecArray) => void) => {
    const r = new RegExp(re.source, re.flags);
    let m: RegExpExecArray | null;
    while ((m = r.exec(text)) !== null) fn(m);
  };
  if (gates.envGate(text)) {
    each(ENV_GATE, (m) => out.push({ kind: 'env-gate', start: m.index, end: m.index + m[0].length, label: `process.env.${m[1] ?? m[2]}` }));
  }
  if (gates.userType(text)) {
    each(USER_TYPE_COMPARE, (m) => {
      const value = m[2] ?? m[4];
      out.push({ kind: 'employee-check', start: m.index, end: m.index + m[0].length, label: `USER_TYPE === '${value}'` });
    });
  }
  const markers = (opts.markers ?? []).filter((s) => /^[\w-]{1,32}$/.test(s));
  const values = ['employee', 'staff', 'dogfood', 'internal-user', ...markers];
  if (gates.values(text) || markers.some((v) => text.includes(v))) {
    const cmp = new RegExp(`[!=]==?\\s*(["'])(${values.join('|')})\\1|(["'])(${values.join('|')})\\3\\s*[!=]==?`, 'g');
    each(cmp, (m) => {
      if (out.some((o) => o.kind === 'employee-check' && o.start <= m.index && o.end >= m.index)) return;
      out.push({ kind: 'employee-check', start: m.index, end: m.index + m[0].length, label: `'${m[2] ?? m[4]}'` });
    });
  }
  if (gates.identifier(text)) each(IDENTIFIER, (m) => out.push({ kind: 'internal-identifier', start: m.index, end: m.index + m[0].length, label: m[0] }));
  if (gates.backdoor(text)) each(BACKDOOR, (m) => out.push({ kind: 'debug-backdoor', start: m.index, end: m.index + m[0].length, label: m[0] }));
  if (/\.d\.[cm]?ts$/.test(opts.relPath ?? '') && text.includes('@internal')) {
    each(/@internal\b/g, (m) => out.push({ kind: 'internal-declaration', start: m.index, end: m.index + m[0].length, label: '@internal' }));
  }
  return out.sort((a, b) => a.start - b.start);
}
