/**
 * The only code in Leakguard that talks to a network: packuments, tarballs and scope searches from
 * an npm registry, for `leakguard diff`, `leakguard audit` and the opt-in rule `publish-size-anomaly`
 * (only with `check --registry-check`). Nothing inside a workspace switches it on (issue #15): the
 * CLI creates a client only for those commands and that flag, tokens come only from the user's own
 * `~/.npmrc`, each for its registry, and every response body is capped (docs/security.md).
 *
 * The tarball is read in memory with the archive module, never extracted. Its integrity is checked
 * against the packument's `dist.integrity` (or `dist.shasum`) before anything is read from it.
 */
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { readArchiveBuffer, type Archive } from '../publish/archive';
import { normalizeRegistry, isEnvReference, type NpmrcFile } from './npmrc';
import { isDotenvPath, isSensitivePath } from '../sensitive';
import { classifyCredentialFile } from '../content/credential-files';

/** One file of a published version, as it is inside the tarball (path without `package/`). */
export interface PublishedEntry {
  path: string;
  size: number;
}

/** The last published version of a package: what the registry says and what its tarball holds. */
export interface PublishedListing {
  name: string;
  version: string;
  /** The registry it came from (normalised, one trailing slash). */
  registry: string;
  tarball: string;
  /** Files in the tarball, sorted by path. */
  files: PublishedEntry[];
  /** Sum of the file sizes (what npm calls unpackedSize). */
  unpackedSize: number;
}

/**
 * The hook through which the runner lets a rule see published versions (`AnalyzeOptions.registry`).
 * Only the CLI passes one; the language server never does, so the editor never uses the network.
 */
export interface RegistryHook {
  /**
   * The version `tag` (default `latest`) of `name` on `registry`; `undefined` when the package is
   * not on that registry (404). Rejects with a {@link RegistryError} on network or protocol errors.
   */
  fetchPublished(name: string, registry: string, tag?: string): Promise<PublishedListing | undefined>;
}

/** A network or protocol problem, with a message fit for a user (no stack needed). */
export class RegistryError extends Error {}

/** Options of {@link createRegistryClient}. */
export interface RegistryClientOptions {
  /**
   * Bearer tokens by normalised registry URL. Only from the user's own `~/.npmrc` (see
   * {@link tokensFromNpmrcs}); never from a project `.npmrc`, which a hostile repository writes.
   */
  tokens?: ReadonlyMap<string, string>;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  /** Caps on what a registry may send; defaults in {@link DEFAULT_LIMITS}. */
  limits?: Partial<RegistryLimits>;
  /** For tests: replaces the global fetch. */
  fetch?: typeof fetch;
}

/** Response size caps: a registry (or whoever answers at its URL) cannot exhaust memory. */
export interface RegistryLimits {
  /** Decoded packument / search answer bytes. */
  packumentBytes: number;
  /** Tarball bytes as downloaded (after any HTTP content-encoding). */
  tarballBytes: number;
  /** Tarball bytes after gunzip (the tar itself); stops gzip bombs. */
  unpackedBytes: number;
}

/** Default caps: generous for real packages (the 59.8 MB map of 2.1.88 unpacked to 102.8 MB). */
export const DEFAULT_LIMITS: RegistryLimits = { packumentBytes: 128 * 2 ** 20, tarballBytes: 256 * 2 ** 20, unpackedBytes: 512 * 2 ** 20 };

/** The packument fields Leakguard reads. */
export interface Packument {
  name?: string;
  'dist-tags'?: Record<string, string>;
  versions?: Record<string, { version?: string; deprecated?: string; dist?: Dist }>;
  time?: Record<string, string>;
}

/** `dist` of one version in a packument. */
export interface Dist {
  tarball?: string;
  integrity?: string;
  shasum?: string;
}

