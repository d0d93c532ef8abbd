/**
 * The engine's file system interface: disk for the CLI, disk plus open documents for the server.
 * Every read is bounded and never follows a symbolic link out of the analysed folder.
 */
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { toPosix } from '../paths';

export interface DirEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
}

export interface FileStat {
  size: number;
  mtimeMs: number;
  isFile: boolean;
  isDirectory: boolean;
}

export interface FileSystem {
  /** Raw bytes, or undefined when the file does not exist or cannot be read. */
  readFile(absPath: string): Promise<Buffer | undefined>;
  /** UTF-8 text, or undefined when missing, unreadable or binary (a NUL byte in the first 8 KiB). */
  readText(absPath: string): Promise<string | undefined>;
  stat(absPath: string): Promise<FileStat | undefined>;
  /** Entries of a folder; throws (with `code`) when the folder cannot be read. */
  readDir(absPath: string): Promise<DirEntry[]>;
  /** The real path (`/` separators) of a path, or undefined; optional (archives have no links). */
  realPath?(absPath: string): Promise<string | undefined>;
  /** True when the path itself is a symbolic link (not following it), undefined when missing; optional. */
  isLink?(absPath: string): Promise<boolean | undefined>;
  /** Like readFile, but `'link'` when the path itself is a symbolic link (not followed); optional. */
  readFileNoFollow?(absPath: string): Promise<Buffer | undefined | 'link'>;
  /** Like stat, but of the path itself: `'link'` for a symbolic link; optional. */
  lstat?(absPath: string): Promise<FileStat | undefined | 'link'>;
  /** The first `bytes` bytes of a regular file (fewer at its end), or undefined; optional. */
  readPrefix?(absPath: string, bytes: number): Promise<Buffer | undefined>;
}

/** True when a buffer looks binary (a NUL byte in its first 8 KiB), as git and grep decide. */
export function looksBinary(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, 8192);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
}

/** Decodes UTF-8, dropping a leading BOM. */
export function decodeText(buf: Buffer): string {
  const s = buf.toString('utf8');
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** The real disk. */
export class DiskFileSystem implements FileSystem {
  async readFile(absPath: string): Promise<Buffer | undefined> {
    try {
      return await nodeFs.promises.readFile(absPath);
    } catch {
      return undefined;
    }
  }

  async readText(absPath: string): Promise<string | undefined> {
    const buf = await this.readFile(absPath);
    if (!buf || looksBinary(buf)) return undefined;
    return decodeText(buf);
  }

  async stat(absPath: string): Promise<FileStat | undefined> {
    try {
      const st = await nodeFs.promises.stat(absPath);
      return { size: st.size, mtimeMs: st.mtimeMs, isFile: st.isFile(), isDirectory: st.isDirectory() };
    } catch {
      return undefined;
    }
  }

  async readDir(absPath: string): Promise<DirEntry[]> {
    const entries = await nodeFs.promises.readdir(absPath, { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, isFile: e.isFile(), isDirectory: e.isDirectory(), isSymbolicLink: e.isSymbolicLink() }));
  }

  async realPath(absPath: string): Promise<string | undefined> {
    try {
      return toPosix(await nodeFs.promises.realpath(absPath));
    } catch {
      return undefined;
    }
  }

  async isLink(absPath: string): Promise<boolean | undefined> {
    try {
      return (await nodeFs.promises.lstat(absPath)).isSymbolicLink();
    } catch {
      return undefined;
    }
  }

  async readPrefix(absPath: string, bytes: number): Promise<Buffer | undefined> {
    let fd: number | undefined;
    try {
      fd = nodeFs.openSync(absPath, nodeFs.constants.O_RDONLY | (nodeFs.constants.O_NONBLOCK ?? 0));
      if (!nodeFs.fstatSync(fd).isFile()) return undefined;
      const buf = Buffer.alloc(Math.max(0, bytes));
      let n = 0;
      while (n < buf.length) {
        const got = nodeFs.readSync(fd, buf, n, buf.length - n, n);
        if (got === 0) break;
        n += got;
      }
      return buf.subarray(0, n);
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) nodeFs.closeSync(fd);
    }
  }
}

/** Disk plus in-memory documents (open editors): documents win over disk. */
export class OverlayFileSystem implements FileSystem {
  private readonly docs = new Map<string, string>();
  constructor(private readonly base: FileSystem = new DiskFileSystem()) {}

  set(absPath: string, text: string): void {
    this.docs.set(toPosix(path.resolve(absPath)), text);
  }

  delete(absPath: string): void {
    this.docs.delete(toPosix(path.resolve(absPath)));
  }

  get(absPath: string): string | undefined {
    return this.docs.get(toPosix(path.resolve(absPath)));
  }

