import * as assert from 'node:assert/strict';
import rule from '../../rules/config-vite-rollup-sourcemap';
import { ruleTester } from '../helpers/rule-tester';

const pkg = (extra: object) => JSON.stringify({ name: 'lib', version: '1.0.0', files: ['dist'], ...extra }, null, 2);

ruleTester(rule, {
  valid: [
    { name: 'dev-only mode branch', files: { 'package.json': pkg({}), 'vite.config.ts': `export default defineConfig(({ mode }) => ({ build: { sourcemap: mode === 'development' } }));` } },
  ],
  invalid: [
    {
      name: 'docs form: vite build.sourcemap true',
      files: { 'package.json': pkg({}), 'vite.config.ts': `import { defineConfig } from 'vite';\nexport default defineConfig({ build: { sourcemap: true } });` },
      errors: [{ messageId: 'sourcemap', text: 'true' }],
    },
    {
      name: 'real form: rollup array of configs with an output array and a spread',
      files: { 'package.json': pkg({}), 'rollup.config.mjs': `const common = { sourcemap: true };\nexport default [{ input: 'a.js', output: [{ dir: 'dist', ...common }, { dir: 'dist/min', sourcemap: 'hidden', sourcemapExcludeSources: true }] }];` },
      errors: 2,
      check: (findings) => {
        assert.deepEqual(findings.map((f) => f.severity).sort(), ['info', 'warning']);
        const w = findings.find((f) => f.severity === 'warning')!;
        assert.equal(w.suggestions[1].edits[0].edits[0].newText, ', sourcemapExcludeSources: true');
      },
    },
    {
      name: 'output not published: info',
      files: { 'package.json': pkg({}), 'vite.config.ts': `export default { build: { outDir: 'server-build', sourcemap: true } };` },
      errors: [{ messageId: 'sourcemap', severity: 'info' }],
    },
    {
      name: 'vite build --sourcemap flag in a script',
      files: { 'package.json': pkg({ scripts: { build: 'vite build --sourcemap inline' } }) },
      errors: [{ messageId: 'cliSourcemap', text: '--sourcemap inline' }],
    },
  ],
});
