/**
 * Built artifacts scanned exactly as they will be uploaded: an npm tarball (`.tgz`, entries under
 * `package/`) or a VS Code `.vsix` (a zip, entries under `extension/`). Read in memory, never
 * extracted to disk.
 */
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { readFile, stat } from 'node:fs/promises';
import { extract } from 'tar-stream';
import * as yauzl from 'yauzl';
import type { FileSystem, DirEntry, FileStat } from '../safe/fs';
import { looksBinary, decodeText, DiskFileSystem } from '../safe/fs';
import type { PackagingUnit } from '../unit';
import { makeUnit } from '../packagers/npm/detect';
import type { PublishSet, PublishedFile } from './types';
import { toPosix } from '../paths';

export interface Archive {
  /** Absolute path of the archive. */
  file: string;
  kind: 'npm' | 'vsix';
  /** Entry path inside the package folder (without `package/` or `extension/`) → bytes. */
  entries: Map<string, Buffer>;
}

/**
 * Caps on what an archive may unpack to (issue #15 item 9: a 194 KB `.tgz` took 664 MB). Archives
 * are held in memory, so these bound memory too. The defaults leave room for the packages that
 * matter most here: one entry may be 256 MiB (four times the 59.8 MB map of the Claude Code
 * incident), the whole package 512 MiB (the biggest real npm packages and `.vsix` files unpack to
 * a few hundred MB), and 100,000 entries (ten times a large package). `leakguard pack
 * --max-unpacked-size` raises the total for the rare bigger artifact.
 */
export interface ArchiveLimits {
  /** All entries together, uncompressed (bytes). */
  maxTotalBytes: number;
  /** One entry, uncompressed (bytes). */
  maxEntryBytes: number;
  /** Number of entries (files, folders, links). */
  maxEntries: number;
}

export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = {
  maxTotalBytes: 512 * 1024 * 1024,
  maxEntryBytes: 256 * 1024 * 1024,
  maxEntries: 100_000,
};

/** Limits with a total set by the user (`--max-unpacked-size`); the per-entry cap never exceeds the total. */
export function limitsWithTotal(maxTotalBytes: number): ArchiveLimits {
  return { ...DEFAULT_ARCHIVE_LIMITS, maxTotalBytes, maxEntryBytes: Math.min(DEFAULT_ARCHIVE_LIMITS.maxEntryBytes, maxTotalBytes) };
}

/** An archive over one of its {@link ArchiveLimits}; the message names the limit. */
export class ArchiveLimitError extends Error {}

/** `1 GiB`, `512 MiB`, `64 KiB`, `12 bytes`. */
export function formatBytes(n: number): string {
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (n >= size) return `${Number.isInteger(n / size) ? n / size : (n / size).toFixed(1)} ${unit}`;
  }
  return `${n} bytes`;
}

/** Counts unpacked bytes and entries against the limits; throws {@link ArchiveLimitError}. */
class Budget {
  total = 0;
  entries = 0;
  constructor(private readonly limits: ArchiveLimits) {}
  entry(name: string, declaredSize: number): void {
    if (++this.entries > this.limits.maxEntries) throw new ArchiveLimitError(`more than ${this.limits.maxEntries} entries (the limit); not analysed.`);
    if (declaredSize > this.limits.maxEntryBytes) throw this.entryTooBig(name);
  }
  bytes(name: string, entrySoFar: number, n: number): void {
    this.total += n;
    if (entrySoFar > this.limits.maxEntryBytes) throw this.entryTooBig(name);
    if (this.total > this.limits.maxTotalBytes) {
      throw new ArchiveLimitError(`unpacks to more than ${formatBytes(this.limits.maxTotalBytes)} (the limit for all entries; --max-unpacked-size changes it); not analysed.`);
    }
  }
  private entryTooBig(name: string): ArchiveLimitError {
    return new ArchiveLimitError(`entry ${JSON.stringify(name.slice(0, 200))} unpacks to more than ${formatBytes(this.limits.maxEntryBytes)} (the limit for one entry); not analysed.`);
  }
}

