/**
 * Which embedded sources a map exposes: resolved path, first- vs third-party, embedded or not,
 * shipped anyway or not. An OSS library whose maps only repeat files it ships exposes nothing;
 * Claude Code 2.1.88 exposed 1,906 first-party files (~515k lines) under `../src/` (catalogue 1.1).
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { ParsedMap } from './parse';

export type SourceOrigin = 'first-party' | 'third-party' | 'synthetic';

export interface ClassifiedSource {
  index: number;
  /** `sources[i]` as written. */
  source: string;
  jsonPath: (string | number)[];
  /** `sourceRoot` + `source`, the URL as a consumer would see it before resolving. */
  url: string;
  /**
   * Path relative to the unit root with `/` separators (may start with `../`); an absolute path
   * (`/home/...`, `C:/Users/...`) when the source lies outside the unit on another machine;
   * `undefined` for http(s) URLs and synthetic modules.
   */
  resolvedPath: string | undefined;
  /** The source was written as an absolute path (or `file://` URL). */
  absolute: boolean;
  origin: SourceOrigin;
  hasContent: boolean;
  /** Publish-set path that holds this very source (same path, or same bytes when digests were given). */
  shippedAs: string | undefined;
  /** First-party content embedded and not otherwise published. */
  exposed: boolean;
  /** Lines of embedded content (0 when none). */
  lines: number;
  /** Characters of embedded content (0 when none). */
  chars: number;
}

export interface FolderCount {
  /** e.g. `../src/`; `./` for files at the unit root. */
  folder: string;
  count: number;
}

export interface SourcesSummary {
  total: number;
  withContent: number;
  firstParty: number;
  thirdParty: number;
  synthetic: number;
  /** First-party sources with embedded content (unique by resolved path). */
  firstPartyEmbedded: number;
  firstPartyEmbeddedLines: number;
  /** First-party embedded sources not otherwise published (unique by resolved path). */
  exposed: number;
  exposedLines: number;
  exposedChars: number;
  /** Lines of every embedded source, first- and third-party. */
  totalLines: number;
  /** Longest common folder of the exposed sources (else of the first-party embedded ones), e.g. `../src/`; `''` when none. */
  commonFolder: string;
  /** Top-level folders of the exposed sources (else first-party embedded), most files first. */
  topFolders: FolderCount[];
}

export interface ClassifyOptions {
  /** Path of the file holding the map (the `.map`, or the JS file for inline maps): absolute, or relative to `unitRoot`. */
  mapPath: string;
  /** Absolute root of the packaging unit. */
  unitRoot: string;
  /** Publish-set paths, relative to `unitRoot`, `/` separators. */
  shippedPaths: ReadonlySet<string>;
  /** Optional `contentDigest(text) → shipped path` of shipped text files: a byte-identical shipped copy is not exposure. */
  shippedDigests?: ReadonlyMap<string, string>;
}

export interface ClassifyResult {
  sources: ClassifiedSource[];
  summary: SourcesSummary;
}

/** sha256 (hex) of a text, the key of {@link ClassifyOptions.shippedDigests}. */
export function contentDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Counts lines the way editors do: `a\nb` and `a\nb\n` both have 2; `''` has 0. */
export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let n = 1;
  let i = text.indexOf('\n');
  while (i >= 0) {
    n++;
    i = text.indexOf('\n', i + 1);
  }
  if (text.charCodeAt(text.length - 1) === 10) n--;
  return n;
}

/**
 * Runtime helpers that bundlers inline from a dependency or generate themselves, wherever the path
 * puts them (rxjs' UMD map lists `../cjs/tslib/tslib.es6.js`, outside any node_modules/): tslib,
 * Babel/SWC helpers, regenerator-runtime, core-js, webpack's runtime and buildins, rollup's `\0`
 * virtual modules (`\0commonjsHelpers.js`, `\0rollupPluginBabelHelpers.js`, also after a `../`),
 * Vite's `/@vite/` client and preload helpers. Third-party: never first-party exposure.
 */
const RUNTIME_HELPER = new RegExp(
  [
    String.raw`(?:^|/)tslib(?:/|\.(?:es6\.)?m?js$)`,
    String.raw`(?:^|/)@babel/runtime(?:-corejs\d)?/`,
    String.raw`(?:^|/)@swc/helpers/`,
    String.raw`(?:^|/)regenerator-runtime/`,
    String.raw`(?:^|/)core-js(?:-pure|-bundle)?/`,
    String.raw`(?:^|/)\(webpack\)(?:-[\w-]+)?/`,
    String.raw`(?:^|/)webpack/(?:bootstrap|runtime/|universalModuleDefinition)`,
    String.raw`(?:^|/)\0`,
    String.raw`(?:^|/)_?(?:commonjsHelpers|rollupPluginBabelHelpers|babelHelpers)\.m?js$`,
    String.raw`(?:^|/)_virtual/`,
    String.raw`(?:^|/)@vite/`,
    String.raw`(?:^|/)vite/(?:preload-helper|modulepreload-polyfill|dynamic-import-helper)`,
  ].join('|'),
);

