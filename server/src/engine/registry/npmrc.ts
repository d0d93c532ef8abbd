/**
 * Project `.npmrc` files as registry configuration: `registry=`, `@scope:registry=`, `access=`,
 * with offsets so findings sit on the line. Parsing follows npm's ini reader loosely: `key = value`,
 * `;` and `#` comments, optional quotes, `[section]` headers ignored.
 *
 * Which registry `npm publish` uses (npm 11.19, lib/commands/publish.js → npm-registry-fetch
 * `pickRegistry`): `publishConfig` keys are flattened over the config, then for a scoped package
 * `@scope:registry` wins over `registry`. So `@acme:registry` in the project `.npmrc` beats
 * `publishConfig.registry`, and only `publishConfig["@acme:registry"]` beats the `.npmrc` scope line.
 */
import type { PackagingUnit } from '../unit';

/** npm's built-in default registry. */
export const NPM_PUBLIC_REGISTRY = 'https://registry.npmjs.org/';

/** One `key=value` line of an `.npmrc`. Offsets point into the file's text. */
export interface NpmrcEntry {
  key: string;
  /** The value with quotes removed. */
  value: string;
  /** 0-based line. */
  line: number;
  lineStart: number;
  lineEnd: number;
  valueStart: number;
  valueEnd: number;
}

/** A parsed `.npmrc` file. */
export interface NpmrcFile {
  /** Absolute path, `/` separators. */
  path: string;
  text: string;
  entries: NpmrcEntry[];
}

