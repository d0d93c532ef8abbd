/**
 * `leakguard diff [PATH] [--registry URL] [--format text|json]`: what would be published now
 * (the engine's publish set) against the latest version on the registry (packument + tarball, read
 * in memory). Files added and removed, size growth, and NEW source maps, .env files, keys,
 * credential files, agent files and lockfiles.
 *
 * Exit status: 1 when a new sensitive file appears, 0 otherwise, 2 on usage or network errors.
 * The only CLI command that contacts a network, and only when it is run.
 */
import { parseCommandLine } from './io';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiskFileSystem } from '../engine/safe/fs';
import { makeUnit } from '../engine/workspace';
import { computePublishSet } from '../engine/publish/index';
import { toPosix, relPosix } from '../engine/paths';
import { effectivePublishRegistry, normalizeRegistry, projectNpmrcs } from '../engine/registry/npmrc';
import { userRegistryTokens } from '../engine/registry/auth';
import { comparePublished, createRegistryClient, formatBytes, RegistryError, type PublishDiff, type PublishedListing, type RegistryHook } from '../engine/registry/client';

/** What `diff` needs from the CLI (a subset of CliIo, so main.ts and diff.ts do not import each other). */
export interface DiffIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Help text of `leakguard diff`. */
export const DIFF_HELP = `Usage: leakguard diff [PATH] [--registry URL] [--format text|json]

Compares what "npm publish" would upload from the package at PATH (default: .) with the latest
version on the registry (read in memory, nothing extracted): files added and removed, size growth,
and new source maps, .env files, keys, credential files, agent files and lockfiles.

Options:
  -r, --registry URL   registry to compare with; default: the package's publishConfig, else the
                       project .npmrc (scope line first), else npm's default registry
      --tag TAG        dist-tag to compare with (default: latest)
  -f, --format FORMAT  text (default) or json

Asks the registry (only this command, "audit" and "check --registry-check" do), with a token
only from your own ~/.npmrc (NPM_CONFIG_USERCONFIG) for that registry. Exit status: 1 a new sensitive file would be published,
0 otherwise, 2 usage or network error.
`;

/**
 * The registry hook of `check --registry-check`: the client (and the user's tokens) are created on
 * first use, so nothing is read and nothing contacts a network unless an enabled rule asks. Only
 * the flag creates one (issue #15): without it `check` passes no hook at all.
 */
export function lazyRegistryHook(env: NodeJS.ProcessEnv, workspaceRoots: readonly string[] = [], warn?: (s: string) => void): RegistryHook {
  let client: RegistryHook | undefined;
  // One request per package and registry, however often the folder is re-analysed (--fix re-checks).
  const cache = new Map<string, Promise<PublishedListing | undefined>>();
  return {
    fetchPublished(name, registry, tag) {
      const key = `${name}\0${normalizeRegistry(registry)}\0${tag ?? 'latest'}`;
      const hit = cache.get(key);
      if (hit) return hit;
      client ??= createRegistryClient({ tokens: userRegistryTokens(env, workspaceRoots, warn) });
      const p = client.fetchPublished(name, registry, tag);
      cache.set(key, p);
      return p;
    },
  };
}

