/**
 * Reads a tsconfig the way tsc resolves it — comments, trailing commas, `extends` chains (string or
 * array, relative paths and package specifiers from node_modules) — without running anything, and
 * remembers for every emit option the file and the offsets where it was set, so a diagnostic can sit
 * on the exact property even when it lives in a base config.
 */
import * as path from 'node:path';
import { findNodeAtLocation, getNodeValue, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { parseTreeBounded as parseTree } from '../safe/json-depth';
import type { FileSystem } from '../safe/fs';
import { toPosix } from '../paths';

/** The compiler options the build-config rules care about. */
export const TRACKED_COMPILER_OPTIONS = [
  'sourceMap',
  'inlineSourceMap',
  'inlineSources',
  'declarationMap',
  'declaration',
  'outDir',
  'outFile',
  'noEmit',
  'emitDeclarationOnly',
  'stripInternal',
  'removeComments',
  'sourceRoot',
  'mapRoot',
  'rootDir',
] as const;

export type TrackedOption = (typeof TRACKED_COMPILER_OPTIONS)[number];

/** One compiler option value and where it was written. */
export interface SetOption<T = unknown> {
  value: T;
  /** Absolute path of the tsconfig that set it (may be a base config). */
  file: string;
  /** Offsets of the property (`"key": value`) in that file. */
  propertyStart: number;
  propertyEnd: number;
  /** Offsets of the value literal in that file. */
  valueStart: number;
  valueEnd: number;
  /** For path options (`outDir`, `rootDir`, ...): the value resolved against the file that set it. */
  resolvedPath?: string;
}

export interface TsconfigProblem {
  file: string;
  start: number;
  end: number;
  message: string;
  kind: 'parse' | 'extends-missing' | 'extends-cycle' | 'extends-depth' | 'unreadable';
}

export interface EffectiveTsconfig {
  /** The config that was asked for. */
  file: string;
  /** Every config file read, the asked-for one first, then its bases in resolution order. */
  chain: string[];
  options: Partial<Record<TrackedOption, SetOption>>;
  problems: TsconfigProblem[];
  /** Parsed JSON tree of the asked-for file (for quick fixes that add a property). */
  tree: JsonNode | undefined;
  text: string | undefined;
}

const MAX_DEPTH = 32;
const PATH_OPTIONS: ReadonlySet<string> = new Set(['outDir', 'outFile', 'rootDir', 'sourceRoot', 'mapRoot']);

interface Loaded {
  file: string;
  text: string;
  tree: JsonNode | undefined;
}

/**
 * Reads `file` and its `extends` chain and returns the effective tracked options. Never throws:
 * unreadable files, syntax errors, missing bases and cycles become `problems`.
 */
export async function readTsconfig(fs: FileSystem, file: string): Promise<EffectiveTsconfig> {
  const abs = toPosix(path.resolve(file));
  const result: EffectiveTsconfig = { file: abs, chain: [], options: {}, problems: [], tree: undefined, text: undefined };
  try {
    await visit(fs, abs, [], result, 0);
  } catch (e) {
    result.problems.push({ file: abs, start: 0, end: 0, message: `Cannot read ${abs}: ${String(e)}`, kind: 'unreadable' });
  }
  return result;
}

async function load(fs: FileSystem, file: string, result: EffectiveTsconfig): Promise<Loaded | undefined> {
  const text = await fs.readText(file);
  if (text === undefined) return undefined;
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const err of errors.slice(0, 5)) {
    result.problems.push({ file, start: err.offset, end: err.offset + err.length, message: 'JSON syntax error', kind: 'parse' });
  }
  return { file, text, tree };
}