  async readFile(absPath: string): Promise<Buffer | undefined> {
    const doc = this.get(absPath);
    return doc !== undefined ? Buffer.from(doc, 'utf8') : this.base.readFile(absPath);
  }

  async readText(absPath: string): Promise<string | undefined> {
    const doc = this.get(absPath);
    return doc !== undefined ? doc : this.base.readText(absPath);
  }

  stat(absPath: string): Promise<FileStat | undefined> {
    return this.base.stat(absPath);
  }

  readDir(absPath: string): Promise<DirEntry[]> {
    return this.base.readDir(absPath);
  }

  async realPath(absPath: string): Promise<string | undefined> {
    return this.base.realPath ? this.base.realPath(absPath) : toPosix(path.resolve(absPath));
  }

  async isLink(absPath: string): Promise<boolean | undefined> {
    // An open document without a file behind it is no link; otherwise the disk decides.
    return this.base.isLink ? this.base.isLink(absPath) : undefined;
  }
}

/**
 * The whole content of the open `fd` when it is a regular file (undefined otherwise). One fstat and,
 * for a file that does not grow meanwhile, one read: a read of one byte more than the size it had
 * that comes back short is at the end (readFileSync(fd) stats again and reads once more to see the
 * end: six system calls a file with open and close instead of four; issue #20).
 */
function readRegularFile(fd: number): Buffer | undefined {
  const st = nodeFs.fstatSync(fd);
  if (!st.isFile()) return undefined;
  let buf = Buffer.allocUnsafe(st.size + 1);
  let n = 0;
  for (;;) {
    const want = buf.length - n;
    const got = nodeFs.readSync(fd, buf, n, want, null);
    if (got === 0) break;
    n += got;
    // Short at or past the size it had: the end (a short read before it, or a file that shrank, reads on).
    if (got < want && n >= st.size) break;
    if (n < buf.length) continue;
    // Grown since the fstat: room for more.
    const bigger = Buffer.allocUnsafe(buf.length * 2);
    buf.copy(bigger, 0, 0, n);
    buf = bigger;
  }
  return buf.subarray(0, n);
}

/**
 * The disk with synchronous reads, stats and real paths: for a worker thread whose only job is to
 * read and scan files, and for the CLI's `check` (nothing else runs on its thread), where a blocking
 * read of a cached file costs less than the promise machinery (open, fstat, read, close as separate
 * thread-pool round trips) that kept the CLI's main thread half idle (issue #20). Not for the
 * language server, whose thread must stay responsive.
 */
export class SyncDiskFileSystem extends DiskFileSystem {
  override async readFile(absPath: string): Promise<Buffer | undefined> {
    let fd: number | undefined;
    try {
      // Non-blocking open and a regular-file check: a FIFO or device in a hostile tree must not
      // block the thread (a blocking read would stall the whole CLI, not one pool thread).
      fd = nodeFs.openSync(absPath, nodeFs.constants.O_RDONLY | (nodeFs.constants.O_NONBLOCK ?? 0));
      return readRegularFile(fd);
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) nodeFs.closeSync(fd);
    }
  }

  async readFileNoFollow(absPath: string): Promise<Buffer | undefined | 'link'> {
    let fd: number | undefined;
    try {
      fd = nodeFs.openSync(absPath, nodeFs.constants.O_RDONLY | (nodeFs.constants.O_NONBLOCK ?? 0) | (nodeFs.constants.O_NOFOLLOW ?? 0));
      return readRegularFile(fd);
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ELOOP' ? 'link' : undefined;
    } finally {
      if (fd !== undefined) nodeFs.closeSync(fd);
    }
  }

  async lstat(absPath: string): Promise<FileStat | undefined | 'link'> {
    try {
      const st = nodeFs.lstatSync(absPath);
      if (st.isSymbolicLink()) return 'link';
      return { size: st.size, mtimeMs: st.mtimeMs, isFile: st.isFile(), isDirectory: st.isDirectory() };
    } catch {
      return undefined;
    }
  }

  override async stat(absPath: string): Promise<FileStat | undefined> {
    try {
      const st = nodeFs.statSync(absPath);
      return { size: st.size, mtimeMs: st.mtimeMs, isFile: st.isFile(), isDirectory: st.isDirectory() };
    } catch {
      return undefined;
    }
  }

  override async realPath(absPath: string): Promise<string | undefined> {
    try {
      // The same native realpath(3) as fs.promises.realpath, without the thread-pool round trip.
      return toPosix(nodeFs.realpathSync.native(absPath));
    } catch {
      return undefined;
    }
  }

  override async isLink(absPath: string): Promise<boolean | undefined> {
    try {
      return nodeFs.lstatSync(absPath).isSymbolicLink();
    } catch {
      return undefined;
    }
  }
}

/** Listings a ConfinedFileSystem keeps for `listed` (a folder each; the 100k-file bench tree has 48,000). */
const MAX_LISTINGS = 100_000;

