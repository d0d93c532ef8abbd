import * as assert from 'node:assert/strict';
import rule from '../../rules/sourcemap-in-publish-set';
import { runOnTree, applyFixOnDisk, analyzeRoot } from '../helpers/rule-tester';

const pkg = (extra: object = {}) => JSON.stringify({ name: 'acme-cli', version: '1.0.0', license: 'UNLICENSED', bin: { acme: 'cli.js' }, ...extra }, null, 2);
const ossPkg = (extra: object = {}) =>
  JSON.stringify({ name: 'tiny-lib', version: '1.0.0', license: 'MIT', repository: 'https://github.com/acme/tiny-lib', main: 'dist/index.js', ...extra }, null, 2);
const map = (sources: string[], contents?: (string | null)[]) => JSON.stringify({ version: 3, sources, sourcesContent: contents, mappings: 'AAAA', names: [] });

describe('sourcemap-in-publish-set', () => {
  it('fires as an error on an unlinked cli.js.map exposing first-party sources in a proprietary package (Claude Code 2.1.88)', async () => {
    const { root, findings } = await runOnTree(
      {
        'package.json': pkg(),
        'cli.js': '#!/usr/bin/env node\nconsole.log(1);\n', // no sourceMappingURL comment
        'cli.js.map': map(['../src/main.ts', '../src/prompts.ts', '../node_modules/x/i.js'], ['a\nb\n', 'c', 'lib']),
      },
      { rules: [rule] },
    );
    const onCause = findings.find((f) => f.messageId === 'published');
    assert.ok(onCause, JSON.stringify(findings.map((f) => f.message)));
    assert.equal(onCause.severity, 'error');
    assert.equal(onCause.file, `${root}/package.json`);
    assert.match(onCause.message, /1 source map \(\d+ B\) will be published/);
    assert.match(onCause.message, /embeds? 2 first-party sources \(≈3 lines\) under \.\.\/src\//);
    assert.equal(onCause.related[0].file, `${root}/cli.js.map`);
    const onMap = findings.find((f) => f.messageId === 'mapFile');
    assert.equal(onMap?.file, `${root}/cli.js.map`);
    assert.equal(onMap?.severity, 'error');
  });

  it('finds a map by sniffing a .json and a bare .map, but not a linker .map or package data', async () => {
    const { findings } = await runOnTree(
      {
        'package.json': pkg({ files: ['dist/'] }),
        'dist/bundle.json': map(['../src/a.ts'], ['x']),
        'dist/level.map': map(['../src/b.ts']),
        'dist/linker.map': 'Archive member included to satisfy reference by file (symbol)\n',
        'dist/data.json': '{"version": 3, "items": []}',
      },
      { rules: [rule] },
    );
    const cause = findings.find((f) => f.messageId === 'published')!;
    assert.match(cause.message, /2 source maps/);
    assert.match(cause.message, /dist\/bundle\.json, dist\/level\.map/);
    assert.match(cause.message, /"files" entry "dist\/"/);
    assert.equal(findings.filter((f) => f.messageId === 'mapFile').length, 2);
  });

  it('is info for an OSS library whose maps only repeat shipped files, and info for .d.ts.map only', async () => {
    const { findings } = await runOnTree(
      {
        'package.json': ossPkg({ files: ['dist/', 'src/'] }),
        'dist/index.js': 'x\n//# sourceMappingURL=index.js.map\n',
        'dist/index.js.map': map(['../src/index.ts'], ['export {}']),
        'src/index.ts': 'export {}',
      },
      { rules: [rule] },
    );
    assert.ok(findings.length > 0);
    assert.ok(findings.every((f) => f.severity === 'info'), JSON.stringify(findings.map((f) => [f.messageId, f.severity])));
    const decl = await runOnTree(
      { 'package.json': pkg({ files: ['types/'] }), 'types/index.d.ts': 'export {};', 'types/index.d.ts.map': map(['../src/index.ts']) },
      { rules: [rule] },
    );
    assert.deepEqual(decl.findings.map((f) => [f.messageId, f.severity]), [['declarationOnly', 'info'], ['mapFile', 'info']]);
  });

  it('does not fire when maps are excluded or allowed by allowSourceMaps', async () => {
    const none = await runOnTree({ 'package.json': pkg({ files: ['cli.js'] }), 'cli.js': 'x', 'cli.js.map': map(['a.ts'], ['a']) }, { rules: [rule] });
    assert.deepEqual(none.findings, []);
    const allowed = await runOnTree({ 'package.json': pkg(), 'cli.js': 'x', 'cli.js.map': map(['a.ts'], ['a']) }, { rules: [rule], config: { allowSourceMaps: 'always' } });
    assert.deepEqual(allowed.findings, []);
    const withoutContent = await runOnTree(
      { 'package.json': pkg(), 'cli.js': 'x', 'a.js.map': map(['../src/a.ts']), 'b.js.map': map(['../src/b.ts'], ['b']) },
      { rules: [rule], config: { allowSourceMaps: 'withoutSourcesContent' } },
    );
    assert.deepEqual(withoutContent.findings.filter((f) => f.messageId === 'mapFile').map((f) => f.file.split('/').pop()), ['b.js.map']);
  });

  it('fix: "!**/*.map" into files; afterwards the map is no longer published', async () => {
    const { root, findings } = await runOnTree(
      { 'package.json': pkg({ files: ['dist/'] }), 'dist/cli.js': 'x', 'dist/cli.js.map': map(['../src/a.ts'], ['a']) },
      { rules: [rule] },
    );
    const fix = findings.find((f) => f.messageId === 'published')!.suggestions[0];
    assert.match(fix.title, /!\*\*\/\*\.map/);
    applyFixOnDisk(fix.edits);
    const after = await analyzeRoot(root, { rules: [rule] });
    assert.deepEqual(after.findings, []);
    assert.ok(after.units[0].publishSet.byPath.has('dist/cli.js'));
  });

  it('fix: *.map into an existing .npmignore, and the finding sits on the .npmignore', async () => {
    const { root, findings } = await runOnTree(
      { 'package.json': pkg(), '.npmignore': 'src/\n', 'cli.js': 'x', 'cli.js.map': map(['../src/a.ts'], ['a']) },
      { rules: [rule] },
    );
    const f = findings.find((x) => x.messageId === 'published')!;
    assert.equal(f.file, `${root}/.npmignore`);
    applyFixOnDisk(f.suggestions[0].edits);
    assert.deepEqual((await analyzeRoot(root, { rules: [rule] })).findings, []);
  });

  it('fix: **/*.map into .vscodeignore for an extension', async () => {
    const ext = JSON.stringify({ name: 'ext', version: '1.0.0', publisher: 'acme', engines: { vscode: '^1.90.0' }, main: 'out/extension.js', license: 'UNLICENSED' });
    const { root, findings } = await runOnTree(
      { 'package.json': ext, '.vscodeignore': 'src/**\n', 'out/extension.js': 'x', 'out/extension.js.map': map(['../src/extension.ts'], ['e']) },
      { rules: [rule] },
    );
    const f = findings.find((x) => x.messageId === 'published')!;
    assert.ok(f, JSON.stringify(findings.map((x) => x.message)));
    const fix = f.suggestions[0];
    assert.match(fix.title, /\.vscodeignore/);
    applyFixOnDisk(fix.edits);
    assert.deepEqual((await analyzeRoot(root, { rules: [rule] })).findings, []);
  });

  it('reports a truncated cli.js.map instead of failing', async () => {
    const full = map(['../src/a.ts'], ['a'.repeat(100)]);
    const { findings, result } = await runOnTree({ 'package.json': pkg(), 'cli.js': 'x', 'cli.js.map': full.slice(0, 60) }, { rules: [rule] });
    assert.deepEqual(result.problems.filter((p) => /sourcemap/.test(p)), []);
    const f = findings.find((x) => x.messageId === 'unreadable');
    assert.match(f!.message, /truncated/);
  });
});
