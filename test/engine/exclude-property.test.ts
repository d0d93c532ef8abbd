/**
 * Property test of issue #17 item 2: over random leaky npm packages and VS Code extensions, after
 * fix-all (what `check --fix`, fix-all on save and `source.fixAll.leakguard` apply) the REAL tools
 * (`npm pack --dry-run --json --ignore-scripts`, vsce's own listFiles) ship no source map with
 * first-party sources, no .env, no private key, and every entry point. Few runs: the tools are slow.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { DiskFileSystem } from '../../server/src/engine/safe/fs';
import { analyzeFolder } from '../../server/src/engine/runner';
import { applyFixesToDisk } from '../../server/src/cli/fix';
import { isDotenvPath } from '../../server/src/engine/sensitive';
import { allRules } from '../../rules/index';
import { npmPackFiles, writeTree } from '../helpers/rule-tester';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const vsce = require('@vscode/vsce') as { listFiles(o: { cwd: string; packageManager: number }): Promise<string[]>; PackageManager: { None: number } };
const disk = new DiskFileSystem();
const RUNS = Number(process.env.LEAKGUARD_PROPERTY_RUNS ?? 15);

/** A private key assembled at run time, so the repository itself carries none. */
const KEY = ['-----BEGIN ', 'RSA PRIVATE KEY', '-----\n', 'MIIEow' + 'IBAAKCAQEA'.repeat(6), '\n-----END ', 'RSA PRIVATE KEY', '-----\n'].join('');

function map(file: string, source: string): string {
  return JSON.stringify({ version: 3, file, sources: [source], sourcesContent: [`export function secretAlgorithm() { return 42; }\n`], names: [], mappings: 'AAAA' });
}

const leaks = fc.record({
  mapIn: fc.constantFrom('dist', 'dist/lib'),
  env: fc.constantFrom(undefined, '.env', '.env.production', 'dist/.env.local'),
  key: fc.constantFrom(undefined, 'id_rsa', 'certs/server.key', 'dist/deploy.pem'),
  envExample: fc.boolean(),
});

const npmUnits = fc.record({
  leaks,
  files: fc.constantFrom(undefined, ['dist'], ['dist', 'bin'], ['dist/', 'bin/cli.js', '!dist/internal']),
  ignore: fc.constantFrom(undefined, { '.npmignore': 'src/\n' }, { '.gitignore': 'node_modules/\nsrc/\n' }, { '.gitignore': 'coverage/\n', '.npmignore': '# empty\n' }),
  bin: fc.boolean(),
  types: fc.boolean(),
  exports: fc.boolean(),
});

const vsceUnits = fc.record({
  leaks,
  packaging: fc.constantFrom('none', 'files', 'deny', 'allow', 'allow-folder'),
  icon: fc.boolean(),
});

function leakTree(l: { mapIn: string; env?: string; key?: string; envExample: boolean }, ext: string): Record<string, string> {
  const t: Record<string, string> = {
    [`${l.mapIn}/index.${ext}`]: `exports.f = 1;\n//# sourceMappingURL=index.${ext}.map\n`,
    [`${l.mapIn}/index.${ext}.map`]: map(`index.${ext}`, l.mapIn === 'dist' ? '../src/index.ts' : '../../src/index.ts'),
    'src/index.ts': 'export function secretAlgorithm() { return 42; }\n',
    'README.md': '# readme\n',
  };
  if (l.env) t[l.env] = 'API_TOKEN=' + 'q'.repeat(24) + '\n';
  if (l.key) t[l.key] = KEY;
  if (l.envExample) t['.env.example'] = 'API_TOKEN=\n';
  return t;
}

async function fixAll(root: string): Promise<void> {
  const run = async () => (await analyzeFolder({ fs: disk, folder: root, rules: allRules })).findings;
  await applyFixesToDisk(await run(), run, root);
}

