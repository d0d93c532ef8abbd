/**
 * Team configuration: `.leakguardrc.json` (JSON with comments) found in the package root or above
 * it up to the workspace folder; `--config` overrides. See DESIGN.md for the format.
 */
import * as path from 'node:path';
import { getNodeValue, findNodeAtLocation, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { parseTreeBounded as parseTree, jsonDepthExceeded, tooDeepMessage } from '../safe/json-depth';
import { minimatch, globProblem } from '../safe/glob';
import type { FileSystem } from '../safe/fs';
import type { Severity, SeveritySetting } from '../types';
import { SEVERITIES } from '../types';
import { toPosix, relPosix, isInside } from '../paths';
import { presetLayer, type PresetLayer, type PresetRuleMeta } from './presets';
import { resolveExtends } from './resolve';
import { compileWorkspaceRegex } from '../safe/regex';

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
  /** The level each locked rule had in the configuration that locked it (absent: the rule's default). */
  lockedLevels: Map<string, Severity>;
  /** Baseline file, relative to `baseDir`. */
  baseline: string | undefined;
  /** Unreleased feature-flag key patterns (regex sources). */
  unreleasedFlagPatterns: string[];
  /** Agent instruction files that ship on purpose (globs). */
  intentionalAgentFiles: string[];
  /** `units.include` / `units.exclude`: package folders (globs relative to the config) that are / are not units. */
  unitsInclude: string[];
  unitsExclude: string[];
  /** Folder the config was found in (globs are relative to it); the unit root when none was found. */
  baseDir: string;
  /** Config files that contributed, nearest last. */
  files: string[];
  problems: ConfigProblem[];
  /** False in untrusted workspaces: config-supplied regexes are not used. */
  trusted: boolean;
}

/** An empty configuration rooted at `baseDir`: every rule at its default. */
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
    lockedLevels: new Map(),
    baseline: undefined,
    unreleasedFlagPatterns: [],
    intentionalAgentFiles: [],
    unitsInclude: [],
    unitsExclude: [],
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
  /** The rules' metadata: builds `leakguard:strict` and gives locked rules their default level. */
  ruleMeta?: readonly PresetRuleMeta[];
  trusted?: boolean;
  /** Folder that globs are relative to, when not the config's own folder (`leakguard pack --config`: the archive root). */
  baseDir?: string;
}

/** Longest `extends` chain followed; deeper ones are reported (a diamond of presets is fine). */
const MAX_EXTENDS_DEPTH = 16;

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

/**
 * Loads the configuration in force for a unit (or file) in `dir`, never throwing: problems are
 * collected at their place. The nearest `.leakguardrc.json` (or `--config`) is applied last, after
 * everything it `extends` (depth first, in order): later layers override earlier ones rule by
 * rule, list settings concatenate, and rules `locked` by an earlier layer cannot be turned off or
 * lowered by a later one.
 */
export async function loadConfig(fs: FileSystem, dir: string, workspaceRoot: string, opts: LoadConfigOptions): Promise<ResolvedConfig> {
  const file = opts.configFile ? toPosix(path.resolve(opts.configFile)) : await findConfigFile(fs, dir, workspaceRoot);
  const config = defaultConfig(opts.baseDir ?? (file ? path.dirname(file) : dir));
  config.trusted = opts.trusted ?? true;
  if (!file) return config;
  const roots = [path.resolve(workspaceRoot)];
  if (!isInside(roots[0], file)) roots.push(path.dirname(file));
  const state: MergeState = { lockedBy: new Map(), root: path.resolve(workspaceRoot), ruleMeta: new Map((opts.ruleMeta ?? []).map((m) => [m.id, m])) };
  await applyConfigFile(fs, config, file, [], { ...opts, roots, workspaceRoot: path.resolve(workspaceRoot) }, state);
  return config;
}

interface ResolveContext extends LoadConfigOptions {
  roots: string[];
  workspaceRoot: string;
}

/** Which layer locked each rule, and the rules' metadata (per load; no module state). */
interface MergeState {
  lockedBy: Map<string, string>;
  /** Locking files are named relative to this folder in messages. */
  root?: string;
  ruleMeta: Map<string, PresetRuleMeta>;
}

