import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { FileSystem, DirEntry, FileStat } from '../../server/src/engine/safe/fs';
import {
  readTsconfig,
  emitsJavaScript,
  readJsConfig,
  getProperty,
  getProperties,
  primitive,
  containsWholeEnv,
  editRange,
  publishCommands,
  sourcemapFlags,
  shellSegments,
  configArgument,
  scriptFile,
  parseWebpackDevtool,
  webpackDefaultDevtool,
  esbuildEffect,
  bunEffect,
  rollupEffect,
  isDevOnlyName,
} from '../../server/src/engine/build-config';

/** In-memory file system over a tree of absolute paths. */
function memFs(tree: Record<string, string>): FileSystem {
  return {
    async readFile(p) {
      return tree[p] === undefined ? undefined : Buffer.from(tree[p]);
    },
    async readText(p) {
      return tree[p];
    },
    async stat(p): Promise<FileStat | undefined> {
      if (tree[p] !== undefined) return { size: tree[p].length, mtimeMs: 0, isFile: true, isDirectory: false };
      if (Object.keys(tree).some((k) => k.startsWith(p + '/'))) return { size: 0, mtimeMs: 0, isFile: false, isDirectory: true };
      return undefined;
    },
    async readDir(): Promise<DirEntry[]> {
      return [];
    },
  };
}

const slice = (text: string, r: { start: number; end: number }) => text.slice(r.start, r.end);

describe('build-config: tsconfig reader', () => {
  it('reads comments and trailing commas and gives exact offsets', async () => {
    const text = `{\n  // emit\n  "compilerOptions": { "sourceMap": true, /* x */ "inlineSources": true, "outDir": "./dist", },\n}`;
    const cfg = await readTsconfig(memFs({ '/p/tsconfig.json': text }), '/p/tsconfig.json');
    assert.equal(cfg.options.sourceMap?.value, true);
    assert.equal(slice(text, { start: cfg.options.inlineSources!.valueStart, end: cfg.options.inlineSources!.valueEnd }), 'true');
    assert.equal(slice(text, { start: cfg.options.inlineSources!.propertyStart, end: cfg.options.inlineSources!.propertyEnd }), '"inlineSources": true');
    assert.equal(cfg.options.outDir?.resolvedPath, '/p/dist');
    assert.deepEqual(cfg.problems, []);
  });

  it('follows relative and package extends; the child wins and base values keep their file', async () => {
    const base = `{ "compilerOptions": { "sourceMap": true, "inlineSources": true, "outDir": "out" } }`;
    const fs = memFs({
      '/p/tsconfig.json': `{ "extends": ["@acme/tsconfig", "./tsconfig.base"], "compilerOptions": { "sourceMap": false } }`,
      '/p/tsconfig.base.json': base,
      '/node_modules/@acme/tsconfig/package.json': `{ "tsconfig": "strict.json" }`,
      '/node_modules/@acme/tsconfig/strict.json': `{ "compilerOptions": { "declarationMap": true } }`,
    });
    const cfg = await readTsconfig(fs, '/p/tsconfig.json');
    assert.equal(cfg.options.sourceMap?.value, false);
    assert.equal(cfg.options.sourceMap?.file, '/p/tsconfig.json');
    assert.equal(cfg.options.inlineSources?.file, '/p/tsconfig.base.json');
    assert.equal(slice(base, { start: cfg.options.inlineSources!.valueStart, end: cfg.options.inlineSources!.valueEnd }), 'true');
    assert.equal(cfg.options.outDir?.resolvedPath, '/p/out', 'outDir resolves against the base that set it');
    assert.equal(cfg.options.declarationMap?.file, '/node_modules/@acme/tsconfig/strict.json');
    assert.deepEqual(cfg.chain, ['/p/tsconfig.json', '/node_modules/@acme/tsconfig/strict.json', '/p/tsconfig.base.json']);
  });

  it('reports cycles and missing bases instead of throwing', async () => {
    const fs = memFs({
      '/p/a.json': `{ "extends": "./b.json", "compilerOptions": { "sourceMap": true } }`,
      '/p/b.json': `{ "extends": "./a.json" }`,
      '/p/c.json': `{ "extends": "nope/tsconfig.json" }`,
    });
    const a = await readTsconfig(fs, '/p/a.json');
    assert.equal(a.options.sourceMap?.value, true);
    assert.ok(a.problems.some((p) => p.kind === 'extends-cycle'));
    const c = await readTsconfig(fs, '/p/c.json');
    assert.ok(c.problems.some((p) => p.kind === 'extends-missing'));
    const missing = await readTsconfig(fs, '/p/none.json');
    assert.ok(missing.problems.some((p) => p.kind === 'unreadable'));
  });

  it('noEmit and emitDeclarationOnly do not emit JavaScript (trap)', async () => {
    const fs = memFs({ '/p/t.json': `{ "compilerOptions": { "noEmit": true, "sourceMap": true } }`, '/p/d.json': `{ "compilerOptions": { "emitDeclarationOnly": true } }` });
    assert.equal(emitsJavaScript(await readTsconfig(fs, '/p/t.json')), false);
    assert.equal(emitsJavaScript(await readTsconfig(fs, '/p/d.json')), false);
  });

  it('never throws on arbitrary text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), async (s) => {
        const cfg = await readTsconfig(memFs({ '/p/t.json': s }), '/p/t.json');
        assert.ok(Array.isArray(cfg.problems));
      }),
      { numRuns: 200 },
    );
  });
});

