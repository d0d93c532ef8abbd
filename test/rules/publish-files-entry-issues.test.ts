import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import rule from '../../rules/publish-files-entry-issues';
import type { Finding } from '../../server/src/engine/types';
import { runOnTree, analyzeRoot, applyFixOnDisk, npmPackFiles } from '../helpers/rule-tester';

const ID = 'publish-files-entry-issues';
const pkg = (files: unknown[], extra: object = {}) => JSON.stringify({ name: 'entries', version: '1.0.0', main: 'dist/index.js', files, ...extra }, null, 2);
const ours = (f: Finding[]) => f.filter((x) => x.ruleId === ID);
const one = async (tree: Record<string, string>, messageId: string) => {
  const { findings, root } = await runOnTree(tree, { rules: [rule] });
  const f = ours(findings);
  assert.deepEqual(f.map((x) => x.messageId), [messageId], JSON.stringify(f.map((x) => x.message)));
  return { f: f[0], root };
};
const manifest = (root: string) => JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { files: unknown[] };

describe(ID, function () {
  this.timeout(30_000);

  it('non-string entries are errors on the element; the safe fix removes it and npm pack works again', async () => {
    const { f, root } = await one({ 'package.json': pkg(['dist', 42]), 'dist/index.js': 'x' }, 'notString');
    assert.equal(f.severity, 'error');
    assert.equal(f.message, '"files"[1] is a number, not a path: npm crashes on it (or, in older versions, skips it).');
    applyFixOnDisk(f.fix!.edits);
    assert.deepEqual(manifest(root).files, ['dist']);
    assert.deepEqual(npmPackFiles(root), ['dist/index.js', 'package.json']);
  });

  it('"." matches nothing in npm 11 (and everything in npm 12): warning, plus the types target it leaves out', async () => {
    const tree = { 'package.json': pkg(['.'], { types: 'types/index.d.ts' }), 'dist/index.js': 'x', 'types/index.d.ts': 'x' };
    const { findings, root } = await runOnTree(tree, { rules: [rule] });
    assert.deepEqual(ours(findings).map((x) => x.messageId).sort(), ['dotEntry', 'entryNotCovered']);
    assert.deepEqual(npmPackFiles(root), ['dist/index.js', 'package.json'], 'npm 11 ships only main');
    applyFixOnDisk(ours(findings).find((x) => x.messageId === 'dotEntry')!.suggestions[0].edits);
    assert.deepEqual(npmPackFiles(root), ['dist/index.js', 'package.json', 'types/index.d.ts']);
  });

  for (const entry of ['./', '*', '**', '**/*', '/']) {
    it(`"${entry}" is too broad; error when a sensitive file ships through it; the suggestion keeps the entry points`, async () => {
      const tree = { 'package.json': pkg([entry], { types: 'types/index.d.ts' }), 'dist/index.js': 'x', 'types/index.d.ts': 'x', 'debug.log': 'x', 'src/a.ts': 'x' };
      const { f, root } = await one(tree, 'tooBroad');
      assert.equal(f.severity, 'error');
      assert.match(f.message, /allowlists everything: \d+ files will be published through it, including debug\.log\./);
      applyFixOnDisk(f.suggestions[0].edits);
      assert.deepEqual(manifest(root).files, ['dist', 'types']);
      assert.deepEqual(npmPackFiles(root), ['dist/index.js', 'package.json', 'types/index.d.ts']);
    });
  }

  it('entries that match nothing (literal and glob), outside the package, and root-only basename globs', async () => {
    assert.match((await one({ 'package.json': pkg(['dist', 'docs']), 'dist/index.js': 'x' }, 'noMatch')).f.message, /"docs" matches no file/);
    await one({ 'package.json': pkg(['dist', 'assets/**/*.png']), 'dist/index.js': 'x' }, 'noMatch');
    await one({ 'package.json': pkg(['dist', '../shared']), 'dist/index.js': 'x' }, 'outside');
    const { f, root } = await one({ 'package.json': pkg(['dist', '*.css']), 'dist/index.js': 'x', 'styles/a.css': 'x' }, 'rootOnly');
    assert.ok(!npmPackFiles(root).includes('styles/a.css'), 'npm really leaves it out');
    applyFixOnDisk(f.suggestions[0].edits);
    assert.deepEqual(manifest(root).files, ['dist', '**/*.css']);
    assert.ok(npmPackFiles(root).includes('styles/a.css'));
  });

  it('a leading "/" is fixed safely to the relative entry (same set in npm 11)', async () => {
    const { f, root } = await one({ 'package.json': pkg(['/dist', 'lib']), 'dist/index.js': 'x', 'dist/b.js': 'x', 'lib/a.js': 'x' }, 'leadingSlash');
    const before = npmPackFiles(root);
    applyFixOnDisk(f.fix!.edits);
    assert.deepEqual(manifest(root).files, ['dist', 'lib']);
    assert.deepEqual(npmPackFiles(root), before);
  });

  it('root .npmignore next to "files" is info on its first line', async () => {
    const { f } = await one({ 'package.json': pkg(['dist']), '.npmignore': '*.map\n', 'dist/index.js': 'x' }, 'rootNpmignoreIgnored');
    assert.equal(f.severity, 'info');
    assert.ok(f.file.endsWith('/.npmignore'));
    assert.equal(f.end, '*.map'.length);
  });

  it('types and exports targets outside "files" are errors; the safe fix adds their folder; npm pack then ships them', async () => {
    const tree = {
      'package.json': pkg(['dist'], { types: 'types/index.d.ts', exports: { '.': { types: './types/index.d.ts', import: './esm/index.mjs', default: './dist/index.js' } } }),
      'dist/index.js': 'x',
      'types/index.d.ts': 'x',
      'esm/index.mjs': 'x',
    };
    const { findings, root } = await runOnTree(tree, { rules: [rule] });
    const f = ours(findings);
    assert.deepEqual(f.map((x) => x.data.target).sort(), ['esm/index.mjs', 'types/index.d.ts']);
    assert.ok(f.every((x) => x.severity === 'error' && x.messageId === 'entryNotCovered'));
    assert.match(f.find((x) => x.data.target === 'types/index.d.ts')!.message, /^types target "types\/index\.d\.ts" is not covered by "files"/);
    applyFixOnDisk(f[0].fix!.edits);
    const again = ours((await analyzeRoot(root, { rules: [rule] })).findings);
    assert.equal(again.length, 1);
    applyFixOnDisk(again[0].fix!.edits);
    assert.deepEqual(npmPackFiles(root), ['dist/index.js', 'esm/index.mjs', 'package.json', 'types/index.d.ts']);
    assert.equal(ours((await analyzeRoot(root, { rules: [rule] })).findings).length, 0);
  });

  it('a nested .npmignore that drops the types target is an error on its line', async () => {
    const tree = { 'package.json': pkg(['dist'], { types: 'dist/types/index.d.ts' }), 'dist/index.js': 'x', 'dist/types/index.d.ts': 'x', 'dist/.npmignore': '# build\ntypes/\n' };
    const { findings, root } = await runOnTree(tree, { rules: [rule] });
    const f = ours(findings);
    assert.equal(f.length, 1);
    assert.equal(f[0].messageId, 'entryDropped');
    assert.ok(f[0].file.endsWith('dist/.npmignore'));
    assert.equal(fs.readFileSync(f[0].file, 'utf8').slice(f[0].start, f[0].end), 'types/');
    assert.ok(!npmPackFiles(root).includes('dist/types/index.d.ts'), 'npm really drops it');
  });

  // rxjs@7.8.1: typesVersions "dist/types/*" is covered by the extglob entry "dist/types/**/!(*.tsbuildinfo)";
  // its top-level "types": "index.d.ts" really is missing from the tarball (a true positive).
  it('extglob "files" entries cover pattern targets (typesVersions); the uncovered top-level types still fires', async () => {
    const manifestOf = (files: string[]) =>
      JSON.stringify({ name: 'rx', version: '1.0.0', main: './dist/cjs/index.js', types: 'index.d.ts', typesVersions: { '>=4.2': { '*': ['dist/types/*'] } }, files });
    const files = ['dist/cjs/**/!(*.tsbuildinfo)', 'dist/types/**/!(*.tsbuildinfo)'];
    const tree = { 'package.json': manifestOf(files), 'dist/cjs/index.js': 'x', 'dist/types/index.d.ts': 'x', 'dist/types/tsconfig.types.tsbuildinfo': '{}' };
    const { findings, root } = await runOnTree(tree, { rules: [rule] });
    assert.deepEqual(ours(findings).map((x) => [x.messageId, x.data.target]), [['entryNotCovered', 'index.d.ts']]);
    assert.ok(npmPackFiles(root).includes('dist/types/index.d.ts'), 'npm packs the typesVersions target');
    // Before the build (nothing under dist/ yet) the entries alone decide.
    const unbuilt = await runOnTree({ 'package.json': manifestOf(files) }, { rules: [rule] });
    assert.deepEqual(ours(unbuilt.findings).map((x) => x.data.target), ['index.d.ts']);
    // A pattern target that no entry covers still fires.
    const uncovered = await runOnTree({ 'package.json': manifestOf(['dist/cjs/**/!(*.tsbuildinfo)']), 'dist/cjs/index.js': 'x', 'dist/types/index.d.ts': 'x' }, { rules: [rule] });
    assert.deepEqual(ours(uncovered.findings).map((x) => x.data.target).sort(), ['dist/types/*', 'index.d.ts']);
  });

  it('traps: build output not built yet, main/bin not in "files", negations, globs that match, exports patterns, vsce and private packages', async () => {
    const cases: Array<Record<string, string>> = [
      { 'package.json': pkg(['dist']) },
      { 'package.json': pkg(['lib'], { main: 'index.js', bin: { e: 'cli.js' } }), 'index.js': 'x', 'cli.js': 'x', 'lib/a.js': 'x' },
      { 'package.json': pkg(['dist', '!dist/**/*.map', '!nothing']), 'dist/index.js': 'x' },
      { 'package.json': pkg(['dist', 'assets/*.png']), 'dist/index.js': 'x', 'assets/a.png': 'x' },
      { 'package.json': pkg(['dist'], { exports: { './features/*': './dist/features/*.js' } }), 'dist/index.js': 'x', 'dist/features/a.js': 'x' },
      { 'package.json': pkg(['dist', 'nope'], { engines: { vscode: '^1.90.0' } }), 'dist/index.js': 'x' },
      { 'package.json': pkg(['.'], { private: true }), 'dist/index.js': 'x' },
    ];
    for (const tree of cases) {
      const { findings } = await runOnTree(tree, { rules: [rule] });
      assert.deepEqual(ours(findings).map((x) => x.message), [], tree['package.json']);
    }
  });
});

