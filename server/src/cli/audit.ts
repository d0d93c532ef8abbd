/**
 * `leakguard audit NAME[@RANGE]... [--scope @acme]`: which already-published versions leaked what
 * (issue #22). Versions come from the packument (a semver range, a dist-tag, `--since`), or every
 * package a scope search lists. Each tarball is downloaded once into a content-addressed cache
 * (keyed and re-checked by its `dist.integrity`), read in memory and analysed exactly like
 * `leakguard pack`, a few at a time. The report names, per version, what leaked, when it was
 * published and which dist-tags still point at it, and per secret the first and last version that
 * carried it (fingerprints only); the text output ends with `npm deprecate` commands, printed and
 * never run.
 *
 * Talks to a registry only because the user ran it, with a token only from their own ~/.npmrc for
 * that registry (registry-auth.ts), never from the folder it is run in (issue #15).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import * as semver from 'semver';
import type { Finding, Rule, Severity } from '../engine/types';
import { analyzeFolder } from '../engine/runner';
import { ArchiveFileSystem, archiveUnit } from '../engine/archive';
import { normalizeRegistry, scopeOf, NPM_PUBLIC_REGISTRY } from '../engine/npmrc';
import { createRegistryClient, unpackTarball, formatBytes, redactUrl, RegistryError, DEFAULT_LIMITS, type Dist, type Packument, type RegistryClient } from '../engine/registry-client';
import { readUserNpmrc, userRegistryTokens } from './registry-auth';
import { toPosix } from '../engine/paths';

/** What `audit` needs from the CLI. */
export interface AuditIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

/** Help text of `leakguard audit`. */
export const AUDIT_HELP = `Usage: leakguard audit NAME[@RANGE]... [--scope @acme] [options]

Audits versions already on the registry: downloads each tarball once (cached, integrity-checked),
analyses it in memory like "leakguard pack" and reports per version what leaked (source maps with
first-party sources, .env files, keys, tokens, prompts, codenames), when it was published and
which dist-tags point at it, and per secret the first and last version that carried it
(fingerprints, never values). Text output ends with "npm deprecate" commands: printed, never run.

RANGE is a semver range ("1.x", ">=2.0.0 <2.3.0") or a dist-tag; default: every version.

Options:
      --scope @SCOPE       also audit every package the registry lists in that scope (repeatable)
  -r, --registry URL       registry to ask; default: your ~/.npmrc (scope line, then registry=),
                           else npm's default registry
      --since DATE         only versions published on or after DATE (ISO 8601, e.g. 2025-01-31)
  -f, --format FORMAT      text (default), json, sarif
  -c, --config FILE        analyse with this configuration (default: as "pack": the tarball's own)
      --cache-dir DIR      tarball cache (default: $XDG_CACHE_HOME/leakguard or ~/.cache/leakguard)
  -j, --concurrency N      versions analysed at once (default 4)

Asks the registry only because you ran it, with a token only from your own ~/.npmrc
(NPM_CONFIG_USERCONFIG) for that registry. Re-running reuses the cache (resumable).
Exit status: 1 a version leaked (a finding of those kinds at warning or error), 2 usage error, a
package not found, or a version that could not be audited (others are still audited), 0 otherwise.
`;

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

const KIND_LABEL: Record<LeakKind, string> = { sourceMap: 'source maps', env: '.env files', key: 'keys', token: 'tokens', prompt: 'prompts', codename: 'codenames' };

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

