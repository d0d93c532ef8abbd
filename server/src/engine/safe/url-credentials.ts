/**
 * URL credentials (issue #15 item 3): the user-info of every URL in every message is redacted, and
 * no fix whose text holds credentials is offered. Applied where findings are made (FindingSink), so
 * the CLI formats, diagnostics and hovers all get redacted text, and again at the CLI's output edge.
 */
import type { Finding, Fix } from '../types';

// scheme://user-info@host: the user-info runs to the last '@' before the host's end; no spaces or slashes.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#'"`<>]+)@(?=[^\s/?#@'"`<>]*(?:[/?#\s'"`<>]|$))/gi;

/** True when the user-info is only a conventional, non-secret user name (git@, ssh as `git`). */
function harmless(userinfo: string): boolean {
  return /^(git|anonymous)$/i.test(userinfo) || /^\*+(:\*+)?$/.test(userinfo);
}

/** Replaces the user-info of every URL in `s` with `***` (`https://***@host/`); `git@` stays. */
export function redactUrlCredentials(s: string): string {
  if (!s.includes('://') || !s.includes('@')) return s;
  return s.replace(URL_USERINFO, (all, scheme: string, userinfo: string) => (harmless(userinfo) ? all : `${scheme}***@`));
}

/** True when `s` holds a URL with (non-trivial) user-info. */
export function hasUrlCredentials(s: string): boolean {
  return redactUrlCredentials(s) !== s;
}

/** True when applying the fix would write credentials somewhere (its title or any inserted text). */
export function fixHasCredentials(fix: Fix): boolean {
  return hasUrlCredentials(fix.title) || fix.edits.some((fe) => fe.edits.some((e) => hasUrlCredentials(e.newText)));
}

/** A finding with every message redacted and every credential-bearing fix or suggestion dropped. */
export function redactFinding(f: Finding): Finding {
  const data: Finding['data'] = {};
  for (const [k, v] of Object.entries(f.data)) data[k] = typeof v === 'string' ? redactUrlCredentials(v) : v;
  return {
    ...f,
    message: redactUrlCredentials(f.message),
    data,
    fix: f.fix && !fixHasCredentials(f.fix) ? f.fix : undefined,
    suggestions: f.suggestions.filter((s) => !fixHasCredentials(s)),
    related: f.related.map((r) => (hasUrlCredentials(r.message) ? { ...r, message: redactUrlCredentials(r.message) } : r)),
  };
}
