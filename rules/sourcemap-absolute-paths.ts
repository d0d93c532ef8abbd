/**
 * sourcemap-absolute-paths: published maps that reveal absolute build paths: user names
 * (`/Users/alice/…`), CI vendors (`/home/runner/work/…`), mount points and monorepo layout
 * (catalogue rule 18; secretlint's no-homedir rule exists for the same reason).
 */
import { formatCount, groupByCause, listText, loadUnitMaps, mapLocation, mapName, type ShippedMap } from '../server/src/engine/rule-kit';
import type { UnitRule } from '../server/src/engine/context';

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'sourcemap-absolute-paths',
    family: 'sourcemap',
    description: 'A published source map contains absolute paths that reveal user names, CI systems or the build machine layout.',
    defaultSeverity: 'warning',
    messages: {
      leaks: '{{map}} reveals {{what}} in {{count}} absolute path{{plural}}, e.g. {{example}}.',
      summary: '{{count}} published source map{{plural}} reveal {{what}} ({{cause}}): {{maps}}.',
    },
  },
  async check(ctx) {
    const maps = (await loadUnitMaps(ctx)).maps.filter((m) => m.leaks.length > 0 && (m.origin === 'external' || m.referenced));
    if (maps.length === 0) return;
    for (const m of maps) {
      const { what, serious } = describe([m]);
      ctx.report({
        messageId: 'leaks',
        data: { map: mapName(m), what, count: formatCount(m.leaks.length), plural: m.leaks.length === 1 ? '' : 's', example: m.leaks[0].value },
        ...mapLocation(m),
        severity: serious ? 'warning' : 'hint',
        key: `${m.host.path}#${m.mapIndex}`,
      });
    }
    const serious = maps.filter((m) => describe([m]).serious);
    if (serious.length === 0) return;
    for (const group of await groupByCause(ctx, [...new Set(serious.map((m) => m.host))])) {
      const inGroup = serious.filter((m) => group.files.includes(m.host));
      ctx.report({
        messageId: 'summary',
        data: { count: inGroup.length, plural: inGroup.length === 1 ? '' : 's', what: describe(inGroup).what, cause: group.cause.describe, maps: listText(inGroup.map(mapName), 3) },
        file: group.cause.file,
        start: group.cause.start,
        end: group.cause.end,
        severity: 'warning',
        related: inGroup.slice(0, 50).map((m) => ({ ...mapLocation(m), message: `${mapName(m)}: ${m.leaks[0].value}` })),
        key: `summary:${inGroup.map((m) => `${m.host.path}#${m.mapIndex}`).sort().join(',')}`,
      });
    }
  },
};

/** "the user name \"alice\" and the GitHub Actions layout" — users and CI first, plain absolute paths last. */
function describe(maps: ShippedMap[]): { what: string; serious: boolean } {
  const users = new Set<string>();
  const cis = new Set<string>();
  let other = false;
  for (const m of maps) {
    for (const l of m.leaks) {
      if (l.user && l.kind !== 'ci') users.add(l.user);
      else if (l.ci) cis.add(l.ci);
      else other = true;
    }
  }
  const parts: string[] = [];
  if (users.size) parts.push(`the user name${users.size === 1 ? '' : 's'} ${listText([...users].map((u) => `"${u}"`), 3)}`);
  if (cis.size) parts.push(`the ${listText([...cis], 3)} build layout`);
  if (parts.length === 0 && other) parts.push('absolute build-machine paths');
  return { what: parts.join(' and '), serious: users.size > 0 || cis.size > 0 };
}

export default rule;
