/**
 * The npm publish set, computed by npm-packlist 10 itself (the library inside npm 11), never by a
 * re-implementation of its ignore logic.
 *
 * To say WHY a file ships we subclass npm-packlist's walker: it records every ignore file it reads
 * (with line numbers) and, for each entry, which rule decided. The decision itself is always
 * npm-packlist's own; the trace is a faithful replay of ignore-walk's `filterEntry` that only
 * remembers the last rule that flipped the answer.
 */
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { ConfinedFileSystem, type DirEntry, type FileSystem } from '../safe/fs';
import type { PackagingUnit } from '../unit';
import { toPosix } from '../paths';
import { GLOBSTAR, compileGlob, globProblem } from '../safe/glob';
import type { ExclusionReason, InclusionReason, PathExplanation, PublishedFile, PublishSet } from './types';

// npm-packlist ships no usable types for its Walker; these describe the internals we rely on
// (ignore-walk 8 / npm-packlist 10.0.x, see node_modules/npm-packlist/lib/index.js).
export interface MinimatchRule {
  negate: boolean;
  globParts: string[][];
  match(p: string, partial?: boolean): boolean;
}
type RuleSetKey = string | symbol;
interface WalkerInternals {
  path: string;
  basename: string;
  parent: WalkerInternals | null;
  exact?: boolean;
  tree: unknown;
  ignoreFiles: RuleSetKey[];
  ignoreRules: Record<RuleSetKey, MinimatchRule[] | null | undefined>;
  filterEntry(entry: string, partial?: boolean, entryBasename?: string): boolean;
  filterEntries(): void;
  walkerOpt(entry: string, opts: unknown): Record<string, unknown>;
  injectRules(filename: RuleSetKey, rules: string[], callback?: () => void): void;
  onReadIgnoreFile(file: RuleSetKey, data: string, then: () => void): void;
  addIgnoreFile(file: RuleSetKey, then: () => void): void;
  onReaddir(entries: string[]): void;
  addIgnoreFile(file: RuleSetKey, then: () => void): void;
  on(ev: string, cb: (...args: unknown[]) => void): WalkerInternals;
  emit(ev: string, data?: unknown): boolean;
  start(): WalkerInternals;
  stat(opts: StatOpts, then: () => void): void;
  onstat(opts: StatOpts & { st: nodeFs.Stats; isSymbolicLink: boolean }, then: () => void): void;
}
interface StatOpts {
  entry: string;
  file: boolean;
  dir: boolean;
}
type WalkerCtor = new (tree: unknown, opts: Record<string, unknown>) => WalkerInternals;

/** Options of {@link computeNpmPublishSet}. */
export interface NpmPublishOptions {
  /**
   * The monorepo root whose package.json `workspaces` include the unit; defaults to
   * `unit.npmWorkspaceRoot` (a pnpm-workspace.yaml root is not one: npm does not read it).
   * `null` packs the unit on its own (what pnpm's npm-packlist call does).
   */
  workspaceRoot?: string | null;
  /**
   * Ignore-file texts (absolute `/` paths) that replace, or create, the files on disk: how a fix is
   * checked before it is written (issue #17). npm-packlist reads ignore files itself, not through
   * the engine's FileSystem, so they are handed to its walker here.
   */
  ignoreFileTexts?: ReadonlyMap<string, string>;
}

/** One kept line of an ignore file (or synthetic rule set), aligned with ignore-walk's rule array. */
interface RuleLine {
  text: string;
  line: number;
}

interface WalkerInfo {
  /** Kept lines per rule set, same order as `ignoreRules[key]`. */
  lines: Map<RuleSetKey, RuleLine[]>;
  /** Items given to `injectRules` per synthetic rule set (an item may span several lines). */
  injected: Map<RuleSetKey, string[]>;
  hasNpmignore: boolean;
  hasGitignore: boolean;
}

interface Decider {
  walker: WalkerInternals;
  key: RuleSetKey;
  index: number;
  negate: boolean;
}

interface Decision {
  included: boolean;
  decider?: Decider;
}

/** Everything one packlist run observed; lives only as long as the call (no module state). */
interface Trace {
  infos: Map<WalkerInternals, WalkerInfo>;
  /** Non-partial decisions keyed by absolute path (`/`). */
  decisions: Map<string, Decision>;
  /** Folder decisions (partial matching) that excluded a folder, keyed by absolute path. */
  excludedDirs: Map<string, Decision>;
  /** Whether to trace entries that are excluded (only `explain` needs them). */
  traceExcluded: boolean;
  root: WalkerInternals | undefined;
  /** `infos` by walker path, built once after the walk. */
  infoByPath?: Map<string, WalkerInfo>;
  /** Set problems (ignore-file patterns over the glob bounds). */
  problems: string[];
}

/** Result of one traced run. */
interface NpmRun {
  set: PublishSet;
  trace: Trace;
  ctx: ReasonContext;
  /** The walker class and tree of the run, to ask about paths that do not exist (see hypotheticalDecision). */
  walker?: { Walker: WalkerCtor; tree: unknown };
}

interface ReasonContext {
  packRoot: string;
  manifest: Record<string, unknown>;
  /** Out-of-tree ignore files read for a workspace package, in npm's order. */
  outOfTree: string[];
  /** Relative workspace paths excluded when packing a monorepo root. */
  workspaceExcludes: string[];
  hasFiles: boolean;
}

const NPM_PACKLIST = 'npm-packlist';
/** Problems of lines refused by the glob bounds (see onReadIgnoreFile). */
const REFUSED = /^\S.*:\d+: Glob /;

function info(trace: Trace, w: WalkerInternals): WalkerInfo {
  let i = trace.infos.get(w);
  if (!i) {
    i = { lines: new Map(), injected: new Map(), hasNpmignore: false, hasGitignore: false };
    trace.infos.set(w, i);
  }
  return i;
}

/** An ignore file's text as the walker uses it (see parsedIgnoreText). */
interface ParsedIgnoreText {
  /** Lines over the wildcard bounds (0-based line, problem): blanked. */
  problems: Array<[number, string]>;
  kept: RuleLine[];
  rules: MinimatchRule[];
}
const parsedTexts = new Map<string, ParsedIgnoreText>();
/** Texts remembered (npm-packlist's default rules, a monorepo's shared .gitignore files); longer texts are parsed each time. */
const PARSED_TEXTS = 256;
const PARSED_TEXT_CHARS = 64 * 1024;

/**
 * ignore-walk 8's onReadIgnoreFile, line for line, with each text parsed once: npm-packlist injects
 * its default rules into the walker of every folder (issue #20: tens of thousands of identical
 * pattern checks and Minimatch compilations on a monorepo). Patterns over the wildcard bounds could
 * hang minimatch (issue #15): they are blanked (same line numbers), reported, and so match nothing;
 * the set errs on the side of shipping. Callers get the arrays to copy, not to change.
 */
