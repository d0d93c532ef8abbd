/**
 * Bounded listing of a project folder through the engine's FileSystem: files only, symbolic links
 * never followed (neither the Python backends nor a build context may reach outside the folder by
 * a link we follow), a cap on the number of entries so a hostile tree cannot hang the engine.
 */
import type { FileSystem } from '../safe/fs';
import { globProblem } from '../safe/glob';

/** At most this many `**` segments in a workspace pattern of a Python or container build: each one nests a repetition. */
export const MAX_GLOBSTARS = 4;

/**
 * Why a pattern from a hostile workspace (pyproject.toml, MANIFEST.in, setup.cfg, a COPY source, a
 * .dockerignore line) is not used: the engine's glob bounds (safe/glob.ts) plus at most
 * {@link MAX_GLOBSTARS} `**` segments, so no match can backtrack for minutes. Undefined when fine.
 */
export function packagerGlobProblem(pattern: string): string | undefined {
  const p = globProblem(pattern);
  if (p) return p;
  const stars = pattern.split('/').filter((s) => s === '**').length;
  return stars > MAX_GLOBSTARS ? `Glob "${pattern.length > 80 ? `${pattern.slice(0, 77)}…` : pattern}" has ${stars} "**" segments (at most ${MAX_GLOBSTARS}); not used.` : undefined;
}

/** Patterns refused since the last {@link takeRefusedPatterns} (bounded), reported with the set they belong to. */
const refused = new Set<string>();

export function noteRefusedPattern(message: string): void {
  if (refused.size < 100) refused.add(message);
}

/** Messages for the patterns refused since the last call (each once). */
export function takeRefusedPatterns(): string[] {
  const out = [...refused];
  refused.clear();
  return out;
}

export interface WalkedFile {
  /** Relative to the walk root, `/` separators. */
  rel: string;
  size: number;
}

export interface WalkResult {
  files: WalkedFile[];
  /** Relative folders (every folder seen, for namespace-package discovery). */
  dirs: Set<string>;
  /** Symbolic links met (relative paths), never followed. */
  links: string[];
  truncated: boolean;
}

export const WALK_LIMIT = 200_000;

export interface WalkOptions {
  /**
   * Symbolic links whose real path stays inside `root` (and the root's real path is known): `files`
   * lists links to files as files (Python's os.walk does); `dirs` also enters linked folders (distutils'
   * findall walks with followlinks=True). Links leading outside `root` are never followed (only listed).
   */
  followLinks?: 'none' | 'files' | 'dirs';
}

/** Lists every file under `root`; `skipDir(rel, name)` prunes folders (e.g. `.git`). */
export async function walkFiles(fs: FileSystem, root: string, skipDir: (rel: string, name: string) => boolean = () => false, limit = WALK_LIMIT, opts: WalkOptions = {}): Promise<WalkResult> {
  const follow = opts.followLinks ?? 'none';
  const realRoot = follow !== 'none' && fs.realPath ? await fs.realPath(root) : undefined;
  const files: WalkedFile[] = [];
  const dirs = new Set<string>();
  const links: string[] = [];
  let seen = 0;
  let truncated = false;
  const stack: string[] = [''];
  while (stack.length) {
    const rel = stack.pop() as string;
    let entries;
    try {
      entries = await fs.readDir(rel ? `${root}/${rel}` : root);
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (++seen > limit) {
        truncated = true;
        return { files, dirs, links, truncated };
      }
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isSymbolicLink) {
        links.push(r);
        if (!realRoot || !fs.realPath) continue;
        const real = await fs.realPath(`${root}/${r}`);
        if (!real || !(real === realRoot || real.startsWith(`${realRoot}/`))) continue;
        const st = await fs.stat(`${root}/${r}`);
        if (st?.isFile) files.push({ rel: r, size: st.size });
        else if (st?.isDirectory && follow === 'dirs' && !skipDir(r, e.name)) {
          // A link to a folder that contains the link would loop: skip it (os.walk would recurse until its limit).
          const here = (await fs.realPath(rel ? `${root}/${rel}` : root)) ?? '';
          if (here === real || here.startsWith(`${real}/`)) continue;
          dirs.add(r);
          stack.push(r);
        }
        continue;
      }
      if (e.isDirectory) {
        if (skipDir(r, e.name)) continue;
        dirs.add(r);
        stack.push(r);
      } else if (e.isFile) {
        const st = await fs.stat(`${root}/${r}`);
        files.push({ rel: r, size: st?.size ?? 0 });
      }
    }
  }
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { files, dirs, links, truncated };
}

/** Escapes a string for a RegExp. */
export function reEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A shell glob as Python's `glob`/`fnmatch` on path segments read it: `*` and `?` stay inside one
 * segment, `**` (a whole segment, when `recursive`) spans any number of segments, `[...]` classes
 * (`[!...]` negated). Hidden names are matched by `*` only when `dotAll` (fnmatch) — glob skips them.
 */
export function globToRegExp(glob: string, opts: { recursive?: boolean; dotAll?: boolean } = {}): RegExp {
  // A pattern over the bounds matches nothing (reported): never a regex that backtracks for minutes.
  const problem = packagerGlobProblem(glob);
  if (problem) {
    noteRefusedPattern(problem);
    return /(?!)/;
  }
  const segs = glob.split('/');
  const parts: string[] = [];
  for (let si = 0; si < segs.length; si++) {
    const seg = segs[si];
    const last = si === segs.length - 1;
    if (seg === '**' && opts.recursive) {
      parts.push(last ? '(?:.*)' : '(?:[^/]+/)*');
      continue;
    }
    let re = '';
    if (!opts.dotAll && !seg.startsWith('.') && /^[*?[]/.test(seg)) re += '(?!\\.)';
    for (let i = 0; i < seg.length; i++) {
      const c = seg[i];
      if (c === '*') re += '[^/]*';
      else if (c === '?') re += '[^/]';
      else if (c === '[') {
        const close = seg.indexOf(']', i + 2);
        if (close < 0) {
          re += '\\[';
          continue;
        }
        let body = seg.slice(i + 1, close);
        let neg = false;
        if (body.startsWith('!')) {
          neg = true;
          body = body.slice(1);
        }
        re += `[${neg ? '^' : ''}${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      } else re += reEscape(c);
    }
    parts.push(last ? re : `${re}/`);
  }
  return new RegExp(`^${parts.join('')}$`);
}
