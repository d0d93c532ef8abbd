/**
 * The registered packagers, in detection order. Adding a packager: one folder under
 * engine/packagers/ exporting a `Packager` (packager.ts), plus one line here (CONTRIBUTING.md).
 */
import type { Packager, PackagerId } from './packager';
import type { PackagingUnit } from '../unit';
import { npmPackager } from './npm';
import { vscePackager } from './vsce';
import { pythonPackager } from './python/packager';
import { dockerPackager } from './docker/packager';

let registered: readonly Packager[] | undefined;
let byId: Map<PackagerId, Packager> | undefined;

/**
 * Every registered packager, in detection order. Built on first use: the packager modules and the
 * workspace model import each other, so nothing here may run while the modules load.
 */
export function allPackagers(): readonly Packager[] {
  return (registered ??= [npmPackager, vscePackager, pythonPackager, dockerPackager]);
}

/** The packager registered under `id`, if any. */
export function packagerById(id: string): Packager | undefined {
  byId ??= new Map(allPackagers().map((p) => [p.id, p]));
  return byId.get(id as PackagerId);
}

/** The packager of a unit: `unit.packager`, else vsce for extensions and npm for the rest (hand-made units). */
export function packagerFor(unit: PackagingUnit): Packager {
  return (unit.packager && packagerById(unit.packager)) || (unit.kind === 'vscode-extension' ? vscePackager : npmPackager);
}

/** The id that tells a unit apart from the others of one analysis (several packagers can share a folder). */
export function unitId(unit: PackagingUnit): string {
  return unit.id ?? unit.root;
}

/**
 * The units a path belongs to: those with the nearest root that contains it (several packagers can
 * share a folder: a package.json, a pyproject.toml and a Dockerfile), in detection order.
 */
export function unitsForPath<U extends { unit: PackagingUnit } | PackagingUnit>(units: readonly U[], abs: string): U[] {
  const rootOf = (u: U): string => ('unit' in u ? (u as { unit: PackagingUnit }).unit : (u as PackagingUnit)).root;
  const containing = units.filter((u) => abs === rootOf(u) || abs.startsWith(rootOf(u) + '/'));
  const best = Math.max(-1, ...containing.map((u) => rootOf(u).length));
  return containing.filter((u) => rootOf(u).length === best);
}
