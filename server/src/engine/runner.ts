/**
 * The runner: files → workspace model → publish sets → rules → findings.
 *
 * It imports no rule: the server and the CLI pass the registry in. It never throws for bad input or
 * a failing rule: a rule that throws on a file is reported once per rule and file
 * (`FindingSink.ruleCrashed`: a line in `problems` and an info finding on the file), and every other
 * rule and file is still analysed.
 */
import * as path from 'node:path';
import { minimatch, takeExhaustedGlobs, resetGlobBudgets } from './safe/glob';
import { createHash } from 'node:crypto';
import { findNodeAtLocation, type Node as JsonNode, type JSONPath } from 'jsonc-parser';
import { manifestRange } from './fix-helpers';
import { parseTreeBounded as parseTree } from './safe/json-depth';
import { ConfinedFileSystem, type FileSystem } from './safe/fs';
import type { Finding, Fix, Report, Severity, SeveritySetting, RuleMeta } from './types';
import type { Rule, FileRule, UnitRule } from './context';
import type { UnitRuleContext, FileRuleContext, Visibility } from './context';
import { bump } from './context';
import { discoverUnits, type PackagingUnit } from './workspace';
import type { SkippedUnit } from './config/unit-filter';
import { wouldShip } from './publish/would-ship';
import type { PathExplanation } from './publish/types';
import { loadConfig, ruleSettingFor, isIgnoredFor, type ResolvedConfig, type LoadConfigOptions } from './config';
import { baselinePath, parseBaseline, applyBaseline } from './config/baseline';
import type { PublishSet, PublishedFile } from './publish/types';
import type { RegistryHook } from './registry/client';
import { computePublishSet } from './publish/index';
import { packagerFor } from './packagers/registry';
import { exclude as excludeFromSet, verifyFix } from './publish/exclude';
import { resolveVisibility } from './config/visibility';
import { SuppressionIndex } from './config/suppressions';
import { toPosix, relPosix, isInside } from './paths';
import { formatMessage } from './messages';
import { textFileKind } from './file-kinds';
import { scanEmbeddedSources, mayEmbedSources, embeddedSourcesOfParsedMap, type EmbeddedSource } from './sourcemap/embedded';
import { UNIT_MAPS_KEY, type UnitMaps } from './sourcemap/unit-maps';
import type { ParsedMap } from './sourcemap/parse';
import { releaseLargeText, LARGE_TEXT_BYTES } from './safe/memory';
import { linkConfigsToArtifacts } from './sourcemap/cross-links';
import { redactFinding, redactUrlCredentials } from './safe/url-credentials';
import { mergeEchoes } from './facts';
import { isSensitivePath } from './sensitive';

export const CONFIG_RULE_ID = 'leakguard-config-invalid';
/** messageId of the config findings for paths outside the workspace (publishConfig.directory, baseline): exit 2 in the CLI. */
export const OUTSIDE_WORKSPACE = 'outsideWorkspace';

export interface AnalyzeOptions {
  fs: FileSystem;
  /** The workspace folder (or CLI path). */
  folder: string;
  rules: readonly Rule[];
  /** Explicit config file (`--config`). */
  configFile?: string;
  /** Folder the explicit config's globs are relative to (archives: the archive root). */
  configBaseDir?: string;
  /** Untrusted workspaces use no config-supplied regexes. Default true. */
  trusted?: boolean;
  /** Severity overrides from the editor settings or `--rule` (win over the config, but not over `locked`). */
  ruleOverrides?: ReadonlyMap<string, SeveritySetting>;
  /** Files to analyse with file rules even when they are not shipped (open documents). */
  extraFiles?: readonly string[];
  /** Set to stop early (a newer analysis superseded this one). */
  isCancelled?: () => boolean;
  /** Pre-computed units (for `leakguard pack`, where the unit comes from the archive). */
  units?: PackagingUnit[];
  /** Pre-computed publish sets by unit root (archives). */
  publishSets?: Map<string, PublishSet>;
  /** Skip file rules on publish-set files larger than this many bytes (editor setting); undefined = no cap. */
  maxFileSize?: number;
  /**
   * Network access to published versions, handed to unit rules as `ctx.registry`. Only the CLI
   * passes one (used by the opt-in rule publish-size-anomaly); absent, no rule can reach a network.
   */
  registry?: RegistryHook;
  /**
   * File-rule results kept across analyses (the language server keeps one per folder): a file whose
   * text, unit manifest, configuration (including the config files' raw text), severity overrides
   * and rule set are unchanged is not re-scanned. Absent: no caching (the CLI).
   */
  cache?: FileResultCache;
  /**
   * One finding per leak (facts.ts): echoes of a leak become related locations of the finding at its
   * cause. The CLI asks for it (its counts are leaks); the language server keeps one diagnostic per
   * rule and place, since each carries its own quick fixes. Default false.
   */
  oneFindingPerFact?: boolean;
  /**
   * Skip building (and verifying) exclusion fixes for rules whose fixes are only suggestions: each
   * costs a publish-set recomputation, and a CLI run without --fix never shows them. Default false.
   */
  skipSuggestionExcludes?: boolean;
  /**
   * Runs the file pass of one shipped file elsewhere (the CLI: worker threads that read the file from
   * disk themselves, so only pass it when `fs` is the disk). Resolves undefined to run it here
   * instead. Results are merged back in publish-set order, so the output is the same as without it.
   * Not used together with `cache`.
   */
  filePass?: (job: FilePassJob) => Promise<{ findings: Finding[]; problems: string[] } | undefined>;
  /**
   * Called once every unit's jobs are handed to `filePass`, when this thread has nothing else to do:
   * it runs jobs still waiting for a worker here, through `runHere`, until none waits (the main
   * thread then works alongside the workers instead of idling until they finish). `filePass` may
   * hold a job back until this call.
   */
  filePassHelp?: (runHere: (job: FilePassJob) => Promise<{ findings: Finding[]; problems: string[] }>) => Promise<void>;
  /**
   * How many threads take `filePass` jobs (the CLI: its workers). A large map's embedded sources are
   * split into parts for them (see EmbeddedSplit); absent: 1.
   */
  filePassThreads?: number;
  /**
   * Takes a `filePass` job back when no thread has started it yet (its promise then resolves
   * undefined and the caller runs it itself); false once a thread has it.
   */
  filePassReclaim?: (job: FilePassJob) => boolean;
  /**
   * Told, before a unit's unit rules, how many bytes its file pass will scan (large maps included,
   * whose sources are shared out too): a pool may start its workers then instead of waiting for
   * enough files to arrive.
   */
  filePassExpect?: (bytes: number) => void;
}

/** One shipped file for `AnalyzeOptions.filePass`. */
export interface FilePassJob {
  rules: readonly FileRule[];
  ua: UnitAnalysis;
  folder: string;
  ruleOverrides: ReadonlyMap<string, SeveritySetting> | undefined;
  file: { abs: string; relPath: string; size: number };
  /**
   * Part of a large map's embedded sources (already parsed in the calling thread): the job runs the
   * file rules on these texts instead of reading `file`; `file.size` is their length in characters.
   */
  embedded?: EmbeddedSource[];
}

/**
 * File-rule results by file, keyed on content: a hash of the text and of everything else a file
 * rule can see (unit manifest, configuration and its files' raw text, visibility, overrides, the
 * rule set, the file's path and whether it ships). One slot per file holds the latest result only,
 * so memory is bounded by the number of files; slots not used by a complete folder analysis are
 * dropped (deleted files).
 */
export class FileResultCache {
  private readonly slots = new Map<string, { key: string; findings: Finding[]; problems: string[]; gen: number }>();
  private gen = 0;
  hits = 0;
  misses = 0;

  get size(): number {
    return this.slots.size;
  }

