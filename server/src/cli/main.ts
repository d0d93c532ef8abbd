/**
 * The `leakguard` CLI: a thin wrapper over the engine (DESIGN.md "Interfaces").
 * Exit status: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage or configuration error.
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import type { Finding, Severity, SeveritySetting } from '../engine/types';
import type { Rule } from '../engine/context';
import { DiskFileSystem, SyncDiskFileSystem, decodeText, looksBinary, type FileSystem } from '../engine/safe/fs';
import { analyzeFolder, outsideWorkspace, OUTSIDE_WORKSPACE, workspaceRoots, type AnalysisResult, type AnalyzeOptions } from '../engine/runner';
import { writeFileInside } from '../engine/safe/write';
import { toPosix, relPosix, isInside } from '../engine/paths';
import { availableParallelism } from 'node:os';
import { FilePassPool, runQueued, type QueuedJob } from '../lsp/worker-client';
import { LARGE_TEXT_BYTES } from '../engine/safe/memory';
import { readArchive, ArchiveFileSystem, archiveUnit, DEFAULT_ARCHIVE_LIMITS, limitsWithTotal, formatBytes } from '../engine/publish/archive';
import { discoverUnits } from '../engine/workspace';
import { describeSkipped } from '../engine/config/unit-filter';
import { explainPath } from '../engine/publish/index';
import { allPackagers, packagerFor, unitsForPath } from '../engine/packagers/registry';
import { didYouMean, parseSeverity, ruleSettingFor } from '../engine/config';
import { baselinePath, parseBaseline, createBaseline, serializeBaseline, type Baseline } from '../engine/config/baseline';
import { terminalSafe } from './terminal';
import { UsageError, parseCommandLine, type CliIo, type CliDeps } from './io';
import { formatText, formatJson, formatSarif, formatGithub, type Located } from './format';
import { applyFixesToDisk, writeAtomic } from './fix';
import { runInit } from './init';
import { describeExplanation } from '../engine/publish/describe';
import { runDiff, lazyRegistryHook, DIFF_HELP } from './diff';
import { runLs, LS_HELP } from './ls';
import { runAudit, AUDIT_HELP } from './audit';

export { UsageError, type CliIo, type CliDeps } from './io';

/** What every output format is handed: the located findings and the run's facts. */
interface Report {
  items: Located[];
  /** Where the user stands (or the archive): every path is relative to it. */
  root: string;
  units: Array<{ root: string; name?: string; kind: string; tool: string; visibility: string; files: number; bytes: number }>;
  problems: string[];
  stats: AnalysisResult['stats'][];
  skipped: NonNullable<AnalysisResult['skipped']>;
  textOf(file: string): Promise<string | undefined>;
}

interface Formatter {
  /** Writes the report to stdout (and, for people, its notes to stderr). */
  write(report: Report, io: CliIo, deps: CliDeps): Promise<void> | void;
  /** The format is for people: run notes (problems, skipped units, --max-warnings) go to stderr. */
  notesOnStderr?: boolean;
}

/**
 * The output formats of `check` and `pack`, in the order `--help` lists them (issue #18 item 4):
 * adding one is one entry here plus its renderer in format.ts.
 */
const FORMATTER_TABLE = {
  text: {
    notesOnStderr: true,
    write(r, io) {
      io.stdout(formatText(r.items, { color: io.isTTY && !io.env.NO_COLOR, root: r.root, units: r.units }));
      for (const p of r.problems) io.stderr(`leakguard: ${p}\n`);
      const note = describeSkipped(r.skipped);
      if (note) io.stderr(`leakguard: ${note}\n`);
    },
  },
  json: {
    write(r, io) {
      io.stdout(formatJson(r.items, { root: r.root, units: r.units, problems: r.problems, stats: r.stats, skipped: r.skipped }));
    },
  },
  sarif: {
    async write(r, io, deps) {
      const regions = new Map<string, string | undefined>();
      for (const f of r.items.flatMap((i) => [i.finding.file, ...(i.finding.fix?.edits.map((e) => e.file) ?? []), ...i.finding.related.map((x) => x.file)])) {
        if (!regions.has(f)) regions.set(f, await r.textOf(f));
      }
      io.stdout(
        formatSarif(r.items, deps.rules, deps.docsUrl, deps.version, (file, start, end) => {
          const text = regions.get(file);
          if (text === undefined) return undefined;
          const s = pos(text, start);
          const e = pos(text, end);
          return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
        }, r.root),
      );
    },
  },
  github: {
    write(r, io) {
      io.stdout(formatGithub(r.items));
    },
  },
} satisfies Record<string, Formatter>;

type FormatName = keyof typeof FORMATTER_TABLE;
const FORMATTERS: Record<FormatName, Formatter> = FORMATTER_TABLE;
const FORMAT_NAMES = Object.keys(FORMATTERS) as FormatName[];
const isFormatName = (name: string): name is FormatName => Object.prototype.hasOwnProperty.call(FORMATTERS, name);

