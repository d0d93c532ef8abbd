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
 * that registry (engine/registry/auth.ts), never from the folder it is run in (issue #15).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Severity } from '../engine/types';
import type { Rule } from '../engine/context';
import { normalizeRegistry, scopeOf, NPM_PUBLIC_REGISTRY } from '../engine/registry/npmrc';
import { createRegistryClient, formatBytes, redactUrl, RegistryError, type Packument, type RegistryClient } from '../engine/registry/client';
import { auditPackages, defaultCacheDir, parseTarget, TarballCache, type SecretTrail, type VersionAudit } from '../engine/registry/audit';
import { readUserNpmrc, userRegistryTokens } from '../engine/registry/auth';

export { parseTarget, selectVersions } from '../engine/registry/audit';

/** What `audit` needs from the CLI. */
export interface AuditIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  /** stderr is a terminal (the progress bar); defaults to `isTTY`. */
  isStderrTTY?: boolean;
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

/** The registry for `name`: --registry, else the user's own .npmrc (scope line, registry=), else npm's. */
function registryFor(name: string, flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  if (flag) return normalizeRegistry(flag);
  const user = readUserNpmrc(env, [cwd]).file;
  const scope = scopeOf(name);
  const entry = (key: string) => user?.entries.filter((e) => e.key.toLowerCase() === key).pop()?.value;
  return normalizeRegistry((scope && entry(`${scope}:registry`)) || entry('registry') || NPM_PUBLIC_REGISTRY);
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
  const client = deps.client ?? createRegistryClient({ tokens: userRegistryTokens(io.env, [io.cwd], (w) => io.stderr(`leakguard: ${w}\n`)) });
  const problems: string[] = [];

  for (const scope of scopes) {
    const registry = registryFor(`${scope}/x`, v.registry, io.env, io.cwd);
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

  const progress = (io.isStderrTTY ?? io.isTTY) && !io.env.CI;
  const outcome = await auditPackages(
    targets.map((t) => ({ ...t, registry: registryFor(t.name, v.registry, io.env, io.cwd) })),
    {
      client,
      cache,
      rules: deps.rules,
      configFile,
      since,
      concurrency,
      // A progress bar on stderr, only on a terminal.
      onProgress: progress
        ? (done, total, label) => {
            const width = 24;
            const filled = total ? Math.round((done / total) * width) : width;
            io.stderr(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label.slice(0, 60)}`);
          }
        : undefined,
    },
  );
  if (progress) io.stderr('\r\x1b[2K');
  problems.push(...outcome.problems);
  const results = outcome.versions;
  const docs = outcome.packages;
  const secrets = outcome.secrets;
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
