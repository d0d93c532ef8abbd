import * as assert from 'node:assert/strict';
import rule from '../../rules/config-tsconfig-sourcemap';
import { runOnTree } from '../helpers/rule-tester';

const pkg = (extra: object) => JSON.stringify({ name: 'lib', version: '1.0.0', license: 'UNLICENSED', main: 'dist/index.js', files: ['dist'], ...extra }, null, 2);

describe('config-tsconfig-sourcemap', () => {
  it('docs form: sourceMap + inlineSources into a published outDir; inlineSources is an error for proprietary', async () => {
    const ts = `{\n  "compilerOptions": { "outDir": "dist", "sourceMap": true, "inlineSources": true }\n}`;
    const { findings } = await runOnTree({ 'package.json': pkg({}), 'tsconfig.json': ts }, { rules: [rule] });
    const ids = findings.map((f) => f.messageId).sort();
    assert.deepEqual(ids, ['inlineSources', 'sourceMap']);
    const inl = findings.find((f) => f.messageId === 'inlineSources')!;
    assert.equal(ts.slice(inl.start, inl.end), 'true');
    assert.equal(inl.severity, 'error');
  });

  it('real form: option set in a base config is reported in the base file; tsc -p picks tsconfig.build.json', async () => {
    const base = `{ // shared\n "compilerOptions": { "inlineSourceMap": true, },\n}`;
    const { root, findings } = await runOnTree(
      {
        'package.json': pkg({ scripts: { prepublishOnly: 'tsc -p tsconfig.build.json' } }),
        'tsconfig.json': `{ "compilerOptions": { "noEmit": true, "sourceMap": true } }`,
        'tsconfig.build.json': `{ "extends": "./configs/base", "compilerOptions": { "outDir": "dist" } }`,
        'configs/base.json': base,
      },
      { rules: [rule] },
    );
    assert.equal(findings.length, 1);
    assert.equal(findings[0].file, `${root}/configs/base.json`);
    assert.equal(base.slice(findings[0].start, findings[0].end), 'true');
  });

  it('traps: noEmit config, output folder not published, tsc CLI flag is reported in package.json', async () => {
    const a = await runOnTree({ 'package.json': pkg({}), 'tsconfig.json': `{ "compilerOptions": { "noEmit": true, "sourceMap": true, "inlineSources": true } }` }, { rules: [rule] });
    assert.equal(a.findings.length, 0);
    const b = await runOnTree({ 'package.json': pkg({}), 'tsconfig.json': `{ "compilerOptions": { "outDir": "build-tmp", "sourceMap": true } }` }, { rules: [rule] });
    assert.equal(b.findings.length, 0);
    const manifest = pkg({ scripts: { build: 'tsc --inlineSources' } });
    const c = await runOnTree({ 'package.json': manifest }, { rules: [rule] });
    assert.equal(c.findings.length, 1);
    assert.equal(manifest.slice(c.findings[0].start, c.findings[0].end), '--inlineSources');
  });
});

describe('config-tsconfig-sourcemap on real repositories (issue #23)', function () {
  this.timeout(30_000);
  const extension = (extra: object = {}) =>
    JSON.stringify({ name: 'eslint-like', publisher: 'me', version: '1.0.0', license: 'UNLICENSED', engines: { vscode: '^1.90.0' }, main: './client/out/extension.js', activationEvents: ['onStartupFinished'], ...extra });
  const ts = '{ "compilerOptions": { "outDir": "client/out", "sourceMap": true, "inlineSources": true } }';

  it('microsoft/vscode-eslint: .vscodeignore excludes **/*.map, so the maps tsc would write do not ship: no warning', async () => {
    const { findings } = await runOnTree({ 'package.json': extension(), 'README.md': 'r', 'tsconfig.json': ts, '.vscodeignore': '.vscode/**\n**/*.ts\n**/*.map\n' }, { rules: [rule] });
    assert.deepEqual(findings.map((f) => [f.messageId, f.severity]), [['inlineSources', 'info']]);
    assert.match(findings[0].message, /client\/out\/\*\*\/\*\.js\.map would not ship: \.vscodeignore line 3 "\*\*\/\*\.map" excludes them/);
  });

  it('trap: the same extension without the **/*.map line still gets both findings, naming the maps that would ship', async () => {
    const { findings } = await runOnTree({ 'package.json': extension(), 'README.md': 'r', 'tsconfig.json': ts, '.vscodeignore': '.vscode/**\n**/*.ts\n' }, { rules: [rule] });
    assert.deepEqual(findings.map((f) => f.messageId).sort(), ['inlineSources', 'sourceMap']);
    assert.match(findings[0].message, /client\/out\/ is published with its \.map files/);
    assert.equal(findings.find((f) => f.messageId === 'inlineSources')!.severity, 'error');
  });

  it('npm: a "files" negation of the maps leaves them out before the first build; "files": ["dist"] alone does not', async () => {
    const ts2 = '{ "compilerOptions": { "outDir": "dist", "sourceMap": true } }';
    const out = await runOnTree({ 'package.json': pkg({ files: ['dist', '!dist/**/*.map'] }), 'tsconfig.json': ts2 }, { rules: [rule] });
    assert.deepEqual(out.findings, []);
    const ships = await runOnTree({ 'package.json': pkg({ files: ['dist'] }), 'tsconfig.json': ts2 }, { rules: [rule] });
    assert.deepEqual(ships.findings.map((f) => [f.messageId, f.severity]), [['sourceMap', 'warning']]);
  });

  it('sindresorhus/ky: an open-source package with public sources gets info, with the reason in the message', async () => {
    const ky = JSON.stringify({ name: 'ky', version: '1.0.0', license: 'MIT', repository: 'sindresorhus/ky', files: ['distribution'], scripts: { build: 'tsc --project tsconfig.dist.json' } });
    const dist = '{ "compilerOptions": { "outDir": "distribution", "sourceMap": true, "inlineSources": true } }';
    const { findings } = await runOnTree({ 'package.json': ky, 'tsconfig.dist.json': dist }, { rules: [rule] });
    assert.deepEqual(findings.map((f) => [f.messageId, f.severity]).sort(), [['inlineSources', 'info'], ['sourceMap', 'info']]);
    for (const f of findings) assert.match(f.message, /open-source package .* public/);
    // trap: the same package without a public repository is not treated as open source.
    const closed = JSON.stringify({ name: 'ky', version: '1.0.0', license: 'MIT', files: ['distribution'], scripts: { build: 'tsc --project tsconfig.dist.json' } });
    const c = await runOnTree({ 'package.json': closed, 'tsconfig.dist.json': dist }, { rules: [rule] });
    assert.ok(c.findings.every((f) => f.severity === 'warning' && !/open-source/.test(f.message)));
    // an explicit configuration still wins.
    const v = await runOnTree({ 'package.json': ky, 'tsconfig.dist.json': dist }, { rules: [rule], config: { visibility: 'proprietary' } });
    assert.equal(v.findings.find((f) => f.messageId === 'inlineSources')!.severity, 'error');
  });
});