const HELP: Record<string, string> = {
  main: `Usage: leakguard <command> [options]

Warns about what an npm publish or vsce package would leak: source maps with sources,
secrets, .env files, system prompts, internal names. Nothing leaves your machine.

Commands:
  check [PATH...]        analyse packaging units under each PATH (default: .)
  pack FILE.tgz|.vsix    analyse a built artifact exactly as it will be uploaded
  explain PATH           why a file is (or is not) in its package's publish set
  ls [PATH]              list what each package would publish, with sizes and reasons
  init                   write a starter .leakguardrc.json and a prepublish guard
  baseline [PATH]        accept the current findings in .leakguard-baseline.json (--prune: only drop fixed ones)
  diff [PATH]            compare the publish set with the latest published version (asks the registry)
  audit NAME[@RANGE]...  which published versions leaked what, and which secrets to rotate (asks the registry)

Options:
  -h, --help             show help for a command
  -v, --version          print the version

Examples:
  leakguard check                           check the packages under the current folder
  leakguard check --fix                     apply the safe fixes and list what is left
  leakguard check --format sarif --output leakguard.sarif
  leakguard pack my-lib-1.0.0.tgz           check the tarball npm pack wrote
  leakguard explain dist/cli.js.map         why does this file ship?

Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage or configuration error.
`,
  check: `Usage: leakguard check [PATH...] [options]

Options:
  -f, --format FORMAT      ${FORMAT_NAMES.map((n) => (n === 'text' ? 'text (default)' : n)).join(', ')}
  -c, --config FILE        use this configuration instead of .leakguardrc.json discovery
      --fail-on LEVEL      error (default), warning, info, never
      --rule RULE=LEVEL    override a rule's severity (repeatable): off|error|warning|info|hint
      --max-warnings N     also fail when there are more than N warnings
  -q, --quiet              report errors only
      --fix                apply safe fixes (atomically; files that do not parse are left alone),
                           then say what was fixed and what only has suggestions; exit by what remains
      --fix-type TYPE      with --fix: safe (default) or suggestion (also apply each problem's
                           first suggestion: the edits the editor offers one by one)
      --output FILE        write the report to FILE instead of stdout
      --registry-check     let publish-size-anomaly ask the registry for the last published version
                           (nothing in the folder can switch the network on; token only from your
                           own ~/.npmrc, for that registry)
  -j, --jobs N             worker threads for the file pass, besides the main thread
                           (default: one per core but one, or LEAKGUARD_JOBS); 0 analyses
                           in the main thread only

Examples:
  leakguard check                                  the packages under the current folder
  leakguard check packages/core --format github    annotations for a GitHub Actions job
  leakguard check --format sarif --output leakguard.sarif
  leakguard check --fix                            apply the safe fixes, list the rest
  leakguard check --rule publish-dev-artifacts=off --fail-on warning
`,
  pack: `Usage: leakguard pack FILE.tgz|FILE.vsix [options]

Reads the archive in memory (no extraction) and runs every rule on its contents.
Options: --format, --config, --fail-on, --rule, --quiet, --output, --registry-check, as for check, and
      --max-unpacked-size SIZE   refuse archives that unpack to more (default ${formatBytes(DEFAULT_ARCHIVE_LIMITS.maxTotalBytes)};
                                 e.g. 2GiB, 300MB; one entry at most ${formatBytes(DEFAULT_ARCHIVE_LIMITS.maxEntryBytes)}, ${DEFAULT_ARCHIVE_LIMITS.maxEntries} entries)
Without --config, the team's .leakguardrc.json is looked up from the current folder (up to the
repository root), then from the archive's folder; the one used is named on stderr.

Examples:
  npm pack && leakguard pack my-lib-1.0.0.tgz
  vsce package && leakguard pack my-ext-1.0.0.vsix --format sarif --output leakguard.sarif
`,
  explain: `Usage: leakguard explain PATH

Says why PATH is or is not in the publish set of the package that contains it:
the "files" entry, the ignore file and line, or the npm/vsce default that decides it.
A PATH that does not exist yet (build output such as out/extension.js.map) is answered
as "would ship if built" / "would not ship if built", by the packer's own rules.
`,
  baseline: `Usage: leakguard baseline [PATH] [--prune] [--config FILE]

Writes .leakguard-baseline.json (or the file named by "baseline" in .leakguardrc.json): the
fingerprints (rule + path + content, no line numbers) of the current findings under PATH. Matching
findings are then reported as info, even after an edit moves them to another line.
  --prune   only remove entries whose findings are gone; accept nothing new
`,
  diff: DIFF_HELP,
  ls: LS_HELP,
  audit: AUDIT_HELP,
  init: `Usage: leakguard init [PATH] [--yes]

Writes a starter .leakguardrc.json (internal scopes detected from .npmrc and package names)
and a guard that runs after every build step of the publish lifecycle: first in "postpack"
(npm publish runs prepublishOnly, prepack, prepare, postpack, then uploads) or last in
"vscode:prepublish" (extensions). A guard an older init put before the build is moved.
Shows what it will change and asks first unless --yes.

Example:
  leakguard init --yes && npm publish --dry-run
`,
};

