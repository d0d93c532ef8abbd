/**
 * config-vscodeignore-missing: a VS Code extension with neither `.vscodeignore` nor `files`. vsce
 * then packages everything under the folder except its short default list, which has no `*.map`,
 * no `src/`, no `.env*` (catalogue §2.3, rule 26). vsce only warns.
 */
import * as path from 'node:path';
import type { Fix, UnitRule } from '../server/src/engine/types';
import type { PublishSet } from '../server/src/engine/publish/types';
import type { PackagingUnit } from '../server/src/engine/workspace';
import { fileFix, manifestRange } from '../server/src/engine/fix-helpers';
import { isSensitivePath } from '../server/src/engine/sensitive';

/** TypeScript sources (not declarations): never needed by an installed extension. */
export function isTsSource(p: string): boolean {
  return /\.(ts|tsx|mts|cts)$/i.test(p) && !/\.d\.[mc]?ts$/i.test(p);
}

/** Files an extension should not ship: maps, env files, keys and credentials, dumps, agent files, TS sources. */
export function isLeakyExtensionFile(p: string): boolean {
  return isSensitivePath(p) || isTsSource(p);
}

/** Tests and test fixtures. */
const TEST_PATH = /(?:^|\/)(?:test|tests|__tests__|spec|fixtures?|__fixtures__)\/|\.(?:test|spec)\.[cm]?[jt]sx?$/i;

const BUNDLERS = ['esbuild', 'webpack', 'rollup', 'tsup', '@vercel/ncc', '@rspack/core', '@rspack/cli', 'vite', 'parcel', 'rolldown', 'tsdown'];