/**
 * Confines reads to a workspace by real path (issue #15 item 4): a path whose real path differs
 * from the path itself (a link somewhere on the way) is read only when that real path lies inside
 * one of `roots` (real paths). A repository's `.npmignore -> ~/.ssh/id_rsa` or `dist -> /` is then
 * neither read nor listed. Paths the engine chooses itself without links (upward discovery of the
 * workspace root, user-level git excludes) are unaffected; configuration values that name paths
 * outside (publishConfig.directory, baseline) are checked where they are read and reported there.
 */
export class ConfinedFileSystem implements FileSystem {
  private readonly roots: string[] = [];
  private readonly verdicts = new Map<string, Promise<boolean>>();
  /** Folders by path: real path is their own (no link on the way), another, or none (missing). */
  private readonly plainDirs = new Map<string, Promise<'plain' | 'linked' | 'missing'>>();
  private readonly allowedFiles: Set<string>;
  /** Folder listings by path (see `listed`). */
  private readonly listings = new Map<string, DirEntry[]>();
  /** The names of a listed folder, lower-cased (see `listedMissing`), made when first asked. */
  private readonly listedNames = new Map<string, Set<string>>();
  /** `allowFiles`: files the user named (e.g. `--config`), read wherever they are. */
  constructor(private readonly base: FileSystem & { realPath(absPath: string): Promise<string | undefined> }, roots: readonly string[], allowFiles: readonly string[] = []) {
    for (const r of roots) this.addRoot(r);
    this.allowedFiles = new Set(allowFiles.map((f) => toPosix(path.resolve(f))));
  }

  /** Adds a root (its real path is taken); reads already refused stay refused for this instance. */
  addRoot(root: string): void {
    let real: string;
    try {
      real = toPosix(nodeFs.realpathSync.native(root));
    } catch {
      real = toPosix(path.resolve(root));
    }
    if (!this.roots.includes(real)) this.roots.push(real);
    this.verdicts.clear();
  }

  /** True when `absPath` may be read: no link on the way, or its real path inside a root. */
  allowed(absPath: string): Promise<boolean> {
    const abs = toPosix(path.resolve(absPath));
    let v = this.verdicts.get(abs);
    if (!v) {
      v = (async () => {
        if (this.allowedFiles.has(abs)) return true;
        // Fast path (issue #20: a realpath(3) per file was 4% of a check): in a folder reached
        // without links, an entry that is no link itself has its own path as real path.
        const dir = await this.dirState(path.posix.dirname(abs));
        // In a folder with no real path (missing), nothing can be read, inside or out (issue #20:
        // a rule probing twenty CI files of a unit without .github paid a realpath(3) for each).
        if (dir === 'missing') return true;
        if (this.base.isLink && dir === 'plain') {
          const link = await this.base.isLink(abs);
          if (link !== true) return true; // no link (or missing: reads fail anyway), as realPath would say below
        }
        const real = await this.base.realPath(abs);
        if (real === undefined || real === abs) return true; // missing (reads fail anyway) or no link involved
        if (this.roots.some((r) => within(r, real))) return true;
        // Not a link itself, in a folder above a root (upward discovery when the workspace was opened through a linked path).
        const realDir = await this.base.realPath(path.posix.dirname(abs));
        return realDir !== undefined && `${realDir.replace(/\/$/, '')}/${path.posix.basename(abs)}` === real && this.roots.some((r) => within(realDir, r));
      })();
      this.verdicts.set(abs, v);
    }
    return v;
  }

  /**
   * What realpath(3) says of a folder: its own path ('plain'), another ('linked'), none ('missing').
   * Worked out from the folder above when the file system can tell links (issue #20: realpath(3)
   * reads every component of the path again, a readlink each; 77,000 of them for the 4,800 folders
   * of a monorepo): in a plain folder, an entry that exists and is no link (lstat) is plain too;
   * under a missing one, missing. Otherwise (a link, a linked folder above, lstat without an
   * answer) realpath decides.
   */
  private dirState(dir: string): Promise<'plain' | 'linked' | 'missing'> {
    let v = this.plainDirs.get(dir);
    if (!v) {
      const parent = path.posix.dirname(dir);
      const real = () => this.base.realPath(dir).then((r) => (r === undefined ? 'missing' : r === dir ? 'plain' : 'linked'));
      const isLink = this.base.isLink?.bind(this.base);
      v =
        parent === dir || !isLink
          ? real()
          : this.dirState(parent).then(async (above) => {
              if (above === 'missing') return 'missing';
              // An entry that is no link, in a plain folder; anything else (a link, no answer) is realpath's call.
              if (above === 'plain' && (await isLink(dir)) === false) return 'plain';
              return real();
            });
      this.plainDirs.set(dir, v);
    }
    return v;
  }