describe('build-config: JS/TS config evaluator', () => {
  it('module.exports object literal', () => {
    const text = `module.exports = { mode: 'production', devtool: 'source-map' };`;
    const p = getProperty(readJsConfig(text, 'webpack.config.js').exports[0], 'devtool')!;
    assert.equal(primitive(p.production).value, 'source-map');
    assert.equal(p.conditional, false);
    assert.equal(slice(text, editRange(p)), `'source-map'`);
  });

  it('webpack function with argv.mode condition is conditional with the production branch', () => {
    const text = `module.exports = (env, argv) => ({ devtool: argv.mode === 'production' ? 'nosources-source-map' : 'eval-source-map' });`;
    const p = getProperty(readJsConfig(text, 'webpack.config.js').exports[0], 'devtool')!;
    assert.equal(p.conditional, true);
    assert.equal(primitive(p.production).value, 'nosources-source-map');
    assert.equal(primitive(p.development).value, 'eval-source-map');
    assert.equal(slice(text, editRange(p)), `'nosources-source-map'`);
  });

  it('NODE_ENV bound to a const, mutation inside a function with a return', () => {
    const text = [
      `const isProd = process.env.NODE_ENV === 'production';`,
      `const config = { devtool: false, output: { path: 'dist' } };`,
      `module.exports = function (env) { if (!isProd) { config.devtool = 'inline-source-map'; } return config; };`,
    ].join('\n');
    const pair = readJsConfig(text, 'webpack.config.js').exports[0];
    const p = getProperty(pair, 'devtool')!;
    assert.equal(primitive(p.production).value, false);
    assert.equal(primitive(p.development).value, 'inline-source-map');
    assert.equal(primitive(getProperty(pair, 'output.path')!.production).value, 'dist');
  });

  it('vite defineConfig with a destructured mode and a TS satisfies', () => {
    const text = `import { defineConfig } from 'vite';\nexport default defineConfig(({ mode }) => ({ build: { sourcemap: mode !== 'production' ? true : 'hidden', outDir: 'web' } }) satisfies object);`;
    const pair = readJsConfig(text, 'vite.config.ts').exports[0];
    const p = getProperty(pair, 'build.sourcemap')!;
    assert.equal(primitive(p.production).value, 'hidden');
    assert.equal(slice(text, editRange(p)), `'hidden'`);
  });

  it('arrays of configs, spreads of local objects and arrays of outputs', () => {
    const text = `const shared = { output: { sourcemap: true } };\nexport default [{ ...shared, input: 'a.js' }, { input: 'b.js', output: [{ file: 'x.js', sourcemap: 'inline' }, { file: 'y.js' }] }];`;
    const r = readJsConfig(text, 'rollup.config.mjs');
    assert.equal(r.exports.length, 2);
    assert.equal(primitive(getProperty(r.exports[0], 'output.sourcemap')!.production).value, true);
    const outs = getProperties(r.exports[1], 'output.sourcemap');
    assert.deepEqual(outs.map((o) => o.chain), ['output[0].sourcemap']);
    assert.equal(primitive(outs[0].production).value, 'inline');
  });

  it('webpack-merge of a common and a prod config', () => {
    const text = `const { merge } = require('webpack-merge');\nconst common = { devtool: 'eval', entry: 'a' };\nmodule.exports = merge(common, { mode: 'production', devtool: 'source-map' });`;
    assert.equal(primitive(getProperty(readJsConfig(text, 'webpack.prod.js').exports[0], 'devtool')!.production).value, 'source-map');
  });

  it('esbuild context with the VS Code template production toggle', () => {
    const text = [
      `const esbuild = require('esbuild');`,
      `const production = process.argv.includes('--production');`,
      `async function main() { const ctx = await esbuild.context({ entryPoints: ['src/extension.ts'], sourcemap: !production, sourcesContent: false, outfile: 'dist/extension.js' }); }`,
    ].join('\n');
    const withFlag = readJsConfig(text, 'esbuild.js', { argv: ['--production'] });
    assert.equal(withFlag.calls[0].origin, 'esbuild.context');
    assert.equal(primitive(getProperty(withFlag.calls[0], 'sourcemap')!.production).value, false);
    const without = readJsConfig(text, 'esbuild.js', { argv: [] });
    assert.equal(primitive(getProperty(without.calls[0], 'sourcemap')!.production).value, true, 'script without --production builds the dev branch');
  });

  it('build imported from esbuild and Bun.build', () => {
    const a = readJsConfig(`import { build as b } from 'esbuild';\nawait b({ sourcemap: 'external' });`, 'build.mjs');
    assert.equal(a.calls[0]?.origin, 'esbuild.build');
    const bun = readJsConfig(`await Bun.build({ entrypoints: ['./src/cli.ts'], outdir: './dist', sourcemap: 'external', env: 'inline' });`, 'build.ts');
    assert.equal(bun.calls[0]?.origin, 'Bun.build');
    assert.equal(primitive(getProperty(bun.calls[0], 'env')!.production).value, 'inline');
    // trap: an unrelated build() is not esbuild
    assert.equal(readJsConfig(`import { build } from 'vite';\nbuild({ sourcemap: true });`, 'x.mjs').calls.length, 0);
  });

  it('finds the whole process.env inlined', () => {
    const text = `import { defineConfig } from 'vite';\nexport default defineConfig({ define: { 'process.env': JSON.stringify(process.env), OK: JSON.stringify('x') } });`;
    const pair = readJsConfig(text, 'vite.config.ts').exports[0];
    const d = getProperty(pair, 'define')!;
    assert.ok(containsWholeEnv(d.production));
    const safe = readJsConfig(`export default { define: { 'process.env.API': JSON.stringify(process.env.API) } }`, 'vite.config.ts').exports[0];
    assert.equal(containsWholeEnv(getProperty(safe, 'define')!.production), undefined);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = readJsConfig(`module.exports = ${s}`, 'x.js');
        assert.ok(Array.isArray(r.exports));
      }),
      { numRuns: 300 },
    );
    const r = readJsConfig(`const a = a; const b = { ...b }; module.exports = a;`, 'x.js');
    assert.ok(Array.isArray(r.exports));
  });
});

