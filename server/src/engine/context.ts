/**
 * What a rule sees. Rules never touch the disk or LSP types: they read through these contexts,
 * which the runner builds over the engine's virtual file system (disk for the CLI, disk plus open
 * documents for the server).
 */
import type { ParsedMap } from './sourcemap/parse';
import type { Node as JsonNode, JSONPath } from 'jsonc-parser';
import type { Fix, Report, RuleMeta, Severity } from './types';
import type { ExcludeRequest } from './publish/exclude-kit';
import type { PackagingUnit } from './unit';
import type { PathExplanation, PublishSet } from './publish/types';
import type { ResolvedConfig } from './config';
import type { RegistryHook } from './registry/client';

/** 'unknown' when neither signal is clear: rules then keep their default severity. */
export type Visibility = 'proprietary' | 'open-source' | 'unknown';

interface BaseContext {
  /** The configuration in force for this file or unit. */
  config: ResolvedConfig;
  /** The options object of the rule being run (`["warning", { ... }]`), `{}` when none. */
  options: Record<string, unknown>;
  /** The visibility policy after `auto` was resolved. */
  visibility: Visibility;
  /** The workspace folder (or CLI path) being analysed. */
  workspaceRoot: string;
  report(report: Report): void;
}

export interface UnitRuleContext extends BaseContext {
  unit: PackagingUnit;
  /** The files the unit would publish, each with the reason it ships. */
  publishSet: PublishSet;
  /** Reads a file's text through the engine's file system (open documents win). `undefined` when absent or binary. */
  readText(absPath: string): Promise<string | undefined>;
  /** Reads a file's bytes the same way; optional for hand-made contexts. */
  readFile?(absPath: string): Promise<Buffer | undefined>;
  /** True when a file or folder exists. */
  exists(absPath: string): Promise<boolean>;
  /** Names of the regular files in a folder (empty when absent); optional for hand-made contexts. */
  listFiles?(absPath: string): Promise<string[]>;
  /** Offsets of the value (or property, with `{ property: true }`) at a JSON path of the manifest; `undefined` when absent. */
  manifestRange(path: JSONPath, opts?: { property?: boolean }): { start: number; end: number } | undefined;
  /**
   * The one way to keep files out of the publish set (issue #17): the unit's packager writes the
   * edit (npm `files`/`.npmignore`, vsce `.vscodeignore`/`files`) and the publish set is recomputed
   * with it applied. Undefined when no edit removes the paths while every entry point keeps shipping.
   */
  exclude(req: ExcludeRequest): Promise<Fix | undefined>;
  /** Lazily computed per-run facts shared between rules (e.g. parsed maps), keyed by name. */
  shared<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /**
   * Told of each large shipped map as soon as it is parsed (the sourcemap rules' shared parse): the
   * runner may start the file pass of its embedded sources in other threads there and then.
   * Optional for hand-made contexts.
   */
  largeMapParsed?(absPath: string, map: ParsedMap): void;
  /**
   * Published versions from a registry: set only when the caller passed `AnalyzeOptions.registry`
   * (the CLI does; the language server never does). Only the opt-in rule publish-size-anomaly uses it.
   */
  registry?: RegistryHook;
  /**
   * For paths relative to the unit's pack root (or absolute): do they ship, or would they ship if a
   * build wrote them (`hypothetical`)? Asks the unit's packager (npm-packlist, vsce). `undefined`
   * when the set was not computed from a folder (an archive). Issue #23.
   */
  wouldShip?(paths: readonly string[]): Promise<PathExplanation[] | undefined>;
}

export interface FileRuleContext extends BaseContext {
  /** Absolute path of the file; for embedded sources, the map file. */
  path: string;
  text: string;
  /** Path relative to the unit (or workspace) root, `/` separators; for embedded sources, `sources[i]`. */
  relPath: string;
  /** The unit the file belongs to, when any. */
  unit?: PackagingUnit;
  /** True when the file is in a publish set (or is an embedded source of a shipped map). */
  shipped: boolean;
  /** Set while scanning text embedded in a source map. */
  embedded?: { mapFile: string; mapIndex: number; sourceIndex: number; source: string };
  /** Parsed JSON tree when the file is JSON/JSONC and parsed, else `undefined`. */
  json(): JsonNode | undefined;
  /**
   * Reads another file's text through the engine's file system (open documents win), for fixes
   * that edit a different file (e.g. `allowPrompts` in `.leakguardrc.json`); not for analysis.
   * Absent when the caller has no file system.
   */
  readText?(absPath: string): Promise<string | undefined>;
}

export type RuleContext = UnitRuleContext | FileRuleContext;

/** Severity helper used by rules that pick a level per report. */
export function bump(severity: Severity, by: 1 | -1): Severity {
  const order: Severity[] = ['hint', 'info', 'warning', 'error'];
  const i = Math.max(0, Math.min(order.length - 1, order.indexOf(severity) + by));
  return order[i];
}

/** A rule about a packaging unit as a whole (its manifest, ignore files, publish set). */
export interface UnitRule {
  meta: RuleMeta;
  kind: 'unit';
  check(ctx: UnitRuleContext): void | Promise<void>;
}

/**
 * A rule about the text of one file: run on open documents, on every text file of every publish
 * set and on every source embedded in a shipped source map.
 */
export interface FileRule {
  meta: RuleMeta;
  kind: 'file';
  /** Cheap filter on the path, e.g. only JS-like files. Default: every text file. */
  appliesTo?(path: string): boolean;
  check(ctx: FileRuleContext): void | Promise<void>;
}

export type Rule = UnitRule | FileRule;
