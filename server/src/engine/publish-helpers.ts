/**
 * Helpers shared by the publish-* rules: ignore-file matching with npm's own semantics, git's
 * extra exclude sources, grouping shipped files by their cause, and fixes that exclude several
 * patterns at once without ever dropping an entry point.
 * The ignore-walk replay itself lives in `publish/replay.ts` (re-exported here for engine callers).
 */
import * as path from 'node:path';
import { minimatch } from './safe/glob';
import type { Fix, RelatedLocation, TextEdit } from './types';
import type { UnitRuleContext } from './context';
import { findDenyListHits, type CompiledDenyList } from './content';
import type { PublishedFile } from './publish/types';
import type { ExcludeRequest } from './publish/exclude';
import { appendLines, type CauseGroup } from './fix-helpers';
import { toPosix } from './paths';
import { ignoreVerdict, parseIgnoreRules } from './publish/replay';

export * from './publish/replay';

export type { CauseGroup } from './fix-helpers';

export { groupByCause } from './fix-helpers';

export { listText } from './fix-helpers';

/** `1 file` / `3 files` */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Related locations for shipped files, capped (the message carries the count). */
export function shippedRelated(files: readonly PublishedFile[], why = 'will be published', max = 50): RelatedLocation[] {
  return files.slice(0, max).map((f) => ({ file: f.abs, start: 0, end: 0, message: `${f.path} ${why}` }));
}

/** Entry-point paths (normalised, no globs) and every folder that contains one. */
export interface EntryPointInfo {
  files: Set<string>;
  folders: Set<string>;
  /** Entry points that are globs (`exports` subpath patterns). */
  patterns: string[];
}

/** Normalises a manifest path: no `./`, no leading `/`, no trailing `/`. */
export function normPath(p: string): string {
  return p.replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
}