/** Runs the CLI; returns the exit code. Never throws. */
export async function runCli(argv: string[], rawIo: CliIo, deps: CliDeps): Promise<number> {
  // Everything printed passes one filter: URL credentials redacted, control characters escaped (issue #15 items 3, 10).
  const io: CliIo = { ...rawIo, stdout: (s) => rawIo.stdout(terminalSafe(s)), stderr: (s) => rawIo.stderr(terminalSafe(s)) };
  try {
    return await dispatch(argv, io, deps);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`leakguard: ${e.message}\n`);
      return 2;
    }
    io.stderr(`leakguard: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

async function dispatch(argv: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    io.stdout(HELP[rest[0] ?? 'main'] ?? HELP.main);
    return command ? 0 : argv.length === 0 ? 2 : 0;
  }
  if (command === '-v' || command === '--version') {
    io.stdout(`${deps.version}\n`);
    return 0;
  }
  if (!(command in HELP) || command === 'main') throw new UsageError(`unknown command "${command}". Run "leakguard --help".`);
  if (rest.includes('-h') || rest.includes('--help')) {
    io.stdout(HELP[command]);
    return 0;
  }
  switch (command) {
    case 'check':
      return check(rest, io, deps);
    case 'pack':
      return pack(rest, io, deps);
    case 'explain':
      return explain(rest, io);
    case 'init':
      return runInit(rest, io, deps);
    case 'baseline':
      return baselineCommand(rest, io, deps);
    case 'diff':
      return runDiff(rest, io);
    case 'ls':
      return runLs(rest, io, (m) => new UsageError(m));
    case 'audit':
      return runAudit(rest, io, deps);
  }
  return 2;
}

interface CommonOptions {
  format: FormatName;
  config?: string;
  failOn: Severity | 'never';
  overrides: Map<string, SeveritySetting>;
  maxWarnings?: number;
  quiet: boolean;
  fix: boolean;
  /** `--fix-type suggestion`: also apply each finding's first suggestion. */
  fixSuggestions: boolean;
  /** `--output FILE`: where the report goes (stdout when absent). */
  output?: string;
  /** `--registry-check`: the only way `check`/`pack` may contact a registry (issue #15). */
  registryCheck: boolean;
  /** `--jobs`: worker threads for the file pass (undefined: LEAKGUARD_JOBS, else one per core). */
  jobs?: number;
  paths: string[];
}

function parseCommon(args: string[], deps: CliDeps, allowFix: boolean): CommonOptions {
  const parsed = parseCommandLine(args, {
        format: { type: 'string', short: 'f' },
        config: { type: 'string', short: 'c' },
        'fail-on': { type: 'string' },
        rule: { type: 'string', multiple: true },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        fix: { type: 'boolean' },
        'fix-type': { type: 'string' },
        output: { type: 'string', short: 'o' },
        'registry-check': { type: 'boolean' },
        jobs: { type: 'string', short: 'j' },
      });
  const v = parsed.values;
  const format = v.format ?? 'text';
  if (!isFormatName(format)) throw new UsageError(`--format must be ${FORMAT_NAMES.slice(0, -1).join(', ')} or ${FORMAT_NAMES[FORMAT_NAMES.length - 1]} (got "${v.format}").`);
  const failOn = (v['fail-on'] ?? 'error') as CommonOptions['failOn'];
  if (!['error', 'warning', 'info', 'hint', 'never'].includes(failOn)) throw new UsageError(`--fail-on must be error, warning, info or never (got "${failOn}").`);
  const overrides = new Map<string, SeveritySetting>();
  const ids = new Set(deps.rules.map((r) => r.meta.id));
  for (const r of v.rule ?? []) {
    const m = /^([a-z0-9-]+)=(\w+)$/.exec(r);
    const sev = m ? parseSeverity(m[2]) : undefined;
    if (!m || !sev) throw new UsageError(`--rule expects RULE=off|error|warning|info|hint (got "${r}").`);
    if (!ids.has(m[1])) throw new UsageError(`--rule: unknown rule "${m[1]}".${didYouMean(m[1], ids)}`);
    overrides.set(m[1], sev.severity);
  }
  let maxWarnings: number | undefined;
  if (v['max-warnings'] !== undefined) {
    maxWarnings = Number(v['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings expects a whole number (got "${v['max-warnings']}").`);
  }
  if (v.fix && !allowFix) throw new UsageError('--fix is only for "leakguard check".');
  const fixType = v['fix-type'];
  if (fixType !== undefined) {
    if (!allowFix) throw new UsageError('--fix-type is only for "leakguard check --fix".');
    if (fixType !== 'safe' && fixType !== 'suggestion') throw new UsageError(`--fix-type must be safe or suggestion (got "${fixType}").`);
    if (!v.fix) throw new UsageError('--fix-type goes with --fix: "leakguard check --fix --fix-type suggestion".');
  }
  if (v.output !== undefined && !v.output.trim()) throw new UsageError('--output expects a file name.');
  if (v.jobs !== undefined && !allowFix) throw new UsageError('--jobs is only for "leakguard check".');
  let jobs: number | undefined;
  if (v.jobs !== undefined) {
    jobs = Number(v.jobs);
    if (!/^\d+$/.test(v.jobs) || jobs > 256) throw new UsageError(`--jobs expects a whole number from 0 to 256 (got "${v.jobs}").`);
  }
  return { format, config: v.config, failOn, overrides, maxWarnings, quiet: !!v.quiet, fix: !!v.fix, fixSuggestions: fixType === 'suggestion', output: v.output, registryCheck: !!v['registry-check'], jobs, paths: parsed.positionals };
}

async function check(args: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const opts = parseCommon(args, deps, true);
  const paths = opts.paths.length ? opts.paths : ['.'];
  // Synchronous disk access: nothing else runs on the CLI's thread while it reads (issue #20).
  const diskFs = new SyncDiskFileSystem();
  if (opts.config) {
    const cfg = path.resolve(io.cwd, opts.config);
    if (!fs.existsSync(cfg)) throw new UsageError(`--config: ${opts.config} does not exist.`);
  }
  const filePass = filePassOption(opts.jobs, io, deps);
  try {
    return await checkPaths(paths, opts, io, deps, diskFs, filePass);
  } finally {
    filePass.dispose();
  }
}