/** True for a source path of a well-known runtime helper (see {@link RUNTIME_HELPER}). */
export function isRuntimeHelper(p: string): boolean {
  return RUNTIME_HELPER.test(p);
}

/**
 * Resolves and classifies every source of a map. Never throws.
 */
export function classifySources(map: ParsedMap, opts: ClassifyOptions): ClassifyResult {
  const unitRoot = toSlash(opts.unitRoot).replace(/\/+$/, '');
  const mapRel = isAbsolutePath(opts.mapPath) ? path.posix.relative(unitRoot, toSlash(opts.mapPath)) : toSlash(opts.mapPath);
  const mapDir = path.posix.dirname(mapRel);
  const sources: ClassifiedSource[] = [];
  for (const s of map.sources) {
    const url = joinSourceRoot(s.sourceRoot, s.source);
    const r = resolveSource(url, mapDir, unitRoot);
    let origin: SourceOrigin = r.synthetic ? 'synthetic' : 'first-party';
    if (!r.synthetic && (s.ignored || /(?:^|\/)node_modules\//.test(r.path ?? url) || /^https?:/i.test(url) || isRuntimeHelper(r.path ?? url))) origin = 'third-party';
    const hasContent = s.content !== null;
    let shippedAs: string | undefined;
    if (r.path !== undefined) shippedAs = findShipped(r.path, r.absolute, opts.shippedPaths);
    if (!shippedAs && hasContent && origin === 'first-party' && opts.shippedDigests) {
      shippedAs = opts.shippedDigests.get(contentDigest(s.content as string));
    }
    const content = s.content ?? '';
    sources.push({
      index: s.index,
      source: s.source,
      jsonPath: s.jsonPath,
      url,
      resolvedPath: r.path,
      absolute: r.absolute,
      origin,
      hasContent,
      shippedAs,
      exposed: hasContent && origin === 'first-party' && shippedAs === undefined,
      lines: countLines(content),
      chars: content.length,
    });
  }
  return { sources, summary: summarize(sources) };
}

function summarize(sources: ClassifiedSource[]): SourcesSummary {
  const summary: SourcesSummary = {
    total: sources.length,
    withContent: 0,
    firstParty: 0,
    thirdParty: 0,
    synthetic: 0,
    firstPartyEmbedded: 0,
    firstPartyEmbeddedLines: 0,
    exposed: 0,
    exposedLines: 0,
    exposedChars: 0,
    totalLines: 0,
    commonFolder: '',
    topFolders: [],
  };
  const seenEmbedded = new Set<string>();
  const seenExposed = new Set<string>();
  const exposedPaths: string[] = [];
  const embeddedPaths: string[] = [];
  for (const s of sources) {
    if (s.origin === 'first-party') summary.firstParty++;
    else if (s.origin === 'third-party') summary.thirdParty++;
    else summary.synthetic++;
    if (!s.hasContent) continue;
    summary.withContent++;
    summary.totalLines += s.lines;
    if (s.origin !== 'first-party') continue;
    const key = s.resolvedPath ?? s.url;
    if (!seenEmbedded.has(key)) {
      seenEmbedded.add(key);
      summary.firstPartyEmbedded++;
      summary.firstPartyEmbeddedLines += s.lines;
      embeddedPaths.push(key);
    }
    if (s.exposed && !seenExposed.has(key)) {
      seenExposed.add(key);
      summary.exposed++;
      summary.exposedLines += s.lines;
      summary.exposedChars += s.chars;
      exposedPaths.push(key);
    }
  }
  const basis = exposedPaths.length > 0 ? exposedPaths : embeddedPaths;
  summary.commonFolder = commonFolder(basis);
  summary.topFolders = topFolders(basis);
  return summary;
}

/** Longest common folder (with a trailing `/`) of relative or absolute paths; `''` when they share none. */
export function commonFolder(paths: readonly string[]): string {
  if (paths.length === 0) return '';
  let common = paths[0].split('/').slice(0, -1);
  for (const p of paths) {
    const dirs = p.split('/').slice(0, -1);
    let k = 0;
    while (k < common.length && k < dirs.length && common[k] === dirs[k]) k++;
    common = common.slice(0, k);
    if (common.length === 0) break;
  }
  const joined = common.join('/');
  return joined === '' ? (paths.every((p) => p.startsWith('/')) ? '/' : '') : joined + '/';
}

function topFolders(paths: readonly string[]): FolderCount[] {
  const counts = new Map<string, number>();
  for (const p of paths) {
    const parts = p.split('/');
    let k = 0;
    while (k < parts.length - 1 && (parts[k] === '..' || parts[k] === '')) k++;
    const folder = k < parts.length - 1 ? parts.slice(0, k + 1).join('/') + '/' : k > 0 ? parts.slice(0, k).join('/') + '/' : './';
    counts.set(folder, (counts.get(folder) ?? 0) + 1);
  }
  return [...counts].map(([folder, count]) => ({ folder, count })).sort((a, b) => b.count - a.count || a.folder.localeCompare(b.folder));
}

/** ECMA-426 / source-map library semantics: `sourceRoot` is prefixed, with a `/` between when needed. */
export function joinSourceRoot(sourceRoot: string, source: string): string {
  if (!sourceRoot || /^[a-z][a-z0-9+.-]*:/i.test(source) || isAbsolutePath(source)) return source;
  return sourceRoot.endsWith('/') ? sourceRoot + source : `${sourceRoot}/${source}`;
}

interface Resolved {
  path: string | undefined;
  absolute: boolean;
  synthetic: boolean;
}

/**
 * Resolves a source URL to a path relative to the unit root.
 * `webpack://name/./src/x.ts` → `src/x.ts` (webpack paths are relative to its context, the project
 * root, not to the map); `file:///abs` and absolute paths → relative when inside the unit; plain
 * relative paths → relative to the map's folder.
 */
export function resolveSource(url: string, mapDir: string, unitRoot: string): Resolved {
  if (url === '' || url.startsWith('\0') || /^<.*>$/.test(url) || /^(?:node|bun|data):/i.test(url)) return { path: undefined, absolute: false, synthetic: true };
  if (/^https?:/i.test(url)) return { path: undefined, absolute: false, synthetic: false };
  let rest = url;
  let bundlerRelative = false;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(.*)$/i.exec(url);
  if (scheme && scheme[1].toLowerCase() === 'file') {
    rest = safeDecode(scheme[3]);
    if (/^\/[A-Za-z]:[\\/]/.test(rest)) rest = rest.slice(1);
  } else if (scheme && scheme[1].length > 1) {
    // webpack://, turbopack://, rollup://, ng://, vite://: the part after the host is project-relative.
    const after = scheme[3];
    if (isUserOrCiRoot(after)) {
      rest = /^\/[A-Za-z]:[\\/]/.test(after) ? after.slice(1) : after; // webpack:///C:/Users/...
    } else {
      rest = after.replace(/^\/+/, '');
      bundlerRelative = true;
    }
    if (/^(?:webpack\/(?:bootstrap|runtime|universalModuleDefinition)|\(webpack\)|external\b|ignored\b)/.test(rest)) {
      return { path: undefined, absolute: false, synthetic: true };
    }
  }
  rest = toSlash(rest);
  if (isAbsolutePath(rest)) {
    const norm = path.posix.normalize(rest);
    if (norm === unitRoot || norm.startsWith(unitRoot + '/')) return { path: path.posix.relative(unitRoot, norm) || '.', absolute: true, synthetic: false };
    return { path: norm, absolute: true, synthetic: false };
  }
  const joined = bundlerRelative ? path.posix.normalize(rest) : path.posix.normalize(path.posix.join(mapDir, rest));
  return { path: joined.replace(/^\.\//, ''), absolute: false, synthetic: false };
}

/** `/Users/x/...`, `/home/x/...` and friends after a webpack host are absolute, not project-relative. */
function isUserOrCiRoot(p: string): boolean {
  return /^\/(?:Users|home|root|builds|var|opt|github|workspace|tmp|private|mnt|srv|codebuild|drone|buildkite|bitrise)\//.test(p) || /^\/?[A-Za-z]:[\\/]/.test(p);
}

function findShipped(resolved: string, absolute: boolean, shipped: ReadonlySet<string>): string | undefined {
  if (shipped.has(resolved)) return resolved;
  if (!absolute) return undefined;
  // An absolute path from another machine (`/home/runner/work/pkg/pkg/src/a.ts`): try its suffixes.
  const parts = resolved.split('/');
  for (let k = 1; k < parts.length; k++) {
    const suffix = parts.slice(k).join('/');
    if (suffix && shipped.has(suffix)) return suffix;
  }
  return undefined;
}

function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

function toSlash(p: string): string {
  return p.replace(/\\/g, '/');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
