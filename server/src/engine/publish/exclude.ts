/**
 * Keeping files out of a publish set: the one `exclude` that every rule, every editor command and
 * the Publish Set view use (issue #17). Each packager says how its own files express an exclusion
 * (npm: `files` negations or `.npmignore`; vsce: `.vscodeignore`, or narrowed `files` entries,
 * because vsce turns `files` into negations that win over everything), and every candidate edit is
 * checked by recomputing the publish set over the edited text. A fix is offered only when every
 * path that must go is gone, nothing new ships, and every entry point still ships.
 *
 * Shaped as the exclude/entry-point half of the `Packager` interface DESIGN.md describes
 * (issue #21 draws that interface from npm and vsce): {@link ExcludePackager}.
 */
import { minimatch } from '../safe/glob';
import type { FileSystem } from '../safe/fs';
import type { Fix, FileEdit } from '../types';
import { makeUnit, type PackagingUnit } from '../workspace';
import { appendLines, applyTextEdits, entryPoints as npmEntryPoints, fileFix, jsonSet } from '../fix-helpers';
import { isSensitivePath } from '../sensitive';
import { computePublishSet } from './index';
import type { PublishSet } from './types';

/** What to keep out of a publish set. */
export interface ExcludeRequest {
  /** Shipped paths (relative to the pack root, `/` separators) that must leave the publish set. */
  paths: readonly string[];
  /** Basename globs that generalise the exclusion to any depth, e.g. `*.map`, `.env*`. */
  globs?: readonly string[];
  /** Folders (relative to the pack root) excluded whole, e.g. `src/__tests__`. */
  folders?: readonly string[];
  /** Basenames a glob covers that must keep shipping when they ship today (`.env.example`). */
  keep?: readonly string[];
  /** Words for the fix title: `source maps`, `.env files`. */
  what: string;
}

/** A candidate edit and what it may drop besides the requested paths. */
export interface ExcludeCandidate {
  fix: Fix;
  /** Shipped paths outside the request that may stop shipping (an allowlist drops them on purpose). */
  mayDrop?: (relPath: string) => boolean;
}

/** The exclude half of a packager: how its files say "not this", and what must keep shipping. */
export interface ExcludePackager {
  /** Paths (relative to the pack root) that must keep shipping: main, bin, exports, browser, types, the extension's main. */
  entryPoints(unit: PackagingUnit): string[];
  /** Candidate edits, preferred first. They are verified by {@link exclude}; none is trusted as written. */
  excludeCandidates(unit: PackagingUnit, set: PublishSet, req: ExcludeRequest, readText: (abs: string) => Promise<string | undefined>): Promise<ExcludeCandidate[]>;
}

/** What recomputing the publish set after a fix showed. */
export interface FixVerdict {
  ok: boolean;
  /** Paths that had to go and still ship. */
  stillShipped: string[];
  /** Entry points that shipped before and no longer do. */
  lostEntryPoints: string[];
  /** Paths that ship only after the fix. */
  added: string[];
  /** Paths outside the request that stopped shipping without being allowed to. */
  dropped: string[];
  /** The fix makes the unit something else (e.g. `"private": true`: nothing is published any more). */
  becomes?: PackagingUnit['kind'];
}

/** Normalises a manifest path: no `./`, no leading `/`, no trailing `/`. */
function norm(p: string): string {
  return p.replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
}

