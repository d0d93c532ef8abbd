/**
 * The one exclude per packager (issue #17 items 1 and 2): fixes that keep files out are written by
 * the unit's packager, checked by recomputing the publish set, and the real tools (npm pack, vsce)
 * agree afterwards. Also the runner's check of every safe fix that edits what decides a publish set.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiskFileSystem } from '../../server/src/engine/safe/fs';
import { analyzeFolder } from '../../server/src/engine/runner';
import { computePublishSet } from '../../server/src/engine/publish/index';
import { exclude, narrowNegations, verifyFix } from '../../server/src/engine/publish/exclude';
import { discoverUnits } from '../../server/src/engine/workspace';
import { applyFixesToDisk } from '../../server/src/cli/fix';
import { excludeFromPackage } from '../../server/src/lsp/commands';
import { allRules } from '../../rules/index';
import type { UnitRule } from '../../server/src/engine/context';
import { applyFixOnDisk, npmPackFiles, writeTree } from '../helpers/rule-tester';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const vsce = require('@vscode/vsce') as { listFiles(o: { cwd: string; packageManager: number }): Promise<string[]>; PackageManager: { None: number } };
const vsceLs = async (cwd: string) => (await vsce.listFiles({ cwd, packageManager: vsce.PackageManager.None })).map((p) => p.replace(/\\/g, '/')).sort();
const disk = new DiskFileSystem();

/** A map of `file` whose sourcesContent holds first-party TypeScript. */
function map(file: string, sources: string[]): string {
  return JSON.stringify({ version: 3, file, sources, sourcesContent: sources.map((s) => `// ${s}\nexport function f() { return 42; }\n`), names: [], mappings: 'AAAA' });
}

function extManifest(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ name: 'leaky-ext', publisher: 'acme', version: '1.0.0', license: 'UNLICENSED', engines: { vscode: '^1.90.0' }, main: './dist/extension.js', activationEvents: ['onStartupFinished'], devDependencies: { webpack: '5.0.0' }, ...extra }, null, 2);
}

/** Runs the engine's fix-all loop (what `check --fix` does) on a folder. */
async function fixAll(root: string): Promise<void> {
  const run = async () => (await analyzeFolder({ fs: disk, folder: root, rules: allRules })).findings;
  await applyFixesToDisk(await run(), run, root);
}

