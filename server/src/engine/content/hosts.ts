/**
 * Internal hosts in shipped text (catalogue §4.4 rule 34): internal DNS suffixes, the team's
 * `internalDomains`, private and link-local IPs, private registries in lockfiles, public object
 * storage buckets and credentials inside URLs. Exclusions: localhost, loopback, RFC 2606/6761
 * names, documentation IPs and schema hosts.
 */
import type { ContentMatch } from './types';
import { redact } from './redact';

export type HostKind = 'internal-suffix' | 'internal-domain' | 'private-ip' | 'private-registry' | 'bucket' | 'heuristic' | 'url-credentials';

export interface HostMatch extends ContentMatch {
  kind: HostKind;
  /** Host name or IP, lower-cased; for `url-credentials`, the host the credentials are for. */
  host: string;
  /** For `url-credentials`: the password, redacted. */
  redacted?: string;
  /** Lockfiles: how many times this host occurs (reported once per file). */
  count?: number;
}

export interface FindHostsOptions {
  /** Team domains: `acme.corp` (the domain and its subdomains) or `*.int.acme.dev` (subdomains only). */
  internalDomains?: readonly string[];
  /** Hosts never reported (same syntax as internalDomains). */
  allowHosts?: readonly string[];
  /** Path relative to the unit, to recognise lockfiles and JS-like files. */
  relPath?: string;
}

const INTERNAL_SUFFIX = /\.(?:internal|corp|local|lan|intranet|private|localdomain|home\.arpa|consul|cluster\.local|svc)$/;
const EXCLUDED_HOST = /^(?:localhost|.*\.localhost|example\.(?:com|net|org)|.*\.example\.(?:com|net|org)|.*\.example|.*\.test|.*\.invalid|(?:www\.)?json-schema\.org|(?:www\.)?w3\.org|schemas\.xmlsoap\.org|schemas\.microsoft\.com|schemas\.openxmlformats\.org|purl\.org|xmlns\.com|0\.0\.0\.0)$/;
const PUBLIC_REGISTRIES = new Set(['registry.npmjs.org', 'registry.yarnpkg.com', 'npm.pkg.github.com', 'registry.npmmirror.com', 'github.com', 'codeload.github.com', 'gitlab.com', 'bitbucket.org']);
const LOCKFILE = /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lock)$/;
const JS_LIKE = /\.(?:[cm]?[jt]sx?|vue|svelte)$/i;
const HEURISTIC_LABEL = /^(?:jenkins|grafana|kibana|vault|sentry|jira|confluence|gitlab|artifactory|nexus|argo|airflow|admin|staging|stg|preprod|uat|qa|dev)$/;
const BUCKET = /(?:^|\.)s3[.-](?:[a-z0-9-]+\.)?amazonaws\.com$|^s3\.amazonaws\.com$|\.r2\.dev$|\.r2\.cloudflarestorage\.com$|(?:^|\.)storage\.googleapis\.com$|\.blob\.core\.windows\.net$/;

