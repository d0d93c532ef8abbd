/**
 * prompt-asset-inlined: prompt files pulled into the bundle by loaders (catalogue §4.4 rule 31).
 * A prompt kept in `prompts/system.md` looks private, but `import p from './prompts/system.md?raw'`,
 * an import attribute `with { type: 'text' }`, `raw-loader!`, esbuild/Bun's `text` loader, webpack's
 * `asset/source` or a rollup string plugin copy its text into the shipped bundle as a string.
 *
 * Source imports fire when the imported path looks like a prompt (a `prompt(s)/` folder, or a text
 * file named like a prompt); bundler configs fire when their text loader is aimed at prompt files
 * (`.prompt`, a `prompts/` folder, a `prompt` name) at warning, and at info when it inlines all
 * markdown/text files (the imports are then worth a look). The target file's content is not read:
 * file rules analyse their own text only.
 */
import type { FileRule } from '../server/src/engine/context';
import { isJsLike, keywordGate } from '../server/src/engine/rule-kit';

/** Text-like file endings a loader can inline. */
const TEXT_EXT = /\.(?:md|mdx|markdown|txt|prompt|hbs|handlebars|j2|jinja2?|tmpl|tpl|mustache|liquid|ya?ml|xml)$/i;
/** A prompt folder anywhere in the path, or a prompt-like file name. */
const PROMPT_PATH = /(?:^|\/)prompts?\/|(?:^|\/|[._-])(?:system[-_]?prompts?|prompts?|instructions|persona)(?:[._-][^/]*)?$/i;