function parsedIgnoreText(data: string): ParsedIgnoreText {
  const known = parsedTexts.get(data);
  if (known) return known;
  const lines = data.split(/\r?\n/);
  const problems: Array<[number, string]> = [];
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (!t || t.startsWith('#')) continue;
    const problem = globProblem(t.replace(/^!/, ''));
    if (!problem) continue;
    problems.push([i, problem]);
    lines[i] = '';
  }
  const kept = keptLines(problems.length ? lines.join('\n') : data);
  const parsed: ParsedIgnoreText = {
    problems,
    kept,
    // ignore-walk's rules are the kept lines, compiled (one that cannot compile is left out).
    rules: kept.map((l) => sharedIgnoreRule(l.text)).filter((rule): rule is MinimatchRule => rule !== undefined),
  };
  if (data.length <= PARSED_TEXT_CHARS) {
    if (parsedTexts.size >= PARSED_TEXTS) parsedTexts.delete(parsedTexts.keys().next().value!);
    parsedTexts.set(data, parsed);
  }
  return parsed;
}

/** Same filter as ignore-walk's onReadIgnoreFile, remembering 1-based line numbers. */
function keptLines(data: string): RuleLine[] {
  const out: RuleLine[] = [];
  const lines = data.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (!/^#|^$/.test(lines[i].trim())) out.push({ text: lines[i].trim(), line: i + 1 });
  }
  return out;
}

/** The parts of minimatch's Minimatch that `match()` reads (used to match pre-split paths). */
interface MinimatchInternals {
  comment?: boolean;
  empty?: boolean;
  negate: boolean;
  isWindows?: boolean;
  preserveMultipleSlashes?: boolean;
  options: { matchBase?: boolean; flipNegate?: boolean; dot?: boolean };
  set: unknown[][];
  matchOne(file: string[], pattern: unknown[], partial: boolean): boolean;
}

/** Per rule: can `match()` be replayed on a pre-split path, and is it a "relative rule" (ignore-walk's test). */
interface RuleFacts {
  fast: boolean;
  relative: boolean;
  /** Per pattern of `set`, per part: the literal of a literal regexp part (see literalOf), else null. */
  lits: Array<Array<string | null>>;
}

/** Each rule's facts ride on the rule itself: a WeakMap lookup per match was 2% of a monorepo's check (#20). */
const FACTS = Symbol('leakguard.ruleFacts');

function factsOf(rule: MinimatchRule): RuleFacts {
  const holder = rule as unknown as { [FACTS]?: RuleFacts };
  let f = holder[FACTS];
  if (!f) {
    const mm = rule as unknown as MinimatchInternals;
    const fast = !mm.isWindows && !mm.preserveMultipleSlashes && typeof mm.matchOne === 'function' && Array.isArray(mm.set) && !!mm.options;
    f = {
      fast,
      relative: rule.globParts.some((part) => part.length <= (part.slice(-1)[0] ? 1 : 2)),
      lits: fast ? mm.set.map((pattern) => pattern.map((p) => (p instanceof RegExp ? literalOf(p) : null))) : [],
    };
    if (Object.isExtensible(rule)) Object.defineProperty(rule, FACTS, { value: f, enumerable: false });
  }
  return f;
}

/**
 * A path split the way minimatch's `slashSplit` does (non-Windows, multiple slashes coalesced),
 * with the basename `match()` uses for matchBase patterns; split once per path, not once per rule.
 * `lower` holds the lower-cased segments for the literal fast path of `canHit`.
 */
class SplitPath {
  readonly ff: string[];
  readonly base: string[];
  private lff: string[] | undefined;
  private lbase: string[] | undefined;
  constructor(readonly f: string) {
    // Without a doubled slash, a plain split gives the same segments, without the regex.
    const ff = f.includes('//') ? f.split(/\/+/) : f.split('/');
    let filename = ff[ff.length - 1];
    if (!filename) for (let i = ff.length - 2; !filename && i >= 0; i--) filename = ff[i];
    this.ff = ff;
    this.base = [filename];
    // Written here once more, so V8 knows the two caches as mutable fields from the first SplitPath
    // on: their first write in `lower`, after the walk's functions were optimised, made them so then
    // and threw that code away ("code dependencies" in --trace-deopt; issue #20).
    this.lff = undefined;
    this.lbase = undefined;
  }
  lower(file: string[]): string[] {
    if (file === this.base) return (this.lbase ??= [this.base[0].toLowerCase()]);
    return (this.lff ??= this.ff.map((x) => x.toLowerCase()));
  }
}

/**
 * Pattern parts that are a case-insensitive ASCII literal (`/^\.git$/i`, how minimatch compiles a
 * plain name with `nocase`): for those, "lower-cased segment equals the literal" is implied by a
 * regexp hit (non-ASCII characters never match ASCII ones under /i without /u), so comparing
 * strings can only err towards "maybe", and the caller then asks minimatch.
 */
function literalOf(re: RegExp): string | null {
  const m = re.flags === 'i' ? /^\^((?:\\[^A-Za-z0-9]|[^\\^$.*+?()[\]{}|])*)\$$/.exec(re.source) : null;
  return m && /^[\x20-\x7e]*$/.test(m[1]) ? m[1].replace(/\\(.)/g, '$1').toLowerCase() : null;
}

/** False only when pattern part `p` (literal `lit`, see literalOf) cannot match segment `i` of `file` (true = maybe). */
function canHit(p: unknown, lit: string | null, sp: SplitPath, file: string[], i: number): boolean {
  if (typeof p === 'string') return p === file[i];
  if (lit !== null) return sp.lower(file)[i] === lit;
  if (p instanceof RegExp) return p.test(file[i]);
  return p !== false;
}

/**
 * Exact necessary conditions for `matchOne(file, pattern, partial)` to be true, checked before
 * calling it (it recurses with a slice per segment on `**`):
 * - its loop compares the first part with file[0] first (unless that part is `**`);
 * - non-partial: a last part that is not `**` consumes the last segment (or the one before a
 *   trailing ''), and every part other than `**` consumes some segment.
 */
function mayMatch(sp: SplitPath, file: string[], pattern: unknown[], lits: Array<string | null>, partial: boolean): boolean {
  const n = file.length;
  if (pattern.length === 0 || n === 0) return true;
  const first = pattern[0];
  if (first !== GLOBSTAR && !canHit(first, lits[0], sp, file, 0)) return false;
  if (partial) return true;
  const last = pattern[pattern.length - 1];
  if (last !== GLOBSTAR && !canHit(last, lits[pattern.length - 1], sp, file, n - 1) && !(file[n - 1] === '' && n >= 2 && canHit(last, lits[pattern.length - 1], sp, file, n - 2))) return false;
  for (let i = 1; i < pattern.length - 1; i++) {
    const p = pattern[i];
    if (p === GLOBSTAR) continue;
    let found = false;
    for (let j = 0; j < n && !found; j++) found = canHit(p, lits[i], sp, file, j);
    if (!found) return false;
  }
  return true;
}

/**
 * `matchOne(file, ['**', …], partial = true)` is true whenever `**` can swallow every segment:
 * minimatch returns true when the file runs out in partial mode, and `**` only refuses `.` and
 * `..` (and dot-segments without `dot`). Saves the slice-per-segment recursion on every entry
 * ignore-walk tests in directory mode against npm's default rules that start with `**`.
 */
function partialGlobstarHit(file: string[], pattern: unknown[], dot: boolean): boolean {
  if (pattern[0] !== GLOBSTAR) return false;
  for (const seg of file) if (seg === '.' || seg === '..' || (!dot && seg.charCodeAt(0) === 46)) return false;
  return true;
}

