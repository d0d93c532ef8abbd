/**
 * Publish sets: dispatch on the kind of packaging unit.
 * npm packages → npm-packlist 10; VS Code extensions → vsce's own rules; private packages → empty.
 */
import type { FileSystem } from '../safe/fs';
import type { PackagingUnit } from '../workspace';
import { computeNpmPublishSet, explainNpmPath, type NpmPublishOptions } from './npm';
import { computeVsceFileSet, explainVscePath } from './vsce';
import { computePnpmPublishSet, explainPnpmPath } from './pnpm';
import { computeYarnPublishSet, explainYarnPath } from './yarn';
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
  try {
    switch (unit.kind) {
      case 'npm':
        // The unit's own packer (#16): pnpm and yarn berry select files by their own rules.
        if (unit.tool === 'pnpm') return await computePnpmPublishSet(fs, unit);
        if (unit.tool === 'yarn') return await computeYarnPublishSet(fs, unit);
        return await computeNpmPublishSet(fs, unit, opts);
      case 'vscode-extension':
        return await computeVsceFileSet(fs, unit);
      case 'private':
      default:
        return { unit, tool: 'npm-packlist', files: [], byPath: new Map(), problems: [], packRoot: unit.root };
    }
  } catch (e) {
    // The callees never throw; this is the last line of defence for the server.
    return { unit, tool: unit.kind === 'vscode-extension' ? 'vsce' : 'npm-packlist', files: [], byPath: new Map(), problems: [String(e)], packRoot: unit.root };
  }
}

/**
 * Why `relPath` is or is not in the unit's publish set (used by `leakguard explain`).
 * `relPath` is relative to the packed folder, or absolute.
 */
export async function explainPath(fs: FileSystem, unit: PackagingUnit, relPath: string, opts: PublishSetOptions = {}): Promise<PathExplanation> {
  try {
    if (unit.kind === 'npm' && unit.tool === 'pnpm') return await explainPnpmPath(fs, unit, relPath);
    if (unit.kind === 'npm' && unit.tool === 'yarn') return await explainYarnPath(fs, unit, relPath);
    if (unit.kind === 'npm') return await explainNpmPath(fs, unit, relPath, opts);
    if (unit.kind === 'vscode-extension') return await explainVscePath(fs, unit, relPath);
    return { path: relPath, included: false, exclusion: { kind: 'private' }, tool: 'npm-packlist', problems: [] };
  } catch (e) {
    return { path: relPath, included: false, exclusion: { kind: 'unknown' }, tool: unit.kind === 'vscode-extension' ? 'vsce' : 'npm-packlist', problems: [String(e)] };
  }
}
export { wouldShip } from './would-ship';
