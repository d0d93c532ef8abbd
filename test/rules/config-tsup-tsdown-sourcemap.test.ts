import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import rule from '../../rules/config-tsup-tsdown-sourcemap';
import { runOnTree, applyFixOnDisk } from '../helpers/rule-tester';

/** A proprietary library (no license) that publishes dist. */
const pkg = (extra: object) => JSON.stringify({ name: 'acme-lib', version: '1.0.0', files: ['dist'], ...extra }, null, 2);

describe('config-tsup-tsdown-sourcemap', () => {
  describe('tsup', () => {
    it('docs form: defineConfig({ sourcemap: true })', async () => {
      const text = `import { defineConfig } from 'tsup'\n\nexport default defineConfig({\n  entry: ['src/index.ts'],\n  splitting: false,\n  sourcemap: true,\n  clean: true,\n})\n`;
      const { findings } = await runOnTree({ 'package.json': pkg({ scripts: { build: 'tsup' } }), 'tsup.config.ts': text }, { rules: [rule] });
      assert.equal(findings.length, 1);
      assert.equal(findings[0].severity, 'warning');
      assert.equal(text.slice(findings[0].start, findings[0].end), 'true');
      assert.match(findings[0].message, /dist is published/);
      assert.equal(findings[0].suggestions[0].edits[0].edits[0].newText, 'false');
    });

    it('real form: options => ({ ... }) with an array of configs, one inline map in production', async () => {
      // The shape of many libraries' tsup configs: a function of the CLI options, an array per format.
      const text = [
        `import { defineConfig, type Options } from 'tsup';`,
        `const shared: Options = { entry: ['src/index.ts'], dts: true, target: 'es2020' };`,
        `export default defineConfig((options) => [`,
        `  { ...shared, format: ['esm'], sourcemap: !!options.watch, minify: !options.watch },`,
        `  { ...shared, format: ['iife'], globalName: 'Acme', sourcemap: 'inline', outDir: 'dist/browser' },`,
        `]);`,
      ].join('\n');
      const { findings } = await runOnTree({ 'package.json': pkg({ scripts: { prepublishOnly: 'npm run build', build: 'tsup' } }), 'tsup.config.ts': text }, { rules: [rule] });
      assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
      assert.equal(text.slice(findings[0].start, findings[0].end), `'inline'`);
      assert.match(findings[0].message, /inline data-URL maps/);
      assert.match(findings[0].message, /dist\/browser is published/);
    });

    it('CLI flag and package.json "tsup" field', async () => {
      const manifest = pkg({ scripts: { build: 'tsup src/index.ts --format cjs,esm --sourcemap inline --dts' } });
      const { findings } = await runOnTree({ 'package.json': manifest }, { rules: [rule] });
      assert.equal(findings.length, 1);
      assert.equal(findings[0].messageId, 'cliSourcemap');
      assert.equal(manifest.slice(findings[0].start, findings[0].end), '--sourcemap inline');
      const field = pkg({ scripts: { build: 'tsup' }, tsup: { entry: ['src/index.ts'], sourcemap: true } });
      const b = await runOnTree({ 'package.json': field }, { rules: [rule] });
      assert.equal(b.findings.length, 1);
      applyFixOnDisk(b.findings[0].suggestions[0].edits);
      assert.equal(JSON.parse(fs.readFileSync(`${b.root}/package.json`, 'utf8')).tsup.sourcemap, false);
    });

    it('traps: watch-only maps, no sourcemap, --no-sourcemap, dev config, maps excluded by files', async () => {
      const watchOnly = `export default defineConfig((options) => ({ entry: ['src/index.ts'], sourcemap: options.watch ? true : false }))`;
      const a = await runOnTree({ 'package.json': pkg({ scripts: { build: 'tsup' } }), 'tsup.config.ts': `import { defineConfig } from 'tsup';\n${watchOnly}` }, { rules: [rule] });
      assert.equal(a.findings.length, 0);
      const b = await runOnTree({ 'package.json': pkg({ scripts: { build: 'tsup src/index.ts --no-sourcemap --dts' } }), 'tsup.config.ts': `export default { entry: ['src/index.ts'], dts: true }` }, { rules: [rule] });
      assert.equal(b.findings.length, 0);
      const c = await runOnTree({ 'package.json': pkg({ scripts: { build: 'tsup' } }), 'tsup.config.dev.ts': `export default { sourcemap: true }` }, { rules: [rule] });
      assert.equal(c.findings.length, 0, 'a dev-named config is not the publish build');
      const d = await runOnTree({ 'package.json': pkg({ files: ['dist', '!dist/**/*.map'], scripts: { build: 'tsup' } }), 'tsup.config.ts': `export default { sourcemap: true }` }, { rules: [rule] });
      assert.equal(d.findings.length, 1);
      assert.equal(d.findings[0].severity, 'info', '.map files left out by "files" negation');
    });
  });

  describe('tsdown', () => {
    it('docs form: sourcemap true, and `tsdown --sourcemap`', async () => {
      const text = `import { defineConfig } from 'tsdown'\n\nexport default defineConfig({\n  entry: ['./src/index.ts'],\n  sourcemap: true,\n})\n`;
      const { findings } = await runOnTree({ 'package.json': pkg({ scripts: { build: 'tsdown' } }), 'tsdown.config.ts': text }, { rules: [rule] });
      assert.equal(findings.length, 1);
      assert.equal(text.slice(findings[0].start, findings[0].end), 'true');
      const cli = await runOnTree({ 'package.json': pkg({ scripts: { build: 'tsdown --sourcemap' } }) }, { rules: [rule] });
      assert.equal(cli.findings.length, 1);
    });

    it('real form: sourcemap false is overridden by declarationMap in an extended tsconfig', async () => {
      const text = `import { defineConfig } from 'tsdown'\nexport default defineConfig({ entry: ['src/index.ts'], dts: true, sourcemap: false, tsconfig: './tsconfig.build.json' })\n`;
      const tree = {
        'package.json': pkg({ scripts: { build: 'tsdown' } }),
        'tsdown.config.ts': text,
        'tsconfig.base.json': `{\n  // shared\n  "compilerOptions": { "strict": true, "declarationMap": true }\n}\n`,
        'tsconfig.build.json': `{ "extends": "./tsconfig.base.json", "include": ["src"] }\n`,
      };
      const { findings, root } = await runOnTree(tree, { rules: [rule] });
      assert.equal(findings.length, 1);
      assert.equal(findings[0].messageId, 'forced');
      assert.equal(text.slice(findings[0].start, findings[0].end), 'false');
      assert.match(findings[0].message, /tsconfig\.base\.json/);
      assert.equal(findings[0].related[0].file, `${root}/tsconfig.base.json`);
      applyFixOnDisk(findings[0].suggestions[0].edits);
      assert.match(fs.readFileSync(`${root}/tsconfig.base.json`, 'utf8'), /"declarationMap": false/);
    });

    it('traps: declarationMap off, tsconfig: false, tsup with declarationMap', async () => {
      const cfg = `export default { entry: ['src/index.ts'], dts: true }`;
      const a = await runOnTree({ 'package.json': pkg({ scripts: { build: 'tsdown' } }), 'tsdown.config.ts': cfg, 'tsconfig.json': `{ "compilerOptions": { "declaration": true } }` }, { rules: [rule] });
      assert.equal(a.findings.length, 0);
      const b = await runOnTree({ 'package.json': pkg({ scripts: { build: 'tsdown' } }), 'tsdown.config.ts': `export default { tsconfig: false }`, 'tsconfig.json': `{ "compilerOptions": { "declarationMap": true } }` }, { rules: [rule] });
      assert.equal(b.findings.length, 0);
      const c = await runOnTree({ 'package.json': pkg({ scripts: { build: 'tsup' } }), 'tsup.config.ts': cfg, 'tsconfig.json': `{ "compilerOptions": { "declarationMap": true } }` }, { rules: [rule] });
      assert.equal(c.findings.length, 0, 'only tsdown forces maps from declarationMap');
    });
  });

  describe('bunchee / pkgroll', () => {
    it('flags --sourcemap and ignores builds without it; open-source packages get info', async () => {
      const a = await runOnTree({ 'package.json': pkg({ scripts: { build: 'bunchee --sourcemap' } }) }, { rules: [rule] });
      assert.equal(a.findings.length, 1);
      const b = await runOnTree({ 'package.json': pkg({ scripts: { build: 'pkgroll --minify' } }) }, { rules: [rule] });
      assert.equal(b.findings.length, 0);
      const oss = pkg({ license: 'MIT', repository: 'https://github.com/acme/lib', scripts: { build: 'pkgroll --sourcemap' } });
      const c = await runOnTree({ 'package.json': oss }, { rules: [rule] });
      assert.equal(c.findings.length, 1);
      assert.equal(c.findings[0].severity, 'info');
    });
  });
});