/** Files below this count (and size) in a run with the default `--jobs` are not worth starting workers for. */
const AUTO_WORKERS_AFTER_FILES = 200;
const AUTO_WORKERS_AFTER_BYTES = 4 * 1024 * 1024;

/**
 * The file pass on worker threads (issue #20): `--jobs N` or LEAKGUARD_JOBS workers, else one per
 * core but one (the main thread takes files too once it has walked the tree, see `help`). With the
 * default, the first files of a run wait, and workers start only once the tree is big enough to
 * repay their start-up (~150 ms each; a smaller tree's files are analysed by the main thread); an
 * explicit count starts them at once. Only for the disk (the workers read files themselves).
 */
interface FilePassOptions {
  option: AnalyzeOptions['filePass'];
  help: AnalyzeOptions['filePassHelp'];
  threads?: number;
  reclaim?: AnalyzeOptions['filePassReclaim'];
  expect?: AnalyzeOptions['filePassExpect'];
}

function filePassOption(jobsFlag: number | undefined, io: CliIo, deps: CliDeps): FilePassOptions & { dispose: () => void } {
  const env = io.env.LEAKGUARD_JOBS;
  let jobs = jobsFlag;
  if (jobs === undefined && env !== undefined && env !== '') {
    if (!/^\d+$/.test(env) || Number(env) > 256) throw new UsageError(`LEAKGUARD_JOBS expects a whole number from 0 to 256 (got "${env}").`);
    jobs = Number(env);
  }
  const explicit = jobs !== undefined;
  // The main thread works too once it has walked the tree (FilePassPool.help): one worker per other core.
  const size = jobs ?? availableParallelism() - 1;
  if (!deps.workerScript || size === 0) return { option: undefined, help: undefined, dispose: () => deps.discardWorker?.() };
  let pool: FilePassPool | undefined;
  let files = 0;
  let bytes = 0;
  // With the default count, the first files wait here until the tree proves big enough to repay a
  // worker's start-up; a small tree's files are then analysed by the main thread (help), never by a worker.
  const held: QueuedJob[] = [];
  const startPool = (): FilePassPool => {
    const started = new FilePassPool(deps.workerScript!, size, (m) => io.stderr(`leakguard: ${m}\n`), deps.takeWorker);
    pool = started;
    return started;
  };
  const flushHeld = (to: FilePassPool): void => {
    for (const h of held.splice(0)) void to.run(h.job).then(h.resolve);
  };
  // A unit about to be scanned with enough bytes (a 60 MB map alone) starts the workers at once:
  // they take its first files while this thread runs the unit rules.
  let expected = 0;
  const expect: AnalyzeOptions['filePassExpect'] = (unitBytes) => {
    expected += unitBytes;
    if (!pool && !explicit && expected >= AUTO_WORKERS_AFTER_BYTES) flushHeld(startPool());
  };
  const option: AnalyzeOptions['filePass'] = (job) => {
    // A 60 MB map stays in the main thread, which has just parsed it for the unit rules and collects
    // it right after: in a worker it would add a second heap (+30 MB measured on 59.8 MB), and two
    // at once would break the 400 MB bar.
    // (A part of its embedded sources is another matter: see runShippedFile.)
    if (job.file.size >= LARGE_TEXT_BYTES && !job.embedded) return Promise.resolve(undefined);
    if (!pool) {
      files++;
      bytes += job.file.size;
      if (!explicit && files <= AUTO_WORKERS_AFTER_FILES && bytes < AUTO_WORKERS_AFTER_BYTES) return new Promise((resolve) => held.push({ job, resolve }));
      const started = startPool();
      // A part of a map's sources goes first: this thread is scanning the part before it meanwhile.
      const first = job.embedded ? started.run(job) : undefined;
      flushHeld(started);
      if (first) return first;
      return started.run(job);
    }
    return pool.run(job);
  };
  // Once the main thread has walked every unit it takes the files still waiting: held ones, then the workers' queue.
  const help: AnalyzeOptions['filePassHelp'] = async (runHere) => {
    await runQueued(held, runHere);
    await pool?.help(runHere);
  };
  const reclaim: AnalyzeOptions['filePassReclaim'] = (job) => {
    const i = held.findIndex((h) => h.job === job);
    if (i >= 0) {
      held.splice(i, 1)[0].resolve(undefined);
      return true;
    }
    return pool?.reclaim(job) ?? false;
  };
  return {
    option,
    help,
    threads: size,
    reclaim,
    expect,
    dispose: () => {
      pool?.dispose();
      deps.discardWorker?.();
    },
  };
}