  get(slot: string, key: string): { findings: Finding[]; problems: string[] } | undefined {
    const e = this.slots.get(slot);
    if (!e || e.key !== key) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    e.gen = this.gen;
    return e;
  }

  set(slot: string, key: string, findings: Finding[], problems: string[]): void {
    this.slots.set(slot, { key, findings, problems, gen: this.gen });
  }

  clear(): void {
    this.slots.clear();
  }

  /** Starts a complete analysis: slots it does not touch are dropped by `endRun`. */
  beginRun(): number {
    return ++this.gen;
  }

  endRun(gen: number): void {
    if (gen !== this.gen) return;
    for (const [k, e] of this.slots) if (e.gen < gen) this.slots.delete(k);
  }
}

const ruleSerials = new WeakMap<object, number>();
let nextRuleSerial = 1;
const ruleSetKeys = new WeakMap<readonly Rule[], string>();

/** Identity of a rule set: each rule object gets a serial number (a replaced rule is a new rule). */
function ruleSetKey(rules: readonly Rule[]): string {
  let k = ruleSetKeys.get(rules);
  if (k === undefined) {
    k = rules
      .map((r) => {
        let n = ruleSerials.get(r);
        if (n === undefined) ruleSerials.set(r, (n = nextRuleSerial++));
        return `${r.meta.id}#${n}`;
      })
      .join(',');
    ruleSetKeys.set(rules, k);
  }
  return k;
}

const configKeys = new WeakMap<ResolvedConfig, Promise<string>>();

/** A fingerprint of a resolved configuration and the raw text of its files (fix offsets depend on it). */
function configKey(config: ResolvedConfig, fs: FileSystem): Promise<string> {
  let p = configKeys.get(config);
  if (!p) {
    p = (async () => {
      const h = createHash('sha1');
      h.update(JSON.stringify(config, (_k, v: unknown) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v instanceof RegExp ? String(v) : v)));
      for (const f of config.files) h.update(`\0${f}\0${(await fs.readText(f)) ?? ''}`);
      return h.digest('hex');
    })();
    configKeys.set(config, p);
  }
  return p;
}

/** The cache key of one file's file-rule results (see FileResultCache). */
async function fileResultKey(rules: readonly FileRule[], ua: UnitAnalysis, opts: Pick<AnalyzeOptions, 'ruleOverrides' | 'trusted'> & { fs: FileSystem }, folder: string, abs: string, relPath: string, shipped: boolean, text: string): Promise<string> {
  const h = createHash('sha1');
  h.update(ruleSetKey(rules));
  h.update(`\0${await configKey(ua.config, opts.fs)}\0${ua.visibility}\0${ua.unit.root}\0${ua.unit.manifestPath}\0${ua.unit.workspaceRoot ?? ''}\0${ua.publishSet.tool}\0${ua.unit.manifestText ?? ''}`);
  h.update(`\0${opts.trusted !== false}\0${opts.ruleOverrides ? JSON.stringify([...opts.ruleOverrides]) : ''}\0${folder}\0${abs}\0${relPath}\0${shipped}\0`);
  h.update(text);
  return h.digest('hex');
}

/** Copies of cached findings (post-processing may replace `related` on the copies it is given). */
function replay(hit: { findings: Finding[]; problems: string[] }, findings: Finding[], problems: string[]): void {
  for (const f of hit.findings) findings.push({ ...f, related: f.related.slice() });
  problems.push(...hit.problems);
}

export interface UnitAnalysis {
  unit: PackagingUnit;
  config: ResolvedConfig;
  publishSet: PublishSet;
  visibility: Visibility;
}

export interface AnalysisStats {
  units: number;
  files: number;
  bytes: number;
  ms: number;
}

export interface AnalysisResult {
  findings: Finding[];
  units: UnitAnalysis[];
  /** Messages about things that could not be analysed (unreadable folders, rule crashes). */
  problems: string[];
  stats: AnalysisStats;
  /** Package folders that were not analysed as units (test fixtures, examples, vendored tools, `units.exclude`). */
  skipped?: SkippedUnit[];
}

