/**
 * Publish sets: the files a packaging unit would upload, each with the reason it ships.
 * "Why does this file ship?" is the question every publish finding answers.
 */
import type { PackagingUnit } from '../unit';
import type { PackagerArtifact, PackagerReason } from '../packagers/types';

export type InclusionReason =
  /** Matched an entry of package.json `files` (index into the array, the entry text). */
  | { kind: 'files-entry'; entry: string; index: number }
  /**
   * No `files`: nothing excluded it. `ignoreFile` is the ignore file that was consulted in the
   * nearest folder and failed to exclude it (absolute path), or undefined when no ignore file applied.
   * `shadowedGitignore` is set when a `.npmignore` in that folder disabled a `.gitignore` there.
   */
  | { kind: 'not-ignored'; via: 'npmignore' | 'gitignore' | 'vscodeignore' | 'none'; ignoreFile?: string; shadowedGitignore?: string }
  /** Re-included by a negation line of an ignore file (1-based line). */
  | { kind: 'negation'; ignoreFile: string; line: number; pattern: string }
  /** Always shipped by the packer: package.json, README, LICENSE, main, browser, bin targets (yarn also CHANGELOG, module). */
  | { kind: 'always'; what: 'package.json' | 'readme' | 'license' | 'main' | 'browser' | 'bin' | 'changelog' | 'module' }
  /** Not in the package folder: the packer copies it in (pnpm: the workspace root's LICENSE when the package has none). */
  | { kind: 'copied'; from: string }
  /** Bundled dependency (bundleDependencies). */
  | { kind: 'bundled-dependency'; name: string }
  /** The file is inside a built artifact (.tgz / .vsix) being scanned as it is. */
  | { kind: 'artifact'; archive: string }
  /**
   * Chosen by a packager without npm's shapes (Python sdist/wheel, container image, #21): where it
   * lands in each artifact and why (`text`, the deciding file and 1-based line); `text` is the first reason's.
   */
  | { kind: 'packager'; text: string; file?: string; line?: number; pattern?: string; shipsIn: ShipsIn[] };

/** One place a source file lands in an artifact (an sdist, a wheel, an image), with the reason. */
export interface ShipsIn {
  artifact: PackagerArtifact['artifact'];
  /** Path inside the artifact. */
  path: string;
  reason: PackagerReason;
}

export interface PublishedFile {
  /** Path relative to the unit root (for archives: inside the package folder), `/` separators. */
  path: string;
  /** Absolute path on disk; for archive entries, `<archive>!/<path>`. */
  abs: string;
  size: number;
  reason: InclusionReason;
}

export interface PublishSet {
  unit: PackagingUnit;
  /**
   * The packer whose selection this is: npm (npm-packlist), pnpm, yarn (berry), vsce; a Python build
   * backend (sdist + wheel); docker build (the final image); or an archive / build output.
   */
  tool: 'npm-packlist' | 'pnpm' | 'yarn' | 'vsce' | 'setuptools' | 'hatchling' | 'poetry-core' | 'flit' | 'docker' | 'archive' | 'build-output';
  files: PublishedFile[];
  byPath: Map<string, PublishedFile>;
  /** Problems computing the set (unreadable folder, ...); the set is then best-effort. */
  problems: string[];
  /**
   * Folder that is packed, `/` separators: the unit root, or `publishConfig.directory` when set.
   * `PublishedFile.path` is relative to it (the path inside the tarball). Undefined for archives.
   */
  packRoot?: string;
  /**
   * Packagers with several artifacts or paths that differ from the source (Python: sdist and wheel;
   * containers: the image): each artifact with the paths inside it. `files` holds the union, by source path.
   */
  artifacts?: PackagerArtifact[];
  /** Ignore-file or `files` patterns refused by the glob bounds (engine/safe/glob.ts): never matched, listed in `problems`. */
  refusedGlobs?: number;
}

/** Why a file is NOT in a publish set (the answer of `leakguard explain`). */
export type ExclusionReason =
  /** A line of an ignore file excluded it (1-based line). `folder` is set when a parent folder was excluded. */
  | { kind: 'ignore-file'; via: 'npmignore' | 'gitignore' | 'vscodeignore'; ignoreFile: string; line: number; pattern: string; folder?: string }
  /** package.json has `files` and no entry matched it. */
  | { kind: 'not-in-files'; folder?: string }
  /** A `!pattern` entry of package.json `files` excluded it. */
  | { kind: 'files-negation'; entry: string; index: number; folder?: string }
  /** One of the packer's built-in default excludes (`.git`, `.npmrc`, `*.orig`, vsce's list ...); can be overridden. */
  | { kind: 'default'; pattern: string; folder?: string }
  /** One of the packer's strict excludes (`/node_modules`, `.npmrc`, lockfiles); cannot be overridden. */
  | { kind: 'strict'; pattern: string; folder?: string }
  /** Packing a monorepo root leaves its workspace folders out. */
  | { kind: 'workspace'; pattern: string; folder?: string }
  /** Symbolic links, sockets and the like are never packed; names containing `*` neither. */
  | { kind: 'not-a-file' }
  /** The path does not exist, or is a folder. */
  | { kind: 'not-found' }
  | { kind: 'is-directory' }
  /** The path is outside the folder that is packed. */
  | { kind: 'outside' }
  /** A packager without npm's shapes (Python, containers) said why not, in words. */
  | { kind: 'packager'; text: string }
  /** The unit is `private` (never published) or the set could not be computed. */
  | { kind: 'private' }
  | { kind: 'unknown' };

/** The answer to "why is this file (not) in the publish set?". */
export interface PathExplanation {
  /** Path relative to the pack root, `/` separators. */
  path: string;
  included: boolean;
  reason?: InclusionReason;
  exclusion?: ExclusionReason;
  tool: PublishSet['tool'];
  problems: string[];
  /**
   * The path does not exist (yet): `included` says whether it WOULD ship if a build wrote it,
   * asked of the packer's own rules (npm-packlist's walker, vsce's matcher).
   */
  hypothetical?: boolean;
}

/** The command whose file selection a publish set reproduces, for messages ("why it ships", views, `ls`). */
export function toolLabel(tool: PublishSet['tool']): string {
  switch (tool) {
    case 'npm-packlist':
      return 'npm pack';
    case 'pnpm':
      return 'pnpm pack';
    case 'yarn':
      return 'yarn pack';
    case 'vsce':
      return 'vsce package';
    case 'archive':
      return 'archive';
    case 'build-output':
      return 'build output';
    case 'setuptools':
    case 'hatchling':
    case 'poetry-core':
    case 'flit':
      return `python -m build (${tool})`;
    case 'docker':
      return 'docker build';
  }
}
