/** Path helpers: the engine speaks absolute paths with `/` separators on every platform. */
import * as path from 'node:path';

/** Converts a native path to `/` separators. */
export function toPosix(p: string): string {
  // Already so where the separator is `/` (issue #20: the split and join were 2% of a check).
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/** Relative path from `from` to `to` with `/` separators. */
export function relPosix(from: string, to: string): string {
  if (below(from, to)) return to.slice(from.length + 1);
  return toPosix(path.relative(from, to));
}

/** True when `child` is `parent` or inside it. */
export function isInside(parent: string, child: string): boolean {
  if (child === parent && plainAbsolute(parent)) return true;
  // (A first segment that starts with `..`, such as `...`, counts as outside below, as it always did.)
  if (below(parent, child) && !child.startsWith('..', parent.length + 1)) return true;
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** A `.` or `..` segment, a doubled or trailing `/`, or a `\`: a path that path.relative would rewrite. */
const NOT_PLAIN = /\/\.{1,2}(?:\/|$)|\/\/|\/$|\\/;

/** An absolute POSIX path that path.relative leaves as it is (on a POSIX system). */
function plainAbsolute(p: string): boolean {
  return path.sep === '/' && p.charCodeAt(0) === 47 && !NOT_PLAIN.test(p);
}

/**
 * True when `child` lies strictly below `parent` and both are plain absolute paths: then the relative
 * path is the rest of `child` after `parent/`, as path.relative would say (issue #20: path.relative
 * was a visible share of the rules that relate every shipped file to a folder).
 */
function below(parent: string, child: string): boolean {
  return child.length > parent.length + 1 && child.charCodeAt(parent.length) === 47 && child.startsWith(parent) && plainAbsolute(parent) && plainAbsolute(child);
}