/** Analyses a folder: every packaging unit, its publish set, every rule. Never throws for bad input. */
export async function analyzeFolder(opts: AnalyzeOptions): Promise<AnalysisResult> {
  const t0 = Date.now();
  const folder = toPosix(path.resolve(opts.folder));
  resetGlobBudgets();
  // Every read confined to the workspace by real path (issue #15 item 4): links out of it are not followed.
  const confined = opts.fs instanceof ConfinedFileSystem || !opts.fs.realPath ? undefined : new ConfinedFileSystem(opts.fs as FileSystem & { realPath(p: string): Promise<string | undefined> }, [folder], opts.configFile ? [opts.configFile] : []);
  if (confined) opts = { ...opts, fs: confined };
  const problems: string[] = [];
  const findings: Finding[] = [];
  const skipped: SkippedUnit[] = [];
  const ruleIds = new Set(opts.rules.map((r) => r.meta.id));
  ruleIds.add(CONFIG_RULE_ID);
  // The one options object every configuration load of this run uses (top level, each unit, loose files).
  const loadOpts = configLoadOptions(opts, ruleIds);
  let units = opts.units;
  if (!units) {
    // Units under a path the top-level configuration ignores (fixtures, examples) are not analysed.
    const top = await loadConfig(opts.fs, folder, folder, loadOpts);
    const discovered = await discoverUnits(opts.fs, folder, { units: { include: top.unitsInclude, exclude: top.unitsExclude, base: top.baseDir } });
    skipped.push(...discovered.skipped);
    units = discovered.units.filter((u) => {
      if (!isInside(top.baseDir, u.root) || u.root === top.baseDir) return true;
      const rel = relPosix(top.baseDir, u.root);
      return !top.ignore.some((g) => !/^[a-z][a-z0-9-]*:/.test(g) && (minimatch(rel, g, { dot: true }) || minimatch(`${rel}/package.json`, g, { dot: true })));
    });
    problems.push(...discovered.problems);
  }
  // The workspace root found above the folder (#16) is part of the workspace too.
  for (const u of units) {
    for (const r of [u.workspaceRoot, u.root]) if (r && confined && isInside(r, folder)) confined.addRoot(r);
  }
  const outsideDirs = await publishDirectoriesOutside(units, confined ? (p) => confined.allowed(p) : undefined, folder);
  const analyses: UnitAnalysis[] = [];
  const stats: AnalysisStats = { units: units.length, files: 0, bytes: 0, ms: 0 };
  const scanned = new Set<string>();
  // Only an analysis of the whole folder may drop cache slots it did not touch.
  const cacheGen = opts.cache && !opts.units ? opts.cache.beginRun() : undefined;
  // Files handed to `opts.filePass`: where their findings and problems go back in (publish-set order).
  const deferred: Array<{ at: number; problemsAt: number; result: Promise<{ findings: Finding[]; problems: string[] }> }> = [];
  let fallback: Promise<unknown> = Promise.resolve();
  // Large maps already parsed by the unit rules, until the file pass has read their embedded sources.
  const parsedMaps = new Map<string, ParsedMap>();

  for (const unit of units) {
    if (opts.isCancelled?.()) break;
    const config = await loadConfig(opts.fs, unit.root, folder, loadOpts);
    let publishSet = opts.publishSets?.get(unit.root);
    const outsideDir = outsideDirs.get(unit.root);
    if (outsideDir) {
      // publishConfig.directory names a folder outside the workspace: not read (issue #15 item 4), reported at its place.
      const node = unit.manifestTree ? findNodeAtLocation(unit.manifestTree, ['publishConfig', 'directory']) : undefined;
      findings.push({ ...configFinding(unit.manifestPath, node?.offset ?? 0, node ? node.offset + node.length : 0, outsideDir, relPosix(folder, unit.manifestPath), unit.root), messageId: OUTSIDE_WORKSPACE });
      publishSet = { unit, tool: 'npm-packlist', files: [], byPath: new Map(), problems: [outsideDir] };
    }
    if (!publishSet) {
      try {
        publishSet = await computePublishSet(opts.fs, unit);
      } catch (e) {
        problems.push(`Cannot compute the publish set of ${unit.manifestPath}: ${errorText(e)}`);
        publishSet = { unit, tool: packagerFor(unit).toolOf(unit), files: [], byPath: new Map(), problems: [errorText(e)] };
      }
    }
    problems.push(...publishSet.problems.map((p) => `${unit.manifestPath}: ${p}`));
    const visibility = resolveVisibility(unit, config);
    const ua: UnitAnalysis = { unit, config, publishSet, visibility };
    analyses.push(ua);
    stats.files += publishSet.files.length;
    for (const f of publishSet.files) stats.bytes += f.size;
    const shared = new Map<string, Promise<unknown>>();
    const sink = new FindingSink(findings, opts, folder, problems);

    const fileRules = opts.rules.filter((r): r is FileRule => r.kind === 'file');
    const packager = packagerFor(unit);
    // The files of the file pass below.
    const passTakes = (file: PublishedFile): boolean =>
      !scanned.has(file.abs) && !(packager.scansContent && !packager.scansContent(unit, file.path)) && !(opts.maxFileSize !== undefined && file.size > opts.maxFileSize) && !!textFileKind(file.path);
    const handOver = (file: PublishedFile): Promise<{ findings: Finding[]; problems: string[] }> => {
      const job: FilePassJob = { rules: fileRules, ua, folder, ruleOverrides: opts.ruleOverrides, file: { abs: file.abs, relPath: file.path, size: file.size } };
      // Declined or failed elsewhere: here, one file at a time (never thousands of reads at once).
      return opts.filePass!(job)
        .catch(() => undefined)
        .then((r) => r ?? (fallback = fallback.then(() => shippedFileHere(job, opts, parsedMaps))) as Promise<{ findings: Finding[]; problems: string[] }>);
    };
    // With other threads, the file pass of the unit's files starts before its unit rules (which may
    // parse a 60 MB map meanwhile). Large files wait for the file pass below, as before: a large map
    // for that parse, and any other because this thread would read it at once, on top of the map.
    // Results still go in at their place in publish-set order.
    const early = new Map<string, Promise<{ findings: Finding[]; problems: string[] }>>();
    if (opts.filePass && !opts.cache && fileRules.length > 0) {
      const files = publishSet.files.filter(passTakes);
      opts.filePassExpect?.(files.reduce((n, f) => n + f.size, 0));
      for (const f of files) if (f.size < LARGE_TEXT_BYTES) early.set(f.abs, handOver(f));
    }

    // Unit rules.
    const firstUnitFinding = findings.length;
    // A large map's embedded sources go to the other threads as soon as the unit rules have parsed
    // it, when the file pass below will take them from that parse (see EmbeddedSplit).
    const largeMapParsed = (abs: string, map: ParsedMap): void => {
      const file = publishSet!.files.find((f) => f.abs === abs);
      if (!opts.filePass || opts.cache || fileRules.length === 0 || !file || !passTakes(file) || textFileKind(file.path) !== 'map' || earlySplits.has(map)) return;
      const split = EmbeddedSplit.of(fileRules, { abs, relPath: file.path }, embeddedSourcesOfParsedMap(abs, map), ua, opts, folder);
      if (split) earlySplits.set(map, split.start());
    };
    for (const rule of opts.rules) {
      if (rule.kind !== 'unit' || opts.isCancelled?.()) continue;
      const setting = effectiveSetting(rule.meta, config, opts.ruleOverrides, undefined);
      if (setting.severity === 'off') continue;
      const ctx = makeUnitContext(rule, ua, opts, folder, setting.options, shared, sink, largeMapParsed);
      try {
        await rule.check(ctx);
      } catch (e) {
        sink.ruleCrashed(rule.meta.id, unit.manifestPath, e, unit.manifestPath, unit.root);
      }
    }

    await verifyPublishFixes(findings, firstUnitFinding, ua, opts.fs);

    // Large maps the unit rules parsed: their embedded sources are taken from that parse below
    // (no second read and JSON.parse of a 60 MB file). Not with a cache, whose key hashes the text.
    if (!opts.cache) {
      const unitMaps = (await (shared.get(UNIT_MAPS_KEY) as Promise<UnitMaps> | undefined)?.catch(() => undefined)) ?? undefined;
      for (const [abs, map] of unitMaps?.large ?? []) parsedMaps.set(abs, map);
    }
    // Unit rules are done: what they shared (parsed maps of a 60 MB map's worth) can go before the file pass.
    shared.clear();
    releaseLargeText(publishSet.files.reduce((n, f) => (/\.map$/i.test(f.path) ? n + f.size : n), 0));

    // File rules over the publish set: every text file that ships, and every source embedded in a shipped map.
    if (fileRules.length > 0) {
      for (const file of publishSet.files) {
        if (opts.isCancelled?.()) break;
        if (!passTakes(file)) continue;
        scanned.add(file.abs);
        if (opts.filePass && !opts.cache) {
          deferred.push({ at: findings.length, problemsAt: problems.length, result: early.get(file.abs) ?? handOver(file) });
          continue;
        }
        const parsed = takeParsedMap(parsedMaps, file.abs, file.path);
        if (parsed) {
          await runShippedFile(fileRules, { abs: file.abs, relPath: file.path, text: '', parsed }, ua, opts, folder, sink);
          releaseLargeText(file.size);
          continue;
        }
        const text = await opts.fs.readText(file.abs);
        if (text === undefined) continue;
        const key = opts.cache ? await fileResultKey(fileRules, ua, opts, folder, file.abs, file.path, true, text) : '';
        const hit = opts.cache?.get(file.abs, key);
        if (hit) {
          replay(hit, findings, problems);
          continue;
        }
        const recFindings: Finding[] = [];
        const recProblems: string[] = [];
        const rec = opts.cache ? new FindingSink(recFindings, opts, folder, recProblems) : sink;
        await runShippedFile(fileRules, { abs: file.abs, relPath: file.path, text }, ua, opts, folder, rec);
        releaseLargeText(file.size);
        if (opts.cache) {
          // A run cancelled in the middle of this file's rules has a partial result: never kept.
          if (!opts.isCancelled?.()) opts.cache.set(file.abs, key, recFindings, recProblems);
          replay({ findings: recFindings, problems: recProblems }, findings, problems);
        }
      }
    }
  }

  if (deferred.length) {
    // Always called (also when cancelled): jobs held back for it resolve only there.
    if (opts.filePassHelp) await opts.filePassHelp((job) => shippedFileHere(job, opts, parsedMaps));
    mergeDeferred(findings, problems, deferred, await Promise.all(deferred.map((d) => d.result)));
  }

  // Files outside every publish set that the caller wants analysed (open documents).
  const fileRules = opts.rules.filter((r): r is FileRule => r.kind === 'file');
  for (const extra of opts.extraFiles ?? []) {
    const abs = toPosix(path.resolve(extra));
    if (scanned.has(abs) || fileRules.length === 0) continue;
    scanned.add(abs);
    const ua = ownerUnit(analyses, abs);
    const text = await opts.fs.readText(abs);
    if (text === undefined) continue;
    const owner = ua ?? (await looseUnit(opts, folder, loadOpts));
    const relPath = relPosix(ua?.unit.root ?? folder, abs);
    await cachedFileRules(fileRules, { abs, relPath, text, shipped: false }, owner, opts, folder, findings, problems);
  }
  if (opts.cache && cacheGen !== undefined && !opts.isCancelled?.()) opts.cache.endRun(cacheGen);

  const linked = await linkConfigsToArtifacts(await postProcess(findings, analyses, opts, folder), analyses, (p) => opts.fs.readText(p));
  const filtered = opts.oneFindingPerFact ? mergeEchoes(linked) : linked;
  stats.ms = Date.now() - t0;
  problems.push(...takeExhaustedGlobs());
  return { findings: filtered, units: analyses, problems, stats, skipped };
}

