/**
 * The source-map engine: find maps (by name, by sniffing, by reference, inline), parse them once,
 * and say what they expose. Pure: no file system, no rules, no LSP.
 */
export { isSourceMapName, isConventionalSourceMapName, isDeclarationMapName, sniffSourceMap, SNIFF_BYTES, type SniffResult } from './names';
export { parseSourceMap, fromValue, embeddedSources, stripPrologue, type ParsedMap, type MapSource, type ParseResult, type EmbeddedSource } from './parse';
export { findMapReferences, type MapReference, type FindReferencesOptions } from './references';
export { extractInlineMaps, type InlineMap } from './inline';
export {
  classifySources,
  countLines,
  contentDigest,
  commonFolder,
  joinSourceRoot,
  resolveSource,
  type ClassifiedSource,
  type ClassifyOptions,
  type ClassifyResult,
  type SourcesSummary,
  type SourceOrigin,
  type FolderCount,
} from './classify';
export { absolutePathLeaks, absolutePathOf, classifyAbsolutePath, type AbsolutePathLeak, type AbsolutePathKind } from './absolute-paths';
export { embeddedSourcesOfFile, type FileEmbeddedSource, type FileEmbedded } from './file-sources';
export { analyzeShippedMaps, type ShippedMap, type ShippedReference, type UnitMaps } from './unit-maps';
