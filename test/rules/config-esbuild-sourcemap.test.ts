import * as assert from 'node:assert/strict';
import rule from '../../rules/config-esbuild-sourcemap';
import { runOnTree } from '../helpers/rule-tester';

const pkg = (extra: object) => JSON.stringify({ name: 'ext', version: '1.0.0', files: ['dist'], ...extra }, null, 2);
const vscodeTemplate = (sourcesContent: string) => [
  `const esbuild = require('esbuild');`,
  `const production = process.argv.includes('--production');`,
  `async function main() {`,
  `  const ctx = await esbuild.context({ entryPoints: ['src/extension.ts'], bundle: true, sourcemap: !production,${sourcesContent} outfile: 'dist/extension.js' });`,
  `}`,
  `main();`,
].join('\n');

describe('config-esbuild-sourcemap', () => {
  it('docs form: esbuild.build sourcemap true with default sourcesContent', async () => {
    const text = `require('esbuild').build({ entryPoints: ['a.ts'], outdir: 'dist', sourcemap: true })`;
    const { findings } = await runOnTree({ 'package.json': pkg({ scripts: { build: 'node build.js' } }), 'build.js': text }, { rules: [rule] });
    assert.equal(findings.length, 1);
    assert.equal(text.slice(findings[0].start, findings[0].end), 'true');
    assert.equal(findings[0].suggestions[1].edits[0].edits[0].newText, ', sourcesContent: false');
  });

  it('real form: VS Code template without --production in the publish script builds the dev branch', async () => {
    const { findings } = await runOnTree({ 'package.json': pkg({ scripts: { 'vscode:prepublish': 'npm run package', package: 'node esbuild.js' } }), 'esbuild.js': vscodeTemplate('') }, { rules: [rule] });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /dist is published/);
  });

  it('traps: --production passed, sourcesContent false, external flag with --sources-content=false', async () => {
    const a = await runOnTree({ 'package.json': pkg({ scripts: { 'vscode:prepublish': 'node esbuild.js --production' } }), 'esbuild.js': vscodeTemplate('') }, { rules: [rule] });
    assert.equal(a.findings.length, 0);
    const b = await runOnTree({ 'package.json': pkg({ scripts: { build: 'node esbuild.js' } }), 'esbuild.js': vscodeTemplate(' sourcesContent: false,') }, { rules: [rule] });
    assert.equal(b.findings.length, 0);
    const c = await runOnTree({ 'package.json': pkg({ scripts: { build: 'esbuild src/a.ts --bundle --sourcemap=external --sources-content=false --outdir=dist' } }) }, { rules: [rule] });
    assert.equal(c.findings.length, 0);
    const d = await runOnTree({ 'package.json': pkg({ scripts: { build: 'esbuild src/a.ts --bundle --sourcemap=external --outdir=dist' } }) }, { rules: [rule] });
    assert.equal(d.findings.length, 1);
  });
});
