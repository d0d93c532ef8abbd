/**
 * The rule registry: every rule, listed explicitly and sorted by id (a bundler cannot follow a
 * directory scan). The registry derives each rule's documentation URL.
 */
import type { Rule } from '../server/src/engine/context';
import configBunSourcemap from './config-bun-sourcemap';
import configEsbuildSourcemap from './config-esbuild-sourcemap';
import configFrameworkSourcemapDefaults from './config-framework-sourcemap-defaults';
import configTsconfigSourcemap from './config-tsconfig-sourcemap';
import configTsupTsdownSourcemap from './config-tsup-tsdown-sourcemap';
import configViteRollupSourcemap from './config-vite-rollup-sourcemap';
import configVsceSecretBypassFlags from './config-vsce-secret-bypass-flags';
import configVscodeignoreFilesConflict from './config-vscodeignore-files-conflict';
import configVscodeignoreMissing from './config-vscodeignore-missing';
import configVscodeignorePattern from './config-vscodeignore-pattern';
import configWebpackDevtool from './config-webpack-devtool';
import leakguardConfigInvalid from './leakguard-config-invalid';
import promptAssetInlined from './prompt-asset-inlined';
import promptInternalCodename from './prompt-internal-codename';
import promptInternalHost from './prompt-internal-host';
import promptInternalOnlyCodePath from './prompt-internal-only-code-path';
import promptSystemPromptLiteral from './prompt-system-prompt-literal';
import promptUnreleasedFeatureFlag from './prompt-unreleased-feature-flag';
import publishConfigPublicAccessInternalScope from './publish-config-public-access-internal-scope';
import publishConfigRegistryMismatch from './publish-config-registry-mismatch';
import publishDevArtifacts from './publish-dev-artifacts';
import publishFilesEntryIssues from './publish-files-entry-issues';
import publishGitignoreFallback from './publish-gitignore-fallback';
import publishInternalDocsAndAgentFiles from './publish-internal-docs-and-agent-files';
import publishMissingFilesAllowlist from './publish-missing-files-allowlist';
import publishMissingPrivateInternal from './publish-missing-private-internal';
import publishNpmignoreShadowsGitignore from './publish-npmignore-shadows-gitignore';
import publishPromptFiles from './publish-prompt-files';
import publishSizeAnomaly from './publish-size-anomaly';
import publishUnbundledSource from './publish-unbundled-source';
import publishWorkspaceRootNotPrivate from './publish-workspace-root-not-private';
import secretBuildEnvInlining from './secret-build-env-inlining';
import secretCredentialFileInPublishSet from './secret-credential-file-in-publish-set';
import secretDotenvInPublishSet from './secret-dotenv-in-publish-set';
import secretKnownTokenFormat from './secret-known-token-format';
import secretRegistryTokenLiteral from './secret-registry-token-literal';
import sourcemapAbsolutePaths from './sourcemap-absolute-paths';
import sourcemapInPublishSet from './sourcemap-in-publish-set';
import sourcemapInlineDataUrl from './sourcemap-inline-data-url';
import sourcemapSourcesContent from './sourcemap-sources-content';
import sourcemapUrlComment from './sourcemap-url-comment';

/** Where rule pages live; `docs/rules/<id>.md` in the repository. */
export const DOCS_BASE_URL = 'https://github.com/leakguard/leakguard/blob/main/docs/rules/';

/** The documentation URL of a rule. */
export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}

/** Every rule, sorted by id. */
export const allRules: readonly Rule[] = [
  configBunSourcemap,
  configEsbuildSourcemap,
  configFrameworkSourcemapDefaults,
  configTsconfigSourcemap,
  configTsupTsdownSourcemap,
  configViteRollupSourcemap,
  configVsceSecretBypassFlags,
  configVscodeignoreFilesConflict,
  configVscodeignoreMissing,
  configVscodeignorePattern,
  configWebpackDevtool,
  leakguardConfigInvalid,
  promptAssetInlined,
  promptInternalCodename,
  promptInternalHost,
  promptInternalOnlyCodePath,
  promptSystemPromptLiteral,
  promptUnreleasedFeatureFlag,
  publishConfigPublicAccessInternalScope,
  publishConfigRegistryMismatch,
  publishDevArtifacts,
  publishFilesEntryIssues,
  publishGitignoreFallback,
  publishInternalDocsAndAgentFiles,
  publishMissingFilesAllowlist,
  publishMissingPrivateInternal,
  publishNpmignoreShadowsGitignore,
  publishPromptFiles,
  publishSizeAnomaly,
  publishUnbundledSource,
  publishWorkspaceRootNotPrivate,
  secretBuildEnvInlining,
  secretCredentialFileInPublishSet,
  secretDotenvInPublishSet,
  secretKnownTokenFormat,
  secretRegistryTokenLiteral,
  sourcemapAbsolutePaths,
  sourcemapInPublishSet,
  sourcemapInlineDataUrl,
  sourcemapSourcesContent,
  sourcemapUrlComment,
];

/** Rules by id. */
export const rulesById: ReadonlyMap<string, Rule> = new Map(allRules.map((r) => [r.meta.id, r]));
