/**
 * The core of `leakguard audit` (issue #22), shared by the CLI and the language server's
 * "Published versions" request: packument → versions, each tarball once through a
 * content-addressed cache (keyed by and re-checked against `dist.integrity`), analysed in memory
 * exactly like `leakguard pack`, a few at a time; per version what leaked and per secret the first
 * and last version that carried it (fingerprints, never values).
 *
 * It talks to a registry only through the client it is given; its callers create one only when
 * the user asked (the `audit` command, the palette command), with tokens from the user's own
 * `~/.npmrc` (issue #15).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import * as semver from 'semver';
import type { Finding, Severity } from '../types';
import type { Rule } from '../context';
import { analyzeFolder } from '../runner';
import { ArchiveFileSystem, archiveUnit } from '../publish/archive';
import { unpackTarball, RegistryError, DEFAULT_LIMITS, redactUrl, type Dist, type Packument, type RegistryClient } from './client';
import { toPosix } from '../paths';

/** Leak kinds a version is judged by (what the rotation and deprecation advice is about). */
export type LeakKind = 'sourceMap' | 'env' | 'key' | 'token' | 'prompt' | 'codename';

const KIND_OF_RULE: Record<string, LeakKind> = {
  'sourcemap-sources-content': 'sourceMap',
  'sourcemap-inline-data-url': 'sourceMap',
  'secret-dotenv-in-publish-set': 'env',
  'secret-credential-file-in-publish-set': 'key',
  'secret-known-token-format': 'token',
  'secret-registry-token-literal': 'token',
  'prompt-system-prompt-literal': 'prompt',
  'prompt-asset-inlined': 'prompt',
  'publish-prompt-files': 'prompt',
  'prompt-internal-codename': 'codename',
  'prompt-unreleased-feature-flag': 'codename',
};


/** One finding of an audited version, as reported (no secret values: messages are redacted). */
export interface AuditFinding {
  ruleId: string;
  severity: Severity;
  file: string;
  message: string;
  fingerprint: string;
  kind?: LeakKind;
}

/** One audited version. */
export interface VersionAudit {
  name: string;
  version: string;
  /** ISO time from the packument's `time`, when given. */
  published?: string;
  distTags: string[];
  deprecated?: string;
  /** `audited`, or `failed` with `error` (download, integrity, unreadable tarball). */
  status: 'audited' | 'failed';
  error?: string;
  fromCache?: boolean;
  files?: number;
  bytes?: number;
  leaked: boolean;
  summary: {
    /** Maps embedding first-party sources not otherwise published, and how many sources in total. */
    sourceMaps: { maps: number; sources: number };
    env: string[];
    keys: string[];
    tokens: number;
    prompts: number;
    codenames: number;
  };
  findings: AuditFinding[];
}

/** A secret seen in one or more versions: its fingerprint, never its value. */
export interface SecretTrail {
  /** `provider:hash` for tokens, `file:PATH#hash` for .env and key files (sha256 prefix). */
  fingerprint: string;
  kind: LeakKind;
  /** What it is, redacted (`GitHub token ghp_…(40)`, `.env.production`). */
  what: string;
  name: string;
  first: string;
  last: string;
  versions: string[];
}

/** A package to audit and, optionally, a semver range or dist-tag. */
export interface Target {
  name: string;
  range?: string;
}

/** The default tarball cache: never inside a workspace. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  if (env.LEAKGUARD_CACHE_DIR) return env.LEAKGUARD_CACHE_DIR;
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'leakguard');
}

/** Splits `NAME[@RANGE]` (scoped names keep their leading `@`). */
export function parseTarget(spec: string): Target {
  const at = spec.indexOf('@', 1);
  const name = at > 0 ? spec.slice(0, at) : spec;
  const range = at > 0 ? spec.slice(at + 1) : undefined;
  if (!/^(@[a-z0-9][\w.~-]*\/)?[a-z0-9][\w.~-]*$/i.test(name)) throw new Error(`"${spec}" is not a package name (NAME or @scope/NAME, optionally @RANGE).`);
  return { name, range: range || undefined };
}