/** Minimatch.prototype.match(f, partial) of minimatch 10 on a pre-split path: the same steps, so the same answer. */
function matchRule(rule: MinimatchRule, facts: RuleFacts, sp: SplitPath, partial: boolean): boolean {
  const f = sp.f;
  if (!facts.fast) return rule.match(f, partial);
  const mm = rule as unknown as MinimatchInternals;
  if (mm.comment) return false;
  if (mm.empty) return f === '';
  if (f === '/' && partial) return true;
  const options = mm.options;
  const set = mm.set;
  for (let i = 0; i < set.length; i++) {
    const pattern = set[i];
    const file = options.matchBase && pattern.length === 1 ? sp.base : sp.ff;
    if (!mayMatch(sp, file, pattern, facts.lits[i], partial)) continue;
    if ((partial && partialGlobstarHit(file, pattern, !!options.dot)) || mm.matchOne(file, pattern, partial)) return options.flipNegate ? true : !mm.negate;
  }
  return options.flipNegate ? false : mm.negate;
}

/** ignore-walk's "relative rule" test of a rule (a pattern of one part, or one part and a trailing `/`), kept with its facts. */
export function isRelativeRule(rule: MinimatchRule): boolean {
  return factsOf(rule).relative;
}

/**
 * `rule.match(path k of paths, partial)` for a minimatch rule, with the replay's shortcuts (same
 * answer): each path split once per level and shared by every rule, `matchOne` skipped where a
 * pattern part cannot match. For other replays of ignore-walk (publish/replay.ts).
 */
export function matchLevel(rule: MinimatchRule, paths: LevelPaths, k: number, partial: boolean): boolean {
  return matchRule(rule, factsOf(rule), paths.get(k), partial);
}

/** The paths one ignore-walk filterEntry level matches, split lazily, once each. */
export class LevelPaths {
  private readonly s: Array<SplitPath | undefined> = [];
  constructor(
    private readonly entry: string,
    private readonly base: string | undefined,
  ) {}
  /** 0 '/e', 1 'e', 2 '/e/', 3 'e/', 4 '/b/', 5 'b/', 6 '/b', 7 'b' (e: entry, b: entryBasename). */
  get(k: number): SplitPath {
    let sp = this.s[k];
    if (!sp) {
      const x = k < 4 ? this.entry : this.base!;
      sp = new SplitPath((k & 1 ? '' : '/') + x + (k === 2 || k === 3 || k === 4 || k === 5 ? '/' : ''));
      this.s[k] = sp;
    }
    return sp;
  }
}

/**
 * Replay of ignore-walk 8's `filterEntry` that also returns the rule that decided.
 * Kept line-for-line equal to the original; the boolean is checked against it by the caller.
 * Speed (same answers): each path is split once per level instead of once per rule and call,
 * each rule's "relative rule" test is computed once, and a non-partial match whose pattern ends in
 * a part the path's last segment cannot match skips minimatch's matchOne.
 */
function tracedFilter(w: WalkerInternals, entry: string, partial: boolean, entryBasename?: string): Decision {
  let included = true;
  let decider: Decider | undefined;
  if (w.parent && typeof w.parent.filterEntry === 'function') {
    const r = tracedFilter(w.parent, w.basename + '/' + entry, partial, entryBasename || entry);
    included = r.included;
    decider = r.decider;
    if (!included && !w.exact) return r;
  }
  const paths = new LevelPaths(entry, entryBasename);
  // Only the rules that can match a path of these segments are asked (see segmentIndex, candidates).
  const segments = entry.toLowerCase().split('/');
  for (const key of w.ignoreFiles) {
    const rules = w.ignoreRules[key];
    if (!rules) continue;
    const only = candidates(segmentIndex(rules), segments, !!partial);
    for (let k = 0; k < only.length; k++) {
      const i = only[k];
      const rule = rules[i];
      if (rule.negate === included) continue;
      const facts = factsOf(rule);
      const isRelativeRule = !!entryBasename && facts.relative;
      const match =
        matchRule(rule, facts, paths.get(0), false) ||
        matchRule(rule, facts, paths.get(1), false) ||
        (!!partial &&
          (matchRule(rule, facts, paths.get(2), false) ||
            matchRule(rule, facts, paths.get(3), false) ||
            (rule.negate && (matchRule(rule, facts, paths.get(0), true) || matchRule(rule, facts, paths.get(1), true))) ||
            (isRelativeRule &&
              (matchRule(rule, facts, paths.get(4), false) ||
                matchRule(rule, facts, paths.get(5), false) ||
                (rule.negate && (matchRule(rule, facts, paths.get(6), true) || matchRule(rule, facts, paths.get(7), true)))))));
      if (match) {
        included = rule.negate;
        decider = { walker: w, key, index: i, negate: rule.negate };
      }
    }
  }
  return { included, decider };
}

/**
 * Per rule list: the rules a file-mode match (`partial` false) can hit, by the path's segments.
 * matchRule asks mayMatch first, and mayMatch is false unless every part of a pattern other than
 * `**` hits some segment of the path; a part that is a case-insensitive literal (literalOf) hits
 * only a segment that is that literal, lower-cased. So a rule whose every pattern has such a part
 * (one is its key) can match only a path with one of its keys among its segments (and with
 * ignore-walk's `flipNegate`, no match is "not matched"). Every other rule (`*.orig`, a slow or
 * unusual rule) is asked always. The answers are the same; 10,000 names against npm's default rules
 * ask half of them.
 */
interface SegmentIndex {
  always: number[];
  /** `always` and the negations: in folder mode a negation also matches partially (on a prefix). */
  alwaysInFolderMode: number[];
  byLiteral: Map<string, number[]>;
}
const SEGMENT_INDEX = new WeakMap<readonly MinimatchRule[], SegmentIndex>();

function segmentIndex(rules: readonly MinimatchRule[]): SegmentIndex {
  let ix = SEGMENT_INDEX.get(rules);
  if (ix) return ix;
  ix = { always: [], alwaysInFolderMode: [], byLiteral: new Map() };
  for (let i = 0; i < rules.length; i++) {
    const facts = factsOf(rules[i]);
    const mm = rules[i] as unknown as MinimatchInternals;
    const keys = new Set<string>();
    let always = !facts.fast || !mm.options.flipNegate || !!mm.comment || !!mm.empty || mm.set.length === 0;
    for (let p = 0; p < mm.set.length && !always; p++) {
      // The pattern's last literal part (a name is more telling than the folders before it).
      let key: string | null = null;
      for (let k = mm.set[p].length - 1; k >= 0 && key === null; k--) {
        const lit = mm.set[p][k] === GLOBSTAR ? null : facts.lits[p][k];
        if (lit) key = lit;
      }
      if (key === null) always = true;
      else keys.add(key);
    }
    if (always) ix.always.push(i);
    else for (const k of keys) ix.byLiteral.set(k, [...(ix.byLiteral.get(k) ?? []), i]);
    if (always || mm.negate) ix.alwaysInFolderMode.push(i);
  }
  SEGMENT_INDEX.set(rules, ix);
  return ix;
}

