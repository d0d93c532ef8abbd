import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import rule from '../../rules/secret-build-env-inlining';
import { runOnTree, applyFixOnDisk } from '../helpers/rule-tester';

/** A private web app: its build output is served, so whole-env inlining is an error. */
const webApp = (deps: Record<string, string>, scripts: Record<string, string>) =>
  JSON.stringify({ name: 'web', version: '0.1.0', private: true, dependencies: deps, scripts }, null, 2);
/** A published CLI bundled into dist. */
const cli = (scripts: Record<string, string>) => JSON.stringify({ name: 'acme-cli', version: '1.0.0', files: ['dist'], bin: { acme: 'dist/cli.js' }, scripts }, null, 2);
// Variable names are assembled so the repository itself carries no client-secret-looking assignments.
const SECRET = ['SEC', 'RET'].join('');

describe('secret-build-env-inlining', () => {
  describe('webpack', () => {
    it('docs form: new webpack.DefinePlugin({ "process.env": JSON.stringify(process.env) })', async () => {
      const text = `const webpack = require('webpack');\nmodule.exports = {\n  mode: 'production',\n  plugins: [\n    new webpack.DefinePlugin({ 'process.env': JSON.stringify(process.env) }),\n  ],\n};\n`;
      const { findings, root } = await runOnTree({ 'package.json': webApp({ react: '18', 'react-dom': '18' }, { build: 'webpack' }), 'webpack.config.js': text }, { rules: [rule] });
      assert.equal(findings.length, 1);
      assert.equal(findings[0].severity, 'error');
      assert.equal(text.slice(findings[0].start, findings[0].end), 'process.env');
      applyFixOnDisk(findings[0].suggestions[0].edits);
      const fixed = fs.readFileSync(`${root}/webpack.config.js`, 'utf8');
      assert.match(fixed, /JSON\.stringify\(Object\.fromEntries\(Object\.entries\(process\.env\)\.filter\(\(\[k\]\) => k\.startsWith\('PUBLIC_'\)\)\)\)/);
      const again = await runOnTree({ 'package.json': webApp({ react: '18', 'react-dom': '18' }, { build: 'webpack' }), 'webpack.config.js': fixed }, { rules: [rule] });
      assert.equal(again.findings.length, 0, 'the filtered form is accepted');
    });

    it('real form: env-function config, spread of process.env, EnvironmentPlugin(Object.keys(process.env)), dotenv systemvars', async () => {
      const text = [
        `const { DefinePlugin, EnvironmentPlugin } = require('webpack');`,
        `const Dotenv = require('dotenv-webpack');`,
        `module.exports = (env, argv) => {`,
        `  const isProd = argv.mode === 'production';`,
        `  return {`,
        `    entry: './src/index.tsx',`,
        `    output: { path: require('path').resolve(__dirname, 'dist') },`,
        `    plugins: [`,
        `      new DefinePlugin({ 'process.env': { ...process.env, BUILD_TIME: JSON.stringify(Date.now()) } }),`,
        `      new EnvironmentPlugin(Object.keys(process.env)),`,
        `      new Dotenv({ systemvars: true }),`,
        `      isProd && new DefinePlugin({ __DEV__: 'false' }),`,
        `    ].filter(Boolean),`,
        `  };`,
        `};`,
      ].join('\n');
      const { findings } = await runOnTree({ 'package.json': webApp({ react: '18', 'react-dom': '18' }, { build: 'webpack --mode production' }), 'webpack.config.js': text }, { rules: [rule] });
      const ids = findings.map((f) => `${f.messageId}:${text.slice(f.start, f.end)}`).sort();
      assert.deepEqual(ids, ['dotenvSystemvars:systemvars: true', 'wholeEnv:...process.env', 'wholeEnv:process.env']);
    });

    it('traps: a single process.env.NODE_ENV define, EnvironmentPlugin with a list, a dev-only config', async () => {
      const text = `const webpack = require('webpack');\nmodule.exports = { plugins: [new webpack.DefinePlugin({ 'process.env.NODE_ENV': JSON.stringify(process.env.NODE_ENV), 'process.env.API_URL': JSON.stringify(process.env.API_URL) }), new webpack.EnvironmentPlugin(['NODE_ENV', 'DEBUG'])] };\n`;
      const a = await runOnTree({ 'package.json': webApp({ react: '18' }, { build: 'webpack' }), 'webpack.config.js': text }, { rules: [rule] });
      assert.equal(a.findings.length, 0);
      const dev = `const webpack = require('webpack');\nmodule.exports = { plugins: [new webpack.DefinePlugin({ 'process.env': JSON.stringify(process.env) })] };\n`;
      const b = await runOnTree({ 'package.json': webApp({ react: '18' }, { build: 'webpack --config webpack.prod.js', start: 'webpack serve --config webpack.dev.js' }), 'webpack.prod.js': `module.exports = { mode: 'production' };`, 'webpack.dev.js': dev }, { rules: [rule] });
      assert.equal(b.findings.length, 0);
    });
  });

  describe('Vite', () => {
    it('docs form: define process.env, envPrefix empty', async () => {
      const text = `import { defineConfig } from 'vite'\nexport default defineConfig({\n  envPrefix: '',\n  define: { 'process.env': process.env },\n})\n`;
      const { findings } = await runOnTree({ 'package.json': webApp({ vite: '^6.0.0' }, { build: 'vite build' }), 'vite.config.ts': text }, { rules: [rule] });
      const ids = findings.map((f) => `${f.messageId}:${text.slice(f.start, f.end)}`).sort();
      assert.deepEqual(ids, [`envPrefix:''`, 'wholeEnv:process.env']);
      assert.equal(findings.find((f) => f.messageId === 'envPrefix')!.suggestions[0].edits[0].edits[0].newText, `'VITE_'`);
    });

    it('real form: loadEnv(mode, cwd, "") into define (and the AI Studio API_KEY define), array envPrefix', async () => {
      const text = [
        `import path from 'path';`,
        `import { defineConfig, loadEnv } from 'vite';`,
        `import react from '@vitejs/plugin-react';`,
        `export default defineConfig(({ mode }) => {`,
        `  const env = loadEnv(mode, process.cwd(), '');`,
        `  return {`,
        `    plugins: [react()],`,
        `    envPrefix: ['VITE_', 'AWS_'],`,
        `    define: {`,
        `      'process.env': JSON.stringify(env),`,
        `      'process.env.API_KEY': JSON.stringify(env.GEMINI_API_KEY),`,
        `    },`,
        `    resolve: { alias: { '@': path.resolve(__dirname, '.') } },`,
        `  };`,
        `});`,
      ].join('\n');
      const { findings, root } = await runOnTree({ 'package.json': webApp({ vite: '^6.0.0', react: '19' }, { build: 'tsc -b && vite build' }), 'vite.config.ts': text }, { rules: [rule] });
      const ids = findings.map((f) => `${f.messageId}:${text.slice(f.start, f.end)}`).sort();
      assert.deepEqual(ids, [`envPrefix:'AWS_'`, `secretName:'process.env.API_KEY'`, `wholeEnv:loadEnv(mode, process.cwd(), '')`]);
      const whole = findings.find((f) => f.messageId === 'wholeEnv')!;
      assert.equal(whole.severity, 'error');
      applyFixOnDisk(whole.suggestions[0].edits);
      assert.match(fs.readFileSync(`${root}/vite.config.ts`, 'utf8'), /loadEnv\(mode, process\.cwd\(\), 'VITE_'\)/);
    });

    it(`traps: envPrefix 'VITE_', loadEnv('') used only for the dev server port, define of one variable, vitest test.env`, async () => {
      const text = [
        `import { defineConfig, loadEnv } from 'vite';`,
        `export default defineConfig(({ mode }) => {`,
        `  const env = loadEnv(mode, process.cwd(), '');`,
        `  return {`,
        `    envPrefix: 'VITE_',`,
        `    server: { port: Number(env.PORT) || 5173 },`,
        `    define: { __APP_VERSION__: JSON.stringify(process.env.npm_package_version), 'import.meta.env.VITE_PUBLIC_URL': JSON.stringify(env.PUBLIC_URL) },`,
        `    test: { env: { ...process.env } },`,
        `  };`,
        `});`,
      ].join('\n');
      const { findings } = await runOnTree({ 'package.json': webApp({ vite: '^6.0.0' }, { build: 'vite build' }), 'vite.config.ts': text }, { rules: [rule] });
      assert.deepEqual(findings.map((f) => f.message), []);
    });
  });

  describe('Bun', () => {
    it(`docs form: Bun.build({ env: 'inline' }) and bun build --env=inline`, async () => {
      const text = `await Bun.build({\n  entrypoints: ['./src/cli.ts'],\n  outdir: './dist',\n  env: 'inline',\n});\n`;
      const { findings } = await runOnTree({ 'package.json': cli({ build: 'bun run build.ts' }), 'build.ts': text }, { rules: [rule] });
      assert.equal(findings.length, 1);
      assert.equal(findings[0].messageId, 'bunEnv');
      assert.equal(findings[0].severity, 'error');
      assert.equal(findings[0].suggestions[0].edits[0].edits[0].newText, `'PUBLIC_*'`);
      const manifest = cli({ build: 'bun build ./src/cli.ts --outdir ./dist --target node --env=inline' });
      const c = await runOnTree({ 'package.json': manifest }, { rules: [rule] });
      assert.equal(c.findings.length, 1);
      assert.equal(manifest.slice(c.findings[0].start, c.findings[0].end), '--env=inline');
      assert.equal(c.findings[0].suggestions[0].edits[0].edits[0].newText, 'PUBLIC_*');
    });

    it('real form: options object shared by several builds, env chosen by a production flag, define from process.env', async () => {
      const text = [
        `const production = process.argv.includes('--production');`,
        `const common = { target: 'node', minify: production, env: production ? 'inline' : 'disable' } as const;`,
        `for (const entry of ['./src/cli.ts', './src/worker.ts']) {`,
        `  await Bun.build({ ...common, entrypoints: [entry], outdir: './dist', define: { 'process.env': JSON.stringify(process.env) } });`,
        `}`,
      ].join('\n');
      const { findings } = await runOnTree({ 'package.json': cli({ prepublishOnly: 'bun run scripts/build.ts --production' }), 'scripts/build.ts': text }, { rules: [rule] });
      const ids = findings.map((f) => `${f.messageId}:${text.slice(f.start, f.end)}`).sort();
      assert.deepEqual(ids, [`bunEnv:'inline'`, 'wholeEnv:process.env']);
    });

    it(`traps: env 'PUBLIC_*', env 'disable', --env=PUBLIC_*`, async () => {
      const a = await runOnTree({ 'package.json': cli({ build: 'bun run build.ts' }), 'build.ts': `await Bun.build({ entrypoints: ['./a.ts'], outdir: 'dist', env: 'PUBLIC_*' });\nawait Bun.build({ entrypoints: ['./b.ts'], outdir: 'dist', env: 'disable' });` }, { rules: [rule] });
      assert.equal(a.findings.length, 0);
      const b = await runOnTree({ 'package.json': cli({ build: 'bun build ./src/cli.ts --outdir dist --env=PUBLIC_*' }) }, { rules: [rule] });
      assert.equal(b.findings.length, 0);
      const broad = await runOnTree({ 'package.json': cli({ build: 'bun build ./src/cli.ts --outdir dist --env=NPM*' }) }, { rules: [rule] });
      assert.equal(broad.findings.length, 1, 'NPM* would inline NPM_TOKEN');
    });
  });

  describe('Next.js env, esbuild, tsdown and .env files', () => {
    it('next.config env with a secret-looking name; esbuild define from the whole env; tsdown envPrefix empty', async () => {
      const next = `const nextConfig = { env: { STRIPE_${SECRET}_KEY: process.env.STRIPE_${SECRET}_KEY, NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: process.env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY } };\nmodule.exports = nextConfig;\n`;
      const a = await runOnTree({ 'package.json': webApp({ next: '15', react: '19' }, { build: 'next build' }), 'next.config.js': next }, { rules: [rule] });
      assert.equal(a.findings.length, 1);
      assert.equal(next.slice(a.findings[0].start, a.findings[0].end), `STRIPE_${SECRET}_KEY`);
      const esb = `const esbuild = require('esbuild');\nesbuild.build({ entryPoints: ['src/cli.ts'], bundle: true, outfile: 'dist/cli.js', define: Object.fromEntries(Object.entries(process.env).map(([k, v]) => ['process.env.' + k, JSON.stringify(v)])) });\n`;
      const b = await runOnTree({ 'package.json': cli({ build: 'node build.js' }), 'build.js': esb }, { rules: [rule] });
      assert.equal(b.findings.length, 1);
      assert.equal(b.findings[0].messageId, 'wholeEnv');
      const c = await runOnTree({ 'package.json': cli({ build: 'tsdown' }), 'tsdown.config.ts': `export default { entry: ['src/cli.ts'], envPrefix: '' }` }, { rules: [rule] });
      assert.equal(c.findings.length, 1);
      assert.equal(c.findings[0].suggestions[0].edits[0].edits[0].newText, `'TSDOWN_'`);
    });

    it('.env files: client-prefixed secret names; traps: publishable keys, server-only names, allowNames', async () => {
      const env = [`VITE_API_URL=https://api.example.com`, `VITE_OPENAI_API_KEY=`, `VITE_STRIPE_PUBLISHABLE_KEY=pk_test_x`, `VITE_FIREBASE_API_KEY=`, `DATABASE_${SECRET}=`, `export REACT_APP_ADMIN_PASSWORD=`].join('\n');
      const { findings } = await runOnTree({ 'package.json': webApp({ vite: '^6.0.0' }, { build: 'vite build' }), '.env.production': env }, { rules: [rule] });
      assert.deepEqual(findings.map((f) => env.slice(f.start, f.end)).sort(), ['REACT_APP_ADMIN_PASSWORD', 'VITE_OPENAI_API_KEY']);
      const allowed = await runOnTree({ 'package.json': webApp({ vite: '^6.0.0' }, { build: 'vite build' }), '.env': 'VITE_OPENAI_API_KEY=\n' }, { rules: [rule], config: { rules: { 'secret-build-env-inlining': ['warning', { allowNames: ['VITE_OPENAI_API_KEY'] }] } } });
      assert.equal(allowed.findings.length, 0);
    });
  });
});
