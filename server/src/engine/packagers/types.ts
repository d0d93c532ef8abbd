/**
 * Result types shared by the packagers that are not npm-shaped yet (Python, container images), drawn
 * from `publish/types.ts` (PublishedFile / PublishSet / PathExplanation) so that a future `Packager`
 * interface (#18, #21) can wrap them: a unit found from a manifest, one or more artifacts (sdist and
 * wheel; an image), each a list of files with the reason every file ships, and `explain(path)`.
 */

/** Why a file ships, in words plus the place (config file and 1-based line) that decided it. */
export interface PackagerReason {
  /** Machine-readable cause, e.g. `manifest-in`, `package-module`, `scm-tracked`, `copy`, `default`. */
  kind: string;
  /** One sentence for people, e.g. `MANIFEST.in line 3 "graft docs"`. */
  text: string;
  /** Absolute path of the file whose content decided (pyproject.toml, MANIFEST.in, Dockerfile ...). */
  file?: string;
  /** 1-based line in `file`, when known. */
  line?: number;
  /** The pattern or instruction text that decided. */
  pattern?: string;
  /** Container images: the `.dockerignore` line that was consulted and failed to exclude the file. */
  ignoreFile?: string;
  ignoreLine?: number;
}

export interface PackagerFile {
  /** Path inside the artifact (wheel path, path in the sdist under its `name-version/` folder, path in the image). */
  path: string;
  /** Path of the source file relative to the unit root (the build context for images), `/` separators. */
  source: string;
  /** Absolute path of the source file, `/` separators. */
  abs: string;
  size: number;
  reason: PackagerReason;
}

/** One artifact of a unit: an sdist, a wheel, an image. */
export interface PackagerArtifact {
  artifact: 'sdist' | 'wheel' | 'image';
  /** The tool whose selection this reproduces, e.g. `setuptools`, `hatchling`, `docker build`. */
  tool: string;
  files: PackagerFile[];
  /** Keyed by `path` (the path inside the artifact). */
  byPath: Map<string, PackagerFile>;
  /** Problems computing the set; the set is then best-effort (the real tool may fail). */
  problems: string[];
}

export interface PackagerUnitBase {
  /** Absolute folder of the unit (the project folder; the build context), `/` separators. */
  root: string;
  /** Absolute path of the manifest the unit was detected from (pyproject.toml, setup.py, Dockerfile). */
  manifestPath: string;
  name: string | undefined;
  /** Problems reading the manifest (syntax errors ...). */
  problems: string[];
}

/** The answer to "why is this source file (not) in each artifact?". */
export interface PackagerExplanation {
  /** Source path relative to the unit root. */
  path: string;
  artifacts: Array<{
    artifact: PackagerArtifact['artifact'];
    tool: string;
    included: boolean;
    /** Paths inside the artifact (one source can ship twice, e.g. copied by two COPY lines). */
    paths: string[];
    reasons: PackagerReason[];
    /** Why not, in words, when not included. */
    exclusion?: string;
  }>;
}

export function artifactOf(artifact: PackagerArtifact['artifact'], tool: string, files: PackagerFile[], problems: string[]): PackagerArtifact {
  const byPath = new Map<string, PackagerFile>();
  for (const f of files) if (!byPath.has(f.path)) byPath.set(f.path, f);
  const uniq = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { artifact, tool, files: uniq, byPath, problems };
}