/** True when a fix edits a file that decides the unit's publish set (its manifest or an ignore file, as its packager says). */
function touchesPublishSet(fix: Fix, unit: PackagingUnit): boolean {
  const packager = packagerFor(unit);
  return fix.edits.some((e) => packager.decidesPublishSet(unit, e.file));
}

/**
 * Every safe fix that edits what decides a publish set is checked by recomputing the set with the
 * edit applied (issue #17): it stays safe only when no entry point stops shipping and no leak (a map,
 * .env, key …) starts shipping; otherwise it is withdrawn. Fixes built by `exclude` were already checked.
 */
async function verifyPublishFixes(findings: Finding[], from: number, ua: UnitAnalysis, fs: FileSystem): Promise<void> {
  if (ua.publishSet.tool === 'archive' || ua.unit.kind === 'private') return;
  const verdicts = new Map<string, Promise<boolean>>();
  for (let i = from; i < findings.length; i++) {
    const f = findings[i];
    const fix = f.fix;
    if (!fix || fix.verified || !touchesPublishSet(fix, ua.unit)) continue;
    const key = JSON.stringify(fix.edits);
    let v = verdicts.get(key);
    if (!v) {
      // A fix may add files on purpose (a missing `types` folder) or make the unit private; it may
      // not stop an entry point from shipping, nor start shipping a file that is a leak by its name.
      v = verifyFix(fs, ua.publishSet, fix, [], () => true).then((r) => r.becomes === 'private' || (r.stillShipped.length === 0 && r.lostEntryPoints.length === 0 && !r.added.some(isSensitivePath) && r.becomes === undefined));
      verdicts.set(key, v);
    }
    findings[i] = (await v) ? { ...f, fix: { ...fix, verified: true } } : { ...f, fix: undefined };
  }
}

/** Puts the file-pass results back where the in-order pass would have pushed them. */
function mergeDeferred(findings: Finding[], problems: string[], deferred: ReadonlyArray<{ at: number; problemsAt: number }>, results: ReadonlyArray<{ findings: Finding[]; problems: string[] }>): void {
  const merge = <T>(base: T[], at: (i: number) => number, items: (i: number) => T[]) => {
    const out: T[] = [];
    let k = 0;
    for (let i = 0; i < deferred.length; i++) {
      while (k < at(i)) out.push(base[k++]);
      for (const x of items(i)) out.push(x);
    }
    while (k < base.length) out.push(base[k++]);
    base.length = 0;
    for (const x of out) base.push(x);
  };
  merge(findings, (i) => deferred[i].at, (i) => results[i].findings);
  merge(problems, (i) => deferred[i].problemsAt, (i) => results[i].problems);
}

/** The unit rules' parse of a large map, once (the file pass is its last user), when `relPath` is a `.map`. */
function takeParsedMap(parsedMaps: Map<string, ParsedMap>, abs: string, relPath: string): ParsedMap | undefined {
  const map = textFileKind(relPath) === 'map' ? parsedMaps.get(abs) : undefined;
  parsedMaps.delete(abs);
  return map;
}

/** A `filePass` job run in this thread. */
async function shippedFileHere(job: FilePassJob, opts: AnalyzeOptions, parsedMaps?: Map<string, ParsedMap>): Promise<{ findings: Finding[]; problems: string[] }> {
  const findings: Finding[] = [];
  const problems: string[] = [];
  if (job.embedded) {
    // A part of a map's embedded sources that no worker took.
    await runEmbeddedHere(job.rules, job.file.abs, job.embedded, job.ua, opts, job.folder, new FindingSink(findings, opts, job.folder, problems));
    return { findings, problems };
  }
  const parsed = parsedMaps && takeParsedMap(parsedMaps, job.file.abs, job.file.relPath);
  const text = parsed ? '' : await opts.fs.readText(job.file.abs);
  if (text !== undefined) await runShippedFile(job.rules, { abs: job.file.abs, relPath: job.file.relPath, text, parsed }, job.ua, opts, job.folder, new FindingSink(findings, opts, job.folder, problems));
  releaseLargeText(job.file.size);
  return { findings, problems };
}

/**
 * The file pass of one shipped file: every file rule on its text (a map's raw JSON is not scanned as
 * text) and on every source embedded in it, at their original lines. `parsed`: a `.map` file's
 * parse, when the caller has it (then `text` is not read).
 */
export async function runShippedFile(
  rules: readonly FileRule[],
  file: { abs: string; relPath: string; text: string; parsed?: ParsedMap },
  ua: UnitAnalysis,
  opts: Pick<AnalyzeOptions, 'ruleOverrides' | 'filePass' | 'filePassThreads' | 'filePassReclaim'> & { fs?: FileSystem },
  folder: string,
  sink: FindingSink,
): Promise<void> {
  if (textFileKind(file.relPath) !== 'map') await runFileRules(rules, { abs: file.abs, relPath: file.relPath, text: file.text, shipped: true }, ua, opts, folder, sink);
  if (mayEmbedSources(file.relPath)) {
    const started = file.parsed && earlySplits.get(file.parsed);
    if (started) {
      earlySplits.delete(file.parsed!);
      await started.finish(sink);
      return;
    }
    const embedded = file.parsed && textFileKind(file.relPath) === 'map' ? embeddedSourcesOfParsedMap(file.abs, file.parsed) : scanEmbeddedSources(file.abs, file.text);
    await runEmbedded(rules, file, embedded, ua, opts, folder, sink);
  }
}

/** Splits started when the unit rules parsed a map (by that parse), until the file pass finishes them. */
const earlySplits = new WeakMap<ParsedMap, EmbeddedSplit>();

/** Below this many characters of embedded sources, a map's sources are not worth sending to other threads. */
const SPLIT_EMBEDDED_CHARS = 8 * 1024 * 1024;
/** Parts per thread when they are: a thread that is done first takes parts nobody has started. */
const PARTS_PER_THREAD = 2;
/** Characters of embedded sources between two turns of the event loop while other threads take parts of a map. */
const YIELD_EVERY_CHARS = 1024 * 1024;

type PartResult = { findings: Finding[]; problems: string[] } | undefined;
type SplitOptions = Pick<AnalyzeOptions, 'ruleOverrides' | 'filePass' | 'filePassThreads' | 'filePassReclaim'> & { fs?: FileSystem };

/**
 * A large map's embedded sources, cut into parts in their order for several threads (a 60 MB map's
 * sources are a second of scanning). `start` gives each other thread one part (the runner calls it
 * as soon as the unit rules have parsed the map, so the workers begin while this thread classifies
 * the map); a thread that is done with a part is given the next. `finish` runs the first part
 * here, then every part no thread has started, and puts the findings into the sink in source order,
 * as one pass here would.
 */
export class EmbeddedSplit {
  private readonly results: Array<Promise<PartResult>> = [];
  private readonly jobs: FilePassJob[] = [];
  private next = 1;

  private constructor(
    private readonly rules: readonly FileRule[],
    private readonly file: { abs: string; relPath: string },
    private readonly parts: EmbeddedSource[][],
    private readonly ua: UnitAnalysis,
    private readonly opts: SplitOptions,
    private readonly folder: string,
  ) {}

  /** A split of `embedded`, or undefined when there is nobody to share with or too little text. */
  static of(rules: readonly FileRule[], file: { abs: string; relPath: string }, embedded: EmbeddedSource[], ua: UnitAnalysis, opts: SplitOptions, folder: string): EmbeddedSplit | undefined {
    if (!opts.filePass) return undefined;
    const parts = splitEmbedded(embedded, ((opts.filePassThreads ?? 1) + 1) * PARTS_PER_THREAD);
    return parts.length < 2 ? undefined : new EmbeddedSplit(rules, file, parts, ua, opts, folder);
  }