async function checkPaths(paths: string[], opts: CommonOptions, io: CliIo, deps: CliDeps, diskFs: DiskFileSystem, pass: FilePassOptions): Promise<number> {
  const filePass = pass.option;
  const filePassHelp = pass.help;
  const filePassThreads = pass.threads;
  const filePassReclaim = pass.reclaim;
  const filePassExpect = pass.expect;
  const results: Array<{ root: string; result: AnalysisResult }> = [];
  for (const p of paths) {
    const root = toPosix(path.resolve(io.cwd, p));
    let st: fs.Stats;
    try {
      st = fs.statSync(root);
    } catch {
      throw new UsageError(`${p}: no such folder.`);
    }
    if (!st.isDirectory()) throw new UsageError(`${p} is not a folder. "leakguard check" takes folders; use "leakguard pack" for .tgz/.vsix files.`);
    // Only --registry-check gives the opt-in rule publish-size-anomaly a registry (issue #15): a
    // .leakguardrc.json that enables the rule is not enough to open a socket.
    const registry = opts.registryCheck ? lazyRegistryHook(io.env, [root], (w) => io.stderr(`leakguard: ${w}\n`)) : undefined;
    const result = await analyzeFolder({ fs: diskFs, folder: root, rules: deps.rules, configFile: opts.config ? path.resolve(io.cwd, opts.config) : undefined, ruleOverrides: opts.overrides, registry, oneFindingPerFact: true, filePass, filePassHelp, filePassThreads, filePassReclaim, filePassExpect, skipSuggestionExcludes: !opts.fix });
    // No silent pass (#16): a CI job pointed at the wrong folder must not go green.
    if (result.units.length === 0 && (await discoverUnits(diskFs, root, { noUpward: true })).units.length === 0) throw new UsageError(`no package.json or extension manifest found under ${p} (nor pyproject.toml, setup.py, Dockerfile or compose file)`);
    if (opts.fix) {
      // `--fix-type suggestion` applies each finding's first suggestion too (the user asked for them).
      const fixable = (fs: Finding[]) => (opts.fixSuggestions ? fs.map((f) => (f.fix || f.suggestions.length === 0 ? f : { ...f, fix: f.suggestions[0] })) : fs);
      const changed = await applyFixesToDisk(fixable(result.findings), async () => fixable((await analyzeFolder({ fs: diskFs, folder: root, rules: deps.rules, configFile: opts.config ? path.resolve(io.cwd, opts.config) : undefined, ruleOverrides: opts.overrides, registry, oneFindingPerFact: true, filePass, filePassHelp, filePassThreads, filePassReclaim, filePassExpect })).findings), workspaceRoots(root, result.units.map((u) => u.unit)));
      for (const c of changed.applied) io.stderr(`fixed: ${relPosix(io.cwd, c.file)}: ${c.title}\n`);
      for (const s of changed.skipped) io.stderr(`not fixed: ${relPosix(io.cwd, s.file)}: ${s.reason}\n`);
      const after = changed.applied.length ? await analyzeFolder({ fs: diskFs, folder: root, rules: deps.rules, configFile: opts.config ? path.resolve(io.cwd, opts.config) : undefined, ruleOverrides: opts.overrides, registry, oneFindingPerFact: true, filePass, filePassHelp, filePassThreads, filePassReclaim, filePassExpect }) : result;
      io.stderr(fixSummary(changed.applied.length, after.findings, opts.fixSuggestions));
      results.push({ root, result: after });
    } else results.push({ root, result });
  }
  if (!opts.registryCheck) noteOfflineSizeRule(results.map((r) => r.result), opts.overrides, io);
  const configErrors = results.flatMap((r) => configProblems(r.result, r.root));
  return report(results, io, deps, opts, diskFs, configErrors.length > 0);
}

/** What `--fix` did and what is left: a silent --fix reads as "nothing to do" (issue #17). */
export function fixSummary(applied: number, remaining: readonly Finding[], suggestionsApplied: boolean): string {
  const withSuggestion = remaining.filter((f) => !f.fix && f.suggestions.length > 0).length;
  const withFix = remaining.filter((f) => f.fix).length;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const head = applied > 0 ? `leakguard: --fix applied ${plural(applied, 'fix')}${applied === 1 ? '' : ''}` : `leakguard: --fix changed nothing${remaining.length ? ' (no problem here has a safe fix)' : ''}`;
  const parts = [`${head}; ${plural(remaining.length, 'problem')} remain${remaining.length === 1 ? 's' : ''}`];
  if (withFix > 0) parts.push(`${withFix} with a fix that could not be applied (see "not fixed" above)`);
  if (withSuggestion > 0) {
    parts.push(
      suggestionsApplied
        ? `${withSuggestion} with suggestions that did not apply cleanly`
        : `${withSuggestion} only with suggestions (edits that need a look first): apply them with "leakguard check --fix --fix-type suggestion" or from the editor's quick fixes`,
    );
  }
  return parts.join('; ').replace(/fixs/g, 'fixes') + '.\n';
}

/** Says once on stderr that publish-size-anomaly is configured but stays offline without --registry-check. */
function noteOfflineSizeRule(results: AnalysisResult[], overrides: ReadonlyMap<string, SeveritySetting>, io: CliIo): void {
  const flag = overrides.get('publish-size-anomaly');
  const on = flag !== undefined ? flag !== 'off' : results.some((r) => r.units.some((u) => {
    const s = ruleSettingFor(u.config, 'publish-size-anomaly', undefined);
    return s !== undefined && s.severity !== 'off';
  }));
  if (on) io.stderr('leakguard: publish-size-anomaly is enabled in the configuration but asks a registry only with --registry-check; skipped.\n');
}

/**
 * Problems in configuration files (the config, what it extends, the baseline) and package.json files
 * that do not parse: exit status 2, "usage or configuration error" (issue #17: a malformed
 * package.json exited 1, as if it were a leak; npm cannot read it, so nothing about it is known).
 */
