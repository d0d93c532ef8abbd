// Lint for the habits the type checker does not keep (issue #18): promises that are neither awaited
// nor handed on, async functions where a void callback is expected, and type-only imports written
// as such. Run by `npm test` (scripts/test-all.mjs) and on its own with `npx eslint .`.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/fixtures/**', 'bench/**', 'test/integration/fixtures/**', '**/*.js', '**/*.mjs', '**/*.cjs', '**/*.d.ts'],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
);