/** Depth-first: bases are applied before the file itself, so later writes (the child) win. */
async function visit(fs: FileSystem, file: string, stack: string[], result: EffectiveTsconfig, depth: number): Promise<void> {
  const loaded = await load(fs, file, result);
  if (!loaded) {
    result.problems.push({ file, start: 0, end: 0, message: `Cannot read ${file}`, kind: 'unreadable' });
    return;
  }
  if (depth === 0) {
    result.tree = loaded.tree;
    result.text = loaded.text;
  }
  if (!result.chain.includes(file)) result.chain.push(file);
  const root = loaded.tree;
  if (!root || root.type !== 'object') return;
  const ext = findNodeAtLocation(root, ['extends']);
  const specs: JsonNode[] = ext?.type === 'string' ? [ext] : ext?.type === 'array' ? (ext.children ?? []).filter((c) => c.type === 'string') : [];
  // With an array, later bases override earlier ones (TS 5.0), so apply them in order.
  for (const spec of specs) {
    const value = String(spec.value);
    const base = await resolveExtends(fs, path.dirname(file), value);
    const at = { file, start: spec.offset, end: spec.offset + spec.length };
    if (!base) {
      result.problems.push({ ...at, message: `Cannot find base config "${value}"`, kind: 'extends-missing' });
      continue;
    }
    if (base === file || stack.includes(base)) {
      result.problems.push({ ...at, message: `Circular "extends": ${[...stack, file, base].map((f) => path.basename(f)).join(' → ')}`, kind: 'extends-cycle' });
      continue;
    }
    if (depth + 1 > MAX_DEPTH) {
      result.problems.push({ ...at, message: `"extends" chain deeper than ${MAX_DEPTH}`, kind: 'extends-depth' });
      continue;
    }
    await visit(fs, base, [...stack, file], result, depth + 1);
  }
  const opts = findNodeAtLocation(root, ['compilerOptions']);
  if (!opts || opts.type !== 'object') return;
  for (const prop of opts.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = String(keyNode.value);
    if (!(TRACKED_COMPILER_OPTIONS as readonly string[]).includes(key)) continue;
    const value = getNodeValue(valueNode) as unknown;
    const set: SetOption = {
      value,
      file,
      propertyStart: prop.offset,
      propertyEnd: prop.offset + prop.length,
      valueStart: valueNode.offset,
      valueEnd: valueNode.offset + valueNode.length,
    };
    // tsc resolves path options relative to the config that declares them, not the one that extends it.
    if (PATH_OPTIONS.has(key) && typeof value === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
      set.resolvedPath = toPosix(path.resolve(path.dirname(file), value));
    }
    result.options[key as TrackedOption] = set;
  }
}

/**
 * Resolves an `extends` value like tsc: relative or absolute paths (adding `.json` when missing),
 * else a package specifier looked up in `node_modules` folders from `fromDir` upwards (package.json
 * `tsconfig` field, then `tsconfig.json` in the package, or a file inside the package).
 */
export async function resolveExtends(fs: FileSystem, fromDir: string, spec: string): Promise<string | undefined> {
  if (!spec) return undefined;
  const isFile = async (p: string) => (await fs.stat(p))?.isFile === true;
  const withJson = async (p: string): Promise<string | undefined> => {
    if (await isFile(p)) return p;
    if (!p.endsWith('.json') && (await isFile(p + '.json'))) return p + '.json';
    return undefined;
  };
  if (spec.startsWith('.') || path.isAbsolute(spec) || /^[a-zA-Z]:[\\/]/.test(spec)) {
    return withJson(toPosix(path.resolve(fromDir, spec)));
  }
  const parts = spec.split('/');
  const pkgName = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const sub = parts.slice(spec.startsWith('@') ? 2 : 1).join('/');
  let dir = toPosix(path.resolve(fromDir));
  for (let i = 0; i < 64; i++) {
    const pkgDir = `${dir === '/' ? '' : dir}/node_modules/${pkgName}`;
    if (sub) {
      const hit = await withJson(`${pkgDir}/${sub}`);
      if (hit) return hit;
      const nested = await isFile(`${pkgDir}/${sub}/tsconfig.json`);
      if (nested) return `${pkgDir}/${sub}/tsconfig.json`;
    } else {
      const manifest = await fs.readText(`${pkgDir}/package.json`);
      if (manifest !== undefined) {
        let field: unknown;
        try {
          field = (JSON.parse(manifest) as Record<string, unknown>).tsconfig;
        } catch {
          field = undefined;
        }
        if (typeof field === 'string') {
          const hit = await withJson(toPosix(path.resolve(pkgDir, field)));
          if (hit) return hit;
        }
      }
      if (await isFile(`${pkgDir}/tsconfig.json`)) return `${pkgDir}/tsconfig.json`;
    }
    const parent = toPosix(path.dirname(dir));
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** True when the effective config emits JavaScript (not `noEmit`, not `emitDeclarationOnly`). */
export function emitsJavaScript(cfg: EffectiveTsconfig): boolean {
  return cfg.options.noEmit?.value !== true && cfg.options.emitDeclarationOnly?.value !== true;
}

/** True when the effective config emits anything at all. */
export function emitsAnything(cfg: EffectiveTsconfig): boolean {
  return cfg.options.noEmit?.value !== true;
}
