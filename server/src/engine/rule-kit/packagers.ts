/**
 * What the python-* and container-* rules need from the Python and container packagers (#21): the
 * packager's model of a unit (dockerUnitOf, pythonUnitOf), the Dockerfile parser, and the pure checks
 * written for these rules (packagers/docker/checks.ts, dev-files.ts, packagers/python/checks.ts).
 */
export { dockerUnitOf, ignoreFileCandidates } from '../packagers/docker/packager';
export { parseDockerfile, type Instruction, type ParsedDockerfile } from '../packagers/docker/parse';
export { argEnvSecrets, buildSecretUses, finalLineage, instructionSpan, isSecretName, isWholeContextSource, narrowCopyText, secretMountFlag, wholeContextCopies, type ArgEnvSecret, type BuildSecretKind, type BuildSecretUse } from '../packagers/docker/checks';
export { devFileGroup } from '../packagers/docker/dev-files';
export { pythonUnitOf } from '../packagers/python/packager';
export { globSpan, isTestData, notebookHasOutputs, sdistIncludeList, type IncludeListVerdict } from '../packagers/python/checks';
export { tomlArrayAppend } from '../packagers/python/toml-edit';
