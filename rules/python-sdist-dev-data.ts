/**
 * python-sdist-dev-data: Jupyter notebooks with outputs (results, tracebacks, printed data) and data
 * files under tests/ (recorded responses, dumps, data sets) ship in the sdist or the wheel. Reported
 * at the line that ships them (MANIFEST.in, pyproject.toml).
 */
import type { UnitRule } from '../server/src/engine/context';
import { groupByCause, isTestData, notebookHasOutputs, pythonUnitOf, shippedFact, type PublishedFile } from '../server/src/engine/rule-kit';

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'python-sdist-dev-data',
    family: 'python',
    description: 'Notebooks with outputs or data files under tests/ ship in the sdist or the wheel.',
    defaultSeverity: 'warning',
    fixable: 'safe',
    messages: {
      notebooks: '{{files}} (notebook with outputs) ship in the {{artifacts}} ({{cause}}). Outputs keep results, tracebacks and data from the author\'s machine.',
      testData: '{{files}} (test data) ship in the {{artifacts}} ({{cause}}). Recorded responses and dumps often hold real data; keep them out or check them.',
    },
  },
  async check(ctx) {
    const pu = pythonUnitOf(ctx.unit);
    if (!pu) return;
    const notebooks: PublishedFile[] = [];
    const data: PublishedFile[] = [];
    for (const f of ctx.publishSet.files) {
      if (/\.ipynb$/i.test(f.path)) {
        const t = await ctx.readText(f.abs);
        if (t !== undefined && notebookHasOutputs(t)) notebooks.push(f);
      } else if (isTestData(f.path)) data.push(f);
    }
    for (const [kind, list] of [['notebooks', notebooks], ['testData', data]] as const) {
      if (!list.length) continue;
      const fix = await ctx.exclude({ paths: list.map((f) => f.path), what: kind === 'notebooks' ? 'notebooks' : 'test data' });
      for (const g of await groupByCause(ctx, list)) {
        const arts = new Set(g.files.flatMap((f) => (f.reason.kind === 'packager' ? f.reason.shipsIn.map((s) => s.artifact) : [])));
        ctx.report({
          messageId: kind,
          data: { files: g.files.slice(0, 5).map((f) => f.path).join(', ') + (g.files.length > 5 ? ` and ${g.files.length - 5} more` : ''), artifacts: [...arts].sort().join(' and ') || 'sdist', cause: g.cause.describe },
          file: g.cause.file,
          start: g.cause.start,
          end: g.cause.end,
          severity: kind === 'testData' ? 'info' : undefined,
          fix,
          related: g.files.slice(0, 20).map((f) => ({ file: f.abs, start: 0, end: 0, message: `${f.path} ships` })),
          key: `${kind}:${g.files.map((f) => f.path).sort().join(',')}`,
          facts: g.files.map((f) => shippedFact(f.abs)),
        });
      }
    }
  },
};

export default rule;
