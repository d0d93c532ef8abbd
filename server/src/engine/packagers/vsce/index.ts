/**
 * vsce as a packager: VS Code extensions (a package.json with `engines.vscode`, marked by npm's
 * detection), files selected as `vsce package` does (publish/vsce.ts: its default ignore list,
 * `.vscodeignore`, `files`). The exclude fix (`.vscodeignore` lines, narrowed negations or `files`
 * entries, an allowlist) is `vsceExcluder` in publish/exclude.ts.
 */
import * as path from 'node:path';
import type { Packager } from '../packager';
import { computeVsceFileSet, explainVscePath, explainVscePaths } from '../../publish/vsce';
import { vsceExcluder } from '../../publish/exclude-kit';
import { packageJsonUnitAfter } from '../npm';
import { isInside } from '../../paths';

const VSCE_IGNORE = /(^|\/)\.(vscode|git)ignore$/;

export const vscePackager: Packager = {
  id: 'vsce',
  label: 'VS Code extension',
  manifestNames: ['package.json'],
  // Extensions are package.json files: npm's detection reads them and marks them for vsce.
  claims: () => false,
  toolOf: () => 'vsce',
  publishSet: (fs, unit) => computeVsceFileSet(fs, unit),
  explain: (fs, unit, relPath) => explainVscePath(fs, unit, relPath),
  wouldShip: (fs, unit, rels, opts) => explainVscePaths(fs, unit, rels, opts.publishSet),
  entryPoints: (unit) => vsceExcluder.entryPoints(unit),
  excludeCandidates: (unit, set, req, readText) => vsceExcluder.excludeCandidates(unit, set, req, readText),
  reread: async (_fs, unit, texts) => packageJsonUnitAfter(unit, texts),
  decidesPublishSet: (unit, file) => file === unit.manifestPath || (isInside(unit.root, file) && VSCE_IGNORE.test(file)),
  ignoreFileInfo(unit, file) {
    if (file === unit.manifestPath) return { title: 'package.json: "files" is turned into negations by vsce', detail: 'vsce packs everything not excluded by **.vscodeignore** and its default list; **"files"** entries become negations that win over every ignore line (and vsce refuses to package when both exist).' };
    if (path.posix.basename(file) === '.vscodeignore' && path.posix.dirname(file) === unit.root) return { title: '.vscodeignore: what vsce package leaves out', detail: '**.vscodeignore** (minimatch on full paths) lists what `vsce package` leaves out; a `!` line re-includes and wins over every other line.' };
    return undefined;
  },
};
