import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import rule from '../../rules/config-vscodeignore-pattern';
import type { Finding } from '../../server/src/engine/types';
import { runOnTree, analyzeRoot, applyFixOnDisk } from '../helpers/rule-tester';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const vsce = require('@vscode/vsce') as { listFiles(o: { cwd: string; packageManager: number }): Promise<string[]>; PackageManager: { None: number } };

const ID = 'config-vscodeignore-pattern';
const ofRule = (findings: Finding[]) => findings.filter((f) => f.ruleId === ID);
const envLine = ['API', 'TOKEN'].join('_') + '=' + ['pl', 'ace', 'holder'].join('');
const tree = (vscodeignore: string, extra: Record<string, string> = {}): Record<string, string> => ({
  'package.json': JSON.stringify({ name: 'ext', publisher: 'me', version: '1.0.0', engines: { vscode: '^1.90.0' }, main: './dist/extension.js', activationEvents: ['onStartupFinished'] }),
  'README.md': '# r',
  'dist/extension.js': 'x',
  'dist/extension.js.map': '{"version":3,"sources":["../src/a.ts"],"sourcesContent":["x"],"mappings":""}',
  'dist/sub/worker.js': 'x',
  'dist/sub/worker.js.map': '{}',
  'dist/grammar.json': '{}',
  'src/extension.ts': 'x',
  '.env.production': envLine,
  '.vscodeignore': vscodeignore,
  ...extra,
});
const shipped = async (root: string) => (await analyzeRoot(root, { rules: [rule] })).units[0].publishSet.files.map((f) => f.path);
const vsceList = async (root: string) => (await vsce.listFiles({ cwd: root, packageManager: vsce.PackageManager.None })).map((p) => p.split(path.sep).join('/')).sort();

