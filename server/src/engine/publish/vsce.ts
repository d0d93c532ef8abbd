/**
 * The VS Code extension publish set, reproduced with vsce's own semantics (@vscode/vsce 3.9.2
 * `collectFiles` in out/package.js, dependencies `none` = `vsce package --no-dependencies`):
 *
 * - every file under the extension root except the root `node_modules/` (glob `**`, dot, no follow);
 * - minus vsce's default ignore list, minus `.vscodeignore` (or, without one, everything but the
 *   package.json `files` entries); patterns are matched with minimatch `{ dot: true }` and no
 *   matchBase, and a pattern whose last segment has no `*` also gets `/**` appended;
 * - a file is kept when no ignore pattern matches it OR any negation matches it: negations win
 *   whatever their order (unlike gitignore);
 * - `package.json` and `README.md` are always negated (kept).
 *
 * Files are read through the engine's FileSystem, so unsaved `.vscodeignore` edits count.
 */
import * as path from 'node:path';
import { compileGlob, globProblem, type Minimatch } from '../safe/glob';
import type { FileSystem } from '../safe/fs';
import type { PackagingUnit } from '../unit';
import { toPosix } from '../paths';
import type { ExclusionReason, InclusionReason, PathExplanation, PublishedFile, PublishSet } from './types';

/** vsce 3.9.2's `defaultIgnore`, verbatim. */
export const VSCE_DEFAULT_IGNORE: readonly string[] = [
  '.vscodeignore',
  'package-lock.json',
  'npm-debug.log',
  'yarn.lock',
  'yarn-error.log',
  'npm-shrinkwrap.json',
  '.editorconfig',
  '.npmrc',
  '.yarnrc',
  '.gitattributes',
  '*.todo',
  'tslint.yaml',
  '.eslintrc*',
  '.babelrc*',
  '.prettierrc*',
  '.cz-config.js',
  '.commitlintrc*',
  'webpack.config.js',
  'ISSUE_TEMPLATE.md',
  'CONTRIBUTING.md',
  'PULL_REQUEST_TEMPLATE.md',
  'CODE_OF_CONDUCT.md',
  '.github',
  '.travis.yml',
  'appveyor.yml',
  '**/.git',
  '**/.git/**',
  '**/*.vsix',
  '**/.DS_Store',
  '**/*.vsixmanifest',
  '**/.vscode-test/**',
  '**/.vscode-test-web/**',
];

/** Where a pattern came from. */
type Origin =
  | { kind: 'default' }
  | { kind: 'vscodeignore'; line: number; text: string }
  | { kind: 'files'; index: number; entry: string }
  /** The `**` vsce appends to a `files` list. */
  | { kind: 'files-rest' }
  | { kind: 'always'; what: 'package.json' | 'readme' };

interface Pattern {
  mm: Minimatch;
  origin: Origin;
}

/** Options of {@link computeVsceFileSet}. */
export interface VsceOptions {
  /** `--ignore-file`: used instead of `<root>/.vscodeignore`. */
  ignoreFile?: string;
  /** `--readme-path`; vsce always keeps this path (default `README.md`). */
  readmePath?: string;
  /** Bound on files walked, so a 1M-file tree stays cheap. Default 200,000. */
  maxFiles?: number;
}

const MM_OPTS = { dot: true } as const;

/** vsce: "Add '/**' to possible folder names" — patterns whose last segment has no `*`. */
function withFolderVariant(p: string): string[] {
  if (/(^|\/)[^/]*\*[^/]*$/.test(p)) return [p];
  return [p, /\/$/.test(p) ? `${p}**` : `${p}/**`];
}

interface Rules {
  ignore: Pattern[];
  negate: Pattern[];
  ignoreFile: string | undefined;
  usesFiles: boolean;
  problems: string[];
}

