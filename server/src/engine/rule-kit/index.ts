/**
 * The rule kit: everything a rule needs from the engine besides its public types (engine/types.ts,
 * engine/context.ts), in one import (like ESLint's ast-utils). Rules import from here and nothing else
 * of the engine's insides (test/engine/boundaries.test.ts checks it). The helpers written for rules
 * live in this folder or in engine/fix-helpers.ts and engine/publish-helpers.ts; the rest are named
 * re-exports of engine modules, so what a rule may use is listed in one place.
 */
// Not manifestRange: rules use ctx.manifestRange (one implementation, in fix-helpers, behind both).
export { appendLines, applyTextEdits, causeOf, detectFormatting, entryPoints, fileFix, filesFromEntryPoints, groupByCause, jsonAppend, jsonSet, lineRange, listText, relatedFiles, type CauseGroup, type CauseLocation } from '../fix-helpers';
export * from '../publish-helpers';
export * from './build-config';
export * from './sourcemap';
export * from './packagers';
export { bunEffect, commandLevel, emptyPrefix, esbuildEffect, getProperties, getProperty, locateConfigs, optionValue, parseWebpackDevtool, primitive, rollupEffect, tsupEffect, unitBuildCommands, wholeEnvSource, type ConfigPair, type LocatedConfig, type ScriptCommand, type Shipping, type Val } from '../build-config';
export { commandKind, configArgument, publishCommands, readScripts, shellSegments, sourcemapFlags, type Word } from '../build-config/scripts';
export { emitsAnything, emitsJavaScript, readTsconfig, type SetOption } from '../build-config/tsconfig-reader';
export { CONFIG_FILE_NAME, type ResolvedConfig } from '../config';
export { isSecretStoreName } from '../content/credential-files';
export { classifyCredentialFile, compileDenyList, findDenyListHits, findFeatureFlags, findInternalCodePaths, findInternalHosts, findRegistryTokens, findSecrets, isCredentialCandidate, registryConfigKind, type HostKind } from '../content';
export { classifyHost } from '../content/hosts';
export { keywordGate } from '../content/gitleaks';
export { DEFAULT_MIN_LENGTH, DEFAULT_MIN_SCORE, DEFAULT_MIN_SHORT_LENGTH, HIGH_CONFIDENCE_SCORE, excerpt, findPrompts, formatBreakdown, hasInternalMarker } from '../content/prompt/score';
export { shannonEntropy } from '../content/redact';
export { shippedFact } from '../facts';
export { isJsLike } from '../file-kinds';
export { relPosix, toPosix } from '../paths';
export { allowlistVscodeignore, isLeakyExtensionFile, manifestAssets } from '../publish/exclude-kit';
export { type PublishSet, type PublishedFile } from '../publish/types';
export { RegistryError, comparePublished, formatBytes, type PublishedListing } from '../registry/client';
export { effectivePublishRegistry, isEnvReference, isPublicRegistry, lastEntry, normalizeRegistry, parseNpmrc, projectNpmrcs, registryHost, scopeOf, scopeRegistries, type NpmrcFile } from '../registry/npmrc';
export { type FileSystem } from '../safe/fs';
export { minimatch } from '../safe/glob';
export { parseTreeBounded } from '../safe/json-depth';
export { hasUrlCredentials } from '../safe/url-credentials';
export { isDotenvPath, isDotenvTemplate, isSensitivePath } from '../sensitive';
export { type ShippedMap } from '../sourcemap/unit-maps';
export { workspaceGlobs } from '../packagers/npm/detect';
export type { PackagingUnit } from '../unit';
