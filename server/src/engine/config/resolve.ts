/**
 * Resolution of `extends` entries in `.leakguardrc.json`: built-in presets, relative paths, and
 * npm packages found in `node_modules` the way Node looks them up (nearest folder first), but
 * never outside the workspace: a configuration must not pull in a file from elsewhere on the
 * machine, so anything that resolves (even through a symbolic link) outside the allowed roots is
 * an error.
 *
 * Only JSON is ever read. A package whose `main` is JavaScript is not executed (configuration is
 * read in untrusted workspaces too); `index.json` or `.leakguardrc.json` are used instead.
 */
import * as path from 'node:path';
import * as nodeFs from 'node:fs';
import type { FileSystem } from '../safe/fs';
import { toPosix, isInside } from '../paths';
import { PRESET_PREFIX, PRESET_NAMES } from './presets';

/** The result of resolving one `extends` entry. */
export type ExtendsTarget =
  | { kind: 'preset'; name: string }
  | { kind: 'file'; file: string }
  | { kind: 'error'; message: string };

/** Files a package may name as its configuration when it has no JSON `main`, in order. */
const PACKAGE_ENTRY_FILES = ['index.json', '.leakguardrc.json'];

/**
 * Resolves one `extends` entry written in the config file `fromFile`.
 * @param roots Folders a resolved file must lie in (the workspace root, and the folder of an
 *   explicit `--config` file); `node_modules` is looked up from `fromFile`'s folder upwards, stopping
 *   at the root that contains it.
 */
export async function resolveExtends(fs: FileSystem, spec: string, fromFile: string, roots: readonly string[]): Promise<ExtendsTarget> {
  if (spec.startsWith(PRESET_PREFIX)) {
    if (PRESET_NAMES.includes(spec)) return { kind: 'preset', name: spec };
    return { kind: 'error', message: `Unknown preset "${spec}": use ${PRESET_NAMES.map((n) => `"${n}"`).join(' or ')}.` };
  }
  if (!spec.trim()) return { kind: 'error', message: '"extends" entries must not be empty.' };
  const fromDir = path.dirname(fromFile);
  if (spec.startsWith('./') || spec.startsWith('../') || path.isAbsolute(spec) || spec === '.' || spec === '..') {
    const abs = path.resolve(fromDir, spec);
    const file = (await isFile(fs, abs)) ? abs : (await isFile(fs, `${abs}.json`)) ? `${abs}.json` : undefined;
    if (!file) return { kind: 'error', message: `Cannot find "${spec}" (looked for ${toPosix(abs)}).` };
    return inside(file, spec, roots);
  }
  return resolvePackage(fs, spec, fromDir, roots);
}

async function resolvePackage(fs: FileSystem, spec: string, fromDir: string, roots: readonly string[]): Promise<ExtendsTarget> {
  const m = /^((?:@[^/@\s]+\/)?[^/@\s][^/\s]*)(?:\/(.+))?$/.exec(spec);
  if (!m || (m[2] && m[2].split('/').some((s) => s === '..' || s === '.' || s === ''))) {
    return { kind: 'error', message: `"${spec}" is neither a preset, a relative path (./…) nor a package name.` };
  }
  const [, name, subpath] = m;
  const root = roots.find((r) => isInside(r, fromDir));
  if (!root) return { kind: 'error', message: `Cannot resolve package "${name}": the configuration is outside the workspace.` };
  let pkgDir: string | undefined;
  for (let dir = path.resolve(fromDir); ; ) {
    // Node skips `node_modules/node_modules`; so do we.
    if (path.basename(dir) !== 'node_modules') {
      const candidate = path.join(dir, 'node_modules', name);
      if ((await fs.stat(candidate))?.isDirectory) {
        pkgDir = candidate;
        break;
      }
    }
    const parent = path.dirname(dir);
    if (dir === path.resolve(root) || parent === dir || !isInside(root, parent)) break;
    dir = parent;
  }
  if (!pkgDir) return { kind: 'error', message: `Cannot find package "${name}" in node_modules (from ${toPosix(fromDir)} up to the workspace root). Install it, or fix the name.` };
  if (subpath) {
    const abs = path.join(pkgDir, subpath);
    const file = (await isFile(fs, abs)) ? abs : (await isFile(fs, `${abs}.json`)) ? `${abs}.json` : undefined;
    if (!file) return { kind: 'error', message: `Package "${name}" has no file "${subpath}".` };
    return inside(file, spec, roots);
  }
  const manifestText = await fs.readText(path.join(pkgDir, 'package.json'));
  let main: unknown;
  try {
    main = manifestText !== undefined ? (JSON.parse(manifestText) as { main?: unknown }).main : undefined;
  } catch {
    return { kind: 'error', message: `Package "${name}" has an invalid package.json.` };
  }
  const candidates: string[] = [];
  if (typeof main === 'string' && /\.json$/i.test(main)) candidates.push(main);
  candidates.push(...PACKAGE_ENTRY_FILES);
  for (const c of candidates) {
    const abs = path.resolve(pkgDir, c);
    if (isInside(pkgDir, abs) && (await isFile(fs, abs))) return inside(abs, spec, roots);
  }
  const why = typeof main === 'string' && !/\.json$/i.test(main) ? ` ("main" is ${main}; Leakguard never runs code from configuration)` : '';
  return { kind: 'error', message: `Package "${name}" has no JSON configuration${why}: name a .json file in "main", or add index.json.` };
}

async function isFile(fs: FileSystem, abs: string): Promise<boolean> {
  return (await fs.stat(abs))?.isFile === true;
}

/** Accepts `file` only when it (and, on disk, its real path) lies inside one of `roots`. */
function inside(file: string, spec: string, roots: readonly string[]): ExtendsTarget {
  const abs = path.resolve(file);
  let real = abs;
  try {
    real = nodeFs.realpathSync(abs);
  } catch {
    // Not on disk (an in-memory or archive file system): the lexical path is all there is.
  }
  const realRoots = roots.map((r) => {
    try {
      return nodeFs.realpathSync(r);
    } catch {
      return path.resolve(r);
    }
  });
  const ok = roots.some((r) => isInside(r, abs)) && (real === abs || realRoots.some((r) => isInside(r, real)) || roots.some((r) => isInside(r, real)));
  if (!ok) return { kind: 'error', message: `"${spec}" resolves outside the workspace (${toPosix(real)}): only files in the workspace and its node_modules can be extended.` };
  return { kind: 'file', file: toPosix(abs) };
}
