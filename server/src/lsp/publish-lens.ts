/**
 * "What does this line do to the package?": per-entry facts for package.json `files` entries and
 * for lines of `.npmignore`, `.gitignore` and `.vscodeignore`, computed from the last analysis'
 * publish set and its inclusion reasons. Shown as hovers and code lenses (any LSP client).
 *
 * Inclusions come from the reasons the publish set records (the `files` entry index, the ignore
 * file line of a negation). Exclusions are a per-line match over the unit's files that do not
 * ship: gitignore semantics for npm, vsce's full-path minimatch for `.vscodeignore`.
 */
import * as path from 'node:path';
import { minimatch } from '../engine/safe/glob';
import { findNodeAtLocation } from 'jsonc-parser';
import { parseTreeBounded as parseTree } from '../engine/safe/json-depth';
import type { UnitAnalysis } from '../engine/runner';
import type { FileSystem } from '../engine/safe/fs';
import { isInside } from '../engine/paths';

/** One fact about one line or entry: where it sits (offsets), a short title and the hover text. */
export interface PublishLens {
  start: number;
  end: number;
  /** `matches 3 shipped files (dist/a.js, dist/b.js, dist/c.js)` */
  title: string;
  /** Markdown for the hover: the title and the full (capped) list. */
  detail: string;
}

const IGNORE_FILES = new Set(['.npmignore', '.gitignore', '.vscodeignore']);
const LIST_IN_TITLE = 3;
const LIST_IN_HOVER = 20;

/** True when `file` is a file the lenses describe for `ua` (its manifest or one of its ignore files). */
export function describesPublishSet(ua: UnitAnalysis, file: string): boolean {
  if (file === ua.unit.manifestPath) return true;
  return IGNORE_FILES.has(path.posix.basename(file)) && isInside(packRoot(ua), path.posix.dirname(file));
}

/**
 * Lenses of `file` (current `text`) for the unit `ua`. `listFiles` returns every file under the
 * packed folder (paths relative to it), for exclusion counts; it is called only when needed.
 */
export async function publishLenses(ua: UnitAnalysis, file: string, text: string, listFiles: () => Promise<string[]>): Promise<PublishLens[]> {
  if (ua.unit.kind === 'private') return [];
  if (file === ua.unit.manifestPath) return filesEntryLenses(ua, text, listFiles);
  const base = path.posix.basename(file);
  if (!IGNORE_FILES.has(base)) return [];
  return ignoreFileLenses(ua, file, base, text, listFiles);
}

async function filesEntryLenses(ua: UnitAnalysis, text: string, listFiles: () => Promise<string[]>): Promise<PublishLens[]> {
  const tree = parseTree(text);
  const arr = tree && findNodeAtLocation(tree, ['files']);
  if (!arr || arr.type !== 'array' || !arr.children) return [];
  // vsce ignores "files" when a .vscodeignore exists (and refuses to package): no lens would be true.
  if (ua.unit.kind === 'vscode-extension' && ua.publishSet.files.some((f) => f.reason.kind === 'negation' || (f.reason.kind === 'not-ignored' && f.reason.via === 'vscodeignore'))) return [];
  const out: PublishLens[] = [];
  for (let i = 0; i < arr.children.length; i++) {
    const node = arr.children[i];
    if (node.type !== 'string' || typeof node.value !== 'string') continue;
    const entry = node.value;
    const range = { start: node.offset, end: node.offset + node.length };
    if (entry.startsWith('!')) {
      const pattern = entry.slice(1).replace(/^\.?\//, '');
      const all = await listFiles();
      const excluded = all.filter((rel) => !ua.publishSet.byPath.has(rel) && npmEntryMatches(pattern, rel));
      out.push(lens(range, 'excludes', excluded, `"files" entry #${i + 1} "${entry}"`));
    } else {
      const shipped = ua.publishSet.files.filter((f) => f.reason.kind === 'files-entry' && f.reason.index === i).map((f) => f.path);
      out.push(lens(range, 'matches', shipped, `"files" entry #${i + 1} "${entry}"`));
    }
  }
  return out;
}

async function ignoreFileLenses(ua: UnitAnalysis, file: string, base: string, text: string, listFiles: () => Promise<string[]>): Promise<PublishLens[]> {
  const vsce = ua.unit.kind === 'vscode-extension';
  const root = packRoot(ua);
  const dir = path.posix.dirname(file);
  const firstLine = { start: 0, end: Math.max(0, lineEnd(text, 0)) };
  if (vsce !== (base === '.vscodeignore')) {
    // npm never reads .vscodeignore; vsce reads only the root .vscodeignore (and no .npmignore/.gitignore).
    return [{ ...firstLine, title: `not used: ${vsce ? 'vsce' : 'npm'} does not read ${base}`, detail: `**${base}** is not read by ${vsce ? 'vsce' : 'npm'} when it packs this package.` }];
  }
  if (vsce && dir !== ua.unit.root) return [{ ...firstLine, title: 'not used: vsce reads only the .vscodeignore next to package.json', detail: 'vsce reads only the **.vscodeignore** next to package.json.' }];
  if (!vsce) {
    const usesNpmignore = ua.publishSet.files.some((f) => f.reason.kind === 'not-ignored' && f.reason.shadowedGitignore === file);
    if (base === '.gitignore' && (usesNpmignore || (await hasSibling(listFiles, root, dir, '.npmignore')))) {
      return [{ ...firstLine, title: 'not used: the .npmignore in this folder replaces it', detail: 'npm reads **.npmignore** instead of **.gitignore** when both are in a folder: none of these lines apply to the package.' }];
    }
    if (dir === root && Array.isArray(ua.unit.manifest?.files)) {
      return [{ ...firstLine, title: `not used: package.json "files" decides what ships from the package root`, detail: `npm ignores a root **${base}** when package.json has "files".` }];
    }
  }
  const out: PublishLens[] = [];
  const lines = text.split('\n');
  let offset = 0;
  let all: string[] | undefined;
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n].replace(/\r$/, '');
    const start = offset;
    offset += lines[n].length + 1;
    const t = raw.trim();
    if (!t || t.startsWith('#')) continue;
    const range = { start: start + raw.indexOf(t), end: start + raw.indexOf(t) + t.length };
    const what = `line ${n + 1} of ${base} ("${t}")`;
    if (t.startsWith('!')) {
      const shipped = ua.publishSet.files.filter((f) => f.reason.kind === 'negation' && f.reason.ignoreFile === file && f.reason.line === n + 1).map((f) => f.path);
      out.push(lens(range, 're-includes', shipped, what));
      continue;
    }
    all ??= await listFiles();
    const relDir = path.posix.relative(root, dir);
    const excluded = all.filter((rel) => {
      if (ua.publishSet.byPath.has(rel)) return false;
      if (vsce) return vsceLineMatches(t, rel);
      if (relDir && !rel.startsWith(relDir + '/')) return false;
      return gitignoreLineMatches(t, relDir ? rel.slice(relDir.length + 1) : rel);
    });
    out.push(lens(range, 'excludes', excluded, what));
  }
  return out;
}