  /** Gives each other thread its first part (once). */
  start(): this {
    if (this.next === 1) for (let t = 0; t < (this.opts.filePassThreads ?? 1); t++) this.sendNext();
    return this;
  }

  private sendNext(): void {
    if (this.next >= this.parts.length) return;
    const k = this.next++;
    const part = this.parts[k];
    const job: FilePassJob = { rules: this.rules, ua: this.ua, folder: this.folder, ruleOverrides: this.opts.ruleOverrides, file: { abs: this.file.abs, relPath: this.file.relPath, size: charsOf(part) }, embedded: part };
    this.jobs[k] = job;
    this.results[k] = this.opts.filePass!(job).then(
      (r) => {
        if (r) this.sendNext();
        return r;
      },
      () => undefined,
    );
  }

  private async collectHere(k: number): Promise<PartResult> {
    const out = { findings: [] as Finding[], problems: [] as string[] };
    await runEmbeddedHere(this.rules, this.file.abs, this.parts[k], this.ua, this.opts, this.folder, new FindingSink(out.findings, this.opts, this.folder, out.problems), true);
    return out;
  }

  async finish(sink: FindingSink): Promise<void> {
    this.start();
    await runEmbeddedHere(this.rules, this.file.abs, this.parts[0], this.ua, this.opts, this.folder, sink, true);
    // Parts not yet given out run here; so does a part no thread has started (still queued behind other files).
    for (let k = 1; k < this.parts.length; k++) {
      if (k >= this.next) {
        this.next = k + 1;
        this.results[k] = this.collectHere(k);
        await this.results[k];
      } else if (this.opts.filePassReclaim?.(this.jobs[k])) {
        this.results[k] = this.collectHere(k);
        await this.results[k];
      }
    }
    for (let k = 1; k < this.parts.length; k++) {
      const r = (await this.results[k]) ?? (await this.collectHere(k))!;
      sink.append(r.findings, r.problems);
    }
  }
}

/**
 * The file rules over a map's embedded sources: split between threads (see EmbeddedSplit) when
 * `filePass` is there and the text is large enough, else all here.
 */
async function runEmbedded(
  rules: readonly FileRule[],
  file: { abs: string; relPath: string },
  embedded: EmbeddedSource[],
  ua: UnitAnalysis,
  opts: SplitOptions,
  folder: string,
  sink: FindingSink,
): Promise<void> {
  const split = EmbeddedSplit.of(rules, file, embedded, ua, opts, folder);
  if (split) await split.finish(sink);
  else await runEmbeddedHere(rules, file.abs, embedded, ua, opts, folder, sink);
}

async function runEmbeddedHere(rules: readonly FileRule[], abs: string, part: readonly EmbeddedSource[], ua: UnitAnalysis, opts: Pick<AnalyzeOptions, 'ruleOverrides'> & { fs?: FileSystem }, folder: string, sink: FindingSink, yieldToLoop = false): Promise<void> {
  let chars = 0;
  // Every source of the map sits on the map's path: one setting per rule, not one per rule and source.
  const settings = new Map<string, EffectiveSetting>();
  for (const emb of part) {
    await runFileRules(rules, { abs, relPath: emb.source, text: emb.content, shipped: true, embedded: emb }, ua, opts, folder, sink, settings);
    // The workers' replies (and the next part for a worker that is done) are read only on the event loop.
    if (yieldToLoop && (chars += emb.content.length) >= YIELD_EVERY_CHARS) {
      chars = 0;
      await new Promise<void>((r) => setImmediate(r));
    }
  }
}

function charsOf(part: readonly EmbeddedSource[]): number {
  let n = 0;
  for (const e of part) n += e.content.length;
  return n;
}

/** Cuts the sources, in order, into at most `count` parts of about equal length (one part below SPLIT_EMBEDDED_CHARS in all). */
export function splitEmbedded(embedded: EmbeddedSource[], count: number): EmbeddedSource[][] {
  const total = charsOf(embedded);
  if (total < SPLIT_EMBEDDED_CHARS || count < 2) return [embedded];
  const parts: EmbeddedSource[][] = [];
  let part: EmbeddedSource[] = [];
  let done = 0;
  for (const e of embedded) {
    part.push(e);
    done += e.content.length;
    if (done >= (total * (parts.length + 1)) / count && parts.length < count - 1) {
      parts.push(part);
      part = [];
    }
  }
  if (part.length) parts.push(part);
  return parts;
}

/** Runs the file rules on the embedded sources of a `filePass` job (a worker thread's part of a map). */
export async function runEmbeddedJob(rules: readonly FileRule[], job: { abs: string; embedded: readonly EmbeddedSource[] }, ua: UnitAnalysis, opts: Pick<AnalyzeOptions, 'ruleOverrides'> & { fs?: FileSystem }, folder: string, sink: FindingSink): Promise<void> {
  await runEmbeddedHere(rules, job.abs, job.embedded, ua, opts, folder, sink);
}

/** runFileRules through the cache (when there is one) for a text that is not a map's embedded source. */
async function cachedFileRules(
  rules: readonly FileRule[],
  input: FileInput,
  ua: UnitAnalysis,
  opts: Pick<AnalyzeOptions, 'ruleOverrides' | 'trusted' | 'cache' | 'isCancelled'> & { fs: FileSystem },
  folder: string,
  findings: Finding[],
  problems: string[],
): Promise<void> {
  if (!opts.cache) {
    await runFileRules(rules, input, ua, opts, folder, new FindingSink(findings, opts, folder, problems));
    return;
  }
  const key = await fileResultKey(rules, ua, opts, folder, input.abs, input.relPath, input.shipped, input.text);
  let hit = opts.cache.get(input.abs, key);
  if (!hit) {
    const rec = { findings: [] as Finding[], problems: [] as string[] };
    await runFileRules(rules, input, ua, opts, folder, new FindingSink(rec.findings, opts, folder, rec.problems));
    // Cancelled between two rules: a partial result, not kept (the next run would replay it as whole).
    if (!opts.isCancelled?.()) opts.cache.set(input.abs, key, rec.findings, rec.problems);
    hit = rec;
  }
  replay(hit, findings, problems);
}

export interface FileInput {
  abs: string;
  relPath: string;
  text: string;
  shipped: boolean;
  embedded?: { mapFile: string; mapIndex: number; sourceIndex: number; source: string };
}

/**
 * Runs every file rule on one text. Also used by the server for a single open document.
 * `settings`: rule settings already resolved for `input.abs` (by rule id), filled as they are
 * resolved; the sources embedded in one map share them.
 */
export async function runFileRules(
  rules: readonly FileRule[],
  input: FileInput,
  ua: UnitAnalysis,
  opts: Pick<AnalyzeOptions, 'ruleOverrides'> & { fs?: FileSystem; isCancelled?: () => boolean; timings?: Map<string, number> },
  folder: string,
  sink: FindingSink,
  settings?: Map<string, EffectiveSetting>,
): Promise<void> {
  const fs = opts.fs;
  let jsonTree: JsonNode | undefined | null = null;
  let configRel: string | undefined | null = null;
  for (const rule of rules) {
    if (opts.isCancelled?.()) return;
    const t0 = opts.timings ? performance.now() : 0;
    if (rule.appliesTo && !rule.appliesTo(input.embedded ? input.embedded.source : input.abs)) continue;
    let setting = settings?.get(rule.meta.id);
    if (!setting) {
      if (configRel === null) configRel = relForConfig(ua.config, input.abs);
      setting = effectiveSetting(rule.meta, ua.config, opts.ruleOverrides, configRel);
      settings?.set(rule.meta.id, setting);
    }
    if (setting.severity === 'off') continue;
    const ctx: FileRuleContext = {
      config: ua.config,
      options: setting.options,
      visibility: ua.visibility,
      workspaceRoot: folder,
      path: input.abs,
      text: input.text,
      relPath: input.relPath,
      unit: ua.unit.manifest !== undefined || ua.unit.manifestText ? ua.unit : undefined,
      shipped: input.shipped,
      embedded: input.embedded,
      json: () => {
        if (jsonTree === null) jsonTree = /\.(json|jsonc|map)$|rc$/i.test(input.abs) && !input.embedded ? parseTree(input.text) : undefined;
        return jsonTree ?? undefined;
      },
      report: (r: Report) => sink.add(rule.meta, r, input, ua),
      ...(fs ? { readText: (p: string) => fs.readText(p) } : {}),
    };
    try {
      await rule.check(ctx);
    } catch (e) {
      sink.ruleCrashed(rule.meta.id, input.embedded ? `${input.abs} (${input.embedded.source})` : input.abs, e, input.abs, ua.unit.root);
    }
    if (opts.timings) opts.timings.set(rule.meta.id, performance.now() - t0);
  }
}