/**
 * For other replays of ignore-walk (publish/replay.ts): the indices of the rules that can match
 * `relPath` in ignore-walk's filterEntry (file or folder mode, at any level), in rule order; the
 * others give false.
 */
export function askedRules(rules: readonly MinimatchRule[], relPath: string, folderMode: boolean): readonly number[] {
  return candidates(segmentIndex(rules), relPath.toLowerCase().split('/'), folderMode);
}

/**
 * The rules to ask (in rule order) for a path with these lower-cased segments. In folder mode
 * filterEntry also matches the path with a trailing `/`, its basename (a segment of the path), and,
 * for negations only, partially: every variant's segments are the path's (and ''), so only the
 * partial matches of negations escape the index.
 */
function candidates(ix: SegmentIndex, segments: readonly string[], folderMode: boolean): readonly number[] {
  const base = folderMode ? ix.alwaysInFolderMode : ix.always;
  let out: number[] | undefined;
  for (const seg of segments) {
    const named = ix.byLiteral.get(seg);
    if (named) out = [...(out ?? base), ...named];
  }
  if (!out) return base;
  return [...new Set(out)].sort((a, b) => a - b);
}

/** ignore-walk's options for every ignore line. */
const IGNORE_WALK_MM = { matchBase: true, dot: true, flipNegate: true, nocase: true } as const;
const sharedRules = new Map<string, MinimatchRule>();
/**
 * One compiled rule per pattern (a Minimatch is not changed by matching); bounded, then compiled
 * each time. Lines over the glob bounds were blanked before; one minimatch cannot compile (where
 * ignore-walk would throw out of an fs callback) matches nothing.
 */
export function sharedIgnoreRule(pattern: string): MinimatchRule | undefined {
  let r = sharedRules.get(pattern);
  if (!r) {
    r = compileGlob(pattern, IGNORE_WALK_MM) as unknown as MinimatchRule | undefined;
    // Facts attached now, before any match: every rule object reaches the matcher with the same
    // shape (one added later was a 'wrong map' deopt of tracedFilter and matchRule; issue #20).
    if (r) factsOf(r);
    if (r && sharedRules.size < 10_000) sharedRules.set(pattern, r);
  }
  return r;
}

/** What `onstat` asks of an entry readdir typed (ignore-walk: isDirectory; npm-packlist: isFile too). */
const FILE_STAT = { isFile: () => true, isDirectory: () => false, isSymbolicLink: () => false } as nodeFs.Stats;
const DIR_STAT = { isFile: () => false, isDirectory: () => true, isSymbolicLink: () => false } as nodeFs.Stats;

/** What a walker records into, and the ignore-file texts it reads instead of the disk's. */
interface Tracing {
  trace: Trace;
  overlay: ReadonlyMap<string, string> | undefined;
  /** Folder listings made earlier in the run (ConfinedFileSystem.listed), by posix path. */
  listed: ((absDir: string) => readonly DirEntry[] | undefined) | undefined;
}
/** The option a run's root walker gets its Tracing by (children take their parent's). */
const TRACING_OPT = 'leakguardTracing';
/** The Tracing of the walker whose base constructor is running (it calls injectRules before `this.tracing` is set). */
let constructing: Tracing | undefined;
const walkerClasses = new WeakMap<WalkerCtor, WalkerCtor>();

/**
 * A Walker bound to one trace: `new Walker(tree, opts)` builds the run's root (its children are
 * built by their parents, as npm-packlist does). The class itself is one per base class, shared by
 * every run: a class per run gave each package's walkers their own hidden class, and the matcher's
 * property loads went megamorphic and deoptimised as the packages of a monorepo went by (issue #20).
 */
function tracingWalker(Base: WalkerCtor, trace: Trace, overlay: ReadonlyMap<string, string> | undefined, fs: FileSystem): WalkerCtor {
  const Shared = sharedTracingWalker(Base);
  const tracing: Tracing = { trace, overlay, listed: fs instanceof ConfinedFileSystem ? (dir) => fs.listed(dir) : undefined };
  return function RunWalker(tree: unknown, opts: Record<string, unknown>) {
    return new Shared(tree, opts.parent ? opts : { ...opts, [TRACING_OPT]: tracing });
  } as unknown as WalkerCtor;
}