/** Import / require / dynamic import specifiers, with their offsets. */
const SPECIFIER = /\b(?:import\s*\(\s*|require\s*\(\s*|import\s+(?:[\w*{}\s,$]+?\s+from\s+)?|export\s+[\w*{}\s,$]+?\s+from\s+)(['"])([^'"\n]{1,300})\1/g;
/** What follows a specifier that makes it a text import (`with { type: 'text' }`, `assert { type: "text" }`). */
const TEXT_ATTRIBUTE = /^\s*(?:,\s*\{\s*with\s*:\s*)?(?:with|assert)?\s*\{\s*type\s*:\s*['"]text['"]/;

/** esbuild / Bun loader maps: `'.md': 'text'`. */
const LOADER_ENTRY = /(['"]?)(\.[\w.]+)\1\s*:\s*['"](?:text|raw)['"]/g;
/** webpack: `type: 'asset/source'` or `raw-loader` (the rule's `test` is looked for nearby). */
const WEBPACK_RAW = /type\s*:\s*['"]asset\/source['"]|['"](?:raw-loader|!!raw-loader)['"]|loader\s*:\s*['"]raw-loader['"]/g;
/** rollup string plugins. */
const ROLLUP_STRING_IMPORT = /['"](?:rollup-plugin-string|@rollup\/plugin-string)['"]/;
const ROLLUP_STRING_CALL = /\bstring\s*\(\s*\{[^}]{0,400}?include\s*:\s*([^}]{1,300})\}/g;

/**
 * Words every match of each scan holds (case aside), found by the engine's one shared keyword pass:
 * a scan runs only when its words occur (issue #20: these scans were 8% of a check of plain code).
 * A text import needs `?raw`, `raw-loader` or a quoted `text` (`type: 'text'`); a loader entry a
 * quoted `text`/`raw`; webpack `asset/source` or `raw-loader`; the rollup string plugin its name.
 */
export const ASSET_GATES = {
  specifier: ['?raw', 'raw-loader', "text'", 'text"'],
  loaderEntry: ["text'", 'text"', "raw'", 'raw"'],
  webpack: ['asset/source', 'raw-loader'],
  rollup: ['plugin-string'],
} as const;
const specifierGate = keywordGate(ASSET_GATES.specifier);
const loaderEntryGate = keywordGate(ASSET_GATES.loaderEntry);
const webpackGate = keywordGate(ASSET_GATES.webpack);
const rollupGate = keywordGate(ASSET_GATES.rollup);

/** True when a loader pattern (a file ending, a `test` regex or an `include` glob) aims at prompt files. */
function aimsAtPrompts(pattern: string): boolean {
  return /prompt/i.test(pattern);
}

/** True when a loader pattern covers markdown or plain text in general. */
function coversText(pattern: string): boolean {
  return /\bmdx?\b|markdown|\btxt\b|\.md|\.txt/i.test(pattern);
}

const rule: FileRule = {
  kind: 'file',
  meta: {
    id: 'prompt-asset-inlined',
    family: 'prompt',
    description: 'A prompt file is imported as a raw string (Vite ?raw, text import attributes, raw-loader, text loaders), so its text is inlined into the shipped bundle.',
    defaultSeverity: 'warning',
    messages: {
      rawImport: '{{target}} is imported as a string ({{how}}): the prompt file\'s text is inlined into the bundle{{shipsText}}.',
      promptLoader: '{{what}} inlines prompt files ({{pattern}}) into the bundle as strings{{shipsText}}.',
      textLoader: '{{what}} inlines every {{pattern}} file imported by the code into the bundle as a string; check that no prompt is among them.',
    },
  },
  appliesTo: (p) => isJsLike(p) && !/\.(?:vue|svelte|astro)$/i.test(p),
  check(ctx) {
    if (ctx.embedded) return;
    const text = ctx.text;
    const shipsText = ctx.shipped ? ' that will be published' : '';
    for (const m of specifierGate(text) ? text.matchAll(SPECIFIER) : []) {
      const spec = m[2];
      // Commented-out imports (`// import …`, ` * import …` in a block comment) pull nothing in.
      const lineStart = text.lastIndexOf('\n', m.index ?? 0) + 1;
      if (/^\s*(?:\/\/|\/?\*)/.test(text.slice(lineStart, m.index))) continue;
      const specStart = (m.index ?? 0) + m[0].length - spec.length - 1;
      let how: string | undefined;
      let target = spec;
      const query = /\?(raw)(?:&|$)/.exec(spec);
      if (query) {
        how = '?raw';
        target = spec.slice(0, query.index);
      } else if (/^!{0,2}raw-loader!/.test(spec)) {
        how = 'raw-loader';
        target = spec.replace(/^!{0,2}raw-loader!/, '');
      } else if (TEXT_ATTRIBUTE.test(text.slice(specStart + spec.length + 1, specStart + spec.length + 80))) {
        how = "type: 'text'";
      }
      if (!how || !TEXT_EXT.test(target) || !PROMPT_PATH.test(target.replace(/\.[^./]+$/, ''))) continue;
      ctx.report({ messageId: 'rawImport', data: { target, how, shipsText }, start: specStart, end: specStart + spec.length, key: `import:${target}` });
    }

    const loaderReport = (what: string, pattern: string, start: number, end: number) => {
      if (aimsAtPrompts(pattern)) ctx.report({ messageId: 'promptLoader', data: { what, pattern, shipsText }, start, end, key: `loader:${what}:${pattern}` });
      else if (coversText(pattern)) ctx.report({ messageId: 'textLoader', data: { what, pattern }, start, end, severity: 'info', key: `loader:${what}:${pattern}` });
    };
    for (const m of loaderEntryGate(text) ? text.matchAll(LOADER_ENTRY) : []) {
      const start = m.index ?? 0;
      loaderReport(`The text loader for ${m[2]}`, m[2], start, start + m[0].length);
    }
    for (const m of webpackGate(text) ? text.matchAll(WEBPACK_RAW) : []) {
      const start = m.index ?? 0;
      // The `test:` of the same module rule: the closest one before (or just after) the loader.
      const before = text.slice(Math.max(0, start - 300), start);
      const tests = [...before.matchAll(/\btest\s*:\s*(\/(?:\\.|[^/\n])+\/[a-z]*|['"][^'"\n]+['"])/g)];
      const after = /\btest\s*:\s*(\/(?:\\.|[^/\n])+\/[a-z]*|['"][^'"\n]+['"])/.exec(text.slice(start, start + 200));
      const pattern = tests.at(-1)?.[1] ?? after?.[1];
      if (!pattern) continue;
      loaderReport(/asset\/source/.test(m[0]) ? "webpack's asset/source" : 'raw-loader', pattern, start, start + m[0].length);
    }
    if (rollupGate(text) && ROLLUP_STRING_IMPORT.test(text)) {
      for (const m of text.matchAll(ROLLUP_STRING_CALL)) {
        const start = m.index ?? 0;
        loaderReport('The rollup string plugin', m[1].trim().replace(/,\s*$/, ''), start, start + m[0].length);
      }
    }
  },
};

export default rule;
