/**
 * sourcemap-in-publish-set: `.map` files in what will be published. No `sourceMappingURL` is
 * needed: Claude Code 2.1.88 shipped an unlinked 59.8 MB `cli.js.map` found by its name alone
 * (catalogue 1.1, rule 14).
 */
import { excludeMapsFix, exposes, exposureSentence, formatSize, groupByCause, listText, loadUnitMaps, mapLocation, relatedMaps, severityFor, shippedFact } from '../server/src/engine/rule-kit';
import type { UnitRule } from '../server/src/engine/context';

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'sourcemap-in-publish-set',
    family: 'sourcemap',
    description: 'Source map files (.map) will be published with the package.',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      published: '{{count}} source map{{plural}} ({{size}}) will be published ({{cause}}): {{files}}.{{exposure}}',
      declarationOnly: '{{count}} declaration map{{plural}} (.d.ts.map, {{size}}) will be published ({{cause}}): {{files}}. They point editors at sources that are not published.',
      mapFile: 'This source map ({{size}}) will be published ({{cause}}).{{exposure}}',
      unreadable: 'This file is named like a source map and will be published, but it cannot be read: {{problem}}',
    },
  },
  async check(ctx) {
    const policy = ctx.config.allowSourceMaps;
    if (policy === 'always') return;
    const all = (await loadUnitMaps(ctx)).maps.filter((m) => m.origin === 'external');
    // `withoutSourcesContent` allows maps that embed no first-party sources.
    const maps = policy === 'withoutSourcesContent' ? all.filter((m) => m.problem !== undefined || (m.classification?.summary.firstPartyEmbedded ?? 0) > 0) : all;
    if (maps.length === 0) return;
    const fix = await excludeMapsFix(ctx);
    for (const group of await groupByCause(ctx, maps.map((m) => m.host))) {
      const inGroup = maps.filter((m) => group.files.includes(m.host));
      const declarationOnly = inGroup.every((m) => m.declaration);
      const size = inGroup.reduce((n, m) => n + m.host.size, 0);
      const exposing = inGroup.some(exposes);
      ctx.report({
        messageId: declarationOnly ? 'declarationOnly' : 'published',
        data: {
          count: inGroup.length,
          plural: inGroup.length === 1 ? '' : 's',
          size: formatSize(size),
          cause: group.cause.describe,
          files: listText(inGroup.map((m) => m.host.path), 3),
          exposure: exposureSentence(inGroup, inGroup.length === 1 ? 'It embeds' : 'They embed'),
        },
        file: group.cause.file,
        start: group.cause.start,
        end: group.cause.end,
        severity: declarationOnly ? (ctx.visibility === 'open-source' ? 'hint' : 'info') : severityFor(ctx.visibility, exposing),
        fix,
        related: relatedMaps(inGroup, (m) => `${m.host.path} (${formatSize(m.host.size)}) will be published`),
        key: `maps:${inGroup.map((m) => m.host.path).sort().join(',')}`,
        facts: inGroup.map((m) => shippedFact(m.host.abs)),
      });
      for (const m of inGroup) {
        const cause = group.cause.describe;
        ctx.report({
          messageId: m.problem ? 'unreadable' : 'mapFile',
          data: { size: formatSize(m.host.size), cause, exposure: exposureSentence([m], 'It embeds'), problem: m.problem ?? '' },
          ...mapLocation(m),
          severity: m.declaration ? 'info' : severityFor(ctx.visibility, exposes(m)),
          fix,
          related: [{ file: group.cause.file, start: group.cause.start, end: group.cause.end, message: `published ${group.cause.because}` }],
          key: `map:${m.host.path}`,
          facts: [shippedFact(m.host.abs)],
        });
      }
    }
  },
};

export default rule;
