/**
 * The workspace model: which packaging units live under a folder.
 *
 * Every `package.json` outside `node_modules` is a unit: an npm package, a VS Code extension
 * (`engines.vscode`), or a private package (`"private": true`, never published by npm but still
 * analysed for rules such as publish-workspace-root-not-private).
 */
import * as path from 'node:path';
import { parseTree, type Node as JsonNode, type ParseError, findNodeAtLocation, getNodeValue } from 'jsonc-parser';
import { minimatch } from 'minimatch';
import type { FileSystem } from './fs';
import { toPosix } from './paths';
import { filterUnits, type SkippedUnit, type UnitFilterOptions } from './unit-filter';

export type UnitKind = 'npm' | 'vscode-extension' | 'private';

export interface PackagingUnit {
  /** Absolute folder of the package.json, `/` separators. */
  root: string;
  kind: UnitKind;
  manifestPath: string;
  manifestText: string;
  /** Parsed manifest, or undefined when package.json is not a JSON object. */
  manifest: Record<string, unknown> | undefined;
  manifestTree: JsonNode | undefined;
  /** JSON syntax errors in package.json (offsets into manifestText). */
  parseErrors: ParseError[];
  name: string | undefined;
  /** The monorepo root whose `workspaces` include this unit, when any. */
  workspaceRoot: string | undefined;
  /** Absolute paths of this unit's workspace packages, when it is a monorepo root. */
  workspaces: string[];
  /** `publishConfig.directory`, resolved, when set (pnpm, lerna, changesets publish that folder). */
  publishDirectory: string | undefined;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface DiscoverOptions {
  /** Maximum folder depth to search (bounded so symlink farms and 200-deep trees stay cheap). */
  maxDepth?: number;
  /** Maximum number of folders visited. */
  maxDirs?: number;
  /** Which package.json folders are units (`units.include` / `units.exclude`; test fixtures and examples are skipped by default). */
  units?: UnitFilterOptions;
}

export interface DiscoverResult {
  units: PackagingUnit[];
  /** Folders that could not be read, and other problems worth a message. */
  problems: string[];
  /** Folders with a package.json that are not units (test fixtures, examples, vendored tools, `units.exclude`). */
  skipped: SkippedUnit[];
}

/** Finds every packaging unit under `folder`. Never follows symbolic links. */
export async function discoverUnits(fs: FileSystem, folder: string, opts: DiscoverOptions = {}): Promise<DiscoverResult> {
  const maxDepth = opts.maxDepth ?? 12;
  const maxDirs = opts.maxDirs ?? 50_000;
  const root = toPosix(path.resolve(folder));
  const manifests: string[] = [];
  const problems: string[] = [];
  let visited = 0;
  const queue: Array<{ dir: string; depth: number }> = [{ dir: root, depth: 0 }];
  while (queue.length > 0) {
    const { dir, depth } = queue.shift()!;
    if (++visited > maxDirs) {
      problems.push(`Stopped looking for package.json after ${maxDirs} folders under ${root}.`);
      break;
    }
    let entries;
    try {
      entries = await fs.readDir(dir);
    } catch (e) {
      problems.push(`Cannot read folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      continue;
    }
    for (const entry of entries) {
      if (entry.isFile && entry.name === 'package.json') manifests.push(`${dir}/package.json`);
      else if (entry.isDirectory && !entry.isSymbolicLink && !SKIP_DIRS.has(entry.name) && depth < maxDepth) {
        queue.push({ dir: `${dir}/${entry.name}`, depth: depth + 1 });
      }
    }
  }
  const units: PackagingUnit[] = [];
  for (const manifestPath of manifests.sort()) {
    const text = (await fs.readText(manifestPath)) ?? '';
    units.push(makeUnit(manifestPath, text));
  }
  // pnpm keeps its workspace globs in pnpm-workspace.yaml instead of package.json.
  const pnpmGlobs = new Map<string, string[]>();
  for (const unit of units) {
    const yaml = await fs.readText(`${unit.root}/pnpm-workspace.yaml`);
    if (yaml !== undefined) pnpmGlobs.set(unit.root, parsePnpmWorkspace(yaml));
  }
  linkWorkspaces(units, pnpmGlobs);
  const filtered = filterUnits(units, root, opts.units);
  return { units: filtered.units, problems, skipped: filtered.skipped };
}

/** Builds a unit from a manifest's text (also used for package.json inside archives). */
export function makeUnit(manifestPath: string, text: string): PackagingUnit {
  const errors: ParseError[] = [];
  const clean = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text; // keep offsets stable over a BOM
  const tree = parseTree(clean, errors, { allowTrailingComma: true, disallowComments: false });
  const value = tree ? getNodeValue(tree) : undefined;
  const manifest = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const root = toPosix(path.dirname(manifestPath));
  const engines = manifest?.engines;
  // `engines.vscode` also marks libraries for extensions (vscode-languageclient: typings, no
  // publisher, no contributions, no activation events), published with npm (issue #23).
  const extensionSignals = manifest?.publisher !== undefined || manifest?.contributes !== undefined || manifest?.activationEvents !== undefined;
  const librarySignals = manifest?.types !== undefined || manifest?.typings !== undefined || manifest?.exports !== undefined;
  const isExtension = !!engines && typeof engines === 'object' && typeof (engines as Record<string, unknown>).vscode === 'string' && (extensionSignals || !librarySignals);
  const kind: UnitKind = manifest?.private === true ? 'private' : isExtension ? 'vscode-extension' : 'npm';
  const publishConfig = manifest?.publishConfig;
  const dir = publishConfig && typeof publishConfig === 'object' ? (publishConfig as Record<string, unknown>).directory : undefined;
  return {
    root,
    kind,
    manifestPath: toPosix(manifestPath),
    manifestText: text,
    manifest,
    manifestTree: tree,
    parseErrors: errors,
    name: typeof manifest?.name === 'string' ? manifest.name : undefined,
    workspaceRoot: undefined,
    workspaces: [],
    publishDirectory: typeof dir === 'string' && dir.trim() ? toPosix(path.resolve(root, dir)) : undefined,
  };
}

/** Workspace globs of a manifest: npm/yarn `workspaces` (array or `{ packages }`). pnpm's file is read by the caller. */
export function workspaceGlobs(manifest: Record<string, unknown> | undefined): string[] {
  const ws = manifest?.workspaces;
  const list = Array.isArray(ws) ? ws : ws && typeof ws === 'object' ? (ws as { packages?: unknown }).packages : undefined;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

/** The `packages:` globs of a pnpm-workspace.yaml (a plain YAML list; anything else is ignored). */
export function parsePnpmWorkspace(yaml: string): string[] {
  const out: string[] = [];
  let inPackages = false;
  for (const raw of yaml.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '');
    if (/^packages\s*:/.test(line)) {
      inPackages = true;
      const inline = /^packages\s*:\s*\[(.*)\]\s*$/.exec(line);
      if (inline) {
        out.push(...inline[1].split(',').map((x) => x.trim().replace(/^['"]|['"]$/g, '')).filter(Boolean));
        inPackages = false;
      }
      continue;
    }
    if (inPackages) {
      const m = /^\s+-\s*(.+?)\s*$/.exec(line);
      if (m) out.push(m[1].replace(/^['"]|['"]$/g, ''));
      else if (/^\S/.test(line)) inPackages = false;
    }
  }
  return out;
}

function linkWorkspaces(units: PackagingUnit[], pnpmGlobs: Map<string, string[]> = new Map()): void {
  for (const rootUnit of units) {
    const globs = [...workspaceGlobs(rootUnit.manifest), ...(pnpmGlobs.get(rootUnit.root) ?? [])];
    if (globs.length === 0) continue;
    for (const unit of units) {
      if (unit === rootUnit || !unit.root.startsWith(rootUnit.root + '/')) continue;
      const rel = unit.root.slice(rootUnit.root.length + 1);
      const positive = globs.filter((g) => !g.startsWith('!'));
      const negative = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
      const norm = (g: string) => g.replace(/^\.\//, '').replace(/\/+$/, '');
      if (positive.some((g) => minimatch(rel, norm(g))) && !negative.some((g) => minimatch(rel, norm(g)))) {
        if (!unit.workspaceRoot || unit.workspaceRoot.length < rootUnit.root.length) unit.workspaceRoot = rootUnit.root;
        rootUnit.workspaces.push(unit.root);
      }
    }
  }
}

/** Offsets of the node at `jsonPath` in a unit's manifest. */
export function manifestNode(unit: PackagingUnit, jsonPath: (string | number)[]): JsonNode | undefined {
  return unit.manifestTree ? findNodeAtLocation(unit.manifestTree, jsonPath) : undefined;
}
