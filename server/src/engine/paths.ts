/** Path helpers: the engine speaks absolute paths with `/` separators on every platform. */
import * as path from 'node:path';

/** Converts a native path to `/` separators. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Relative path from `from` to `to` with `/` separators. */
export function relPosix(from: string, to: string): string {
  return toPosix(path.relative(from, to));
}

/** True when `child` is `parent` or inside it. */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
