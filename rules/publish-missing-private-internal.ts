/**
 * publish-missing-private-internal: a package that looks internal (team scope, a scope mapped to a
 * private registry, no licence, internal naming, internal repository host...) has no
 * `"private": true`, so a plain `npm publish` sends it to the public registry. Dependency
 * confusion (Birsan 2021) fed on internal names that leaked this way (catalogue rule 8).
 *
 * One weak signal never fires alone: Claude Code is `SEE LICENSE IN README.md` and public on purpose.
 */
import { fileFix, hasUrlCredentials, isPublicRegistry, jsonSet, type NpmrcFile, type PackagingUnit, projectNpmrcs, registryHost, scopeOf, scopeRegistries } from '../server/src/engine/rule-kit';
import type { RelatedLocation } from '../server/src/engine/types';
import type { UnitRule } from '../server/src/engine/context';
import type { UnitRuleContext } from '../server/src/engine/context';

/** One reason a package looks internal. */
export interface InternalSignal {
  id: 'internalScope' | 'scopeRegistry' | 'license' | 'repository' | 'name' | 'internalDependency' | 'version' | 'app';
  /** Strong signals fire on their own; weak ones need a second. */
  strong: boolean;
  /** Human words for the message: `scope @acme is in internalScopes`. */
  text: string;
  /** Where the signal is written (absolute path) and its offsets. */
  file?: string;
  start?: number;
  end?: number;
  /** For `scopeRegistry`: the private registry the scope is mapped to. */
  registry?: string;
}

const INTERNAL_NAME = /(^|[-_/])(internal|private|corp|infra|sandbox|playground|poc)([-_]|$)/i;
const APP_DEPS = ['next', 'vite', 'react-scripts'];

const matchesDomain = (host: string, pattern: string): boolean => {
  const p = pattern.toLowerCase();
  return p.startsWith('*.') ? host.endsWith(p.slice(1)) : host === p || host.endsWith('.' + p);
};

/** The host of a repository / homepage value: URLs, `git@host:path`, shorthands (`github:x/y` → github.com). */
export function urlHost(value: unknown): string | undefined {
  const v = typeof value === 'string' ? value : value && typeof value === 'object' ? (value as { url?: unknown }).url : undefined;
  if (typeof v !== 'string' || !v.trim()) return undefined;
  const s = v.trim();
  const short = /^(github|gitlab|bitbucket|gist):/i.exec(s);
  if (short) return `${short[1].toLowerCase()}.${short[1].toLowerCase() === 'bitbucket' ? 'org' : 'com'}`;
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/\s]+@)?([^/:\s]+)/i.exec(s);
  if (!m || !m[1].includes('.')) return /^[\w-]+\/[\w.-]+$/.test(s) ? 'github.com' : undefined;
  return m[1].toLowerCase();
}

/**
 * Signals that a package is internal (catalogue rule 8), from its manifest, the team config and the
 * project `.npmrc` files. Shared with rules 10 and 11.
 */