const URL_RE = /\b(?:https?|wss?|git\+https?|git\+ssh|ssh|ftp):\/\/(?:([^\s/@'"`<>]{1,256})@)?([A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?/g;
const IPV4 = /(?<![\w.@-])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w-]|\.\d)/g;
const IPV6_ULA = /(?<![\w:])[fF][cCdD][0-9a-fA-F]{2}:(?:[0-9a-fA-F]{0,4}:){1,6}[0-9a-fA-F]{0,4}(?![\w:])/g;
/** A host name ending in an internal suffix outside a URL, e.g. `"db.prod.internal"`. */
const BARE_INTERNAL = /(?<![\w.-])((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,10}(?:internal|corp|intranet|lan|local|localdomain|home\.arpa|consul|cluster\.local|svc))(?![\w-]|\.\w)/g;

const domainMatches = (host: string, pattern: string): boolean => {
  const p = pattern.toLowerCase();
  if (p.startsWith('*.')) return host.endsWith(p.slice(1));
  return host === p || host.endsWith('.' + p);
};

/** Classifies a private/special IPv4 address; `undefined` for public, loopback and documentation ranges. */
export function privateIpv4(a: number, b: number, c: number, d: number): string | undefined {
  if ([a, b, c, d].some((n) => n > 255)) return undefined;
  if (a === 10) return '10.0.0.0/8';
  if (a === 172 && b >= 16 && b <= 31) return '172.16.0.0/12';
  if (a === 192 && b === 168) return '192.168.0.0/16';
  if (a === 169 && b === 254) return c === 169 && d === 254 ? 'cloud metadata' : '169.254.0.0/16';
  if (a === 100 && b >= 64 && b <= 127) return '100.64.0.0/10';
  return undefined;
}

/**
 * Classifies a host name or IP literal found in a URL; `undefined` when it is public or excluded.
 */
export function classifyHost(hostIn: string, opts: FindHostsOptions = {}): HostKind | undefined {
  const host = hostIn.toLowerCase().replace(/\.$/, '');
  if (!host || EXCLUDED_HOST.test(host)) return undefined;
  if (opts.allowHosts?.some((p) => domainMatches(host, p))) return undefined;
  if (opts.internalDomains?.some((p) => domainMatches(host, p))) return 'internal-domain';
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) return privateIpv4(+v4[1], +v4[2], +v4[3], +v4[4]) ? 'private-ip' : undefined;
  if (host.startsWith('[')) return /^\[f[cd][0-9a-f]{2}:/.test(host) ? 'private-ip' : undefined;
  if (INTERNAL_SUFFIX.test(host)) return 'internal-suffix';
  if (BUCKET.test(host)) return 'bucket';
  const labels = host.split('.');
  if (labels.length >= 3 && HEURISTIC_LABEL.test(labels[0])) return 'heuristic';
  return undefined;
}

/**
 * Finds internal hosts in `text`. Lockfiles report hosts that are not a public registry as
 * `private-registry`, once per host with a count. Linear; keyword-prefiltered; never throws.
 */
export function findInternalHosts(text: string, opts: FindHostsOptions = {}): HostMatch[] {
  const out: HostMatch[] = [];
  const relPath = opts.relPath ?? '';
  const lockfile = LOCKFILE.test(relPath);
  const jsLike = JS_LIKE.test(relPath);
  const covered: Array<[number, number]> = [];
  const registries = new Map<string, HostMatch>();

  if (text.includes('://')) {
    const re = new RegExp(URL_RE.source, 'g');
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const userinfo = m[1];
      const host = m[2].toLowerCase().replace(/\.$/, '');
      const hostStart = m.index + m[0].lastIndexOf(m[2]);
      const span: [number, number] = [hostStart, hostStart + m[2].length];
      covered.push([m.index, m.index + m[0].length]);
      if (userinfo && userinfo.includes(':') && !EXCLUDED_HOST.test(host)) {
        const password = userinfo.slice(userinfo.indexOf(':') + 1);
        if (password && !/^\$\{?[A-Za-z_]/.test(password) && !/^(?:x-oauth-basic|\*+|x+|password|pass|secret)$/i.test(password)) {
          const ps = m.index + m[0].indexOf(userinfo) + userinfo.indexOf(':') + 1;
          out.push({ kind: 'url-credentials', start: ps, end: ps + password.length, host, redacted: redact(password) });
        }
      }
      if (lockfile) {
        if (PUBLIC_REGISTRIES.has(host) || EXCLUDED_HOST.test(host)) continue;
        const seen = registries.get(host);
        if (seen) seen.count = (seen.count ?? 1) + 1;
        else {
          const hit: HostMatch = { kind: classifyHost(host, opts) === 'internal-domain' ? 'internal-domain' : 'private-registry', start: span[0], end: span[1], host, count: 1 };
          registries.set(host, hit);
          out.push(hit);
        }
        continue;
      }
      const kind = classifyHost(host, opts);
      if (kind) out.push({ kind, start: span[0], end: span[1], host });
    }
  }
  const inUrl = (pos: number) => {
    // `covered` is sorted by start; binary search keeps this linear overall.
    let lo = 0;
    let hi = covered.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (covered[mid][1] <= pos) lo = mid + 1;
      else if (covered[mid][0] > pos) hi = mid - 1;
      else return true;
    }
    return false;
  };
  if (lockfile) return out.sort((a, b) => a.start - b.start);

  // Private IPs outside URLs (`host: "10.1.2.3"`).
  if (/\b(?:10|172|192|169|100)\./.test(text)) {
    const re = new RegExp(IPV4.source, 'g');
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (inUrl(m.index)) continue;
      if (privateIpv4(+m[1], +m[2], +m[3], +m[4])) out.push({ kind: 'private-ip', start: m.index, end: m.index + m[0].length, host: m[0] });
    }
  }
  if (/[fF][cCdD][0-9a-fA-F]{2}:/.test(text)) {
    const re = new RegExp(IPV6_ULA.source, 'g');
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (inUrl(m.index) || (m[0].match(/:/g)?.length ?? 0) < 2) continue;
      out.push({ kind: 'private-ip', start: m.index, end: m.index + m[0].length, host: m[0].toLowerCase() });
    }
  }
  // Bare host names with an internal suffix. In JS-like code only inside string literals:
  // `this.state.internal` is a property access, `"db.prod.internal"` is a host.
  // Found by their suffix first, then walked back to the host's start: linear on 10 MB bundles.
  const suffix = /\.(?:internal|corp|intranet|lan|local|localdomain|home\.arpa|consul|cluster\.local|svc)(?![\w-]|\.\w)/g;
  const bare = new RegExp(`^${BARE_INTERNAL.source.replace('(?<![\\w.-])', '')}$`);
  let m: RegExpExecArray | null;
  let lastEnd = -1;
  while ((m = suffix.exec(text)) !== null) {
    const end = m.index + m[0].length;
    let start = m.index;
    while (start > 0 && start > lastEnd && m.index - start < 253 && /[A-Za-z0-9.-]/.test(text[start - 1])) start--;
    lastEnd = end;
    while (start < m.index && (text[start] === '.' || text[start] === '-')) start++;
    if (start === m.index || inUrl(start)) continue;
    if (jsLike && !/["'`@]/.test(text[start - 1] ?? '')) continue;
    const candidate = text.slice(start, end);
    if (!bare.test(candidate)) continue;
    const host = candidate.toLowerCase();
    const kind = classifyHost(host, opts);
    if (kind) out.push({ kind, start, end, host });
  }
  // Team domains outside URLs.
  const domains = (opts.internalDomains ?? []).map((d) => d.toLowerCase().replace(/^\*\./, '')).filter((d) => /^[a-z0-9.-]+$/.test(d));
  if (domains.length) {
    const alt = domains.map((d) => d.replace(/\./g, '\\.')).join('|');
    const starts = new Set(out.map((o) => o.start));
    const dre = new RegExp(`(?<![\\w.-])((?:[A-Za-z0-9-]{1,63}\\.){0,10}(?:${alt}))(?![\\w-]|\\.\\w)`, 'gi');
    while ((m = dre.exec(text)) !== null) {
      if (inUrl(m.index)) continue;
      const host = m[1].toLowerCase();
      if (classifyHost(host, opts) === 'internal-domain' && !starts.has(m.index)) out.push({ kind: 'internal-domain', start: m.index, end: m.index + m[1].length, host });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