/** Escapes the characters minimatch and gitignore treat as special in a literal path. */
export function escapeGlob(rel: string): string {
  return rel.replace(/([*?[\]!#\\{}()])/g, '\\$1');
}

const SET_OPTS = { dot: true } as const;

/** True when a path is covered by the request (its paths, folders or basename globs). */
export function requestCovers(req: ExcludeRequest, relPath: string): boolean {
  if (req.paths.includes(relPath)) return true;
  if ((req.folders ?? []).some((f) => relPath === f || relPath.startsWith(f + '/'))) return true;
  const base = relPath.slice(relPath.lastIndexOf('/') + 1);
  return (req.globs ?? []).some((g) => minimatch(base, g, SET_OPTS));
}

function isKept(req: ExcludeRequest, relPath: string): boolean {
  const base = relPath.slice(relPath.lastIndexOf('/') + 1);
  return (req.keep ?? []).includes(base);
}

// ---------------------------------------------------------------------------------------------
// npm

/** npm: `files` negations when there is an allowlist, else `.npmignore` (created from `.gitignore`). */
export const npmExcluder: ExcludePackager = {
  entryPoints(unit) {
    return npmEntryPoints(unit.manifest).map(norm).filter((p) => p && !/[*?[{]/.test(p) && !p.startsWith('../'));
  },
  async excludeCandidates(unit, set, req, readText) {
    const m = unit.manifest;
    // publishConfig.directory packs another folder with its own rules: no edit here can be checked.
    if (!m || unit.publishDirectory) return [];
    const generalised = Boolean(req.globs?.length || req.folders?.length);
    const variants: ExcludeRequest[] = generalised ? [req, { paths: req.paths, what: req.what }] : [req];
    const out: ExcludeCandidate[] = [];
    for (const r of variants) {
      const mayDrop = (p: string) => requestCovers(r, p);
      const exact = r.paths.filter((p) => !(r.folders ?? []).some((f) => p.startsWith(f + '/')) && !(r.globs ?? []).some((g) => minimatch(p.slice(p.lastIndexOf('/') + 1), g, SET_OPTS)));
      if (Array.isArray(m.files)) {
        const negations = [...(r.globs ?? []).map((g) => `!**/${g}`), ...(r.folders ?? []).map((f) => `!${escapeGlob(f)}/**`), ...exact.map((p) => `!${escapeGlob(p)}`)];
        // npm-packlist turns a literal file entry into an include no negation undoes: drop entries naming a target.
        const drop = new Set([...r.paths, ...(r.folders ?? [])]);
        const kept = m.files.filter((e) => typeof e !== 'string' || e.startsWith('!') || !drop.has(norm(e)));
        const missing = negations.filter((n) => !kept.includes(n));
        if (missing.length === 0 && kept.length === m.files.length) continue;
        const removed = m.files.length - kept.length;
        const title = `Exclude ${r.what} from "files" (${[...missing.map((n) => `add "${n}"`), ...(removed ? [`remove ${removed} entr${removed === 1 ? 'y' : 'ies'}`] : [])].join(', ')})`;
        out.push({ fix: fileFix(title, unit.manifestPath, jsonSet(unit.manifestText, ['files'], [...kept, ...missing])), mayDrop });
        continue;
      }
      const shippedKeep = [...new Set(set.files.filter((f) => isKept(r, f.path) && requestCovers(r, f.path)).map((f) => f.path.slice(f.path.lastIndexOf('/') + 1)))];
      const lines = [...(r.globs ?? []), ...(r.folders ?? []).map((f) => `/${escapeGlob(f)}/`), ...exact.map((p) => `/${escapeGlob(p)}`), ...shippedKeep.map((k) => `!${escapeGlob(k)}`)];
      const keepDrop = (p: string) => mayDrop(p) && !isKept(r, p);
      const npmignore = `${unit.root}/.npmignore`;
      const text = await readText(npmignore);
      if (text !== undefined) {
        const { edits } = appendLines(text, lines);
        if (edits.length) out.push({ fix: fileFix(`Exclude ${r.what} in .npmignore`, npmignore, edits), mayDrop: keepDrop });
        continue;
      }
      // A bare new .npmignore would switch .gitignore off (catalogue rule 2): start from a copy of it.
      const gitignore = await readText(`${unit.root}/.gitignore`);
      const base = gitignore !== undefined ? gitignore.replace(/\s*$/, '\n') : '';
      const title = gitignore !== undefined ? `Create .npmignore (a copy of .gitignore) that excludes ${r.what}` : `Create .npmignore excluding ${r.what}`;
      out.push({ fix: fileFix(title, npmignore, [{ start: 0, end: 0, newText: `${base}${lines.join('\n')}\n` }], true), mayDrop: keepDrop });
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------
// vsce

/** Files an extension never needs at run time: maps, env files, keys, dumps, agent files, TypeScript sources. */
export function isLeakyExtensionFile(p: string): boolean {
  return isSensitivePath(p) || (/\.(ts|tsx|mts|cts)$/i.test(p) && !/\.d\.[mc]?ts$/i.test(p));
}

function withJs(p: string): string {
  return /\.[cm]?js$/i.test(p) ? p : `${p}.js`;
}

/** Files and folders the manifest points at (icon, l10n, contributes: grammars, themes, snippets…), as shipped paths or `folder/**`. */
export function manifestAssets(manifest: Record<string, unknown>, set: PublishSet): string[] {
  const out = new Set<string>();
  const visit = (v: unknown, depth: number): void => {
    if (depth > 12) return;
    if (typeof v === 'string') {
      const p = norm(v);
      if (!p || p.startsWith('..') || /^[a-z][a-z0-9+.-]*:/i.test(p) || p.includes('*')) return;
      if (set.byPath.has(p)) out.add(p);
      else if (set.files.some((f) => f.path.startsWith(p + '/'))) out.add(`${p}/**`);
    } else if (Array.isArray(v)) v.forEach((x) => visit(x, depth + 1));
    else if (v && typeof v === 'object') Object.values(v).forEach((x) => visit(x, depth + 1));
  };
  visit(manifest.icon, 0);
  visit(manifest.l10n, 0);
  visit(manifest.contributes, 0);
  visit(manifest.galleryBanner, 0);
  return [...out].sort();
}

/** The literal folder a glob starts with (`dist/**` → `dist`, `**\/*.js` → ``), or the literal path itself. */
function staticPrefix(pattern: string): { prefix: string; literal: boolean } {
  const parts = norm(pattern).split('/');
  const i = parts.findIndex((s) => /[*?[{!(]/.test(s));
  if (i < 0) return { prefix: parts.join('/'), literal: true };
  return { prefix: parts.slice(0, i).join('/'), literal: false };
}

/**
 * Negations that re-include every shipped path of `matched` except the `bad` ones: one
 * `<folder>/**\/*.<ext>` per file type where that pattern catches nothing bad, the files one by one
 * otherwise. vsce lets a negation win over every ignore line, so a negation must never cover a leak.
 */
export function narrowNegations(pattern: string, matched: readonly string[], bad: (p: string) => boolean): string[] {
  const { prefix, literal } = staticPrefix(pattern);
  const keep = matched.filter((p) => !bad(p));
  const badOnes = matched.filter(bad);
  if (literal && keep.length === 1 && keep[0] === norm(pattern)) return [norm(pattern)];
  const byExt = new Map<string, string[]>();
  const out: string[] = [];
  for (const p of keep) {
    const base = p.slice(p.lastIndexOf('/') + 1);
    const dot = base.lastIndexOf('.');
    if (dot <= 0) {
      out.push(escapeGlob(p));
      continue;
    }
    const ext = base.slice(dot + 1);
    const list = byExt.get(ext) ?? [];
    list.push(p);
    byExt.set(ext, list);
  }
  for (const [ext, files] of [...byExt].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const glob = `${prefix ? `${escapeGlob(prefix)}/` : ''}**/*.${escapeGlob(ext)}`;
    if (!badOnes.some((b) => minimatch(b, glob, SET_OPTS))) out.push(glob);
    else out.push(...files.map(escapeGlob));
  }
  return [...new Set(out)];
}

/** What vsce matches for one negated entry: the entry and, when its last segment has no `*`, `entry/**`. */
function vsceMatches(entry: string, rel: string): boolean {
  const e = norm(entry);
  if (minimatch(rel, e, SET_OPTS)) return true;
  return !/(^|\/)[^/]*\*[^/]*$/.test(e) && minimatch(rel, `${e}/**`, SET_OPTS);
}

/**
 * A full allowlist `.vscodeignore`: deny everything, re-include package.json, README, CHANGELOG,
 * LICENSE, the icon and other manifest assets, and the entry points' folders by file type, never
 * a leak (maps, env files, keys, TypeScript sources, `bad`).
 */
export function allowlistVscodeignore(unit: PackagingUnit, set: PublishSet, bad: (p: string) => boolean = () => false): string {
  const m = unit.manifest ?? {};
  const isBad = (p: string) => bad(p) || isLeakyExtensionFile(p);
  const lines = [
    '# Allowlist written by Leakguard: deny everything, then re-include what the extension needs.',
    '# vsce lets a negation win over every other line: re-include file types, never a whole folder.',
    '**',
    '!package.json',
    '!package.nls*.json',
    '!README.md',
    '!CHANGELOG.md',
    '!LICENSE*',
  ];
  const shipped = set.files.map((f) => f.path);
  const entries = ['main', 'browser'].map((k) => m[k]).filter((v): v is string => typeof v === 'string').map((v) => withJs(norm(v)));
  for (const entry of entries) {
    const dir = entry.includes('/') ? entry.slice(0, entry.lastIndexOf('/')) : '';
    if (!dir) {
      lines.push(`!${escapeGlob(entry)}`);
      continue;
    }
    const under = shipped.filter((p) => p.startsWith(dir + '/'));
    const negs = narrowNegations(`${dir}/**`, under.length ? under : [entry], isBad);
    lines.push(...negs.map((n) => `!${n}`));
  }
  for (const a of manifestAssets(m, set)) {
    const under = a.endsWith('/**') ? shipped.filter((p) => p.startsWith(a.slice(0, -3) + '/')) : [a];
    lines.push(...narrowNegations(a, under, isBad).map((n) => `!${n}`));
  }
  // Runtime dependencies the bundler left external are packaged under node_modules/.
  if (m.dependencies && typeof m.dependencies === 'object' && Object.keys(m.dependencies).length > 0) lines.push('!node_modules/**');
  return [...new Set(lines)].join('\n') + '\n';
}

/** vsce: `.vscodeignore` lines (negations rewritten when they re-include a leak), narrowed `files`, or a new allowlist. */
export const vsceExcluder: ExcludePackager = {
  entryPoints(unit) {
    const m = unit.manifest ?? {};
    const out = ['main', 'browser'].map((k) => m[k]).filter((v): v is string => typeof v === 'string').map((v) => withJs(norm(v)));
    if (typeof m.icon === 'string') out.push(norm(m.icon));
    return out.filter((p) => p && !p.startsWith('../'));
  },
  async excludeCandidates(unit, set, req, readText) {
    const m = unit.manifest;
    if (!m) return [];
    const shipped = set.files.map((f) => f.path);
    const mustGo = (p: string) => requestCovers(req, p) && !isKept(req, p);
    const out: ExcludeCandidate[] = [];
    const file = `${unit.root}/.vscodeignore`;
    const text = await readText(file);
    if (text !== undefined) {
      const exact = req.paths.filter((p) => !requestCovers({ ...req, paths: [] }, p));
      // A kept file (`.env.example`) that ships today is re-included by its exact path: vsce negations win everywhere.
      const keptShipping = shipped.filter((p) => requestCovers(req, p) && isKept(req, p));
      const lines = [...(req.globs ?? []).map((g) => `**/${g}`), ...(req.folders ?? []).map((f) => `${escapeGlob(f)}/**`), ...exact.map(escapeGlob), ...keptShipping.map((p) => `!${escapeGlob(p)}`)];
      const { edits, create } = appendLines(text, lines);
      if (edits.length) out.push({ fix: fileFix(`Exclude ${req.what} in .vscodeignore`, file, edits, create), mayDrop: mustGo });
      // Negations win in vsce: a line such as `!dist/**` keeps the map whatever comes after it. Narrow those lines.
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      const rawLines = text.split(/\r?\n/);
      let changed = false;
      const rewritten = rawLines.map((line) => {
        const t = line.trim();
        if (!t.startsWith('!')) return line;
        const matched = shipped.filter((p) => vsceMatches(t.slice(1), p));
        if (!matched.some(mustGo)) return line;
        changed = true;
        const negs = narrowNegations(t.slice(1), matched, mustGo);
        return negs.length ? negs.map((n) => `!${n}`).join(eol) : `# ${t} (narrowed by Leakguard: it re-included ${req.what})`;
      });
      if (changed) {
        let next = rewritten.join(eol);
        const appended = appendLines(next, lines);
        for (const e of appended.edits) next = next.slice(0, e.start) + e.newText + next.slice(e.end);
        out.push({ fix: fileFix(`Exclude ${req.what} in .vscodeignore (narrow the lines that re-include them)`, file, [{ start: 0, end: text.length, newText: next }]), mayDrop: mustGo });
      }
      return out;
    }
    if (Array.isArray(m.files)) {
      // vsce turns each entry into a negation: `"!**/*.map"` would keep everything that is not a map.
      // Narrow the entries that cover a leak; drop negated entries (they are what let src/ and .env in).
      const next: unknown[] = [];
      let changed = false;
      for (const e of m.files) {
        if (typeof e !== 'string') {
          next.push(e);
          continue;
        }
        if (e.trim().startsWith('!')) {
          changed = true;
          continue;
        }
        const matched = shipped.filter((p) => vsceMatches(e, p));
        if (!matched.some(mustGo)) {
          next.push(e);
          continue;
        }
        changed = true;
        next.push(...narrowNegations(e, matched, mustGo));
      }
      if (!changed) return out;
      // Files that shipped only through a negated entry may go: they were the leak the entry opened.
      const viaNegated = new Set(set.files.filter((f) => f.reason.kind === 'files-entry' && f.reason.entry.trim().startsWith('!')).map((f) => f.path));
      out.push({ fix: fileFix(`Exclude ${req.what} from "files" (narrow the entries that include them)`, unit.manifestPath, jsonSet(unit.manifestText, ['files'], [...new Set(next)])), mayDrop: (p) => mustGo(p) || viaNegated.has(p) });
      return out;
    }
    out.push({
      fix: fileFix(`Create an allowlist .vscodeignore (keeps ${req.what} and other leaks out)`, file, [{ start: 0, end: 0, newText: allowlistVscodeignore(unit, set, mustGo) }], true),
      // An allowlist drops whatever the extension does not need on purpose; entry points are still checked.
      mayDrop: () => true,
    });
    return out;
  },
};

/** The excluder of a unit's packager. Callers never switch on kinds. */
export function excluderFor(unit: PackagingUnit): ExcludePackager | undefined {
  if (unit.kind === 'npm') return npmExcluder;
  if (unit.kind === 'vscode-extension') return vsceExcluder;
  return undefined;
}

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

/** The unit as it reads after `texts` replaced its manifest (same place in the workspace). */
function unitAfter(unit: PackagingUnit, texts: Map<string, string>): PackagingUnit {
  const text = texts.get(unit.manifestPath);
  if (text === undefined) return unit;
  const next = makeUnit(unit.manifestPath, text);
  // Only what the manifest says changes; where the unit sits (workspace roots, its packer) does not.
  return { ...unit, kind: next.kind, manifestText: next.manifestText, manifest: next.manifest, manifestTree: next.manifestTree, parseErrors: next.parseErrors, name: next.name, publishDirectory: next.publishDirectory };
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
    const next = unitAfter(unit, texts);
    if (next.kind !== unit.kind) return { ok: false, stillShipped: [...mustGo], lostEntryPoints: [], added: [], dropped: [], becomes: next.kind };
    after = await computePublishSet(ofs, next, { ignoreFileTexts: texts });
    if (after.problems.length > set.problems.length) return { ok: false, stillShipped: [...mustGo], lostEntryPoints: [], added: [], dropped: [] };
  } catch {
    return { ok: false, stillShipped: [...mustGo], lostEntryPoints: [], added: [], dropped: [] };
  }
  const excluder = excluderFor(unit);
  const eps = new Set([...(excluder?.entryPoints(unit) ?? []), 'package.json']);
  const stillShipped = mustGo.filter((p) => after.byPath.has(p));
  const lostEntryPoints = [...eps].filter((p) => set.byPath.has(p) && !after.byPath.has(p));
  const added = after.files.filter((f) => !set.byPath.has(f.path)).map((f) => f.path);
  const dropped = set.files.filter((f) => !after.byPath.has(f.path) && !mustGo.includes(f.path) && !eps.has(f.path) && !mayDrop(f.path)).map((f) => f.path);
  return { ok: stillShipped.length === 0 && lostEntryPoints.length === 0 && added.length === 0 && dropped.length === 0, stillShipped, lostEntryPoints, added, dropped };
}

/**
 * The fix that keeps `req` out of the unit's publish set, or undefined when no edit of the
 * packager's own files does it without breaking the package. Every candidate is verified by
 * recomputing the publish set; the first that passes wins.
 */
export async function exclude(fs: FileSystem, set: PublishSet, req: ExcludeRequest): Promise<Fix | undefined> {
  const excluder = excluderFor(set.unit);
  if (!excluder || set.tool === 'archive') return undefined;
  const mustGo = set.files.map((f) => f.path).filter((p) => requestCovers(req, p) && !isKept(req, p) && (req.paths.includes(p) || !excluder.entryPoints(set.unit).includes(p)));
  const targets = req.paths.filter((p) => set.byPath.has(p));
  if (targets.length === 0) return undefined;
  const candidates = await excluder.excludeCandidates(set.unit, set, req, (abs) => fs.readText(abs));
  for (const c of candidates) {
    const verdict = await verifyFix(fs, set, c.fix, targets, (p) => mustGo.includes(p) || (c.mayDrop?.(p) ?? false));
    if (verdict.ok) return { ...c.fix, verified: true };
  }
  return undefined;
}
