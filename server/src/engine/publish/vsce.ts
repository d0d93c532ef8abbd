/**
 * The VS Code extension publish set with vsce's own semantics (placeholder until implemented).
 */
import type { FileSystem } from '../fs';
import type { PackagingUnit } from '../workspace';
import type { PathExplanation, PublishSet } from './types';

/** The files `vsce package --no-dependencies` would put into the VSIX. */
export async function computeVsceFileSet(_fs: FileSystem, unit: PackagingUnit): Promise<PublishSet> {
  return { unit, tool: 'vsce', files: [], byPath: new Map(), problems: ['vsce publish sets are not implemented yet.'], packRoot: unit.root };
}

/** Why `relPath` is or is not in the VSIX. */
export async function explainVscePath(_fs: FileSystem, _unit: PackagingUnit, relPath: string): Promise<PathExplanation> {
  return { path: relPath, included: false, exclusion: { kind: 'unknown' }, tool: 'vsce', problems: ['not implemented'] };
}
