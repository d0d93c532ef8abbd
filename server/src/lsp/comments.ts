/** Comment syntax per language, for "Disable RULE for this line / file" actions. */

export interface CommentStyle {
  line: boolean;
  wrap(text: string): string;
}

const SLASH: CommentStyle = { line: true, wrap: (t) => `// ${t}` };
const HASH: CommentStyle = { line: true, wrap: (t) => `# ${t}` };
const BLOCK: CommentStyle = { line: false, wrap: (t) => `/* ${t} */` };
const HTML: CommentStyle = { line: false, wrap: (t) => `<!-- ${t} -->` };

/** The comment style of a file, or undefined when it has no comments (JSON, .map, binary). */
export function commentStyleFor(file: string, languageId?: string): CommentStyle | undefined {
  const lower = file.toLowerCase();
  if (languageId === 'jsonc' && !lower.endsWith('.json')) return SLASH;
  if (/\.(json|map|json5)$/.test(lower) || /(^|\/)\.[\w-]+rc$/.test(lower) && languageId === 'json') return undefined;
  if (/\.(m|c)?(j|t)sx?$|\.(java|kt|swift|go|rs|c|cc|cpp|h|hpp|cs|dart|scala|groovy|php)$/.test(lower)) return SLASH;
  if (/\.(css|scss|less)$/.test(lower)) return BLOCK;
  if (/\.(html?|xml|svg|md|mdx|vue|svelte)$/.test(lower)) return HTML;
  if (/\.(ya?ml|toml|sh|bash|zsh|py|rb|pl|r|properties|ini|cfg|conf)$|(^|\/)(\.npmignore|\.gitignore|\.vscodeignore|\.npmrc|\.yarnrc|dockerfile|makefile|\.env[^/]*)$/.test(lower)) return HASH;
  return undefined;
}
