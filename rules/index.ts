/**
 * The rule registry: every rule, listed explicitly and sorted by id (a bundler cannot follow a
 * directory scan). The registry derives each rule's documentation URL.
 */
import type { Rule } from '../server/src/engine/types';
import leakguardConfigInvalid from './leakguard-config-invalid';
import publishMissingFilesAllowlist from './publish-missing-files-allowlist';
import secretDotenvInPublishSet from './secret-dotenv-in-publish-set';

/** Where rule pages live; `docs/rules/<id>.md` in the repository. */
export const DOCS_BASE_URL = 'https://github.com/leakguard/leakguard/blob/main/docs/rules/';

/** The documentation URL of a rule. */
export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}

/** Every rule, sorted by id. */
export const allRules: readonly Rule[] = [
  leakguardConfigInvalid,
  publishMissingFilesAllowlist,
  secretDotenvInPublishSet,
];

/** Rules by id. */
export const rulesById: ReadonlyMap<string, Rule> = new Map(allRules.map((r) => [r.meta.id, r]));
