/**
 * The workspace model: which packaging units live under a folder.
 *
 * One walk of the folder hands every file a registered packager claims (engine/packagers/registry.ts)
 * to that packager's `detect`. For npm, every `package.json` outside `node_modules` is a unit: an
 * npm package, a VS Code extension (`engines.vscode`, packed by vsce), or a private package
 * (`"private": true`, never published by npm but still analysed for rules such as
 * publish-workspace-root-not-private); that detection is packagers/npm/detect.ts, re-exported here.
 */
import * as path from 'node:path';
import type { DirEntry, FileSystem } from './safe/fs';
import { toPosix } from './paths';
import { filterUnits } from './config/unit-filter';
import type { DetectContext } from './packagers/packager';
import type { DiscoverOptions, DiscoverResult, PackagingUnit, PackagerId } from './unit';
import { allPackagers } from './packagers/registry';

export type { UnitKind, PackTool, PackagingUnit, PackagerId, DiscoverOptions, DiscoverResult } from './unit';
export { PACK_TOOLS } from './unit';
export { detectPackageJsonUnits, makeUnit, workspaceGlobs, parsePnpmWorkspace, ancestorMarkers, manifestNode, type FolderMarkers } from './packagers/npm/detect';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);
/** Folders read ahead of the one being looked at. */
const READ_AHEAD = 16;
/** A read already taken (its entries are not kept). */
const DONE = Promise.resolve({ entries: [] as DirEntry[] });

/** Finds every packaging unit under `folder`, for every registered packager. Never follows symbolic links. */
export async function discoverUnits(fs: FileSystem, folder: string, opts: DiscoverOptions = {}): Promise<DiscoverResult> {
  const maxDepth = opts.maxDepth ?? 12;
  const maxDirs = opts.maxDirs ?? 50_000;
  const root = toPosix(path.resolve(folder));
  const detecting = allPackagers().filter((p) => p.detect);
  const claimed = new Map<PackagerId, string[]>(detecting.map((p) => [p.id, []]));
  const problems: string[] = [];
  /** Symbolic links to folders (a workspace folder may be one): never entered, only matched to units. */
  const links: string[] = [];
  const queue: Array<{ dir: string; depth: number }> = [{ dir: root, depth: 0 }];
  // Breadth first, in queue order; the next folders of the queue are already being read (issue #20:
  // one read at a time, a 4,800-folder monorepo left both cores idle for half a second).
  const reads: Array<Promise<{ entries: DirEntry[] } | { error: unknown }>> = [];
  const readAhead = (upTo: number): void => {
    for (let k = reads.length; k < Math.min(upTo, queue.length, maxDirs); k++) {
      reads.push(fs.readDir(queue[k].dir).then((entries) => ({ entries }), (error: unknown) => ({ error })));
    }
  };
  for (let i = 0; i < queue.length; i++) {
    if (i >= maxDirs) {
      problems.push(`Stopped looking for package.json after ${maxDirs} folders under ${root}.`);
      break;
    }
    const { dir, depth } = queue[i];
    readAhead(i + READ_AHEAD);
    const read = await reads[i];
    reads[i] = DONE;
    if ('error' in read) {
      problems.push(`Cannot read folder ${dir}: ${(read.error as NodeJS.ErrnoException)?.code ?? String(read.error)}`);
      continue;
    }
    for (const entry of read.entries) {
      const claimers = entry.isFile ? detecting.filter((p) => p.claims(entry.name)) : [];
      if (claimers.length > 0) for (const p of claimers) claimed.get(p.id)!.push(`${dir}/${entry.name}`);
      else if (entry.isSymbolicLink && !SKIP_DIRS.has(entry.name) && links.length < 1000) links.push(`${dir}/${entry.name}`);
      else if (entry.isDirectory && !entry.isSymbolicLink && !SKIP_DIRS.has(entry.name) && depth < maxDepth) {
        queue.push({ dir: `${dir}/${entry.name}`, depth: depth + 1 });
      }
    }
  }
  const units: PackagingUnit[] = [];
  for (const p of detecting) {
    const ctx: DetectContext = { folder: root, manifests: claimed.get(p.id)!.sort(), links, options: opts, problems };
    try {
      units.push(...(await p.detect!(fs, ctx)));
    } catch (e) {
      problems.push(`Cannot detect ${p.label}s under ${root}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  // Test fixtures, examples and vendored tools are not units (#23): one filter, applied last.
  const filtered = filterUnits(units, root, opts.units);
  return { units: filtered.units, problems, skipped: filtered.skipped };
}

