/**
 * Helpers shared by the publish-* rules: ignore-file matching with npm's own semantics, git's
 * extra exclude sources, grouping shipped files by their cause, and fixes that exclude several
 * patterns at once without ever dropping an entry point.
 *
 * Ignore files are matched the way npm-packlist 10 matches them: ignore-walk 8's `filterEntry`
 * over minimatch rules built with `{ matchBase, dot, flipNegate, nocase }` (the `ignore` package
 * is not a dependency, and npm does not use it either). The replay below is kept line for line
 * equal to ignore-walk's, like the tracer in `publish/npm.ts`, and also returns the deciding line.
 */
import * as path from 'node:path';
import { compileGlob, minimatch, type Minimatch } from './safe/glob';
import type { Fix, RelatedLocation, TextEdit } from './types';
import type { UnitRuleContext } from './context';
import { findDenyListHits, type CompiledDenyList } from './content';
import type { PackagingUnit } from './workspace';
import type { PublishedFile } from './publish/types';
import type { ExcludeRequest } from './publish/exclude';
import { appendLines, causeOf, type CauseLocation, type CauseGroup } from './fix-helpers';
import { toPosix } from './paths';

/** One kept line of an ignore file, compiled like ignore-walk compiles it. */
export interface IgnoreRule {
  /** The trimmed line text, e.g. `*.map` or `!keep.log`. */
  pattern: string;
  /** 1-based line number in the file. */
  line: number;
  negate: boolean;
  mm: Minimatch;
}

/** What a rule set says about one path. */
export interface IgnoreVerdict {
  ignored: boolean;
  /** The rule that decided (last match that flipped the answer); undefined when none matched. */
  rule?: IgnoreRule;
  /** Set when a parent folder (relative path) was excluded, so the walk never entered it. */
  folder?: string;
}

const IGNORE_WALK_OPTS = { matchBase: true, dot: true, flipNegate: true, nocase: true } as const;

