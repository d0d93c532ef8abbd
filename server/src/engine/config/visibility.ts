/**
 * The visibility policy (DESIGN.md): proprietary packages see source-map and prompt findings one
 * level up, open-source ones one level down, so an OSS library that ships maps on purpose does not
 * drown in errors while a proprietary CLI that ships its sources sees red.
 */
import type { ResolvedConfig } from './';
import type { Visibility } from '../context';
import type { PackagingUnit } from '../unit';

// OSI-approved licences commonly seen on npm (SPDX ids, upper-cased).
const OSI = new Set(
  [
    'MIT', 'ISC', 'APACHE-2.0', 'BSD-2-CLAUSE', 'BSD-3-CLAUSE', '0BSD', 'MPL-2.0', 'LGPL-2.1', 'LGPL-2.1-ONLY', 'LGPL-2.1-OR-LATER',
    'LGPL-3.0', 'LGPL-3.0-ONLY', 'LGPL-3.0-OR-LATER', 'GPL-2.0', 'GPL-2.0-ONLY', 'GPL-2.0-OR-LATER', 'GPL-3.0', 'GPL-3.0-ONLY',
    'GPL-3.0-OR-LATER', 'AGPL-3.0', 'AGPL-3.0-ONLY', 'AGPL-3.0-OR-LATER', 'EPL-2.0', 'ARTISTIC-2.0', 'ZLIB', 'UNLICENSE',
    'BSL-1.0', 'CC0-1.0', 'PYTHON-2.0', 'BLUEOAK-1.0.0', 'MIT-0', 'EUPL-1.2', 'MS-PL', 'UPL-1.0', 'WTFPL',
  ],
);

const PUBLIC_REGISTRY = /^https?:\/\/registry\.(npmjs\.org|yarnpkg\.com|npmjs\.com)\/?$/i;

/** True when an SPDX expression only uses OSI licences (`MIT OR Apache-2.0`). */
export function isOsiLicense(license: unknown): boolean {
  if (typeof license !== 'string' || !license.trim()) return false;
  const ids = license.replace(/[()]/g, ' ').split(/\s+(?:OR|AND)\s+|\s+/i).filter(Boolean);
  return ids.length > 0 && ids.every((id) => OSI.has(id.replace(/\+$/, '').toUpperCase()));
}

/** Decides the visibility of a unit: the config's explicit choice, else signals from the manifest. */
export function resolveVisibility(unit: PackagingUnit | undefined, config: ResolvedConfig): Visibility {
  if (config.visibility !== 'auto') return config.visibility;
  if (unit?.kind === 'python') return pythonVisibility(unit);
  const m = unit?.manifest;
  if (!m) return 'unknown';
  const name = typeof m.name === 'string' ? m.name : '';
  const scope = name.startsWith('@') ? name.split('/')[0] : undefined;
  if (scope && config.internalScopes.includes(scope)) return 'proprietary';
  const publishConfig = (m.publishConfig ?? {}) as Record<string, unknown>;
  if (typeof publishConfig.registry === 'string' && !PUBLIC_REGISTRY.test(publishConfig.registry)) return 'proprietary';
  const license = typeof m.license === 'string' ? m.license : typeof (m.license as { type?: unknown })?.type === 'string' ? (m.license as { type: string }).type : undefined;
  if (!license || /^UNLICENSED$/i.test(license) || /^SEE LICEN[CS]E IN/i.test(license)) return 'proprietary';
  if (!isOsiLicense(license)) return 'proprietary';
  const repo = typeof m.repository === 'string' ? m.repository : (m.repository as { url?: unknown } | undefined)?.url;
  if (typeof repo === 'string' && /github\.com|gitlab\.com|bitbucket\.org|codeberg\.org|^(github|gitlab|bitbucket):|^[\w-]+\/[\w.-]+$/i.test(repo)) return 'open-source';
  return 'unknown';
}

const PUBLIC_REPO = /github\.com|gitlab\.com|bitbucket\.org|codeberg\.org/i;

/**
 * A Python project (#21): `Private :: Do Not Upload` (PyPI refuses it) is proprietary; an OSI licence
 * (`license` as an SPDX string or `{ text }`, or a `License :: OSI Approved` classifier) with a
 * public repository in `[project.urls]` is open source; anything else is unknown (an absent licence
 * is common in open-source Python projects, unlike npm).
 */
function pythonVisibility(unit: PackagingUnit): Visibility {
  const project = ((unit.detail as { pyproject?: Record<string, unknown> } | undefined)?.pyproject?.project ?? {}) as Record<string, unknown>;
  const classifiers = Array.isArray(project.classifiers) ? project.classifiers.filter((c): c is string => typeof c === 'string') : [];
  if (classifiers.some((c) => /^Private\s*::\s*Do Not Upload/i.test(c))) return 'proprietary';
  const lic = project.license;
  const text = typeof lic === 'string' ? lic : lic && typeof lic === 'object' && typeof (lic as { text?: unknown }).text === 'string' ? (lic as { text: string }).text : undefined;
  const osi = (text !== undefined && isOsiLicense(text.trim())) || classifiers.some((c) => /^License\s*::\s*OSI Approved/i.test(c));
  const urls = project.urls && typeof project.urls === 'object' ? Object.values(project.urls as Record<string, unknown>) : [];
  if (osi && urls.some((u) => typeof u === 'string' && PUBLIC_REPO.test(u))) return 'open-source';
  return 'unknown';
}