/** True when the extension looks bundled: a bundler in devDependencies or in a script, and `main` inside a folder. */
export function looksBundled(manifest: Record<string, unknown>): boolean {
  const dev = { ...(manifest.devDependencies as object | undefined), ...(manifest.dependencies as object | undefined) } as Record<string, unknown>;
  const scripts = manifest.scripts && typeof manifest.scripts === 'object' ? Object.values(manifest.scripts as Record<string, unknown>).join('\n') : '';
  const bundler = BUNDLERS.some((b) => b in dev) || /\b(esbuild|webpack|rollup|tsup|ncc|rspack|vite|parcel|rolldown|tsdown)\b/.test(scripts);
  const main = typeof manifest.main === 'string' ? manifest.main : typeof manifest.browser === 'string' ? manifest.browser : '';
  return bundler && main.replace(/^\.\//, '').includes('/');
}

/** Files the manifest points at (icon, l10n, contributes: grammars, themes, snippets, schemas...), as shipped paths or folders. */
export function manifestAssets(manifest: Record<string, unknown>, set: PublishSet): string[] {
  const out = new Set<string>();
  const visit = (v: unknown, depth: number): void => {
    if (depth > 12) return;
    if (typeof v === 'string') {
      const p = v.replace(/^\.\//, '').replace(/\/+$/, '');
      if (!p || p.startsWith('..') || /^[a-z][a-z0-9+.-]*:/i.test(p) || p.includes('*')) return;
      if (set.byPath.has(p)) out.add(p);
      else if (set.files.some((f) => f.path.startsWith(p + '/'))) out.add(`${p}/**`);
    } else if (Array.isArray(v)) v.forEach((x) => visit(x, depth + 1));
    else if (v && typeof v === 'object') Object.values(v).forEach((x) => visit(x, depth + 1));
  };
  visit(manifest.icon, 0);
  visit(manifest.l10n, 0);
  visit(manifest.contributes, 0);
  visit(manifest.galleryBanner, 0);
  return [...out].sort();
}

function entryFiles(manifest: Record<string, unknown>): string[] {
  return ['main', 'browser'].map((k) => manifest[k]).filter((v): v is string => typeof v === 'string').map((v) => v.replace(/^\.\//, ''));
}

/** Allowlist `.vscodeignore` for a bundled extension: deny all, allow the bundle's runtime files and the manifest's files. */
export function bundledIgnore(unit: PackagingUnit, set: PublishSet): string {
  const m = unit.manifest ?? {};
  const lines = ['# Allowlist (Leakguard): ship only what the extension needs.', '# vsce: a negation wins over every ignore line, so re-include file types, never a whole folder.', '**', '!package.json', '!package.nls*.json', '!README.md', '!CHANGELOG.md', '!LICENSE*'];
  for (const entry of entryFiles(m)) {
    const file = entry.endsWith('.js') || entry.endsWith('.cjs') || entry.endsWith('.mjs') ? entry : `${entry}.js`;
    const dir = path.posix.dirname(file);
    if (dir === '.') {
      lines.push(`!${file}`);
      continue;
    }
    const exts = new Set<string>();
    for (const f of set.files) if (f.path.startsWith(dir + '/') && !isLeakyExtensionFile(f.path) && /\.[A-Za-z0-9]+$/.test(f.path)) exts.add(f.path.slice(f.path.lastIndexOf('.') + 1));
    if (exts.size === 0) exts.add(file.slice(file.lastIndexOf('.') + 1));
    for (const ext of [...exts].sort()) lines.push(`!${dir}/**/*.${ext}`);
  }
  for (const a of manifestAssets(m, set)) lines.push(`!${a}`);
  // Runtime dependencies the bundler left external are packaged under node_modules/.
  if (m.dependencies && typeof m.dependencies === 'object' && Object.keys(m.dependencies).length > 0) lines.push('!node_modules/**');
  return [...new Set(lines)].join('\n') + '\n';
}

/** Deny-list `.vscodeignore` for an unbundled extension: keep the compiled output and node_modules, drop sources, tests, maps, env files, configs. */
export function unbundledIgnore(unit: PackagingUnit, set: PublishSet): string {
  const m = unit.manifest ?? {};
  const keep = [...entryFiles(m), ...manifestAssets(m, set).map((a) => a.replace(/\/\*\*$/, '/x'))];
  const underKept = (dir: string) => keep.some((k) => k === dir || k.startsWith(dir + '/'));
  const lines = ['# Written by Leakguard: keep the compiled output and dependencies, drop what users never need.', '.vscode/**', '.vscode-test/**'];
  for (const dir of ['src', 'test', 'tests', '__tests__', 'scripts', 'coverage', '.github', '.husky']) {
    if (!underKept(dir) && set.files.some((f) => f.path.startsWith(dir + '/'))) lines.push(`${dir}/**`);
  }
  lines.push('**/*.map', '**/*.ts', '!**/*.d.ts', '**/.env*', '**/tsconfig*.json', '**/*.tsbuildinfo', '**/eslint.config.*', '**/.eslintrc*', '.gitignore');
  // `!**/*.d.ts` would win over every other line for declarations: only keep it when declarations ship on purpose.
  if (!set.files.some((f) => /\.d\.[mc]?ts$/.test(f.path) && !f.path.startsWith('node_modules/'))) lines.splice(lines.indexOf('!**/*.d.ts'), 1);
  return lines.join('\n') + '\n';
}

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'config-vscodeignore-missing',
    family: 'config',
    description: 'A VS Code extension has neither a .vscodeignore nor "files", so vsce packages everything but its short default list (source maps, src/, .env* included).',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      missing: 'No .vscodeignore and no "files": vsce will package {{count}} files, including {{examples}}.',
      missingHygiene: 'No .vscodeignore and no "files": vsce will package {{count}} files ({{examples}}); nothing sensitive today, but an allowlist keeps future build output, maps and sources out.',
      missingSensitive: 'No .vscodeignore and no "files": vsce will package {{sensitiveCount}} files that must not ship: {{sensitive}}.',
    },
  },
  async check(ctx) {
    const { unit, publishSet } = ctx;
    const m = unit.manifest;
    // A built .vsix never contains its .vscodeignore: only the source tree can say whether one exists.
    if (!m || unit.kind !== 'vscode-extension' || m.files !== undefined || publishSet.tool === 'archive') return;
    const ignoreFile = `${unit.root}/.vscodeignore`;
    if (await ctx.exists(ignoreFile)) return;
    const range = manifestRange(unit, ['engines', 'vscode'], true) ?? manifestRange(unit, ['name'], true) ?? { start: 0, end: Math.min(1, unit.manifestText.length) };
    const leaky = publishSet.files.filter((f) => isLeakyExtensionFile(f.path) || TEST_PATH.test(f.path));
    const sensitive = publishSet.files.filter((f) => isSensitivePath(f.path));
    const bundled = looksBundled(m);
    const variants: Fix[] = [
      fileFix('Create an allowlist .vscodeignore (bundled extension)', ignoreFile, [{ start: 0, end: 0, newText: bundledIgnore(unit, publishSet) }], true),
      fileFix('Create a .vscodeignore excluding sources, tests, maps and .env (unbundled extension)', ignoreFile, [{ start: 0, end: 0, newText: unbundledIgnore(unit, publishSet) }], true),
    ];
    if (!bundled) variants.reverse();
    const list = (files: typeof leaky) => (files.length <= 4 ? files.map((f) => f.path).join(', ') : `${files.slice(0, 4).map((f) => f.path).join(', ')} and ${files.length - 4} more`);
    const shown = leaky.length ? leaky : publishSet.files.filter((f) => f.path !== 'package.json');
    ctx.report({
      messageId: sensitive.length ? 'missingSensitive' : leaky.length ? 'missing' : 'missingHygiene',
      data: { count: publishSet.files.length, examples: list(shown.slice(0, 4)) || 'package.json', sensitiveCount: sensitive.length, sensitive: list(sensitive) },
      ...range,
      // Issue #23: with nothing sensitive in vsce's set (LICENSE, README.md, icon.png, package.json)
      // a missing .vscodeignore is a hygiene hint, not a leak.
      severity: sensitive.length ? 'error' : leaky.length ? undefined : 'info',
      fix: variants[0],
      suggestions: variants.slice(1),
      related: (sensitive.length ? sensitive : leaky).slice(0, 20).map((f) => ({ file: f.abs, start: 0, end: 0, message: `${f.path} will be packaged` })),
      key: 'vscodeignore-missing',
    });
  },
};

export default rule;