/** Runs `leakguard diff`; throws an Error (exit 2, message only) on usage and network errors. */
export async function runDiff(args: string[], io: DiffIo, client?: RegistryHook): Promise<number> {
  const parsed = parseCommandLine(args, { registry: { type: 'string', short: 'r' }, format: { type: 'string', short: 'f' }, tag: { type: 'string' } });
  const format = parsed.values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new Error(`--format must be text or json (got "${format}").`);
  if (parsed.positionals.length > 1) throw new Error('diff takes at most one PATH.');
  const p = parsed.positionals[0] ?? '.';
  const root = toPosix(path.resolve(io.cwd, p));
  const manifestPath = `${root}/package.json`;
  let manifestText: string;
  try {
    manifestText = fs.readFileSync(manifestPath, 'utf8');
  } catch {
    throw new Error(`${p}: no package.json there. "leakguard diff" takes the folder of one npm package.`);
  }
  const unit = makeUnit(manifestPath, manifestText);
  if (!unit.manifest) throw new Error(`${relPosix(io.cwd, manifestPath) || 'package.json'} is not valid JSON.`);
  if (!unit.name) throw new Error(`${relPosix(io.cwd, manifestPath) || 'package.json'} has no "name": there is nothing to look up on a registry.`);
  if (unit.kind === 'private') throw new Error(`${unit.name} is "private": true; npm never publishes it, so there is no published version to compare with.`);
  if (unit.kind === 'vscode-extension') throw new Error(`${unit.name} is a VS Code extension; "leakguard diff" compares npm packages with a registry (use "leakguard pack" on the .vsix).`);

  const disk = new DiskFileSystem();
  const readText = (abs: string) => disk.readText(abs);
  const exists = async (abs: string) => (await disk.stat(abs)) !== undefined;
  const npmrcs = await projectNpmrcs(unit, readText, exists);
  let registry: string;
  let source: string;
  if (parsed.values.registry !== undefined) {
    if (!/^https?:\/\/[^/]/i.test(parsed.values.registry)) throw new Error(`--registry expects an http(s) URL (got "${parsed.values.registry}").`);
    registry = normalizeRegistry(parsed.values.registry);
    source = '--registry';
  } else {
    const eff = effectivePublishRegistry(unit.manifest, npmrcs);
    registry = normalizeRegistry(eff.url);
    source =
      eff.source.kind === 'publishConfig'
        ? `publishConfig["${eff.source.key}"] in ${relPosix(io.cwd, manifestPath) || 'package.json'}`
        : eff.source.kind === 'npmrc'
          ? `${eff.source.entry.key} in ${relPosix(io.cwd, eff.source.file.path) || '.npmrc'}:${eff.source.entry.line + 1}`
          : "npm's default registry: no publishConfig or .npmrc registry in the project";
  }

  const publishSet = await computePublishSet(disk, unit);
  for (const problem of publishSet.problems) io.stderr(`leakguard: ${problem}\n`);
  const tokens = userRegistryTokens(io.env, [root], (w) => io.stderr(`leakguard: ${w}\n`));
  const hook = client ?? createRegistryClient({ tokens });
  let published: PublishedListing | undefined;
  try {
    published = await hook.fetchPublished(unit.name, registry, parsed.values.tag ?? 'latest');
  } catch (e) {
    if (e instanceof RegistryError) throw new Error(`diff: ${e.message} (registry from ${source}).`);
    throw e;
  }
  const local = publishSet.files.map((f) => ({ path: f.path, size: f.size }));
  const diff = comparePublished(local, published?.files ?? []);
  const version = typeof unit.manifest.version === 'string' ? unit.manifest.version : '(no version)';
  const newSensitive = diff.added.filter((f) => f.sensitive);

  if (format === 'json') {
    io.stdout(
      JSON.stringify(
        {
          version: 1,
          package: { name: unit.name, version },
          registry: { url: registry, source },
          published: published ? { version: published.version, tarball: published.tarball, files: diff.before.files, bytes: diff.before.bytes } : null,
          local: { files: diff.after.files, bytes: diff.after.bytes },
          added: diff.added,
          removed: diff.removed,
          changed: diff.changed,
          growth: { bytes: diff.growthBytes, percent: diff.growthPercent === null ? null : Math.round(diff.growthPercent * 10) / 10 },
          newSensitive: newSensitive.map((f) => ({ path: f.path, kind: f.sensitive, size: f.size })),
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    io.stdout(textReport(unit.name, version, registry, source, published, diff));
  }
  return newSensitive.length > 0 ? 1 : 0;
}

function textReport(name: string, version: string, registry: string, source: string, published: PublishedListing | undefined, diff: PublishDiff): string {
  const out: string[] = [];
  out.push(`Registry: ${registry} (${source})`);
  if (!published) out.push(`${name} is not published on ${registry} yet: every file of ${version} is new.`);
  else out.push(`${name}: ${version} here vs ${published.version} published`);
  const pct = diff.growthPercent === null ? '' : `, ${diff.growthPercent >= 0 ? '+' : ''}${Math.round(diff.growthPercent)} %`;
  out.push(`  files  ${diff.before.files} → ${diff.after.files} (+${diff.added.length} added, -${diff.removed.length} removed)`);
  out.push(`  size   ${formatBytes(diff.before.bytes)} → ${formatBytes(diff.after.bytes)} (${diff.growthBytes >= 0 ? '+' : ''}${formatBytes(diff.growthBytes)}${pct})`);
  const w = Math.max(0, ...diff.added.map((f) => f.path.length), ...diff.removed.map((f) => f.path.length));
  if (diff.added.length) {
    out.push('', `Added (${diff.added.length}):`);
    for (const f of diff.added) out.push(`  + ${f.path.padEnd(w)}  ${formatBytes(f.size).padStart(9)}${f.sensitive ? `  NEW ${f.sensitive}` : ''}`);
  }
  if (diff.removed.length) {
    out.push('', `Removed (${diff.removed.length}):`);
    for (const f of diff.removed) out.push(`  - ${f.path.padEnd(w)}  ${formatBytes(f.size).padStart(9)}`);
  }
  const grown = diff.changed.filter((c) => c.after > c.before).slice(0, 10);
  if (grown.length) {
    out.push('', 'Grown most:');
    for (const c of grown) out.push(`  ~ ${c.path}  ${formatBytes(c.before)} → ${formatBytes(c.after)} (+${formatBytes(c.after - c.before)})`);
  }
  const sensitive = diff.added.filter((f) => f.sensitive);
  out.push('');
  if (sensitive.length) out.push(`${sensitive.length} new sensitive file${sensitive.length === 1 ? '' : 's'} would be published: ${sensitive.map((f) => `${f.path} (${f.sensitive})`).join(', ')}.`);
  else out.push('No new source maps, .env files, keys, credential or agent files.');
  return out.join('\n') + '\n';
}
