/**
 * Issue #15 item 7: a big map's embedded sources must not travel in Diagnostic.data (megabytes per
 * diagnostic, secrets included), and `leakguard/embeddedSource` serves only sources of maps inside
 * the workspace's publish sets, whatever map path a client sends.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { writeTree } from '../helpers/rule-tester';
import { startServer, killAll } from '../helpers/lsp-client';
import { SERVER, cleanEnv, outsideVictim } from './attacker';
import { EmbeddedSourceRequest } from '../../protocol';

// A fake key assembled at run time (the repository holds none).
const SECRET = ['AKIA', 'Q'.repeat(12), 'ZZZZ'].join('');

function bigMap(): { tree: Record<string, string>; sources: string[] } {
  const filler = '// generated\n' + 'export const pad = "' + 'x'.repeat(200) + '";\n';
  const sources = Array.from({ length: 4 }, (_, i) => `${filler.repeat(5000)}export const key${i} = "${SECRET}";\nconst banner = "DO NOT SHIP build ${i}";\n`);
  return {
    sources,
    tree: {
      'package.json': JSON.stringify({ name: 'big-map', version: '1.0.0', main: 'dist/index.js' }, null, 2),
      'dist/index.js': 'console.log(1);\n',
      'dist/index.js.map': JSON.stringify({ version: 3, sources: sources.map((_, i) => `../src/m${i}.ts`), sourcesContent: sources, mappings: '' }),
    },
  };
}

describe('security: embedded sources stay on the server (#15 item 7)', function () {
  this.timeout(120_000);
  afterEach(() => killAll());

  it('diagnostics on a 4 MB map carry references, not sources; embeddedSource serves them by reference', async () => {
    const { tree, sources } = bigMap();
    const root = writeTree(tree);
    const { client: c } = await startServer(root, { env: cleanEnv(), serverPath: SERVER });
    let bytes = 0;
    c.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: unknown[] }) => {
      bytes += Buffer.byteLength(JSON.stringify(p));
      c.diags.set(p.uri, p.diagnostics as never);
      (c as unknown as { wake(): void }).wake();
    });
    const mapUri = c.open(path.join(root, 'dist/index.js.map'), 'json');
    const diags = await c.waitFor(mapUri, (d) => d.some((x) => x.code === 'prompt-internal-codename') && d.some((x) => x.code === 'sourcemap-sources-content'));
    const size = Buffer.byteLength(JSON.stringify(diags));
    console.log(`      diagnostics for the map: ${diags.length}, ${size} bytes (all publishDiagnostics: ${bytes} bytes; map ${tree['dist/index.js.map'].length} bytes)`);
    assert.ok(!JSON.stringify(diags).includes('x'.repeat(200)), 'no embedded source text in any diagnostic');
    assert.ok(size < 64 * 1024, `diagnostics stay small: ${size} bytes`);
    // The reference still opens the source.
    const rel = diags.flatMap((d) => d.relatedInformation ?? []).find((r) => r.location.uri.startsWith('leakguard-embedded:'))!;
    const text = (await c.conn.sendRequest(EmbeddedSourceRequest, { uri: rel.location.uri })) as string | null;
    assert.ok(text !== null && sources.includes(text), 'embeddedSource serves the exact source by reference');
    assert.equal(await c.shutdown(), 0);
  });

  it('embeddedSource refuses a map outside the workspace and one that is not in a publish set', async () => {
    const v = outsideVictim();
    const outsideMap = path.join(v.dir, 'secret.js.map');
    fs.writeFileSync(outsideMap, JSON.stringify({ version: 3, sources: ['a.ts'], sourcesContent: [`outside ${SECRET}`], mappings: '' }));
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'm', version: '1.0.0', main: 'dist/index.js', files: ['dist'] }, null, 2),
      'dist/index.js': '1;\n',
      'private/notes.js.map': JSON.stringify({ version: 3, sources: ['n.ts'], sourcesContent: [`not shipped ${SECRET}`], mappings: '' }),
    });
    fs.symlinkSync(outsideMap, path.join(root, 'dist/linked.js.map'));
    const { client: c } = await startServer(root, { env: cleanEnv(), serverPath: SERVER });
    c.open(path.join(root, 'package.json'), 'json');
    await c.analysed();
    const ask = (map: string) => {
      const uri = URI.from({ scheme: 'leakguard-embedded', path: '/a.ts', query: JSON.stringify({ map, m: 0, s: 0 }) }).toString();
      return c.conn.sendRequest(EmbeddedSourceRequest, { uri }) as Promise<string | null>;
    };
    assert.equal(await ask(outsideMap), null, 'a map outside the workspace');
    assert.equal(await ask(path.join(root, 'dist/linked.js.map')), null, 'a map inside that links outside');
    assert.equal(await ask(path.join(root, 'private/notes.js.map')), null, 'a map that does not ship');
    assert.equal(await ask(path.join(root, '../../etc/passwd')), null);
    assert.equal(await c.shutdown(), 0);
  });
});
