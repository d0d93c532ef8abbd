/**
 * Team configuration: `.leakguardrc.json` (JSON with comments) found in the package root or above
 * it up to the workspace folder; `--config` overrides. See DESIGN.md for the format.
 */
import * as path from 'node:path';
import { parseTree, getNodeValue, findNodeAtLocation, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { minimatch } from 'minimatch';
import type { FileSystem } from './fs';
import type { Severity, SeveritySetting } from './types';
import { SEVERITIES } from './types';
import { toPosix, isInside } from './paths';

export const CONFIG_FILE_NAME = '.leakguardrc.json';

export interface RuleSetting {
  severity: SeveritySetting;
  options: Record<string, unknown>;
}

export interface DenyEntry {
  /** Plain term or regex source; absent for hashed entries. */
  pattern?: string;
  regex?: boolean;
  caseSensitive?: boolean;
  /** Hex sha256 of the lower-cased term. */
  sha256?: string;
  kind: 'codename' | 'flag' | 'term';
}

export interface ConfigOverride {
  files: string[];
  rules: Map<string, RuleSetting>;
}

/** A problem in a configuration file, at an offset of that file. */
export interface ConfigProblem {
  file: string;
  start: number;
  end: number;
  message: string;
}

export interface ResolvedConfig {
  rules: Map<string, RuleSetting>;
  overrides: ConfigOverride[];
  /** Globs relative to the config's folder; matching files get no findings. */
  ignore: string[];
  visibility: 'auto' | 'proprietary' | 'open-source';
  internalScopes: string[];
  internalDomains: string[];
  denyList: DenyEntry[];
  allowPrompts: string[];
  allowSourceMaps: 'never' | 'withoutSourcesContent' | 'always';
  locked: string[];
  baseline: string | undefined;
  /** Unreleased feature-flag key patterns (regex sources). */
  unreleasedFlagPatterns: string[];
  /** Agent instruction files that ship on purpose (globs). */
  intentionalAgentFiles: string[];
  /** Folder the config was found in (globs are relative to it); the unit root when none was found. */
  baseDir: string;
  /** Config files that contributed, nearest last. */
  files: string[];
  problems: ConfigProblem[];
  /** False in untrusted workspaces: config-supplied regexes are not used. */
  trusted: boolean;
}

export function defaultConfig(baseDir: string): ResolvedConfig {
  return {
    rules: new Map(),
    overrides: [],
    ignore: [],
    visibility: 'auto',
    internalScopes: [],
    internalDomains: [],
    denyList: [],
    allowPrompts: [],
    allowSourceMaps: 'never',
    locked: [],
    baseline: undefined,
    unreleasedFlagPatterns: [],
    intentionalAgentFiles: [],
    baseDir: toPosix(baseDir),
    files: [],
    problems: [],
    trusted: true,
  };
}

export interface LoadConfigOptions {
  /** Explicit config file (`--config`); skips discovery. */
  configFile?: string;
  /** Known rule ids, to report unknown ones. */
  ruleIds: ReadonlySet<string>;
  trusted?: boolean;
}

/** Finds the nearest `.leakguardrc.json` from `dir` up to `stopAt` (inclusive). */
export async function findConfigFile(fs: FileSystem, dir: string, stopAt: string): Promise<string | undefined> {
  let cur = path.resolve(dir);
  const stop = path.resolve(stopAt);
  for (;;) {
    const candidate = path.join(cur, CONFIG_FILE_NAME);
    const st = await fs.stat(candidate);
    if (st?.isFile) return toPosix(candidate);
    if (cur === stop || !isInside(stop, cur)) return undefined;
    const parent = path.dirname(cur);
    if (parent === cur) return undefined;
    cur = parent;
  }
}

/** Loads the configuration in force for a unit (or file) in `dir`, never throwing: problems are collected. */
export async function loadConfig(fs: FileSystem, dir: string, workspaceRoot: string, opts: LoadConfigOptions): Promise<ResolvedConfig> {
  const file = opts.configFile ? toPosix(path.resolve(opts.configFile)) : await findConfigFile(fs, dir, workspaceRoot);
  const config = defaultConfig(file ? path.dirname(file) : dir);
  config.trusted = opts.trusted ?? true;
  if (!file) return config;
  const text = await fs.readText(file);
  config.files.push(file);
  if (text === undefined) {
    config.problems.push({ file, start: 0, end: 0, message: `Cannot read ${CONFIG_FILE_NAME}.` });
    return config;
  }
  applyConfigText(config, file, text, opts.ruleIds);
  return config;
}

/** Parses one config file's text into `config`, recording problems at exact offsets. */
export function applyConfigText(config: ResolvedConfig, file: string, text: string, ruleIds: ReadonlySet<string>): void {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true });
  for (const e of errors) {
    config.problems.push({ file, start: e.offset, end: e.offset + Math.max(1, e.length), message: `Invalid JSON: ${printParseErrorCode(e.error)}.` });
  }
  if (!tree || tree.type !== 'object') {
    if (errors.length === 0) config.problems.push({ file, start: 0, end: Math.min(1, text.length), message: 'The configuration must be a JSON object.' });
    return;
  }
  const problem = (node: JsonNode | undefined, message: string) =>
    config.problems.push({ file, start: node?.offset ?? 0, end: (node?.offset ?? 0) + (node?.length ?? 0), message });
  const stringArray = (key: string): string[] | undefined => {
    const node = findNodeAtLocation(tree, [key]);
    if (!node) return undefined;
    const value = getNodeValue(node);
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      problem(node, `"${key}" must be an array of strings.`);
      return undefined;
    }
    return value as string[];
  };

  const rulesNode = findNodeAtLocation(tree, ['rules']);
  if (rulesNode) {
    const rules = parseRules(rulesNode, ruleIds, problem);
    for (const [id, setting] of rules) config.rules.set(id, setting);
  }
  const overridesNode = findNodeAtLocation(tree, ['overrides']);
  if (overridesNode) {
    if (overridesNode.type !== 'array') problem(overridesNode, '"overrides" must be an array.');
    else
      for (const item of overridesNode.children ?? []) {
        const filesNode = findNodeAtLocation(item, ['files']);
        const files = filesNode ? getNodeValue(filesNode) : undefined;
        const list = typeof files === 'string' ? [files] : Array.isArray(files) ? files.filter((f) => typeof f === 'string') : undefined;
        if (!list || list.length === 0) {
          problem(filesNode ?? item, 'Each override needs "files": a glob or an array of globs.');
          continue;
        }
        const ruleNode = findNodeAtLocation(item, ['rules']);
        config.overrides.push({ files: list, rules: ruleNode ? parseRules(ruleNode, ruleIds, problem) : new Map() });
      }
  }
  const ignore = stringArray('ignore');
  if (ignore) config.ignore.push(...ignore);
  for (const key of ['internalScopes', 'internalDomains', 'allowPrompts', 'locked', 'unreleasedFlagPatterns', 'intentionalAgentFiles'] as const) {
    const list = stringArray(key);
    if (list) (config[key] as string[]).push(...list);
  }
  for (const id of config.locked) {
    if (!ruleIds.has(id)) problem(findNodeAtLocation(tree, ['locked']), `Unknown rule "${id}" in "locked".`);
  }
  const vis = findNodeAtLocation(tree, ['visibility']);
  if (vis) {
    const v = getNodeValue(vis);
    if (v === 'auto' || v === 'proprietary' || v === 'open-source') config.visibility = v;
    else problem(vis, '"visibility" must be "auto", "proprietary" or "open-source".');
  }
  const maps = findNodeAtLocation(tree, ['allowSourceMaps']);
  if (maps) {
    const v = getNodeValue(maps);
    if (v === 'never' || v === 'withoutSourcesContent' || v === 'always') config.allowSourceMaps = v;
    else problem(maps, '"allowSourceMaps" must be "never", "withoutSourcesContent" or "always".');
  }
  const baseline = findNodeAtLocation(tree, ['baseline']);
  if (baseline) {
    const v = getNodeValue(baseline);
    if (typeof v === 'string') config.baseline = v;
    else problem(baseline, '"baseline" must be a path.');
  }
  const deny = findNodeAtLocation(tree, ['denyList']);
  if (deny) {
    if (deny.type !== 'array') problem(deny, '"denyList" must be an array.');
    else
      for (const item of deny.children ?? []) {
        const v = getNodeValue(item);
        if (typeof v === 'string' && v.trim()) config.denyList.push({ pattern: v, kind: 'codename' });
        else if (v && typeof v === 'object' && !Array.isArray(v)) {
          const kind = v.kind === 'flag' || v.kind === 'term' ? v.kind : 'codename';
          if (typeof v.sha256 === 'string') {
            if (!/^[0-9a-f]{64}$/i.test(v.sha256)) problem(item, '"sha256" must be 64 hex digits (sha256 of the lower-cased term).');
            else config.denyList.push({ sha256: v.sha256.toLowerCase(), kind });
          } else if (typeof v.pattern === 'string' && v.pattern) {
            if (v.regex === true) {
              const err = regexProblem(v.pattern);
              if (err) {
                problem(findNodeAtLocation(item, ['pattern']) ?? item, err);
                continue;
              }
            }
            config.denyList.push({ pattern: v.pattern, regex: v.regex === true, caseSensitive: v.caseSensitive === true, kind });
          } else problem(item, 'A deny-list entry needs "pattern" or "sha256".');
        } else problem(item, 'A deny-list entry is a string or an object with "pattern" or "sha256".');
      }
  }
  const known = new Set([
    '$schema', 'extends', 'rules', 'overrides', 'ignore', 'visibility', 'internalScopes', 'internalDomains', 'denyList',
    'allowPrompts', 'allowSourceMaps', 'locked', 'baseline', 'unreleasedFlagPatterns', 'intentionalAgentFiles',
  ]);
  for (const prop of tree.children ?? []) {
    const key = prop.children?.[0];
    if (key && typeof key.value === 'string' && !known.has(key.value)) problem(key, `Unknown option "${key.value}".`);
  }
}