/**
 * A content-addressed tarball cache: `<dir>/tarballs/<algo>/<hex[0..2]>/<hex>.tgz`, keyed by the
 * packument's integrity and checked again on every read (a damaged entry is fetched anew).
 * Written with a random temp name and O_EXCL, then renamed.
 */
export class TarballCache {
  constructor(readonly dir: string) {}

  private keyOf(dist: Dist): { algo: string; hex: string } | undefined {
    const sri = dist.integrity?.split(/\s+/).find((s) => /^sha(512|384|256)-/.test(s));
    if (sri) {
      const algo = sri.slice(0, sri.indexOf('-'));
      return { algo, hex: Buffer.from(sri.slice(algo.length + 1), 'base64').toString('hex') };
    }
    if (dist.shasum && /^[0-9a-f]{40}$/i.test(dist.shasum)) return { algo: 'sha1', hex: dist.shasum.toLowerCase() };
    return undefined;
  }

  private fileOf(k: { algo: string; hex: string }): string {
    return path.join(this.dir, 'tarballs', k.algo, k.hex.slice(0, 2), `${k.hex}.tgz`);
  }

  /** The cached bytes, when present and still matching their key. */
  get(dist: Dist): Buffer | undefined {
    const k = this.keyOf(dist);
    if (!k) return undefined;
    let buf: Buffer;
    try {
      buf = fs.readFileSync(this.fileOf(k));
    } catch {
      return undefined;
    }
    return createHash(k.algo).update(buf).digest('hex') === k.hex ? buf : undefined;
  }

  /** Stores verified bytes; a cache that cannot be written only costs a re-download later. */
  put(dist: Dist, buf: Buffer): void {
    const k = this.keyOf(dist);
    if (!k) return;
    const file = this.fileOf(k);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const tmp = path.join(path.dirname(file), `.${randomBytes(8).toString('hex')}.tmp`);
      fs.writeFileSync(tmp, buf, { flag: 'wx', mode: 0o600 });
      fs.renameSync(tmp, file);
    } catch {
      // read-only or full cache: keep going
    }
  }
}