function sharedTracingWalker(Base: WalkerCtor): WalkerCtor {
  const known = walkerClasses.get(Base);
  if (known) return known;
  class TracingWalker extends Base {
    readonly tracing: Tracing;
    /** What readdir said each entry is, for regular files and folders (links and unknown types are lstat'ed). */
    private kinds: Map<string, typeof FILE_STAT> | undefined;

    constructor(tree: unknown, opts: Record<string, unknown>) {
      const tracing = (opts.parent as TracingWalker | undefined)?.tracing ?? (opts[TRACING_OPT] as Tracing);
      const outer = constructing;
      constructing = tracing;
      try {
        super(tree, opts);
      } finally {
        constructing = outer;
      }
      this.tracing = tracing;
      this.kinds = undefined;
      if (!this.parent) tracing.trace.root = this;
    }

    /** Every entry is filtered and (synchronously) stat'ed here: the types are not needed after it. */
    override filterEntries(): void {
      super.filterEntries();
      this.kinds = undefined;
    }

    /** This walker's Tracing, also while its base constructor runs. */
    private get current(): Tracing {
      return this.tracing ?? constructing!;
    }

    /**
     * ignore-walk's `start`, with the entries' types from the same readdir (issue #20): a regular
     * file needs neither the folder-mode match ignore-walk runs for every entry before it knows what
     * it is, nor an lstat. Names and order are readdir's, as before.
     */
    override start(): WalkerInternals {
      // A folder unit discovery listed in this run: the same names and types, without a second
      // readdir (still answered on a later turn, as readdir's callback would be).
      const listed = this.current.listed?.(toPosix(this.path));
      if (listed) {
        queueMicrotask(() => {
          const kinds = new Map<string, typeof FILE_STAT>();
          const names: string[] = [];
          for (const d of listed) {
            names.push(d.name);
            if (d.isFile && !d.isSymbolicLink) kinds.set(d.name, FILE_STAT);
            else if (d.isDirectory && !d.isSymbolicLink) kinds.set(d.name, DIR_STAT);
          }
          this.kinds = kinds;
          this.onReaddir(names);
        });
        return this;
      }
      nodeFs.readdir(this.path, { withFileTypes: true }, (er, dirents) => {
        if (er) return void this.emit('error', er);
        const kinds = new Map<string, typeof FILE_STAT>();
        const names: string[] = [];
        for (const d of dirents) {
          names.push(d.name);
          if (d.isFile()) kinds.set(d.name, FILE_STAT);
          else if (d.isDirectory()) kinds.set(d.name, DIR_STAT);
        }
        this.kinds = kinds;
        this.onReaddir(names);
      });
      return this;
    }

    override injectRules(filename: RuleSetKey, rules: string[], callback?: () => void): void {
      info(this.current.trace, this).injected.set(filename, rules.slice());
      super.injectRules(filename, rules, callback);
    }

    // An ignore file that is a link out of the packed folder is not read (issue #15 item 4): treated as empty.
    override addIgnoreFile(file: RuleSetKey, then: () => void): void {
      // A fix being verified: the edited ignore file's text, not the disk's (issue #17).
      const text = typeof file === 'string' && file !== 'package.json' ? this.current.overlay?.get(`${toPosix(this.path)}/${file}`) : undefined;
      if (text !== undefined) return this.onReadIgnoreFile(file, text, then);
      const ig = typeof file === 'string' ? path.resolve(this.path, file) : undefined;
      try {
        if (ig && nodeFs.lstatSync(ig).isSymbolicLink()) {
          const real = nodeFs.realpathSync(ig);
          const root = nodeFs.realpathSync((this.current.trace.root ?? this).path);
          const rel = path.relative(root, real);
          if (rel.startsWith('..') || path.isAbsolute(rel)) return this.onReadIgnoreFile(file, '', then);
        }
      } catch {
        // missing or dangling: ignore-walk reports it as it always did
      }
      super.addIgnoreFile(file, then);
    }

    override onReadIgnoreFile(file: RuleSetKey, data: string, then: () => void): void {
      const parsed = parsedIgnoreText(data);
      if (parsed.problems.length) {
        const name = typeof file === 'string' ? file : 'built-in rules';
        for (const [i, problem] of parsed.problems) if (this.current.trace.problems.length < 100) this.current.trace.problems.push(`${this.path}/${name}:${i + 1}: ${problem}`);
      }
      info(this.current.trace, this).lines.set(file, parsed.kept.slice());
      this.ignoreRules[file] = parsed.rules.slice();
      then();
    }

    override onReaddir(entries: string[]): void {
      const overlay = this.tracing.overlay;
      if (overlay) {
        // Ignore files a fix would create: listed as if they were on disk (the defaults keep them out of the set).
        const dir = toPosix(this.path);
        for (const abs of overlay.keys()) {
          const name = abs.slice(abs.lastIndexOf('/') + 1);
          if (abs.slice(0, abs.lastIndexOf('/')) === dir && /^\.(npm|git)ignore$/.test(name) && !entries.includes(name)) entries = [...entries, name];
        }
      }
      const i = info(this.tracing.trace, this);
      i.hasNpmignore = entries.includes('.npmignore');
      i.hasGitignore = entries.includes('.gitignore');
      super.onReaddir(entries);
    }

    override filterEntry(entry: string, partial?: boolean, entryBasename?: string): boolean {
      // Top-level file-mode calls are answered by the traced replay (same answer, plus the rule
      // that decided) so the matching runs once; nested calls are parents answering for a child.
      if (entryBasename === undefined && !entry.endsWith('/')) {
        const trace = this.tracing.trace;
        const abs = this.path + '/' + entry;
        if (!partial) {
          const d = tracedFilter(this, entry, false);
          if (d.included || trace.traceExcluded) trace.decisions.set(abs, d);
          return d.included;
        }
        // A regular file is kept or dropped by its file-mode answer alone (ignore-walk's onstat).
        if (!trace.traceExcluded && this.kinds?.get(entry) === FILE_STAT) return false;
        const d = tracedFilter(this, entry, true);
        if (!d.included && trace.traceExcluded) trace.excludedDirs.set(abs, d);
        return d.included;
      }
      return super.filterEntry(entry, partial, entryBasename);
    }

    /**
     * ignore-walk's `stat` with a synchronous lstat: its async one costs a thread-pool round trip
     * per entry (10,000 on a plain monorepo; issue #20). Same steps otherwise: npm-packlist's own
     * override first skips names with `*` (its nameIsBadForWindows), and a PackWalker never follows
     * links (`follow: false`), so the lstat is what `onstat` gets. The set is sorted afterwards, so
     * the order entries complete in does not show.
     */
    override stat(opts: StatOpts, then: () => void): void {
      if (/\*/.test(opts.entry)) return then();
      const known = this.kinds?.get(opts.entry);
      if (known) return this.onstat({ ...opts, st: known, isSymbolicLink: false }, then);
      let st: nodeFs.Stats;
      try {
        st = nodeFs.lstatSync(this.path + '/' + opts.entry);
      } catch (e) {
        this.emit('error', e);
        return;
      }
      this.onstat({ ...opts, st, isSymbolicLink: st.isSymbolicLink() }, then);
    }

    // npm-packlist creates children with `new PackWalker`, which would drop our tracing.
    walker(entry: string, opts: unknown, callback: () => void): void {
      new TracingWalker(this.tree, this.walkerOpt(entry, opts)).on('done', callback).start();
    }
  }
  walkerClasses.set(Base, TracingWalker);
  return TracingWalker;
}

/** Normalises the manifest like Arborist does (PackageJson.normalize): bin strings, bundledDependencies. */
async function normaliseManifest(dir: string, manifest: Record<string, unknown>, problems: string[]): Promise<Record<string, unknown>> {
  const copy = structuredClone(manifest);
  // npm-packlist throws from inside an fs callback (an uncaught exception) on these shapes.
  if (copy.files !== undefined && copy.files !== null && !Array.isArray(copy.files) && typeof copy.files !== 'string') {
    problems.push('package.json "files" is not an array; npm would crash on it. It was ignored.');
    delete copy.files;
  } else if (Array.isArray(copy.files) && copy.files.some((f) => typeof f !== 'string')) {
    problems.push('package.json "files" has entries that are not strings; npm would crash on them. They were ignored.');
    copy.files = copy.files.filter((f) => typeof f === 'string');
  } else if (typeof copy.files === 'string') {
    problems.push('package.json "files" is a string, not an array: npm reads it one character at a time.');
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const PackageJson = require('@npmcli/package-json') as new () => {
      create(p: string): { fromContent(c: unknown): { normalize(o?: unknown): Promise<{ content: Record<string, unknown> }> } };
    };
    const pj = await new PackageJson().create(dir).fromContent(copy).normalize({ steps: ['bundledDependencies', 'bundleDependencies', 'bin', 'binDir'] });
    return pj.content;
  } catch (e) {
    problems.push(`Cannot normalise package.json like npm does: ${(e as Error).message}`);
    return copy;
  }
}

/** npm's readOutOfTreeIgnoreFiles, but returning the paths it would read (for reasons). */
function outOfTreeIgnoreFiles(prefix: string, pkgDir: string): string[] {
  const out: string[] = [];
  const rel = path.relative(prefix, path.dirname(pkgDir));
  const parts = rel ? rel.split(path.sep) : [];
  let dir = prefix;
  for (let i = 0; i <= parts.length; i++) {
    for (const f of ['.npmignore', '.gitignore']) {
      const p = path.join(dir, f);
      if (nodeFs.existsSync(p)) {
        out.push(toPosix(p));
        break;
      }
    }
    if (i < parts.length) dir = path.join(dir, parts[i]);
  }
  return out;
}