async function applyConfigFile(fs: FileSystem, config: ResolvedConfig, file: string, chain: string[], ctx: ResolveContext, state: MergeState): Promise<void> {
  const text = await fs.readText(file);
  if (text === undefined) {
    config.problems.push({ file, start: 0, end: 0, message: `Cannot read ${path.basename(file)}.` });
    return;
  }
  const layer = parseConfigLayer(file, text, ctx.ruleIds, config.problems);
  const here = [...chain, file];
  for (const ext of layer.extends) {
    const at = (message: string) => config.problems.push({ file, start: ext.start, end: ext.end, message });
    const target = await resolveExtends(fs, ext.spec, file, ctx.roots);
    if (target.kind === 'error') at(target.message);
    else if (target.kind === 'preset') {
      const preset = presetLayer(target.name, ctx.ruleMeta ?? [...ctx.ruleIds].map((id) => ({ id, family: familyOf(id), defaultSeverity: 'warning' as const })));
      if (preset) mergeLayer(config, presetAsLayer(preset), state);
    } else if (here.includes(target.file)) {
      const loop = [...here.slice(here.indexOf(target.file)), target.file].map((f) => displayPath(f, ctx.workspaceRoot));
      at(`Circular "extends": ${loop.join(' → ')}.`);
    } else if (here.length >= MAX_EXTENDS_DEPTH) at(`"extends" is nested more than ${MAX_EXTENDS_DEPTH} levels deep.`);
    else await applyConfigFile(fs, config, target.file, here, ctx, state);
  }
  config.files.push(file);
  mergeLayer(config, layer, state);
}

function displayPath(file: string, root: string): string {
  return isInside(root, file) ? relPosix(root, file) || path.basename(file) : toPosix(file);
}

function familyOf(id: string): PresetRuleMeta['family'] {
  const f = id.split('-')[0];
  return (['publish', 'sourcemap', 'config', 'prompt', 'secret', 'python', 'container'].includes(f) ? f : 'leakguard') as PresetRuleMeta['family'];
}

/** A rule setting as written in one file, with its place (for problems about locked rules). */
interface PlacedSetting {
  id: string;
  setting: RuleSetting;
  start: number;
  end: number;
}

/** What one configuration file (or preset) says, before it is merged into the result. */
interface ConfigLayer {
  /** The file, or the preset name. */
  file: string;
  isPreset: boolean;
  extends: Array<{ spec: string; start: number; end: number }>;
  rules: PlacedSetting[];
  overrides: Array<{ files: string[]; rules: PlacedSetting[] }>;
  lists: Partial<Record<ListKey, string[]>>;
  denyList: DenyEntry[];
  visibility?: ResolvedConfig['visibility'];
  allowSourceMaps?: ResolvedConfig['allowSourceMaps'];
  baseline?: string;
}

type ListKey = 'ignore' | 'internalScopes' | 'internalDomains' | 'allowPrompts' | 'locked' | 'unreleasedFlagPatterns' | 'intentionalAgentFiles' | 'unitsInclude' | 'unitsExclude';
const LIST_KEYS: readonly ListKey[] = ['ignore', 'internalScopes', 'internalDomains', 'allowPrompts', 'locked', 'unreleasedFlagPatterns', 'intentionalAgentFiles', 'unitsInclude', 'unitsExclude'];

function presetAsLayer(p: PresetLayer): ConfigLayer {
  return {
    file: p.name,
    isPreset: true,
    extends: [],
    rules: [...p.rules].map(([id, severity]) => ({ id, setting: { severity, options: {} }, start: 0, end: 0 })),
    overrides: [],
    lists: {},
    denyList: [],
    allowSourceMaps: p.allowSourceMaps,
  };
}

const SEVERITY_RANK: Record<SeveritySetting, number> = { off: 0, hint: 1, info: 2, warning: 3, error: 4 };

