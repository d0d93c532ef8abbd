/**
 * Sources embedded in shipped source maps, for content rules: every `sourcesContent[i]` of an
 * external `.map`. Findings inside them are reported on the map, related to `sources[i]` + line.
 */

export interface EmbeddedSource {
  mapFile: string;
  mapIndex: number;
  sourceIndex: number;
  source: string;
  content: string;
}

/** Yields the embedded sources of a map file's text (nothing for other files or unparsable maps). */
export function scanEmbeddedSources(mapFile: string, text: string): EmbeddedSource[] {
  if (!/\.map$/i.test(mapFile) || !text.includes('"sourcesContent"')) return [];
  let map: { sources?: unknown; sourcesContent?: unknown };
  try {
    map = JSON.parse(text);
  } catch {
    return [];
  }
  const out: EmbeddedSource[] = [];
  const sources = Array.isArray(map.sources) ? map.sources : [];
  const contents = Array.isArray(map.sourcesContent) ? map.sourcesContent : [];
  contents.forEach((content, i) => {
    if (typeof content === 'string' && content.length > 0) {
      out.push({ mapFile, mapIndex: 0, sourceIndex: i, source: typeof sources[i] === 'string' ? sources[i] : `sources[${i}]`, content });
    }
  });
  return out;
}
