/**
 * Which files content rules read. Compressed and media formats are skipped by extension here; every
 * other file (extensionless `secret`, `.dat`, `.bin` …) is decided by a NUL-byte
 * sniff when read (fs.ts), so a `.js` that is really binary is skipped too.
 */
const BINARY = /\.(png|jpe?g|gif|webp|ico|icns|bmp|tiff?|avif|woff2?|ttf|otf|eot|mp[34]|m4a|wav|ogg|webm|mov|avi|zip|gz|tgz|bz2|xz|7z|rar|zst|br|tar|jar|war|vsix|exe|dll|so|dylib|node|wasm|pdf|psd|sketch|fig|glb)$/i;

export type TextKind = 'js' | 'json' | 'map' | 'css' | 'markup' | 'text';

/** The kind of a text file by name, or undefined when it is binary by extension. */
export function textFileKind(path: string): TextKind | undefined {
  if (BINARY.test(path)) return undefined;
  if (/\.map$/i.test(path)) return 'map';
  if (/\.(m|c)?(j|t)sx?$/i.test(path)) return 'js';
  if (/\.(json|jsonc|json5)$/i.test(path) || /(^|\/)\.[\w-]+rc$/i.test(path)) return 'json';
  if (/\.(css|scss|sass|less|styl)$/i.test(path)) return 'css';
  if (/\.(html?|xml|svg|vue|svelte|astro|md|mdx)$/i.test(path)) return 'markup';
  return 'text';
}

/** True for JavaScript/TypeScript-like files (tokenised by content rules). */
export function isJsLike(path: string): boolean {
  return /\.(m|c)?(j|t)sx?$/i.test(path) || /\.(vue|svelte|astro)$/i.test(path);
}
