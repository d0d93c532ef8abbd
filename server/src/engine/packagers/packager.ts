/**
 * The `Packager` interface (issue #21): what the engine asks of the tool that turns a unit into
 * something shipped (an npm tarball, a .vsix, an sdist and a wheel, a container image). The
 * workspace model, the runner, `leakguard ls` / `explain`, the language server and the Publish Set
 * view ask the unit's packager (`packagerFor(unit)`, packagers/registry.ts) instead of switching on
 * kinds. Adding a packager is one folder under engine/packagers/ exporting a `Packager`, plus one
 * line in registry.ts (CONTRIBUTING.md, "Add a packager").
 *
 * A packager:
 * - claims manifest file names during the one workspace walk and turns them into units (`detect`);
 * - computes the publish set: every shipped file with the reason it ships (`publishSet`), and
 *   explains one path (`explain`), also for paths a build would write (`wouldShip`);
 * - says which paths must keep shipping (`entryPoints`) and how its own files express "not this"
 *   (`excludeCandidates`: the one exclude fix; every candidate is verified by recomputing the set,
 *   publish/exclude.ts), and how a unit reads after such an edit (`reread`);
 * - names the files that decide its publish set (`decidesPublishSet`, `ignoreFiles`) with the text
 *   hovers and lenses show for them (`ignoreFileInfo`).
 */
import type { FileSystem } from '../safe/fs';
import type { PackagingUnit, DiscoverOptions, PackagerId } from '../unit';
import type { PathExplanation, PublishSet } from '../publish/types';
import type { ExcludeCandidate, ExcludeRequest } from '../publish/exclude-kit';

export type { PackagerId } from '../unit';

/** What the workspace walk hands a packager's `detect`. */
export interface DetectContext {
  /** The analysed folder, absolute, `/` separators. */
  folder: string;
  /** Absolute paths of the files this packager claimed (`claims`) during the walk, sorted. */
  manifests: string[];
  /** Symbolic links met during the walk (never entered); npm matches workspace folders to them. */
  links: string[];
  /** Options of discoverUnits (forced packer, no upward search ...). */
  options: DiscoverOptions;
  /** Where to report problems (unreadable or hostile manifests). */
  problems: string[];
}

/** Options every packager accepts when computing a publish set. */
export interface PackagerSetOptions {
  /** Texts that replace files on disk (a fix being verified); packagers that read through `fs` may ignore it. */
  ignoreFileTexts?: ReadonlyMap<string, string>;
  /** npm: the monorepo root whose ignore files apply (`null`: the unit on its own); see NpmPublishOptions. */
  workspaceRoot?: string | null;
}

/** Hover / lens text for one file that decides a publish set (an ignore file, a manifest). */
export interface IgnoreFileInfo {
  /** Short title, e.g. `.dockerignore: decides what docker build sends as the build context`. */
  title: string;
  /** Markdown paragraph: what the file does for this packager, and its syntax in one sentence. */
  detail: string;
}

export interface Packager {
  id: PackagerId;
  /** What a unit is, in words: `npm package`, `VS Code extension`, `Python package`, `container image`. */
  label: string;
  /**
   * Globs (by file name, any folder) of the manifests this packager detects units from: the walk
   * hands matching files to `detect`, and package.json's `activationEvents` name them
   * (`workspaceContains:**\/<name>`; a test keeps the two in step).
   */
  manifestNames: readonly string[];
  /** True when the walk should hand `name` (a regular file's base name) to `detect`. */
  claims(name: string): boolean;
  /**
   * Units from the claimed manifests. Absent when another packager's detection creates this
   * packager's units (vsce: every package.json is read by npm's detection, which marks extensions).
   */
  detect?(fs: FileSystem, ctx: DetectContext): Promise<PackagingUnit[]>;
  /** The tool whose file selection the unit's publish set reproduces (`PublishSet.tool`). */
  toolOf(unit: PackagingUnit): PublishSet['tool'];
  /** The files the unit would ship, each with its reason. Never throws: problems go in the set. */
  publishSet(fs: FileSystem, unit: PackagingUnit, opts?: PackagerSetOptions): Promise<PublishSet>;
  /** Why `relPath` (relative to the pack root, or absolute) is or is not shipped. Never throws. */
  explain(fs: FileSystem, unit: PackagingUnit, relPath: string, opts?: PackagerSetOptions): Promise<PathExplanation>;
  /**
   * For paths relative to the pack root: do they ship, or would they if a build wrote them
   * (`hypothetical`)? Absent when the packager cannot answer for files that do not exist.
   */
  wouldShip?(fs: FileSystem, unit: PackagingUnit, relPaths: readonly string[], opts: PackagerSetOptions & { publishSet?: PublishSet }): Promise<PathExplanation[]>;
  /** Paths (relative to the pack root) that must keep shipping after any fix (main, bin, a Python package's modules ...). */
  entryPoints(unit: PackagingUnit, set?: PublishSet): string[];
  /**
   * Candidate edits of the packager's own files that keep `req` out of the set, preferred first.
   * None is trusted as written: publish/exclude.ts verifies each by recomputing the set.
   */
  excludeCandidates(unit: PackagingUnit, set: PublishSet, req: ExcludeRequest, readText: (abs: string) => Promise<string | undefined>): Promise<ExcludeCandidate[]>;
  /** The unit as it reads after an edit (in memory: `fs` sees `texts`), at the same place in the workspace. */
  reread(fs: FileSystem, unit: PackagingUnit, texts: ReadonlyMap<string, string>): Promise<PackagingUnit>;
  /** True when editing `file` (absolute) can change the unit's publish set: its manifest, its ignore files. */
  decidesPublishSet(unit: PackagingUnit, file: string): boolean;
  /**
   * False for shipped files the content rules (file rules) should not read: the set stays truthful
   * for `ls`, explain and the path rules, but third-party trees copied wholesale (an image's
   * `node_modules/`) are not scanned line by line. Absent: every shipped text file is scanned.
   */
  scansContent?(unit: PackagingUnit, relPath: string): boolean;
  /** Hover / lens text for a file that decides the unit's publish set; undefined for other files. */
  ignoreFileInfo(unit: PackagingUnit, file: string): IgnoreFileInfo | undefined;
}
