/**
 * What a packaging unit is (the workspace model's vocabulary): a leaf module, so the packagers and
 * the publish engines can name units without importing the workspace walk (no import circles, #18).
 */
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import type { SkippedUnit, UnitFilterOptions } from './config/unit-filter';

/** The registered packagers (engine/packagers/registry.ts). */
export type PackagerId = 'npm' | 'vsce' | 'python' | 'docker';


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

