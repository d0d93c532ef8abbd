/**
 * Literal tokens in registry configuration files (catalogue §4.5 rule 39): `.npmrc`, `.yarnrc`,
 * `.yarnrc.yml`, `bunfig.toml`, `.pypirc`, `.netrc`, `.git-credentials`. Values written as
 * environment references (`${NPM_TOKEN}`, `$NPM_TOKEN`) are fine: they are the fix.
 */
import type { ContentMatch } from './types';
import { redact, secretHash, isPlaceholder } from './redact';

export type RegistryConfigKind = 'npmrc' | 'yarnrc' | 'yarnrc-yml' | 'bunfig' | 'pypirc' | 'netrc' | 'git-credentials';

export interface RegistryTokenMatch extends ContentMatch {
  kind: 'registry-token';
  /** The configuration format. */
  config: RegistryConfigKind;
  /** The key holding the literal: `_authToken`, `_auth`, `_password`, `npmAuthToken`, `token`, `password`, `url-credentials` … */
  key: string;
  /** Registry the line is scoped to (`//registry.npmjs.org/`), when written. */
  registry?: string;
  redacted: string;
  hash: string;
  /** Text that replaces `[start, end)` with an environment reference, when the format supports one. */
  replacement?: string;
}

/** The registry-config format of a file by its name, or `undefined` for other files. */
export function registryConfigKind(relPath: string): RegistryConfigKind | undefined {
  const base = relPath.slice(relPath.lastIndexOf('/') + 1).toLowerCase();
  switch (base) {
    case '.npmrc':
      return 'npmrc';
    case '.yarnrc':
      return 'yarnrc';
    case '.yarnrc.yml':
    case '.yarnrc.yaml':
      return 'yarnrc-yml';
    case 'bunfig.toml':
      return 'bunfig';
    case '.pypirc':
      return 'pypirc';
    case '.netrc':
    case '_netrc':
      return 'netrc';
    case '.git-credentials':
      return 'git-credentials';
    default:
      return undefined;
  }
}

const NPMRC_LINE = /^[ \t]*(?:(\/\/[^\s=]*?):)?(_authToken|_auth|_password|password)[ \t]*=[ \t]*(.*?)[ \t]*$/gm;
const YARNRC_LINE = /^[ \t]*"?(?:(\/\/[^\s"]*?):)?(_authToken|_auth|_password|password)"?[ \t]+(.*?)[ \t]*$/gm;
const YARNRC_YML_LINE = /^[ \t]*(npmAuthToken|npmAuthIdent|npmPassword)[ \t]*:[ \t]*(.*?)[ \t]*(?:#.*)?$/gm;
const BUNFIG_KEY = /(?:^|[{,])[ \t]*(token|password)[ \t]*=[ \t]*("[^"\n]*"|'[^'\n]*')/gm;
const PYPIRC_LINE = /^[ \t]*(password)[ \t]*[=:][ \t]*(.*?)[ \t]*$/gm;
const NETRC_PASSWORD = /\b(password)[ \t]+(\S+)/g;
/** Credentials inside a URL: `https://user:secret@host`. */
const URL_CREDENTIALS = /\b(?:https?|git\+https?):\/\/[^/\s:@'"]{1,256}:([^/\s@'"]{1,256})@/g;

const ENV_NAME: Record<string, string> = {
  _authToken: 'NPM_TOKEN',
  npmAuthToken: 'NPM_TOKEN',
  token: 'NPM_TOKEN',
  _auth: 'NPM_AUTH',
  npmAuthIdent: 'NPM_AUTH_IDENT',
  _password: 'NPM_PASSWORD',
  password: 'NPM_PASSWORD',
  npmPassword: 'NPM_PASSWORD',
};

function isEnvReference(raw: string): boolean {
  const v = unquote(raw);
  return /^\$\{?[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}?$/.test(v) || v.startsWith('${');
}

function unquote(raw: string): string {
  const t = raw.trim();
  return t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0] ? t.slice(1, -1) : t;
}

/**
 * Finds literal credentials in a registry configuration file. `relPath` decides the format
 * (`registryConfigKind`); other files only get the URL-credentials check. Linear, never throws.
 */
export function findRegistryTokens(text: string, relPath: string): RegistryTokenMatch[] {
  const config = registryConfigKind(relPath);
  const out: RegistryTokenMatch[] = [];
  const push = (cfg: RegistryConfigKind, key: string, valueStart: number, raw: string, registry?: string, replacementStyle: 'plain' | 'quoted' | 'bun' | 'none' = 'plain') => {
    const value = unquote(raw);
    if (!value || isEnvReference(raw) || isPlaceholder(value)) return;
    const env = ENV_NAME[key];
    let replacement: string | undefined;
    if (env && replacementStyle !== 'none') {
      replacement = replacementStyle === 'quoted' ? `"\${${env}}"` : replacementStyle === 'bun' ? `"$${env}"` : `\${${env}}`;
    }
    out.push({
      kind: 'registry-token', start: valueStart, end: valueStart + raw.length, config: cfg, key, registry,
      redacted: redact(value), hash: secretHash(value), replacement,
    });
  };
  const each = (re: RegExp, fn: (m: RegExpExecArray) => void) => {
    const r = new RegExp(re.source, re.flags);
    let m: RegExpExecArray | null;
    while ((m = r.exec(text)) !== null) {
      if (m[0].length === 0) r.lastIndex++;
      fn(m);
    }
  };
  const valueAt = (m: RegExpExecArray, group: number) => m.index + m[0].lastIndexOf(m[group]);
  if (config === 'npmrc') each(NPMRC_LINE, (m) => m[3] && !m[3].startsWith(';') && push(config, m[2], valueAt(m, 3), m[3], m[1]));
  if (config === 'yarnrc') each(YARNRC_LINE, (m) => m[3] && push(config, m[2], valueAt(m, 3), m[3], m[1], 'quoted'));
  if (config === 'yarnrc-yml') each(YARNRC_YML_LINE, (m) => m[2] && push(config, m[1], valueAt(m, 2), m[2], undefined, 'quoted'));
  if (config === 'bunfig') each(BUNFIG_KEY, (m) => push(config, m[1], valueAt(m, 2), m[2], undefined, 'bun'));
  if (config === 'pypirc') each(PYPIRC_LINE, (m) => m[2] && push(config, m[1], valueAt(m, 2), m[2], undefined, 'none'));
  if (config === 'netrc') each(NETRC_PASSWORD, (m) => push(config, m[1], valueAt(m, 2), m[2], undefined, 'none'));
  if (config) {
    each(URL_CREDENTIALS, (m) => {
      if (out.some((o) => o.start <= m.index + m[0].length && o.end >= m.index)) return;
      push(config, 'url-credentials', valueAt(m, 1), m[1], undefined, 'none');
    });
  }
  return out.sort((a, b) => a.start - b.start);
}
