import * as assert from 'node:assert/strict';
import rule from '../../rules/sourcemap-sources-content';
import { runOnTree } from '../helpers/rule-tester';

const pkg = (extra: object = {}) => JSON.stringify({ name: 'acme-cli', version: '1.0.0', license: 'UNLICENSED', bin: { acme: 'cli.js' }, ...extra });
const map = (sources: string[], contents?: (string | null)[]) => JSON.stringify({ version: 3, sources, sourcesContent: contents, mappings: 'AAAA', names: [] });
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('sourcemap-sources-content', () => {
  it('quantifies exposed first-party sources on the map and on the cause (error when proprietary)', async () => {
    const sources = ['../src/a.ts', '../src/b.ts', '../vendor/v.ts', '../node_modules/dep/index.js'];
    const { root, findings } = await runOnTree(
      { 'package.json': pkg(), 'cli.js': 'x', 'cli.js.map': map(sources, ['1\n2\n3\n', '4', '5', 'dep']) },
      { rules: [rule] },
    );
    const onMap = findings.find((f) => f.messageId === 'exposed')!;
    assert.equal(onMap.file, `${root}/cli.js.map`);
    assert.equal(onMap.severity, 'error');
    assert.equal(onMap.message, 'cli.js.map embeds 3 first-party sources (≈5 lines) under ../src/ and ../vendor/ that are not published otherwise.');
    const onCause = findings.find((f) => f.messageId === 'summary')!;
    assert.equal(onCause.file, `${root}/package.json`);
    assert.equal(onCause.related[0].file, `${root}/cli.js.map`);
  });

  it('is warning for unknown visibility and info for open source', async () => {
    const unknown = await runOnTree({ 'package.json': JSON.stringify({ name: 'x', version: '1.0.0', license: 'MIT' }), 'i.js.map': map(['../src/a.ts'], ['a']) }, { rules: [rule] });
    assert.equal(unknown.findings.find((f) => f.messageId === 'exposed')?.severity, 'warning');
    const oss = await runOnTree(
      { 'package.json': JSON.stringify({ name: 'x', version: '1.0.0', license: 'MIT', repository: 'https://github.com/acme/x' }), 'i.js.map': map(['../src/a.ts'], ['a']) },
      { rules: [rule] },
    );
    assert.ok(oss.findings.length > 0 && oss.findings.every((f) => f.severity === 'info'));
  });

  it('covers inline maps in shipped JS, including webpack eval strings', async () => {
    const inline = map(['webpack://app/./src/secret.ts'], ['const codename = "x";']);
    const module = `x();\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${b64(inline)}\n`;
    const { findings, root } = await runOnTree({ 'package.json': pkg({ main: 'main.js' }), 'main.js': `eval(${JSON.stringify(module)});` }, { rules: [rule] });
    const f = findings.find((x) => x.messageId === 'exposed')!;
    assert.equal(f.file, `${root}/main.js`);
    assert.match(f.message, /the inline map in main\.js embeds 1 first-party source \(≈1 lines\) under src\//);
  });

  it('traps: maps without content, maps whose sources ship, third-party-only maps, allowSourceMaps always', async () => {
    const noContent = await runOnTree({ 'package.json': pkg(), 'cli.js.map': map(['../src/a.ts']) }, { rules: [rule] });
    assert.deepEqual(noContent.findings, []);
    const shipped = await runOnTree(
      { 'package.json': pkg({ files: ['dist/', 'src/'] }), 'dist/a.js.map': map(['../src/a.ts'], ['a']), 'src/a.ts': 'a' },
      { rules: [rule] },
    );
    assert.deepEqual(shipped.findings.map((f) => [f.messageId, f.severity]), [['duplicate', 'info']]);
    const third = await runOnTree({ 'package.json': pkg(), 'v.js.map': map(['../node_modules/a/i.js'], ['lib']) }, { rules: [rule] });
    assert.deepEqual(third.findings.map((f) => [f.messageId, f.severity]), [['thirdParty', 'info']]);
    const allowed = await runOnTree({ 'package.json': pkg(), 'cli.js.map': map(['../src/a.ts'], ['a']) }, { rules: [rule], config: { allowSourceMaps: 'always' } });
    assert.deepEqual(allowed.findings, []);
  });
});
