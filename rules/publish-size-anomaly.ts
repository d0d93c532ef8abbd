/**
 * publish-size-anomaly (catalogue rule 13, opt-in, network): the package grew suspiciously since
 * the last published version. 2.1.87 → 2.1.88 of @anthropic-ai/claude-code went from 46.6 MB to
 * 102.8 MB unpacked (+120 %); the only new file was the 59.8 MB cli.js.map. Package-size monitors
 * saw it first.
 *
 * The rule is off unless configured (`meta.optIn`) and reads the published version only through
 * `ctx.registry`, which only the CLI provides: the editor never touches a network.
 */
import type { RelatedLocation } from '../server/src/engine/types';
import type { UnitRule } from '../server/src/engine/context';
import { comparePublished, effectivePublishRegistry, formatBytes, projectNpmrcs, type PublishedListing, RegistryError } from '../server/src/engine/rule-kit';

/** New files at least this large are reported on their own (catalogue: "any new file > 5 MB"). */
const LARGE_NEW_FILE = 5_000_000;

interface Options {
  registry?: string;
  maxGrowthPercent?: number;
  maxGrowthBytes?: number;
}

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'publish-size-anomaly',
    family: 'publish',
    description: 'The package grew suspiciously, or gained source maps, .env files, keys or lockfiles, since the last published version (opt-in; asks the registry).',
    defaultSeverity: 'warning',
    optIn: true,
    messages: {
      growth: 'The package grows from {{before}} to {{after}} ({{growth}}) since {{name}}@{{version}} on {{registry}}; largest new files: {{files}}.',
      newSensitive: '{{file}} ({{size}}) is a new {{kind}} since {{name}}@{{version}} on {{registry}}; it was not in the last published version.',
      newLargeFile: '{{file}} ({{size}}) is new since {{name}}@{{version}} on {{registry}}.',
      fetchFailed: 'Cannot compare with the last published version of {{name}} on {{registry}}: {{problem}}.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        registry: { type: 'string', description: 'Registry to compare with; default: the one npm publish would use (publishConfig, project .npmrc).' },
        maxGrowthPercent: { type: 'number', minimum: 0, default: 50, description: 'Report when the unpacked size grows by more than this many percent.' },
        maxGrowthBytes: { type: 'number', minimum: 0, description: 'Also report when the unpacked size grows by more than this many bytes.' },
      },
    },
  },
  async check(ctx) {
    const { unit, publishSet } = ctx;
    if (!ctx.registry || unit.kind !== 'npm' || !unit.name) return;
    const opts = ctx.options as Options;
    const registry = typeof opts.registry === 'string' && opts.registry
      ? opts.registry
      : effectivePublishRegistry(unit.manifest, await projectNpmrcs(unit, ctx.readText, ctx.exists, ctx.workspaceRoot)).url;
    const at = ctx.manifestRange(['name']) ?? { start: 0, end: 0 };
    let published: PublishedListing | undefined;
    try {
      published = await ctx.registry.fetchPublished(unit.name, registry);
    } catch (e) {
      const problem = e instanceof RegistryError ? e.message : `unexpected error (${e instanceof Error ? e.message : String(e)})`;
      ctx.report({ messageId: 'fetchFailed', data: { name: unit.name, registry, problem }, ...at, severity: 'info', key: 'fetchFailed' });
      return;
    }
    // Never published there: nothing to compare with (the other rules judge a first publish).
    if (!published) return;
    const diff = comparePublished(publishSet.files, published.files);
    const base = { name: published.name, version: published.version, registry: published.registry };
    const abs = (p: string) => publishSet.byPath.get(p)?.abs ?? `${unit.root}/${p}`;
    const largestNew = [...diff.added].sort((a, b) => b.size - a.size);

    const maxPercent = typeof opts.maxGrowthPercent === 'number' ? opts.maxGrowthPercent : 50;
    const overPercent = diff.growthPercent !== null && diff.growthPercent > maxPercent;
    const overBytes = typeof opts.maxGrowthBytes === 'number' && diff.growthBytes > opts.maxGrowthBytes;
    if (diff.growthBytes > 0 && (overPercent || overBytes)) {
      const growth = diff.growthPercent !== null ? `+${formatBytes(diff.growthBytes)}, +${Math.round(diff.growthPercent)} %` : `+${formatBytes(diff.growthBytes)}`;
      const files = largestNew.length ? largestNew.slice(0, 3).map((f) => `${f.path} (${formatBytes(f.size)})`).join(', ') : 'none (existing files grew)';
      const related: RelatedLocation[] = largestNew.slice(0, 10).map((f) => ({ file: abs(f.path), message: `new: ${f.path} (${formatBytes(f.size)})` }));
      // Key without sizes or versions: one accepted growth stays accepted in a baseline only for its version.
      ctx.report({ messageId: 'growth', data: { ...base, before: formatBytes(diff.before.bytes), after: formatBytes(diff.after.bytes), growth, files }, ...at, related, key: `growth@${published.version}` });
    }
    for (const f of diff.added) {
      if (f.sensitive) {
        ctx.report({ messageId: 'newSensitive', data: { ...base, file: f.path, size: formatBytes(f.size), kind: f.sensitive }, ...at, related: [{ file: abs(f.path), message: `new ${f.sensitive}` }], key: `new:${f.path}` });
      } else if (f.size >= LARGE_NEW_FILE) {
        ctx.report({ messageId: 'newLargeFile', data: { ...base, file: f.path, size: formatBytes(f.size) }, ...at, related: [{ file: abs(f.path), message: 'new file' }], key: `new:${f.path}` });
      }
    }
  },
};

export default rule;