/** Merges one layer into the result: rule by rule, lists concatenated, scalars replaced; enforces `locked`. */
function mergeLayer(config: ResolvedConfig, layer: ConfigLayer, state: MergeState): void {
  // A setting below the level a previous layer locked is reported where it is written and not applied.
  const allowed = (s: PlacedSetting, where: string): boolean => {
    const lockedBy = state.lockedBy.get(s.id);
    if (lockedBy === undefined) return true;
    const floor = config.lockedLevels.get(s.id) ?? state.ruleMeta.get(s.id)?.defaultSeverity;
    const below = s.setting.severity === 'off' || (floor !== undefined && SEVERITY_RANK[s.setting.severity] < SEVERITY_RANK[floor]);
    if (!below) return true;
    if (layer.isPreset) return false;
    const what = s.setting.severity === 'off' ? 'turned off' : `lowered to "${s.setting.severity}"`;
    config.problems.push({
      file: layer.file,
      start: s.start,
      end: s.end,
      message: `Rule "${s.id}" is locked${floor ? ` at "${floor}"` : ''} by ${lockedBy} and cannot be ${what}${where}.`,
    });
    return false;
  };
  for (const s of layer.rules) {
    if (!allowed(s, '')) continue;
    const prev = config.rules.get(s.id);
    // `"warning"` after `["error", { … }]` changes the level and keeps the options.
    const options = Object.keys(s.setting.options).length > 0 || !prev ? s.setting.options : prev.options;
    config.rules.set(s.id, { severity: s.setting.severity, options });
  }
  for (const o of layer.overrides) {
    const rules = new Map<string, RuleSetting>();
    for (const s of o.rules) if (allowed(s, ` in an override`)) rules.set(s.id, s.setting);
    config.overrides.push({ files: o.files, rules });
  }
  for (const key of LIST_KEYS) {
    const list = layer.lists[key];
    if (!list) continue;
    const target = config[key] as string[];
    for (const v of list) if (!(key === 'locked' || key === 'internalScopes') || !target.includes(v)) target.push(v);
  }
  config.denyList.push(...layer.denyList);
  if (layer.visibility) config.visibility = layer.visibility;
  if (layer.allowSourceMaps) config.allowSourceMaps = layer.allowSourceMaps;
  if (layer.baseline !== undefined) config.baseline = layer.baseline;
  for (const id of layer.lists.locked ?? []) {
    if (state.lockedBy.has(id)) continue;
    state.lockedBy.set(id, layer.isPreset || !state.root ? layer.file : displayPath(layer.file, state.root));
    const level = config.rules.get(id)?.severity;
    if (level && level !== 'off') config.lockedLevels.set(id, level);
  }
}

/**
 * Parses one config file's text and merges it into `config` as the last layer (no `extends`
 * resolution), recording problems at exact offsets.
 */
export function applyConfigText(config: ResolvedConfig, file: string, text: string, ruleIds: ReadonlySet<string>): void {
  const layer = parseConfigLayer(file, text, ruleIds, config.problems);
  config.files.push(file);
  mergeLayer(config, layer, { lockedBy: new Map(), ruleMeta: new Map() });
}

