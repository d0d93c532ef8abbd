/**
 * Finding source maps by name and by content. A map needs no `sourceMappingURL` comment to ship:
 * the Claude Code 2.1.88 `cli.js.map` was unlinked and found by its name alone (catalogue 1.1).
 */

/** Names that are source maps by convention (`x.js.map`, `x.css.map`, `x.d.ts.map`, ...). */
const CONVENTIONAL = /\.(?:js|mjs|cjs|jsx|ts|mts|cts|tsx|css|scss|sass|less|styl|d\.ts|d\.mts|d\.cts|min|json|html|svelte|vue|wasm)\.map$/i;

/**
 * True for any `*.map` file name (`.map`, `.js.map`, `.css.map`, `.d.ts.map`, `.min.map`, ...).
 * A bare `x.map` may be something else (a linker or game map): confirm with {@link sniffSourceMap}.
 */
export function isSourceMapName(path: string): boolean {
  return typeof path === 'string' && /\.map$/i.test(path) && !/(?:^|[\\/])\.map$/i.test(path);
}

/** True when the name alone says "source map" (`x.js.map`, `x.css.map`, `x.d.ts.map`, `x.min.map`...). */
export function isConventionalSourceMapName(path: string): boolean {
  return typeof path === 'string' && CONVENTIONAL.test(path);
}

/** True for declaration maps (`x.d.ts.map`), which point editors at sources and normally embed none. */
export function isDeclarationMapName(path: string): boolean {
  return typeof path === 'string' && /\.d\.[mc]?ts\.map$/i.test(path);
}

export type SniffResult = 'map' | 'index-map' | undefined;

/** How much of the head {@link sniffSourceMap} looks at. */
export const SNIFF_BYTES = 4096;

/**
 * Recognises a v3 source map (or index map) from the first few KiB of a file, whatever its name
 * (a `.json` that is really a map, a `.map` with no conventional name). Keys may come in any
 * order: esbuild writes `sourcesContent` before `mappings`, so the head may hold only
 * `version`, `sources` and the start of `sourcesContent`. Never throws.
 */
export function sniffSourceMap(head: string | Uint8Array): SniffResult {
  let text: string;
  try {
    if (typeof head === 'string') text = head.slice(0, SNIFF_BYTES * 4);
    else if (head instanceof Uint8Array) text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, SNIFF_BYTES * 4)).toString('utf8');
    else return undefined;
  } catch {
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.startsWith(")]}'")) text = text.slice(text.indexOf('\n') + 1 || text.length);
  text = text.trimStart();
  if (text[0] !== '{') return undefined;
  // Keys as JSON keys: a quote not preceded by a backslash (so not inside an escaped string value).
  const key = (name: string, after: string) => new RegExp(`(?:^|[^\\\\])"${name}"\\s*:\\s*${after}`).test(text);
  if (key('sections', '\\[') && (key('version', '3\\b') || key('offset', '\\{'))) return 'index-map';
  if (key('mappings', '"')) return 'map';
  const version3 = key('version', '3\\b');
  if (version3 && (key('sources', '\\[') || key('sourcesContent', '\\[') || key('names', '\\['))) return 'map';
  if (key('sources', '\\[') && key('sourcesContent', '\\[')) return 'map';
  return undefined;
}
