/**
 * Sources embedded in shipped source maps, for content rules: every `sourcesContent[i]` of an
 * external map (also index maps and sniffed `.json` maps), of every inline `data:` map in JS/CSS
 * (also inside webpack `eval` strings), and each map's `names` as one extra text. Findings inside
 * them are reported on the map, related to `sources[i]` + line.
 */
import { embeddedSourcesOfFile } from './';
import { embeddedOfMap, type FileEmbedded } from './file-sources';
import type { ParsedMap } from './parse';

export interface EmbeddedSource {
  mapFile: string;
  mapIndex: number;
  /** Index into `sources`, or -1 for the map's `names`. */
  sourceIndex: number;
  source: string;
  content: string;
}

/** True when a file may hold a map or an inline map worth opening for embedded sources. */
export function mayEmbedSources(path: string): boolean {
  return /\.(map|json|[cm]?jsx?|css)$/i.test(path);
}

/** Yields the embedded sources (and names) of one file's text; nothing for files without maps. */
export function scanEmbeddedSources(mapFile: string, text: string): EmbeddedSource[] {
  return listEmbedded(mapFile, embeddedSourcesOfFile(mapFile, text));
}

/** The same list for an external map already parsed (scanEmbeddedSources would parse its text to this map). */
export function embeddedSourcesOfParsedMap(mapFile: string, map: ParsedMap): EmbeddedSource[] {
  return listEmbedded(mapFile, embeddedOfMap(mapFile, map, 0));
}

function listEmbedded(mapFile: string, { sources, names }: FileEmbedded): EmbeddedSource[] {
  const out: EmbeddedSource[] = sources.map((s) => ({ ...s }));
  for (const n of names) {
    if (n.names.length) out.push({ mapFile, mapIndex: n.mapIndex, sourceIndex: -1, source: `names (map ${n.mapIndex})`, content: n.names.join('\n') });
  }
  return out;
}
