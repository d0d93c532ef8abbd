/**
 * python-sdist-no-include-list: the sdist has no explicit include list — setuptools-scm ships every
 * file tracked by git, hatchling's sdist everything .gitignore does not exclude — while sensitive
 * files (env files, keys, credentials, agent files, dumps, editor folders) are among them. Reported on the
 * build-backend / setuptools-scm line of pyproject.toml, naming the files.
 */
import type { UnitRule } from '../server/src/engine/context';
import { isSecretStoreName, isSensitivePath, pythonUnitOf, sdistIncludeList, shippedFact } from '../server/src/engine/rule-kit';

/** Leaks by name alone. Notebooks count only with outputs, and that is python-sdist-dev-data's finding. */
export function sensitiveForSdist(rel: string): boolean {
  return isSensitivePath(rel) || isSecretStoreName(rel) || /(^|\/)\.(vscode|idea)\//.test(rel);
}

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'python-sdist-no-include-list',
    family: 'python',
    description: 'The sdist has no explicit include list (setuptools-scm, hatchling defaults) and sensitive files of the project ship in it.',
    defaultSeverity: 'warning',
    fixable: 'safe',
    messages: {
      broad: 'No include list: {{why}}, so {{files}} ship in the sdist. Exclude them, or list what the sdist should contain.',
    },
  },
  async check(ctx) {
    const pu = pythonUnitOf(ctx.unit);
    if (!pu) return;
    const py = `${pu.root}/pyproject.toml`;
    const verdict = sdistIncludeList(pu, await ctx.readText(py));
    if (!verdict.broad) return;
    const bad = ctx.publishSet.files.filter((f) => f.reason.kind === 'packager' && f.reason.shipsIn.some((s) => s.artifact === 'sdist') && sensitiveForSdist(f.path));
    if (!bad.length) return;
    const fix = await ctx.exclude({ paths: bad.map((f) => f.path), what: 'sensitive files' });
    const files = bad.slice(0, 5).map((f) => f.path).join(', ') + (bad.length > 5 ? ` and ${bad.length - 5} more` : '');
    ctx.report({
      messageId: 'broad',
      data: { why: verdict.why, files },
      file: py,
      start: verdict.anchor.start,
      end: verdict.anchor.end,
      fix,
      related: bad.slice(0, 20).map((f) => ({ file: f.abs, start: 0, end: 0, message: `${f.path} ships in the sdist` })),
      key: bad.map((f) => f.path).sort().join(','),
      facts: bad.map((f) => shippedFact(f.abs)),
    });
  },
};

export default rule;
