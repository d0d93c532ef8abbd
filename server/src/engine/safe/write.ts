/**
 * The only way Leakguard writes a file (issue #15 items 2 and 4): inside the workspace by real path,
 * never through a symbolic link, through a temp file with a random name created with O_EXCL (and
 * O_NOFOLLOW where the platform has it), then renamed over the target. A repository can plant links
 * for guessable temp names or point its own files outside; neither redirects a write.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

export class UnsafePathError extends Error {}

/** True when `child` (a real path) is `parent` or inside it. */
export function isInsideReal(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function realpathOrUndefined(p: string): string | undefined {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return undefined;
  }
}

/**
 * Why `file` may not be read or written as part of the workspace `root`, or undefined when it may:
 * its folder must resolve inside the root's real path, and the file itself must not be a link
 * (a link to a file inside would be harmless, but writing through links is what an attack needs).
 */
export function outsideReason(root: string, file: string): string | undefined {
  const realRoot = realpathOrUndefined(root);
  if (!realRoot) return `the workspace ${root} does not exist`;
  const abs = path.resolve(file);
  const realDir = realpathOrUndefined(path.dirname(abs));
  if (!realDir) return `its folder does not exist`;
  if (!isInsideReal(realRoot, realDir)) return `it is outside the workspace (${realDir})`;
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(abs);
  } catch {
    st = undefined;
  }
  if (st?.isSymbolicLink()) return 'it is a symbolic link; Leakguard does not read or write through links';
  if (st && !st.isFile()) return 'it is not a regular file';
  return undefined;
}

/** Throws UnsafePathError unless `file` may be written as part of `root` (see outsideReason). */
export function assertWritableInside(root: string, file: string): void {
  const why = outsideReason(root, file);
  if (why) throw new UnsafePathError(`refused to write ${file}: ${why}`);
}

const O_NOFOLLOW = (fs.constants as Record<string, number | undefined>).O_NOFOLLOW ?? 0;

/**
 * Writes `text` to `file` atomically, confined to `root`: a temp file `.<name>.leakguard-<random>.tmp`
 * opened with O_CREAT|O_EXCL|O_NOFOLLOW (fails on any existing entry, links included), then renamed
 * over the target (rename replaces a directory entry; it never follows a link at the target).
 * Keeps the target's permission bits when it exists.
 */
export function writeFileInside(root: string, file: string, text: string | Buffer): void {
  assertWritableInside(root, file);
  const abs = path.resolve(file);
  let mode = 0o644;
  try {
    mode = fs.lstatSync(abs).mode & 0o777;
  } catch {
    // new file
  }
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.leakguard-${randomBytes(12).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | O_NOFOLLOW, mode);
  try {
    fs.writeFileSync(fd, text);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(tmp, abs);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
