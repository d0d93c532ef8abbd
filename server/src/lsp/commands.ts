/**
 * Edits behind the editor commands that change files: exclude a file from its package, create a
 * starter configuration, add a prepublish guard. Each returns an engine Fix (plain text edits) that
 * the server turns into a versioned workspace edit; nothing is written without the user's action.
 */
import * as path from 'node:path';
import type { Fix } from '../engine/types';
import type { UnitAnalysis } from '../engine/runner';
import { appendLines, fileFix, jsonAppend, jsonSet } from '../engine/fix-helpers';
import { CONFIG_FILE_NAME } from '../engine/config';

export const GUARD = 'leakguard check --fail-on error';

/** Escapes a path for gitignore/minimatch patterns (anchored at the package root). */
function anchored(rel: string): string {
  return '/' + rel.replace(/([*?[\]!#\\])/g, '\\$1');
}

/** Keeps one shipped file out of its unit's publish set, editing the file that governs the set. */
export async function excludeFromPackage(ua: UnitAnalysis, rel: string, readText: (abs: string) => Promise<string | undefined>): Promise<Fix | undefined> {
  const unit = ua.unit;
  const m = unit.manifest;
  if (!m) return undefined;
  if (unit.kind === 'vscode-extension') {
    const file = `${unit.root}/.vscodeignore`;
    const text = await readText(file);
    if (text === undefined && Array.isArray(m.files)) return fileFix(`Exclude ${rel} in "files"`, unit.manifestPath, jsonAppend(unit.manifestText, ['files'], `!${rel}`));
    const { edits, create } = appendLines(text, [rel]);
    return edits.length ? fileFix(`Exclude ${rel} in .vscodeignore`, file, edits, create) : undefined;
  }
  if (Array.isArray(m.files)) return fileFix(`Exclude ${rel} in "files"`, unit.manifestPath, jsonAppend(unit.manifestText, ['files'], `!${rel}`));
  const npmignore = `${unit.root}/.npmignore`;
  const text = await readText(npmignore);
  if (text !== undefined) {
    const { edits } = appendLines(text, [anchored(rel)]);
    return edits.length ? fileFix(`Exclude ${rel} in .npmignore`, npmignore, edits) : undefined;
  }
  // A bare new .npmignore would switch .gitignore off: start from a copy of it.
  const gitignore = await readText(`${unit.root}/.gitignore`);
  const base = gitignore !== undefined ? gitignore.replace(/\s*$/, '\n') : '';
  return fileFix(`Create .npmignore${gitignore !== undefined ? ' (a copy of .gitignore)' : ''} excluding ${rel}`, npmignore, [{ start: 0, end: 0, newText: `${base}${anchored(rel)}\n` }], true);
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

/** Adds `leakguard check --fail-on error` to `prepublishOnly` (npm) or `vscode:prepublish` (extensions). */
export function addPrepublishGuard(ua: UnitAnalysis): Fix | undefined {
  const unit = ua.unit;
  const m = unit.manifest;
  if (!m || unit.kind === 'private') return undefined;
  const scriptName = unit.kind === 'vscode-extension' ? 'vscode:prepublish' : 'prepublishOnly';
  const scripts = (m.scripts ?? {}) as Record<string, unknown>;
  const existing = typeof scripts[scriptName] === 'string' ? (scripts[scriptName] as string) : undefined;
  if (existing?.includes('leakguard')) return undefined;
  const next = existing ? `${GUARD} && ${existing}` : GUARD;
  return fileFix(`Run Leakguard before publishing ${unit.name ?? path.basename(unit.root)} ("${scriptName}")`, unit.manifestPath, jsonSet(unit.manifestText, ['scripts', scriptName], next));
}
