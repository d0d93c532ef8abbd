/**
 * container-dev-files-in-image: `.git/`, build caches (`node_modules/.cache`, `.next/cache` ...),
 * `*.tsbuildinfo`, Terraform state and shell histories reach the final image, reported on the
 * COPY/ADD line that copies them. `.env`, keys and source maps in an image are reported by
 * secret-dotenv-in-publish-set, secret-credential-file-in-publish-set and sourcemap-in-publish-set
 * on the same line (one finding per leak).
 */
import type { UnitRule } from '../server/src/engine/context';
import { devFileGroup, dockerUnitOf, groupByCause, shippedFact } from '../server/src/engine/rule-kit';

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'container-dev-files-in-image',
    family: 'container',
    description: 'Version-control folders, build caches, *.tsbuildinfo, Terraform state or shell histories reach the final image.',
    defaultSeverity: 'warning',
    fixable: 'safe',
    messages: {
      devFiles: '{{what}} reach the final image ({{cause}}). They hold history, copies of the sources or state that should not be pushed with the image.',
    },
  },
  async check(ctx) {
    const du = dockerUnitOf(ctx.unit);
    if (!du) return;
    const dev = ctx.publishSet.files.filter((f) => devFileGroup(f.path));
    if (!dev.length) return;
    const folders = new Set<string>();
    const globs = new Set<string>();
    for (const f of dev) {
      const g = devFileGroup(f.path)!;
      if (g.folder) folders.add(g.folder);
      else if (g.glob) globs.add(g.glob);
    }
    const fix = await ctx.exclude({ paths: dev.map((f) => f.path), folders: [...folders], globs: [...globs], what: 'dev files' });
    for (const g of await groupByCause(ctx, dev)) {
      const labels = [...new Set(g.files.map((f) => devFileGroup(f.path)!.label))];
      const what = labels.slice(0, 5).join(', ') + (labels.length > 5 ? ` and ${labels.length - 5} more` : '') + ` (${g.files.length} file${g.files.length === 1 ? '' : 's'})`;
      ctx.report({
        messageId: 'devFiles',
        data: { what, cause: g.cause.describe },
        file: g.cause.file,
        start: g.cause.start,
        end: g.cause.end,
        fix,
        related: g.files.slice(0, 20).map((f) => ({ file: f.abs, start: 0, end: 0, message: `${f.path} reaches the image` })),
        key: labels.join(','),
        facts: g.files.map((f) => shippedFact(f.abs)),
      });
    }
  },
};

export default rule;
