/**
 * Source-map reader (ECMA-426): regular v3 maps and index maps (`sections`, flattened recursively).
 *
 * One `JSON.parse` of the whole text, then the parsed object is dropped and only what the rules
 * need is kept: sources, their embedded content, names, ignore lists. `mappings` is never decoded
 * (only its length is kept) — no rule needs positions inside the generated file. Measured on a
 * generated 60 MB map: see the sourcemap report in the commit log / README of this folder.
 */

/** One source of a (flattened) map. */
export interface MapSource {
  /** Index in the flattened list (equals `sources[i]` for regular maps). */
  index: number;
  /** `sources[i]` as written; `''` when the entry was `null` or not a string. */
  source: string;
  /** `sourceRoot` of the (section) map that lists this source, `''` when none. */
  sourceRoot: string;
  /** `sourcesContent[i]`, `null` when absent. */
  content: string | null;
  /** Listed in `ignoreList` / `x_google_ignoreList` of its (section) map. */
  ignored: boolean;
  /** JSON path of the `sources` entry, e.g. `['sources', 3]` or `['sections', 0, 'map', 'sources', 3]`. */
  jsonPath: (string | number)[];
}

/** A parsed source map; index maps are flattened into one list of sources and names. */
export interface ParsedMap {
  kind: 'regular' | 'index';
  /** `version` as found (3 for valid maps). */
  version: unknown;
  file: string | undefined;
  /** Top-level `sourceRoot` (sources of index-map sections carry their own in `MapSource.sourceRoot`). */
  sourceRoot: string | undefined;
  /** `debugId` (or Sentry's legacy `debug_id`). */
  debugId: string | undefined;
  sources: MapSource[];
  /** `names`, flattened across sections (non-strings dropped). */
  names: string[];
  /** Total length of every `mappings` string (never decoded). */
  mappingsLength: number;
  /** Number of sections, recursively (0 for regular maps). */
  sectionCount: number;
  /** Sections that reference their map by `url` instead of embedding it (not fetched). */
  sectionUrls: string[];
  /** Non-fatal oddities (wrong version, non-string sources, sourcesContent length mismatch...). */
  warnings: string[];
}

export type ParseResult = { ok: true; map: ParsedMap } | { ok: false; problem: string };

/** Index maps nested deeper than this are reported instead of recursed (they are invalid per ECMA-426 anyway). */
const MAX_SECTION_DEPTH = 32;

/**
 * Parses a source map (regular or index map). Never throws: a truncated map, valid JSON that is not
 * a map and text that is not JSON at all each give `{ ok: false, problem }`.
 */
