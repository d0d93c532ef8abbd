import * as assert from 'node:assert/strict';
import rule from '../../rules/sourcemap-inline-data-url';
import { runOnTree } from '../helpers/rule-tester';

const pkg = (extra: object = {}) => JSON.stringify({ name: 'acme-cli', version: '1.0.0', license: 'UNLICENSED', main: 'cli.js', ...extra });
const map = (sources: string[], contents?: (string | null)[]) => JSON.stringify({ version: 3, sources, sourcesContent: contents, mappings: 'AAAA', names: [] });
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('sourcemap-inline-data-url', () => {
  it('fires on the data URL in the file and on the cause, error when first-party sources are embedded (Claude Code 2025)', async () => {
    const text = `console.log(1);\n//# sourceMappingURL=data:application/json;base64,${b64(map(['../src/main.ts'], ['secret()']))}\n`;
    const { root, findings } = await runOnTree({ 'package.json': pkg(), 'cli.js': text }, { rules: [rule] });
    const inFile = findings.find((f) => f.messageId === 'inline')!;
    assert.equal(inFile.file, `${root}/cli.js`);
    assert.equal(text.slice(inFile.start, inFile.end), 'data:application/json;base64,');
    assert.equal(inFile.severity, 'error');
    assert.match(inFile.message, /1 source\)/);
    assert.match(inFile.message, /It embeds 1 first-party source/);
    const summary = findings.find((f) => f.messageId === 'summary')!;
    assert.equal(summary.file, `${root}/package.json`);
    assert.match(summary.message, /^1 inline source map \(\d+ B\) will be published inside 1 file/);
  });

  it('counts two inline maps in one concatenated file; percent-encoded CSS maps too', async () => {
    const a = b64(map(['../src/a.ts'], ['a']));
    const b = encodeURIComponent(map(['../node_modules/x/b.css']));
    const { findings } = await runOnTree(
      {
        'package.json': pkg(),
        'cli.js': `a();\n//# sourceMappingURL=data:application/json;base64,${a}\nb();\n//# sourceMappingURL=data:application/json;base64,${a}\n`,
        'style.css': `a{}\n/*# sourceMappingURL=data:application/json,${b} */`,
      },
      { rules: [rule] },
    );
    assert.equal(findings.filter((f) => f.messageId === 'inline').length, 3);
    // Two causes: cli.js ships as "main", style.css because nothing excludes it.
    const summaries = findings.filter((f) => f.messageId === 'summary').map((f) => f.message).sort();
    assert.equal(summaries.length, 2);
    assert.match(summaries[0], /^1 inline source map \(\d+ B\) will be published inside 1 file \(no "files" allowlist/);
    assert.match(summaries[1], /^2 inline source maps \(\d+ B\) will be published inside 1 file \(always included \(main\)\): cli\.js\./);
    assert.equal(findings.find((f) => f.file.endsWith('style.css'))?.severity, 'warning', 'no first-party content: warning');
  });

  it('reports a broken referenced inline map as info; ignores strings that only build data URLs', async () => {
    const { findings } = await runOnTree(
      {
        'package.json': pkg(),
        'cli.js': `//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozf!\n`,
        'lib.js': `exports.toComment = function (b64) { return '//# sourceMappingURL=data:application/json;charset=utf-8;base64,' + b64; };\nfetch("data:application/json;base64,${b64('{"a":1}')}");`,
      },
      { rules: [rule] },
    );
    assert.deepEqual(findings.map((f) => [f.messageId, f.severity, f.file.split('/').pop()]), [['broken', 'info', 'cli.js']]);
  });

  it('does not fire on external maps, unshipped files or allowSourceMaps always', async () => {
    const text = `x();\n//# sourceMappingURL=data:application/json;base64,${b64(map(['../src/a.ts'], ['a']))}`;
    const external = await runOnTree({ 'package.json': pkg(), 'cli.js': 'x();\n//# sourceMappingURL=cli.js.map', 'cli.js.map': map(['a.ts'], ['a']) }, { rules: [rule] });
    assert.deepEqual(external.findings, []);
    const unshipped = await runOnTree({ 'package.json': pkg({ files: ['cli.js'] }), 'cli.js': 'x', 'dev/dev.js': text }, { rules: [rule] });
    assert.deepEqual(unshipped.findings, []);
    const allowed = await runOnTree({ 'package.json': pkg(), 'cli.js': text }, { rules: [rule], config: { allowSourceMaps: 'always' } });
    assert.deepEqual(allowed.findings, []);
  });
});
