/**
 * Build configuration reading for the config-* rules: which build config files a unit has, how the
 * publish scripts invoke them, and whether a build output folder would be published.
 */
import * as path from 'node:path';
import { minimatch } from '../safe/glob';
import type { PackagingUnit } from '../unit';
import type { PublishSet } from '../publish/types';
import { toPosix } from '../paths';
import { readJsConfig, type JsConfigFile } from './js-config';
import { publishCommands, scriptFile, configArgument, commandKind, buildCommands, readScripts, type ScriptCommand } from './scripts';
import { ciPublishScripts } from './ci-workflows';
import type { UnitRuleContext } from '../context';
import { bump } from '../context';
import type { Severity } from '../types';

export * from './tsconfig-reader';
export * from './js-config';
export * from './scripts';
export * from './defaults';
export * from './ci-workflows';

/** Most workflow files read per folder (a hostile repository may hold thousands). */
const MAX_WORKFLOWS = 50;

/**
 * The unit's build commands (issue #19): lifecycle scripts, scripts a CI workflow runs before its
 * publish command (`.github/workflows/*.yml`, `.gitlab-ci.yml` in the unit or workspace root),
 * and scripts named like builds. Shared per unit across rules.
 */
export async function unitBuildCommands(ctx: UnitRuleContext): Promise<ScriptCommand[]> {
  return ctx.shared(`build-commands:${ctx.unit.root}`, async () => {
    const workflows: Array<{ file: string; text: string }> = [];
    for (const dir of [...new Set([ctx.unit.root, ctx.workspaceRoot])]) {
      const wfDir = `${dir}/.github/workflows`;
      const names = ctx.listFiles ? (await ctx.listFiles(wfDir)).filter((n) => /\.ya?ml$/i.test(n)).sort().slice(0, MAX_WORKFLOWS) : [];
      for (const n of [...names.map((x) => `${wfDir}/${x}`), `${dir}/.gitlab-ci.yml`]) {
        const text = await ctx.readText(n);
        if (text !== undefined) workflows.push({ file: toPosix(path.relative(ctx.workspaceRoot, n)), text });
      }
    }
    const names = new Set(readScripts(ctx.unit.manifestText).keys());
    const ci = workflows.length ? ciPublishScripts(workflows, names).scripts : [];
    try {
      return buildCommands(ctx.unit.manifestText, ci);
    } catch {
      return [];
    }
  });
}

/** A finding's level for a command found only by its script's name: one lower (nothing shows it precedes a publish). */
export function commandLevel(cmd: ScriptCommand, level: Severity): Severity {
  return cmd.inferred === 'name' ? bump(level, -1) : level;
}

export type BuildTool = 'webpack' | 'rspack' | 'vite' | 'rollup' | 'rolldown' | 'tsup' | 'tsdown' | 'next' | 'vue' | 'angular' | 'script';

/** Config file names per tool, in the order the tools look them up. */
export const CONFIG_FILES: Record<Exclude<BuildTool, 'script'>, string[]> = {
  webpack: ['webpack.config.js', 'webpack.config.cjs', 'webpack.config.mjs', 'webpack.config.ts', 'webpack.config.cts', 'webpack.config.mts', 'webpack.prod.js', 'webpack.production.js'],
  rspack: ['rspack.config.js', 'rspack.config.cjs', 'rspack.config.mjs', 'rspack.config.ts'],
  vite: ['vite.config.js', 'vite.config.mjs', 'vite.config.cjs', 'vite.config.ts', 'vite.config.mts', 'vite.config.cts'],
  rollup: ['rollup.config.js', 'rollup.config.mjs', 'rollup.config.cjs', 'rollup.config.ts'],
  rolldown: ['rolldown.config.js', 'rolldown.config.mjs', 'rolldown.config.ts'],
  tsup: ['tsup.config.ts', 'tsup.config.js', 'tsup.config.cjs', 'tsup.config.mjs', 'tsup.config.cts', 'tsup.config.mts'],
  tsdown: ['tsdown.config.ts', 'tsdown.config.js', 'tsdown.config.mjs', 'tsdown.config.cjs', 'tsdown.config.mts'],
  next: ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs'],
  vue: ['vue.config.js', 'vue.config.cjs', 'vue.config.mjs', 'vue.config.ts'],
  angular: ['angular.json'],
};

/** Build scripts commonly run with node/bun that call esbuild or `Bun.build`. */
export const BUILD_SCRIPT_FILES = ['esbuild.js', 'esbuild.mjs', 'esbuild.cjs', 'esbuild.ts', 'esbuild.config.js', 'esbuild.config.mjs', 'esbuild.config.ts', 'build.js', 'build.mjs', 'build.cjs', 'build.ts', 'build.mts', 'scripts/build.js', 'scripts/build.mjs', 'scripts/build.ts', 'scripts/esbuild.js', 'scripts/esbuild.mjs'];

