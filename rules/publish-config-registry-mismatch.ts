/**
 * publish-config-registry-mismatch: the registry a package is published to disagrees with the
 * project's registry configuration (catalogue rule 11), or depends on config no one can see.
 *
 * npm 11 picks the registry with npm-registry-fetch `pickRegistry` after flattening `publishConfig`
 * over the config: for a scoped package `@scope:registry` wins over `registry`. So a public
 * `publishConfig.registry` next to a private `@acme:registry` line is dead configuration that any
 * tool or run without the project `.npmrc` follows to the public registry, and a private
 * `publishConfig.registry` does not help when the project `.npmrc` maps the scope to the public one.
 */
import type { UnitRule } from '../server/src/engine/context';
import type { UnitRuleContext } from '../server/src/engine/context';
import { effectivePublishRegistry, fileFix, hasUrlCredentials, isEnvReference, isPublicRegistry, jsonSet, normalizeRegistry, parseNpmrc, projectNpmrcs, registryHost, relPosix, scopeOf } from '../server/src/engine/rule-kit';
import { declaredPublic, internalSignals, isNpmPrivate, looksInternal } from './publish-missing-private-internal';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;
const CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'publish-config-registry-mismatch',
    family: 'publish',
    description: 'The registry a package is published to disagrees with the project\'s scope registry, is public for an internal package, uses http, or holds credentials.',
    defaultSeverity: 'error',
    fixable: 'safe',
    messages: {
      scopePrivatePublishPublic:
        'publishConfig.registry is the public registry, but {{file}} maps {{scope}} to {{scopeRegistry}}. npm 11 follows the scope line; any tool or run without that .npmrc publishes {{name}} publicly.',
      registriesDiffer: 'publishConfig.registry ({{registry}}) differs from the registry {{file}} maps {{scope}} to ({{scopeRegistry}}); npm 11 publishes to the latter.',
      scopeMappedPublic:
        '{{file}} maps {{scope}} to the public registry, and npm publishes scoped packages to their scope\'s registry: {{name}} goes public despite publishConfig.registry ({{registry}}).',
      userLevelOnly:
        '{{name}} looks internal ({{signals}}) but no project configuration names its registry: on a fresh CI runner (no ~/.npmrc) it publishes to the public registry.',
      insecureHttp: '{{where}} uses http:// ({{registry}}): tokens and packages travel unencrypted.',
      credentialsInUrl: '{{where}} holds credentials in the URL ({{redacted}}); they end up in the published package.json.',
    },
    optionsSchema: {
      type: 'object',
      properties: { ciRegistryFromEnv: { type: 'boolean', default: false, description: 'CI sets the registry through NPM_CONFIG_REGISTRY: do not report internal-looking packages whose registry comes from user-level config.' } },
      additionalProperties: false,
    },
  },
  async check(ctx: UnitRuleContext) {
    const { unit } = ctx;
    const m = unit.manifest;
    if (!m) return;

    // (c) http:// registries in the unit's own .npmrc (inherited files are reported by their own unit).
    const ownNpmrcPath = `${unit.root}/.npmrc`;
    const ownNpmrc = await ctx.readText(ownNpmrcPath);
    if (ownNpmrc !== undefined) {
      for (const e of parseNpmrc(ownNpmrc)) {
        if ((e.key === 'registry' || /^@[^:]+:registry$/.test(e.key)) && insecure(e.value)) {
          const fix = fileFix('Use https://', ownNpmrcPath, [{ start: e.valueStart, end: e.valueStart + 'http'.length, newText: 'https' }]);
          ctx.report({ messageId: 'insecureHttp', data: { where: `${e.key} in .npmrc`, registry: e.value }, file: ownNpmrcPath, start: e.valueStart, end: e.valueEnd, severity: 'warning', suggestions: [fix], key: `npmrc:${e.key}` });
        }
      }
    }

    if (unit.kind !== 'npm' || isNpmPrivate(m) || declaredPublic(m)) return;
    const name = unit.name ?? '(unnamed)';
    const scope = scopeOf(unit.name);
    const pc = m.publishConfig && typeof m.publishConfig === 'object' ? (m.publishConfig as Record<string, unknown>) : {};

    // (c, d) publishConfig registry values.
    for (const key of Object.keys(pc).filter((k) => k === 'registry' || /^@[^:]+:registry$/.test(k))) {
      const value = pc[key];
      const range = ctx.manifestRange(['publishConfig', key]);
      if (typeof value !== 'string' || !range) continue;
      if (CREDENTIALS.test(value.trim())) {
        const redacted = value.trim().replace(/(:\/\/[^/\s:@]+:)[^/\s@]+@/, '$1****@');
        ctx.report({ messageId: 'credentialsInUrl', data: { where: `publishConfig["${key}"]`, redacted }, ...range, key: `publishConfig.${key}:credentials` });
      } else if (insecure(value)) {
        const fix = fileFix('Use https://', unit.manifestPath, [{ start: range.start + 1, end: range.start + 1 + 'http'.length, newText: 'https' }]);
        ctx.report({ messageId: 'insecureHttp', data: { where: `publishConfig["${key}"]`, registry: value }, ...range, severity: 'warning', suggestions: [fix], key: `publishConfig.${key}:http` });
      }
    }

    const npmrcs = await projectNpmrcs(unit, ctx.readText, ctx.exists, ctx.workspaceRoot);
    const effective = effectivePublishRegistry(m, npmrcs);
    const scopeEntry = effective.scopeEntry;
    const pcRegistry = typeof pc.registry === 'string' ? pc.registry : undefined;
    const pcRange = ctx.manifestRange(['publishConfig', 'registry']);
    const pcScopeKey = scope ? Object.keys(pc).find((k) => k.toLowerCase() === `${scope}:registry`) : undefined;

    if (scope && scopeEntry && pcRegistry && pcRange && !pcScopeKey && !isEnvReference(scopeEntry.entry.value) && !isEnvReference(pcRegistry)) {
      const scopeRegistry = scopeEntry.entry.value;
      const file = relPosix(ctx.workspaceRoot, scopeEntry.file.path) || '.npmrc';
      const data = { name, scope, scopeRegistry, registry: pcRegistry, file };
      const scopePrivate = !isPublicRegistry(scopeRegistry) && !!registryHost(scopeRegistry);
      // Never a fix that copies credentials into the published package.json (issue #15 item 3).
      const pointAtScope = hasUrlCredentials(scopeRegistry) ? undefined : fileFix(`Set publishConfig.registry to ${scopeRegistry}`, unit.manifestPath, jsonSet(unit.manifestText, ['publishConfig', 'registry'], scopeRegistry));
      if (scopePrivate && isPublicRegistry(pcRegistry)) {
        // (a) the project says "private registry", package.json says "public".
        ctx.report({ messageId: 'scopePrivatePublishPublic', data, ...pcRange, fix: pointAtScope, related: [{ file: scopeEntry.file.path, start: scopeEntry.entry.lineStart, end: scopeEntry.entry.lineEnd, message: `${scope} → ${scopeRegistry}` }], key: 'publishConfig.registry' });
      } else if (scopePrivate && normalizeRegistry(pcRegistry) !== normalizeRegistry(scopeRegistry)) {
        ctx.report({ messageId: 'registriesDiffer', data, ...pcRange, severity: 'warning', fix: pointAtScope, related: [{ file: scopeEntry.file.path, start: scopeEntry.entry.lineStart, end: scopeEntry.entry.lineEnd, message: `${scope} → ${scopeRegistry}` }], key: 'publishConfig.registry' });
      } else if (isPublicRegistry(scopeRegistry) && !isPublicRegistry(pcRegistry) && registryHost(pcRegistry)) {
        // The scope line wins over publishConfig.registry: pin the scope's registry in publishConfig too.
        const fix = hasUrlCredentials(pcRegistry) ? undefined : fileFix(`Set publishConfig["${scope}:registry"] to ${pcRegistry}`, unit.manifestPath, jsonSet(unit.manifestText, ['publishConfig', `${scope}:registry`], pcRegistry));
        ctx.report({ messageId: 'scopeMappedPublic', data, file: scopeEntry.file.path, start: scopeEntry.entry.lineStart, end: scopeEntry.entry.lineEnd, fix, related: [{ file: unit.manifestPath, ...pcRange, message: `publishConfig.registry: ${pcRegistry}` }], key: 'npmrc-scope-public' });
      }
    }

    // (b) an internal-looking package whose registry only user-level configuration could change.
    // With ciRegistryFromEnv the CI sets NPM_CONFIG_REGISTRY: not reported (a configured level would override a per-report "info").
    if (effective.source.kind === 'default' && ctx.options.ciRegistryFromEnv !== true) {
      const signals = internalSignals(ctx, npmrcs);
      if (looksInternal(signals)) {
        const range = ctx.manifestRange(['name'], { property: true }) ?? { start: 0, end: Math.min(1, unit.manifestText.length) };
        ctx.report({
          messageId: 'userLevelOnly',
          data: { name, signals: signals.map((s) => s.text).join('; ') },
          ...range,
          severity: 'warning',
          key: 'user-level-only',
        });
      }
    }
  },
};

function insecure(url: string): boolean {
  const t = url.trim();
  if (!/^http:\/\//i.test(t)) return false;
  const host = registryHost(t);
  return !!host && !LOOPBACK.test(host);
}

export default rule;