/** Everything {@link createRegistryClient} offers: the hook of `check`/`diff` and the calls of `audit`. */
export interface RegistryClient extends RegistryHook {
  /** The packument of `name`; `undefined` on 404. */
  fetchPackument(name: string, registry: string): Promise<Packument | undefined>;
  /** A tarball's bytes (as published, gzip), checked against `dist` before they are returned. */
  fetchTarball(dist: Dist, registry: string, what: string): Promise<Buffer>;
  /** Names of the packages in `scope` (`@acme`) the registry lists (`/-/v1/search?text=scope:acme`). */
  searchScope(scope: string, registry: string): Promise<string[]>;
}

/** A registry client with HTTP GETs (Node's fetch), capped bodies and per-registry tokens. */
export function createRegistryClient(opts: RegistryClientOptions = {}): RegistryClient {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const doFetch = opts.fetch ?? fetch;
  const limits: RegistryLimits = { ...DEFAULT_LIMITS, ...opts.limits };

  async function get(url: string, registry: string, accept: string): Promise<Response> {
    // Redirects are followed by hand, so the token is chosen again for every URL (never carried to another host).
    let current = url;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { accept, 'user-agent': 'leakguard (+https://github.com/leakguard/leakguard)' };
      const token = tokenFor(current, opts.tokens);
      if (token) headers.authorization = `Bearer ${token}`;
      let res: Response;
      try {
        res = await doFetch(current, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
      } catch (e) {
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        const why = (e as Error).name === 'TimeoutError' ? `no answer within ${Math.round(timeoutMs / 1000)} s` : cause?.code ?? cause?.message ?? (e as Error).message;
        throw new RegistryError(`cannot reach ${redactUrl(registry)} (${why})`);
      }
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return res;
      await res.body?.cancel().catch(() => undefined);
      if (hop >= 5) throw new RegistryError(`${redactUrl(registry)}: too many redirects for ${redactUrl(url)}`);
      const next = new URL(location, current);
      if (next.protocol !== 'https:' && next.protocol !== 'http:') throw new RegistryError(`${redactUrl(registry)}: redirect to a non-http URL`);
      current = next.href;
    }
  }

  async function json<T>(res: Response, what: string): Promise<T> {
    const buf = await readCapped(res, limits.packumentBytes, what);
    try {
      return JSON.parse(buf.toString('utf8')) as T;
    } catch {
      throw new RegistryError(`${what} is not JSON`);
    }
  }

  const client: RegistryClient = {
    async fetchPackument(name, registryUrl) {
      const registry = checkRegistry(registryUrl);
      const res = await get(packumentUrl(registry, name), registry, 'application/json');
      if (res.status === 404) {
        await res.body?.cancel().catch(() => undefined);
        return undefined;
      }
      await refuse(res, registry, name);
      return json<Packument>(res, `${redactUrl(registry)} sent a packument for ${name} that`);
    },

    async fetchTarball(dist, registryUrl, what) {
      const registry = checkRegistry(registryUrl);
      if (!dist.tarball) throw new RegistryError(`${what} has no dist.tarball`);
      let url: URL;
      try {
        url = new URL(dist.tarball);
      } catch {
        throw new RegistryError(`${what}: dist.tarball is not a URL`);
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RegistryError(`${what}: dist.tarball is not an http(s) URL`);
      const res = await get(url.href, registry, 'application/octet-stream');
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        throw new RegistryError(`${what}: the tarball answered HTTP ${res.status}`);
      }
      const buf = await readCapped(res, limits.tarballBytes, `${what}: the tarball`);
      checkIntegrity(buf, dist, what);
      return buf;
    },

    async searchScope(scope, registryUrl) {
      const registry = checkRegistry(registryUrl);
      const bare = scope.replace(/^@/, '');
      const inScope = (n: unknown): n is string => typeof n === 'string' && n.toLowerCase().startsWith(`@${bare.toLowerCase()}/`);
      const names = new Set<string>();
      // npm's org listing (needs a token that may see the org); other registries answer 404.
      const org = await get(`${registry}-/org/${encodeURIComponent(bare)}/package`, registry, 'application/json');
      if (org.ok) {
        const doc = await json<Record<string, unknown>>(org, `${redactUrl(registry)} sent an org listing for @${bare} that`);
        if (doc && typeof doc === 'object' && !Array.isArray(doc)) for (const n of Object.keys(doc)) if (inScope(n)) names.add(n);
      } else await org.body?.cancel().catch(() => undefined);
      // The search API: npm's `scope:acme` qualifier, then plain text `@acme` (verdaccio), filtered to the scope.
      for (const text of [`scope:${bare}`, `@${bare}`]) {
        if (names.size > 0) break;
        // Pages of 250 (npm's maximum); a registry that keeps sending full pages stops at 40 pages.
        for (let from = 0, page = 0; page < 40; page++) {
          const res = await get(`${registry}-/v1/search?text=${encodeURIComponent(text)}&size=250&from=${from}`, registry, 'application/json');
          await refuse(res, registry, `a search for @${bare}`);
          const doc = await json<{ objects?: Array<{ package?: { name?: unknown } }> }>(res, `${redactUrl(registry)} sent a search answer for @${bare} that`);
          const objects = Array.isArray(doc?.objects) ? doc.objects : [];
          for (const o of objects) if (inScope(o?.package?.name)) names.add(o.package!.name as string);
          if (objects.length < 250) break;
          from += objects.length;
        }
      }
      return [...names].sort();
    },

    async fetchPublished(name, registryUrl, tag = 'latest') {
      const registry = checkRegistry(registryUrl);
      const doc = await client.fetchPackument(name, registry);
      if (!doc) return undefined;
      const version = doc['dist-tags']?.[tag];
      if (!version) return undefined;
      const meta = doc.versions?.[version];
      const tarball = meta?.dist?.tarball;
      if (!tarball) throw new RegistryError(`${redactUrl(registry)}: ${name}@${version} has no dist.tarball`);
      const buf = await client.fetchTarball(meta.dist ?? {}, registry, `${name}@${version}`);
      const archive = await unpackTarball(buf, `${name}-${version}.tgz`, limits.unpackedBytes);
      const files = [...archive.entries].map(([p, b]) => ({ path: p, size: b.length })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      return { name, version, registry, tarball, files, unpackedSize: files.reduce((n, f) => n + f.size, 0) };
    },
  };
  return client;
}

function checkRegistry(registryUrl: string): string {
  const registry = normalizeRegistry(registryUrl);
  if (!/^https?:\/\//i.test(registry)) throw new RegistryError(`"${redactUrl(registryUrl)}" is not an http(s) registry URL`);
  return registry;
}

async function refuse(res: Response, registry: string, what: string): Promise<void> {
  if (res.ok) return;
  await res.body?.cancel().catch(() => undefined);
  if (res.status === 401 || res.status === 403) throw new RegistryError(`${redactUrl(registry)} refused to show ${what} (HTTP ${res.status}); log in with "npm login --registry ${redactUrl(registry)}" (your own ~/.npmrc is the only place Leakguard takes a token from)`);
  throw new RegistryError(`${redactUrl(registry)} answered HTTP ${res.status} for ${what}`);
}

/** A URL with its user-info removed, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1***@');
}

/**
 * Reads a response body up to `cap` bytes (as decoded by fetch, so a gzip content-encoding counts
 * at its inflated size) and fails clearly past it, cancelling the stream: memory stays bounded.
 */
export async function readCapped(res: Response, cap: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  const tooLarge = () => new RegistryError(`${what} is larger than the ${formatBytes(cap)} Leakguard accepts; stopped reading`);
  if (!res.headers.get('content-encoding') && Number.isFinite(declared) && declared > cap) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    let r;
    try {
      r = await reader.read();
    } catch (e) {
      throw new RegistryError(`${what}: the download failed (${(e as Error).message})`);
    }
    if (r.done) break;
    total += r.value.byteLength;
    if (total > cap) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength));
  }
  return Buffer.concat(chunks, total);
}