function compareVersions(a: string, b: string): number {
  const va = semver.valid(a);
  const vb = semver.valid(b);
  if (va && vb) return semver.compare(va, vb);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The versions of a packument selected by `range` (semver range or dist-tag) and `since`. */
export function selectVersions(doc: Packument, range: string | undefined, since: number | undefined): string[] {
  const all = Object.keys(doc.versions ?? {});
  let picked: string[];
  if (!range || range === '*') picked = all;
  else if (doc['dist-tags']?.[range]) picked = all.filter((v) => v === doc['dist-tags']?.[range]);
  else if (semver.validRange(range)) picked = all.filter((v) => semver.valid(v) && semver.satisfies(v, range, { includePrerelease: true }));
  else throw new Error(`"${range}" is neither a semver range nor a dist-tag of ${doc.name ?? 'the package'}.`);
  if (since !== undefined) picked = picked.filter((v) => {
    const t = Date.parse(doc.time?.[v] ?? '');
    return Number.isFinite(t) && t >= since;
  });
  return picked.sort(compareVersions);
}

function countOf(v: unknown): number {
  const n = Number(String(v ?? '').replace(/[^\d]/g, ''));
  return Number.isFinite(n) ? n : 0;
}

/** Turns the findings of one version into its summary and secret identities. */
function summarize(findings: Finding[], root: string, entries: ReadonlyMap<string, Buffer>): { summary: VersionAudit['summary']; out: AuditFinding[]; secrets: Array<{ fingerprint: string; kind: LeakKind; what: string }>; leaked: boolean } {
  const summary: VersionAudit['summary'] = { sourceMaps: { maps: 0, sources: 0 }, env: [], keys: [], tokens: 0, prompts: 0, codenames: 0 };
  const out: AuditFinding[] = [];
  const secrets = new Map<string, { fingerprint: string; kind: LeakKind; what: string }>();
  let leaked = false;
  for (const f of findings) {
    // Findings about the package as a whole sit on the archive itself: name the file they are about.
    const rel = f.file.startsWith(root + '/') ? f.file.slice(root.length + 1) : typeof f.data.file === 'string' ? f.data.file : 'package.json';
    const kind = KIND_OF_RULE[f.ruleId];
    // What counts as a leak: the six kinds, at warning or error (an OSS map at info is not one).
    const counts = kind !== undefined && (f.severity === 'error' || f.severity === 'warning') && !(kind === 'sourceMap' && f.ruleId === 'sourcemap-sources-content' && f.messageId !== 'exposed');
    out.push({ ruleId: f.ruleId, severity: f.severity, file: rel, message: f.message, fingerprint: f.fingerprint, ...(counts ? { kind } : {}) });
    if (!counts || !kind) continue;
    leaked = true;
    if (kind === 'sourceMap') {
      summary.sourceMaps.maps++;
      if (f.messageId === 'exposed') summary.sourceMaps.sources += countOf(f.data.count);
    } else if (kind === 'env' || kind === 'key') {
      const file = String(f.data.file ?? rel);
      const list = kind === 'env' ? summary.env : summary.keys;
      if (!list.includes(file)) list.push(file);
      const bytes = entries.get(file);
      const fp = `file:${file}#${createHash('sha256').update(bytes ?? file).digest('hex').slice(0, 16)}`;
      secrets.set(fp, { fingerprint: fp, kind, what: kind === 'env' ? `${file} (.env file)` : `${file} (${String(f.data.what ?? 'key')})` });
    } else if (kind === 'token') {
      summary.tokens++;
      const hash = typeof f.data.hash === 'string' ? f.data.hash : f.fingerprint.slice(0, 16);
      const provider = String(f.data.provider ?? (f.ruleId === 'secret-registry-token-literal' ? 'registry' : 'secret'));
      const fp = `${provider}:${hash}`;
      secrets.set(fp, { fingerprint: fp, kind, what: `${provider} ${String(f.data.type ?? 'token')} ${String(f.data.redacted ?? '')}`.replace(/\s+/g, ' ').trim() });
    } else if (kind === 'prompt') summary.prompts++;
    else summary.codenames++;
  }
  return { summary, out, secrets: [...secrets.values()], leaked };
}

/** Options of {@link auditPackages}. */
export interface AuditOptions {
  client: RegistryClient;
  cache: TarballCache;
  rules: readonly Rule[];
  /** Analyse with this configuration instead of the tarball's own (as `pack --config`). */
  configFile?: string;
  /** Only versions published at or after this time (ms since the epoch). */
  since?: number;
  /** Versions analysed at once (default 4). */
  concurrency?: number;
  onProgress?: (done: number, total: number, label: string) => void;
}

/** What {@link auditPackages} found. */
export interface AuditOutcome {
  /** Packages whose packument was read, with their registry. */
  packages: Map<string, { doc: Packument; registry: string }>;
  /** Per package in target order, versions in semver order. */
  versions: VersionAudit[];
  secrets: SecretTrail[];
  /** Packages not found, unreachable registries, ranges that match nothing. */
  problems: string[];
}

/**
 * Audits the published versions of `targets` (each with its registry). Never throws for registry
 * problems: a package that cannot be read is a problem, a version that cannot be read is `failed`;
 * throws an Error only for a range that is neither semver nor a dist-tag.
 */
export async function auditPackages(targets: ReadonlyArray<Target & { registry: string }>, opts: AuditOptions): Promise<AuditOutcome> {
  // Resolve every package's versions first (packuments are small), then audit the tarballs.
  interface Job {
    name: string;
    version: string;
    registry: string;
    doc: Packument;
  }
  const jobs: Job[] = [];
  const docs = new Map<string, { doc: Packument; registry: string }>();
  const problems: string[] = [];
  for (const t of targets) {
    const registry = t.registry;
    let doc: Packument | undefined;
    try {
      doc = docs.get(t.name)?.doc ?? (await opts.client.fetchPackument(t.name, registry));
    } catch (e) {
      if (e instanceof RegistryError) {
        problems.push(`${t.name}: ${e.message}.`);
        continue;
      }
      throw e;
    }
    if (!doc) {
      problems.push(`${t.name} is not on ${redactUrl(registry)}.`);
      continue;
    }
    docs.set(t.name, { doc, registry });
    const versions = selectVersions(doc, t.range, opts.since);
    if (versions.length === 0) problems.push(`${t.name}: no version matches${t.range ? ` "${t.range}"` : ''}${opts.since !== undefined ? ` published since ${new Date(opts.since).toISOString().slice(0, 10)}` : ''}.`);
    for (const version of versions) if (!jobs.some((j) => j.name === t.name && j.version === version)) jobs.push({ name: t.name, version, registry, doc });
  }

  let done = 0;
  const tick = (label: string) => opts.onProgress?.(done, jobs.length, label);

  const results: VersionAudit[] = new Array(jobs.length);
  const trails = new Map<string, SecretTrail>();
  const secretsByVersion: Array<Array<{ fingerprint: string; kind: LeakKind; what: string }>> = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= jobs.length) return;
      const job = jobs[i];
      tick(`${job.name}@${job.version}`);
      const meta = job.doc.versions?.[job.version] ?? {};
      const distTags = Object.entries(job.doc['dist-tags'] ?? {}).filter(([, ver]) => ver === job.version).map(([tag]) => tag).sort();
      const base = { name: job.name, version: job.version, ...(job.doc.time?.[job.version] ? { published: job.doc.time[job.version] } : {}), distTags, ...(typeof meta.deprecated === 'string' && meta.deprecated ? { deprecated: meta.deprecated } : {}) };
      const empty: VersionAudit['summary'] = { sourceMaps: { maps: 0, sources: 0 }, env: [], keys: [], tokens: 0, prompts: 0, codenames: 0 };
      try {
        const what = `${job.name}@${job.version}`;
        const dist = meta.dist ?? {};
        let buf = opts.cache.get(dist);
        const fromCache = buf !== undefined;
        if (!buf) {
          buf = await opts.client.fetchTarball(dist, job.registry, what);
          opts.cache.put(dist, buf);
        }
        const fileName = path.join(opts.cache.dir, 'audit', `${job.name.replace('/', '+')}@${job.version}.tgz`);
        const archive = await unpackTarball(buf, toPosix(fileName), DEFAULT_LIMITS.unpackedBytes);
        buf = undefined;
        const afs = new ArchiveFileSystem(archive);
        const { unit, publishSet } = archiveUnit(archive, afs);
        const result = await analyzeFolder({ fs: afs, folder: afs.root, rules: opts.rules, units: [unit], publishSets: new Map([[unit.root, publishSet]]), configFile: opts.configFile, configBaseDir: afs.root });
        const s = summarize(result.findings, afs.root, archive.entries);
        secretsByVersion[i] = s.secrets;
        results[i] = { ...base, status: 'audited', fromCache, files: publishSet.files.length, bytes: publishSet.files.reduce((n, f) => n + f.size, 0), leaked: s.leaked, summary: s.summary, findings: s.out };
      } catch (e) {
        const msg = e instanceof RegistryError ? e.message : `unexpected error (${e instanceof Error ? e.message : String(e)})`;
        results[i] = { ...base, status: 'failed', error: msg, leaked: false, summary: empty, findings: [] };
        secretsByVersion[i] = [];
      }
      done++;
      tick(`${job.name}@${job.version}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 4, Math.max(1, jobs.length)) }, worker));

  // Secret trails in version order per package (jobs are sorted by version within a package).
  for (let i = 0; i < jobs.length; i++) {
    for (const s of secretsByVersion[i] ?? []) {
      const key = `${jobs[i].name}\0${s.fingerprint}`;
      const t = trails.get(key);
      if (t) {
        t.versions.push(jobs[i].version);
        t.last = jobs[i].version;
      } else trails.set(key, { ...s, name: jobs[i].name, first: jobs[i].version, last: jobs[i].version, versions: [jobs[i].version] });
    }
  }
  return { packages: docs, versions: results, secrets: [...trails.values()], problems };
}