interface Target {
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

/** The registry for `name`: --registry, else the user's own .npmrc (scope line, registry=), else npm's. */
function registryFor(name: string, flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return normalizeRegistry(flag);
  const user = readUserNpmrc(env).file;
  const scope = scopeOf(name);
  const entry = (key: string) => user?.entries.filter((e) => e.key.toLowerCase() === key).pop()?.value;
  return normalizeRegistry((scope && entry(`${scope}:registry`)) || entry('registry') || NPM_PUBLIC_REGISTRY);
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

/** Runs `audit`; throws an Error (exit 2, message only) on usage errors. */
export async function runAudit(args: string[], io: AuditIo, deps: { rules: readonly Rule[]; docsUrl: (id: string) => string; version: string; client?: RegistryClient }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        scope: { type: 'string', multiple: true },
        registry: { type: 'string', short: 'r' },
        since: { type: 'string' },
        format: { type: 'string', short: 'f' },
        config: { type: 'string', short: 'c' },
        'cache-dir': { type: 'string' },
        concurrency: { type: 'string', short: 'j' },
      },
    });
  } catch (e) {
    throw new Error((e as Error).message.replace(/\. To specify.*$/s, '.'));
  }
  const v = parsed.values;
  const format = v.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new Error(`--format must be text, json or sarif (got "${format}").`);
  if (v.registry !== undefined && !/^https?:\/\/[^/]/i.test(v.registry)) throw new Error(`--registry expects an http(s) URL (got "${redactUrl(v.registry)}").`);
  let since: number | undefined;
  if (v.since !== undefined) {
    since = Date.parse(v.since);
    if (!Number.isFinite(since)) throw new Error(`--since expects a date such as 2025-01-31 (got "${v.since}").`);
  }
  const concurrency = v.concurrency === undefined ? 4 : Number(v.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new Error(`--concurrency expects a whole number from 1 to 32 (got "${v.concurrency}").`);
  const scopes = (v.scope ?? []).map((s) => (s.startsWith('@') ? s : `@${s}`));
  for (const s of scopes) if (!/^@[a-z0-9][\w.~-]*$/i.test(s)) throw new Error(`--scope expects @SCOPE (got "${s}").`);
  const targets = parsed.positionals.map(parseTarget);
  if (targets.length === 0 && scopes.length === 0) throw new Error('audit needs at least one NAME[@RANGE] or --scope @SCOPE. Run "leakguard audit --help".');
  const configFile = v.config ? path.resolve(io.cwd, v.config) : undefined;
  if (configFile && !fs.existsSync(configFile)) throw new Error(`--config: ${v.config} does not exist.`);
  const cache = new TarballCache(path.resolve(io.cwd, v['cache-dir'] ?? defaultCacheDir(io.env)));
  const client = deps.client ?? createRegistryClient({ tokens: userRegistryTokens(io.env, [], (w) => io.stderr(`leakguard: ${w}\n`)) });
  const problems: string[] = [];

  for (const scope of scopes) {
    const registry = registryFor(`${scope}/x`, v.registry, io.env);
    let names: string[];
    try {
      names = await client.searchScope(scope, registry);
    } catch (e) {
      if (e instanceof RegistryError) throw new Error(`audit --scope ${scope}: ${e.message}.`);
      throw e;
    }
    if (names.length === 0) problems.push(`${redactUrl(registry)} lists no package in ${scope} (or your token may not list them).`);
    for (const name of names) if (!targets.some((t) => t.name === name)) targets.push({ name });
  }

  // Resolve every package's versions first (packuments are small), then audit the tarballs.
  interface Job {
    name: string;
    version: string;
    registry: string;
    doc: Packument;
  }
  const jobs: Job[] = [];
  const docs = new Map<string, { doc: Packument; registry: string }>();
  for (const t of targets) {
    const registry = registryFor(t.name, v.registry, io.env);
    let doc: Packument | undefined;
    try {
      doc = docs.get(t.name)?.doc ?? (await client.fetchPackument(t.name, registry));
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
    const versions = selectVersions(doc, t.range, since);
    if (versions.length === 0) problems.push(`${t.name}: no version matches${t.range ? ` "${t.range}"` : ''}${v.since ? ` published since ${v.since}` : ''}.`);
    for (const version of versions) if (!jobs.some((j) => j.name === t.name && j.version === version)) jobs.push({ name: t.name, version, registry, doc });
  }

  // A progress bar on stderr, only on a terminal.
  const progress = io.isTTY && !io.env.CI;
  let done = 0;
  const tick = (label: string) => {
    if (!progress) return;
    const width = 24;
    const filled = jobs.length ? Math.round((done / jobs.length) * width) : width;
    io.stderr(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${jobs.length} ${label.slice(0, 60)}`);
  };

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
        let buf = cache.get(dist);
        const fromCache = buf !== undefined;
        if (!buf) {
          buf = await client.fetchTarball(dist, job.registry, what);
          cache.put(dist, buf);
        }
        const fileName = path.join(cache.dir, 'audit', `${job.name.replace('/', '+')}@${job.version}.tgz`);
        const archive = await unpackTarball(buf, toPosix(fileName), DEFAULT_LIMITS.unpackedBytes);
        buf = undefined;
        const afs = new ArchiveFileSystem(archive);
        const { unit, publishSet } = archiveUnit(archive, afs);
        const result = await analyzeFolder({ fs: afs, folder: afs.root, rules: deps.rules, units: [unit], publishSets: new Map([[unit.root, publishSet]]), configFile, configBaseDir: afs.root });
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
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, jobs.length)) }, worker));
  if (progress) io.stderr('\r\x1b[2K');

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
  const secrets = [...trails.values()];
  for (const p of problems) io.stderr(`leakguard: ${p}\n`);
  for (const r of results) if (r.status === 'failed') io.stderr(`leakguard: ${r.name}@${r.version} could not be audited: ${r.error}\n`);

  if (format === 'json') io.stdout(JSON.stringify({ version: 1, registry: v.registry ? normalizeRegistry(v.registry) : undefined, packages: [...docs.keys()], versions: results, secrets, problems }, null, 2) + '\n');
  else if (format === 'sarif') io.stdout(auditSarif(results, deps));
  else io.stdout(auditText(results, secrets, docs));

  if (results.some((r) => r.leaked)) return 1;
  if (problems.length > 0 || results.some((r) => r.status === 'failed')) return 2;
  return 0;
}

function leakLine(s: VersionAudit['summary']): string {
  const parts: string[] = [];
  if (s.sourceMaps.maps) parts.push(`${s.sourceMaps.maps} source map${s.sourceMaps.maps === 1 ? '' : 's'}${s.sourceMaps.sources ? ` with ${s.sourceMaps.sources} first-party source${s.sourceMaps.sources === 1 ? '' : 's'}` : ''}`);
  if (s.env.length) parts.push(`.env: ${s.env.join(', ')}`);
  if (s.keys.length) parts.push(`keys: ${s.keys.join(', ')}`);
  if (s.tokens) parts.push(`${s.tokens} token${s.tokens === 1 ? '' : 's'}`);
  if (s.prompts) parts.push(`${s.prompts} prompt${s.prompts === 1 ? '' : 's'}`);
  if (s.codenames) parts.push(`${s.codenames} codename/flag${s.codenames === 1 ? '' : 's'}`);
  return parts.join('; ');
}

function auditText(results: VersionAudit[], secrets: SecretTrail[], docs: ReadonlyMap<string, { doc: Packument; registry: string }>): string {
  const out: string[] = [];
  const names = [...new Set(results.map((r) => r.name))];
  for (const name of names) {
    const mine = results.filter((r) => r.name === name);
    const leaked = mine.filter((r) => r.leaked);
    out.push(`${name} (${redactUrl(docs.get(name)?.registry ?? '')}): ${mine.length} version${mine.length === 1 ? '' : 's'} audited, ${leaked.length} leaked`);
    for (const r of mine) {
      const when = r.published ? r.published.slice(0, 10) : 'unknown date';
      const tags = r.distTags.length ? ` [${r.distTags.join(', ')}]` : '';
      const dep = r.deprecated ? ' (deprecated)' : '';
      if (r.status === 'failed') out.push(`  ${r.version.padEnd(14)} ${when}${tags}${dep}  NOT AUDITED: ${r.error}`);
      else if (r.leaked) out.push(`  ${r.version.padEnd(14)} ${when}${tags}${dep}  LEAKED ${leakLine(r.summary)}`);
      else out.push(`  ${r.version.padEnd(14)} ${when}${tags}${dep}  clean (${r.files} files, ${formatBytes(r.bytes ?? 0)})`);
      if (r.leaked) for (const f of r.findings.filter((x) => x.kind)) out.push(`      ${f.severity.padEnd(7)} ${f.file}: ${f.message}  ${f.ruleId}`);
    }
    const mySecrets = secrets.filter((s) => s.name === name);
    if (mySecrets.length) {
      out.push('', `  Secrets to rotate (fingerprints, never values):`);
      for (const s of mySecrets) out.push(`    ${s.fingerprint}  ${s.what}: first ${s.first}, last ${s.last} (${s.versions.length} version${s.versions.length === 1 ? '' : 's'})`);
    }
    const stillTagged = leaked.filter((r) => r.distTags.length);
    for (const r of stillTagged) out.push(`  ! ${name}@${r.version} leaked and is still "${r.distTags.join('", "')}": publish a clean version and move the tag (npm dist-tag add ${name}@NEW ${r.distTags[0]}).`);
    out.push('');
  }
  const toDeprecate = results.filter((r) => r.leaked && !r.deprecated);
  if (toDeprecate.length) {
    out.push('To deprecate the leaking versions (printed, not run; rotate the secrets first):');
    for (const r of toDeprecate) out.push(`  npm deprecate ${shellQuote(`${r.name}@${r.version}`)} ${shellQuote(`Leaked ${leakLine(r.summary).replace(/; /g, ', ')}; do not use.`)}${docsRegistryFlag(docs.get(r.name)?.registry)}`);
  } else if (results.length) out.push('No leaking version to deprecate.');
  return out.join('\n') + '\n';
}

function docsRegistryFlag(registry: string | undefined): string {
  return registry && normalizeRegistry(registry) !== NPM_PUBLIC_REGISTRY ? ` --registry ${shellQuote(redactUrl(registry))}` : '';
}

/** Single-quotes for POSIX shells. */
function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function auditSarif(results: VersionAudit[], deps: { rules: readonly Rule[]; docsUrl: (id: string) => string; version: string }): string {
  const level = (s: Severity) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  const used = new Set(results.flatMap((r) => r.findings.map((f) => f.ruleId)));
  const rules = deps.rules.filter((r) => used.has(r.meta.id)).map((r) => ({ id: r.meta.id, shortDescription: { text: r.meta.description }, helpUri: deps.docsUrl(r.meta.id), defaultConfiguration: { level: level(r.meta.defaultSeverity) } }));
  const sarifResults = results.flatMap((r) =>
    r.findings.map((f) => ({
      ruleId: f.ruleId,
      level: level(f.severity),
      message: { text: `${r.name}@${r.version}: ${f.message}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: `npm:${r.name}@${r.version}/${f.file.split('/').map(encodeURIComponent).join('/')}` } } }],
      partialFingerprints: { leakguard: f.fingerprint },
      properties: { package: r.name, version: r.version, ...(r.published ? { published: r.published } : {}), distTags: r.distTags },
    })),
  );
  const notifications = results.filter((r) => r.status === 'failed').map((r) => ({ level: 'error', message: { text: `${r.name}@${r.version} could not be audited: ${r.error}` } }));
  return JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [{ tool: { driver: { name: 'leakguard', version: deps.version, informationUri: 'https://github.com/leakguard/leakguard', rules } }, results: sarifResults, invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }] }] }, null, 2) + '\n';
}
