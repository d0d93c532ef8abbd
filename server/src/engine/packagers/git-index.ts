/**
 * The paths tracked by git, read from `.git/index` without running git (index versions 2, 3 and 4,
 * as documented in git's `Documentation/gitformat-index.txt`). setuptools-scm ships what
 * `git archive HEAD` lists; the index equals HEAD's tree when everything is committed, which is the
 * state a release is built from. Limits (documented in ARCHITECTURE/issue notes): staged but
 * uncommitted changes count as committed, `export-ignore` attributes are not applied, submodules
 * are listed as their folder only, and a `.git` file (worktrees) is followed only to a `gitdir:`
 * inside the same file system view.
 */
import type { FileSystem } from '../safe/fs';

export interface GitIndex {
  /** The top-level folder of the repository (holds `.git`), `/` separators. */
  top: string;
  /** Tracked paths relative to `top` (stage 0 and merge stages, deduplicated). */
  paths: Set<string>;
}

/** Finds the repository holding `dir` (upwards, at most 40 levels) and reads its index. */
export async function readGitIndex(fs: FileSystem, dir: string): Promise<GitIndex | undefined> {
  let cur = dir.replace(/\/+$/, '');
  for (let i = 0; i < 40 && cur; i++) {
    const dotGit = `${cur}/.git`;
    const st = await fs.stat(dotGit);
    if (st?.isDirectory) {
      const buf = await fs.readFile(`${dotGit}/index`);
      return { top: cur, paths: buf ? parseGitIndex(buf) : new Set() };
    }
    if (st?.isFile) {
      const text = (await fs.readText(dotGit)) ?? '';
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(text);
      if (!m) return undefined;
      const gitdir = m[1].startsWith('/') ? m[1] : `${cur}/${m[1]}`;
      const buf = await fs.readFile(`${gitdir}/index`);
      return { top: cur, paths: buf ? parseGitIndex(buf) : new Set() };
    }
    const up = cur.slice(0, cur.lastIndexOf('/'));
    if (up === cur) break;
    cur = up;
  }
  return undefined;
}

/** Parses an index file; throws nothing: a damaged index yields the entries read so far. */
export function parseGitIndex(buf: Buffer): Set<string> {
  const paths = new Set<string>();
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'DIRC') return paths;
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) return paths;
  const count = buf.readUInt32BE(8);
  let off = 12;
  let prev = '';
  for (let n = 0; n < count; n++) {
    const start = off;
    if (off + 62 > buf.length) break;
    const mode = buf.readUInt32BE(off + 24);
    const flags = buf.readUInt16BE(off + 60);
    off += 62;
    if (version >= 3 && flags & 0x4000) off += 2;
    let name: string;
    if (version === 4) {
      // Prefix compression: strip N bytes from the previous name, then a NUL-terminated suffix.
      let c = buf[off++];
      let strip = c & 127;
      while (c & 128) {
        c = buf[off++];
        strip = ((strip + 1) << 7) | (c & 127);
      }
      const end = buf.indexOf(0, off);
      if (end < 0) break;
      const prevBuf = Buffer.from(prev, 'utf8');
      name = Buffer.concat([prevBuf.subarray(0, Math.max(0, prevBuf.length - strip)), buf.subarray(off, end)]).toString('utf8');
      off = end + 1;
    } else {
      const end = buf.indexOf(0, off);
      if (end < 0) break;
      name = buf.toString('utf8', off, end);
      // Entries are padded with 1-8 NULs to a multiple of 8 bytes from their start.
      off = start + Math.ceil((end - start + 1) / 8) * 8;
    }
    prev = name;
    // Sparse-index directory entries (mode 040000) are folders, not files.
    if ((mode & 0o170000) === 0o040000) continue;
    paths.add(name);
  }
  return paths;
}
