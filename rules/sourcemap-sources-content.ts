/**
 * sourcemap-sources-content: a published map embeds original source code in `sourcesContent`.
 * Claude Code 2.1.88's map carried all 1,906 first-party files (~515k lines, codenames absent
 * from cli.js included); catalogue rule 15.
 */
import { excludeMapsFix, exposes, exposureSentence, folderText, formatCount, formatLines, groupByCause, listText, loadUnitMaps, mapLocation, mapName, severityFor, shippedFact, type ShippedMap } from '../server/src/engine/rule-kit';
import type { Severity, RelatedLocation } from '../server/src/engine/types';
import type { UnitRule } from '../server/src/engine/context';

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'sourcemap-sources-content',
    family: 'sourcemap',
    description: 'A published source map embeds original source code (sourcesContent) that is not otherwise published.',
    defaultSeverity: 'warning',
    // Safe only for maps exposing first-party sources outside open-source packages, and only because
    // the packager's exclude recomputes the publish set: the maps leave, every entry point stays (#17).
    openSourceInfo: true,
    fixable: 'safe',
    messages: {
      exposed: '{{map}} embeds {{count}} first-party source{{plural}} (≈{{lines}} lines){{folders}} that {{verb}} not published otherwise.',
      duplicate: '{{map}} embeds {{count}} first-party source{{plural}} that {{verb}} also published as files.',
      thirdParty: '{{map}} embeds {{count}} third-party source{{plural}} only (no first-party code).',
      summary: '{{count}} published source map{{plural}} {{embed}} original sources ({{cause}}): {{maps}}.{{exposure}}',
    },
  },
  async check(ctx) {
    if (ctx.config.allowSourceMaps === 'always') return;
    const maps = (await loadUnitMaps(ctx)).maps.filter((m) => (m.classification?.summary.withContent ?? 0) > 0 && (m.origin === 'external' || m.referenced));
    if (maps.length === 0) return;
    const fix = await excludeMapsFix(ctx);
    const causes = await groupByCause(ctx, [...new Set(maps.map((m) => m.host))]);
    for (const m of maps) {
      const s = m.classification!.summary;
      const applyAll = fix && (s.exposed > 0 || s.firstPartyEmbedded > 0) && ctx.visibility !== 'open-source';
      const base = { ...mapLocation(m), facts: [shippedFact(m.host.abs)], fix: applyAll ? fix : undefined, suggestions: fix && !applyAll ? [fix] : undefined, key: `${m.host.path}#${m.mapIndex}`, related: mapRelated(m, causes.find((g) => g.files.includes(m.host))?.cause) };
      if (s.exposed > 0) {
        ctx.report({
          messageId: 'exposed',
          data: { map: mapName(m), count: formatCount(s.exposed), plural: s.exposed === 1 ? '' : 's', lines: formatLines(s.exposedLines), folders: folderText(s), verb: s.exposed === 1 ? 'is' : 'are' },
          severity: severityFor(ctx.visibility, true),
          ...base,
        });
      } else if (s.firstPartyEmbedded > 0) {
        ctx.report({
          messageId: 'duplicate',
          data: { map: mapName(m), count: formatCount(s.firstPartyEmbedded), plural: s.firstPartyEmbedded === 1 ? '' : 's', verb: s.firstPartyEmbedded === 1 ? 'is' : 'are' },
          severity: lower(ctx.visibility === 'open-source'),
          ...base,
        });
      } else {
        const n = s.withContent;
        ctx.report({ messageId: 'thirdParty', data: { map: mapName(m), count: formatCount(n), plural: n === 1 ? '' : 's' }, severity: lower(ctx.visibility === 'open-source'), ...base });
      }
    }
    // The same facts on the cause (package.json `files` / the ignore file), where users look.
    const exposing = maps.filter(exposes);
    if (exposing.length === 0) return;
    for (const group of await groupByCause(ctx, [...new Set(exposing.map((m) => m.host))])) {
      const inGroup: ShippedMap[] = exposing.filter((m) => group.files.includes(m.host));
      ctx.report({
        messageId: 'summary',
        data: { count: inGroup.length, plural: inGroup.length === 1 ? '' : 's', embed: inGroup.length === 1 ? 'embeds' : 'embed', cause: group.cause.describe, maps: listText(inGroup.map(mapName), 3), exposure: exposureSentence(inGroup, inGroup.length === 1 ? 'It embeds' : 'They embed') },
        file: group.cause.file,
        start: group.cause.start,
        end: group.cause.end,
        severity: severityFor(ctx.visibility, true),
        fix: ctx.visibility !== 'open-source' ? fix : undefined,
        suggestions: fix && ctx.visibility === 'open-source' ? [fix] : undefined,
        related: inGroup.slice(0, 50).map((m) => ({ ...mapLocation(m), message: `${mapName(m)}: ${formatCount(m.classification!.summary.exposed)} embedded first-party sources` })),
        key: `summary:${inGroup.map((m) => `${m.host.path}#${m.mapIndex}`).sort().join(',')}`,
        facts: [...new Set(inGroup.map((m) => shippedFact(m.host.abs)))],
      });
    }
  },
};

/** Related locations of a map finding: why the map ships, and the first embedded sources (openable read-only). */
function mapRelated(m: ShippedMap, cause: { file: string; start: number; end: number; because: string } | undefined): RelatedLocation[] {
  const out: RelatedLocation[] = cause ? [{ file: cause.file, start: cause.start, end: cause.end, message: `published ${cause.because}` }] : [];
  const embedded = (m.classification?.sources ?? []).filter((x) => x.hasContent && (x.exposed || !m.classification!.summary.exposed)).slice(0, EMBEDDED_LINKS);
  for (const x of embedded) {
    out.push({
      file: m.host.abs, line: 0, column: 0,
      message: `${x.source}: ${x.lines} line${x.lines === 1 ? '' : 's'} embedded in sourcesContent[${x.index}]`,
      embedded: { mapFile: m.host.abs, mapIndex: m.mapIndex, sourceIndex: x.index, source: x.source, line: 0, column: 0 },
    });
  }
  return out;
}

/** How many embedded sources a map finding links to (the message carries the count). */
const EMBEDDED_LINKS = 5;

function lower(openSource: boolean): Severity {
  return openSource ? 'hint' : 'info';
}

export default rule;