function stripDot(p: string): string {
  return p.replace(/^\.\//, '').replace(/^\/+/, '');
}

const README_RE = /^readme(\..*[^~$])?$/i;
const LICENSE_RE = /^(copying|license|licence)(\..*[^~$])?$/i;

/** The `always` reason for a path, when npm force-includes it. */
function alwaysReason(rel: string, manifest: Record<string, unknown>): InclusionReason | undefined {
  if (rel === 'package.json') return { kind: 'always', what: 'package.json' };
  if (!rel.includes('/')) {
    if (README_RE.test(rel)) return { kind: 'always', what: 'readme' };
    if (LICENSE_RE.test(rel)) return { kind: 'always', what: 'license' };
  }
  if (typeof manifest.main === 'string' && stripDot(manifest.main) === rel) return { kind: 'always', what: 'main' };
  if (typeof manifest.browser === 'string' && stripDot(manifest.browser) === rel) return { kind: 'always', what: 'browser' };
  const bin = manifest.bin;
  if (bin && typeof bin === 'object') {
    for (const v of Object.values(bin as Record<string, unknown>)) if (typeof v === 'string' && stripDot(v) === rel) return { kind: 'always', what: 'bin' };
  }
  return undefined;
}

/** The text npm-packlist turns a `files` entry into (see processPackage). */
function filesRuleText(entry: string): string {
  let file = entry;
  if (file.startsWith('./')) file = file.slice(1);
  if (file.endsWith('/*')) file += '*';
  return `!${file}`;
}

function filesEntryFor(manifest: Record<string, unknown>, ruleText: string): InclusionReason | undefined {
  const files = manifest.files;
  if (!Array.isArray(files)) return undefined;
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    if (typeof f !== 'string') continue;
    const inv = filesRuleText(f);
    if (ruleText === inv || ruleText === `${inv}/**`) return { kind: 'files-entry', entry: f, index: i };
  }
  return undefined;
}

/** Strict rule of a child walker `!rel` (a required `files` entry relative to the child): back to the root entry. */
function requiredFileEntry(ctx: ReasonContext, walkerPath: string, ruleText: string): InclusionReason | undefined {
  if (!ruleText.startsWith('!')) return undefined;
  const relFromRoot = stripDot(toPosix(path.posix.join(path.posix.relative(ctx.packRoot, walkerPath), ruleText.slice(1))));
  const files = ctx.manifest.files;
  if (!Array.isArray(files)) return undefined;
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    if (typeof f === 'string' && stripDot(f) === relFromRoot) return { kind: 'files-entry', entry: f, index: i };
  }
  return undefined;
}

interface RuleOrigin {
  /** 'file': a real ignore file on disk; 'files': package.json files; 'default' | 'strict' | 'workspace'. */
  kind: 'file' | 'files' | 'default' | 'strict' | 'workspace';
  text: string;
  ignoreFile?: string;
  line?: number;
  via?: 'npmignore' | 'gitignore';
}

/** Where the rule that decided came from: which file and line, or which synthetic rule set. */
function ruleOrigin(trace: Trace, ctx: ReasonContext, d: Decider): RuleOrigin {
  const wi = trace.infos.get(d.walker);
  const lines = wi?.lines.get(d.key) ?? [];
  const rl = lines[d.index] ?? { text: '?', line: 0 };
  if (typeof d.key === 'string') {
    if (d.key === 'package.json' && d.walker === trace.root) return { kind: 'files', text: rl.text, line: rl.line };
    return { kind: 'file', text: rl.text, line: rl.line, ignoreFile: `${d.walker.path}/${d.key}`, via: d.key === '.npmignore' ? 'npmignore' : 'gitignore' };
  }
  const desc = d.key.description ?? '';
  if (desc.endsWith('.default')) {
    // Items given to injectRules: built-in defaults, then out-of-tree ignore files or workspace paths.
    const items = wi?.injected.get(d.key) ?? [];
    let start = 1;
    const extraFrom = d.walker === trace.root ? items.length - ctx.outOfTree.length : items.length;
    for (let j = 0; j < items.length; j++) {
      const count = items[j].split(/\r?\n/).length;
      if (rl.line < start + count) {
        if (j >= extraFrom && d.walker === trace.root) {
          const file = ctx.outOfTree[j - extraFrom];
          return { kind: 'file', text: rl.text, ignoreFile: file, line: rl.line - start + 1, via: file.endsWith('.npmignore') ? 'npmignore' : 'gitignore' };
        }
        break;
      }
      start += count;
    }
    if (d.walker === trace.root && ctx.workspaceExcludes.includes(rl.text)) return { kind: 'workspace', text: rl.text };
    return { kind: 'default', text: rl.text };
  }
  return { kind: 'strict', text: rl.text };
}

/** Reason for a file that nothing excluded: the ignore file governing its nearest folder. */
function notIgnored(trace: Trace, ctx: ReasonContext, rel: string): InclusionReason {
  let byPath = trace.infoByPath;
  if (!byPath) {
    byPath = trace.infoByPath = new Map();
    for (const [w, i] of trace.infos) byPath.set(w.path, i);
  }
  let dir = path.posix.dirname(rel);
  for (;;) {
    const abs = dir === '.' ? ctx.packRoot : `${ctx.packRoot}/${dir}`;
    const i = byPath.get(abs);
    // With `files`, the root's ignore files are not consulted at all.
    const consulted = !(dir === '.' && ctx.hasFiles);
    if (i && consulted && i.hasNpmignore) {
      return { kind: 'not-ignored', via: 'npmignore', ignoreFile: `${abs}/.npmignore`, ...(i.hasGitignore ? { shadowedGitignore: `${abs}/.gitignore` } : {}) };
    }
    if (i && consulted && i.hasGitignore) return { kind: 'not-ignored', via: 'gitignore', ignoreFile: `${abs}/.gitignore` };
    if (dir === '.') break;
    dir = path.posix.dirname(dir);
  }
  const outer = ctx.outOfTree[ctx.outOfTree.length - 1];
  if (outer) return { kind: 'not-ignored', via: outer.endsWith('.npmignore') ? 'npmignore' : 'gitignore', ignoreFile: outer };
  return { kind: 'not-ignored', via: 'none' };
}

function bundledName(rel: string): string | undefined {
  const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(rel);
  return m?.[1];
}

function inclusionReason(trace: Trace, ctx: ReasonContext, rel: string): InclusionReason {
  const bundled = bundledName(rel);
  if (bundled) return { kind: 'bundled-dependency', name: bundled };
  const always = alwaysReason(rel, ctx.manifest);
  if (always) return always;
  const d = trace.decisions.get(`${ctx.packRoot}/${rel}`)?.decider;
  if (!d || !d.negate) return notIgnored(trace, ctx, rel);
  const o = ruleOrigin(trace, ctx, d);
  if (o.kind === 'file') return { kind: 'negation', ignoreFile: o.ignoreFile!, line: o.line!, pattern: o.text };
  if (o.kind === 'files') return filesEntryFor(ctx.manifest, o.text) ?? notIgnored(trace, ctx, rel);
  if (o.kind === 'strict') {
    return filesEntryFor(ctx.manifest, o.text) ?? requiredFileEntry(ctx, d.walker.path, o.text) ?? notIgnored(trace, ctx, rel);
  }
  return notIgnored(trace, ctx, rel);
}