/** Compiles an ignore file's text as ignore-walk does: comments and blank lines dropped, lines trimmed. */
export function parseIgnoreRules(text: string): IgnoreRule[] {
  const out: IgnoreRule[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (/^#|^$/.test(t)) continue;
    // Lines over the glob bounds (they could hang matching) or that minimatch refuses are skipped,
    // as the publish-set computation skips them (publish/npm.ts reports them).
    const mm = compileGlob(t, IGNORE_WALK_OPTS);
    if (mm) out.push({ pattern: t, line: i + 1, negate: mm.negate, mm });
  }
  return out;
}

/** ignore-walk 8's match test for one rule (with `flipNegate`, a negation "matches" on a hit). */
function ruleMatches(rule: IgnoreRule, entry: string, partial: boolean, entryBasename?: string): boolean {
  const isRelativeRule = !!entryBasename && rule.mm.globParts.some((part) => part.length <= (part.slice(-1)[0] ? 1 : 2));
  const m = rule.mm;
  return (
    m.match('/' + entry) ||
    m.match(entry) ||
    (partial &&
      (m.match('/' + entry + '/') ||
        m.match(entry + '/') ||
        (rule.negate && (m.match('/' + entry, true) || m.match(entry, true))) ||
        (isRelativeRule &&
          (m.match('/' + entryBasename + '/') ||
            m.match(entryBasename + '/') ||
            (rule.negate && (m.match('/' + entryBasename, true) || m.match(entryBasename, true)))))))
  );
}

/** ignore-walk 8 `filterEntry` for one rule set with no parent, returning the rule that decided. */
function filterEntry(rules: readonly IgnoreRule[], entry: string, partial: boolean, entryBasename?: string): { included: boolean; rule?: IgnoreRule } {
  let included = true;
  let decider: IgnoreRule | undefined;
  for (const rule of rules) {
    // A negation only matters once something excluded the entry, and vice versa.
    if (rule.negate === included) continue;
    if (ruleMatches(rule, entry, partial, entryBasename)) {
      included = rule.negate;
      decider = rule;
    }
  }
  return { included, rule: decider };
}

/**
 * The last line of a rule set that matches `relPath` (a file) or one of its folders, negation or
 * not: git's rule that the deepest ignore source with a matching pattern decides.
 */
export function lastMatchingRule(rules: readonly IgnoreRule[], relPath: string): IgnoreRule | undefined {
  const parts = relPath.split('/');
  let hit: IgnoreRule | undefined;
  for (const rule of rules) {
    const fileHit = ruleMatches(rule, relPath, false, parts.length > 1 ? parts[parts.length - 1] : undefined);
    const dirHit = parts.slice(0, -1).some((_, i) => ruleMatches(rule, parts.slice(0, i + 1).join('/'), true, i === 0 ? undefined : parts[i]));
    if (fileHit || dirHit) hit = rule;
  }
  return hit;
}

const folderVerdicts = new WeakMap<readonly IgnoreRule[], Map<string, { included: boolean; rule?: IgnoreRule }>>();

/**
 * Would this rule set (the ignore file of one folder, on its own) leave `relPath` (a file, relative
 * to that folder) out of the publish set? Folders on the way are checked the way the walk does:
 * an excluded folder is never entered. `forceEnter` names folders to enter anyway.
 */
export function ignoreVerdict(rules: readonly IgnoreRule[], relPath: string, opts: { forceEnter?: (relDir: string) => boolean } = {}): IgnoreVerdict {
  if (rules.length === 0) return { ignored: false };
  const parts = relPath.split('/');
  // Folder verdicts of one rule set, shared by the files under them (issue #20: a 250-file package
  // checked folder by folder for every file spent seconds in minimatch).
  let folders = folderVerdicts.get(rules);
  if (!folders) folderVerdicts.set(rules, (folders = new Map()));
  for (let i = 0; i < parts.length - 1; i++) {
    const dir = parts.slice(0, i + 1).join('/');
    if (opts.forceEnter?.(dir)) continue;
    let d = folders.get(dir);
    if (!d) folders.set(dir, (d = filterEntry(rules, dir, true, i === 0 ? undefined : parts[i])));
    if (!d.included) return { ignored: true, rule: d.rule, folder: dir };
  }
  const f = filterEntry(rules, relPath, false, parts.length > 1 ? parts[parts.length - 1] : undefined);
  return { ignored: !f.included, rule: f.rule };
}

/** Reading through the rule context (open documents win over the disk). */
export interface PublishIo {
  readText(absPath: string): Promise<string | undefined>;
  exists(absPath: string): Promise<boolean>;
}

/** A source of git ignore rules outside the package's own `.gitignore` files. */
export interface GitIgnoreSource {
  /** Absolute path of the file the rules come from. */
  file: string;
  /** Folder the patterns are relative to. */
  base: string;
  kind: 'parent-gitignore' | 'info-exclude' | 'core-excludes-file';
  rules: IgnoreRule[];
}

/** The repository around a folder and the ignore sources git uses there beyond the folder's own `.gitignore`. */
export interface GitContext {
  /** Work tree root (the folder holding `.git`). */
  repoRoot: string;
  /** In precedence order, highest first: parent `.gitignore` files (deepest first), `info/exclude`, `core.excludesFile`. */
  sources: GitIgnoreSource[];
}

/**
 * Finds the git work tree above `dir` and the ignore sources git consults that npm never reads:
 * `.gitignore` files of parent folders up to the work tree root, `$GIT_DIR/info/exclude`, and
 * `core.excludesFile` (repository config over `~/.gitconfig` over `$XDG_CONFIG_HOME/git/config`,
 * default `$XDG_CONFIG_HOME/git/ignore`). Returns undefined outside a git work tree.
 * (mux-node-sdk#49: a token file hidden by `~/.gitignore_global` was published.)
 */
export async function gitContext(io: PublishIo, dir: string, env: NodeJS.ProcessEnv = process.env): Promise<GitContext | undefined> {
  let repoRoot: string | undefined;
  let gitDir: string | undefined;
  for (let cur = toPosix(path.resolve(dir)); ; ) {
    if (await io.exists(`${cur}/.git`)) {
      repoRoot = cur;
      const asFile = await io.readText(`${cur}/.git`);
      const m = asFile !== undefined ? /^gitdir:\s*(.+?)\s*$/m.exec(asFile) : null;
      gitDir = m ? toPosix(path.resolve(cur, m[1])) : `${cur}/.git`;
      break;
    }
    const parent = toPosix(path.dirname(cur));
    if (parent === cur) break;
    cur = parent;
  }
  if (!repoRoot || !gitDir) return undefined;
  // Linked work trees keep info/exclude and config in the common directory.
  const common = await io.readText(`${gitDir}/commondir`);
  const commonDir = common !== undefined && common.trim() ? toPosix(path.resolve(gitDir, common.trim())) : gitDir;
  const sources: GitIgnoreSource[] = [];
  const start = toPosix(path.resolve(dir));
  for (let cur = toPosix(path.dirname(start)); cur.length >= repoRoot.length && start !== repoRoot; cur = toPosix(path.dirname(cur))) {
    const text = await io.readText(`${cur}/.gitignore`);
    if (text !== undefined) sources.push({ file: `${cur}/.gitignore`, base: cur, kind: 'parent-gitignore', rules: parseIgnoreRules(text) });
    if (cur === repoRoot || path.dirname(cur) === cur) break;
  }
  const exclude = await io.readText(`${commonDir}/info/exclude`);
  if (exclude !== undefined) sources.push({ file: `${commonDir}/info/exclude`, base: repoRoot, kind: 'info-exclude', rules: parseIgnoreRules(exclude) });
  const home = env.HOME ?? env.USERPROFILE;
  const xdg = env.XDG_CONFIG_HOME || (home ? `${home}/.config` : undefined);
  const configs = [xdg ? `${xdg}/git/config` : undefined, home ? `${home}/.gitconfig` : undefined, `${commonDir}/config`];
  let excludesFile: string | undefined = xdg ? `${xdg}/git/ignore` : undefined;
  for (const c of configs) {
    if (!c) continue;
    const text = await io.readText(c);
    const v = text !== undefined ? coreExcludesFile(text) : undefined;
    if (v !== undefined) excludesFile = expandHome(v, home, repoRoot);
  }
  if (excludesFile) {
    const text = await io.readText(excludesFile);
    if (text !== undefined) sources.push({ file: toPosix(excludesFile), base: repoRoot, kind: 'core-excludes-file', rules: parseIgnoreRules(text) });
  }
  return { repoRoot, sources };
}

/** `core.excludesFile` from a git config text (last one wins), unquoted. */
export function coreExcludesFile(text: string): string | undefined {
  let section = '';
  let value: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const sec = /^\[\s*([^\]\s"]+)(?:\s+"[^"]*")?\s*\]/.exec(line);
    if (sec) {
      section = sec[1].toLowerCase();
      continue;
    }
    if (section !== 'core') continue;
    const kv = /^excludesfile\s*=\s*(.*)$/i.exec(line);
    if (!kv) continue;
    let v = kv[1];
    if (v.startsWith('"')) v = v.slice(1, v.indexOf('"', 1) > 0 ? v.indexOf('"', 1) : undefined);
    else v = v.replace(/\s[#;].*$/, '').trim();
    value = v;
  }
  return value;
}

function expandHome(p: string, home: string | undefined, base: string): string {
  if (p.startsWith('~/') && home) return toPosix(path.join(home, p.slice(2)));
  return toPosix(path.resolve(base, p));
}

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
