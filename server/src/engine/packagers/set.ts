/**
 * Publish sets from packager artifacts (#21): a Python sdist + wheel, a container image. The rules,
 * the runner and the views read one `PublishSet` whose `files` are the unit's source files that
 * ship in any artifact (keyed by the path relative to the unit root, so the content rules read the
 * file on disk and fixes name it), each with where it lands in every artifact and why;
 * `artifacts` keeps the per-artifact lists with the paths inside them.
 */
import type { PackagingUnit } from '../unit';
import type { PathExplanation, PublishSet, PublishedFile, ShipsIn } from '../publish/types';
import type { PackagerArtifact } from './types';

/** The union of `artifacts` by source path, each file with every place it lands. */
export function setFromArtifacts(unit: PackagingUnit, tool: PublishSet['tool'], artifacts: PackagerArtifact[], problems: string[]): PublishSet {
  const bySource = new Map<string, { abs: string; size: number; shipsIn: ShipsIn[] }>();
  for (const a of artifacts) {
    for (const f of a.files) {
      // A member of an archive ADDed into an image is listed under the archive (the file on disk).
      const abs = f.abs.includes('!/') ? f.abs.slice(0, f.abs.indexOf('!/')) : f.abs;
      let e = bySource.get(f.source);
      if (!e) bySource.set(f.source, (e = { abs, size: f.abs.includes('!/') ? 0 : f.size, shipsIn: [] }));
      if (f.abs.includes('!/')) e.size += f.size;
      e.shipsIn.push({ artifact: a.artifact, path: f.path, reason: f.reason });
    }
  }
  const files: PublishedFile[] = [...bySource]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([source, e]) => {
      const first = e.shipsIn[0].reason;
      // A cause nobody edits (git's index for setuptools-scm) is not where a finding goes: the manifest is.
      const editable = first.file !== undefined && !/\/\.git\//.test(first.file);
      return { path: source, abs: e.abs, size: e.size, reason: { kind: 'packager', text: first.text, ...(editable ? { file: first.file, line: first.line } : {}), pattern: first.pattern, shipsIn: e.shipsIn } };
    });
  return { unit, tool, files, byPath: new Map(files.map((f) => [f.path, f])), problems: [...new Set(problems)], packRoot: unit.root, artifacts };
}

/** Why a source path is or is not in a set built by {@link setFromArtifacts}. */
export function explainInSet(set: PublishSet, relPath: string, exists: boolean, whyNot: (artifact: PackagerArtifact) => string): PathExplanation {
  const rel = relPath.startsWith(set.unit.root + '/') ? relPath.slice(set.unit.root.length + 1) : relPath.replace(/^\.\//, '');
  const hit = set.byPath.get(rel);
  if (hit) return { path: rel, included: true, reason: hit.reason, tool: set.tool, problems: set.problems };
  if (!exists) return { path: rel, included: false, exclusion: { kind: 'not-found' }, tool: set.tool, problems: set.problems };
  const text = (set.artifacts ?? []).map((a) => `${a.artifact}: ${whyNot(a)}`).join('; ');
  return { path: rel, included: false, exclusion: { kind: 'packager', text: text || 'not selected' }, tool: set.tool, problems: set.problems };
}

/** Every line of `lines` not yet in `text` (trimmed comparison), to append to an ignore-style file. */
export function missingLines(text: string | undefined, lines: readonly string[]): string[] {
  const have = new Set((text ?? '').split(/\r?\n/).map((l) => l.trim()));
  return [...new Set(lines)].filter((l) => !have.has(l));
}
