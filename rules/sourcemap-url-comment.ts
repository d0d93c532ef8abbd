/**
 * sourcemap-url-comment: `sourceMappingURL` / `debugId` comments in published JS/CSS that point
 * somewhere a map lives: a remote URL anyone can fetch (public buckets were claimed around the
 * Claude Code leak; Bun.serve served `/chunk-*.js.map` in production, oven-sh/bun#28001), a map
 * left out of the package (reveals the build layout), or a debug id whose map exists somewhere
 * (catalogue rule 17). A relative URL to a shipped map is sourcemap-in-publish-set's business.
 */
import type { UnitRule } from '../server/src/engine/context';
import { classifyHost, loadUnitMaps } from '../server/src/engine/rule-kit';

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'sourcemap-url-comment',
    family: 'sourcemap',
    description: 'A published file references its source map by URL or debug id.',
    defaultSeverity: 'warning',
    messages: {
      remote: 'Published file links its source map at {{url}}: anyone can fetch it. Use hidden source maps (no comment) and upload maps privately.',
      exposedHost: 'Published file links its source map at {{url}}, on {{hostKind}}: the map is reachable by anyone who reads this file.',
      dangling: 'sourceMappingURL points at {{target}}, which is not published; the comment only reveals the build layout. Use hidden source maps.',
      debugId: 'Published file carries debugId {{id}} but no map is published: make sure the map is uploaded privately, not deployed.',
    },
  },
  async check(ctx) {
    const unitMaps = await loadUnitMaps(ctx);
    const shippedDebugIds = new Set(unitMaps.maps.map((m) => m.debugId).filter((d): d is string => !!d));
    const filesWithShippedMap = new Set(unitMaps.references.filter((r) => r.targetShipped).map((r) => r.file.path));
    for (const { file, ref, target, targetShipped } of unitMaps.references) {
      const loc = { file: file.abs, start: ref.start, end: ref.end, key: `${file.path}:${ref.kind}:${ref.value}` };
      if (ref.kind === 'debugId') {
        if (!filesWithShippedMap.has(file.path) && !shippedDebugIds.has(ref.value)) {
          ctx.report({ messageId: 'debugId', data: { id: ref.value }, severity: 'info', ...loc });
        }
        continue;
      }
      if (target !== undefined) {
        if (!targetShipped) ctx.report({ messageId: 'dangling', data: { target }, severity: 'hint', ...loc });
        continue;
      }
      const host = /^(?:https?:)?\/\/([^/:?#]+)/i.exec(ref.value)?.[1];
      if (!host) continue; // other schemes (webpack-internal:, file:) are not fetchable from the package
      const kind = classifyHost(host, { internalDomains: ctx.config.internalDomains });
      if (kind === 'bucket' || kind === 'internal-domain' || kind === 'internal-suffix' || kind === 'private-ip') {
        const hostKind = kind === 'bucket' ? 'a public object store' : kind === 'private-ip' ? 'a private IP address' : `an internal host (${host})`;
        ctx.report({ messageId: 'exposedHost', data: { url: ref.value, hostKind }, severity: 'error', ...loc });
      } else {
        ctx.report({ messageId: 'remote', data: { url: ref.value }, severity: 'warning', ...loc });
      }
    }
  },
};

export default rule;