function lens(range: { start: number; end: number }, verb: 'matches' | 'excludes' | 're-includes', paths: string[], what: string): PublishLens {
  const sorted = [...paths].sort();
  const n = sorted.length;
  const noun = verb === 'excludes' ? 'file' : 'shipped file';
  const count = n === 0 ? `no ${noun}s` : `${n} ${noun}${n === 1 ? '' : 's'}`;
  const shown = sorted.slice(0, LIST_IN_TITLE).join(', ');
  const title = n === 0 ? `${verb} ${count}` : `${verb} ${count} (${shown}${n > LIST_IN_TITLE ? '…' : ''})`;
  const list = sorted.slice(0, LIST_IN_HOVER).map((p) => `- \`${p}\``).join('\n');
  const more = n > LIST_IN_HOVER ? `\n- … and ${n - LIST_IN_HOVER} more` : '';
  const detail = `**Leakguard**: ${what} ${verb} ${count}${n ? `:\n\n${list}${more}` : '.'}\n\n_From the last analysis of the publish set._`;
  return { ...range, title, detail };
}

/** `.gitignore` / `.npmignore` semantics for one line, `rel` relative to the ignore file's folder. */
export function gitignoreLineMatches(line: string, rel: string): boolean {
  let p = line.trim();
  if (p.startsWith('\\')) p = p.slice(1);
  const dirOnly = p.endsWith('/');
  p = p.replace(/\/+$/, '');
  const anchored = p.includes('/');
  p = p.replace(/^\//, '');
  if (!p) return false;
  const segs = rel.split('/');
  for (let i = 1; i <= segs.length; i++) {
    const isDir = i < segs.length;
    if (dirOnly && !isDir) continue;
    const ok = anchored ? minimatch(segs.slice(0, i).join('/'), p, { dot: true }) : minimatch(segs[i - 1], p, { dot: true });
    if (ok) return true;
  }
  return false;
}

/** A `files` negation: the path or one of its folders matches (npm treats a folder entry as its contents). */
function npmEntryMatches(pattern: string, rel: string): boolean {
  const p = pattern.replace(/\/+$/, '');
  if (!p) return false;
  const segs = rel.split('/');
  for (let i = 1; i <= segs.length; i++) {
    const sub = segs.slice(0, i).join('/');
    if (minimatch(sub, p, { dot: true, matchBase: !p.includes('/') })) return true;
  }
  return false;
}

/** vsce: full-path minimatch `{dot: true}`, plus `pattern/**` when the last segment has no `*`. */
function vsceLineMatches(line: string, rel: string): boolean {
  const variants = /(^|\/)[^/]*\*[^/]*$/.test(line) ? [line] : [line, line.endsWith('/') ? `${line}**` : `${line}/**`];
  return variants.some((v) => minimatch(rel, v, { dot: true }));
}

async function hasSibling(listFiles: () => Promise<string[]>, root: string, dir: string, name: string): Promise<boolean> {
  const relDir = path.posix.relative(root, dir);
  const target = relDir ? `${relDir}/${name}` : name;
  return (await listFiles()).includes(target);
}

function packRoot(ua: UnitAnalysis): string {
  return ua.publishSet.packRoot ?? ua.unit.publishDirectory ?? ua.unit.root;
}

function lineEnd(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i < 0 ? text.length : i > 0 && text[i - 1] === '\r' ? i - 1 : i;
}

/** Every file under `root` (relative paths), skipping `.git` and `node_modules`, capped. */
export async function listUnitFiles(fs: FileSystem, root: string, max = 50_000): Promise<string[]> {
  const out: string[] = [];
  const queue = [''];
  while (queue.length > 0 && out.length < max) {
    const rel = queue.pop()!;
    let entries;
    try {
      entries = await fs.readDir(rel ? `${root}/${rel}` : root);
    } catch {
      continue;
    }
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory && !e.isSymbolicLink) {
        if (e.name !== 'node_modules' && e.name !== '.git') queue.push(child);
      } else if (e.isFile) out.push(child);
    }
  }
  return out;
}
