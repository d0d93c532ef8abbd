/**
 * Issue #20: analyzeShippedMaps reads scripts as bytes and decodes only those holding a marker
 * (`sourceMappingURL`, `debugId`, `data:application/`). The answer must be the one it gives reading
 * every script as text: checked on scripts with each marker, several at once, none, a marker in
 * non-ASCII context, a binary file and a broken inline map.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeShippedMaps } from '../../server/src/engine/sourcemap/unit-maps';
import { DiskFileSystem } from '../../server/src/engine/safe/fs';
import { writeTree } from '../helpers/rule-tester';
import type { PublishedFile } from '../../server/src/engine/publish/types';

const map = (src: string) => JSON.stringify({ version: 3, sources: [src], sourcesContent: ['export const a = 1;\n'], mappings: 'AAAA', names: [] });
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('sourcemap: scripts read as bytes give the same unit maps (issue #20)', () => {
  it('same maps, references and problems with and without readFile', async () => {
    const files: Record<string, string> = {
      'dist/ref.js': 'console.log(1);\n//# sourceMappingURL=ref.js.map\n',
      'dist/ref.js.map': map('../src/ref.ts'),
      'dist/inline.js': `x();\n//# sourceMappingURL=data:application/json;base64,${b64(map('../src/inline.ts'))}\n`,
      'dist/debug.js': 'y();\n//# debugId=85314830-023f-4cf1-a267-535f4e37bb17\n',
      'dist/both.js': `é();\n//# debugId=85314830-023f-4cf1-a267-535f4e37bb17\n//# sourceMappingURL=data:application/json;base64,${b64(map('../src/both.ts'))}\n`,
      'dist/plain.js': 'export function add(a, b) { return a + b; }\n',
      'dist/unicode.js': '// Привет — sourceMappingURL appears in prose here\nconst s = "ü";\n',
      'dist/broken.js': 'z();\n//# sourceMappingURL=data:application/json;base64,!!!notbase64\n',
      'dist/style.css': 'a{}\n/*# sourceMappingURL=style.css.map */\n',
      'dist/style.css.map': map('../src/style.scss'),
    };
    const root = writeTree(files);
    fs.writeFileSync(path.join(root, 'dist/binary.js'), Buffer.from([0x73, 0x6f, 0x75, 0, 0x72, 0x63, 0x65, 0x4d, 0x61, 0x70, 0x70, 0x69, 0x6e, 0x67]));
    const published: PublishedFile[] = [...Object.keys(files), 'dist/binary.js'].sort().map((p) => ({ path: p, abs: path.join(root, p).replace(/\\/g, '/'), size: fs.statSync(path.join(root, p)).size, reason: 'test' }) as unknown as PublishedFile);
    const disk = new DiskFileSystem();
    let bytesReads = 0;
    const asText = await analyzeShippedMaps(published, root, (abs) => disk.readText(abs));
    const asBytes = await analyzeShippedMaps(published, root, (abs) => disk.readText(abs), (abs) => {
      bytesReads++;
      return disk.readFile(abs);
    });
    assert.ok(bytesReads >= 8, `${bytesReads} scripts read as bytes`);
    assert.deepEqual(asBytes, asText);
    // Not vacuous: each kind of finding is there.
    assert.ok(asText.maps.some((m) => m.origin === 'inline'));
    assert.ok(asText.maps.some((m) => m.origin === 'external'));
    assert.ok(asText.references.some((r) => r.ref.kind === 'debugId'));
    assert.ok(asText.references.some((r) => r.ref.kind === 'sourceMappingURL'));
  });
});
