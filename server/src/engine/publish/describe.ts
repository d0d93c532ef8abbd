/** Human words for publish-set explanations (`leakguard explain`, hovers). */
import * as path from 'node:path';
import { toolLabel, type InclusionReason, type PathExplanation, type ExclusionReason } from './types';

export function describeInclusion(r: InclusionReason, root: string): string {
  const rel = (p: string) => path.relative(root, p).split(path.sep).join('/') || p;
  switch (r.kind) {
    case 'files-entry':
      return `matched by "files" entry #${r.index + 1} "${r.entry}" in package.json`;
    case 'not-ignored':
      if (!r.ignoreFile) return 'package.json has no "files" allowlist and no ignore file excludes it';
      return `not excluded by ${rel(r.ignoreFile)}${r.shadowedGitignore ? ` (its presence disables ${rel(r.shadowedGitignore)} in that folder)` : ''}`;
    case 'negation':
      return `re-included by line ${r.line} of ${rel(r.ignoreFile)} ("${r.pattern}")`;
    case 'always':
      return `always published (${r.what})`;
    case 'copied':
      return `copied into the tarball from ${rel(r.from)} (the package has no LICENSE of its own)`;
    case 'bundled-dependency':
      return `part of bundled dependency ${r.name}`;
    case 'artifact':
      return `inside ${path.basename(r.archive)}`;
    case 'packager':
      return r.shipsIn.length > 1 ? r.shipsIn.map((s) => `${s.artifact} ${s.path}: ${s.reason.text}`).join('; ') : r.text;
  }
}

export function describeExclusion(r: ExclusionReason, root: string): string {
  const rel = (p: string) => path.relative(root, p).split(path.sep).join('/') || p;
  const inFolder = (f?: string) => (f ? ` (via its folder ${f})` : '');
  switch (r.kind) {
    case 'ignore-file':
      return `excluded by line ${r.line} of ${rel(r.ignoreFile)} ("${r.pattern}")${inFolder(r.folder)}`;
    case 'not-in-files':
      return `package.json has "files" and no entry matches it${inFolder(r.folder)}`;
    case 'files-negation':
      return `excluded by "files" entry #${r.index + 1} "${r.entry}"${inFolder(r.folder)}`;
    case 'default':
      return `excluded by the packer's default ignore list ("${r.pattern}"; a "files" entry or negation can re-include it)${inFolder(r.folder)}`;
    case 'strict':
      return `always excluded by the packer ("${r.pattern}"; nothing can re-include it)${inFolder(r.folder)}`;
    case 'workspace':
      return `a workspace folder: packing the monorepo root leaves it out ("${r.pattern}")`;
    case 'not-a-file':
      return 'not a regular file (symbolic links and special files are never packed)';
    case 'not-found':
      return 'no such file';
    case 'is-directory':
      return 'a folder: explain one of its files';
    case 'outside':
      return 'outside the folder that is packed';
    case 'packager':
      return r.text;
    case 'private':
      return 'the package is "private": true and is never published';
    case 'unknown':
      return 'the publish set could not be computed';
  }
}

export function describeExplanation(ex: PathExplanation, root: string): string {
  let main = `${toolLabel(ex.tool)}: ${ex.included ? (ex.reason ? describeInclusion(ex.reason, root) : 'published') : ex.exclusion ? describeExclusion(ex.exclusion, root) : 'not published'}`;
  if (ex.hypothetical) main = `no such file yet; ${ex.included ? 'would ship if built' : 'would not ship if built'}: ${main}`;
  return ex.problems.length ? `${main}\n  (${ex.problems.join('; ')})` : main;
}