function exclusionFrom(trace: Trace, ctx: ReasonContext, d: Decider | undefined, folder?: string): ExclusionReason {
  const f = folder !== undefined ? { folder } : {};
  if (!d) return { kind: 'unknown' };
  const o = ruleOrigin(trace, ctx, d);
  switch (o.kind) {
    case 'file':
      return { kind: 'ignore-file', via: o.via!, ignoreFile: o.ignoreFile!, line: o.line!, pattern: o.text, ...f };
    case 'files': {
      if (o.text === '*') return { kind: 'not-in-files', ...f };
      const files = Array.isArray(ctx.manifest.files) ? ctx.manifest.files : [];
      for (let i = 0; i < files.length; i++) {
        if (typeof files[i] === 'string' && filesRuleText(files[i] as string) === o.text) return { kind: 'files-negation', entry: files[i] as string, index: i, ...f };
      }
      return { kind: 'not-in-files', ...f };
    }
    case 'workspace':
      return { kind: 'workspace', pattern: o.text, ...f };
    case 'default':
      return { kind: 'default', pattern: o.text, ...f };
    case 'strict':
      return { kind: 'strict', pattern: o.text, ...f };
  }
}

function emptySet(unit: PackagingUnit, packRoot: string, problems: string[]): PublishSet {
  return { unit, tool: NPM_PACKLIST, files: [], byPath: new Map(), problems, packRoot };
}