function configProblems(result: AnalysisResult, root: string): Finding[] {
  const files = new Set<string>();
  for (const u of result.units) {
    for (const f of u.config.files) files.add(f);
    files.add(baselinePath(u.config, root));
    if (u.unit.parseErrors.length > 0) files.add(u.unit.manifestPath);
  }
  return result.findings.filter((f) => f.ruleId === 'leakguard-config-invalid' && (f.file.endsWith('.leakguardrc.json') || files.has(f.file) || f.messageId === OUTSIDE_WORKSPACE));
}

async function baselineCommand(args: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const parsed = parseCommandLine(args, { prune: { type: 'boolean' }, config: { type: 'string', short: 'c' } });
  if (parsed.positionals.length > 1) throw new UsageError('baseline takes at most one PATH.');
  const p = parsed.positionals[0] ?? '.';
  const root = toPosix(path.resolve(io.cwd, p));
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`${p}: no such folder.`);
  const configFile = parsed.values.config ? path.resolve(io.cwd, parsed.values.config) : undefined;
  if (configFile && !fs.existsSync(configFile)) throw new UsageError(`--config: ${parsed.values.config} does not exist.`);
  const diskFs = new DiskFileSystem();
  const result = await analyzeFolder({ fs: diskFs, folder: root, rules: deps.rules, configFile, oneFindingPerFact: true, skipSuggestionExcludes: true });
  const problems = configProblems(result, root);
  if (problems.length > 0) {
    const opts: CommonOptions = { format: 'text', failOn: 'never', overrides: new Map(), quiet: false, fix: false, fixSuggestions: false, registryCheck: false, paths: [] };
    await report([{ root, result: { ...result, findings: problems } }], io, deps, opts, diskFs, true);
    io.stderr('leakguard: fix the configuration before writing a baseline.\n');
    return 2;
  }
  // One baseline file per distinct location (units may name their own); the folder's default otherwise.
  const groups = new Map<string, Finding[]>();
  for (const u of result.units) {
    const file = baselinePath(u.config, root);
    if (!groups.has(file)) groups.set(file, []);
  }
  if (groups.size === 0) groups.set(baselinePath({ baseline: undefined, baseDir: root }, root), []);
  for (const f of result.findings) {
    const u = result.units.find((a) => a.unit.root === f.unitRoot) ?? result.units[0];
    groups.get(u ? baselinePath(u.config, root) : [...groups.keys()][0])?.push(f);
  }
  for (const [file, findings] of groups) {
    // Never read or write a baseline outside the workspace, nor through a link (issue #15 items 2 and 4).
    const outside = await outsideWorkspace(file, root, result.units, diskFs);
    if (outside) {
      io.stderr(`leakguard: the baseline ${relPosix(io.cwd, file) || file} ${outside}; nothing written. Set "baseline" in .leakguardrc.json to a path inside the workspace.\n`);
      return 2;
    }
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    const previous: Baseline | undefined = text !== undefined ? parseBaseline(text).baseline : undefined;
    const next = createBaseline(findings, root, { previous, prune: !!parsed.values.prune, excludeRuleIds: new Set(['leakguard-config-invalid']) });
    const before = new Set(previous?.entries.map((e) => e.fingerprint) ?? []);
    const after = new Set(next.entries.map((e) => e.fingerprint));
    const added = [...after].filter((f) => !before.has(f)).length;
    const removed = [...before].filter((f) => !after.has(f)).length;
    const out = serializeBaseline(next);
    if (out !== text) writeFileInside(workspaceRoots(root, result.units.map((u) => u.unit)).find((r) => isInside(r, file)) ?? root, file, out);
    const total = next.entries.reduce((n, e) => n + e.count, 0);
    io.stdout(`${relPosix(io.cwd, file) || file}: ${total} accepted finding${total === 1 ? '' : 's'} (${added} added, ${removed} removed).\n`);
  }
  return 0;
}

/** `--max-unpacked-size SIZE` (pack only): bytes, with an optional KB/MB/GB (or KiB/MiB/GiB) unit; MiB without one. */
function takeMaxUnpacked(args: string[]): { rest: string[]; bytes?: number } {
  const rest: string[] = [];
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--max-unpacked-size') value = args[++i] ?? '';
    else if (a.startsWith('--max-unpacked-size=')) value = a.slice('--max-unpacked-size='.length);
    else rest.push(a);
  }
  if (value === undefined) return { rest };
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?$/i.exec(value.trim());
  const unit = (m?.[2] ?? 'mib').toLowerCase();
  const scale = unit === 'b' ? 1 : unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 ** 2 : 1024 ** 3;
  const bytes = m ? Math.floor(Number(m[1]) * scale) : NaN;
  if (!Number.isFinite(bytes) || bytes < 1) throw new UsageError(`--max-unpacked-size expects a size such as 2GiB or 300MB (got "${value}").`);
  return { rest, bytes };
}

