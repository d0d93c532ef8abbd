/**
 * The publish set of `pnpm pack` / `pnpm publish` (pnpm 9 and 10), with a reason per file.
 *
 * pnpm selects files with the npm-packlist it bundles (5.1.3) called as `packlist({ path })`:
 * no workspace prefix, so unlike `npm pack -w` it never reads the workspace root's ignore files;
 * the package.json it sees is the publish manifest (publishConfig's main, bin, exports … win).
 * `publishConfig.directory` packs that folder with its own package.json. When the package has no
 * LICENSE file, pnpm copies the workspace root's LICENSE* into the tarball (not in `--json`).
 * The set is npm-packlist 5's own answer; the reason for each file comes from the traced
 * npm-packlist run of npm.ts on the same folder without a workspace (same rules for the reasons
 * that matter: files entry, ignore file and line, always-included).
 */
import * as path from 'node:path';
import type { FileSystem } from '../safe/fs';
import type { PackagingUnit } from '../unit';
import { toPosix } from '../paths';
import { computeNpmPublishSet, explainNpmPath } from './npm';
import type { InclusionReason, PathExplanation, PublishedFile, PublishSet } from './types';

/** Fields pnpm copies from publishConfig over the manifest (createExportableManifest, pnpm 10). */
const PUBLISH_CONFIG_FIELDS = ['bin', 'engines', 'type', 'imports', 'main', 'module', 'typings', 'types', 'exports', 'browser', 'esnext', 'es2015', 'unpkg', 'umd:main', 'os', 'cpu', 'libc', 'typesVersions'];

/** The manifest pnpm publishes: publishConfig's fields moved over the top-level ones. */
export function pnpmPublishManifest(manifest: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = JSON.parse(JSON.stringify(manifest)) as Record<string, unknown>;
  const pc = out.publishConfig;
  if (pc && typeof pc === 'object' && !Array.isArray(pc)) {
    for (const k of PUBLISH_CONFIG_FIELDS) {
      if (k in (pc as Record<string, unknown>)) {
        out[k] = (pc as Record<string, unknown>)[k];
        delete (pc as Record<string, unknown>)[k];
      }
    }
  }
  return out;
}

interface PnpmContext {
  packDir: string;
  manifest: Record<string, unknown>;
  /** The same unit seen as npm would pack it alone from packDir (for reasons and explain). */
  alone: PackagingUnit;
  problems: string[];
}

async function context(fs: FileSystem, unit: PackagingUnit): Promise<PnpmContext | { problems: string[]; packDir: string }> {
  const packDir = unit.publishDirectory ?? unit.root;
  const problems: string[] = [];
  let manifest = unit.manifest ?? {};
  if (unit.publishDirectory) {
    const text = await fs.readText(`${packDir}/package.json`);
    if (text === undefined) return { packDir, problems: [`pnpm packs publishConfig.directory ${packDir}, which has no package.json: pnpm pack would fail.`] };
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) manifest = parsed as Record<string, unknown>;
    } catch {
      return { packDir, problems: [`${packDir}/package.json is not valid JSON: pnpm pack would fail.`] };
    }
  }
  const publishManifest = pnpmPublishManifest(manifest);
  const alone: PackagingUnit = { ...unit, root: packDir, manifestPath: `${packDir}/package.json`, manifest: publishManifest, publishDirectory: undefined, npmWorkspaceRoot: undefined };
  return { packDir, manifest: publishManifest, alone, problems };
}