describe(ID, function () {
  this.timeout(30_000);

  it('(a) "*.map" only matches at the root: warning on the line; the safe fix rewrites it to "**/*.map" and the maps stop shipping', async () => {
    const ignore = '# build\nsrc/**\n*.map\n.env\n';
    const { root, findings } = await runOnTree(tree(ignore), { rules: [rule] });
    const f = ofRule(findings);
    const map = f.find((x) => x.data.pattern === '*.map')!;
    assert.equal(map.messageId, 'rootOnly');
    assert.equal(ignore.slice(map.start, map.end), '*.map');
    assert.match(map.message, /dist\/extension\.js\.map/);
    const env = f.find((x) => x.data.pattern === '.env')!;
    assert.equal(env.data.better, '**/.env*');
    assert.match(env.message, /\.env\.production/);
    // Both fixes edit the same file: apply them together, as fix-all does.
    applyFixOnDisk([{ file: map.fix!.edits[0].file, edits: [...map.fix!.edits[0].edits, ...env.fix!.edits[0].edits] }]);
    assert.equal(fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8'), '# build\nsrc/**\n**/*.map\n**/.env*\n');
    const files = await shipped(root);
    assert.deepEqual(files, ['README.md', 'dist/extension.js', 'dist/grammar.json', 'dist/sub/worker.js', 'package.json']);
    assert.deepEqual(await vsceList(root), files);
    assert.equal(ofRule((await analyzeRoot(root, { rules: [rule] })).findings).length, 0);
  });

  it('(b) "!dist/**" re-includes maps even though "**/*.map" comes later: error; the fix narrows it to file types and the maps go', async () => {
    const ignore = '**\n!dist/**\n**/*.map\n';
    const { root, findings } = await runOnTree(tree(ignore), { rules: [rule] });
    const f = ofRule(findings);
    assert.equal(f.length, 1);
    assert.equal(f[0].messageId, 'reincludes');
    assert.equal(f[0].severity, 'error');
    assert.equal(ignore.slice(f[0].start, f[0].end), '!dist/**');
    assert.ok(f[0].related.some((r) => r.file.endsWith('dist/sub/worker.js.map')));
    applyFixOnDisk(f[0].fix!.edits);
    assert.equal(fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8'), '**\n!dist/**/*.js\n!dist/**/*.json\n**/*.map\n');
    const files = await shipped(root);
    assert.deepEqual(files, ['README.md', 'dist/extension.js', 'dist/grammar.json', 'dist/sub/worker.js', 'package.json']);
    assert.deepEqual(await vsceList(root), files);
    assert.equal(ofRule((await analyzeRoot(root, { rules: [rule] })).findings).length, 0);
  });

  it('(b) "!src" re-including TypeScript sources is a warning; "!**/*.map" and "!.env*" are errors even before a build, and are removed', async () => {
    const a = await runOnTree(tree('**\n!dist/**/*.js\n!src\n'), { rules: [rule] });
    const fa = ofRule(a.findings);
    assert.equal(fa.length, 1);
    assert.equal(fa[0].severity, 'warning');
    const ignore = '**\n!dist/**/*.js\n!**/*.map\n!.env*\n';
    const b = await runOnTree(tree(ignore, { 'dist/extension.js.map': '{}' }), { rules: [rule] });
    const fb = ofRule(b.findings);
    assert.deepEqual(fb.map((x) => ignore.slice(x.start, x.end)), ['!**/*.map', '!.env*']);
    assert.ok(fb.every((x) => x.severity === 'error'));
    applyFixOnDisk(fb[0].fix!.edits);
    applyFixOnDisk(ofRule((await analyzeRoot(b.root, { rules: [rule] })).findings)[0].fix!.edits);
    assert.equal(fs.readFileSync(path.join(b.root, '.vscodeignore'), 'utf8'), '**\n!dist/**/*.js\n');
    assert.deepEqual(await shipped(b.root), ['README.md', 'dist/extension.js', 'dist/sub/worker.js', 'package.json']);
  });

  it('(c) "/src/**", "./src/**" and "src\\\\**" match nothing: warning, rewritten', async () => {
    const ignore = '/src/**\n./dist/**/*.map\n';
    const { root, findings } = await runOnTree(tree(ignore + 'src\\**\n**/.env*\n'), { rules: [rule] });
    const f = ofRule(findings).filter((x) => x.messageId === 'noEffect');
    assert.equal(f.length, 3);
    assert.ok(f.every((x) => x.severity === 'warning'));
    assert.ok(f.every((x) => x.fix));
    applyFixOnDisk([{ file: f[0].fix!.edits[0].file, edits: f.flatMap((x) => x.fix!.edits[0].edits) }]);
    assert.equal(fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8'), 'src/**\ndist/**/*.map\n' + 'src/**\n**/.env*\n');
    const files = await shipped(root);
    assert.deepEqual(files, ['README.md', 'dist/extension.js', 'dist/grammar.json', 'dist/sub/worker.js', 'package.json']);
    assert.deepEqual(await vsceList(root), files);
  });

  describe('traps (does not fire)', () => {
    const traps: Array<[string, string, Record<string, string>?]> = [
      ['"*.vsix" meant for the root only (nothing matches at depth)', '**/*.map\n**/.env*\nsrc/**\n*.vsix\n*.code-workspace\n'],
      ['an allowlist re-including file types only', '**\n!dist/**/*.js\n!dist/**/*.json\n'],
      ['"!dist/**" when dist holds no map', '**\n!dist/**\n', { 'dist/extension.js.map': '', 'dist/sub/worker.js.map': '' }],
      ['"**/*.map" already anchored for any depth', '**/*.map\n**/.env*\nsrc/**\n'],
      ['comments and blank lines', '# *.map\n\n   \n**/*.map\n**/.env*\nsrc/**\n'],
    ];
    for (const [name, ignore, extra] of traps) {
      it(name, async () => {
        const t = tree(ignore, extra);
        for (const [k, v] of Object.entries(extra ?? {})) if (v === '') delete t[k];
        const { findings } = await runOnTree(t, { rules: [rule] });
        assert.deepEqual(ofRule(findings).map((f) => f.message), []);
      });
    }
    it('an npm package with a stray .vscodeignore', async () => {
      const { findings } = await runOnTree({ 'package.json': JSON.stringify({ name: 'lib', version: '1.0.0' }), '.vscodeignore': '*.map\n', 'dist/a.js.map': '{}' }, { rules: [rule] });
      assert.equal(ofRule(findings).length, 0);
    });
  });
});
