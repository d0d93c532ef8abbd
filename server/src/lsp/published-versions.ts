/**
 * `leakguard/publishedVersions` (issue #22): the versions of one npm unit already on its registry,
 * audited like `leakguard audit`, for the Publish Set view's "Published versions" node. The
 * server contacts a registry only for this request, which a client sends only when the user runs
 * the command ("Leakguard: Audit published versions"); never in an untrusted workspace. Tokens come
 * only from the user's own ~/.npmrc, for that registry (issue #15).
 */
import type { UnitAnalysis } from '../engine/runner';
import type { Rule } from '../engine/context';
import { effectivePublishRegistry, normalizeRegistry, projectNpmrcs } from '../engine/registry/npmrc';
import { createRegistryClient, redactUrl, type RegistryClient } from '../engine/registry/client';
import { userRegistryTokens } from '../engine/registry/auth';
import { auditPackages, defaultCacheDir, TarballCache, type SecretTrail, type VersionAudit } from '../engine/registry/audit';
import type { FileSystem } from '../engine/safe/fs';

export type { PublishedVersionsParams } from '../../../protocol';

/** The answer: the audited versions, newest first, or `error` (one sentence for the user). */
export interface PublishedVersionsResult {
  root: string;
  name?: string;
  registry?: string;
  versions: Array<Omit<VersionAudit, 'findings'> & { findings: Array<{ ruleId: string; severity: string; file: string; message: string }> }>;
  secrets: SecretTrail[];
  problems: string[];
  error?: string;
}

/** Audits the published versions of `ua` (the caller checks trust and that the user asked). */
export async function publishedVersions(ua: UnitAnalysis, fs: FileSystem, rules: readonly Rule[], workspaceRoot: string, opts: { env?: NodeJS.ProcessEnv; client?: RegistryClient } = {}): Promise<PublishedVersionsResult> {
  const root = ua.unit.root;
  if (ua.unit.kind !== 'npm' || !ua.unit.name) return { root, versions: [], secrets: [], problems: [], error: 'Only npm packages with a "name" have published versions on a registry.' };
  const env = opts.env ?? process.env;
  const npmrcs = await projectNpmrcs(ua.unit, (p) => fs.readText(p), async (p) => (await fs.stat(p)) !== undefined, workspaceRoot);
  const registry = normalizeRegistry(effectivePublishRegistry(ua.unit.manifest, npmrcs).url);
  if (!/^https?:\/\//i.test(registry)) return { root, name: ua.unit.name, versions: [], secrets: [], problems: [], error: `"${redactUrl(registry)}" is not an http(s) registry.` };
  const client = opts.client ?? createRegistryClient({ tokens: userRegistryTokens(env, [workspaceRoot]) });
  const outcome = await auditPackages([{ name: ua.unit.name, registry }], { client, cache: new TarballCache(defaultCacheDir(env)), rules });
  return {
    root,
    name: ua.unit.name,
    registry: redactUrl(registry),
    versions: outcome.versions.map((v) => ({ ...v, findings: v.findings.filter((f) => f.kind).map((f) => ({ ruleId: f.ruleId, severity: f.severity, file: f.file, message: f.message })) })).reverse(),
    secrets: outcome.secrets,
    problems: outcome.problems,
  };
}