/**
 * Reads a downloaded tarball in memory: gunzip capped at `maxUnpacked` bytes (a gzip bomb fails
 * with a clear message instead of filling memory), then the tar.
 */
export async function unpackTarball(buf: Buffer, file: string, maxUnpacked = DEFAULT_LIMITS.unpackedBytes): Promise<Archive> {
  let tar = buf;
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      tar = zlib.gunzipSync(buf, { maxOutputLength: maxUnpacked });
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) throw new RegistryError(`${file}: the tarball unpacks to more than ${formatBytes(maxUnpacked)}; stopped reading`);
      throw new RegistryError(`${file}: the tarball cannot be read (not gzip: ${(e as Error).message})`);
    }
  }
  let archive: Archive;
  try {
    archive = await readArchiveBuffer(tar, file);
  } catch (e) {
    throw new RegistryError(`${file}: the tarball cannot be read (${(e as Error).message})`);
  }
  if (archive.entries.size === 0) throw new RegistryError(`${file}: the tarball holds no files`);
  return archive;
}

/** `<registry>/<name>` with a scoped name's slash escaped, as npm requests it (`@scope%2fname`). */
export function packumentUrl(registry: string, name: string): string {
  const escaped = name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
  return `${normalizeRegistry(registry)}${escaped}`;
}

