/**
 * publish-unbundled-source: the package's entry points are built output (`dist/`, `build/`,
 * `lib/`, `out/`) but the original sources ship next to them — `.ts`/`.tsx` files (not
 * declarations), `.jsx`, `.vue`/`.svelte` originals or a top-level `src/` (catalogue rule 7).
 * Claude Code 0.2.9 shipped `vendor/sdk/src/*.ts`; experiment A shipped `src/index.ts` by default.
 */
import type { UnitRule } from '../server/src/engine/context';
import { entryPointInfo, entryPoints, excludeHitsFix, groupByCause, isEntryPoint, listText, normPath, type PathHit, shippedRelated } from '../server/src/engine/rule-kit';

const OUT_DIR = /^(dist|build|lib|out)\//;
const TS_SOURCE = /\.(ts|mts|cts)$/i;
const DECLARATION = /\.d\.[cm]?ts$/i;
const OTHER_SOURCE = /\.(tsx|jsx|vue|svelte)$/i;

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'publish-unbundled-source',
    family: 'publish',
    description: 'Original sources (.ts, .tsx, .jsx, .vue, .svelte, src/) will be published next to the built entry points.',
    defaultSeverity: 'info',
    fixable: 'suggestion',
    messages: {
      sources: '{{count}} original source file{{plural}} will be published next to the built entry points in {{outDirs}} ({{cause}}): {{files}}.',
    },
  },
  async check(ctx) {
    const { unit, publishSet } = ctx;
    const m = unit.manifest;
    if (!m) return;
    const points = entryPoints(m).map(normPath).filter(Boolean);
    const code = points.filter((p) => !DECLARATION.test(p));
    // Only packages whose entry points are built output; one that points at its sources ships them on purpose.
    if (code.length === 0 || !code.some((p) => OUT_DIR.test(p))) return;
    if (points.some((p) => p.startsWith('src/') || (TS_SOURCE.test(p) && !DECLARATION.test(p)) || OTHER_SOURCE.test(p))) return;
    // Svelte packages ship .svelte files as their product (the `svelte` field or export condition).
    const shipsSvelte = typeof m.svelte === 'string' || JSON.stringify(m.exports ?? null).includes('"svelte"');
    // declarationMap "go to source" in an open-source library is fine (the catalogue's trap).
    if (ctx.visibility === 'open-source' && publishSet.files.some((f) => /\.d\.[cm]?ts\.map$/i.test(f.path))) return;
    const eps = entryPointInfo(points);
    const hits: PathHit[] = [];
    for (const f of publishSet.files) {
      if (f.reason.kind === 'always' || f.reason.kind === 'bundled-dependency' || isEntryPoint(eps, f.path)) continue;
      const isTs = TS_SOURCE.test(f.path) && !DECLARATION.test(f.path);
      const other = OTHER_SOURCE.test(f.path) && !(shipsSvelte && /\.svelte$/i.test(f.path));
      const inSrc = f.path.startsWith('src/') && !eps.folders.has('src');
      if (inSrc) hits.push({ file: f, folder: 'src' });
      // `*.ts` would also exclude `.d.ts`: TypeScript sources are excluded one by one.
      else if (isTs) hits.push({ file: f });
      else if (other) hits.push({ file: f, glob: `*${f.path.slice(f.path.lastIndexOf('.'))}` });
    }
    if (hits.length === 0) return;
    const outDirs = [...new Set(code.filter((p) => OUT_DIR.test(p)).map((p) => `${p.split('/')[0]}/`))];
    const fix = await excludeHitsFix(ctx, hits, 'original sources');
    for (const group of await groupByCause(ctx, hits.map((h) => h.file))) {
      ctx.report({
        messageId: 'sources',
        data: { count: group.files.length, plural: group.files.length === 1 ? '' : 's', outDirs: listText(outDirs, 3), cause: group.cause.describe, files: listText(group.files.map((f) => f.path)) },
        file: group.cause.file,
        start: group.cause.start,
        end: group.cause.end,
        severity: ctx.visibility === 'proprietary' ? 'warning' : 'info',
        fix,
        related: shippedRelated(group.files),
        key: `sources:${group.files.map((f) => f.path).sort().join(',')}`,
      });
    }
  },
};

export default rule;
