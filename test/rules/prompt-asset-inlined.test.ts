import * as assert from 'node:assert/strict';
import rule from '../../rules/prompt-asset-inlined';
import { ruleTester } from '../helpers/rule-tester';

const rawImports = [
  "import system from './prompts/system.md?raw';",
  "import review from '../review.prompt.md?raw';",
  "import agent from './agent/system-prompt.txt' with { type: 'text' };",
  "const inst = require('!!raw-loader!./instructions.md');",
  "const later = await import('./prompts/tools.yaml?raw');",
].join('\n');

ruleTester(rule, {
  valid: [
    { name: 'raw imports of other files', filename: 'src/app.ts', code: "import shader from './shader.glsl?raw';\nimport readme from '../README.md?raw';\nimport logo from './prompts/logo.svg?url';" },
    { name: 'plain and JSON imports of prompt modules', filename: 'src/app.ts', code: "import { SYSTEM } from './prompts/system';\nimport data from './prompts/config.json' with { type: 'json' };" },
    { name: '?raw outside imports, commented-out imports', filename: 'src/app.ts', code: "const help = 'append ?raw to ./prompts/system.md to inline it';\n// import old from './prompts/old.md?raw' is gone\n * import older from './prompts/older.md?raw'" },
    { name: 'esbuild loaders for other files', filename: 'build.mjs', code: "esbuild.build({ loader: { '.css': 'text', '.svg': 'dataurl', '.md': 'file' } });" },
    { name: 'webpack asset/source for css, asset/resource', filename: 'webpack.config.js', code: "module.exports = { module: { rules: [{ test: /\\.css$/, type: 'asset/source' }, { test: /\\.png$/, type: 'asset/resource' }] } };" },
    { name: 'a string() call without a rollup string plugin import', filename: 'rollup.config.mjs', code: "export default { plugins: [string({ include: '**/*.md' })] };" },
    { name: 'not a JS file', filename: 'README.md', code: "import p from './prompts/system.md?raw';" },
  ],
  invalid: [
    {
      name: '?raw, import attributes and inline raw-loader imports of prompt files',
      filename: 'src/agent.ts',
      code: rawImports,
      errors: [
        { messageId: 'rawImport', severity: 'warning', data: { target: './prompts/system.md', how: '?raw' }, text: './prompts/system.md?raw' },
        { messageId: 'rawImport', severity: 'warning', data: { target: '../review.prompt.md', how: '?raw' } },
        { messageId: 'rawImport', severity: 'warning', data: { target: './agent/system-prompt.txt', how: "type: 'text'" } },
        { messageId: 'rawImport', severity: 'warning', data: { target: './instructions.md', how: 'raw-loader' } },
        { messageId: 'rawImport', severity: 'warning', data: { target: './prompts/tools.yaml', how: '?raw' } },
      ],
    },
    {
      name: 'says when the importing file ships',
      files: { 'package.json': JSON.stringify({ name: 'agent', version: '1.0.0', main: 'index.js' }), 'index.js': "import p from './prompts/system.md?raw';\n" },
      errors: [{ messageId: 'rawImport', file: 'index.js' }],
      check: (f) => assert.match(f[0].message, /will be published/),
    },
    {
      name: 'esbuild: a loader aimed at prompts warns, a blanket markdown loader informs',
      filename: 'build.mjs',
      code: "await esbuild.build({ entryPoints: ['src/cli.ts'], bundle: true, loader: { '.prompt': 'text', '.md': 'text' } });",
      errors: [{ messageId: 'promptLoader', severity: 'warning' }, { messageId: 'textLoader', severity: 'info' }],
    },
    { filename: 'webpack.config.js', code: "module.exports = { module: { rules: [{ test: /prompts\\/.*\\.md$/, type: 'asset/source' }] } };", errors: [{ messageId: 'promptLoader', severity: 'warning' }] },
    { filename: 'webpack.config.js', code: "module.exports = { module: { rules: [{ test: /\\.txt$/, use: 'raw-loader' }] } };", errors: [{ messageId: 'textLoader', severity: 'info' }] },
    { filename: 'rollup.config.mjs', code: "import { string } from 'rollup-plugin-string';\nexport default { plugins: [string({ include: 'src/prompts/**/*.md' })] };", errors: [{ messageId: 'promptLoader', severity: 'warning' }] },
  ],
});