/** Builds vsce's ignore and negate lists, remembering each pattern's source line or entry. */
async function buildRules(fs: FileSystem, unit: PackagingUnit, opts: VsceOptions): Promise<Rules> {
  const problems: string[] = [];
  const ignoreFile = opts.ignoreFile ? toPosix(path.resolve(unit.root, opts.ignoreFile)) : `${unit.root}/.vscodeignore`;
  const text = await fs.readText(ignoreFile);
  const files = unit.manifest?.files;
  const raw: Array<{ text: string; origin: Origin }> = [];
  let usesFiles = false;
  if (text !== undefined) {
    if (Array.isArray(files) && files.length > 0) {
      problems.push('Both a .vscodeignore file and a "files" property in package.json were found: vsce refuses to package.');
    }
    // vsce splits on /[\n\r]/ and drops empty lines; counting \r\n as one break gives real line numbers.
    const lines = text.split(/\r\n|\r|\n/);
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].trim();
      if (t && !/^\s*#/.test(t)) raw.push({ text: t, origin: { kind: 'vscodeignore', line: i + 1, text: t } });
    }
  } else if (opts.ignoreFile) {
    problems.push(`The ignore file ${ignoreFile} cannot be read: vsce would fail.`);
  } else if (files) {
    // No .vscodeignore: `files` becomes `!entry` lines followed by `**`.
    usesFiles = true;
    const list = Array.isArray(files) ? files : [];
    if (!Array.isArray(files)) problems.push('package.json "files" is not an array.');
    list.forEach((entry, index) => {
      if (typeof entry !== 'string') return problems.push(`package.json "files"[${index}] is not a string.`);
      for (const line of `!${entry}`.split(/[\n\r]/)) {
        const t = line.trim();
        if (t && !/^\s*#/.test(t)) raw.push({ text: t, origin: { kind: 'files', index, entry } });
      }
    });
    raw.push({ text: '**', origin: { kind: 'files-rest' } });
  }
  const expanded: Array<{ text: string; origin: Origin }> = [];
  for (const r of raw) expanded.push(r);
  for (const r of raw) {
    const variants = withFolderVariant(r.text);
    if (variants.length > 1) expanded.push({ text: variants[1], origin: r.origin });
  }
  const readme = opts.readmePath ?? 'README.md';
  const all: Array<{ text: string; origin: Origin }> = [
    ...VSCE_DEFAULT_IGNORE.map((t) => ({ text: t, origin: { kind: 'default' } as Origin })),
    ...expanded,
    { text: '!package.json', origin: { kind: 'always', what: 'package.json' } },
    { text: `!${readme}`, origin: { kind: 'always', what: 'readme' } },
  ];
  const ignore: Pattern[] = [];
  const negate: Pattern[] = [];
  for (const p of all) {
    const isNeg = /^\s*!/.test(p.text);
    try {
      // vsce strips exactly one character (`substr(1)`) from a negation.
      const glob = isNeg ? p.text.slice(1) : p.text;
      // A workspace pattern over the wildcard bounds is not matched (it could hang): reported, and
      // treated as matching nothing, so the set errs on the side of shipping (and being checked).
      const unsafe = globProblem(glob);
      const mm = unsafe ? undefined : compileGlob(glob, MM_OPTS);
      if (!mm) {
        const where = p.origin.kind === 'vscodeignore' ? `.vscodeignore line ${p.origin.line}: ` : p.origin.kind === 'files' ? `package.json "files"[${p.origin.index}]: ` : '';
        problems.push(`${where}${unsafe ?? `Pattern "${p.text}" cannot be parsed.`}`);
        continue;
      }
      (isNeg ? negate : ignore).push({ mm, origin: p.origin });
    } catch (e) {
      problems.push(`Pattern "${p.text}" cannot be parsed: ${(e as Error).message}`);
    }
  }
  return { ignore, negate, ignoreFile: text !== undefined ? ignoreFile : undefined, usesFiles, problems };
}