describe('build-config: package.json scripts', () => {
  const manifest = (scripts: Record<string, string>) => JSON.stringify({ name: 'x', scripts }, null, 2);

  it('follows npm run / yarn / pnpm indirection with env prefixes and maps offsets back', () => {
    const text = manifest({
      prepublishOnly: 'npm run build',
      build: 'cross-env NODE_ENV=production yarn bundle && tsc -p tsconfig.build.json',
      bundle: 'bun build ./src/cli.ts --outdir dist --sourcemap',
    });
    const cmds = publishCommands(text);
    assert.deepEqual(cmds.map((c) => c.tool), ['bun', 'tsc']);
    const bun = cmds.find((c) => c.tool === 'bun')!;
    assert.deepEqual(bun.via, ['prepublishOnly', 'build', 'bundle']);
    assert.equal(bun.env.NODE_ENV, undefined, 'env of the calling command does not leak into yarn bundle in this model');
    const flags = sourcemapFlags(bun);
    assert.equal(flags.length, 1);
    assert.equal(flags[0].value, 'linked', 'bare --sourcemap is linked since Bun 1.2');
    assert.equal(slice(text, flags[0]), '--sourcemap');
    const tsc = cmds.find((c) => c.tool === 'tsc')!;
    assert.equal(configArgument(tsc)?.text, 'tsconfig.build.json');
  });

  it('cuts cycles and respects the depth limit', () => {
    const cmds = publishCommands(manifest({ build: 'npm run a', a: 'npm run b', b: 'npm run a && esbuild x.ts --sourcemap=external' }));
    assert.equal(cmds.length, 1);
    assert.equal(sourcemapFlags(cmds[0])[0].value, 'external');
  });

  it('finds flags of each tool with offsets through JSON escapes', () => {
    const text = manifest({
      build: 'GENERATE_SOURCEMAP=false react-scripts build; vite build --sourcemap hidden; rollup -c -m inline; tsup --sourcemap; webpack --devtool \"source-map\"; tsc --inlineSources; esbuild a.ts --sources-content=false',
    });
    const flags = publishCommands(text).flatMap(sourcemapFlags);
    const by = (name: string, tool: string) => flags.find((f) => f.name === name && f.tool === tool)!;
    assert.equal(by('GENERATE_SOURCEMAP', 'env').value, 'false');
    assert.equal(by('sourcemap', 'vite').value, 'hidden');
    assert.equal(by('sourcemap', 'rollup').value, 'inline');
    assert.equal(by('sourcemap', 'tsup').value, 'true');
    assert.equal(by('devtool', 'webpack').value, 'source-map');
    assert.equal(slice(text, { start: by('devtool', 'webpack').valueStart!, end: by('devtool', 'webpack').valueEnd! }), '\\"source-map\\"');
    assert.equal(by('inlineSources', 'tsc').value, 'true');
    assert.equal(slice(text, by('sourcesContent', 'esbuild')), '--sources-content=false');
  });

  it('script file and argv of node build scripts; dev-only names', () => {
    const cmds = publishCommands(manifest({ 'vscode:prepublish': 'npm run package', package: 'node esbuild.js --production' }));
    assert.deepEqual(scriptFile(cmds[0])?.argv, ['--production']);
    assert.equal(isDevOnlyName('webpack.dev.js'), true);
    assert.equal(isDevOnlyName('webpack.config.js'), false);
  });

  it('shell words never throw', () => {
    fc.assert(fc.property(fc.string(), (s) => Array.isArray(shellSegments(s))), { numRuns: 300 });
  });
});

describe('build-config: tool defaults', () => {
  it('webpack devtool grammar and mode defaults', () => {
    assert.deepEqual(parseWebpackDevtool('hidden-nosources-source-map'), { maps: true, placement: 'file', urlComment: false, sourcesContent: false });
    assert.equal(parseWebpackDevtool('inline-cheap-module-source-map')?.placement, 'inline');
    assert.equal(parseWebpackDevtool(false)?.maps, false);
    assert.equal(parseWebpackDevtool('nonsense'), undefined);
    assert.equal(webpackDefaultDevtool(undefined), false);
    assert.equal(webpackDefaultDevtool('development'), 'eval');
  });
  it('esbuild, Bun and Rollup effects', () => {
    assert.equal(esbuildEffect('external', undefined).sourcesContent, true);
    assert.equal(esbuildEffect('external', undefined).urlComment, false);
    assert.equal(esbuildEffect(true, false).sourcesContent, false);
    assert.equal(bunEffect(true, true).placement, 'file');
    assert.equal(bunEffect(true, false).placement, 'inline');
    assert.equal(bunEffect('none').maps, false);
    assert.equal(rollupEffect('hidden', true).sourcesContent, false);
  });
});
