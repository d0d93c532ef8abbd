/**
 * The only code in Leakguard that talks to a network: it fetches the last published version of a
 * package (packument + tarball) from an npm registry, for `leakguard diff` and the opt-in rule
 * `publish-size-anomaly` (DESIGN.md: "the only rule that talks to a registry"). Nothing else imports
 * it at start-up; the CLI loads it only when one of those two asks for a registry.
 *
 * The tarball is read in memory with the archive module, never extracted. Its integrity is checked
 * against the packument's `dist.integrity` (or `dist.shasum`) before anything is read from it.
 */
import { createHash } from 'node:crypto';
import { readArchiveBuffer } from './archive';
import { normalizeRegistry, isEnvReference, type NpmrcFile } from './npmrc';
import { isDotenvPath, isSensitivePath } from './sensitive';
import { classifyCredentialFile } from './content/credential-files';

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
  /** Bearer tokens by normalised registry URL (from `.npmrc` `//host/path/:_authToken=`). */
  tokens?: ReadonlyMap<string, string>;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  /** For tests: replaces the global fetch. */
  fetch?: typeof fetch;
}

/** A registry client that implements {@link RegistryHook} with HTTP GETs (Node's fetch). */
export function createRegistryClient(opts: RegistryClientOptions = {}): RegistryHook {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const doFetch = opts.fetch ?? fetch;

  async function get(url: string, registry: string, accept: string): Promise<Response> {
    const headers: Record<string, string> = { accept, 'user-agent': 'leakguard (+https://github.com/leakguard/leakguard)' };
    const token = tokenFor(url, opts.tokens);
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      return await doFetch(url, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = (e as Error).name === 'TimeoutError' ? `no answer within ${Math.round(timeoutMs / 1000)} s` : cause?.code ?? cause?.message ?? (e as Error).message;
      throw new RegistryError(`cannot reach ${registry} (${why})`);
    }
  }

  return {
    async fetchPublished(name, registryUrl, tag = 'latest') {
      const registry = normalizeRegistry(registryUrl);
      if (!/^https?:\/\//i.test(registry)) throw new RegistryError(`"${registryUrl}" is not an http(s) registry URL`);
      const res = await get(packumentUrl(registry, name), registry, 'application/json');
      if (res.status === 404) return undefined;
      if (res.status === 401 || res.status === 403) throw new RegistryError(`${registry} refused to show ${name} (HTTP ${res.status}); log in with "npm login --registry ${registry}" or set an _authToken for it in .npmrc`);
      if (!res.ok) throw new RegistryError(`${registry} answered HTTP ${res.status} for ${name}`);
      let doc: Packument;
      try {
        doc = (await res.json()) as Packument;
      } catch {
        throw new RegistryError(`${registry} sent a packument for ${name} that is not JSON`);
      }
      const version = doc['dist-tags']?.[tag];
      if (!version) return undefined;
      const meta = doc.versions?.[version];
      const tarball = meta?.dist?.tarball;
      if (!tarball) throw new RegistryError(`${registry}: ${name}@${version} has no dist.tarball`);
      const tres = await get(tarball, registry, 'application/octet-stream');
      if (!tres.ok) throw new RegistryError(`${tarball}: HTTP ${tres.status}`);
      const buf = Buffer.from(await tres.arrayBuffer());
      checkIntegrity(buf, meta.dist ?? {}, `${name}@${version}`);
      let archive;
      try {
        archive = await readArchiveBuffer(buf, `${name}-${version}.tgz`);
      } catch (e) {
        throw new RegistryError(`${name}@${version}: the tarball cannot be read (${(e as Error).message})`);
      }
      const files = [...archive.entries].map(([p, b]) => ({ path: p, size: b.length })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      return { name, version, registry, tarball, files, unpackedSize: files.reduce((n, f) => n + f.size, 0) };
    },
  };
}

interface Packument {
  'dist-tags'?: Record<string, string>;
  versions?: Record<string, { dist?: { tarball?: string; integrity?: string; shasum?: string } }>;
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
 * variable is unset are skipped. Earlier files win (pass the nearest first).
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