export function internalSignals(ctx: Pick<UnitRuleContext, 'unit' | 'config' | 'manifestRange'>, npmrcs: readonly NpmrcFile[]): InternalSignal[] {
  const { unit, config } = ctx;
  const m = unit.manifest ?? {};
  const out: InternalSignal[] = [];
  const at = (path: (string | number)[], property = true) => {
    const r = ctx.manifestRange(path, { property });
    return r ? { file: unit.manifestPath, ...r } : {};
  };
  const name = typeof m.name === 'string' ? m.name : '';
  const scope = scopeOf(name);
  const internalScopes = config.internalScopes.map((s) => s.toLowerCase());
  if (scope && internalScopes.includes(scope)) out.push({ id: 'internalScope', strong: true, text: `scope ${scope} is one of the team's internalScopes`, ...at(['name']) });
  const privateScopes = new Map<string, { file: NpmrcFile; value: string; start: number; end: number }>();
  for (const file of npmrcs) {
    for (const [s, e] of scopeRegistries(file)) {
      if (!privateScopes.has(s) && !isPublicRegistry(e.value) && registryHost(e.value)) privateScopes.set(s, { file, value: e.value, start: e.lineStart, end: e.lineEnd });
    }
  }
  const mapped = scope ? privateScopes.get(scope) : undefined;
  if (mapped) {
    out.push({ id: 'scopeRegistry', strong: true, text: `${mapped.file.path.slice(unit.root.length + 1) || '.npmrc'} maps ${scope} to the private registry ${mapped.value}`, file: mapped.file.path, start: mapped.start, end: mapped.end, registry: mapped.value });
  }
  const license = typeof m.license === 'string' ? m.license : typeof (m.license as { type?: unknown } | undefined)?.type === 'string' ? (m.license as { type: string }).type : undefined;
  if (!license) out.push({ id: 'license', strong: false, text: 'no "license"', ...at(['name']) });
  else if (/^UNLICEN[CS]ED$/i.test(license.trim()) || /^SEE LICEN[CS]E IN\b/i.test(license.trim())) out.push({ id: 'license', strong: false, text: `"license": "${license}"`, ...at(['license']) });
  const domains = config.internalDomains;
  const internalHostKey = ['repository', 'homepage', 'bugs'].find((k) => {
    const h = urlHost(k === 'bugs' && m.bugs && typeof m.bugs === 'object' ? (m.bugs as { url?: unknown }).url : m[k]);
    return h !== undefined && domains.some((d) => matchesDomain(h, d));
  });
  if (internalHostKey) out.push({ id: 'repository', strong: false, text: `"${internalHostKey}" is on an internal domain`, ...at([internalHostKey]) });
  else if (m.repository === undefined) out.push({ id: 'repository', strong: false, text: 'no "repository"', ...at(['name']) });
  if (name && INTERNAL_NAME.test(name.replace(/^@[^/]+\//, ''))) out.push({ id: 'name', strong: false, text: `the name "${name}" reads as internal`, ...at(['name']) });
  for (const depKey of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps = m[depKey];
    if (!deps || typeof deps !== 'object') continue;
    const dep = Object.keys(deps).find((d) => {
      const s = scopeOf(d);
      return s !== undefined && s !== scope && (internalScopes.includes(s) || privateScopes.has(s));
    });
    if (dep) {
      out.push({ id: 'internalDependency', strong: false, text: `it depends on the internal package ${dep}`, ...at([depKey, dep]) });
      break;
    }
  }
  if (typeof m.version === 'string' && /^0\.0\.0($|-)/.test(m.version.trim())) out.push({ id: 'version', strong: false, text: `"version": "${m.version}"`, ...at(['version']) });
  const allDeps = { ...(m.dependencies as object | undefined), ...(m.devDependencies as object | undefined) } as Record<string, unknown>;
  const app = APP_DEPS.find((d) => d in allDeps);
  if (app && m.main === undefined && m.exports === undefined && m.module === undefined && m.bin === undefined) {
    out.push({ id: 'app', strong: false, text: `it is an application (${app}, no "main" or "exports")`, ...at(['name']) });
  }
  return out;
}

/** True when the signals say "internal": one strong signal, or two weak ones. */
export function looksInternal(signals: readonly InternalSignal[]): boolean {
  return signals.some((s) => s.strong) || signals.filter((s) => !s.strong).length >= 2;
}

/** True when npm refuses to publish the manifest: npm tests `manifest.private` for truthiness. */
export function isNpmPrivate(manifest: Record<string, unknown> | undefined): boolean {
  return !!manifest?.private;
}

/** True when `"leakguard": { "publicPackage": true }` says the package is public on purpose. */
export function declaredPublic(manifest: Record<string, unknown> | undefined): boolean {
  const lg = manifest?.leakguard;
  return !!lg && typeof lg === 'object' && (lg as { publicPackage?: unknown }).publicPackage === true;
}

/** Edits that insert `"private": true` after `version` (or `name`), or turn an existing value to `true`. */
export function privateEdits(unit: PackagingUnit) {
  const m = unit.manifest ?? {};
  return jsonSet(unit.manifestText, ['private'], true, { insertAfter: 'version' in m ? 'version' : 'name' in m ? 'name' : undefined });
}

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'publish-missing-private-internal',
    family: 'publish',
    description: 'A package that looks internal has no "private": true, so a plain npm publish sends it to the public registry.',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      internal: '"{{name}}" looks internal ({{signals}}) but is not "private": a plain npm publish sends it to the public registry.',
      internalViaNpmrc:
        '"{{name}}" looks internal ({{signals}}); only the project .npmrc keeps it off the public registry. Say so in package.json: "private": true, or publishConfig.registry.',
    },
  },
  async check(ctx: UnitRuleContext) {
    const { unit } = ctx;
    const m = unit.manifest;
    if (!m || unit.kind !== 'npm' || isNpmPrivate(m) || declaredPublic(m)) return;
    const pc = m.publishConfig && typeof m.publishConfig === 'object' ? (m.publishConfig as Record<string, unknown>) : {};
    const scope = scopeOf(unit.name);
    const pcRegistries = Object.entries(pc).filter(([k, v]) => typeof v === 'string' && (k === 'registry' || (scope !== undefined && k.toLowerCase() === `${scope}:registry`)));
    // Published on purpose to an internal registry, said in package.json itself.
    if (pcRegistries.some(([, v]) => !isPublicRegistry(v as string) && registryHost(v as string))) return;
    const npmrcs = await projectNpmrcs(unit, ctx.readText, ctx.exists, ctx.workspaceRoot);
    const signals = internalSignals(ctx, npmrcs);
    if (!looksInternal(signals)) return;
    const range = ctx.manifestRange(['name'], { property: true }) ?? { start: 0, end: Math.min(1, unit.manifestText.length) };
    const privateFix = fileFix('Add "private": true', unit.manifestPath, privateEdits(unit));
    const mapped = signals.find((s) => s.id === 'scopeRegistry');
    const fixes = [privateFix];
    if (mapped?.registry && !pcRegistries.length) {
      // Never a fix that copies URL credentials into package.json (issue #15 item 3).
      if (!hasUrlCredentials(mapped.registry)) fixes.unshift(fileFix(`Publish to ${mapped.registry}: set publishConfig.registry`, unit.manifestPath, jsonSet(unit.manifestText, ['publishConfig', 'registry'], mapped.registry)));
    }
    const related: RelatedLocation[] = signals
      .filter((s) => s.file && (s.file !== unit.manifestPath || s.start !== range.start))
      .map((s) => ({ file: s.file!, start: s.start, end: s.end, message: s.text }));
    ctx.report({
      messageId: mapped ? 'internalViaNpmrc' : 'internal',
      data: { name: unit.name ?? '(unnamed)', signals: signals.map((s) => s.text).join('; ') },
      ...range,
      fix: fixes[0],
      suggestions: fixes.slice(1),
      related,
      key: `internal:${unit.name ?? ''}`,
    });
  },
};

export default rule;
