/**
 * Embedded sources of one shipped file, for content rules: every `sourcesContent[i]` of an external
 * map (regular or index map, found by name or sniffed) and of every inline `data:` map in JS/CSS
 * (`mapIndex` is the position among the file's JSON data URLs). Findings are reported at the host file, related to
 * `sources[i]` + line.
 */
import { isSourceMapName, isConventionalSourceMapName, sniffSourceMap } from './names';
import { parseSourceMap, type ParsedMap } from './parse';
import { extractInlineMaps } from './inline';

export interface FileEmbeddedSource {
  /** The file holding the map (the `.map`, or the JS/CSS file for inline maps). */
  mapFile: string;
  mapIndex: number;
  /** Flattened source index (equals `sources[i]` for regular maps). */
  sourceIndex: number;
  source: string;
  content: string;
}

export interface FileEmbedded {
  sources: FileEmbeddedSource[];
  /** `names` of every map in the file, for deny-list and flag rules. */
  names: Array<{ mapIndex: number; names: string[] }>;
}

/** Embedded sources and names of a file's maps; empty for other files and unreadable maps. Never throws. */
export function embeddedSourcesOfFile(filePath: string, text: string): FileEmbedded {
  const out: FileEmbedded = { sources: [], names: [] };
  const add = (map: ParsedMap, mapIndex: number) => {
    const one = embeddedOfMap(filePath, map, mapIndex);
    for (const x of one.sources) out.sources.push(x); // a loop: a spread of 100,000+ sources overflows the stack
    for (const x of one.names) out.names.push(x);
  };
  try {
    if (isSourceMapName(filePath) || /\.json$/i.test(filePath)) {
      if (!isConventionalSourceMapName(filePath) && !sniffSourceMap(text)) return out;
      const r = parseSourceMap(text);
      if (r.ok) add(r.map, 0);
    } else if (/\.(?:[cm]?js|jsx|css)$/i.test(filePath) && text.includes('data:application/')) {
      // mapIndex = position among the file's JSON data URLs, as in unit-maps.ts.
      extractInlineMaps(text).forEach((m, mapIndex) => {
        if (m.text === undefined) return;
        const r = parseSourceMap(m.text);
        if (r.ok) add(r.map, mapIndex);
      });
    }
  } catch {
    // parse and extract never throw; this guards a future regression from taking the runner down.
  }
  return out;
}

/** Embedded sources and names of one parsed map: what embeddedSourcesOfFile collects per map. */
export function embeddedOfMap(filePath: string, map: ParsedMap, mapIndex: number): FileEmbedded {
  const out: FileEmbedded = { sources: [], names: [] };
  for (const s of map.sources) {
    if (s.content !== null && s.content.length > 0) out.sources.push({ mapFile: filePath, mapIndex, sourceIndex: s.index, source: s.source || `sources[${s.index}]`, content: s.content });
  }
  if (map.names.length) out.names.push({ mapIndex, names: map.names });
  return out;
}

