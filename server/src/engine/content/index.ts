/** Content matchers: pure `(text, opts) => Match[]` functions behind the secret-* and prompt-* rules. */
export * from './types';
export * from './redact';
export * from './secrets';
export * from './registry-tokens';
export * from './deny-list';
export * from './hosts';
export * from './feature-flags';
export * from './internal-code-paths';
export * from './credential-files';