function assertClean(shipped: string[], entryPoints: string[], label: string): void {
  const bad = shipped.filter((p) => /\.map$/.test(p) || isDotenvPath(p) || /(^|\/)id_rsa$|\.(key|pem)$/.test(p));
  assert.deepEqual(bad, [], `${label}: still ships ${bad.join(', ')} (all: ${shipped.join(', ')})`);
  const missing = entryPoints.filter((e) => !shipped.includes(e));
  assert.deepEqual(missing, [], `${label}: entry points lost (all: ${shipped.join(', ')})`);
}

describe('property: after fix-all the real packers ship no leak and every entry point', function () {
  this.timeout(600_000);

  it(`npm packages (npm pack --dry-run), ${RUNS} runs`, async () => {
    await fc.assert(
      fc.asyncProperty(npmUnits, async (u) => {
        const manifest: Record<string, unknown> = { name: 'leaky-lib', version: '1.0.0', license: 'UNLICENSED', main: `${u.leaks.mapIn}/index.js` };
        const entryPoints = [`${u.leaks.mapIn}/index.js`, 'package.json'];
        const tree: Record<string, string> = leakTree(u.leaks, 'js');
        if (u.files) manifest.files = u.files;
        if (u.bin) {
          manifest.bin = { leaky: 'bin/cli.js' };
          tree['bin/cli.js'] = '#!/usr/bin/env node\n';
          if (!u.files || u.files.some((f) => f.startsWith('bin'))) entryPoints.push('bin/cli.js');
        }
        if (u.types) {
          manifest.types = 'dist/index.d.ts';
          tree['dist/index.d.ts'] = 'export declare function f(): number;\n';
          entryPoints.push('dist/index.d.ts');
        }
        if (u.exports) manifest.exports = { '.': `./${u.leaks.mapIn}/index.js`, './package.json': './package.json' };
        Object.assign(tree, u.ignore ?? {});
        tree['package.json'] = JSON.stringify(manifest, null, 2);
        const root = writeTree(tree);
        const before = npmPackFiles(root);
        const expected = entryPoints.filter((e) => before.includes(e));
        await fixAll(root);
        assertClean(npmPackFiles(root), expected, JSON.stringify(u));
      }),
      { numRuns: RUNS },
    );
  });

  it(`VS Code extensions (vsce listFiles), ${RUNS} runs`, async () => {
    await fc.assert(
      fc.asyncProperty(vsceUnits, async (u) => {
        const main = `${u.leaks.mapIn}/index.js`;
        const manifest: Record<string, unknown> = {
          name: 'leaky-ext', publisher: 'acme', version: '1.0.0', license: 'UNLICENSED', engines: { vscode: '^1.90.0' },
          main: `./${main}`, activationEvents: ['onStartupFinished'], devDependencies: { esbuild: '0.25.0' },
        };
        const tree: Record<string, string> = { ...leakTree(u.leaks, 'js'), '.vscode/settings.json': '{}' };
        const entryPoints = [main, 'package.json', 'README.md'];
        if (u.icon) {
          manifest.icon = 'images/icon.png';
          tree['images/icon.png'] = 'png';
          entryPoints.push('images/icon.png');
        }
        if (u.packaging === 'files') manifest.files = ['dist', 'README.md', ...(u.icon ? ['images'] : [])];
        if (u.packaging === 'deny') tree['.vscodeignore'] = 'src/**\n.vscode/**\n';
        if (u.packaging === 'allow') tree['.vscodeignore'] = `**\n!dist/**\n!README.md\n${u.icon ? '!images/**\n' : ''}`;
        if (u.packaging === 'allow-folder') tree['.vscodeignore'] = `src/**\n!dist\n`;
        tree['package.json'] = JSON.stringify(manifest, null, 2);
        const root = writeTree(tree);
        const ls = async () => (await vsce.listFiles({ cwd: root, packageManager: vsce.PackageManager.None })).map((p) => p.replace(/\\/g, '/')).sort();
        const before = await ls();
        const expected = entryPoints.filter((e) => before.includes(e));
        await fixAll(root);
        assertClean(await ls(), expected, JSON.stringify(u));
      }),
      { numRuns: RUNS },
    );
  });
});
