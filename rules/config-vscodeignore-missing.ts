/**
 * config-vscodeignore-missing: a VS Code extension with neither `.vscodeignore` nor `files`. vsce
 * then packages everything under the folder except its short default list, which has no `*.map`,
 * no `src/`, no `.env*` (catalogue §2.3, rule 26). vsce only warns.
 */
import type { Fix } from '../server/src/engine/types';
import type { UnitRule } from '../server/src/engine/context';
import { allowlistVscodeignore, fileFix, isLeakyExtensionFile, isSensitivePath, manifestAssets, type PackagingUnit, type PublishSet, shippedFact } from '../server/src/engine/rule-kit';

export { isLeakyExtensionFile, manifestAssets } from '../server/src/engine/rule-kit';

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

function entryFiles(manifest: Record<string, unknown>): string[] {
  return ['main', 'browser'].map((k) => manifest[k]).filter((v): v is string => typeof v === 'string').map((v) => v.replace(/^\.\//, ''));
}

/** Allowlist `.vscodeignore` for a bundled extension: the packager's own (deny all, re-include entry points and manifest files by type). */
export function bundledIgnore(unit: PackagingUnit, set: PublishSet): string {
  return allowlistVscodeignore(unit, set);
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
    const range = ctx.manifestRange(['engines', 'vscode'], { property: true }) ?? ctx.manifestRange(['name'], { property: true }) ?? { start: 0, end: Math.min(1, unit.manifestText.length) };
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
      facts: sensitive.map((f) => shippedFact(f.abs)),
    });
  },
};

export default rule;