export function parseSourceMap(text: string): ParseResult {
  if (typeof text !== 'string') return { ok: false, problem: 'The source map is not text.' };
  const body = stripPrologue(text);
  if (body.trim() === '') return { ok: false, problem: 'The source map is empty.' };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    return { ok: false, problem: describeJsonError(body, e) };
  }
  try {
    return fromValue(value);
  } catch (e) {
    // Defensive: fromValue is written not to throw, but a hostile object must never escape as an exception.
    return { ok: false, problem: `Cannot read the source map: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * Builds a ParsedMap from an already parsed JSON value (used by callers that parsed the JSON
 * themselves). Never throws.
 */
export function fromValue(value: unknown): ParseResult {
  if (!isObject(value)) {
    return { ok: false, problem: `Valid JSON, but not a source map: the top level is ${describeType(value)}, not an object.` };
  }
  const isIndex = Array.isArray(value.sections);
  if (!isIndex && typeof value.mappings !== 'string' && !Array.isArray(value.sources)) {
    return { ok: false, problem: 'Valid JSON, but not a source map: no "mappings", "sources" or "sections".' };
  }
  const map: ParsedMap = {
    kind: isIndex ? 'index' : 'regular',
    version: value.version,
    file: typeof value.file === 'string' ? value.file : undefined,
    sourceRoot: typeof value.sourceRoot === 'string' ? value.sourceRoot : undefined,
    debugId: typeof value.debugId === 'string' ? value.debugId : typeof value.debug_id === 'string' ? value.debug_id : undefined,
    sources: [],
    names: [],
    mappingsLength: 0,
    sectionCount: 0,
    sectionUrls: [],
    warnings: [],
  };
  if (value.version !== 3) map.warnings.push(`"version" is ${JSON.stringify(value.version) ?? 'missing'}, expected 3.`);
  collect(value, [], map, 0);
  return { ok: true, map };
}

function collect(obj: Record<string, unknown>, prefix: (string | number)[], map: ParsedMap, depth: number): void {
  const where = prefix.length ? prefix.join('.') + '.' : '';
  if (Array.isArray(obj.sections)) {
    if (depth >= MAX_SECTION_DEPTH) {
      map.warnings.push(`Index map nested deeper than ${MAX_SECTION_DEPTH} levels at ${where}sections; the rest was not read.`);
      return;
    }
    obj.sections.forEach((section, i) => {
      map.sectionCount++;
      if (!isObject(section)) {
        map.warnings.push(`${where}sections[${i}] is not an object.`);
        return;
      }
      if (isObject(section.map)) collect(section.map, [...prefix, 'sections', i, 'map'], map, depth + 1);
      else if (typeof section.url === 'string') map.sectionUrls.push(section.url);
      else map.warnings.push(`${where}sections[${i}] has no "map".`);
    });
    return;
  }
  if (typeof obj.mappings === 'string') map.mappingsLength += obj.mappings.length;
  else map.warnings.push(`${where}"mappings" is missing or not a string.`);
  const sources = Array.isArray(obj.sources) ? obj.sources : [];
  if (!Array.isArray(obj.sources)) map.warnings.push(`${where}"sources" is missing or not an array.`);
  const contents = Array.isArray(obj.sourcesContent) ? obj.sourcesContent : undefined;
  if (obj.sourcesContent !== undefined && obj.sourcesContent !== null && !contents) map.warnings.push(`${where}"sourcesContent" is not an array.`);
  if (contents && contents.length !== sources.length) {
    map.warnings.push(`${where}"sourcesContent" has ${contents.length} entries for ${sources.length} sources.`);
  }
  const ignored = new Set<number>();
  for (const key of ['ignoreList', 'x_google_ignoreList']) {
    const list = obj[key];
    if (Array.isArray(list)) for (const n of list) if (typeof n === 'number' && Number.isInteger(n)) ignored.add(n);
  }
  const sourceRoot = typeof obj.sourceRoot === 'string' ? obj.sourceRoot : '';
  let badSources = 0;
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i];
    if (typeof s !== 'string' && s !== null) badSources++;
    const c = contents?.[i];
    map.sources.push({
      index: map.sources.length,
      source: typeof s === 'string' ? s : '',
      sourceRoot,
      content: typeof c === 'string' ? c : null,
      ignored: ignored.has(i),
      jsonPath: [...prefix, 'sources', i],
    });
  }
  if (badSources) map.warnings.push(`${where}"sources" has ${badSources} entries that are neither strings nor null.`);
  if (Array.isArray(obj.names)) for (const n of obj.names) if (typeof n === 'string') map.names.push(n);
}

/** Embedded source as handed to content rules. */
export interface EmbeddedSource {
  sourceIndex: number;
  source: string;
  content: string;
  jsonPath: (string | number)[];
}

/**
 * Every source whose content is embedded (`sourcesContent[i]` is a string), in order, so content
 * rules can scan each one and report at `sources[i]` + a line inside it. Names are `map.names`.
 */
export function* embeddedSources(map: ParsedMap): Generator<EmbeddedSource> {
  for (const s of map.sources) {
    if (s.content !== null) yield { sourceIndex: s.index, source: s.source, content: s.content, jsonPath: s.jsonPath };
  }
}

/** Drops a BOM and the XSSI guard `)]}'` line that ECMA-426 allows in front of a map. */
export function stripPrologue(text: string): string {
  let t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (t.startsWith(")]}'")) {
    const nl = t.indexOf('\n');
    t = nl < 0 ? '' : t.slice(nl + 1);
  }
  return t;
}

function describeJsonError(text: string, e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') {
    return `Not a source map: the file is not JSON (it starts with ${JSON.stringify(text.trimStart().slice(0, 20))}).`;
  }
  const pos = /position (\d+)/.exec(msg);
  const at = pos ? Number(pos[1]) : -1;
  const trimmedEnd = text.trimEnd().length;
  if (/end of JSON|Unterminated string/i.test(msg) || (at >= 0 && at >= trimmedEnd - 1)) {
    return `The source map is truncated: its JSON ends after ${trimmedEnd.toLocaleString('en-US')} characters before the map is complete.`;
  }
  return `The source map is not valid JSON${at >= 0 ? ` (at character ${at.toLocaleString('en-US')})` : ''}: ${msg}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}