/** Collects reports into findings, resolving text, severity and fingerprints. */
export class FindingSink {
  private readonly crashed = new Set<string>();
  constructor(
    private readonly out: Finding[],
    private readonly opts: Pick<AnalyzeOptions, 'ruleOverrides'>,
    private readonly folder: string,
    private readonly problems: string[],
  ) {}

  /** Findings and problems made by another sink (another thread's part of the same file), in order. */
  append(findings: readonly Finding[], problems: readonly string[]): void {
    for (const f of findings) this.out.push(f);
    for (const p of problems) this.problems.push(p);
  }

  add(meta: RuleMeta, r: Report, input: FileInput | undefined, ua: UnitAnalysis): void {
    const file = toPosix(r.file ?? input?.abs ?? ua.unit.manifestPath);
    // References only (map path + indices): never the embedded text itself (issue #15 item 7).
    const embedded = r.embedded ? embeddedRef(r.embedded, r.embedded.line, r.embedded.column) : input?.embedded ? embeddedRef(input.embedded, 0, 0) : undefined;
    let start = r.start ?? 0;
    let end = r.end ?? start;
    let related = r.related ?? [];
    if (input?.embedded && !r.embedded) {
      // A finding inside an embedded source: reported on the map file, related to the original location.
      const { line, column } = lineColumn(input.text, start);
      const emb = embeddedRef(input.embedded, line, column);
      related = [{ file: input.abs, line, column, message: `${input.embedded.source}:${line + 1}:${column + 1} (embedded in the source map)`, embedded: emb }, ...related];
      start = 0;
      end = 0;
      this.push(meta, r, file, start, end, related, ua, emb, input.text.slice(r.start ?? 0, r.end ?? 0));
      return;
    }
    const keyText = r.key ?? (input ? input.text.slice(start, Math.min(end, start + 200)) : '');
    this.push(meta, r, file, start, end, related, ua, embedded, keyText);
  }

  private push(meta: RuleMeta, r: Report, file: string, start: number, end: number, related: Finding['related'], ua: UnitAnalysis, embedded: Finding['embedded'], keyText: string): void {
    const data = r.data ?? {};
    const template = meta.messages[r.messageId];
    let message = template ? formatMessage(template, data) : r.messageId;
    const setting = effectiveSetting(meta, ua.config, this.opts.ruleOverrides, relForConfig(ua.config, file));
    // Severity is resolved once per finding, at the file it sits on (after `overrides`): a rule that
    // ran for the unit but is off for this file reports nothing (issue #17: "off" leaked into every format).
    if (setting.severity === 'off') return;
    let severity: Severity;
    if (setting.explicit) severity = setting.severity as Severity;
    else {
      severity = r.severity ?? meta.defaultSeverity;
      if (meta.visibilityScaled && !r.severity) {
        if (ua.visibility === 'proprietary') severity = bump(severity, 1);
        else if (ua.visibility === 'open-source') severity = bump(severity, -1);
      }
      if (meta.openSourceInfo && ua.visibility === 'open-source' && (severity === 'warning' || severity === 'error')) {
        message += ` Info, not ${severity}: an open-source package (OSI licence, public repository) whose sources are public anyway; set "visibility": "proprietary" in .leakguardrc.json if they are not.`;
        severity = 'info';
      }
    }
    const rel = relPosix(this.folder, file);
    const fingerprint = createHash('sha256')
      .update(`${meta.id}\0${rel}\0${embedded ? embedded.source : ''}\0${r.key ?? keyText}`)
      .digest('hex')
      .slice(0, 32);
    // URL credentials never reach a message, a diagnostic, a hover or a fix (issue #15 item 3).
    this.out.push(redactFinding({
      ruleId: meta.id,
      messageId: r.messageId,
      message,
      data,
      severity,
      file,
      start,
      end,
      fix: meta.fixable === 'safe' ? r.fix : undefined,
      suggestions: [...(meta.fixable !== 'safe' && r.fix ? [r.fix] : []), ...(r.suggestions ?? [])],
      related,
      unitRoot: ua.unit.root,
      ...(ua.unit.id && ua.unit.id !== ua.unit.root ? { unitId: ua.unit.id } : {}),
      fingerprint,
      embedded,
      ...(r.facts?.length ? { facts: r.facts } : {}),
    }));
  }

  /**
   * A rule threw: reported once in `problems` (the output channel) and as an info finding on the
   * file, so the user can act on it (disable the rule, report the bug); every other rule still runs.
   */
  ruleCrashed(ruleId: string, where: string, e: unknown, file?: string, unitRoot?: string): void {
    const key = `${ruleId}:${where}`;
    if (this.crashed.has(key)) return;
    this.crashed.add(key);
    this.problems.push(redactUrlCredentials(`Rule ${ruleId} failed on ${where}: ${errorText(e)}`));
    if (file) {
      this.out.push({
        ruleId,
        messageId: 'internalError',
        message: `Leakguard's rule ${ruleId} failed on this file (${errorText(e).slice(0, 200)}); the other rules still ran. Turn the rule off in .leakguardrc.json if it gets in the way, and please report it.`,
        data: {},
        severity: 'info',
        file,
        start: 0,
        end: 0,
        suggestions: [],
        related: [],
        unitRoot,
        fingerprint: createHash('sha256').update(`${ruleId}\0crash\0${where}`).digest('hex').slice(0, 32),
      });
    }
  }
}

interface EffectiveSetting {
  severity: SeveritySetting;
  options: Record<string, unknown>;
  /** True when a config or override chose the severity (the rule's per-report severity and visibility then do not apply). */
  explicit: boolean;
}

/** Severity in force: editor/CLI overrides, then config overrides and rules; `locked` rules cannot go below their level. */
export function effectiveSetting(meta: RuleMeta, config: ResolvedConfig, overrides: ReadonlyMap<string, SeveritySetting> | undefined, relPath: string | undefined): EffectiveSetting {
  const fromConfig = ruleSettingFor(config, meta.id, relPath);
  let severity: SeveritySetting | undefined = fromConfig?.severity;
  const options = fromConfig?.options ?? {};
  const override = overrides?.get(meta.id);
  if (override) severity = override;
  const lockedLevel = config.lockedLevels.get(meta.id);
  if (config.locked.includes(meta.id) && (severity === 'off' || (severity !== undefined && rank(severity) < rank(lockedLevel ?? meta.defaultSeverity)))) {
    // A locked rule cannot be switched off or lowered below the level it had where it was locked.
    severity = lockedLevel;
  }
  if (severity === undefined) return { severity: meta.optIn ? 'off' : meta.defaultSeverity, options, explicit: false };
  return { severity, options, explicit: true };
}