/** Runs pnpm's npm-packlist (5.1.3) the way pnpm does. */
async function pnpmPacklist(packDir: string, manifest: Record<string, unknown>): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const packlist = require('npm-packlist-5') as (o: { path: string; packageJsonCache: Map<string, unknown> }) => Promise<string[]>;
  const native = path.resolve(packDir);
  // npm-packlist 5 appends to `files`: give it its own copy.
  const cache = new Map<string, unknown>([[path.join(native, 'package.json'), JSON.parse(JSON.stringify(manifest)) as unknown]]);
  const files = await packlist({ path: native, packageJsonCache: cache });
  return [...new Set(files.map((f) => toPosix(f).replace(/^\.\//, '')))];
}

const LICENSE_IN_LIST = /LICEN[CS]E(?:\..+)?/i;
const ROOT_LICENSE = /^LICEN[SC]E(?:\..*)?$/;

/** The files `pnpm pack` would put in the tarball for `unit`, each with its reason. Never throws. */
export async function computePnpmPublishSet(fs: FileSystem, unit: PackagingUnit): Promise<PublishSet> {
  const ctx = await context(fs, unit);
  if (!('alone' in ctx)) return { unit, tool: 'pnpm', files: [], byPath: new Map(), problems: ctx.problems, packRoot: ctx.packDir };
  const problems = [...ctx.problems];
  const traced = await computeNpmPublishSet(fs, ctx.alone, { workspaceRoot: null });
  let rels: string[];
  if (traced.refusedGlobs) {
    // pnpm's npm-packlist 5 reads the ignore files itself, with no glob bounds: a hostile pattern
    // would hang it (issue #15). The traced npm-packlist 10 run, which refused those lines, answers.
    problems.push(...traced.problems, `pnpm's npm-packlist was not run on ${ctx.packDir}: an ignore file or "files" has a glob over the wildcard bounds; the set is npm-packlist 10's.`);
    rels = traced.files.map((f) => f.path);
  } else {
    try {
      const st = await fs.stat(ctx.packDir);
      if (!st?.isDirectory) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      rels = await pnpmPacklist(ctx.packDir, ctx.manifest);
    } catch (e) {
      problems.push(`pnpm's npm-packlist failed on ${ctx.packDir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return { unit, tool: 'pnpm', files: [], byPath: new Map(), problems, packRoot: ctx.packDir };
    }
  }
  const files: PublishedFile[] = [];
  for (const rel of rels) {
    const abs = `${ctx.packDir}/${rel}`;
    const st = await fs.stat(abs);
    const reason: InclusionReason = traced.byPath.get(rel)?.reason ?? { kind: 'not-ignored', via: 'none' };
    files.push({ path: rel, abs, size: st?.size ?? 0, reason });
  }
  // pnpm copies the workspace root's LICENSE when the package has none.
  const ws = unit.workspaceRoot;
  if (ws && ws !== ctx.packDir && !rels.some((f) => LICENSE_IN_LIST.test(f))) {
    let entries: Awaited<ReturnType<FileSystem['readDir']>> = [];
    try {
      entries = await fs.readDir(ws);
    } catch {
      entries = [];
    }
    for (const e of entries) {
      if (!e.isFile || !ROOT_LICENSE.test(e.name)) continue;
      const abs = `${ws}/${e.name}`;
      const st = await fs.stat(abs);
      files.push({ path: e.name, abs, size: st?.size ?? 0, reason: { kind: 'copied', from: abs } });
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { unit, tool: 'pnpm', files, byPath: new Map(files.map((f) => [f.path, f])), problems, packRoot: ctx.packDir };
}

/** Why `relPath` is or is not in pnpm's tarball: pnpm's set decides, npm-packlist's trace explains. */
export async function explainPnpmPath(fs: FileSystem, unit: PackagingUnit, relPath: string): Promise<PathExplanation> {
  const set = await computePnpmPublishSet(fs, unit);
  const packRoot = set.packRoot ?? unit.root;
  const rel = toPosix(path.isAbsolute(relPath) ? path.relative(packRoot, relPath) : path.normalize(relPath)).replace(/^\.\//, '').replace(/\/+$/, '');
  const hit = set.byPath.get(rel);
  if (hit) return { path: rel, included: true, reason: hit.reason, tool: 'pnpm', problems: set.problems };
  const ctx = await context(fs, unit);
  if (!('alone' in ctx)) return { path: rel, included: false, exclusion: { kind: 'unknown' }, tool: 'pnpm', problems: ctx.problems };
  const ex = await explainNpmPath(fs, ctx.alone, rel, { workspaceRoot: null });
  return { ...ex, included: false, reason: undefined, exclusion: ex.exclusion ?? { kind: 'unknown' }, tool: 'pnpm', problems: set.problems };
}