/** Parses one config file into a layer; problems go to `problems` at exact offsets. */
function parseConfigLayer(file: string, text: string, ruleIds: ReadonlySet<string>, problems: ConfigProblem[]): ConfigLayer {
  const layer: ConfigLayer = { file, isPreset: false, extends: [], rules: [], overrides: [], lists: {}, denyList: [] };
  const deep = jsonDepthExceeded(text);
  if (deep >= 0) {
    problems.push({ file, start: deep, end: deep + 1, message: tooDeepMessage() });
    return layer;
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true });
  for (const e of errors) {
    problems.push({ file, start: e.offset, end: e.offset + Math.max(1, e.length), message: `Invalid JSON: ${printParseErrorCode(e.error)}.` });
  }
  if (errors.length > 0) {
    // Half a configuration is worse than none: a file that does not parse is applied not at all (issue #17).
    problems.push({ file, start: 0, end: Math.min(1, text.length), message: `${path.basename(file)} does not parse, so none of it is applied (rules, overrides, ignore, locked, deny-list): Leakguard uses its defaults until the JSON errors are fixed.` });
    return layer;
  }
  if (!tree || tree.type !== 'object') {
    if (errors.length === 0) problems.push({ file, start: 0, end: Math.min(1, text.length), message: 'The configuration must be a JSON object.' });
    return layer;
  }
  const problem = (node: JsonNode | undefined, message: string) =>
    problems.push({ file, start: node?.offset ?? 0, end: (node?.offset ?? 0) + (node?.length ?? 0), message });
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

  const extendsNode = findNodeAtLocation(tree, ['extends']);
  if (extendsNode) {
    const items = extendsNode.type === 'array' ? extendsNode.children ?? [] : [extendsNode];
    for (const item of items) {
      if (item.type === 'string' && typeof item.value === 'string') layer.extends.push({ spec: item.value, start: item.offset, end: item.offset + item.length });
      else problem(item, '"extends" must be a string or an array of strings: "leakguard:recommended", "./path.json" or a package name.');
    }
  }
  const rulesNode = findNodeAtLocation(tree, ['rules']);
  if (rulesNode) layer.rules = parseRules(rulesNode, ruleIds, problem);
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
        const safe = list.filter((g: string, i: number) => {
          const err = globProblem(g);
          if (err) problem(filesNode?.type === 'array' ? filesNode.children?.[i] ?? filesNode : filesNode, err);
          return !err;
        });
        const ruleNode = findNodeAtLocation(item, ['rules']);
        layer.overrides.push({ files: safe, rules: ruleNode ? parseRules(ruleNode, ruleIds, problem) : [] });
      }
  }
  for (const key of LIST_KEYS) {
    const list = stringArray(key);
    if (list) layer.lists[key] = list;
  }
  // Workspace globs over the wildcard bounds could hang matching (issue #15): reported at their place, not used.
  for (const key of ['ignore', 'allowPrompts', 'intentionalAgentFiles'] as const) {
    const list = layer.lists[key];
    if (!list) continue;
    const node = findNodeAtLocation(tree, [key]);
    const bad = list.map((g) => globProblem(key === 'ignore' ? g.replace(/^[a-z][a-z0-9-]*:(?=.)/, '') : g));
    bad.forEach((err, i) => err && problem(node?.children?.[i] ?? node, err));
    if (bad.some(Boolean)) layer.lists[key] = list.filter((_, i) => !bad[i]);
  }
  const lockedNode = findNodeAtLocation(tree, ['locked']);
  for (const [i, id] of (layer.lists.locked ?? []).entries()) {
    if (!ruleIds.has(id)) problem(lockedNode?.children?.[i] ?? lockedNode, `Unknown rule "${id}" in "locked".${didYouMean(id, ruleIds)}`);
  }
  if (layer.lists.locked) layer.lists.locked = layer.lists.locked.filter((id) => ruleIds.has(id));
  const flagsNode = findNodeAtLocation(tree, ['unreleasedFlagPatterns']);
  for (const [i, source] of (layer.lists.unreleasedFlagPatterns ?? []).entries()) {
    const err = regexProblem(source);
    if (err) problem(flagsNode?.children?.[i] ?? flagsNode, err);
  }
  if (layer.lists.unreleasedFlagPatterns) layer.lists.unreleasedFlagPatterns = layer.lists.unreleasedFlagPatterns.filter((s) => !regexProblem(s));
  const vis = findNodeAtLocation(tree, ['visibility']);
  if (vis) {
    const v = getNodeValue(vis);
    if (v === 'auto' || v === 'proprietary' || v === 'open-source') layer.visibility = v;
    else problem(vis, '"visibility" must be "auto", "proprietary" or "open-source".');
  }
  const maps = findNodeAtLocation(tree, ['allowSourceMaps']);
  if (maps) {
    const v = getNodeValue(maps);
    if (v === 'never' || v === 'withoutSourcesContent' || v === 'always') layer.allowSourceMaps = v;
    else problem(maps, '"allowSourceMaps" must be "never", "withoutSourcesContent" or "always".');
  }
  const baseline = findNodeAtLocation(tree, ['baseline']);
  if (baseline) {
    const v = getNodeValue(baseline);
    if (typeof v === 'string') layer.baseline = v;
    else problem(baseline, '"baseline" must be a path.');
  }
  const deny = findNodeAtLocation(tree, ['denyList']);
  if (deny) {
    if (deny.type !== 'array') problem(deny, '"denyList" must be an array.');
    else
      for (const item of deny.children ?? []) {
        const v = getNodeValue(item);
        if (typeof v === 'string' && v.trim()) layer.denyList.push({ pattern: v, kind: 'codename' });
        else if (v && typeof v === 'object' && !Array.isArray(v)) {
          const kind = v.kind === 'flag' || v.kind === 'term' ? v.kind : 'codename';
          if (typeof v.sha256 === 'string') {
            if (!/^[0-9a-f]{64}$/i.test(v.sha256)) problem(item, '"sha256" must be 64 hex digits (sha256 of the lower-cased term).');
            else layer.denyList.push({ sha256: v.sha256.toLowerCase(), kind });
          } else if (typeof v.pattern === 'string' && v.pattern) {
            if (v.regex === true) {
              const err = regexProblem(v.pattern, { ignoreCase: v.caseSensitive !== true });
              if (err) {
                problem(findNodeAtLocation(item, ['pattern']) ?? item, err);
                continue;
              }
            }
            layer.denyList.push({ pattern: v.pattern, regex: v.regex === true, caseSensitive: v.caseSensitive === true, kind });
          } else problem(item, 'A deny-list entry needs "pattern" or "sha256".');
        } else problem(item, 'A deny-list entry is a string or an object with "pattern" or "sha256".');
      }
  }
  const known = new Set([
    '$schema', 'extends', 'rules', 'overrides', 'ignore', 'visibility', 'internalScopes', 'internalDomains', 'denyList',
    'allowPrompts', 'allowSourceMaps', 'locked', 'baseline', 'unreleasedFlagPatterns', 'intentionalAgentFiles', 'units',
  ]);
  const unitsNode = findNodeAtLocation(tree, ['units']);
  if (unitsNode) {
    if (unitsNode.type !== 'object') problem(unitsNode, '"units" must be an object: { "include": [globs], "exclude": [globs] }.');
    else {
      for (const prop of unitsNode.children ?? []) {
        const key = prop.children?.[0];
        const val = prop.children?.[1];
        if (!key || (key.value !== 'include' && key.value !== 'exclude')) {
          problem(key, `Unknown option "units.${String(key?.value)}" (use "include" or "exclude").`);
          continue;
        }
        const v = val ? getNodeValue(val) : undefined;
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) problem(val, `"units.${key.value}" must be an array of folder globs.`);
        else layer.lists[key.value === 'include' ? 'unitsInclude' : 'unitsExclude'] = v as string[];
      }
    }
  }
  for (const prop of tree.children ?? []) {
    const key = prop.children?.[0];
    if (key && typeof key.value === 'string' && !known.has(key.value)) problem(key, `Unknown option "${key.value}".`);
  }
  return layer;
}