/** Every file vsce's glob would see: `**` with dot, no root node_modules, no following symlinked folders. */
async function walk(fs: FileSystem, root: string, maxFiles: number, problems: string[]): Promise<string[]> {
  const out: string[] = [];
  const queue: string[] = [''];
  while (queue.length > 0) {
    const rel = queue.pop()!;
    let entries;
    try {
      entries = await fs.readDir(rel ? `${root}/${rel}` : root);
    } catch (e) {
      problems.push(`Cannot read folder ${rel || root}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      continue;
    }
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory && !e.isSymbolicLink) {
        if (child !== 'node_modules') queue.push(child);
      } else if (e.isFile || e.isSymbolicLink) {
        // vsce drops names containing a carriage return.
        if (!/\r$/m.test(child)) out.push(child);
        if (out.length >= maxFiles) {
          problems.push(`Stopped after ${maxFiles} files under ${root}.`);
          return out;
        }
      }
    }
  }
  return out;
}

function inclusionFor(rules: Rules, file: string): InclusionReason | undefined {
  const ignoredBy = rules.ignore.find((p) => p.mm.match(file));
  const negatedBy = ignoredBy ? rules.negate.find((p) => p.mm.match(file)) : undefined;
  if (ignoredBy && !negatedBy) return undefined;
  // Always-kept files first: that is what the reader of "why does this ship" needs to know.
  const always = rules.negate.find((p) => p.origin.kind === 'always' && p.mm.match(file));
  if (always && always.origin.kind === 'always') return { kind: 'always', what: always.origin.what };
  if (negatedBy) {
    const o = negatedBy.origin;
    if (o.kind === 'vscodeignore') return { kind: 'negation', ignoreFile: rules.ignoreFile!, line: o.line, pattern: o.text };
    if (o.kind === 'files') return { kind: 'files-entry', entry: o.entry, index: o.index };
  }
  if (rules.ignoreFile) return { kind: 'not-ignored', via: 'vscodeignore', ignoreFile: rules.ignoreFile };
  return { kind: 'not-ignored', via: 'none' };
}

function exclusionFor(rules: Rules, file: string): ExclusionReason {
  const p = rules.ignore.find((x) => x.mm.match(file));
  if (!p) return { kind: 'unknown' };
  const o = p.origin;
  switch (o.kind) {
    case 'default':
      return { kind: 'default', pattern: p.mm.pattern };
    case 'vscodeignore':
      return { kind: 'ignore-file', via: 'vscodeignore', ignoreFile: rules.ignoreFile!, line: o.line, pattern: o.text };
    case 'files':
      return { kind: 'files-negation', entry: o.entry, index: o.index };
    default:
      return { kind: 'not-in-files' };
  }
}

/**
 * The files `vsce package --no-dependencies` would put into the VSIX, each with its reason,
 * matching `listFiles({ cwd, dependencies: false })` of @vscode/vsce 3.9.2. Never throws.
 */
export async function computeVsceFileSet(fs: FileSystem, unit: PackagingUnit, opts: VsceOptions = {}): Promise<PublishSet> {
  const problems: string[] = [];
  try {
    const rules = await buildRules(fs, unit, opts);
    problems.push(...rules.problems);
    const all = await walk(fs, unit.root, opts.maxFiles ?? 200_000, problems);
    const kept: Array<{ rel: string; reason: InclusionReason }> = [];
    for (const rel of all) {
      const reason = inclusionFor(rules, rel);
      if (reason) kept.push({ rel, reason });
    }
    const files: PublishedFile[] = await Promise.all(
      kept.map(async ({ rel, reason }) => {
        const abs = `${unit.root}/${rel}`;
        return { path: rel, abs, size: (await fs.stat(abs))?.size ?? 0, reason };
      }),
    );
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { unit, tool: 'vsce', files, byPath: new Map(files.map((f) => [f.path, f])), problems, packRoot: unit.root };
  } catch (e) {
    problems.push(`Cannot compute the VSIX file list of ${unit.root}: ${(e as Error).message}`);
    return { unit, tool: 'vsce', files: [], byPath: new Map(), problems, packRoot: unit.root };
  }
}

/** Why `relPath` (relative to the extension root, or absolute) is or is not in the VSIX. */
export async function explainVscePath(fs: FileSystem, unit: PackagingUnit, relPath: string, opts: VsceOptions = {}): Promise<PathExplanation> {
  const rules = await buildRules(fs, unit, opts);
  const base = { tool: 'vsce' as const, problems: rules.problems };
  const rel = toPosix(path.isAbsolute(relPath) ? path.relative(unit.root, relPath) : path.normalize(relPath)).replace(/^\.\//, '').replace(/\/+$/, '');
  if (rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) return { ...base, path: rel, included: false, exclusion: { kind: 'outside' } };
  const st = await fs.stat(`${unit.root}/${rel}`);
  if (!st) {
    // Only a file the build may still write is answered hypothetically; a missing package folder is just missing.
    if (!(await fs.stat(unit.root))?.isDirectory) return { ...base, path: rel, included: false, exclusion: { kind: 'not-found' } };
    return { ...base, ...hypotheticalVsce(rules, rel) };
  }
  if (st.isDirectory) return { ...base, path: rel, included: false, exclusion: { kind: 'is-directory' } };
  if (rel === 'node_modules' || rel.startsWith('node_modules/')) {
    return { ...base, path: rel, included: false, exclusion: { kind: 'strict', pattern: 'node_modules/**', folder: 'node_modules' } };
  }
  const reason = inclusionFor(rules, rel);
  if (reason) return { ...base, path: rel, included: true, reason };
  return { ...base, path: rel, included: false, exclusion: exclusionFor(rules, rel) };
}

/** Would vsce put `rel` into the VSIX if a build wrote it? vsce's matcher works on names alone. */
function hypotheticalVsce(rules: Rules, rel: string): Omit<PathExplanation, 'tool' | 'problems'> {
  if (rel === 'node_modules' || rel.startsWith('node_modules/')) return { path: rel, included: false, hypothetical: true, exclusion: { kind: 'strict', pattern: 'node_modules/**', folder: 'node_modules' } };
  const reason = inclusionFor(rules, rel);
  if (reason) return { path: rel, included: true, hypothetical: true, reason };
  return { path: rel, included: false, hypothetical: true, exclusion: exclusionFor(rules, rel) };
}

/** For each path (relative to the extension root): would vsce package it, existing or not? Never throws. */
export async function explainVscePaths(fs: FileSystem, unit: PackagingUnit, relPaths: readonly string[], publishSet?: PublishSet, opts: VsceOptions = {}): Promise<PathExplanation[]> {
  const rules = await buildRules(fs, unit, opts);
  const base = { tool: 'vsce' as const, problems: rules.problems };
  return relPaths.map((p) => {
    const rel = toPosix(path.posix.normalize(p)).replace(/^\.\//, '').replace(/\/+$/, '');
    if (rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) return { ...base, path: rel, included: false, exclusion: { kind: 'outside' } };
    const hit = publishSet?.byPath.get(rel);
    if (hit) return { ...base, path: rel, included: true, reason: hit.reason };
    return { ...base, ...hypotheticalVsce(rules, rel) };
  });
}
