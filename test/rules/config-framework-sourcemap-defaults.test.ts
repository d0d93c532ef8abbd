import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import rule from '../../rules/config-framework-sourcemap-defaults';
import { runOnTree, applyFixOnDisk } from '../helpers/rule-tester';

/** A private web app (its build output is served, so it "ships"). */
const app = (deps: Record<string, string>, scripts: Record<string, string>, extra: object = {}) =>
  JSON.stringify({ name: 'web', version: '0.1.0', private: true, dependencies: deps, scripts, ...extra }, null, 2);
const cra = { react: '^18.2.0', 'react-dom': '^18.2.0', 'react-scripts': '5.0.1' };

describe('config-framework-sourcemap-defaults', () => {
  describe('Create React App', () => {
    it('docs form: "react-scripts build" emits maps; the fix inserts GENERATE_SOURCEMAP=false', async () => {
      const manifest = app(cra, { start: 'react-scripts start', build: 'react-scripts build', test: 'react-scripts test' });
      const { findings } = await runOnTree({ 'package.json': manifest }, { rules: [rule] });
      assert.equal(findings.length, 1);
      assert.equal(findings[0].severity, 'warning');
      assert.equal(manifest.slice(findings[0].start, findings[0].end), 'react-scripts build');
      assert.match(findings[0].message, /build is published/);
      applyFixOnDisk(findings[0].suggestions[0].edits);
      const after = fs.readFileSync(findings[0].file, 'utf8');
      assert.equal(JSON.parse(after).scripts.build, 'GENERATE_SOURCEMAP=false react-scripts build');
      const again = await runOnTree({ 'package.json': after }, { rules: [rule] });
      assert.equal(again.findings.length, 0, 'fixed script is clean');
    });

    it('real form: craco behind cross-env and npm-run indirection; fix goes after cross-env; .env.production fix', async () => {
      const manifest = app({ ...cra, '@craco/craco': '^7.1.0' }, { 'build:css': 'tailwindcss -o src/index.css', build: 'npm run build:css && cross-env NODE_ENV=production craco build', predeploy: 'npm run build' });
      const { findings, root } = await runOnTree({ 'package.json': manifest, '.env': 'REACT_APP_API=https://api.example.com\n' }, { rules: [rule] });
      assert.equal(findings.length, 1);
      assert.equal(manifest.slice(findings[0].start, findings[0].end), 'craco build');
      applyFixOnDisk(findings[0].suggestions[0].edits);
      assert.equal(JSON.parse(fs.readFileSync(`${root}/package.json`, 'utf8')).scripts.build, 'npm run build:css && cross-env GENERATE_SOURCEMAP=false NODE_ENV=production craco build');
      const envFix = findings[0].suggestions[1];
      assert.ok(envFix.edits[0].create);
      applyFixOnDisk(envFix.edits);
      assert.equal(fs.readFileSync(`${root}/.env.production`, 'utf8'), 'GENERATE_SOURCEMAP=false\n');
    });

    it('GENERATE_SOURCEMAP=true in the script or in .env is reported where it is set', async () => {
      const manifest = app(cra, { build: 'GENERATE_SOURCEMAP=true react-scripts build' });
      const a = await runOnTree({ 'package.json': manifest }, { rules: [rule] });
      assert.equal(a.findings.length, 1);
      assert.equal(a.findings[0].messageId, 'craEnv');
      const env = '# sentry wants maps\nGENERATE_SOURCEMAP=true\n';
      const b = await runOnTree({ 'package.json': app(cra, { build: 'react-scripts build' }), '.env': env }, { rules: [rule] });
      assert.equal(b.findings.length, 1);
      assert.equal(env.slice(b.findings[0].start, b.findings[0].end), 'GENERATE_SOURCEMAP=true');
    });

    it('traps: GENERATE_SOURCEMAP=false in the script, in .env.production, only "start" scripts', async () => {
      const a = await runOnTree({ 'package.json': app(cra, { build: 'GENERATE_SOURCEMAP=false react-scripts build' }) }, { rules: [rule] });
      assert.equal(a.findings.length, 0);
      const b = await runOnTree({ 'package.json': app(cra, { build: 'react-scripts build' }), '.env.production': 'GENERATE_SOURCEMAP=false\n', '.env': 'GENERATE_SOURCEMAP=true\n' }, { rules: [rule] });
      assert.equal(b.findings.length, 0, '.env.production wins over .env');
      const c = await runOnTree({ 'package.json': app(cra, { start: 'react-scripts start' }) }, { rules: [rule] });
      assert.equal(c.findings.length, 0);
    });
  });

  describe('Next.js', () => {
    const next = { next: '15.3.0', react: '19.0.0', 'react-dom': '19.0.0' };
    it('docs form: productionBrowserSourceMaps: true', async () => {
      const text = `module.exports = {\n  productionBrowserSourceMaps: true,\n}\n`;
      const { findings } = await runOnTree({ 'package.json': app(next, { build: 'next build' }), 'next.config.js': text }, { rules: [rule] });
      assert.equal(findings.length, 1);
      assert.equal(text.slice(findings[0].start, findings[0].end), 'true');
    });

    it('real form: wrapped in withBundleAnalyzer/withSentryConfig, set from an env condition', async () => {
      const text = [
        `import type { NextConfig } from 'next';`,
        `import bundleAnalyzer from '@next/bundle-analyzer';`,
        `import { withSentryConfig } from '@sentry/nextjs';`,
        `const withBundleAnalyzer = bundleAnalyzer({ enabled: process.env.ANALYZE === 'true' });`,
        `const isProd = process.env.NODE_ENV === 'production';`,
        `const nextConfig: NextConfig = {`,
        `  reactStrictMode: true,`,
        `  productionBrowserSourceMaps: isProd,`,
        `  images: { remotePatterns: [{ protocol: 'https', hostname: 'cdn.example.com' }] },`,
        `};`,
        `export default withSentryConfig(withBundleAnalyzer(nextConfig), { org: 'acme', project: 'web', silent: true });`,
      ].join('\n');
      const { findings } = await runOnTree({ 'package.json': app(next, { build: 'next build' }), 'next.config.ts': text }, { rules: [rule] });
      assert.equal(findings.length, 1);
      // A value reached through a binding is reported where it is computed.
      assert.equal(text.slice(findings[0].start, findings[0].end), `process.env.NODE_ENV === 'production'`);
      assert.match(findings[0].message, /set conditionally/);
    });

    it('traps: no flag, flag only in development', async () => {
      const a = await runOnTree({ 'package.json': app(next, { build: 'next build' }), 'next.config.mjs': `/** @type {import('next').NextConfig} */\nconst nextConfig = { reactStrictMode: true };\nexport default nextConfig;\n` }, { rules: [rule] });
      assert.equal(a.findings.length, 0);
      const b = await runOnTree({ 'package.json': app(next, { build: 'next build' }), 'next.config.js': `module.exports = { productionBrowserSourceMaps: process.env.NODE_ENV !== 'production' }` }, { rules: [rule] });
      assert.equal(b.findings.length, 0);
    });
  });

  describe('Vue CLI', () => {
    const vue = { vue: '^3.3.0' };
    const vueDev = { '@vue/cli-service': '~5.0.0' };
    it('docs form: vue.config.js without productionSourceMap (default true) gets an insert fix', async () => {
      const text = `const { defineConfig } = require('@vue/cli-service')\nmodule.exports = defineConfig({\n  transpileDependencies: true\n})\n`;
      const { findings, root } = await runOnTree({ 'package.json': app(vue, { build: 'vue-cli-service build' }, { devDependencies: vueDev }), 'vue.config.js': text }, { rules: [rule] });
      assert.equal(findings.length, 1);
      assert.equal(findings[0].messageId, 'vueDefault');
      applyFixOnDisk(findings[0].suggestions[0].edits);
      const after = fs.readFileSync(`${root}/vue.config.js`, 'utf8');
      assert.match(after, /defineConfig\(\{\n {2}productionSourceMap: false,\n {2}transpileDependencies: true/);
    });

    it('real form: no vue.config.js at all, and an explicit true behind a spread', async () => {
      const a = await runOnTree({ 'package.json': app(vue, { build: 'vue-cli-service build --modern' }, { devDependencies: vueDev }) }, { rules: [rule] });
      assert.equal(a.findings.length, 1);
      assert.equal(a.findings[0].messageId, 'vueScript');
      assert.ok(a.findings[0].suggestions[0].edits[0].create);
      const text = `const base = { publicPath: '/app/', productionSourceMap: true };\nmodule.exports = { ...base, outputDir: 'www', lintOnSave: false };\n`;
      const b = await runOnTree({ 'package.json': app(vue, { build: 'vue-cli-service build' }, { devDependencies: vueDev }), 'vue.config.js': text }, { rules: [rule] });
      assert.equal(b.findings.length, 1);
      assert.equal(b.findings[0].messageId, 'vueExplicit');
      assert.equal(text.slice(b.findings[0].start, b.findings[0].end), 'true');
    });

    it('traps: productionSourceMap false, dev-only condition, configureWebpack devtool false, a Vite vue app', async () => {
      const deps = { 'package.json': app(vue, { build: 'vue-cli-service build' }, { devDependencies: vueDev }) };
      for (const text of [
        `module.exports = { productionSourceMap: false }`,
        `module.exports = { productionSourceMap: process.env.NODE_ENV !== 'production' }`,
        `module.exports = { configureWebpack: { devtool: false } }`,
      ]) {
        const { findings } = await runOnTree({ ...deps, 'vue.config.js': text }, { rules: [rule] });
        assert.equal(findings.length, 0, text);
      }
      const vite = await runOnTree({ 'package.json': app({ vue: '^3.4.0' }, { build: 'vite build' }) }, { rules: [rule] });
      assert.equal(vite.findings.length, 0);
    });
  });

  describe('Angular', () => {
    const ng = { '@angular/core': '^17.0.0' };
    const angularJson = (prod: string, options = '"outputPath": "dist/shop"') => `{
  "$schema": "./node_modules/@angular/cli/lib/config/schema.json",
  "version": 1,
  "projects": {
    "shop": {
      "projectType": "application",
      "architect": {
        "build": {
          "builder": "@angular-devkit/build-angular:application",
          "options": { ${options} },
          "configurations": {
            "production": { ${prod} "outputHashing": "all" },
            "development": { "optimization": false, "sourceMap": true }
          },
          "defaultConfiguration": "production"
        }
      }
    }
  }
}
`;
    it('docs form: "sourceMap": true in the production configuration', async () => {
      const text = angularJson('"sourceMap": true,');
      const { findings, root } = await runOnTree({ 'package.json': app(ng, { build: 'ng build' }), 'angular.json': text }, { rules: [rule] });
      assert.equal(findings.length, 1);
      assert.equal(text.slice(findings[0].start, findings[0].end), 'true');
      applyFixOnDisk(findings[0].suggestions[0].edits);
      assert.match(fs.readFileSync(`${root}/angular.json`, 'utf8'), /"sourceMap": false,/);
    });

    it('real form: object form with hidden maps, and maps set in base options not overridden', async () => {
      const a = await runOnTree({ 'package.json': app(ng, { build: 'ng build' }), 'angular.json': angularJson('"sourceMap": { "scripts": true, "styles": false, "hidden": true },') }, { rules: [rule] });
      assert.equal(a.findings.length, 1);
      const b = await runOnTree({ 'package.json': app(ng, { build: 'ng build' }), 'angular.json': angularJson('', '"outputPath": "dist/shop", "sourceMap": true') }, { rules: [rule] });
      assert.equal(b.findings.length, 1);
      assert.match(b.findings[0].message, /not overridden/);
    });

    it('traps: only the development configuration has maps; production overrides base options', async () => {
      const a = await runOnTree({ 'package.json': app(ng, { build: 'ng build' }), 'angular.json': angularJson('') }, { rules: [rule] });
      assert.equal(a.findings.length, 0);
      const b = await runOnTree({ 'package.json': app(ng, { build: 'ng build' }), 'angular.json': angularJson('"sourceMap": false,', '"sourceMap": true') }, { rules: [rule] });
      assert.equal(b.findings.length, 0);
    });
  });

  describe('Parcel', () => {
    it('parcel build without --no-source-maps; traps: the flag, targets with sourceMap false', async () => {
      const manifest = app({ parcel: '^2.12.0' }, { build: 'parcel build src/index.html' });
      const a = await runOnTree({ 'package.json': manifest }, { rules: [rule] });
      assert.equal(a.findings.length, 1);
      assert.equal(a.findings[0].suggestions[0].edits[0].edits[0].newText, ' --no-source-maps');
      const b = await runOnTree({ 'package.json': app({ parcel: '^2.12.0' }, { build: 'parcel build src/index.html --no-source-maps' }) }, { rules: [rule] });
      assert.equal(b.findings.length, 0);
      const c = await runOnTree({ 'package.json': app({ parcel: '^2.12.0' }, { build: 'parcel build' }, { targets: { default: { sourceMap: false } } }) }, { rules: [rule] });
      assert.equal(c.findings.length, 0);
    });
  });
});
