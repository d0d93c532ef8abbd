/**
 * Load (issue "Reliability and security"): 1,000 rapid didChange notifications on one document
 * leave the server responsive, and the final diagnostics match the final text.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { writeTree } from '../helpers/rule-tester';
import { startServer, killAll } from '../helpers/lsp-client';

describe('language server under load', function () {
  this.timeout(120_000);
  afterEach(killAll);

  it('1,000 rapid edits: responsive throughout, final diagnostics correct', async () => {
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'app', version: '1.0.0', main: 'src/a.ts', files: ['src'], license: 'MIT', repository: 'github:a/b' }, null, 2),
      'src/a.ts': 'export const banner = "hello";\n',
    });
    const { client: c } = await startServer(root);
    const uri = c.open(path.join(root, 'src/a.ts'), 'typescript');
    await c.analysed();
    const base = 'export const banner = "hello";\n';
    let last = 0;
    for (let i = 1; i <= 1000; i++) {
      // Every 100th version carries a marker the codename rule reports; the last one does.
      const marker = i % 100 === 0 ? `// DO NOT SHIP build ${i}\n` : '';
      last = c.change(uri, `${base}${'const x = 1;\n'.repeat(i % 7)}${marker}`);
      if (i % 250 === 0) {
        const t0 = Date.now();
        await c.hover(uri, 0, 5);
        assert.ok(Date.now() - t0 < 5_000, 'hover answered while edits pour in');
      }
    }
    assert.equal(last, 1001);
    const text = c.docs.get(uri)!.getText();
    const markerLine = text.split('\n').findIndex((l) => l.includes('DO NOT SHIP'));
    const diags = await c.waitFor(uri, (d) => d.some((x) => x.code === 'prompt-internal-codename' && x.range.start.line === markerLine));
    assert.equal(diags.filter((x) => x.code === 'prompt-internal-codename').length, 1, 'exactly the final text\'s finding');
    // One more edit that removes the marker clears it.
    c.change(uri, base);
    await c.waitFor(uri, (d) => !d.some((x) => x.code === 'prompt-internal-codename'));
    assert.equal(await c.shutdown(), 0);
  });
});