async function pack(args0: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const { rest: args, bytes: maxUnpacked } = takeMaxUnpacked(args0);
  const opts = parseCommon(args, deps, false);
  if (opts.paths.length !== 1) throw new UsageError('pack takes exactly one FILE.tgz or FILE.vsix.');
  const file = path.resolve(io.cwd, opts.paths[0]);
  if (!fs.existsSync(file)) throw new UsageError(`${opts.paths[0]}: no such file.`);
  let archive;
  try {
    archive = await readArchive(file, maxUnpacked ? limitsWithTotal(maxUnpacked) : DEFAULT_ARCHIVE_LIMITS);
  } catch (e) {
    throw new UsageError(`${opts.paths[0]}: ${(e as Error).message}`);
  }
  const afs = new ArchiveFileSystem(archive);
  const { unit, publishSet } = archiveUnit(archive, afs);
  // The team's configuration applies to the artifact too (#16): --config, else from the current folder, else the archive's.
  const configFile = opts.config ? path.resolve(io.cwd, opts.config) : (findRepoConfig(io.cwd) ?? findRepoConfig(path.dirname(file)));
  if (opts.config && !fs.existsSync(configFile!)) throw new UsageError(`--config: ${opts.config} does not exist.`);
  io.stderr(`leakguard: configuration: ${configFile ? relPosix(io.cwd, configFile) || configFile : 'none found (built-in defaults)'}\n`);
  const result = await analyzeFolder({
    fs: afs,
    folder: afs.root,
    rules: deps.rules,
    units: [unit],
    publishSets: new Map([[unit.root, publishSet]]),
    configFile,
    configBaseDir: afs.root,
    ruleOverrides: opts.overrides,
    registry: opts.registryCheck ? lazyRegistryHook(io.env) : undefined,
    oneFindingPerFact: true,
    skipSuggestionExcludes: true,
  });
  return report([{ root: afs.root, result }], io, deps, opts, afs, false);
}

async function explain(args: string[], io: CliIo): Promise<number> {
  const positionals = args.filter((a) => !a.startsWith('-'));
  if (positionals.length !== 1) throw new UsageError('explain takes exactly one PATH.');
  const abs = toPosix(path.resolve(io.cwd, positionals[0]));
  const diskFs = new DiskFileSystem();
  // The units that contain the file: the nearest package.json above it, and every Python project or
  // image build context around it (#21). A path that does not exist yet (a build output such as
  // out/extension.js.map) is answered as "would ship if built".
  let dir = path.dirname(abs);
  while (!fs.existsSync(dir)) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const MANIFESTS = allPackagers().flatMap((p) => p.manifestNames.filter((n) => !n.includes('*')));
  let unitDir = dir;
  while (!MANIFESTS.some((m) => fs.existsSync(path.join(unitDir, m)))) {
    const parent = path.dirname(unitDir);
    if (parent === unitDir) throw new UsageError(`${positionals[0]} is not inside an npm package (no package.json above it), a Python project or a container build context.`);
    unitDir = parent;
  }
  // Scan from the repository's top (workspace roots for npm; the repository for build contexts named by a compose file).
  const top = findTopFolder(unitDir);
  const { units } = await discoverUnits(diskFs, top, { units: { include: ['**'] } });
  const containing = units.filter((u) => isInside(u.root, abs));
  const nearestNpm = unitsForPath(containing.filter((u) => u.manifestPath.endsWith('/package.json')), abs).slice(0, 1);
  const chosen = [...nearestNpm, ...containing.filter((u) => !u.manifestPath.endsWith('/package.json'))];
  if (chosen.length === 0) throw new UsageError(`cannot read the package at ${unitDir}.`);
  for (const unit of chosen) {
    const rel = relPosix(unit.root, abs);
    const ex = await explainPath(diskFs, unit, rel);
    const verdict = ex.hypothetical ? (ex.included ? 'would ship if built' : 'would not ship if built') : ex.included ? 'PUBLISHED' : 'not published';
    const which = unit.manifestPath.endsWith('/package.json') ? unit.name ?? relPosix(io.cwd, unit.root) : `${unit.name ?? relPosix(io.cwd, unit.root)}, ${packagerFor(unit).label} from ${relPosix(io.cwd, unit.manifestPath)}`;
    io.stdout(`${rel} (${which}): ${verdict}\n  ${describeExplanation(ex, unit.root)}\n`);
  }
  return 0;
}

/**
 * The nearest .leakguardrc.json in `dir` or above it, up to the repository root (a folder with
 * `.git`) when there is one, else in `dir` only.
 */