export interface BuildIo {
  readText(absPath: string): Promise<string | undefined>;
  /** A unit rule's per-unit memo (UnitRuleContext.shared): the seven config rules then read each candidate once. */
  shared?<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

/** A config or build script of a unit, read and evaluated for the build the publish scripts run. */
export interface LocatedConfig {
  tool: BuildTool;
  file: string;
  text: string;
  read: JsConfigFile;
  /** The publish-script command that uses this file, when one does. */
  command: ScriptCommand | undefined;
  /** False when the file is only used by non-publish scripts, or is a dev-only name (`webpack.dev.js`). */
  usedForPublish: boolean | undefined;
}

const DEV_NAME = /(^|[.\-_/])(dev|development|local|test|e2e|storybook|watch|serve)([.\-_]|$)/i;

/** True when a file name says it is a development-only config (`webpack.dev.js`, `vite.config.dev.ts`). */
export function isDevOnlyName(file: string): boolean {
  return DEV_NAME.test(path.basename(file).replace(/\.(c|m)?[jt]sx?$/, ''));
}

/** The `shared` key of the texts locateConfigs read for a unit. */
const CONFIG_TEXTS = 'build-config:texts';

/**
 * Finds and statically reads a unit's build configs of the given tools (default files plus files
 * named by `--config`/`-c` in publish scripts, and `node build.js`-style scripts for `script`).
 */
export async function locateConfigs(io: BuildIo, unit: PackagingUnit, tools: readonly BuildTool[]): Promise<LocatedConfig[]> {
  const out: LocatedConfig[] = [];
  const commands = safeCommands(unit.manifestText);
  const seen = new Set<string>();
  // Seven rules probe the same ~60 names per unit, most of them missing (issue #20: 7,000 failed
  // opens on a 40-package monorepo): each is read once per unit and analysis.
  const texts = io.shared ? await io.shared(CONFIG_TEXTS, async () => new Map<string, Promise<string | undefined>>()) : undefined;
  const readText = (abs: string): Promise<string | undefined> => {
    if (!texts) return io.readText(abs);
    let t = texts.get(abs);
    if (!t) texts.set(abs, (t = io.readText(abs)));
    return t;
  };
  const add = async (tool: BuildTool, file: string, command: ScriptCommand | undefined, usedForPublish: boolean | undefined) => {
    const abs = toPosix(path.resolve(unit.root, file));
    if (seen.has(abs)) return;
    const text = await readText(abs);
    if (text === undefined) return;
    seen.add(abs);
    const argv = command ? scriptFile(command)?.argv : undefined;
    const read = tool === 'angular' ? { parsed: true, problems: [], exports: [], calls: [] } : readJsConfig(text, abs, { argv, env: command?.env });
    out.push({ tool, file: abs, text, read, command, usedForPublish });
  };
  for (const cmd of commands) {
    const kind = commandKind(cmd);
    const tool = (['vite-build', 'vite-dev'].includes(kind) ? 'vite' : kind) as BuildTool;
    if (tools.includes(tool) && tool !== 'script') {
      const cfg = configArgument(cmd);
      if (cfg) await add(tool, cfg.text, cmd, true);
      else for (const f of CONFIG_FILES[tool as Exclude<BuildTool, 'script'>] ?? []) if (!isDevOnlyName(f)) await add(tool, f, cmd, true);
    }
    if (tools.includes('script') && kind === 'script') {
      const sf = scriptFile(cmd);
      if (sf) await add('script', sf.file.text, cmd, true);
    }
  }
  for (const tool of tools) {
    const names = tool === 'script' ? BUILD_SCRIPT_FILES : CONFIG_FILES[tool];
    for (const f of names) await add(tool, f, undefined, isDevOnlyName(f) ? false : undefined);
  }
  return out;
}

function safeCommands(manifestText: string): ScriptCommand[] {
  try {
    return publishCommands(manifestText);
  } catch {
    return [];
  }
}

export type Shipping = 'ships' | 'not-shipped' | 'unknown';

/**
 * Whether a build output folder (absolute) would be published: files already in the publish set
 * decide; before the first build, package.json `files` (or a `.vscodeignore`/`.npmignore`/`.gitignore`
 * line naming the folder) predicts it.
 */
export async function outputShips(io: BuildIo, unit: PackagingUnit, publishSet: PublishSet | undefined, outDirAbs: string): Promise<Shipping> {
  const base = unit.publishDirectory ?? unit.root;
  const rel = toPosix(path.relative(base, outDirAbs)).replace(/\/+$/, '');
  if (rel.startsWith('..') || path.isAbsolute(rel)) return 'not-shipped';
  if (unit.kind === 'private' && !unit.publishDirectory) return 'not-shipped';
  if (publishSet && publishSet.files.some((f) => rel === '' || f.path === rel || f.path.startsWith(rel + '/'))) return 'ships';
  const files = unit.manifest?.files;
  if (unit.kind !== 'vscode-extension' && Array.isArray(files)) {
    const entries = files.filter((x): x is string => typeof x === 'string');
    const positive = entries.filter((e) => !e.startsWith('!')).map((e) => e.replace(/^\.?\//, '').replace(/\/+$/, ''));
    const hit = positive.some((e) => e === rel || rel.startsWith(e + '/') || e.startsWith(rel + '/') || minimatch(rel, e, { dot: true }) || minimatch(rel + '/x.js', e, { dot: true }) || minimatch(rel + '/x.js', e + '/**', { dot: true }));
    return hit ? 'ships' : 'not-shipped';
  }
  const ignoreNames = unit.kind === 'vscode-extension' ? ['.vscodeignore'] : ['.npmignore', '.gitignore'];
  for (const name of ignoreNames) {
    const text = await io.readText(`${unit.root}/${name}`);
    if (text === undefined) continue;
    const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const top = rel.split('/')[0];
    const ignored = lines.some((l) => {
      const p = l.replace(/^\//, '').replace(/\/\*\*$/, '').replace(/\/+$/, '');
      return p === rel || p === top || p === `**/${top}` || p === '**' || p === '*';
    });
    const reincluded = lines.some((l) => l.startsWith('!') && l.slice(1).replace(/^\//, '').replace(/\/\*\*.*$/, '').replace(/\/+$/, '') === top);
    return ignored && !reincluded ? 'not-shipped' : 'ships';
  }
  return 'ships';
}
