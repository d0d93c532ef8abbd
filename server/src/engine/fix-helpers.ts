/**
 * Helpers rules share to say where a shipped file's cause sits and to build fixes that edit the
 * right file with its formatting preserved (jsonc-parser `modify`, never re-serialising).
 */
import * as path from 'node:path';
import { modify, findNodeAtLocation, type JSONPath, type FormattingOptions } from 'jsonc-parser';
import type { FileEdit, Fix, RelatedLocation, TextEdit } from './types';
import type { PackagingUnit } from './workspace';
import type { PublishedFile, InclusionReason } from './publish/types';
import { toPosix } from './paths';

/** Detects the indentation of a JSON text so inserted properties look like their neighbours. */
export function detectFormatting(text: string): FormattingOptions {
  const m = /\n([ \t]+)"/.exec(text);
  const indent = m ? m[1] : '  ';
  return { insertSpaces: !indent.includes('\t'), tabSize: indent.includes('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/** Text edits that set `value` at `jsonPath` in a JSON text, preserving formatting. */
export function jsonSet(text: string, jsonPath: JSONPath, value: unknown, opts: { insertAfter?: string } = {}): TextEdit[] {
  const formattingOptions = detectFormatting(text);
  const edits = modify(text, jsonPath, value, {
    formattingOptions,
    getInsertionIndex: opts.insertAfter
      ? (props: string[]) => {
          const i = props.indexOf(opts.insertAfter!);
          return i >= 0 ? i + 1 : props.length;
        }
      : undefined,
  });
  return edits.map((e) => ({ start: e.offset, end: e.offset + e.length, newText: e.content }));
}

/** Edits that append `value` to the array at `jsonPath` (creating it when missing). */
export function jsonAppend(text: string, jsonPath: JSONPath, value: unknown): TextEdit[] {
  return jsonSet(text, [...jsonPath, -1], value);
}

/** Edits that append lines to a line-based file (ignore files), adding a newline first when needed. */
export function appendLines(text: string | undefined, lines: string[]): { edits: TextEdit[]; create: boolean } {
  if (text === undefined) return { edits: [{ start: 0, end: 0, newText: lines.join('\n') + '\n' }], create: true };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const existing = new Set(text.split(/\r?\n/).map((l) => l.trim()));
  const missing = lines.filter((l) => !existing.has(l));
  if (missing.length === 0) return { edits: [], create: false };
  const prefix = text.length > 0 && !text.endsWith('\n') ? eol : '';
  return { edits: [{ start: text.length, end: text.length, newText: prefix + missing.join(eol) + eol }], create: false };
}

/** A fix editing one file. */
export function fileFix(title: string, file: string, edits: TextEdit[], create = false): Fix {
  const fe: FileEdit = { file: toPosix(file), edits };
  if (create) fe.create = true;
  return { title, edits: [fe] };
}

/** Where the reason a file ships is written: the `files` entry, the ignore file line, or package.json. */
export interface CauseLocation {
  file: string;
  start: number;
  end: number;
  /** Human words: `"files" entry "dist"`, `.npmignore (it disables .gitignore here)`, `always included (main)`. */
  describe: string;
  /** The same as a clause: `because of "files" entry "dist"`, `because it is not excluded by .gitignore`. */
  because: string;
}

/** Locates the cause of a shipped file (DESIGN: findings sit on the cause, with the artifact as related). */
export function causeOf(unit: PackagingUnit, file: PublishedFile, ignoreText?: (abs: string) => string | undefined): CauseLocation {
  const c = causeIn(unit, file, ignoreText);
  // pnpm and yarn select files by their own rules: name the packer so the reason is not read as npm's (#16).
  return unit.kind === 'npm' && (unit.tool === 'pnpm' || unit.tool === 'yarn') ? { ...c, describe: `${unit.tool} pack: ${c.describe}`, because: `${c.because} (${unit.tool} pack)` } : c;
}

function causeIn(unit: PackagingUnit, file: PublishedFile, ignoreText?: (abs: string) => string | undefined): CauseLocation {
  const r: InclusionReason = file.reason;
  const nameRange = manifestRange(unit, ['name'], true) ?? { start: 0, end: 0 };
  switch (r.kind) {
    case 'files-entry': {
      const range = manifestRange(unit, ['files', r.index]) ?? nameRange;
      return { file: unit.manifestPath, ...range, describe: `"files" entry "${r.entry}"`, because: `because of "files" entry "${r.entry}"` };
    }
    case 'negation': {
      const text = ignoreText?.(r.ignoreFile);
      const range = text !== undefined ? lineRange(text, r.line - 1) : { start: 0, end: 0 };
      const describe = `${path.basename(r.ignoreFile)} line ${r.line} ("${r.pattern}")`;
      return { file: r.ignoreFile, ...range, describe, because: `because of ${describe}` };
    }
    case 'not-ignored': {
      if (r.ignoreFile) {
        const text = ignoreText?.(r.ignoreFile);
        const range = text !== undefined ? lineRange(text, 0) : { start: 0, end: 0 };
        const why = r.shadowedGitignore ? ` (it disables ${path.basename(r.shadowedGitignore)} in that folder)` : '';
        const describe = `not excluded by ${relName(unit, r.ignoreFile)}${why}`;
        return { file: r.ignoreFile, ...range, describe, because: `because it is ${describe}` };
      }
      return { file: unit.manifestPath, ...nameRange, describe: 'no "files" allowlist and no ignore file excludes it', because: 'because there is no "files" allowlist and no ignore file excludes it' };
    }
    case 'always': {
      const key = r.what === 'main' || r.what === 'browser' || r.what === 'bin' ? r.what : undefined;
      const range = (key && manifestRange(unit, [key])) || nameRange;
      return { file: unit.manifestPath, ...range, describe: `always included (${r.what})`, because: `because the packer always includes it (${r.what})` };
    }
    case 'bundled-dependency':
      return { file: unit.manifestPath, ...(manifestRange(unit, ['bundleDependencies']) ?? manifestRange(unit, ['bundledDependencies']) ?? nameRange), describe: `bundled dependency ${r.name}`, because: `because it is in bundled dependency ${r.name}` };
    case 'artifact':
      return { file: r.archive, start: 0, end: 0, describe: `inside ${path.basename(r.archive)}`, because: `because it is inside ${path.basename(r.archive)}` };
    case 'copied':
      return { file: unit.manifestPath, ...nameRange, describe: `copied in from ${relName(unit, r.from)}`, because: `because the packer copies it in from ${relName(unit, r.from)}` };
  }
}

/** Files grouped by the place that makes them ship (a `files` entry, an ignore file, package.json). */
export interface CauseGroup {
  cause: CauseLocation;
  files: PublishedFile[];
}

/**
 * Groups shipped files by {@link causeOf} (DESIGN: findings sit on the cause), reading the ignore
 * files it needs for line offsets once each.
 */
export async function groupByCause(ctx: { unit: PackagingUnit; readText(abs: string): Promise<string | undefined> }, files: readonly PublishedFile[]): Promise<CauseGroup[]> {
  const { unit } = ctx;
  const texts = new Map<string, string | undefined>();
  for (const f of files) {
    const r = f.reason;
    const ignoreFile = r.kind === 'not-ignored' || r.kind === 'negation' ? r.ignoreFile : undefined;
    if (ignoreFile && !texts.has(ignoreFile)) texts.set(ignoreFile, await ctx.readText(ignoreFile));
  }
  const groups = new Map<string, CauseGroup>();
  for (const f of files) {
    const cause = causeOf(unit, f, (abs) => texts.get(abs));
    const key = `${cause.file}\0${cause.start}\0${cause.end}`;
    const g = groups.get(key);
    if (!g) groups.set(key, { cause, files: [f] });
    else if (!g.files.includes(f)) g.files.push(f);
  }
  return [...groups.values()];
}

/** Related locations pointing at shipped files (capped list; the message carries the count). */
export function relatedFiles(files: PublishedFile[], message: (f: PublishedFile) => string, max = 20): RelatedLocation[] {
  return files.slice(0, max).map((f) => ({ file: f.abs, start: 0, end: 0, message: message(f) }));
}

/** Offsets of a manifest node (value, or its whole property with `property`). */
export function manifestRange(unit: PackagingUnit, jsonPath: JSONPath, property = false): { start: number; end: number } | undefined {
  if (!unit.manifestTree) return undefined;
  const node = findNodeAtLocation(unit.manifestTree, jsonPath);
  if (!node) return undefined;
  const target = property && node.parent?.type === 'property' ? node.parent : node;
  return { start: target.offset, end: target.offset + target.length };
}

/** Applies non-overlapping offset edits (any order) to a text: the one implementation engine, server and tests share. */
export function applyTextEdits(text: string, edits: readonly { start: number; end: number; newText: string }[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** `a, b, c, d and 4 more` (the first `max` items, then the count of the rest). */
export function listText(items: readonly string[], max = 4): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Offsets of a 0-based line (without its newline). */
export function lineRange(text: string, line: number): { start: number; end: number } {
  let start = 0;
  for (let i = 0; i < line; i++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    start = nl + 1;
  }
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  return { start, end };
}

function relName(unit: PackagingUnit, abs: string): string {
  const rel = toPosix(path.relative(unit.root, abs));
  return rel.startsWith('..') ? abs : rel;
}

/** Entry points of a manifest that must keep shipping: main, module, browser, types, bin, exports, typesVersions. */
export function entryPoints(manifest: Record<string, unknown> | undefined): string[] {
  if (!manifest) return [];
  const out: string[] = [];
  const push = (v: unknown) => {
    if (typeof v === 'string' && v.trim() && !v.startsWith('node:')) out.push(v.replace(/^\.\//, ''));
  };
  const leaves = (v: unknown, depth = 0): void => {
    if (depth > 20) return;
    if (typeof v === 'string') push(v);
    else if (Array.isArray(v)) v.forEach((x) => leaves(x, depth + 1));
    else if (v && typeof v === 'object') Object.values(v).forEach((x) => leaves(x, depth + 1));
  };
  for (const key of ['main', 'module', 'types', 'typings', 'unpkg', 'jsdelivr']) push(manifest[key]);
  leaves(manifest.browser);
  if (typeof manifest.bin === 'string') push(manifest.bin);
  else leaves(manifest.bin);
  leaves(manifest.exports);
  leaves(manifest.typesVersions);
  return [...new Set(out.filter((p) => !p.includes('*') || p.split('/')[0] !== '*'))];
}

/**
 * The `files` allowlist derived from entry points: the top-level path segment of each (a folder,
 * or the file itself at the root), README/LICENSE omitted since npm always ships them.
 */
export function filesFromEntryPoints(manifest: Record<string, unknown> | undefined): string[] {
  const out = new Set<string>();
  for (const ep of entryPoints(manifest)) {
    const clean = ep.replace(/^\.\//, '').replace(/^\/+/, '');
    if (!clean || clean.startsWith('..')) continue;
    const seg = clean.split('/')[0];
    if (seg === '*' || seg === '.' || seg === '') continue;
    out.add(clean.includes('/') ? seg : clean);
  }
  return [...out].sort();
}
