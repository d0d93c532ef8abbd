/**
 * Edits behind the editor commands that change files: exclude a file from its package, create a
 * starter configuration, add a prepublish guard. Each returns an engine Fix (plain text edits) that
 * the server turns into a versioned workspace edit; nothing is written without the user's action.
 */
import * as path from 'node:path';
import type { Fix } from '../engine/types';
import type { UnitAnalysis } from '../engine/runner';
import { applyTextEdits, fileFix, jsonSet } from '../engine/fix-helpers';
import type { FileSystem } from '../engine/safe/fs';
import { exclude } from '../engine/publish/exclude';
import { CONFIG_FILE_NAME } from '../engine/config';

export { GUARD } from '../engine/build-config/guard';
import { planGuard } from '../engine/build-config/guard';

/**
 * Keeps one shipped file out of its unit's publish set: the packager's own `exclude` (the same one
 * every rule's fix uses), verified by recomputing the publish set. Undefined when no edit does it
 * while every entry point keeps shipping.
 */
export async function excludeFromPackage(ua: UnitAnalysis, rel: string, fs: FileSystem): Promise<Fix | undefined> {
  return exclude(fs, ua.publishSet, { paths: [rel], what: rel });
}

/** A starter `.leakguardrc.json` in `folder`, with internal scopes detected from `.npmrc` files and private scoped packages. */
export async function createConfiguration(folder: string, units: UnitAnalysis[], readText: (abs: string) => Promise<string | undefined>): Promise<Fix | undefined> {
  const file = `${folder}/${CONFIG_FILE_NAME}`;
  if ((await readText(file)) !== undefined) return undefined;
  const scopes = new Set<string>();
  const roots = new Set([folder, ...units.map((u) => u.unit.root)]);
  for (const root of roots) {
    const npmrc = await readText(`${root}/.npmrc`);
    for (const m of (npmrc ?? '').matchAll(/^\s*(@[\w.-]+):registry\s*=\s*(\S+)/gm)) if (!/registry\.npmjs\.org/.test(m[2])) scopes.add(m[1]);
  }
  for (const u of units) if (u.unit.kind === 'private' && u.unit.name?.startsWith('@')) scopes.add(u.unit.name.split('/')[0]);
  const config = {
    $schema: './node_modules/leakguard/schemas/leakguardrc.schema.json',
    visibility: 'auto',
    internalScopes: [...scopes].sort(),
    internalDomains: [],
    denyList: [],
    rules: {},
  };
  return fileFix(`Create ${CONFIG_FILE_NAME}`, file, [{ start: 0, end: 0, newText: JSON.stringify(config, null, 2) + '\n' }], true);
}

/**
 * Puts `leakguard check --fail-on error` after every build step of the publish lifecycle
 * (`postpack` for npm, the end of `vscode:prepublish` for extensions; engine/build-config/guard.ts).
 */
export function addPrepublishGuard(ua: UnitAnalysis): Fix | undefined {
  const unit = ua.unit;
  const m = unit.manifest;
  if (!m || unit.kind === 'private') return undefined;
  const changes = planGuard(m.scripts, unit.kind === 'vscode-extension');
  if (changes.length === 0) return undefined;
  const last = changes[changes.length - 1].script;
  const title = `Run Leakguard before publishing ${unit.name ?? path.basename(unit.root)} ("${last}", after the build)`;
  // One script: a minimal edit. Several (an old guard moved): the edits of each step depend on the previous one.
  if (changes.length === 1) return fileFix(title, unit.manifestPath, jsonSet(unit.manifestText, ['scripts', changes[0].script], changes[0].after));
  let text = unit.manifestText;
  for (const c of changes) text = applyTextEdits(text, jsonSet(text, ['scripts', c.script], c.after));
  return fileFix(title, unit.manifestPath, [{ start: 0, end: unit.manifestText.length, newText: text }]);
}
