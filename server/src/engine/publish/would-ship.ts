/**
 * "Would this path ship if it existed?" (issue #23, item 1): config rules (tsconfig `sourceMap`,
 * webpack `devtool`, esbuild `sourcemap`, ...) judge the files a build WOULD write, e.g.
 * `out/extension.js.map`, by asking the unit's packager itself, the same question
 * `leakguard explain` answers for paths that do not exist yet. Never throws.
 */
import * as path from 'node:path';
import type { FileSystem } from '../safe/fs';
import type { PackagingUnit } from '../unit';
import { toPosix } from '../paths';
import type { NpmPublishOptions } from './npm';
import { packagerFor } from '../packagers/registry';
import type { PathExplanation, PublishSet } from './types';

/**
 * For each path (relative to the unit's pack root, or absolute): does it ship, or would it ship if a
 * build wrote it (`hypothetical: true`)? A private unit ships nothing.
 */
export async function wouldShip(fs: FileSystem, unit: PackagingUnit, paths: readonly string[], opts: NpmPublishOptions & { publishSet?: PublishSet } = {}): Promise<PathExplanation[]> {
  const packRoot = unit.publishDirectory ?? unit.root;
  const rels = paths.map((p) => (path.isAbsolute(p) ? toPosix(path.relative(packRoot, p)) : toPosix(p)));
  const packager = packagerFor(unit);
  try {
    if (packager.wouldShip) return await packager.wouldShip(fs, unit, rels, opts);
    return rels.map((rel) => ({ path: rel, included: false, exclusion: { kind: 'unknown' }, tool: packager.toolOf(unit), problems: [`${packager.label}: cannot tell whether files a build would write ship`] }));
  } catch (e) {
    return rels.map((rel) => ({ path: rel, included: false, exclusion: { kind: 'unknown' }, tool: packager.toolOf(unit), problems: [String(e)] }));
  }
}
