/**
 * Archive bombs built at test time (nothing binary is committed): gzip-compressed tarballs whose
 * entries are long runs of zeros, streamed through gzip so the test itself never holds them, and
 * zips written by hand (yauzl reads them; sizes may be declared honestly or as a lie).
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { pack } from 'tar-stream';

/** Writes `file`: a .tgz with `count` entries `package/blob-N.bin` of `entryBytes` zeros each (plus a package.json). */
export async function writeTgzBomb(file: string, entryBytes: number, count: number): Promise<number> {
  const p = pack();
  const done = pipeline(p, zlib.createGzip({ level: 9 }), fs.createWriteStream(file));
  p.entry({ name: 'package/package.json' }, JSON.stringify({ name: 'bomb', version: '1.0.0' }));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let n = 0; n < count; n++) {
    const entry = p.entry({ name: `package/blob-${n}.bin`, size: entryBytes });
    for (let left = entryBytes; left > 0; left -= zeros.length) {
      const chunk = left >= zeros.length ? zeros : zeros.subarray(0, left);
      if (!entry.write(chunk)) await new Promise<void>((r) => entry.once('drain', () => r()));
    }
    entry.end(Buffer.alloc(0));
  }
  p.finalize();
  await done;
  return fs.statSync(file).size;
}

/** Writes a .tgz of `count` empty files (an entry-count bomb). */
export async function writeTgzManyEntries(file: string, count: number): Promise<void> {
  const p = pack();
  const done = pipeline(p, zlib.createGzip(), fs.createWriteStream(file));
  for (let n = 0; n < count; n++) p.entry({ name: `package/f${n}` }, '');
  p.finalize();
  await done;
}

/**
 * A .vsix (zip) with one deflated entry `extension/<name>` of `realBytes` zeros whose header
 * declares `declaredBytes` (a lie when they differ), plus `extension/package.json`.
 */
export function zipBomb(name: string, realBytes: number, declaredBytes = realBytes): Buffer {
  const files = [
    { name: 'extension/package.json', data: Buffer.from('{"name":"bomb","version":"1.0.0","engines":{"vscode":"^1.80.0"}}'), declared: -1 },
    { name: `extension/${name}`, data: Buffer.alloc(realBytes), declared: declaredBytes },
  ];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const comp = zlib.deflateRawSync(f.data, { level: 9 });
    const nameBuf = Buffer.from(f.name);
    const size = f.declared < 0 ? f.data.length : f.declared;
    const crc = zlib.crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(comp.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(comp.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, comp);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(files.length, 8);
  eocd.writeUInt16LE(files.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}
