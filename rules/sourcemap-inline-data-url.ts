/**
 * sourcemap-inline-data-url: a published JS/CSS file carries an inline `data:` source map. The
 * February 2025 Claude Code `cli.mjs` ended with an 18,360,183-character base64 map (catalogue
 * 1.2, rule 16). Concatenated bundles and webpack `eval` devtools carry several per file.
 */
import { exposes, exposureSentence, formatCount, formatSize, groupByCause, listText, loadUnitMaps, mapLocation, severityFor } from '../server/src/engine/rule-kit';
import type { UnitRule } from '../server/src/engine/context';

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'sourcemap-inline-data-url',
    family: 'sourcemap',
    description: 'A published JavaScript or CSS file contains an inline source map (data: URL).',
    defaultSeverity: 'warning',
    messages: {
      inline: 'Inline source map ({{size}}, {{sources}} source{{plural}}) in a published file.{{exposure}}',
      broken: 'Inline source map ({{size}}) in a published file that cannot be read: {{problem}}',
      summary: '{{maps}} inline source map{{mapsPlural}} ({{size}}) will be published inside {{count}} file{{plural}} ({{cause}}): {{files}}.{{exposure}}',
    },
  },
  async check(ctx) {
    if (ctx.config.allowSourceMaps === 'always') return;
    let maps = (await loadUnitMaps(ctx)).maps.filter((m) => m.origin === 'inline');
    if (ctx.config.allowSourceMaps === 'withoutSourcesContent') maps = maps.filter((m) => m.problem !== undefined || (m.classification?.summary.firstPartyEmbedded ?? 0) > 0);
    if (maps.length === 0) return;
    for (const m of maps) {
      const size = m.range ? m.range.end - m.range.start : 0;
      if (m.problem) {
        if (!m.referenced) continue;
        ctx.report({ messageId: 'broken', data: { size: formatSize(size), problem: m.problem }, ...mapLocation(m), severity: 'info', key: `${m.host.path}#${m.mapIndex}` });
        continue;
      }
      ctx.report({
        messageId: 'inline',
        data: {
          size: formatSize(size),
          sources: formatCount(m.sourceCount),
          plural: m.sourceCount === 1 ? '' : 's',
          exposure: exposureSentence([m], 'It embeds'),
        },
        ...mapLocation(m),
        severity: severityFor(ctx.visibility, exposes(m)),
        key: `${m.host.path}#${m.mapIndex}`,
      });
    }
    const readable = maps.filter((m) => !m.problem);
    if (readable.length === 0) return;
    for (const group of await groupByCause(ctx, [...new Set(readable.map((m) => m.host))])) {
      const inGroup = readable.filter((m) => group.files.includes(m.host));
      const files = [...new Set(inGroup.map((m) => m.host.path))];
      const size = inGroup.reduce((n, m) => n + (m.range ? m.range.end - m.range.start : 0), 0);
      ctx.report({
        messageId: 'summary',
        data: {
          count: files.length,
          plural: files.length === 1 ? '' : 's',
          maps: formatCount(inGroup.length),
          mapsPlural: inGroup.length === 1 ? '' : 's',
          size: formatSize(size),
          cause: group.cause.describe,
          files: listText(files, 3),
          exposure: exposureSentence(inGroup, inGroup.length === 1 ? 'It embeds' : 'They embed'),
        },
        file: group.cause.file,
        start: group.cause.start,
        end: group.cause.end,
        severity: severityFor(ctx.visibility, inGroup.some(exposes)),
        related: inGroup.slice(0, 50).map((m) => ({ ...mapLocation(m), message: `inline source map in ${m.host.path}` })),
        key: `inline:${files.sort().join(',')}`,
      });
    }
  },
};

export default rule;
