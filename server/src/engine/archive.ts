/**
 * Built artifacts scanned exactly as they will be uploaded: an npm tarball (`.tgz`, entries under
 * `package/`) or a VS Code `.vsix` (a zip, entries under `extension/`). Read in memory, never
 * extracted to disk.
 */
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { extract } from 'tar-stream';
import * as yauzl from 'yauzl';
import type { FileSystem, DirEntry, FileStat } from './fs';
import { looksBinary, decodeText, DiskFileSystem } from './fs';
import { makeUnit, type PackagingUnit } from './workspace';
import type { PublishSet, PublishedFile } from './publish/types';
import { toPosix } from './paths';

export interface Archive {
  /** Absolute path of the archive. */
  file: string;
  kind: 'npm' | 'vsix';
  /** Entry path inside the package folder (without `package/` or `extension/`) → bytes. */
  entries: Map<string, Buffer>;
}

/** Reads an archive by extension; throws an Error with a clear message when it is not one. */
export async function readArchive(file: string): Promise<Archive> {
  const abs = toPosix(path.resolve(file));
  const buf = await readFile(abs);
  if (/\.vsix$/i.test(abs) || (buf[0] === 0x50 && buf[1] === 0x4b)) return { file: abs, kind: 'vsix', entries: await readZip(buf) };
  return { file: abs, kind: 'npm', entries: await readTgz(buf) };
}

/**
 * Reads an archive already in memory (a tarball fetched from a registry); `file` names it in
 * messages and in the paths of its entries. Throws like {@link readArchive}.
 */
export async function readArchiveBuffer(buf: Buffer, file: string): Promise<Archive> {
  if (/\.vsix$/i.test(file) || (buf[0] === 0x50 && buf[1] === 0x4b)) return { file, kind: 'vsix', entries: await readZip(buf) };
  return { file, kind: 'npm', entries: await readTgz(buf) };
}

async function readTgz(buf: Buffer): Promise<Map<string, Buffer>> {
  let tar: Buffer;
  try {
    tar = buf[0] === 0x1f && buf[1] === 0x8b ? zlib.gunzipSync(buf) : buf;
  } catch (e) {
    throw new Error(`not a gzip-compressed tarball (${(e as Error).message})`);
  }
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    const ex = extract();
    ex.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        if (header.type === 'file' || header.type === 'contiguous-file') {
          // npm tarballs put everything under one top folder, usually `package/`.
          const name = header.name.replace(/^\.?\/?[^/]+\//, '');
          if (name) entries.set(name, Buffer.concat(chunks));
        }
        next();
      });
      stream.on('error', reject);
      stream.resume();
    });
    ex.on('finish', resolve);
    ex.on('error', (e: Error) => reject(new Error(`not a valid tar archive (${e.message})`)));
    ex.end(tar);
  });
  return entries;
}

function readZip(buf: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(new Error(`not a valid zip/.vsix (${err?.message ?? 'unknown error'})`));
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        if (/\/$/.test(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(new Error(`cannot read ${entry.fileName} (${e?.message})`));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            if (entry.fileName.startsWith('extension/')) entries.set(entry.fileName.slice('extension/'.length), Buffer.concat(chunks));
            zip.readEntry();
          });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/**
 * A read-only file system over an archive's entries, rooted at `<archive>!`. Paths outside the
 * archive (a `--config` file next to it) are read from disk.
 */
export class ArchiveFileSystem implements FileSystem {
  readonly root: string;
  private readonly disk = new DiskFileSystem();
  constructor(private readonly archive: Archive) {
    this.root = `${archive.file}!`;
  }

  private key(absPath: string): string | undefined {
    const p = toPosix(absPath);
    if (p === this.root) return '';
    return p.startsWith(this.root + '/') ? p.slice(this.root.length + 1) : undefined;
  }

  async readFile(absPath: string): Promise<Buffer | undefined> {
    const k = this.key(absPath);
    return k === undefined ? this.disk.readFile(absPath) : this.archive.entries.get(k);
  }

  async readText(absPath: string): Promise<string | undefined> {
    const b = await this.readFile(absPath);
    return b && !looksBinary(b) ? decodeText(b) : undefined;
  }

  async stat(absPath: string): Promise<FileStat | undefined> {
    const k = this.key(absPath);
    if (k === undefined) return toPosix(absPath).startsWith(this.root) ? undefined : this.disk.stat(absPath);
    const b = this.archive.entries.get(k);
    if (b) return { size: b.length, mtimeMs: 0, isFile: true, isDirectory: false };
    const prefix = k === '' ? '' : k + '/';
    for (const name of this.archive.entries.keys()) if (name.startsWith(prefix)) return { size: 0, mtimeMs: 0, isFile: false, isDirectory: true };
    return undefined;
  }

  async readDir(absPath: string): Promise<DirEntry[]> {
    const k = this.key(absPath);
    if (k === undefined) throw Object.assign(new Error('not in archive'), { code: 'ENOENT' });
    const prefix = k === '' ? '' : k + '/';
    const seen = new Map<string, DirEntry>();
    for (const name of this.archive.entries.keys()) {
      if (!name.startsWith(prefix)) continue;
      const rest = name.slice(prefix.length);
      const [head, ...tail] = rest.split('/');
      if (!seen.has(head)) seen.set(head, { name: head, isFile: tail.length === 0, isDirectory: tail.length > 0, isSymbolicLink: false });
    }
    return [...seen.values()];
  }
}

/** The unit and publish set of an archive: the set is exactly the archive's contents. */
export function archiveUnit(archive: Archive, fs: ArchiveFileSystem): { unit: PackagingUnit; publishSet: PublishSet } {
  const manifestBuf = archive.entries.get('package.json');
  const unit = makeUnit(`${fs.root}/package.json`, manifestBuf ? decodeText(manifestBuf) : '');
  if (!manifestBuf) unit.kind = archive.kind === 'vsix' ? 'vscode-extension' : 'npm';
  // Archives are what ships: treat a `private` manifest inside one as the kind it was packed as.
  if (unit.kind === 'private') unit.kind = archive.kind === 'vsix' ? 'vscode-extension' : 'npm';
  const files: PublishedFile[] = [...archive.entries.entries()]
    .map(([p, b]) => ({ path: p, abs: `${fs.root}/${p}`, size: b.length, reason: { kind: 'artifact' as const, archive: archive.file } }))
    .sort((a, b) => a.path.localeCompare(b.path));
  return { unit, publishSet: { unit, tool: 'archive', files, byPath: new Map(files.map((f) => [f.path, f])), problems: manifestBuf ? [] : ['The archive has no package.json.'] } };
}
