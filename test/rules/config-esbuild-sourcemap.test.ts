import * as assert from 'node:assert/strict';
import rule from '../../rules/config-esbuild-sourcemap';
import { ruleTester } from '../helpers/rule-tester';

const pkg = (extra: object) => JSON.stringify({ name: 'ext', version: '1.0.0', files: ['dist'], ...extra }, null, 2);
const vscodeTemplate = (sourcesContent: string) => [
  `const esbuild = require('esbuild');`,
  `const production = process.argv.includes('--production');`,
  `async function main() {`,
  `  const ctx = await esbuild.context({ entryPoints: ['src/extension.ts'], bundle: true, sourcemap: !production,${sourcesContent} outfile: 'dist/extension.js' });`,
  `}`,
  `main();`,
].join('\n');

ruleTester(rule, {
  valid: [
    { name: '--production passed', files: { 'package.json': pkg({ scripts: { 'vscode:prepublish': 'node esbuild.js --production' } }), 'esbuild.js': vscodeTemplate('') } },
    { name: 'sourcesContent false', files: { 'package.json': pkg({ scripts: { build: 'node esbuild.js' } }), 'esbuild.js': vscodeTemplate(' sourcesContent: false,') } },
    { name: 'external flag with --sources-content=false', files: { 'package.json': pkg({ scripts: { build: 'esbuild src/a.ts --bundle --sourcemap=external --sources-content=false --outdir=dist' } }) } },
  ],
  invalid: [
    {
      name: 'docs form: esbuild.build sourcemap true with default sourcesContent',
      files: { 'package.json': pkg({ scripts: { build: 'node build.js' } }), 'build.js': `require('esbuild').build({ entryPoints: ['a.ts'], outdir: 'dist', sourcemap: true })` },
      errors: [{ messageId: 'sourcemap', text: 'true' }],
      check: (f) => assert.equal(f[0].suggestions[1].edits[0].edits[0].newText, ', sourcesContent: false'),
    },
    {
      name: 'real form: VS Code template without --production in the publish script builds the dev branch',
      files: { 'package.json': pkg({ scripts: { 'vscode:prepublish': 'npm run package', package: 'node esbuild.js' } }), 'esbuild.js': vscodeTemplate('') },
      errors: 1,
      check: (f) => assert.match(f[0].message, /dist is published/),
    },
    {
      name: 'external flag without --sources-content=false',
      files: { 'package.json': pkg({ scripts: { build: 'esbuild src/a.ts --bundle --sourcemap=external --outdir=dist' } }) },
      errors: 1,
    },
  ],
});
