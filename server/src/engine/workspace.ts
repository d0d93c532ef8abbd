/**
 * The workspace model: which packaging units live under a folder.
 *
 * One walk of the folder hands every file a registered packager claims (engine/packagers/registry.ts)
 * to that packager's `detect`. For npm, every `package.json` outside `node_modules` is a unit: an
 * npm package, a VS Code extension (`engines.vscode`, packed by vsce), or a private package
 * (`"private": true`, never published by npm but still analysed for rules such as
 * publish-workspace-root-not-private); that detection lives here (`detectPackageJsonUnits`).
 */
import * as path from 'node:path';
import { type Node as JsonNode, type ParseError, findNodeAtLocation, getNodeValue } from 'jsonc-parser';
import { parseTreeBounded as parseTree, jsonDepthExceeded, tooDeepMessage } from './safe/json-depth';
import { minimatch } from './safe/glob';
import type { FileSystem } from './safe/fs';
import { toPosix } from './paths';
import { filterUnits, type SkippedUnit, type UnitFilterOptions } from './config/unit-filter';
import type { DetectContext, PackagerId } from './packagers/packager';
import { allPackagers } from './packagers/registry';

/** What a unit is: an npm package, a VS Code extension, a private package; a Python package, a container image (#21). */
export type UnitKind = 'npm' | 'vscode-extension' | 'private' | 'python' | 'container';

/**
 * The tool that packs a unit, whose file selection the publish set reproduces (#16):
 * `npm pack`, `pnpm pack` (pnpm workspaces, pnpm-lock.yaml, `packageManager: pnpm@…`),
 * `yarn pack` of yarn berry (`.yarnrc.yml`, `packageManager: yarn@2+`), `vsce package`.
 */
export type PackTool = 'npm' | 'pnpm' | 'yarn' | 'vsce';
export const PACK_TOOLS: readonly PackTool[] = ['npm', 'pnpm', 'yarn', 'vsce'];

export interface PackagingUnit {
  /** Absolute folder of the package.json (of the Python project; the build context), `/` separators. */
  root: string;
  kind: UnitKind;
  /**
   * The packager that ships the unit (engine/packagers/registry.ts, `packagerFor`). Absent in units
   * built by hand (tests, archives): then vsce for extensions, npm otherwise.
   */
  packager?: PackagerId;
  /**
   * Unique among the units of one analysis (several packagers can share a folder: package.json,
   * pyproject.toml and a Dockerfile). The root for package.json units; absent means the root.
   */
  id?: string;
  /** The packager's own model of the unit (a PythonUnit, a DockerUnit); read it through that packager's accessor. */
  detail?: unknown;
  manifestPath: string;
  manifestText: string;
  /** Parsed manifest, or undefined when package.json is not a JSON object. */
  manifest: Record<string, unknown> | undefined;
  manifestTree: JsonNode | undefined;
  /** JSON syntax errors in package.json (offsets into manifestText). */
  parseErrors: ParseError[];
  name: string | undefined;
  /**
   * The monorepo root whose workspaces include this unit (npm/yarn `workspaces` or
   * pnpm-workspace.yaml), when any; found upward even above the scanned folder (#16).
   */
  workspaceRoot: string | undefined;
  /**
   * The root whose package.json `workspaces` include this unit: the only kind npm knows (npm reads
   * the ignore files from there down). Undefined for a pnpm-only workspace.
   */
  npmWorkspaceRoot?: string;
  /** Which tool publishes this unit (see {@link PackTool}); decided by discoverUnits. */
  tool?: PackTool;
  /** Absolute paths of this unit's workspace packages, when it is a monorepo root (npm only). */
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
  /** Use this packer for every npm unit instead of detecting it (`leakguard ls --tool`). */
  tool?: PackTool;
  /** Do not look above `folder` for a workspace root (the units then stand alone). */
  noUpward?: boolean;
}

export interface DiscoverResult {
  units: PackagingUnit[];
  /** Folders that could not be read, and other problems worth a message. */
  problems: string[];
  /** Folders with a package.json that are not units (test fixtures, examples, vendored tools, `units.exclude`). */
  skipped: SkippedUnit[];
}