function checkIntegrity(buf: Buffer, dist: { integrity?: string; shasum?: string }, what: string): void {
  const sri = dist.integrity?.split(/\s+/).find((s) => /^sha(512|384|256)-/.test(s));
  if (sri) {
    const [algo, expected] = [sri.slice(0, sri.indexOf('-')), sri.slice(sri.indexOf('-') + 1)];
    if (createHash(algo).update(buf).digest('base64') !== expected) throw new RegistryError(`${what}: the tarball does not match its dist.integrity`);
  } else if (dist.shasum && createHash('sha1').update(buf).digest('hex') !== dist.shasum.toLowerCase()) {
    throw new RegistryError(`${what}: the tarball does not match its dist.shasum`);
  }
}

/**
 * The token to send with `url`: only for URLs under the registry the token belongs to (npm's
 * "nerf dart" matching), so a tarball hosted elsewhere never receives it.
 */
function tokenFor(url: string, tokens: ReadonlyMap<string, string> | undefined): string | undefined {
  if (!tokens) return undefined;
  const target = normalizeRegistry(url);
  let best: { key: string; token: string } | undefined;
  for (const [key, token] of tokens) {
    if (target.startsWith(key) && (!best || key.length > best.key.length)) best = { key, token };
  }
  return best?.token;
}

/**
 * `_authToken` lines of `.npmrc` files (`//host/path/:_authToken=VALUE`), keyed by normalised
 * registry URL (`https://host/path/`). `${VAR}` references are expanded from `env`; entries whose
 * variable is unset are skipped. Earlier files win.
 *
 * Pass only the user's own `.npmrc` (issue #15): a project `.npmrc` is written by whoever wrote the
 * repository, and `//attacker/:_authToken=${GITHUB_TOKEN}` would hand them a CI secret.
 */
export function tokensFromNpmrcs(files: readonly NpmrcFile[], env: NodeJS.ProcessEnv): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of files) {
    for (const e of file.entries) {
      const m = /^(\/\/.+?)\/?:_authToken$/.exec(e.key);
      if (!m) continue;
      let value = e.value;
      if (isEnvReference(value)) {
        const expanded = value.replace(/\$\{([^}]+)\}|^\$([A-Z_][A-Z0-9_]*)$/g, (_, a: string | undefined, b: string | undefined) => env[(a ?? b) as string] ?? '\0');
        if (expanded.includes('\0')) continue;
        value = expanded;
      }
      for (const scheme of ['https:', 'http:']) {
        const key = normalizeRegistry(`${scheme}${m[1]}/`);
        if (!out.has(key)) out.set(key, value);
      }
    }
  }
  return out;
}

