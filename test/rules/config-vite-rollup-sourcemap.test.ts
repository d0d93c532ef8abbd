import * as assert from 'node:assert/strict';
import rule from '../../rules/config-vite-rollup-sourcemap';
import { runOnTree } from '../helpers/rule-tester';

const pkg = (extra: object) => JSON.stringify({ name: 'lib', version: '1.0.0', files: ['dist'], ...extra }, null, 2);

describe('config-vite-rollup-sourcemap', () => {
  it('docs form: vite build.sourcemap true', async () => {
    const cfg = `import { defineConfig } from 'vite';\nexport default defineConfig({ build: { sourcemap: true } });`;
    const { findings } = await runOnTree({ 'package.json': pkg({}), 'vite.config.ts': cfg }, { rules: [rule] });
    assert.equal(findings.length, 1);
    assert.equal(cfg.slice(findings[0].start, findings[0].end), 'true');
  });

  it('real form: rollup array of configs with an output array and a spread', async () => {
    const cfg = `const common = { sourcemap: true };\nexport default [{ input: 'a.js', output: [{ dir: 'dist', ...common }, { dir: 'dist/min', sourcemap: 'hidden', sourcemapExcludeSources: true }] }];`;
    const { findings } = await runOnTree({ 'package.json': pkg({}), 'rollup.config.mjs': cfg }, { rules: [rule] });
    const sev = findings.map((f) => f.severity).sort();
    assert.deepEqual(sev, ['info', 'warning']);
    const w = findings.find((f) => f.severity === 'warning')!;
    assert.equal(w.suggestions[1].edits[0].edits[0].newText, ', sourcemapExcludeSources: true');
  });

  it('traps: dev-only mode branch, output not published, vite build --sourcemap flag', async () => {
    const a = await runOnTree({ 'package.json': pkg({}), 'vite.config.ts': `export default defineConfig(({ mode }) => ({ build: { sourcemap: mode === 'development' } }));` }, { rules: [rule] });
    assert.equal(a.findings.length, 0);
    const b = await runOnTree({ 'package.json': pkg({}), 'vite.config.ts': `export default { build: { outDir: 'server-build', sourcemap: true } };` }, { rules: [rule] });
    assert.equal(b.findings.length, 1);
    assert.equal(b.findings[0].severity, 'info');
    const manifest = pkg({ scripts: { build: 'vite build --sourcemap inline' } });
    const c = await runOnTree({ 'package.json': manifest }, { rules: [rule] });
    assert.equal(c.findings.length, 1);
    assert.equal(manifest.slice(c.findings[0].start, c.findings[0].end), '--sourcemap inline');
  });
});