describe(`${ID}: export conditions consumers do not resolve (issue #23)`, function () {
  this.timeout(30_000);
  it('stylelint/vscode-stylelint: a custom "source" condition pointing at src/ is info, not an error; types/default targets still count', async () => {
    const exportsMap = { '.': { source: './src/server/index.ts', types: './dist/index.d.ts', default: './dist/index.js' }, './worker': { source: './src/worker.ts', default: './dist/worker.js' } };
    const { findings } = await runOnTree({ 'package.json': pkg(['dist'], { exports: exportsMap }), 'src/server/index.ts': 'x', 'src/worker.ts': 'x', 'dist/index.js': 'x', 'dist/index.d.ts': 'x', 'dist/worker.js': 'x' }, { rules: [rule] });
    const f = ours(findings);
    assert.deepEqual(f.map((x) => [x.messageId, x.severity]), [['customConditionNotCovered', 'info'], ['customConditionNotCovered', 'info']]);
    assert.match(f[0].message, /custom condition "source"/);
  });

  it('trap: a consumer condition (types, import, node, browser) that files leaves out is still an error', async () => {
    const exportsMap = { '.': { types: './types/index.d.ts', import: './dist/index.mjs', source: './types/index.d.ts' } };
    const { findings } = await runOnTree({ 'package.json': pkg(['dist'], { exports: exportsMap }), 'types/index.d.ts': 'x', 'dist/index.mjs': 'x' }, { rules: [rule] });
    assert.deepEqual(ours(findings).map((x) => [x.messageId, x.severity]), [['entryNotCovered', 'error']]);
  });

  it('yargs/zod before the first build: an entry that matches nothing yet is info when a build script exists', async () => {
    const built = await runOnTree({ 'package.json': pkg(['dist', 'build', '**/*.mjs'], { scripts: { build: 'tsc' } }), 'dist/index.js': 'x' }, { rules: [rule] });
    assert.deepEqual(ours(built.findings).map((x) => [x.messageId, x.severity]), [['noMatch', 'info'], ['noMatch', 'info']]);
    assert.match(ours(built.findings)[0].message, /run the build first/);
    const noBuild = await runOnTree({ 'package.json': pkg(['dist', 'build']), 'dist/index.js': 'x' }, { rules: [rule] });
    assert.deepEqual(ours(noBuild.findings).map((x) => [x.messageId, x.severity]), [['noMatch', 'warning']]);
  });
});
