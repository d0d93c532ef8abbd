/**
 * Which discovered package.json files are packaging units (issue #23, item 4).
 *
 * Every `package.json` used to become a unit, so a repository's test fixtures, examples and
 * vendored tool folders (`test/e2e/workspace/*`, `__tests__/fixtures/*`, `.yarn/sdks/*`) got
 * "looks internal but is not private" warnings. A package.json under such a folder that is not a
 * workspace of its monorepo root is not a unit by default; `units.include` / `units.exclude` in
 * `.leakguardrc.json` (globs of folders relative to the configuration) override the default.
 */
import { minimatch } from '../safe/glob';

/** Folder names whose packages are test data, examples or vendored tools, not things to publish. */
const NOT_A_UNIT_DIR = /^(?:tests?|__tests__|__mocks__|fixtures?|__fixtures__|test[-_]?fixtures?|examples?|samples?|sample[-_]?workspaces?|templates?|playgrounds?|_?integration[-_]?tests?|testbed|benchmarks?|e2e|third[-_]party|\.yarn)$/i;

export interface UnitFilterOptions {
  /** Folder globs (relative to `root`) that are units even under a test/fixture/example folder. */
  include?: readonly string[];
  /** Folder globs (relative to `root`) that are never units. */
  exclude?: readonly string[];
  /** Folder the globs are relative to (the configuration's folder); defaults to the analysed root. */
  base?: string;
}

/** A folder with a package.json that was not analysed, and why. */
export interface SkippedUnit {
  /** Folder relative to the analysed root, `/` separators. */
  folder: string;
  reason: 'test-fixture-or-example' | 'vendored-tool' | 'no-name' | 'inside-extension' | 'units.exclude';
}

function matches(globs: readonly string[] | undefined, rel: string): boolean {
  if (!globs) return false;
  return globs.some((g) => {
    const p = g.replace(/^\.\//, '').replace(/\/+$/, '');
    return minimatch(rel, p, { dot: true }) || minimatch(rel, `${p}/**`, { dot: true });
  });
}

/**
 * Splits discovered units into those analysed and those skipped. The analysed root itself and
 * every workspace of a monorepo root are always kept unless `units.exclude` names them.
 */
/** What the filter reads of a unit (a `PackagingUnit` of workspace.ts, which imports this file). */
export interface FilterableUnit {
  root: string;
  kind: string;
  name: string | undefined;
  workspaceRoot: string | undefined;
  parseErrors: readonly unknown[];
  manifest?: { repository?: unknown; publishConfig?: unknown; contributes?: unknown } | undefined;
}

export function filterUnits<U extends FilterableUnit>(units: U[], root: string, opts: UnitFilterOptions = {}): { units: U[]; skipped: SkippedUnit[] } {
  const byRoot = new Map(units.map((u) => [u.root, u]));
  const verdict = new Map<U, SkippedUnit['reason'] | null>();
  const base = opts.base ?? root;
  const relTo = (dir: string, p: string) => (p === dir ? '' : p.startsWith(dir + '/') ? p.slice(dir.length + 1) : undefined);
  const decide = (u: U, depth = 0): SkippedUnit['reason'] | null => {
    const known = verdict.get(u);
    if (known !== undefined) return known;
    let out: SkippedUnit['reason'] | null = null;
    const rel = relTo(root, u.root);
    const globRel = relTo(base, u.root);
    if (rel !== undefined && rel !== '') {
      if (globRel !== undefined && matches(opts.exclude, globRel)) out = 'units.exclude';
      else {
        const hit = rel.split('/').find((d) => NOT_A_UNIT_DIR.test(d));
        // A workspace counts as a unit only when its monorepo root does (a fixture monorepo's packages are fixtures too).
        const wsRoot = u.workspaceRoot !== undefined ? byRoot.get(u.workspaceRoot) : undefined;
        const wsKept = wsRoot !== undefined && depth < 32 && decide(wsRoot, depth + 1) === null;
        const included = globRel !== undefined && matches(opts.include, globRel);
        // A private workspace under a test folder (a test app) is never published either, nor is a
        // workspace there without any sign of being meant for publishing (`repository`,
        // `publishConfig`): vitest-dev/vscode's `samples/*` are workspaces only to get installed.
        const meantToPublish = u.kind !== 'private' && (u.manifest?.repository !== undefined || u.manifest?.publishConfig !== undefined);
        if (hit && (!wsKept || !meantToPublish) && !included) out = /^(?:\.yarn|third[-_]party)$/i.test(hit) ? 'vendored-tool' : 'test-fixture-or-example';
        // npm and vsce refuse a package.json without a name: a nested one (`{"type": "module"}`) only sets module options.
        else if (!included && !u.name && u.manifest !== undefined && u.parseErrors.length === 0) out = 'no-name';
        // The client/ and server/ package.json of an extension are part of its VSIX, not packages of their own
        // (vscode-extension-samples' lsp-sample); a nested folder that contributes is an extension of its own.
        else if (!included && u.workspaceRoot === undefined && u.manifest?.contributes === undefined && insideExtension(u)) out = 'inside-extension';
      }
    }
    verdict.set(u, out);
    return out;
  };
  const extensionRoots = units.filter((x) => x.kind === 'vscode-extension').map((x) => x.root);
  function insideExtension(u: U): boolean {
    return extensionRoots.some((r) => r !== u.root && u.root.startsWith(r + '/'));
  }
  const kept: U[] = [];
  const skipped: SkippedUnit[] = [];
  for (const u of units) {
    const reason = decide(u);
    if (reason === null) kept.push(u);
    else skipped.push({ folder: relTo(root, u.root) ?? u.root, reason });
  }
  return { units: kept, skipped };
}

/** One line for people: "Skipped 3 folders (test fixtures, examples, vendored tools): a, b, c". */
export function describeSkipped(skipped: readonly SkippedUnit[], max = 5): string | undefined {
  if (skipped.length === 0) return undefined;
  const list = skipped.slice(0, max).map((s) => s.folder).join(', ');
  const more = skipped.length > max ? ` and ${skipped.length - max} more` : '';
  return `Skipped ${skipped.length} package folder${skipped.length === 1 ? '' : 's'} under test/fixture/example/vendored-tool folders, without a name, or in units.exclude (set units.include in .leakguardrc.json to analyse them): ${list}${more}.`;
}