describe('exclude: one per packager, verified by recomputing the publish set', function () {
  this.timeout(120_000);

  it('vsce, webpack devtool source-map, no .vscodeignore: fix-all writes a full allowlist, and vsce ships no map, src/, .vscode/ or .env', async () => {
    const root = writeTree({
      'package.json': extManifest(),
      'webpack.config.js': "module.exports = { devtool: 'source-map', entry: './src/extension.ts' };\n",
      'README.md': '# ext\n',
      'LICENSE': 'x',
      'CHANGELOG.md': '# 1.0.0\n',
      'src/extension.ts': 'export function activate() {}\n',
      '.vscode/launch.json': '{}',
      '.env': 'TOKEN=1',
      'dist/extension.js': 'exports.activate = () => {};\n//# sourceMappingURL=extension.js.map\n',
      'dist/extension.js.map': map('extension.js', ['../src/extension.ts']),
    });
    await fixAll(root);
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^\*\*$/m, ignore);
    const ls = await vsceLs(root);
    assert.deepEqual(ls.filter((p) => /\.map$|^src\/|^\.vscode\/|\.env/.test(p)), [], ls.join(', '));
    for (const keep of ['dist/extension.js', 'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']) assert.ok(ls.includes(keep), `${keep} in ${ls.join(', ')}`);
  });

  it('vsce with "files": the map fix narrows the entries instead of adding "!**/*.map" (which would ship src/ and .env)', async () => {
    const root = writeTree({
      'package.json': extManifest({ files: ['dist', 'README.md'] }),
      'README.md': '# ext\n',
      'src/extension.ts': 'export function activate() {}\n',
      '.env': 'TOKEN=1',
      'dist/extension.js': 'exports.activate = () => {};\n',
      'dist/extension.js.map': map('extension.js', ['../src/extension.ts']),
      'dist/media/logo.svg': '<svg/>',
    });
    const result = await analyzeFolder({ fs: disk, folder: root, rules: allRules });
    const f = result.findings.find((x) => x.ruleId === 'sourcemap-sources-content' && x.fix);
    assert.ok(f, result.findings.map((x) => `${x.ruleId}: ${x.message}`).join('\n'));
    assert.equal(f.fix!.verified, true);
    assert.doesNotMatch(JSON.stringify(f.fix!.edits), /!\*\*\/\*\.map/);
    applyFixOnDisk(f.fix!.edits);
    const ls = await vsceLs(root);
    assert.deepEqual(ls.filter((p) => /\.map$|^src\/|\.env/.test(p)), [], ls.join(', '));
    for (const keep of ['dist/extension.js', 'dist/media/logo.svg', 'package.json', 'README.md']) assert.ok(ls.includes(keep), `${keep} in ${ls.join(', ')}`);
  });

  it('vsce .vscodeignore with "!dist/**": appending "**/*.map" cannot win, so the negation is narrowed; vsce agrees', async () => {
    const root = writeTree({
      'package.json': extManifest(),
      '.vscodeignore': '**\n!dist/**\n',
      'README.md': '# ext\n',
      'dist/extension.js': 'x',
      'dist/extension.js.map': map('extension.js', ['../src/extension.ts']),
      'dist/web/worker.js': 'x',
    });
    const { units } = await discoverUnits(disk, root);
    const set = await computePublishSet(disk, units[0]);
    assert.ok(set.byPath.has('dist/extension.js.map'));
    const fix = await exclude(disk, set, { paths: ['dist/extension.js.map'], globs: ['*.map'], what: 'source maps' });
    assert.ok(fix, 'a verified fix');
    applyFixOnDisk(fix.edits);
    const ls = await vsceLs(root);
    assert.ok(!ls.includes('dist/extension.js.map'), ls.join(', '));
    assert.ok(ls.includes('dist/extension.js') && ls.includes('dist/web/worker.js'), ls.join(', '));
  });

  it('the editor command (Publish Set view) excludes through the same packager: vsce "files" never gets a "!" entry', async () => {
    const root = writeTree({
      'package.json': extManifest({ files: ['dist'] }),
      'README.md': '# ext\n',
      'src/extension.ts': 'x',
      'dist/extension.js': 'x',
      'dist/notes.txt': 'internal',
    });
    const { units } = await discoverUnits(disk, root);
    const ua = { unit: units[0], publishSet: await computePublishSet(disk, units[0]) } as Parameters<typeof excludeFromPackage>[0];
    const fix = await excludeFromPackage(ua, 'dist/notes.txt', disk);
    assert.ok(fix);
    assert.doesNotMatch(JSON.stringify(fix.edits), /"!/);
    applyFixOnDisk(fix.edits);
    const ls = await vsceLs(root);
    assert.ok(!ls.includes('dist/notes.txt') && ls.includes('dist/extension.js') && !ls.some((p) => p.startsWith('src/')), ls.join(', '));
  });

  it('npm: the command and the rules agree with npm pack (.npmignore created from .gitignore, anchored path)', async () => {
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'lib', version: '1.0.0', main: 'index.js' }),
      '.gitignore': 'secret.txt\n',
      'secret.txt': 'x',
      'index.js': 'x',
      'notes.txt': 'x',
      'docs/notes.txt': 'keep',
    });
    const { units } = await discoverUnits(disk, root);
    const ua = { unit: units[0], publishSet: await computePublishSet(disk, units[0]) } as Parameters<typeof excludeFromPackage>[0];
    const fix = await excludeFromPackage(ua, 'notes.txt', disk);
    assert.ok(fix);
    applyFixOnDisk(fix.edits);
    assert.deepEqual(npmPackFiles(root), ['docs/notes.txt', 'index.js', 'package.json']);
  });

  it('no fix when the only way out would drop an entry point (the leak IS main)', async () => {
    const root = writeTree({ 'package.json': JSON.stringify({ name: 'lib', version: '1.0.0', main: 'index.js.map' }), 'index.js.map': '{}', 'a.js': 'x' });
    const { units } = await discoverUnits(disk, root);
    const set = await computePublishSet(disk, units[0]);
    assert.equal(await exclude(disk, set, { paths: ['index.js.map'], globs: ['*.map'], what: 'maps' }), undefined);
  });

  it('narrowNegations re-includes every file type but never a leak', () => {
    const out = narrowNegations('dist/**', ['dist/a.js', 'dist/a.js.map', 'dist/b/c.css', 'dist/LICENSE', 'dist/secret.js'], (p) => p.endsWith('.map') || p === 'dist/secret.js');
    assert.deepEqual(out.sort(), ['dist/**/*.css', 'dist/LICENSE', 'dist/a.js'].sort());
  });

  describe('the runner withdraws safe fixes that the recomputed publish set refutes', () => {
    const fakeRule = (id: string, lines: string): UnitRule => ({
      kind: 'unit',
      meta: { id, family: 'publish', description: 'test', defaultSeverity: 'warning', fixable: 'safe', messages: { m: 'm' } },
      check(ctx) {
        ctx.report({ messageId: 'm', fix: { title: 't', edits: [{ file: `${ctx.unit.root}/.npmignore`, edits: [{ start: 0, end: 0, newText: lines }], create: true }] } });
      },
    });

    it('a fix that would stop shipping main is dropped; one that keeps it is marked verified', async () => {
      const root = writeTree({ 'package.json': JSON.stringify({ name: 'lib', version: '1.0.0', main: 'dist/index.js', types: 'dist/index.d.ts' }), 'dist/index.js': 'x', 'dist/index.d.ts': 'x', 'dist/index.js.map': '{}' });
      const r = await analyzeFolder({ fs: disk, folder: root, rules: [fakeRule('publish-dev-artifacts', 'dist/*.ts\n'), fakeRule('publish-prompt-files', '*.map\n')] });
      const byId = new Map(r.findings.map((f) => [f.ruleId, f]));
      assert.equal(byId.get('publish-dev-artifacts')!.fix, undefined, 'drops the types entry point');
      assert.equal(byId.get('publish-prompt-files')!.fix?.verified, true);
    });

    it('a fix that would start shipping .env (a new bare .npmignore switches .gitignore off) is dropped', async () => {
      const root = writeTree({ 'package.json': JSON.stringify({ name: 'lib', version: '1.0.0', main: 'index.js' }), '.gitignore': '.env\n', '.env': 'A=1', 'index.js': 'x', 'notes.md': 'x' });
      const r = await analyzeFolder({ fs: disk, folder: root, rules: [fakeRule('publish-dev-artifacts', 'notes.md\n')] });
      assert.equal(r.findings[0].fix, undefined);
    });

    it('verifyFix reports files a fix would start shipping', async () => {
      const root = writeTree({ 'package.json': JSON.stringify({ name: 'lib', version: '1.0.0', main: 'index.js' }), '.npmignore': 'src/\n', 'index.js': 'x', 'src/a.ts': 'x' });
      const { units } = await discoverUnits(disk, root);
      const set = await computePublishSet(disk, units[0]);
      const v = await verifyFix(disk, set, { title: 't', edits: [{ file: `${root}/.npmignore`, edits: [{ start: 0, end: 5, newText: '' }] }] }, [], () => true);
      assert.equal(v.ok, false);
      assert.deepEqual(v.added, ['src/a.ts']);
    });
  });
});
