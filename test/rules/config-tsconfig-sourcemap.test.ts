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