/** Reads an archive by extension; throws an Error with a clear message when it is not one or is over a limit. */
export async function readArchive(file: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<Archive> {
  const abs = toPosix(path.resolve(file));
  const st = await stat(abs);
  if (st.size > limits.maxTotalBytes) throw new ArchiveLimitError(`is larger than ${formatBytes(limits.maxTotalBytes)} (the limit for all entries); not analysed.`);
  const buf = await readFile(abs);
  return readArchiveBuffer(buf, abs, limits);
}

/**
 * Reads an archive already in memory (a tarball fetched from a registry); `file` names it in
 * messages and in the paths of its entries. Throws like {@link readArchive}.
 */
export async function readArchiveBuffer(buf: Buffer, file: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<Archive> {
  if (/\.vsix$/i.test(file) || (buf[0] === 0x50 && buf[1] === 0x4b)) return { file, kind: 'vsix', entries: await readZip(buf, limits) };
  return { file, kind: 'npm', entries: await readTgz(buf, limits) };
}

/**
 * Streams the tarball through gunzip and the tar reader, counting as it goes: a gzip bomb stops
 * at the limit instead of inflating into memory (nothing past the limit is ever decompressed).
 */
async function readTgz(buf: Buffer, limits: ArchiveLimits): Promise<Map<string, Buffer>> {
  const budget = new Budget(limits);
  const entries = new Map<string, Buffer>();
  const gzipped = buf[0] === 0x1f && buf[1] === 0x8b;
  // Tar headers and padding: at most 1.5 KiB per entry on top of the entries' bytes.
  const rawCap = limits.maxTotalBytes + limits.maxEntries * 1536;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const gunzip = gzipped ? zlib.createGunzip() : undefined;
    const ex = extract();
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      gunzip?.destroy();
      ex.destroy();
      reject(e);
    };
    ex.on('entry', (header, stream, next) => {
      const name = header.name;
      try {
        budget.entry(name, header.size ?? 0);
      } catch (e) {
        return fail(e as Error);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (data: unknown) => {
        const c = data as Buffer;
        size += c.length;
        try {
          budget.bytes(name, size, c.length);
        } catch (e) {
          return fail(e as Error);
        }
        chunks.push(c);
      });
      stream.on('end', () => {
        if (failed) return;
        if (header.type === 'file' || header.type === 'contiguous-file') {
          // npm tarballs put everything under one top folder, usually `package/`.
          const rel = name.replace(/^\.?\/?[^/]+\//, '');
          if (rel) entries.set(rel, Buffer.concat(chunks));
        }
        next();
      });
      stream.on('error', (e: Error) => fail(e));
      stream.resume();
    });
    ex.on('finish', () => {
      if (!failed) resolve();
    });
    ex.on('error', (e: Error) => fail(new Error(`not a valid tar archive (${e.message})`)));
    if (!gunzip) {
      ex.end(buf);
      return;
    }
    let raw = 0;
    gunzip.on('data', (c: Buffer) => {
      raw += c.length;
      if (raw > rawCap) fail(new ArchiveLimitError(`unpacks to more than ${formatBytes(limits.maxTotalBytes)} (the limit for all entries; --max-unpacked-size changes it); not analysed.`));
    });
    gunzip.on('error', (e: Error) => fail(new Error(`not a gzip-compressed tarball (${e.message})`)));
    gunzip.pipe(ex);
    gunzip.end(buf);
  });
  return entries;
}

function readZip(buf: Buffer, limits: ArchiveLimits): Promise<Map<string, Buffer>> {
  const budget = new Budget(limits);
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(new Error(`not a valid zip/.vsix (${err?.message ?? 'unknown error'})`));
      let failed = false;
      const fail = (e: Error) => {
        if (failed) return;
        failed = true;
        zip.close();
        reject(e);
      };
      if (zip.entryCount > limits.maxEntries) return fail(new ArchiveLimitError(`more than ${limits.maxEntries} entries (the limit); not analysed.`));
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        try {
          // The declared size is checked first; yauzl then checks the real size against it.
          budget.entry(entry.fileName, entry.uncompressedSize);
        } catch (e) {
          return fail(e as Error);
        }
        if (/\/$/.test(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return fail(new Error(`cannot read ${entry.fileName} (${e?.message})`));
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on('data', (c: Buffer) => {
            size += c.length;
            try {
              budget.bytes(entry.fileName, size, c.length);
            } catch (err) {
              stream.destroy();
              return fail(err as Error);
            }
            chunks.push(c);
          });
          stream.on('end', () => {
            if (failed) return;
            if (entry.fileName.startsWith('extension/')) entries.set(entry.fileName.slice('extension/'.length), Buffer.concat(chunks));
            zip.readEntry();
          });
          stream.on('error', (err: Error) => fail(err));
        });
      });
      zip.on('end', () => {
        if (!failed) resolve(entries);
      });
      zip.on('error', (e: Error) => fail(e));
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