/** Runs npm-packlist with tracing. Never throws: problems go into the set. */
async function runNpm(fs: FileSystem, unit: PackagingUnit, opts: NpmPublishOptions, traceExcluded: boolean): Promise<NpmRun> {
  const problems: string[] = [];
  const packRoot = unit.publishDirectory ?? unit.root;
  const trace: Trace = { infos: new Map(), decisions: new Map(), excludedDirs: new Map(), traceExcluded, root: undefined, problems };
  const ctx: ReasonContext = { packRoot, manifest: {}, outOfTree: [], workspaceExcludes: [], hasFiles: false };
  const fail = (): NpmRun => ({ set: emptySet(unit, packRoot, problems), trace, ctx });
  try {
    const st = await fs.stat(packRoot);
    if (!st?.isDirectory) {
      problems.push(`Cannot read folder ${packRoot}${unit.publishDirectory ? ' (publishConfig.directory)' : ''}.`);
      return fail();
    }
    if (unit.parseErrors.length > 0) problems.push(`${unit.manifestPath} has JSON syntax errors; npm would refuse to pack it. The set is a best guess.`);
    // publishConfig.directory (pnpm, lerna, changesets): that folder is packed, with its own package.json if it has one.
    let manifest = unit.manifest ?? {};
    let ownManifest = true;
    if (unit.publishDirectory) {
      const text = await fs.readText(`${packRoot}/package.json`);
      if (text !== undefined) {
        try {
          const parsed: unknown = JSON.parse(text);
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) manifest = parsed as Record<string, unknown>;
        } catch {
          problems.push(`${packRoot}/package.json is not valid JSON.`);
        }
      } else ownManifest = false;
    }
    manifest = await normaliseManifest(packRoot, manifest, problems);
    ctx.manifest = manifest;
    ctx.hasFiles = !!manifest.files;

    const nativeRoot = path.resolve(packRoot);
    const packOpts: Record<string, unknown> = { path: nativeRoot };
    const wsRoot = opts.workspaceRoot === null ? undefined : (opts.workspaceRoot ?? unit.npmWorkspaceRoot);
    if (wsRoot && !unit.publishDirectory) {
      // What `npm pack` passes inside a workspace: prefix = the monorepo root, workspaces = [this package].
      packOpts.prefix = path.resolve(wsRoot);
      packOpts.workspaces = [nativeRoot];
      ctx.outOfTree = outOfTreeIgnoreFiles(path.resolve(wsRoot), nativeRoot);
    }
    const hasWorkspaces = manifest.workspaces !== undefined && manifest.workspaces !== null;
    const bundle = manifest.bundleDependencies;
    const needsArborist = (Array.isArray(bundle) && bundle.length > 0) || bundle === true;

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const packlist = require('npm-packlist') as { Walker: WalkerCtor };
    const Walker = tracingWalker(packlist.Walker, trace, opts.ignoreFileTexts, fs);
    let tree: unknown;
    if (needsArborist) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const Arborist = require('@npmcli/arborist') as new (o: { path: string }) => { loadActual(): Promise<{ package: Record<string, unknown> }> };
        const t = await new Arborist({ path: nativeRoot }).loadActual();
        // Keep our (normalised, overlay-aware) manifest but Arborist's edges for bundled deps.
        t.package = manifest;
        tree = t;
      } catch (e) {
        problems.push(`Cannot load node_modules for bundleDependencies: ${(e as Error).message}`);
      }
    }
    if (!tree) {
      // Arborist maps workspaces to a Map(name -> path); npm-packlist only tests it and reads its values.
      const workspaces = hasWorkspaces ? new Map(unit.workspaces.map((w) => [w, path.resolve(w)])) : null;
      tree = { path: nativeRoot, package: manifest, isProjectRoot: true, edgesOut: new Map(), workspaces };
    }
    const result = await new Promise<string[]>((resolve, reject) => {
      try {
        new Walker(tree, { ...packOpts, isPackage: true })
          .on('done', (r) => resolve(r as string[]))
          .on('error', (e) => reject(e as Error))
          .start();
      } catch (e) {
        reject(e as Error);
      }
    });
    const rels = result.map((r) => r.replace(/^\.\//, ''));
    if (!ownManifest && !rels.includes('package.json')) rels.push('package.json');

    const files: PublishedFile[] = await Promise.all(
      rels.map(async (rel): Promise<PublishedFile> => {
        const abs = rel === 'package.json' && !ownManifest ? unit.manifestPath : `${packRoot}/${rel}`;
        const s = await fs.stat(abs);
        return { path: rel, abs, size: s?.size ?? 0, reason: inclusionReason(trace, ctx, rel) };
      }),
    );
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const refusedGlobs = problems.filter((p) => REFUSED.test(p)).length;
    return { set: { unit, tool: NPM_PACKLIST, files, byPath: new Map(files.map((f) => [f.path, f])), problems, packRoot, ...(refusedGlobs ? { refusedGlobs } : {}) }, trace, ctx, walker: { Walker, tree } };
  } catch (e) {
    problems.push(`npm-packlist failed on ${packRoot}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return fail();
  }
}

/**
 * The files `npm publish` would upload for `unit`, computed by npm-packlist 10 (npm 11 semantics),
 * each with the reason it ships. Honours workspaces (ignore files between the monorepo root and the
 * package), `publishConfig.directory`, and `bundleDependencies` (through Arborist). Never throws.
 */
export async function computeNpmPublishSet(fs: FileSystem, unit: PackagingUnit, opts: NpmPublishOptions = {}): Promise<PublishSet> {
  return (await runNpm(fs, unit, opts, false)).set;
}

/**
 * Why `relPath` (relative to the packed folder, or absolute) is or is not in the npm publish set:
 * the reason it ships, or the ignore file + line / default / strict / `files` rule that left it out.
 */
export async function explainNpmPath(fs: FileSystem, unit: PackagingUnit, relPath: string, opts: NpmPublishOptions = {}): Promise<PathExplanation> {
  const { set, trace, ctx, walker } = await runNpm(fs, unit, opts, true);
  const base = { tool: set.tool, problems: set.problems };
  const rel = toPosix(path.isAbsolute(relPath) ? path.relative(ctx.packRoot, relPath) : path.normalize(relPath)).replace(/^\.\//, '').replace(/\/+$/, '');
  if (rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) return { ...base, path: rel, included: false, exclusion: { kind: 'outside' } };
  const hit = set.byPath.get(rel);
  if (hit) return { ...base, path: rel, included: true, reason: hit.reason };
  const abs = `${ctx.packRoot}/${rel}`;
  let lst: nodeFs.Stats | undefined;
  try {
    lst = nodeFs.lstatSync(abs);
  } catch {
    lst = undefined;
  }
  if (!lst) {
    const run: NpmRun = { set, trace, ctx, walker };
    assumeBuiltFolders(run, [rel]);
    return { ...base, ...hypotheticalNpm(run, rel) };
  }
  if (lst.isDirectory()) return { ...base, path: rel, included: false, exclusion: { kind: 'is-directory' } };
  const own = trace.decisions.get(abs);
  if (own && !own.included) return { ...base, path: rel, included: false, exclusion: exclusionFrom(trace, ctx, own.decider) };
  // Not decided here: the nearest excluded ancestor folder was never entered.
  let dir = path.posix.dirname(rel);
  while (dir !== '.') {
    const d = trace.excludedDirs.get(`${ctx.packRoot}/${dir}`);
    if (d) return { ...base, path: rel, included: false, exclusion: exclusionFrom(trace, ctx, d.decider, dir) };
    dir = path.posix.dirname(dir);
  }
  if (!lst.isFile() || path.posix.basename(rel).includes('*')) return { ...base, path: rel, included: false, exclusion: { kind: 'not-a-file' } };
  return { ...base, path: rel, included: false, exclusion: { kind: 'unknown' } };
}

/**
 * npm-packlist stats each `files` entry once: an existing folder becomes `!entry` + `!entry/**`, a
 * missing one only `!entry` (a pattern). Before the build `out/` is missing, so "would out/x.js
 * ship if built" must read `"files": ["out"]` as the folder the build creates: the root's
 * package.json rules are rebuilt exactly as processPackage would after the build.
 */
function assumeBuiltFolders(run: NpmRun, rels: readonly string[]): void {
  const root = run.trace.root;
  const files = run.ctx.manifest.files;
  if (!root || !Array.isArray(files)) return;
  const ignores: string[] = [];
  let changed = false;
  for (const entry of files) {
    if (typeof entry !== 'string') continue;
    let file = entry.startsWith('./') ? entry.slice(1) : entry;
    if (file.endsWith('/*')) file += '*';
    const inverse = `!${file}`;
    const clean = file.replace(/^!+/, '');
    let st: nodeFs.Stats | undefined;
    try {
      st = nodeFs.lstatSync(path.join(run.ctx.packRoot, clean));
    } catch {
      st = undefined;
    }
    if (st) {
      if (st.isDirectory()) ignores.push(inverse, `${inverse}/**`);
      continue; // files are strict rules, left as they are
    }
    const folder = clean.replace(/^\/+/, '').replace(/\/+$/, '');
    if (folder && !/[*?[{!]/.test(folder) && rels.some((r) => r.startsWith(folder + '/'))) {
      ignores.push(inverse, `${inverse}/**`);
      changed = true;
    } else ignores.push(inverse);
  }
  if (changed) root.injectRules('package.json', ['*', ...ignores]);
}

/**
 * Would npm pack `rel` (relative to the pack root) if a build wrote it? Asks npm-packlist's own
 * walker: the existing folder walkers answer for the folders that exist, and a walker is built
 * (never started, so nothing is read) for each folder the build would create, exactly as
 * ignore-walk would build it; the file is then filtered through that chain. Issue #23 item 1.
 */
function hypotheticalNpm(run: NpmRun, rel: string): Omit<PathExplanation, 'tool' | 'problems'> {
  const { trace, ctx } = run;
  const out = (included: boolean, extra: Partial<PathExplanation>) => ({ path: rel, included, hypothetical: true, ...extra });
  if (!run.walker || !trace.root) return out(false, { exclusion: { kind: 'unknown' } });
  if (bundledName(rel)) return out(false, { exclusion: { kind: 'strict', pattern: '/node_modules/' } });
  const always = alwaysReason(rel, ctx.manifest);
  if (always) return out(true, { reason: always });
  const byPath = new Map<string, WalkerInternals>();
  for (const w of trace.infos.keys()) byPath.set(w.path, w);
  const parts = rel.split('/');
  let w: WalkerInternals = trace.root;
  for (let i = 0; i < parts.length - 1; i++) {
    const seg = parts[i];
    const folder = parts.slice(0, i + 1).join('/');
    const existing = byPath.get(`${w.path}/${seg}`);
    if (existing) {
      w = existing;
      continue;
    }
    const excluded = trace.excludedDirs.get(`${w.path}/${seg}`);
    if (excluded) return out(false, { exclusion: exclusionFrom(trace, ctx, excluded.decider, folder) });
    // The folder does not exist (or was not entered): decide it as ignore-walk's onReaddir would.
    const asDir = tracedFilter(w, seg, true);
    if (!asDir.included) return out(false, { exclusion: exclusionFrom(trace, ctx, asDir.decider, folder) });
    const exact = tracedFilter(w, seg, false).included || tracedFilter(w, seg + '/', false).included;
    const child = new run.walker.Walker(run.walker.tree, w.walkerOpt(seg, { exact }));
    byPath.set(child.path, child);
    w = child;
  }
  const d = tracedFilter(w, parts[parts.length - 1], false);
  if (!d.included) return out(false, { exclusion: exclusionFrom(trace, ctx, d.decider) });
  // Record the decision so the usual reason logic (files entry, negation, ignore file) can name it.
  trace.decisions.set(`${ctx.packRoot}/${rel}`, d);
  return out(true, { reason: inclusionReason(trace, ctx, rel) });
}

/**
 * For each path (relative to the pack root): would npm publish it, existing or not (a build output
 * such as `out/extension.js.map`)? One packlist run for all of them. Never throws.
 */
export async function explainNpmPaths(fs: FileSystem, unit: PackagingUnit, relPaths: readonly string[], opts: NpmPublishOptions = {}): Promise<PathExplanation[]> {
  const run = await runNpm(fs, unit, opts, true);
  const base = { tool: run.set.tool, problems: run.set.problems };
  const missing = relPaths.map((p) => toPosix(path.posix.normalize(p)).replace(/^\.\//, '')).filter((r) => !run.set.byPath.has(r));
  if (missing.length > 0) assumeBuiltFolders(run, missing);
  return relPaths.map((p) => {
    const rel = toPosix(path.posix.normalize(p)).replace(/^\.\//, '').replace(/\/+$/, '');
    if (rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) return { ...base, path: rel, included: false, exclusion: { kind: 'outside' } };
    const hit = run.set.byPath.get(rel);
    if (hit) return { ...base, path: rel, included: true, reason: hit.reason };
    try {
      return { ...base, ...hypotheticalNpm(run, rel) };
    } catch (e) {
      return { ...base, path: rel, included: false, exclusion: { kind: 'unknown' }, problems: [...base.problems, String(e)] };
    }
  });
}
