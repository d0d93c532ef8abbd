/**
 * The ignore-walk replay: ignore files matched the way npm-packlist 10 matches them, ignore-walk 8's
 * `filterEntry` over minimatch rules built with `{ matchBase, dot, flipNegate, nocase }` (the
 * `ignore` package is not a dependency, and npm does not use it either). Kept line for line equal to
 * ignore-walk's, like the tracer in `publish/npm.ts`, and also returns the deciding line; plus git's
 * extra exclude sources (`.git/info/exclude`, `core.excludesFile`).
 */
import * as path from 'node:path';
import type { Minimatch } from '../safe/glob';
import { toPosix } from '../paths';
import { LevelPaths, matchLevel, isRelativeRule, sharedIgnoreRule, askedRules, type MinimatchRule } from './npm';

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

/** Compiles an ignore file's text as ignore-walk does: comments and blank lines dropped, lines trimmed. */
export function parseIgnoreRules(text: string): IgnoreRule[] {
  const out: IgnoreRule[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (/^#|^$/.test(t)) continue;
    // Lines over the glob bounds (they could hang matching) or that minimatch refuses are skipped,
    // as the publish-set computation skips them (publish/npm.ts reports them). Compiled once per
    // line text for the run, shared with the publish sets (fix checks parse an edited file again
    // for every candidate edit: compiling was a tenth of a 40-package check).
    const mm = sharedIgnoreRule(t) as unknown as Minimatch | undefined;
    if (mm) out.push({ pattern: t, line: i + 1, negate: mm.negate, mm });
  }
  return out;
}

/**
 * ignore-walk 8's match test for one rule (with `flipNegate`, a negation "matches" on a hit).
 * `matchLevel` is minimatch's `match` with shortcuts that keep its answer (issue #20: this replay,
 * run per file of a monorepo under a parent .gitignore, spent seconds splitting paths).
 */
function ruleMatches(rule: IgnoreRule, paths: LevelPaths, partial: boolean, entryBasename?: string): boolean {
  const relative = !!entryBasename && isRelativeRule(rule.mm);
  const m = rule.mm;
  // LevelPaths: 0 '/e', 1 'e', 2 '/e/', 3 'e/', 4 '/b/', 5 'b/', 6 '/b', 7 'b' (e: entry, b: entryBasename).
  const match = (k: number, part = false) => matchLevel(m, paths, k, part);
  return (
    match(0) ||
    match(1) ||
    (partial &&
      (match(2) ||
        match(3) ||
        (rule.negate && (match(0, true) || match(1, true))) ||
        (relative &&
          (match(4) ||
            match(5) ||
            (rule.negate && (match(6, true) || match(7, true)))))))
  );
}

/** ignore-walk 8 `filterEntry` for one rule set with no parent, returning the rule that decided. */
function filterEntry(rules: readonly IgnoreRule[], entry: string, partial: boolean, entryBasename?: string): { included: boolean; rule?: IgnoreRule } {
  let included = true;
  let decider: IgnoreRule | undefined;
  const paths = new LevelPaths(entry, entryBasename);
  // Only the rules that can match a path of these segments (the others give false).
  const only = askedRules(compiled(rules), entry, partial);
  for (let k = 0; k < only.length; k++) {
    const rule = rules[only[k]];
    // A negation only matters once something excluded the entry, and vice versa.
    if (rule.negate === included) continue;
    if (ruleMatches(rule, paths, partial, entryBasename)) {
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
  const folders = folderHits(rules, parts.slice(0, -1).join('/'));
  const base = parts.length > 1 ? parts[parts.length - 1] : undefined;
  const paths = new LevelPaths(relPath, base);
  const asked = askedRules(compiled(rules), relPath, false);
  let hit: IgnoreRule | undefined;
  for (let k = 0, a = 0; k < rules.length; k++) {
    while (a < asked.length && asked[a] < k) a++;
    const fileHit = asked[a] === k && ruleMatches(rules[k], paths, false, base);
    if (fileHit || folders[k]) hit = rules[k];
  }
  return hit;
}

const compiledOf = new WeakMap<readonly IgnoreRule[], MinimatchRule[]>();

/** The compiled rules of a rule set, as one array per set (publish/npm.ts indexes it). */
function compiled(rules: readonly IgnoreRule[]): MinimatchRule[] {
  let c = compiledOf.get(rules);
  if (!c) compiledOf.set(rules, (c = rules.map((r) => r.mm as unknown as MinimatchRule)));
  return c;
}

const folderHitCache = new WeakMap<readonly IgnoreRule[], Map<string, boolean[]>>();

/**
 * Per rule: does it match `dir` or one of the folders above it (as a folder, partial)? Shared by
 * the files of a folder (issue #20: every file used to test every folder on its way again).
 */
function folderHits(rules: readonly IgnoreRule[], dir: string): boolean[] {
  if (dir === '') return rules.map(() => false);
  let cache = folderHitCache.get(rules);
  if (!cache) folderHitCache.set(rules, (cache = new Map()));
  let hits = cache.get(dir);
  if (!hits) {
    const slash = dir.lastIndexOf('/');
    const above = folderHits(rules, slash < 0 ? '' : dir.slice(0, slash));
    // The top folder is tested without a basename, deeper ones with their last segment (as ignore-walk does).
    const base = slash < 0 ? undefined : dir.slice(slash + 1);
    const paths = new LevelPaths(dir, base);
    const asked = new Set(askedRules(compiled(rules), dir, true));
    hits = rules.map((rule, k) => above[k] || (asked.has(k) && ruleMatches(rule, paths, true, base)));
    cache.set(dir, hits);
  }
  return hits;
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

