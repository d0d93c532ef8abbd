/**
 * A tiny ustar writer for test archives (no tar binary needed). It lives in the extension-host suite's
 * folder because that suite is compiled file by file into out/integration/suite/ (build-suite.mjs,
 * no bundling) and can only import its neighbours; the unit tests (test/helpers/docker-fixtures.ts)
 * import it from here.
 */
import * as zlib from 'node:zlib';

/** A tiny ustar archive (gzip-compressed when `gz`) holding `files`, built here (no tar binary needed). */
export function tarOf(files: Record<string, string | Buffer>, gz: boolean): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, text] of Object.entries(files)) {
    const body = typeof text === 'string' ? Buffer.from(text) : text;
    const h = Buffer.alloc(512);
    h.write(name, 0, 100, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  const tar = Buffer.concat(blocks);
  return gz ? zlib.gzipSync(tar) : tar;
}