function parseRules(node: JsonNode, ruleIds: ReadonlySet<string>, problem: (n: JsonNode | undefined, m: string) => void): PlacedSetting[] {
  const out: PlacedSetting[] = [];
  if (node.type !== 'object') {
    problem(node, '"rules" must be an object of rule id → severity.');
    return out;
  }
  for (const prop of node.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    const id = keyNode?.value as string;
    if (!ruleIds.has(id)) {
      problem(keyNode, `Unknown rule "${id}".${didYouMean(id, ruleIds)}`);
      continue;
    }
    const value = valueNode ? getNodeValue(valueNode) : undefined;
    const setting = parseSeverity(value);
    if (!setting) {
      problem(valueNode ?? keyNode, `Invalid setting for "${id}": use "off", ${SEVERITIES.map((s) => `"${s}"`).join(', ')} or ["<severity>", { options }].`);
      continue;
    }
    out.push({ id, setting, start: prop.offset, end: prop.offset + prop.length });
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
 * Why a configuration regex cannot be used, if it cannot: it must compile on the linear-time
 * engine (RE2, see safe-regex.ts), which is what guarantees that no pattern can hang the editor or
 * CI. Back-references and look-ahead are unsupported there and reported as such.
 */
export function regexProblem(source: string, opts: { ignoreCase?: boolean } = {}): string | undefined {
  const c = compileWorkspaceRegex(source, opts);
  return c.ok ? undefined : c.message;
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

/** ` Did you mean "publish-dev-artifacts"?` for a misspelt rule id, or `''` when nothing is close. */
export function didYouMean(id: string, known: Iterable<string>): string {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(id, k, bestD);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(id.length / 4)) ? ` Did you mean "${best}"?` : '';
}

/** Levenshtein distance, giving up (returning `cap`) once every cell of a row is at least `cap`. */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin >= cap) return cap;
    prev = cur;
  }
  return prev[b.length];
}
