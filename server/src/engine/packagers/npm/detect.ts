/**
 * npm's detection (also vsce's: an extension is a package.json with `engines.vscode`): every
 * package.json is a unit, linked to its workspace root (found upward too, #16), with its packer.
 * Moved out of workspace.ts so that the packagers never import the workspace walk (#18: no circles).
 */
import * as path from 'node:path';
import { type Node as JsonNode, type ParseError, findNodeAtLocation, getNodeValue } from 'jsonc-parser';
import { parseTreeBounded as parseTree, jsonDepthExceeded, tooDeepMessage } from '../../safe/json-depth';
import { minimatch } from '../../safe/glob';
import type { FileSystem } from '../../safe/fs';
import { toPosix } from '../../paths';
import type { PackagingUnit, PackTool, UnitKind } from '../../unit';
import type { DetectContext } from '../packager';

/** Units from the package.json files the workspace walk found, linked to their workspace roots, each with its packer. */
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
