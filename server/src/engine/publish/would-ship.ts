/**
 * "Would this path ship if it existed?" (issue #23, item 1): config rules (tsconfig `sourceMap`,
 * webpack `devtool`, esbuild `sourcemap`, ...) judge the files a build WOULD write, e.g.
 * `out/extension.js.map`, by asking the unit's packager itself, the same question
 * `leakguard explain` answers for paths that do not exist yet. Never throws.
 */
import * as path from 'node:path';
import type { FileSystem } from '../safe/fs';
import type { PackagingUnit } from '../workspace';
import { toPosix } from '../paths';
import { explainNpmPaths, type NpmPublishOptions } from './npm';
import { explainVscePaths } from './vsce';
import type { PathExplanation, PublishSet } from './types';

/**
 * For each path (relative to the unit's pack root, or absolute): does it ship, or would it ship if a
 * build wrote it (`hypothetical: true`)? A private unit ships nothing.
 */
export async function wouldShip(fs: FileSystem, unit: PackagingUnit, paths: readonly string[], opts: NpmPublishOptions & { publishSet?: PublishSet } = {}): Promise<PathExplanation[]> {
  const packRoot = unit.publishDirectory ?? unit.root;
  const rels = paths.map((p) => (path.isAbsolute(p) ? toPosix(path.relative(packRoot, p)) : toPosix(p)));
  try {
    if (unit.kind === 'npm') return await explainNpmPaths(fs, unit, rels, opts);
    if (unit.kind === 'vscode-extension') return await explainVscePaths(fs, unit, rels, opts.publishSet);
    return rels.map((rel) => ({ path: rel, included: false, exclusion: { kind: 'private' }, tool: 'npm-packlist', problems: [] }));
  } catch (e) {
    return rels.map((rel) => ({ path: rel, included: false, exclusion: { kind: 'unknown' }, tool: unit.kind === 'vscode-extension' ? 'vsce' : 'npm-packlist', problems: [String(e)] }));
  }
}
