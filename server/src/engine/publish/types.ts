/**
 * Publish sets: the files a packaging unit would upload, each with the reason it ships.
 * "Why does this file ship?" is the question every publish finding answers.
 */
import type { PackagingUnit } from '../workspace';

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
  /** Always shipped by the packer: package.json, README, LICENSE, main, browser, bin targets. */
  | { kind: 'always'; what: 'package.json' | 'readme' | 'license' | 'main' | 'browser' | 'bin' }
  /** Bundled dependency (bundleDependencies). */
  | { kind: 'bundled-dependency'; name: string }
  /** The file is inside a built artifact (.tgz / .vsix) being scanned as it is. */
  | { kind: 'artifact'; archive: string };

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
  tool: 'npm-packlist' | 'vsce' | 'archive' | 'build-output';
  files: PublishedFile[];
  byPath: Map<string, PublishedFile>;
  /** Problems computing the set (unreadable folder, ...); the set is then best-effort. */
  problems: string[];
}
