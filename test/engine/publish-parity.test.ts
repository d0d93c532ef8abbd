/**
 * Parity of Leakguard's publish sets with the real packers (#16): the same monorepo shapes laid
 * out as an npm workspace, a pnpm workspace and a yarn berry project; for each package Leakguard's
 * set, computed from the repository root, from the `packages` folder and from the package folder,
 * must equal what `npm pack --dry-run --json -w`, `pnpm pack` (tarball entries) and
 * `yarn pack --dry-run --json` put in the tarball. The packers run once per fixture and tool, with
 * scripts off and a throwaway HOME; their answers are cached (see test/helpers/pack-oracle.ts).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiskFileSystem } from '../../server/src/engine/safe/fs';
import { discoverUnits, type PackTool } from '../../server/src/engine/workspace';
import { computePublishSet } from '../../server/src/engine/publish/index';
import { oraclePack, cleanupOracle } from '../helpers/pack-oracle';
import { FIXTURES, TOOLS, layout } from '../helpers/monorepo-fixtures';

async function leakguardSet(scan: string, unitRoot: string): Promise<{ tool: PackTool | undefined; files: string[] }> {
  const disk = new DiskFileSystem();
  const { units } = await discoverUnits(disk, scan);
  const unit = units.find((u) => u.root === unitRoot);
  assert.ok(unit, `no unit at ${unitRoot} when scanning ${scan}`);
  const set = await computePublishSet(disk, unit);
  assert.deepEqual(set.problems, []);
  return { tool: unit.tool, files: set.files.map((f) => f.path).sort() };
}

describe('publish sets: parity with npm pack, pnpm pack and yarn pack on monorepo fixtures (#16)', function () {
  this.timeout(600_000);
  let base: string;
  const tally = { comparisons: 0, fixtures: new Set<string>(), tools: new Set<string>() };
  before(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-parity-'));
  });
  after(() => {
    fs.rmSync(base, { recursive: true, force: true });
    cleanupOracle();
    // The number for the closing note of #16.
    console.log(`      parity: ${tally.fixtures.size} fixtures × ${tally.tools.size} tools, ${tally.comparisons} sets compared (root, packages/ and package folder), all equal`);
  });

  it('has at least 12 fixtures', () => assert.ok(FIXTURES.length >= 12));

  for (const fx of FIXTURES) {
    for (const tool of TOOLS.filter((t) => !fx.tools || fx.tools.includes(t))) {
      it(`${tool}: ${fx.name}`, async () => {
        const root = layout(fx, tool, base);
        for (const dir of Object.keys(fx.packages)) {
          const pkg = `${root}/${dir}`;
          const packDir = tool === 'npm' && fx.npmPackDir?.[dir] ? `${root}/${fx.npmPackDir[dir]}` : pkg;
          // The packer runs where CI runs it: npm with -w on the workspace path (the link, when the folder is linked).
          const expected = await oraclePack(tool, root, fx.packAt?.[dir] ? `${root}/${fx.packAt[dir]}` : packDir);
          for (const scan of [root, ...(fx.scans ?? ['packages']).map((s) => `${root}/${s}`), pkg]) {
            const got = await leakguardSet(scan, pkg);
            assert.equal(got.tool, tool, `packer of ${dir} scanned from ${scan}`);
            assert.deepEqual(got.files, expected, `${tool} ${dir} scanned from ${path.relative(root, scan) || '.'}`);
            tally.comparisons++;
          }
        }
        tally.fixtures.add(fx.name);
        tally.tools.add(tool);
      });
    }
  }
});