/** Parses the `key=value` lines of an `.npmrc` text. Never throws. */
export function parseNpmrc(text: string): NpmrcEntry[] {
  const out: NpmrcEntry[] = [];
  let lineStart = 0;
  let line = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    const next = lineEnd < 0 ? text.length + 1 : lineEnd + 1;
    if (lineEnd < 0) lineEnd = text.length;
    const contentEnd = lineEnd > lineStart && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    const raw = text.slice(lineStart, contentEnd);
    const m = /^(\s*)([^=;#\s[][^=]*?)\s*=\s*(.*?)\s*$/.exec(raw);
    if (m) {
      let value = m[3];
      let vOff = raw.trimEnd().length - m[3].length;
      if (/^(["']).*\1$/.test(value) && value.length >= 2) {
        value = value.slice(1, -1);
        vOff += 1;
      }
      const valueStart = lineStart + vOff;
      out.push({ key: m[2].trim(), value, line, lineStart, lineEnd: contentEnd, valueStart, valueEnd: valueStart + value.length });
    }
    lineStart = next;
    line++;
  }
  return out;
}

/** Normalises a registry URL for comparison: lower-case host, one trailing slash. */
export function normalizeRegistry(url: string): string {
  const t = url.trim();
  try {
    const u = new URL(t);
    const p = u.pathname.replace(/\/*$/, '/');
    return `${u.protocol}//${u.host.toLowerCase()}${p}`;
  } catch {
    return t.replace(/\/*$/, '/');
  }
}

/** Host of a registry URL (lower case), or undefined when it is not a URL. */
export function registryHost(url: string): string | undefined {
  try {
    return new URL(url.trim()).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** True for the public npm registry (and yarn's mirror of it), whatever the scheme or trailing slash. */
export function isPublicRegistry(url: string): boolean {
  const host = registryHost(url);
  return host === 'registry.npmjs.org' || host === 'registry.yarnpkg.com' || host === 'registry.npmjs.com';
}

/** True when a value is an environment reference npm expands at run time (`${NPM_REGISTRY}`). */
export function isEnvReference(value: string): boolean {
  return /\$\{[^}]+\}|^\$[A-Z_][A-Z0-9_]*$/.test(value);
}

/** The scope of a package name (`@acme`), or undefined when unscoped. */
export function scopeOf(name: string | undefined): string | undefined {
  if (!name || !name.startsWith('@')) return undefined;
  const slash = name.indexOf('/');
  return slash > 1 ? name.slice(0, slash).toLowerCase() : undefined;
}

/** The `@scope:registry` entries of an `.npmrc`, keyed by lower-cased scope. */
export function scopeRegistries(file: NpmrcFile): Map<string, NpmrcEntry> {
  const out = new Map<string, NpmrcEntry>();
  for (const e of file.entries) {
    const m = /^(@[^:\s]+):registry$/i.exec(e.key);
    if (m) out.set(m[1].toLowerCase(), e);
  }
  return out;
}

/** The last entry with `key` (npm's ini: later lines win). */
export function lastEntry(file: NpmrcFile, key: string): NpmrcEntry | undefined {
  let found: NpmrcEntry | undefined;
  for (const e of file.entries) if (e.key === key) found = e;
  return found;
}

/**
 * The project `.npmrc` files that apply to a unit, nearest first: the unit's own, then the
 * workspace root's (npm runs workspace commands with the workspace root as its local prefix, and
 * pnpm reads the root `.npmrc` of a `pnpm-workspace.yaml` monorepo).
 */
export async function projectNpmrcs(
  unit: PackagingUnit,
  readText: (abs: string) => Promise<string | undefined>,
  exists: (abs: string) => Promise<boolean>,
  stopAt?: string,
): Promise<NpmrcFile[]> {
  const dirs = [unit.root];
  if (unit.workspaceRoot && unit.workspaceRoot !== unit.root) dirs.push(unit.workspaceRoot);
  else if (stopAt && unit.root.startsWith(stopAt + '/')) {
    // pnpm monorepos: the nearest ancestor (up to the analysed folder) with a pnpm-workspace.yaml.
    let dir = unit.root;
    while (dir.startsWith(stopAt + '/')) {
      dir = dir.slice(0, dir.lastIndexOf('/'));
      if (await exists(`${dir}/pnpm-workspace.yaml`)) {
        dirs.push(dir);
        break;
      }
    }
  }
  const out: NpmrcFile[] = [];
  for (const dir of dirs) {
    const p = `${dir}/.npmrc`;
    const text = await readText(p);
    if (text !== undefined) out.push({ path: p, text, entries: parseNpmrc(text) });
  }
  return out;
}

/** Where a registry setting comes from. */
export type RegistrySource =
  | { kind: 'publishConfig'; key: string; value: string }
  | { kind: 'npmrc'; file: NpmrcFile; entry: NpmrcEntry }
  | { kind: 'default'; value: string };

/** The registry `npm publish` would use, with where it is written. */
export interface EffectiveRegistry {
  url: string;
  source: RegistrySource;
  /** The scope's mapping in the project `.npmrc` files, when any. */
  scopeEntry?: { file: NpmrcFile; entry: NpmrcEntry };
}

/** Finds the first `.npmrc` entry for `key` among files (nearest first). */
export function findNpmrcEntry(files: readonly NpmrcFile[], key: string): { file: NpmrcFile; entry: NpmrcEntry } | undefined {
  for (const file of files) {
    const entry = key.endsWith(':registry') ? scopeRegistries(file).get(key.slice(0, -':registry'.length).toLowerCase()) : lastEntry(file, key);
    if (entry) return { file, entry };
  }
  return undefined;
}

/**
 * The registry `npm publish` (npm 11) would upload `manifest` to, from the project configuration
 * only (user-level `~/.npmrc` and environment variables are not visible to a linter).
 */
export function effectivePublishRegistry(manifest: Record<string, unknown> | undefined, npmrcs: readonly NpmrcFile[]): EffectiveRegistry {
  const name = typeof manifest?.name === 'string' ? manifest.name : undefined;
  const scope = scopeOf(name);
  const pc = manifest?.publishConfig && typeof manifest.publishConfig === 'object' ? (manifest.publishConfig as Record<string, unknown>) : {};
  const scopeEntry = scope ? findNpmrcEntry(npmrcs, `${scope}:registry`) : undefined;
  if (scope) {
    const pcKey = Object.keys(pc).find((k) => k.toLowerCase() === `${scope}:registry`);
    if (pcKey && typeof pc[pcKey] === 'string') return { url: pc[pcKey] as string, source: { kind: 'publishConfig', key: pcKey, value: pc[pcKey] as string }, scopeEntry };
    if (scopeEntry) return { url: scopeEntry.entry.value, source: { kind: 'npmrc', ...scopeEntry }, scopeEntry };
  }
  if (typeof pc.registry === 'string') return { url: pc.registry, source: { kind: 'publishConfig', key: 'registry', value: pc.registry }, scopeEntry };
  const reg = findNpmrcEntry(npmrcs, 'registry');
  if (reg) return { url: reg.entry.value, source: { kind: 'npmrc', ...reg }, scopeEntry };
  return { url: NPM_PUBLIC_REGISTRY, source: { kind: 'default', value: NPM_PUBLIC_REGISTRY }, scopeEntry };
}
