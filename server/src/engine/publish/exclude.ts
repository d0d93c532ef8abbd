/**
 * Keeping files out of a publish set: the one `exclude` that every rule, every editor command and
 * the Publish Set view use (issue #17). Each packager says how its own files express an exclusion
 * (npm: `files` negations or `.npmignore`; vsce: `.vscodeignore`, or narrowed `files` entries,
 * because vsce turns `files` into negations that win over everything), and every candidate edit is
 * checked by recomputing the publish set over the edited text. A fix is offered only when every
 * path that must go is gone, nothing new ships, and every entry point still ships.
 *
 * The exclude/entry-point half of the `Packager` interface (engine/packagers/packager.ts, issue
 * #21): `exclude` asks the unit's packager for candidates and verifies them here. npm's and vsce's
 * candidates live below (`npmExcluder`, `vsceExcluder`), wired in by packagers/npm and packagers/vsce.
 */
import type { FileSystem } from '../safe/fs';
import type { Fix, FileEdit } from '../types';
import { applyTextEdits } from '../fix-helpers';
import { computePublishSet } from './index';
import { packagerFor } from '../packagers/registry';
import type { PublishSet } from './types';
import { isKept, requestCovers, type ExcludeRequest, type FixVerdict } from './exclude-kit';

export * from './exclude-kit';

// ---------------------------------------------------------------------------------------------
// verification

/** A file system that sees `edits` applied (and created files), over `base`. */
export async function overlayFs(base: FileSystem, edits: readonly FileEdit[]): Promise<{ fs: FileSystem; texts: Map<string, string> }> {
  const texts = new Map<string, string>();
  for (const fe of edits) {
    const before = texts.get(fe.file) ?? (await base.readText(fe.file)) ?? (fe.create ? '' : undefined);
    if (before === undefined) throw new Error(`cannot read ${fe.file}`);
    texts.set(fe.file, applyTextEdits(before, fe.edits));
  }
  const dirOf = (p: string) => p.slice(0, p.lastIndexOf('/'));
  const created = new Map<string, string[]>();
  for (const f of texts.keys()) {
    if (await base.stat(f)) continue;
    const list = created.get(dirOf(f)) ?? [];
    list.push(f.slice(f.lastIndexOf('/') + 1));
    created.set(dirOf(f), list);
  }
  const fs: FileSystem = {
    readFile: async (p) => (texts.has(p) ? Buffer.from(texts.get(p)!) : base.readFile(p)),
    readText: async (p) => (texts.has(p) ? texts.get(p) : base.readText(p)),
    stat: async (p) => {
      const t = texts.get(p);
      if (t === undefined) return base.stat(p);
      const st = await base.stat(p);
      return { size: Buffer.byteLength(t), mtimeMs: st?.mtimeMs ?? Date.now(), isFile: true, isDirectory: false };
    },
    readDir: async (p) => {
      const entries = await base.readDir(p);
      const extra = created.get(p) ?? [];
      return [...entries, ...extra.filter((n) => !entries.some((e) => e.name === n)).map((name) => ({ name, isFile: true, isDirectory: false, isSymbolicLink: false }))];
    },
  };
  return { fs, texts };
}

/**
 * Recomputes the publish set with a fix applied (in memory) and compares: the paths of `mustGo`
 * are gone, nothing new ships, no entry point that shipped stops shipping, and nothing else stops
 * shipping unless `mayDrop` allows it.
 */
export async function verifyFix(fs: FileSystem, set: PublishSet, fix: Fix, mustGo: readonly string[], mayDrop: (p: string) => boolean = () => false): Promise<FixVerdict> {
  const unit = set.unit;
  let after: PublishSet;
  try {
    const { fs: ofs, texts } = await overlayFs(fs, fix.edits);
    const next = await packagerFor(unit).reread(ofs, unit, texts);
    if (next.kind !== unit.kind) return { ok: false, stillShipped: [...mustGo], lostEntryPoints: [], added: [], dropped: [], becomes: next.kind };
    after = await computePublishSet(ofs, next, { ignoreFileTexts: texts });
    if (after.problems.length > set.problems.length) return { ok: false, stillShipped: [...mustGo], lostEntryPoints: [], added: [], dropped: [] };
  } catch {
    return { ok: false, stillShipped: [...mustGo], lostEntryPoints: [], added: [], dropped: [] };
  }
  const eps = new Set([...packagerFor(unit).entryPoints(unit, set), ...(unit.manifestPath.endsWith('/package.json') ? ['package.json'] : [])]);
  const stillShipped = mustGo.filter((p) => after.byPath.has(p));
  const lostEntryPoints = [...eps].filter((p) => set.byPath.has(p) && !after.byPath.has(p));
  // The file a fix creates may ship itself (setuptools always packs MANIFEST.in): it holds only the fix's own lines.
  const created = new Set(fix.edits.filter((e) => e.create).map((e) => e.file));
  const added = after.files.filter((f) => !set.byPath.has(f.path) && !created.has(f.abs)).map((f) => f.path);
  const dropped = set.files.filter((f) => !after.byPath.has(f.path) && !mustGo.includes(f.path) && !eps.has(f.path) && !mayDrop(f.path)).map((f) => f.path);
  return { ok: stillShipped.length === 0 && lostEntryPoints.length === 0 && added.length === 0 && dropped.length === 0, stillShipped, lostEntryPoints, added, dropped };
}

/**
 * The fix that keeps `req` out of the unit's publish set, or undefined when no edit of the
 * packager's own files does it without breaking the package. Every candidate is verified by
 * recomputing the publish set; the first that passes wins.
 */
export async function exclude(fs: FileSystem, set: PublishSet, req: ExcludeRequest): Promise<Fix | undefined> {
  // A private package ships nothing; an archive is scanned as it is: no edit can change either.
  if (set.unit.kind === 'private' || set.tool === 'archive') return undefined;
  const excluder = packagerFor(set.unit);
  const mustGo = set.files.map((f) => f.path).filter((p) => requestCovers(req, p) && !isKept(req, p) && (req.paths.includes(p) || !excluder.entryPoints(set.unit, set).includes(p)));
  const targets = req.paths.filter((p) => set.byPath.has(p));
  if (targets.length === 0) return undefined;
  const candidates = await excluder.excludeCandidates(set.unit, set, req, (abs) => fs.readText(abs));
  for (const c of candidates) {
    const verdict = await verifyFix(fs, set, c.fix, targets, (p) => mustGo.includes(p) || (c.mayDrop?.(p) ?? false));
    if (verdict.ok) return { ...c.fix, verified: true };
  }
  return undefined;
}