function rank(s: SeveritySetting): number {
  return s === 'off' ? 0 : s === 'hint' ? 1 : s === 'info' ? 2 : s === 'warning' ? 3 : 4;
}

function relForConfig(config: ResolvedConfig, abs: string): string | undefined {
  return isInside(config.baseDir, abs) ? relPosix(config.baseDir, abs) : undefined;
}

function makeUnitContext(
  rule: UnitRule,
  ua: UnitAnalysis,
  opts: AnalyzeOptions,
  folder: string,
  options: Record<string, unknown>,
  shared: Map<string, Promise<unknown>>,
  sink: FindingSink,
  largeMapParsed?: (abs: string, map: ParsedMap) => void,
): UnitRuleContext {
  return {
    largeMapParsed,
    config: ua.config,
    options,
    visibility: ua.visibility,
    workspaceRoot: folder,
    unit: ua.unit,
    publishSet: ua.publishSet,
    readText: (abs) => opts.fs.readText(abs),
    readFile: (abs) => opts.fs.readFile(abs),
    exists: async (abs) => (await opts.fs.stat(abs)) !== undefined,
    // Rules that see the same leak ask for the same exclusion: computed (and verified) once per run.
    exclude: (req) => {
      if (opts.skipSuggestionExcludes && rule.meta.fixable !== 'safe') return Promise.resolve(undefined);
      const key = `exclude\0${JSON.stringify(req)}`;
      let p = shared.get(key) as Promise<Fix | undefined> | undefined;
      if (!p) shared.set(key, (p = excludeFromSet(opts.fs, ua.publishSet, req)));
      return p;
    },
    listFiles: async (abs) => (await opts.fs.readDir(abs).catch(() => [])).filter((e) => e.isFile).map((e) => e.name),
    manifestRange: (jsonPath: JSONPath, o?: { property?: boolean }) => manifestRange(ua.unit, jsonPath, o?.property),
    shared: <T>(key: string, compute: () => Promise<T>) => {
      let p = shared.get(key) as Promise<T> | undefined;
      if (!p) {
        p = compute();
        shared.set(key, p);
      }
      return p;
    },
    report: (r: Report) => sink.add(rule.meta, { ...r, file: r.file ?? ua.unit.manifestPath }, undefined, ua),
    registry: opts.registry,
    wouldShip: (paths: readonly string[]) => {
      // Only sets computed from a folder on disk, by a packager that can answer, say what a build would write.
      if (ua.publishSet.tool === 'archive' || ua.publishSet.tool === 'build-output' || !packagerFor(ua.unit).wouldShip) return Promise.resolve(undefined);
      // pnpm and yarn sets are not asked (#23 kept them out); npm-packlist and vsce are.
      if (ua.publishSet.tool === 'pnpm' || ua.publishSet.tool === 'yarn') return Promise.resolve(undefined);
      const key = `wouldShip\0${paths.join('\0')}`;
      let p = shared.get(key) as Promise<PathExplanation[] | undefined> | undefined;
      if (!p) {
        p = wouldShip(opts.fs, ua.unit, paths, { workspaceRoot: ua.unit.workspaceRoot, publishSet: ua.publishSet });
        shared.set(key, p);
      }
      return p;
    },
  };
}

function ownerUnit(analyses: UnitAnalysis[], abs: string): UnitAnalysis | undefined {
  let best: UnitAnalysis | undefined;
  for (const ua of analyses) if (isInside(ua.unit.root, abs) && (!best || ua.unit.root.length > best.unit.root.length)) best = ua;
  return best;
}

/** The options of every configuration load in a run, built once per run. */
function configLoadOptions(opts: { configFile?: string; configBaseDir?: string; rules: readonly Rule[]; trusted?: boolean }, ruleIds: Set<string>): LoadConfigOptions {
  return { configFile: opts.configFile, baseDir: opts.configBaseDir, ruleIds, ruleMeta: opts.rules.map((r) => r.meta), trusted: opts.trusted ?? true };
}

async function looseUnit(opts: { fs: FileSystem }, folder: string, loadOpts: LoadConfigOptions): Promise<UnitAnalysis> {
  const config = await loadConfig(opts.fs, folder, folder, loadOpts);
  const unit: PackagingUnit = {
    root: folder, kind: 'private', manifestPath: `${folder}/package.json`, manifestText: '', manifest: undefined, manifestTree: undefined,
    parseErrors: [], name: undefined, workspaceRoot: undefined, workspaces: [], publishDirectory: undefined,
  };
  return { unit, config, publishSet: { unit, tool: 'npm-packlist', files: [], byPath: new Map(), problems: [] }, visibility: resolveVisibility(undefined, config) };
}

export interface DocumentAnalysisOptions {
  fs: FileSystem;
  folder: string;
  rules: readonly Rule[];
  /** The unit analysis that owns the document (from the last folder analysis); a bare one is built when absent. */
  owner?: UnitAnalysis;
  configFile?: string;
  trusted?: boolean;
  ruleOverrides?: ReadonlyMap<string, SeveritySetting>;
  /** Absolute path and current text of the document. */
  path: string;
  text: string;
  /** File-rule results kept across analyses (see AnalyzeOptions.cache). */
  cache?: FileResultCache;
  /**
   * Runs the file rules somewhere else (the server: a worker thread for large documents). Resolves
   * undefined when the run was cancelled (a newer version superseded it).
   */
  runFileRules?: (job: { rules: readonly FileRule[]; input: FileInput; ua: UnitAnalysis; folder: string }) => Promise<{ findings: Finding[]; problems: string[] } | undefined>;
}

/**
 * Analyses one document with the file rules only (the as-you-type path): cheap, no publish-set work.
 * The document is `shipped` when its owner's publish set contains it.
 */
export async function analyzeDocument(opts: DocumentAnalysisOptions): Promise<{ findings: Finding[]; problems: string[]; cancelled?: boolean }> {
  const folder = toPosix(path.resolve(opts.folder));
  const abs = toPosix(path.resolve(opts.path));
  const ruleIds = new Set(opts.rules.map((r) => r.meta.id));
  ruleIds.add(CONFIG_RULE_ID);
  const ua = opts.owner ?? (await looseUnit(opts, folder, configLoadOptions(opts, ruleIds)));
  const problems: string[] = [];
  const findings: Finding[] = [];
  const fileRules = opts.rules.filter((r): r is FileRule => r.kind === 'file');
  const rel = relPosix(ua.unit.root, abs);
  const shipped = ua.publishSet.byPath.has(rel);
  const input: FileInput = { abs, relPath: rel, text: opts.text, shipped };
  if (opts.runFileRules) {
    const ran = await opts.runFileRules({ rules: fileRules, input, ua, folder });
    if (!ran) return { findings: [], problems: [], cancelled: true };
    findings.push(...ran.findings);
    problems.push(...ran.problems);
  } else await cachedFileRules(fileRules, input, ua, opts, folder, findings, problems);
  const overlay: FileSystem = {
    readFile: (p) => (toPosix(path.resolve(p)) === abs ? Promise.resolve(Buffer.from(opts.text)) : opts.fs.readFile(p)),
    readText: (p) => (toPosix(path.resolve(p)) === abs ? Promise.resolve(opts.text) : opts.fs.readText(p)),
    stat: (p) => opts.fs.stat(p),
    readDir: (p) => opts.fs.readDir(p),
  };
  const out = await postProcess(findings, [ua], { fs: overlay } as AnalyzeOptions, folder);
  return { findings: out, problems };
}

/** Drops ignored, off and suppressed findings; reports suppressions of locked rules; marks baselined findings. */
async function postProcess(findings: Finding[], analyses: UnitAnalysis[], opts: AnalyzeOptions, folder: string): Promise<Finding[]> {
  const kept = await dropSuppressed(findings, analyses, opts, folder);
  return markBaselined(kept, analyses, opts, folder);
}