/** Splits entry points into exact files, their folders and glob patterns. */
export function entryPointInfo(points: readonly string[]): EntryPointInfo {
  const files = new Set<string>();
  const folders = new Set<string>();
  const patterns: string[] = [];
  for (const raw of points) {
    const p = normPath(raw);
    if (!p || p.startsWith('../')) continue;
    if (/[*?[{]/.test(p)) patterns.push(p);
    else files.add(p);
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (/[*?[{]/.test(dir)) break;
      folders.add(dir);
    }
  }
  return { files, folders, patterns };
}

/** True when `relPath` is an entry point or matches an entry-point pattern. */
export function isEntryPoint(info: EntryPointInfo, relPath: string): boolean {
  return info.files.has(relPath) || info.patterns.some((p) => minimatch(relPath, p, { dot: true }));
}

/**
 * True when none of `lines` (as `.npmignore` lines of the package root) would exclude an entry
 * point. Fixes are checked with this before they are offered: a fix must never break the package.
 */
export function linesKeepEntryPoints(lines: readonly string[], entryPoints: readonly string[]): boolean {
  const rules = parseIgnoreRules(lines.join('\n'));
  return entryPoints.map(normPath).filter((p) => p && !/[*?[{]/.test(p)).every((p) => !ignoreVerdict(rules, p).ignored);
}


/** What appended ignore lines must (and may) do to the files that ship from the ignore file's folder. */
export interface AppendCheck {
  /** Paths (relative to the ignore file's folder) the new lines must exclude. */
  mustExclude: readonly string[];
  /** Paths that may be excluded as a side effect; anything else that ships must keep shipping. */
  mayExclude: ReadonlySet<string>;
  /** Every shipped path under the folder, relative to it. */
  shipped: readonly string[];
  /** Entry points under the folder, relative to it: never excluded. */
  entryPoints: readonly string[];
}

/**
 * Edits appending `lines` to an ignore file, or undefined when the result (the whole file, matched
 * like npm matches it) would miss a path it must exclude, drop anything else that ships, or drop
 * an entry point. The check that makes an ignore-file fix safe to apply on save.
 */
export function appendCheckedLines(text: string | undefined, lines: readonly string[], check: AppendCheck): TextEdit[] | undefined {
  if (lines.length === 0) return undefined;
  const { edits } = appendLines(text, [...lines]);
  if (edits.length === 0) return undefined;
  let after = text ?? '';
  for (const e of [...edits].sort((a, b) => b.start - a.start)) after = after.slice(0, e.start) + e.newText + after.slice(e.end);
  const rules = parseIgnoreRules(after);
  const must = new Set(check.mustExclude);
  for (const p of check.shipped) {
    const out = ignoreVerdict(rules, p).ignored;
    if (must.has(p) && !out) return undefined;
    if (out && !must.has(p) && !check.mayExclude.has(p)) return undefined;
  }
  for (const p of must) if (!ignoreVerdict(rules, p).ignored) return undefined;
  if (!linesKeepEntryPoints([after], check.entryPoints)) return undefined;
  return edits;
}

/** A shipped file matched by a path rule, with what to exclude: its folder, a basename glob, or the file itself. */
export interface PathHit {
  file: PublishedFile;
  /** Folder (relative to the pack root) that the match is about, e.g. `src/__tests__`. */
  folder?: string;
  /** Basename glob that covers the file at any depth, e.g. `*.log`. */
  glob?: string;
}

/** The folder part of a directory-pattern match: `src/__tests__/a.js` with `/(^|\/)__tests__\//` → `src/__tests__`. */
export function matchedFolder(relPath: string, dirPattern: RegExp): string | undefined {
  const m = dirPattern.exec(relPath);
  return m ? relPath.slice(0, m.index + m[0].length).replace(/\/+$/, '') : undefined;
}

/** The exclude request for hits: their folders, basename globs, or the files themselves. */
export function excludeRequestFor(hits: readonly PathHit[], what: string): ExcludeRequest {
  const folders = new Set<string>();
  const globs = new Set<string>();
  for (const h of hits) {
    if (h.folder) folders.add(h.folder);
    else if (h.glob) globs.add(h.glob);
  }
  return { paths: [...new Set(hits.map((h) => h.file.path))], folders: [...folders], globs: [...globs], what };
}

/**
 * The fix excluding the hits through the unit's packager ({@link UnitRuleContext.exclude}): the
 * publish set is recomputed with it applied, so it is offered only when the hits are gone and every
 * entry point (main, bin, types, exports …) still ships.
 */
export function excludeHitsFix(ctx: Pick<UnitRuleContext, 'exclude'>, hits: readonly PathHit[], what: string): Promise<Fix | undefined> {
  if (hits.length === 0) return Promise.resolve(undefined);
  return ctx.exclude(excludeRequestFor(hits, what));
}

/** True when `relPath` (relative to the pack root) or `absPath` (relative to the config folder) matches a config glob. */
export function matchesConfigGlob(globs: readonly string[], baseDir: string, absPath: string, relPath: string): boolean {
  if (globs.length === 0) return false;
  const fromBase = toPosix(path.relative(baseDir, absPath));
  return globs.some((g) => {
    const pattern = normPath(g);
    const opts = { dot: true, matchBase: !pattern.includes('/') };
    return minimatch(relPath, pattern, opts) || (!fromBase.startsWith('..') && minimatch(fromBase, pattern, opts)) || minimatch(relPath, `${pattern}/**`, { dot: true });
  });
}

/** What makes a path an AI-agent instruction file or an internal document (catalogue rule 5). */
export interface AgentDocMatch {
  kind: 'agent' | 'internal-doc';
  folder?: string;
  glob?: string;
}

const AGENT_DIR = /(^|\/)\.(claude|cursor|windsurf|roo|kiro|clinerules|aider[^/]*)\//;
const AGENT_GITHUB = /(^|\/)\.github\/(prompts|instructions)\//;
const AGENT_FILE = /(^|\/)((CLAUDE|AGENTS|GEMINI|COPILOT)(\.local)?\.md|\.cursorrules|\.windsurfrules|\.clinerules|\.goosehints|\.mcp\.json|\.aider[^/]*)$/;
const COPILOT_INSTRUCTIONS = /(^|\/)\.github\/copilot-instructions\.md$/;
const INTERNAL_DOC_DIR = /(^|\/)(docs?\/internal|internal[-_]?docs?|rfcs?|adrs?|design[-_]?docs?|runbooks?|postmortems?|playbooks?)\//i;
const INTERNAL_DOC_FILE = /(^|\/)(INTERNAL|NOTES|TODO|PLAN|ROADMAP|DESIGN|ARCHITECTURE|SECURITY-INTERNAL)\.(md|txt)$/;

/**
 * Agent instruction files (CLAUDE.md, AGENTS.md, .cursor/, .github/copilot-instructions.md,
 * .mcp.json …) and internal docs (docs/internal/, rfcs/, runbooks/, ROADMAP.md …). Public `docs/`
 * folders of a library do not match: only internal-named ones do.
 */
export function agentOrInternalDoc(relPath: string): AgentDocMatch | undefined {
  for (const re of [AGENT_DIR, AGENT_GITHUB]) {
    const folder = matchedFolder(relPath, re);
    if (folder) return { kind: 'agent', folder };
  }
  if (COPILOT_INSTRUCTIONS.test(relPath)) return { kind: 'agent' };
  const agent = AGENT_FILE.exec(relPath);
  if (agent) return { kind: 'agent', glob: agent[2].startsWith('.aider') ? '.aider*' : agent[2] };
  const folder = matchedFolder(relPath, INTERNAL_DOC_DIR);
  if (folder) return { kind: 'internal-doc', folder };
  if (INTERNAL_DOC_FILE.test(relPath)) return { kind: 'internal-doc' };
  return undefined;
}

/**
 * Deny-list terms (codenames, markers) inside shipped files of a group: one error at the first term
 * of each file, related to the cause that ships it. Files larger than `maxRead` are skipped.
 */
export async function reportDenyListTerms(
  ctx: Pick<UnitRuleContext, 'readText' | 'report'>,
  group: CauseGroup,
  compiled: CompiledDenyList,
  fix: Fix | undefined,
  maxRead = 2 * 1024 * 1024,
): Promise<void> {
  for (const f of group.files) {
    if (f.size > maxRead) continue;
    const text = await ctx.readText(f.abs);
    const term = text !== undefined ? findDenyListHits(text, compiled)[0] : undefined;
    if (!term) continue;
    ctx.report({
      messageId: 'denyList',
      data: { file: f.path, cause: group.cause.describe, term: term.kind === 'marker' ? `the marker "${term.label}"` : `"${term.label}"` },
      file: f.abs,
      start: term.start,
      end: term.end,
      severity: 'error',
      fix,
      related: [{ file: group.cause.file, start: group.cause.start, end: group.cause.end, message: `published ${group.cause.because}` }],
      key: `deny:${f.path}:${term.label}`,
    });
  }
}
