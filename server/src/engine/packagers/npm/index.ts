/**
 * npm as a packager: units from package.json (npm packages, private packages; extensions are
 * marked for vsce), publish sets by the unit's own packer (#16): npm-packlist 10 (`npm pack`),
 * pnpm's npm-packlist 5 (`pnpm pack`), yarn berry's pack rules (`yarn pack`). The engines predate
 * the Packager interface and live in publish/ (npm.ts, pnpm.ts, yarn.ts); the exclude fix (package.json
 * `files` negations, `.npmignore` created from `.gitignore`) is `npmExcluder` in publish/exclude.ts.
 */
import * as path from 'node:path';
import type { Packager } from '../packager';
import type { PackagingUnit } from '../../unit';
import { detectPackageJsonUnits, makeUnit } from './detect';
import { computeNpmPublishSet, explainNpmPath, explainNpmPaths } from '../../publish/npm';
import { computePnpmPublishSet, explainPnpmPath } from '../../publish/pnpm';
import { computeYarnPublishSet, explainYarnPath } from '../../publish/yarn';
import { npmExcluder } from '../../publish/exclude-kit';
import type { PublishSet } from '../../publish/types';
import { isInside } from '../../paths';

function emptySet(unit: PackagingUnit): PublishSet {
  return { unit, tool: 'npm-packlist', files: [], byPath: new Map(), problems: [], packRoot: unit.root };
}

/**
 * The unit as it reads after an edit replaced its package.json text: only what the manifest says
 * changes; where the unit sits (workspace roots, its packer) does not. Shared with vsce.
 */
export function packageJsonUnitAfter(unit: PackagingUnit, texts: ReadonlyMap<string, string>): PackagingUnit {
  const text = texts.get(unit.manifestPath);
  if (text === undefined) return unit;
  const next = makeUnit(unit.manifestPath, text);
  return { ...unit, kind: next.kind, packager: next.packager, manifestText: next.manifestText, manifest: next.manifest, manifestTree: next.manifestTree, parseErrors: next.parseErrors, name: next.name, publishDirectory: next.publishDirectory };
}

const NPM_IGNORE = /(^|\/)\.(npm|git)ignore$/;

export const npmPackager: Packager = {
  id: 'npm',
  label: 'npm package',
  manifestNames: ['package.json'],
  claims: (name) => name === 'package.json',
  detect: (fs, ctx) => detectPackageJsonUnits(fs, ctx),
  toolOf: (unit) => (unit.kind !== 'private' && (unit.tool === 'pnpm' || unit.tool === 'yarn') ? unit.tool : 'npm-packlist'),
  async publishSet(fs, unit, opts = {}) {
    // A private package is never published: its set is empty.
    if (unit.kind === 'private') return emptySet(unit);
    // The unit's own packer (#16): pnpm and yarn berry select files by their own rules.
    if (unit.tool === 'pnpm') return computePnpmPublishSet(fs, unit);
    if (unit.tool === 'yarn') return computeYarnPublishSet(fs, unit);
    return computeNpmPublishSet(fs, unit, opts);
  },
  async explain(fs, unit, relPath, opts = {}) {
    if (unit.kind === 'private') return { path: relPath, included: false, exclusion: { kind: 'private' }, tool: 'npm-packlist', problems: [] };
    if (unit.tool === 'pnpm') return explainPnpmPath(fs, unit, relPath);
    if (unit.tool === 'yarn') return explainYarnPath(fs, unit, relPath);
    return explainNpmPath(fs, unit, relPath, opts);
  },
  async wouldShip(fs, unit, rels, opts) {
    if (unit.kind === 'private') return rels.map((rel) => ({ path: rel, included: false, exclusion: { kind: 'private' as const }, tool: 'npm-packlist' as const, problems: [] }));
    return explainNpmPaths(fs, unit, rels, opts);
  },
  entryPoints: (unit) => npmExcluder.entryPoints(unit),
  excludeCandidates: (unit, set, req, readText) => npmExcluder.excludeCandidates(unit, set, req, readText),
  reread: async (_fs, unit, texts) => packageJsonUnitAfter(unit, texts),
  decidesPublishSet: (unit, file) => file === unit.manifestPath || (isInside(unit.root, file) && NPM_IGNORE.test(file)),
  ignoreFileInfo(unit, file) {
    if (file === unit.manifestPath) return { title: 'package.json: "files" is the allowlist npm packs', detail: 'npm packs the entries of **"files"** (plus package.json, README, LICENSE and the entry points); without it, everything not excluded by `.npmignore` (or `.gitignore` when there is none).' };
    const base = path.posix.basename(file);
    if (base === '.npmignore') return { title: '.npmignore: what npm pack leaves out', detail: '**.npmignore** (gitignore syntax) lists what `npm pack` leaves out of this folder; while it exists, the `.gitignore` next to it is not read. A root `.npmignore` is not used when package.json has "files".' };
    if (base === '.gitignore') return { title: '.gitignore: read by npm pack when no .npmignore is next to it', detail: 'npm reads **.gitignore** as its ignore file in folders without a `.npmignore`.' };
    return undefined;
  },
};