/** Marks findings accepted in their unit's baseline file (info, `baselined`); a broken baseline file is a config problem at its place. */
async function markBaselined(findings: Finding[], analyses: UnitAnalysis[], opts: AnalyzeOptions, folder: string): Promise<Finding[]> {
  const out = findings.slice();
  const byFile = new Map<string, number[]>();
  findings.forEach((f, i) => {
    const config = f.unitRoot ? analyses.find((a) => a.unit.root === f.unitRoot)?.config : analyses[0]?.config;
    if (!config || f.ruleId === CONFIG_RULE_ID) return;
    const file = baselinePath(config, folder);
    const list = byFile.get(file);
    if (list) list.push(i);
    else byFile.set(file, [i]);
  });
  for (const [file, indexes] of byFile) {
    const outside = await outsideWorkspace(file, folder, analyses, opts.fs);
    if (outside) {
      // A baseline path outside the workspace is neither read nor written (issue #15 item 4).
      const config = analyses.find((a) => a.unit.root === findings[indexes[0]].unitRoot)?.config ?? analyses[0]?.config;
      const at = config ? await configValueRange(opts.fs, config.files, ['baseline']) : undefined;
      out.push({ ...configFinding(at?.file ?? file, at?.start ?? 0, at?.end ?? 0, `The baseline ${JSON.stringify(config?.baseline ?? file)} ${outside}: Leakguard neither reads nor writes it. Keep the baseline inside the workspace.`, relPosix(folder, at?.file ?? file), findings[indexes[0]].unitRoot), messageId: OUTSIDE_WORKSPACE });
      continue;
    }
    const text = await opts.fs.readText(file);
    if (text === undefined) continue;
    const { baseline, problems } = parseBaseline(text);
    for (const p of problems) out.push(configFinding(file, p.start, p.end, p.message, relPosix(folder, file), findings[indexes[0]].unitRoot));
    const marked = applyBaseline(indexes.map((i) => findings[i]), baseline);
    indexes.forEach((i, k) => (out[i] = marked[k]));
  }
  return out;
}

async function dropSuppressed(findings: Finding[], analyses: UnitAnalysis[], opts: AnalyzeOptions, folder: string): Promise<Finding[]> {
  const out: Finding[] = [];
  const texts = new Map<string, SuppressionIndex | undefined>();
  const seen = new Set<string>();
  for (const f of findings) {
    const ua = f.unitRoot ? analyses.find((a) => a.unit.root === f.unitRoot) : undefined;
    const config = ua?.config;
    if (config && f.ruleId !== CONFIG_RULE_ID) {
      const rel = relForConfig(config, f.file);
      if (rel !== undefined && isIgnoredFor(config, f.ruleId, rel)) continue;
    }
    if (f.ruleId !== CONFIG_RULE_ID && !f.embedded) {
      let idx = texts.get(f.file);
      if (!texts.has(f.file)) {
        // JSON and maps have no comments: never re-read a 60 MB map just to look for suppressions.
        const text = /\.(json|map)$/i.test(f.file) ? undefined : await opts.fs.readText(f.file);
        idx = text !== undefined && text.length < 50_000_000 ? new SuppressionIndex(text) : undefined;
        texts.set(f.file, idx);
      }
      const d = idx?.find(f.ruleId, f.start);
      if (d) {
        if (!config?.locked.includes(f.ruleId)) continue;
        out.push(configFinding(f.file, d.start, d.end, `Rule "${f.ruleId}" is locked by the team configuration and cannot be suppressed.`, relPosix(folder, f.file), ua?.unit.root));
      }
    }
    const dedupe = `${f.ruleId}\0${f.file}\0${f.start}\0${f.end}\0${f.message}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    out.push(f);
  }
  return out;
}

/** A `leakguard-config-invalid` finding at a place in a config file. */
export function configFinding(file: string, start: number, end: number, message: string, rel: string, unitRoot?: string): Finding {
  return {
    ruleId: CONFIG_RULE_ID,
    messageId: 'invalid',
    message,
    data: { problem: message },
    severity: 'error',
    file,
    start,
    end,
    suggestions: [],
    related: [],
    unitRoot,
    fingerprint: createHash('sha256').update(`${CONFIG_RULE_ID}\0${rel}\0${message}`).digest('hex').slice(0, 32),
  };
}

/** 0-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 0;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last - 1 };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Why `file` is outside the workspace analysed from `folder` (the folder, and the workspace or unit
 * roots above it), lexically or by real path; undefined when it is inside.
 */
export async function outsideWorkspace(file: string, folder: string, analyses: ReadonlyArray<{ unit: PackagingUnit }>, fsys: FileSystem): Promise<string | undefined> {
  const roots = workspaceRoots(folder, analyses.map((a) => a.unit));
  if (!(fsys instanceof ConfinedFileSystem) && fsys.realPath) fsys = new ConfinedFileSystem(fsys as FileSystem & { realPath(p: string): Promise<string | undefined> }, roots);
  const abs = toPosix(path.resolve(file));
  if (!roots.some((r) => isInside(r, abs))) return 'is outside the workspace';
  if (fsys instanceof ConfinedFileSystem && !(await fsys.allowed(abs))) return 'links outside the workspace';
  // A file that does not exist yet: its nearest existing folder must not link out.
  if (fsys.realPath && (await fsys.realPath(abs)) === undefined) {
    let dir = path.posix.dirname(abs);
    while (roots.some((r) => isInside(r, dir)) && (await fsys.realPath!(dir)) === undefined) dir = path.posix.dirname(dir);
    if (fsys instanceof ConfinedFileSystem && !(await fsys.allowed(dir))) return 'links outside the workspace';
  }
  return undefined;
}

/** The folder plus the workspace and unit roots above it (#16). */
export function workspaceRoots(folder: string, units: readonly PackagingUnit[]): string[] {
  const roots = [folder];
  for (const u of units) for (const r of [u.workspaceRoot, u.root]) if (r && isInside(r, folder) && !roots.includes(r)) roots.push(r);
  return roots;
}

/** Units whose publishConfig.directory lies outside the workspace, with the message to report. */
async function publishDirectoriesOutside(units: readonly PackagingUnit[], allowed: ((p: string) => Promise<boolean>) | undefined, folder: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const roots = workspaceRoots(folder, units);
  for (const u of units) {
    const dir = u.publishDirectory;
    if (!dir) continue;
    const raw = (u.manifest?.publishConfig as Record<string, unknown> | undefined)?.directory;
    const lexicalOut = !roots.some((r) => isInside(r, dir));
    if (lexicalOut || (allowed && !(await allowed(dir)))) {
      out.set(u.root, `publishConfig.directory ${JSON.stringify(raw)} ${lexicalOut ? 'is outside the workspace' : 'links outside the workspace'}: Leakguard does not read or fix files there, so this package's publish set is not analysed. Point it at a folder inside the workspace.`);
    }
  }
  return out;
}

/** The range of a value at `jsonPath` in the nearest config file (last in `files`) that has it. */
async function configValueRange(fsys: FileSystem, files: readonly string[], jsonPath: JSONPath): Promise<{ file: string; start: number; end: number } | undefined> {
  for (const file of [...files].reverse()) {
    const text = await fsys.readText(file);
    if (text === undefined) continue;
    const tree = parseTree(text, [], { allowTrailingComma: true });
    const node = tree ? findNodeAtLocation(tree, jsonPath) : undefined;
    if (node) return { file: toPosix(file), start: node.offset, end: node.offset + node.length };
  }
  return undefined;
}

/** The reference to an embedded source (no `content`, whatever object it came from). */
function embeddedRef(e: { mapFile: string; mapIndex: number; sourceIndex: number; source: string }, line: number, column: number): NonNullable<Finding['embedded']> {
  return { mapFile: e.mapFile, mapIndex: e.mapIndex, sourceIndex: e.sourceIndex, source: e.source, line, column };
}