  private async plainDir(dir: string): Promise<boolean> {
    return (await this.dirState(dir)) === 'plain';
  }

  async readFile(absPath: string): Promise<Buffer | undefined> {
    const direct = await this.readDirect(absPath);
    if (direct !== 'link') return direct;
    return (await this.allowed(absPath)) ? this.base.readFile(absPath) : undefined;
  }

  async readText(absPath: string): Promise<string | undefined> {
    if (this.base.readFileNoFollow) {
      const direct = await this.readDirect(absPath);
      if (direct !== 'link') return direct === undefined || looksBinary(direct) ? undefined : decodeText(direct);
    }
    return (await this.allowed(absPath)) ? this.base.readText(absPath) : undefined;
  }

  async stat(absPath: string): Promise<FileStat | undefined> {
    if (this.base.lstat) {
      const abs = toPosix(path.resolve(absPath));
      if (this.listedMissing(abs)) return undefined;
      // Of an entry that is no link, in a folder reached without links, stat is lstat (one call, no realpath).
      if (await this.plainDir(path.posix.dirname(abs))) {
        const st = await this.base.lstat(abs);
        if (st !== 'link') return st;
      }
    }
    return (await this.allowed(absPath)) ? this.base.stat(absPath) : undefined;
  }

  /**
   * One read without the realpath check when that check could only say yes: the folder is reached
   * without links and the open refuses to follow a link in the last step (`'link'` then: the
   * caller takes the checked road). `'link'` also when the disk cannot do this. The file-pass
   * workers read with it and leave a `'link'` to the main thread's confinement.
   */
  async readDirect(absPath: string): Promise<Buffer | undefined | 'link'> {
    if (!this.base.readFileNoFollow) return 'link';
    const abs = toPosix(path.resolve(absPath));
    if (this.listedMissing(abs)) return undefined;
    const dir = await this.dirState(path.posix.dirname(abs));
    // A folder with no real path (missing, or not a folder) holds no file to read.
    if (dir === 'missing') return undefined;
    if (dir !== 'plain') return 'link';
    return this.base.readFileNoFollow(abs);
  }

  async readPrefix(absPath: string, bytes: number): Promise<Buffer | undefined> {
    return this.base.readPrefix && (await this.allowed(absPath)) ? this.base.readPrefix(absPath, bytes) : undefined;
  }

  async readDir(absPath: string): Promise<DirEntry[]> {
    if (!(await this.allowed(absPath))) throw Object.assign(new Error(`${absPath} links outside the workspace; not read`), { code: 'EACCES' });
    const entries = await this.base.readDir(absPath);
    // The disk's own listing (not an editor's overlay): kept for npm's publish walk of this run.
    if (this.base instanceof DiskFileSystem && this.listings.size < MAX_LISTINGS) {
      const key = toPosix(path.resolve(absPath));
      this.listings.set(key, entries);
      this.listedNames.delete(key);
    }
    return entries;
  }

  /**
   * What `readDir` listed at `absDir` earlier in this run, if it did (issue #20: npm's publish walk
   * listed again every folder unit discovery had just listed, 4,800 on the item-1 monorepo).
   * Callers read the entries, never change them.
   */
  listed(absDir: string): readonly DirEntry[] | undefined {
    return this.listings.get(absDir);
  }

  /**
   * True when this run listed the folder of `abs` (a resolved POSIX path) and none of its entries
   * has the name, case aside: no file is there, and no open(2) or lstat(2) needs to fail to say so
   * (issue #20: rules probe for `.npmignore`, CI files and build configurations in every folder of a
   * package; on the item-1 monorepo 8,000 probes of the main thread failed, each with an ENOENT
   * error object, about 60 ms). Case aside, so a case-insensitive disk that would open `.NPMIGNORE`
   * for `.npmignore` still gets asked; only ASCII names, whose case folding every disk agrees on. A
   * listing is of this run only (a new run makes a new ConfinedFileSystem), and the answer can only
   * be "missing": never a read.
   */
  private listedMissing(abs: string): boolean {
    if (this.listings.size === 0) return false;
    const slash = abs.lastIndexOf('/');
    if (slash < 0) return false;
    const dir = slash === 0 ? '/' : abs.slice(0, slash);
    let names = this.listedNames.get(dir);
    if (!names) {
      const entries = this.listings.get(dir);
      if (!entries) return false;
      names = new Set(entries.map((e) => e.name.toLowerCase()));
      this.listedNames.set(dir, names);
    }
    const name = abs.slice(slash + 1);
    return /^[\x20-\x7e]+$/.test(name) && !names.has(name.toLowerCase());
  }

  realPath(absPath: string): Promise<string | undefined> {
    return this.base.realPath(absPath);
  }
}

function within(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith('/') ? parent : `${parent}/`);
}
