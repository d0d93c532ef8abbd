/**
 * Internal hosts in shipped text (catalogue §4.4 rule 34): internal DNS suffixes, the team's
 * `internalDomains`, private and link-local IPs, private registries in lockfiles, public object
 * storage buckets and credentials inside URLs. Exclusions: localhost, loopback, RFC 2606/6761
 * names, documentation IPs and schema hosts; network/broadcast addresses and CIDR blocks (range
 * tables), link-local and cloud metadata endpoints (public knowledge, hard-coded in every cloud
 * SDK); example/gateway addresses in comments; placeholder URL credentials (`user:token@`).
 * Matches in comments of JS-like files carry `inComment` so the rule can grade them lower.
 */
import type { ContentMatch } from './types';
import { redact } from './redact';
import { keywordGate } from './gitleaks';

export type HostKind = 'internal-suffix' | 'internal-domain' | 'private-ip' | 'private-registry' | 'bucket' | 'heuristic' | 'url-credentials';

export interface HostMatch extends ContentMatch {
  kind: HostKind;
  /** Host name or IP, lower-cased; for `url-credentials`, the host the credentials are for. */
  host: string;
  /** For `url-credentials`: the password, redacted. */
  redacted?: string;
  /** Lockfiles: how many times this host occurs (reported once per file). */
  count?: number;
  /** Found inside a comment of a JS-like file (prose or doc examples rather than configuration). */
  inComment?: boolean;
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
/** What precedes a URL (on its line) in a lockfile field that says where a package comes from. */
const REGISTRY_SLOT = /(?:["']?\b(?:resolved|tarball|registry)["']?\s*[:=]?\s*["']?|\[\s*"[^"\n]+",\s*")$/i;
const JS_LIKE = /\.(?:[cm]?[jt]sx?|vue|svelte)$/i;
const HEURISTIC_LABEL = /^(?:jenkins|grafana|kibana|vault|sentry|jira|confluence|gitlab|artifactory|nexus|argo|airflow|admin|staging|stg|preprod|uat|qa|dev)$/;
/** Heuristic first labels that public sites use for their developer/admin portals. */
const GENERIC_LABEL = /^(?:dev|admin)$/;
/** Second-level labels under a country code (`co.uk`, `com.au`): one more label before the registrable domain. */
const SECOND_LEVEL = /^(?:co|com|net|org|gov|ac|edu)$/;
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
 * Well-known private addresses that name no one's infrastructure: the cloud metadata and
 * container credential endpoints hard-coded in every AWS/GCP/Azure/Alibaba SDK (public knowledge),
 * by address or by name (`metadata.google.internal`).
 * Reported only when the team lists them in `internalDomains`.
 */
const WELL_KNOWN_HOSTS = new Set(['metadata.google.internal', 'instance-data.ec2.internal']);
const WELL_KNOWN_IPS = new Set(['169.254.169.254', '169.254.170.2', '169.254.170.23', '169.254.169.123', '169.254.169.253', '100.100.100.200', 'fd00:ec2::254', 'fd00:ec2::23', 'fd00:ec2::123', 'fd00:ec2::253']);

/**
 * Private addresses that reveal nothing: network and broadcast addresses (`10.0.0.0`,
 * `192.168.255.255`, the range tables of any IP library), CIDR blocks (`172.16.0.0/12`),
 * link-local addresses (169.254.0.0/16, auto-assigned, never a deployment's host) and the
 * well-known metadata endpoints. `after` is the text right after the address.
 */
export function isUninformativeIp(ip: string, after = '', opts: FindHostsOptions = {}): boolean {
  const host = ip.toLowerCase().replace(/^\[|\]$/g, '');
  if (opts.internalDomains?.some((p) => p.toLowerCase().replace(/^\[|\]$/g, '') === host)) return false;
  if (WELL_KNOWN_IPS.has(host)) return true;
  if (/^\/\d{1,3}(?!\d)/.test(after)) return true; // CIDR block: a range, not a host
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!v4) return /^f[cd][0-9a-f]{2}::?$/.test(host); // `fd00::` is a prefix
  const [a, b, , d] = [+v4[1], +v4[2], +v4[3], +v4[4]];
  if (a === 169 && b === 254) return true;
  return d === 0 || d === 255;
}

/**
 * Placeholder credentials in URLs (`https://user:token@github.com/org/repo`,
 * `https://a:b@host`, `https://<user>:<pass>@…`, `https://${USER}:${TOKEN}@…`): docs and comments,
 * not secrets. True when the password is a placeholder word or template, or both parts are.
 */