/** Why a file that appears in a new version is worth a look on its own. */
export type SensitiveKind = 'source map' | '.env file' | 'key or credential file' | 'agent instructions' | 'lockfile' | 'log or dump';

const AGENT_FILE = /(^|\/)(CLAUDE\.md|AGENTS\.md|GEMINI\.md|\.cursorrules|\.windsurfrules|\.mcp\.json|\.claude\/|\.cursor\/|\.github\/copilot-instructions\.md)/;
const LOCKFILE = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?)$/;

/** The kind of leak a published path is by its name alone, or `undefined` for ordinary files. */
export function sensitiveKind(path: string): SensitiveKind | undefined {
  if (/\.map$/i.test(path)) return 'source map';
  if (isDotenvPath(path)) return '.env file';
  if (AGENT_FILE.test(path)) return 'agent instructions';
  if (LOCKFILE.test(path)) return 'lockfile';
  const cred = classifyCredentialFile(path, undefined);
  if (cred && cred.level === 'error' && !cred.fixture) return 'key or credential file';
  if (isSensitivePath(path)) return 'log or dump';
  return undefined;
}

/** A file added since the published version. */
export interface AddedFile extends PublishedEntry {
  sensitive?: SensitiveKind;
}

/** The difference between what would be published now and the last published version. */
export interface PublishDiff {
  added: AddedFile[];
  removed: PublishedEntry[];
  /** Files in both whose size changed, largest growth first. */
  changed: Array<{ path: string; before: number; after: number }>;
  before: { files: number; bytes: number };
  after: { files: number; bytes: number };
  /** after.bytes - before.bytes */
  growthBytes: number;
  /** Growth in percent of before.bytes; `null` when nothing was published before (or it was empty). */
  growthPercent: number | null;
}

/** Compares a publish set (`local`) with a published file list; pass `[]` for a first publish. */
export function comparePublished(local: readonly PublishedEntry[], published: readonly PublishedEntry[]): PublishDiff {
  const before = new Map(published.map((f) => [f.path, f.size]));
  const after = new Map(local.map((f) => [f.path, f.size]));
  const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const added: AddedFile[] = local.filter((f) => !before.has(f.path)).map((f) => ({ path: f.path, size: f.size, ...(sensitiveKind(f.path) ? { sensitive: sensitiveKind(f.path) } : {}) })).sort(byPath);
  const removed = published.filter((f) => !after.has(f.path)).map((f) => ({ path: f.path, size: f.size })).sort(byPath);
  const changed = local
    .filter((f) => before.has(f.path) && before.get(f.path) !== f.size)
    .map((f) => ({ path: f.path, before: before.get(f.path) as number, after: f.size }))
    .sort((a, b) => b.after - b.before - (a.after - a.before) || byPath(a, b));
  const sum = (xs: readonly PublishedEntry[]) => xs.reduce((n, f) => n + f.size, 0);
  const b = { files: published.length, bytes: sum(published) };
  const a = { files: local.length, bytes: sum(local) };
  return { added, removed, changed, before: b, after: a, growthBytes: a.bytes - b.bytes, growthPercent: b.bytes > 0 ? ((a.bytes - b.bytes) / b.bytes) * 100 : null };
}

/** Decimal sizes as npm prints them: `59.8 MB`, `12.3 kB`, `800 B`. */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  const n = Math.abs(bytes);
  if (n < 1000) return `${sign}${n} B`;
  if (n < 1_000_000) return `${sign}${(n / 1000).toFixed(1)} kB`;
  return `${sign}${(n / 1_000_000).toFixed(1)} MB`;
}
