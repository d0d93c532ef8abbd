/**
 * #16 in the editor, over real JSON-RPC: the same package gets the same publish set (and the same
 * .env.local verdict) whether the editor opened the repository root or only the package folder,
 * for a pnpm workspace (pnpm never reads the root .gitignore) and for npm workspaces (npm does).
 * The expected sets are the real packers' answers (test/helpers/pack-oracle.ts).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServer, killAll } from '../helpers/lsp-client';
import { oraclePack, cleanupOracle } from '../helpers/pack-oracle';
import { FIXTURES, layout } from '../helpers/monorepo-fixtures';
import { PublishSetsRequest } from '../../protocol';

interface SetInfo {
  root: string;
  name?: string;
  tool: string;
  packer?: string;
  files: Array<{ path: string; why: string }>;
}

describe('server: one publish set whichever folder the editor opened (#16)', function () {
  this.timeout(120_000);
  let base: string;
  before(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-lsp-folders-'));
  });
  after(() => {
    fs.rmSync(base, { recursive: true, force: true });
    cleanupOracle();
  });
  afterEach(killAll);

  const repro = FIXTURES[0];
  for (const tool of ['pnpm', 'npm'] as const) {
    it(`${tool}: the issue's reproduction opened at the root and at packages/core`, async () => {
      const root = layout(repro, tool, base);
      const pkg = `${root}/packages/core`;
      const expected = await oraclePack(tool, root, pkg);
      for (const folder of [root, pkg]) {
        const { client: c } = await startServer(folder);
        const uri = c.open(path.join(pkg, 'package.json'), 'json');
        // Analysis is done once the package's diagnostics arrive (there is always at least one here).
        await c.waitFor(uri, (d) => d.length > 0);
        const sets = (await c.conn.sendRequest(PublishSetsRequest, {})) as SetInfo[];
        const unit = sets.find((s) => s.root === pkg);
        assert.ok(unit, `${folder}: ${JSON.stringify(sets.map((s) => s.root))}`);
        assert.deepEqual(unit.files.map((f) => f.path).sort(), expected, `opened at ${folder}`);
        assert.equal(unit.packer, tool === 'pnpm' ? 'pnpm pack' : 'npm pack');
        const envDiag = c.diags.get(uri)!.some((d) => d.code === 'secret-dotenv-in-publish-set' && /\.env\.local/.test(d.message));
        assert.equal(envDiag, tool === 'pnpm', `.env.local error when opened at ${folder}`);
        if (tool === 'pnpm') assert.ok(c.diags.get(uri)!.some((d) => /pnpm pack:/.test(d.message)), 'the message names the packer');
        assert.equal(await c.shutdown(), 0);
      }
    });
  }
});
