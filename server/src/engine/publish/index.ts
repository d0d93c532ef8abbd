/**
 * Publish sets: asked of the unit's packager (engine/packagers/registry.ts, `packagerFor`).
 * npm packages → npm-packlist 10 / pnpm / yarn berry; VS Code extensions → vsce's own rules;
 * private packages → empty.
 */
import type { FileSystem } from '../safe/fs';
import type { PackagingUnit } from '../unit';
import type { NpmPublishOptions } from './npm';
import { packagerFor } from '../packagers/registry';
import type { PathExplanation, PublishSet } from './types';

export type { NpmPublishOptions } from './npm';
export { computeNpmPublishSet, explainNpmPath } from './npm';
export { computeVsceFileSet, explainVscePath } from './vsce';
export { computePnpmPublishSet, explainPnpmPath } from './pnpm';
export { computeYarnPublishSet, explainYarnPath } from './yarn';
export * from './types';

/** Options of {@link computePublishSet}. */
export type PublishSetOptions = NpmPublishOptions;

/**
 * The files `unit` would publish, each with its reason. Never throws: problems are in the set.
 * A `private` package is never published: its set is empty (tool `npm-packlist`).
 */
export async function computePublishSet(fs: FileSystem, unit: PackagingUnit, opts: PublishSetOptions = {}): Promise<PublishSet> {
  const packager = packagerFor(unit);
  try {
    return await packager.publishSet(fs, unit, opts);
  } catch (e) {
    // The packagers never throw; this is the last line of defence for the server.
    return { unit, tool: packager.toolOf(unit), files: [], byPath: new Map(), problems: [String(e)], packRoot: unit.root };
  }
}

/**
 * Why `relPath` is or is not in the unit's publish set (used by `leakguard explain`).
 * `relPath` is relative to the packed folder, or absolute.
 */
export async function explainPath(fs: FileSystem, unit: PackagingUnit, relPath: string, opts: PublishSetOptions = {}): Promise<PathExplanation> {
  const packager = packagerFor(unit);
  try {
    return await packager.explain(fs, unit, relPath, opts);
  } catch (e) {
    return { path: relPath, included: false, exclusion: { kind: 'unknown' }, tool: packager.toolOf(unit), problems: [String(e)] };
  }
}
export { wouldShip } from './would-ship';