/** Finds every packaging unit under `folder`, for every registered packager. Never follows symbolic links. */
export async function discoverUnits(fs: FileSystem, folder: string, opts: DiscoverOptions = {}): Promise<DiscoverResult> {
  const maxDepth = opts.maxDepth ?? 12;
  const maxDirs = opts.maxDirs ?? 50_000;
  const root = toPosix(path.resolve(folder));
  const detecting = allPackagers().filter((p) => p.detect);
  const claimed = new Map<PackagerId, string[]>(detecting.map((p) => [p.id, []]));
  const problems: string[] = [];
  /** Symbolic links to folders (a workspace folder may be one): never entered, only matched to units. */
  const links: string[] = [];
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
      const claimers = entry.isFile ? detecting.filter((p) => p.claims(entry.name)) : [];
      if (claimers.length > 0) for (const p of claimers) claimed.get(p.id)!.push(`${dir}/${entry.name}`);
      else if (entry.isSymbolicLink && !SKIP_DIRS.has(entry.name) && links.length < 1000) links.push(`${dir}/${entry.name}`);
      else if (entry.isDirectory && !entry.isSymbolicLink && !SKIP_DIRS.has(entry.name) && depth < maxDepth) {
        queue.push({ dir: `${dir}/${entry.name}`, depth: depth + 1 });
      }
    }
  }
  const units: PackagingUnit[] = [];
  for (const p of detecting) {
    const ctx: DetectContext = { folder: root, manifests: claimed.get(p.id)!.sort(), links, options: opts, problems };
    try {
      units.push(...(await p.detect!(fs, ctx)));
    } catch (e) {
      problems.push(`Cannot detect ${p.label}s under ${root}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  // Test fixtures, examples and vendored tools are not units (#23): one filter, applied last.
  const filtered = filterUnits(units, root, opts.units);
  return { units: filtered.units, problems, skipped: filtered.skipped };
}

/**
 * npm's detection (also vsce's: an extension is a package.json with `engines.vscode`): every
 * package.json is a unit, linked to its workspace root (found upward too, #16), with its packer.
 */
export async function detectPackageJsonUnits(fs: FileSystem, ctx: DetectContext): Promise<PackagingUnit[]> {
  const { folder: root, links, problems, options: opts } = ctx;
  const units: PackagingUnit[] = [];
  for (const manifestPath of ctx.manifests) {
    const text = (await fs.readText(manifestPath)) ?? '';
    // A hostile manifest nested thousands of levels deep is reported and skipped, not the folder.
    if (jsonDepthExceeded(text) >= 0) {
      problems.push(`${manifestPath}: ${tooDeepMessage()}`);
      continue;
    }
    units.push(makeUnit(manifestPath, text));
  }
  // pnpm keeps its workspace globs in pnpm-workspace.yaml instead of package.json.
  const pnpmGlobs = new Map<string, string[]>();
  for (const unit of units) {
    const yaml = await fs.readText(`${unit.root}/pnpm-workspace.yaml`);
    if (yaml !== undefined) pnpmGlobs.set(unit.root, parsePnpmWorkspace(yaml));
  }
  // A workspace folder that is a symbolic link to a package elsewhere under the folder (never outside it).
  const aliases = new Map<string, string[]>();
  if (fs.realPath && links.length > 0) {
    const realRoot = (await fs.realPath(root)) ?? root;
    const byRoot = new Map(units.map((u) => [u.root, u]));
    for (const link of links) {
      const real = await fs.realPath(link);
      if (!real || !real.startsWith(`${realRoot}/`)) continue;
      const target = byRoot.get(`${root}${real.slice(realRoot.length)}`);
      if (target) aliases.set(target.root, [...(aliases.get(target.root) ?? []), link]);
    }
  }
  linkWorkspaces(units, pnpmGlobs, aliases);
  // A scan below the workspace root finds the root upward, exactly as npm, pnpm and yarn do (#16).
  if (!opts.noUpward) await linkUpward(fs, root, units);
  const markers = new Map<string, Promise<FolderMarkers | undefined>>();
  const cached = (dir: string) => {
    let m = markers.get(dir);
    if (!m) markers.set(dir, (m = readMarkers(fs, dir)));
    return m;
  };
  for (const unit of units) unit.tool = await detectTool(fs, unit, opts.tool, cached);
  return units;
}

/** Markers read in one folder while looking for a workspace root or a packer. */
export interface FolderMarkers {
  dir: string;
  manifest: Record<string, unknown> | undefined;
  pnpmGlobs: string[] | undefined;
  hasGit: boolean;
  files: Set<string>;
}

const MARKER_FILES = ['package.json', 'pnpm-workspace.yaml', '.yarnrc.yml', 'pnpm-lock.yaml', 'yarn.lock', 'package-lock.json'];

/**
 * Reads the markers of one folder: only regular files named in MARKER_FILES (never a symbolic
 * link, never any other file) and whether a `.git` entry exists.
 */
async function readMarkers(fs: FileSystem, dir: string): Promise<FolderMarkers | undefined> {
  let entries;
  try {
    entries = await fs.readDir(dir);
  } catch {
    return undefined;
  }
  const files = new Set(entries.filter((e) => e.isFile && !e.isSymbolicLink && MARKER_FILES.includes(e.name)).map((e) => e.name));
  let manifest: Record<string, unknown> | undefined;
  if (files.has('package.json')) {
    const unit = makeUnit(`${dir}/package.json`, (await fs.readText(`${dir}/package.json`)) ?? '');
    manifest = unit.manifest;
  }
  let pnpmGlobs: string[] | undefined;
  if (files.has('pnpm-workspace.yaml')) pnpmGlobs = parsePnpmWorkspace((await fs.readText(`${dir}/pnpm-workspace.yaml`)) ?? '');
  return { dir, manifest, pnpmGlobs, hasGit: entries.some((e) => e.name === '.git'), files };
}

function globsInclude(globs: string[], rel: string): boolean {
  const norm = (g: string) => g.replace(/^\.\//, '').replace(/\/+$/, '');
  const positive = globs.filter((g) => !g.startsWith('!'));
  const negative = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  return positive.some((g) => minimatch(rel, norm(g))) && !negative.some((g) => minimatch(rel, norm(g)));
}

/**
 * The folders above `folder` that can hold a workspace root, nearest first. Bounded: stops after
 * the first folder with workspaces (package.json `workspaces` or pnpm-workspace.yaml), at a folder
 * with `.git` (the repository root), at the file system root or after 32 levels. Reads only
 * MARKER_FILES (see readMarkers); lexical parents of the resolved path, no symbolic link followed.
 */
export async function ancestorMarkers(fs: FileSystem, folder: string): Promise<FolderMarkers[]> {
  const out: FolderMarkers[] = [];
  let dir = toPosix(path.resolve(folder));
  for (let i = 0; i < 32; i++) {
    const parent = toPosix(path.dirname(dir));
    if (parent === dir) break;
    dir = parent;
    const m = await readMarkers(fs, dir);
    if (!m) break;
    out.push(m);
    if (workspaceGlobs(m.manifest).length > 0 || m.pnpmGlobs !== undefined || m.hasGit) break;
  }
  return out;
}

/** Links units that have no workspace root under the scanned folder to one found above it. */
async function linkUpward(fs: FileSystem, folder: string, units: PackagingUnit[]): Promise<void> {
  const orphans = units.filter((u) => !u.workspaceRoot);
  if (orphans.length === 0) return;
  const above = await ancestorMarkers(fs, folder);
  const top = above[above.length - 1];
  if (!top) return;
  const npmGlobs = workspaceGlobs(top.manifest);
  const linked = await linkedWorkspaceFolders(fs, top.dir, [...npmGlobs, ...(top.pnpmGlobs ?? [])]);
  for (const unit of orphans) {
    const real = linked.size > 0 && fs.realPath ? await fs.realPath(unit.root) : undefined;
    const rel = linked.get(real ?? unit.root) ?? unit.root.slice(top.dir.length + 1);
    const byNpm = npmGlobs.length > 0 && globsInclude(npmGlobs, rel);
    const byPnpm = top.pnpmGlobs !== undefined && globsInclude(top.pnpmGlobs, rel);
    if (byNpm || byPnpm) unit.workspaceRoot = top.dir;
    if (byNpm) unit.npmWorkspaceRoot = top.dir;
  }
}

/**
 * Workspace folders that are symbolic links, found from above: for each glob `dir/*` (no other
 * wildcard), the links in `root/dir`, by real path → their path relative to `root`. One folder
 * listing per glob; the links' targets are resolved, never read.
 */
async function linkedWorkspaceFolders(fs: FileSystem, root: string, globs: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!fs.realPath) return out;
  for (const g of globs.slice(0, 50)) {
    const m = /^(?:\.\/)?([^*?[\]{}!]+)\/\*\/?$/.exec(g);
    if (!m) continue;
    let entries;
    try {
      entries = await fs.readDir(`${root}/${m[1]}`);
    } catch {
      continue;
    }
    for (const e of entries.filter((x) => x.isSymbolicLink).slice(0, 1000)) {
      const real = await fs.realPath(`${root}/${m[1]}/${e.name}`);
      if (real) out.set(real, `${m[1]}/${e.name}`);
    }
  }
  return out;
}

/** The packer named by a `packageManager` field (`pnpm@9.1.0`, `yarn@4.1.0`; yarn 1 packs like npm). */
function toolFromPackageManager(manifest: Record<string, unknown> | undefined): PackTool | undefined {
  const pm = manifest?.packageManager;
  if (typeof pm !== 'string') return undefined;
  const m = /^(npm|pnpm|yarn)@(\d+)/.exec(pm.trim());
  if (!m) return undefined;
  if (m[1] === 'yarn') return Number(m[2]) >= 2 ? 'yarn' : 'npm';
  return m[1] as PackTool;
}

/**
 * Which tool publishes `unit`: vsce for extensions; else the `packageManager` field of the unit
 * or its workspace root; else the project's files (pnpm-workspace.yaml or pnpm-lock.yaml → pnpm,
 * .yarnrc.yml or a berry yarn.lock → yarn); else npm. `forced` overrides the detection.
 */
async function detectTool(fs: FileSystem, unit: PackagingUnit, forced: PackTool | undefined, markersOf: (dir: string) => Promise<FolderMarkers | undefined>): Promise<PackTool> {
  if (unit.kind === 'vscode-extension') return forced === 'vsce' || !forced ? 'vsce' : forced;
  if (forced && forced !== 'vsce') return forced;
  const projectRoot = unit.workspaceRoot ?? unit.root;
  const fromField = toolFromPackageManager(unit.manifest) ?? (projectRoot !== unit.root ? toolFromPackageManager((await markersOf(projectRoot))?.manifest) : undefined);
  if (fromField) return fromField;
  const m = await markersOf(projectRoot);
  if (!m) return 'npm';
  if (m.files.has('pnpm-workspace.yaml') || m.files.has('pnpm-lock.yaml')) return 'pnpm';
  if (m.files.has('.yarnrc.yml')) return 'yarn';
  if (m.files.has('yarn.lock') && /^__metadata:/m.test((await fs.readText(`${projectRoot}/yarn.lock`)) ?? '')) return 'yarn';
  return 'npm';
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
    packager: kind === 'vscode-extension' ? 'vsce' : 'npm',
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

function linkWorkspaces(units: PackagingUnit[], pnpmGlobs: Map<string, string[]> = new Map(), aliases: Map<string, string[]> = new Map()): void {
  for (const rootUnit of units) {
    const globs = [...workspaceGlobs(rootUnit.manifest), ...(pnpmGlobs.get(rootUnit.root) ?? [])];
    if (globs.length === 0) continue;
    for (const unit of units) {
      if (unit === rootUnit || !unit.root.startsWith(rootUnit.root + '/')) continue;
      // The unit's own path, or a symbolic link to it, that the workspace globs name.
      const rel = [unit.root, ...(aliases.get(unit.root) ?? [])].filter((p) => p.startsWith(rootUnit.root + '/')).map((p) => p.slice(rootUnit.root.length + 1)).find((r) => globsInclude(globs, r)) ?? unit.root.slice(rootUnit.root.length + 1);
      const positive = globs.filter((g) => !g.startsWith('!'));
      const negative = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
      const norm = (g: string) => g.replace(/^\.\//, '').replace(/\/+$/, '');
      if (positive.some((g) => minimatch(rel, norm(g))) && !negative.some((g) => minimatch(rel, norm(g)))) {
        if (!unit.workspaceRoot || unit.workspaceRoot.length < rootUnit.root.length) unit.workspaceRoot = rootUnit.root;
        if (workspaceGlobs(rootUnit.manifest).length > 0 && globsInclude(workspaceGlobs(rootUnit.manifest), rel)) {
          if (!unit.npmWorkspaceRoot || unit.npmWorkspaceRoot.length < rootUnit.root.length) unit.npmWorkspaceRoot = rootUnit.root;
        }
        rootUnit.workspaces.push(unit.root);
      }
    }
  }
}

/** Offsets of the node at `jsonPath` in a unit's manifest. */
export function manifestNode(unit: PackagingUnit, jsonPath: (string | number)[]): JsonNode | undefined {
  return unit.manifestTree ? findNodeAtLocation(unit.manifestTree, jsonPath) : undefined;
}