function parseRules(node: JsonNode, ruleIds: ReadonlySet<string>, problem: (n: JsonNode | undefined, m: string) => void): Map<string, RuleSetting> {
  const out = new Map<string, RuleSetting>();
  if (node.type !== 'object') {
    problem(node, '"rules" must be an object of rule id → severity.');
    return out;
  }
  for (const prop of node.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    const id = keyNode?.value as string;
    if (!ruleIds.has(id)) {
      problem(keyNode, `Unknown rule "${id}".`);
      continue;
    }
    const value = valueNode ? getNodeValue(valueNode) : undefined;
    const setting = parseSeverity(value);
    if (!setting) {
      problem(valueNode ?? keyNode, `Invalid setting for "${id}": use "off", ${SEVERITIES.map((s) => `"${s}"`).join(', ')} or ["<severity>", { options }].`);
      continue;
    }
    out.set(id, setting);
  }
  return out;
}

/** Parses `"warning"`, `"off"` or `["error", { ... }]`. */
export function parseSeverity(value: unknown): RuleSetting | undefined {
  const sev = (v: unknown): SeveritySetting | undefined =>
    v === 'off' || (typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v)) ? (v as SeveritySetting) : v === 'warn' ? 'warning' : undefined;
  if (Array.isArray(value)) {
    const s = sev(value[0]);
    const opts = value[1];
    if (!s || (opts !== undefined && (typeof opts !== 'object' || opts === null || Array.isArray(opts)))) return undefined;
    return { severity: s, options: (opts as Record<string, unknown>) ?? {} };
  }
  const s = sev(value);
  return s ? { severity: s, options: {} } : undefined;
}