function findRepoConfig(dir: string): string | undefined {
  let cur = path.resolve(dir);
  const found: string[] = [];
  for (let i = 0; i < 64; i++) {
    const candidate = path.join(cur, '.leakguardrc.json');
    if (found.length === 0 && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) found.push(candidate);
    if (fs.existsSync(path.join(cur, '.git'))) return found[0];
    const parent = path.dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  // No repository above: only the folder itself counts.
  const own = path.join(path.resolve(dir), '.leakguardrc.json');
  return fs.existsSync(own) && fs.statSync(own).isFile() ? own : undefined;
}

function findTopFolder(dir: string): string {
  // Walk up while parents are workspace roots (package.json with "workspaces"), so nested ignore files apply.
  let top = dir;
  let cur = path.dirname(dir);
  for (let i = 0; i < 8; i++) {
    const pj = path.join(cur, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        if (/"workspaces"\s*:/.test(fs.readFileSync(pj, 'utf8'))) top = cur;
      } catch {
        // unreadable: stop here
      }
    }
    const parent = path.dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  return toPosix(top);
}

async function report(results: Array<{ root: string; result: AnalysisResult }>, io: CliIo, deps: CliDeps, opts: CommonOptions, fsys: FileSystem, configError: boolean): Promise<number> {
  if (!opts.output) return writeReport(results, io, deps, opts, fsys, configError);
  // --output FILE: the report goes to the file (whole, or not at all); messages stay on stderr.
  const target = path.resolve(io.cwd, opts.output);
  if (!fs.existsSync(path.dirname(target))) throw new UsageError(`--output: the folder of ${opts.output} does not exist.`);
  let text = '';
  const code = await writeReport(results, { ...io, stdout: (s) => (text += s), isTTY: false }, deps, opts, fsys, configError);
  try {
    // The user named this file on the command line: written in its folder, never through a link.
    writeAtomic(target, text, path.dirname(target));
  } catch (e) {
    throw new UsageError(`--output: cannot write ${opts.output} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  return code;
}

async function writeReport(results: Array<{ root: string; result: AnalysisResult }>, io: CliIo, deps: CliDeps, opts: CommonOptions, fsys: FileSystem, configError: boolean): Promise<number> {
  // Positions need each file's text only up to the furthest offset a finding, fix or related
  // location names there: a 60 MB map with findings near its start is not read whole again (#20).
  const reach = new Map<string, number>();
  const needs = (file: string, end: number) => reach.set(file, Math.max(reach.get(file) ?? 0, end));
  for (const { result } of results) {
    for (const f of result.findings) {
      needs(f.file, Math.max(f.start, f.end));
      for (const r of f.related) needs(r.file, Math.max(r.start ?? 0, r.end ?? 0));
      for (const e of f.fix?.edits ?? []) needs(e.file, Infinity);
    }
  }
  const textCache = new Map<string, string | undefined>();
  const textOf = async (file: string) => {
    if (!textCache.has(file)) textCache.set(file, await positionText(fsys, file, reach.get(file) ?? Infinity));
    return textCache.get(file);
  };
  const items: Located[] = [];
  // Every format names files relative to where the user stands (issue #17: `check packages/core`
  // annotated the root package.json); an archive's entries stay relative to the archive.
  const archive = results.length === 1 && results[0].root.endsWith('!');
  const firstRoot = archive ? results[0].root : toPosix(path.resolve(io.cwd));
  for (const { root, result } of results) {
    for (const f of result.findings) {
      if (opts.quiet && f.severity !== 'error') continue;
      const text = await textOf(f.file);
      const s = pos(text, f.start);
      const e = pos(text, f.end);
      const relBase = root.endsWith('!') ? root : firstRoot;
      items.push({ finding: f, rel: relPosix(relBase, f.file.replace(/!$/, '')) || path.basename(f.file), line: s.line, column: s.column, endLine: e.line, endColumn: e.column });
    }
  }
  items.sort((a, b) => (a.finding.unitRoot ?? '').localeCompare(b.finding.unitRoot ?? '') || a.rel.localeCompare(b.rel) || a.line - b.line || a.column - b.column);
  const units = results.flatMap((r) => r.result.units.map((u) => ({ root: u.unit.root, name: u.unit.name, kind: u.unit.kind, tool: u.publishSet.tool, visibility: u.visibility, files: u.publishSet.files.length, bytes: u.publishSet.files.reduce((n, f) => n + f.size, 0), ...(u.unit.id && u.unit.id !== u.unit.root ? { id: u.unit.id, packager: packagerFor(u.unit).id, manifest: u.unit.manifestPath } : {}) })));
  const problems = results.flatMap((r) => r.result.problems);
  const skipped = results.flatMap((r) => (r.result.skipped ?? []).map((s) => ({ ...s, folder: relPosix(firstRoot, `${r.root}/${s.folder}`) || s.folder })));
  await FORMATTERS[opts.format].write({ items, root: firstRoot, units, problems, stats: results.map((r) => r.result.stats), skipped, textOf }, io, deps);
  if (configError) return 2;
  const rank = (s: Severity | 'never') => (s === 'error' ? 4 : s === 'warning' ? 3 : s === 'info' ? 2 : s === 'hint' ? 1 : 99);
  const failing = items.some((i) => rank(i.finding.severity) >= rank(opts.failOn));
  const warnings = items.filter((i) => i.finding.severity === 'warning').length;
  if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
    if (FORMATTERS[opts.format].notesOnStderr) io.stderr(`leakguard: ${warnings} warnings exceed --max-warnings ${opts.maxWarnings}.\n`);
    return 1;
  }
  return failing ? 1 : 0;
}

/** Below this size a file is read whole for positions; above, only the prefix the offsets need. */
const PREFIX_READ_FROM = 1024 * 1024;

/**
 * The text of `file` for line and column numbers up to offset `upTo`: the whole file, or (for a big
 * file whose offsets are near its start) a decoded prefix that holds every offset up to `upTo`. A
 * UTF-16 offset needs at most 3 bytes per unit; a prefix that still decodes too short is replaced
 * by the whole text.
 */
async function positionText(fsys: FileSystem, file: string, upTo: number): Promise<string | undefined> {
  const st = await fsys.stat(file);
  if (!st || st.size >= 200_000_000) return undefined;
  if (st.size >= PREFIX_READ_FROM && Number.isFinite(upTo) && fsys.readPrefix && 3 * upTo + 4 < st.size) {
    const buf = await fsys.readPrefix(file, 3 * upTo + 4);
    if (buf && !looksBinary(buf)) {
      const text = decodeText(buf);
      if (text.length > upTo) return text;
    }
  }
  return fsys.readText(file);
}

function pos(text: string | undefined, offset: number): { line: number; column: number } {
  if (text === undefined || offset <= 0) return { line: 1, column: 1 };
  let line = 1;
  let last = -1;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: end - last };
}

export type { Finding };