const PLACEHOLDER_WORD = /^(?:user(?:name)?|usr|login|name|token|access[-_]?token|api[-_]?key|key|pat|passw(?:or)?d|pass|pwd|pw|secret|x-oauth-basic|x-access-token|oauth2|[abxyz]|foo|bar|baz|test|me|you|\*+|x+|\.{3}|…)$/i;
const TEMPLATE_PART = /^(?:<[^<>]*>|\$\{[^}]*\}|\$[A-Za-z_]\w*|\{\{?[^}]*\}\}?|%[sd]|%\([^)]*\)s|:[A-Za-z_]\w*|\[[^\]]*\])$/;
export function isPlaceholderCredentials(user: string, password: string): boolean {
  const ph = (v: string) => PLACEHOLDER_WORD.test(v) || TEMPLATE_PART.test(v) || /^\$\{?[A-Za-z_]/.test(v);
  if (!password) return true;
  if (ph(password)) return true;
  // `anonymous:…@` is anonymous access (FTP convention; MDN's URL examples): no account, no secret.
  if (/^anonymous$/i.test(user)) return true;
  return ph(user) && /^(?:changeme|example|secret\w*|your\w*)$/i.test(password);
}

/**
 * True when `pos` lies inside a comment of JS-like text. Bounded look-back (one line, or up to
 * 4,000 characters for block comments), no tokenizer: a JSDoc/continuation line (`*`, `/*`, `//`
 * at its start), or an unclosed `/*` before it on the way back while the match is not itself a
 * quoted string (`"src/**\/*.js"` contains `/*` too).
 */
export function inJsComment(text: string, pos: number, end = pos): boolean {
  const from = Math.max(0, pos - 4000);
  const win = text.slice(from, pos);
  const nl = win.lastIndexOf('\n');
  const line = nl >= 0 ? win.slice(nl + 1) : from === 0 ? win : undefined;
  if (line !== undefined) {
    if (/^[ \t]*(?:\*|\/\*|\/\/)/.test(line)) return true;
    // `// …` after code on the same line (not the `//` of a URL scheme), outside any string.
    const slashes = line.search(/(?<![:/\\])\/\/(?!\/)/);
    if (slashes >= 0) {
      const before = line.slice(0, slashes);
      const even = (c: string) => before.split(c).length % 2 === 1;
      if (even('"') && even("'") && even('`')) return true;
    }
  }
  const q = text[pos - 1];
  if ((q === '"' || q === "'" || q === '`') && text[end] === q) return false;
  const open = win.lastIndexOf('/*');
  return open >= 0 && win.lastIndexOf('*/') < open;
}

/**
 * Classifies a host name or IP literal found in a URL; `undefined` when it is public or excluded.
 */
export function classifyHost(hostIn: string, opts: FindHostsOptions = {}): HostKind | undefined {
  const host = hostIn.toLowerCase().replace(/\.$/, '');
  if (!host || EXCLUDED_HOST.test(host)) return undefined;
  if (opts.allowHosts?.some((p) => domainMatches(host, p))) return undefined;
  if (opts.internalDomains?.some((p) => domainMatches(host, p))) return 'internal-domain';
  if (WELL_KNOWN_HOSTS.has(host)) return undefined;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) return privateIpv4(+v4[1], +v4[2], +v4[3], +v4[4]) && !isUninformativeIp(host, '', opts) ? 'private-ip' : undefined;
  if (host.startsWith('[')) return /^\[f[cd][0-9a-f]{2}:/.test(host) && !isUninformativeIp(host, '', opts) ? 'private-ip' : undefined;
  if (INTERNAL_SUFFIX.test(host)) return 'internal-suffix';
  if (BUCKET.test(host)) return 'bucket';
  const labels = host.split('.');
  // `dev.`/`admin.` + a registrable domain is a public portal (dev.mysql.com, dev.azure.com,
  // admin.google.com); as an environment it sits deeper (dev.api.acme.com, dev.api.acme.co.uk).
  const minLabels = GENERIC_LABEL.test(labels[0]) ? (SECOND_LEVEL.test(labels[labels.length - 2] ?? '') ? 5 : 4) : 3;
  if (labels.length >= minLabels && HEURISTIC_LABEL.test(labels[0])) return 'heuristic';
  return undefined;
}

/**
 * Lower-case words of which every match of each scan below holds one, case aside: a scan runs only
 * when the shared keyword pass saw one of its words (test/engine/keyword-gates.test.ts checks each cover).
 */
export const HOST_GATES = {
  url: ['://'],
  ipv4: ['10.', '172.', '192.', '169.', '100.'],
  ipv6: ['fc', 'fd'],
  suffix: ['.internal', '.corp', '.intranet', '.lan', '.local', '.home.arpa', '.consul', '.svc'],
} as const;
const urlGate = keywordGate(HOST_GATES.url);
const ipv4Gate = keywordGate(HOST_GATES.ipv4);
const ipv6Gate = keywordGate(HOST_GATES.ipv6);
const suffixGate = keywordGate(HOST_GATES.suffix);

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
  const commentFlag = (start: number, end: number): { inComment?: true } => (jsLike && inJsComment(text, start, end) ? { inComment: true } : {});

  if (urlGate(text)) {
    const re = new RegExp(URL_RE.source, 'g');
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const userinfo = m[1];
      const host = m[2].toLowerCase().replace(/\.$/, '');
      const hostStart = m.index + m[0].lastIndexOf(m[2]);
      const span: [number, number] = [hostStart, hostStart + m[2].length];
      covered.push([m.index, m.index + m[0].length]);
      if (userinfo && userinfo.includes(':') && !EXCLUDED_HOST.test(host)) {
        const user = userinfo.slice(0, userinfo.indexOf(':'));
        const password = userinfo.slice(userinfo.indexOf(':') + 1);
        if (!isPlaceholderCredentials(user, password)) {
          const ps = m.index + m[0].indexOf(userinfo) + userinfo.indexOf(':') + 1;
          out.push({ kind: 'url-credentials', start: ps, end: ps + password.length, host, redacted: redact(password) });
        }
      }
      if (lockfile) {
        if (PUBLIC_REGISTRIES.has(host) || EXCLUDED_HOST.test(host)) continue;
        // Read by schema: only where packages come from names a registry (`resolved`, `tarball`,
        // `registry`, bun.lock's URL slot); `funding` URLs (patreon.com, feross.org) do not (issue #23).
        if (!REGISTRY_SLOT.test(text.slice(Math.max(0, text.lastIndexOf('\n', m.index) + 1, m.index - 200), m.index))) continue;
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
      if (kind) out.push({ kind, start: span[0], end: span[1], host, ...commentFlag(span[0], span[1]) });
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
  if (ipv4Gate(text) && /\b(?:10|172|192|169|100)\./.test(text)) {
    const re = new RegExp(IPV4.source, 'g');
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (inUrl(m.index)) continue;
      if (!privateIpv4(+m[1], +m[2], +m[3], +m[4])) continue;
      if (/(?:^|\.)0\d/.test(m[0])) continue; // `192.168.1.099`: not a valid address (a parser's "rejects" example)
      const end = m.index + m[0].length;
      if (isUninformativeIp(m[0], text.slice(end, end + 4), opts)) continue;
      const flag = commentFlag(m.index, end);
      // Example and gateway addresses in comments (`192.168.1.1`, `10.1.1.1` in a parser's doc comment).
      if (flag.inComment && +m[4] === 1) continue;
      out.push({ kind: 'private-ip', start: m.index, end, host: m[0], ...flag });
    }
  }
  if (ipv6Gate(text) && /[fF][cCdD][0-9a-fA-F]{2}:/.test(text)) {
    const re = new RegExp(IPV6_ULA.source, 'g');
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (inUrl(m.index) || (m[0].match(/:/g)?.length ?? 0) < 2) continue;
      const end = m.index + m[0].length;
      if (isUninformativeIp(m[0], text.slice(end, end + 4), opts)) continue;
      out.push({ kind: 'private-ip', start: m.index, end, host: m[0].toLowerCase(), ...commentFlag(m.index, end) });
    }
  }
  // Bare host names with an internal suffix. In JS-like code only inside string literals:
  // `this.state.internal` is a property access, `"db.prod.internal"` is a host.
  // Found by their suffix first, then walked back to the host's start: linear on 10 MB bundles.
  const suffix = /\.(?:internal|corp|intranet|lan|local|localdomain|home\.arpa|consul|cluster\.local|svc)(?![\w-]|\.\w)/g;
  const bare = new RegExp(`^${BARE_INTERNAL.source.replace('(?<![\\w.-])', '')}$`);
  let m: RegExpExecArray | null;
  let lastEnd = -1;
  const suffixes = suffixGate(text);
  while (suffixes && (m = suffix.exec(text)) !== null) {
    const end = m.index + m[0].length;
    let start = m.index;
    while (start > 0 && start > lastEnd && m.index - start < 253 && /[A-Za-z0-9.-]/.test(text[start - 1])) start--;
    lastEnd = end;
    // A name that starts with a dot is a file (`.env.local`, `.npmrc.local`), not a host (issue #17).
    if (text[start] === '.' && (start === 0 || !/[A-Za-z0-9.-]/.test(text[start - 1]))) continue;
    while (start < m.index && (text[start] === '.' || text[start] === '-')) start++;
    if (start === m.index || inUrl(start)) continue;
    if (jsLike && !/["'`@]/.test(text[start - 1] ?? '')) continue;
    const candidate = text.slice(start, end);
    if (!bare.test(candidate)) continue;
    const host = candidate.toLowerCase();
    const kind = classifyHost(host, opts);
    if (kind) out.push({ kind, start, end, host, ...commentFlag(start, end) });
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