/**
 * Rejects regexes that do not compile or that risk catastrophic backtracking (nested quantifiers
 * such as `(a+)+`), so a config cannot hang the editor.
 */
export function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source, 'u');
  } catch (e) {
    return `Invalid regular expression: ${(e as Error).message}`;
  }
  if (source.length > 500) return 'Regular expression longer than 500 characters.';
  // A quantified group that itself contains a quantifier: (a+)+, (a*)*, (a|a?)+, (\w+\s?)*
  if (/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/.test(source)) return 'Unsafe regular expression: a repeated group contains a quantifier (catastrophic backtracking).';
  if (/\\[1-9]/.test(source)) return 'Unsafe regular expression: back-references are not allowed.';
  return undefined;
}

/** The setting of a rule for a file: base rules, then matching overrides in order. */
export function ruleSettingFor(config: ResolvedConfig, ruleId: string, relPath: string | undefined): RuleSetting | undefined {
  let setting = config.rules.get(ruleId);
  if (relPath !== undefined) {
    for (const o of config.overrides) {
      if (o.files.some((g) => minimatch(relPath, g, { dot: true, matchBase: !g.includes('/') })) && o.rules.has(ruleId)) setting = o.rules.get(ruleId);
    }
  }
  return setting;
}

/**
 * True when a finding of `ruleId` on `relPath` (relative to the config's folder) is ignored:
 * an `ignore` entry is a glob (every rule) or `RULE:glob` (one rule; written by the editor's
 * "Ignore in .leakguardrc.json" action, since JSON has no comments).
 */
export function isIgnoredFor(config: ResolvedConfig, ruleId: string, relPath: string): boolean {
  return config.ignore.some((entry) => {
    const m = /^([a-z][a-z0-9-]*):(.+)$/.exec(entry);
    if (m && m[1] !== ruleId) return false;
    const g = m ? m[2] : entry;
    return minimatch(relPath, g, { dot: true, matchBase: !g.includes('/') });
  });
}

export type { Severity };
