import * as assert from 'node:assert/strict';
import rule from '../../rules/sourcemap-inline-data-url';
import { ruleTester } from '../helpers/rule-tester';

const pkg = (extra: object = {}) => JSON.stringify({ name: 'acme-cli', version: '1.0.0', license: 'UNLICENSED', main: 'cli.js', ...extra });
const map = (sources: string[], contents?: (string | null)[]) => JSON.stringify({ version: 3, sources, sourcesContent: contents, mappings: 'AAAA', names: [] });
const b64 = (s: string) => Buffer.from(s).toString('base64');
const firstParty = `x();\n//# sourceMappingURL=data:application/json;base64,${b64(map(['../src/a.ts'], ['a']))}`;
const claude = `console.log(1);\n//# sourceMappingURL=data:application/json;base64,${b64(map(['../src/main.ts'], ['secret()']))}\n`;
const a = b64(map(['../src/a.ts'], ['a']));

ruleTester(rule, {
  valid: [
    { name: 'external maps', files: { 'package.json': pkg(), 'cli.js': 'x();\n//# sourceMappingURL=cli.js.map', 'cli.js.map': map(['a.ts'], ['a']) } },
    { name: 'unshipped files', files: { 'package.json': pkg({ files: ['cli.js'] }), 'cli.js': 'x', 'dev/dev.js': firstParty } },
    { name: 'allowSourceMaps: always', files: { 'package.json': pkg(), 'cli.js': firstParty }, config: { allowSourceMaps: 'always' } },
  ],
  invalid: [
    {
      name: 'the data URL in the file and the cause; error when first-party sources are embedded (Claude Code 2025)',
      files: { 'package.json': pkg(), 'cli.js': claude },
      errors: [
        { messageId: 'inline', severity: 'error', file: 'cli.js' },
        { messageId: 'summary', file: 'package.json' },
      ],
      check: (findings, root) => {
        const inFile = findings.find((f) => f.messageId === 'inline')!;
        assert.equal(inFile.file, `${root}/cli.js`);
        assert.equal(claude.slice(inFile.start, inFile.end), 'data:application/json;base64,');
        assert.match(inFile.message, /1 source\)/);
        assert.match(inFile.message, /It embeds 1 first-party source/);
        assert.match(findings.find((f) => f.messageId === 'summary')!.message, /^1 inline source map \(\d+ B\) will be published inside 1 file/);
      },
    },
    {
      name: 'two inline maps in one concatenated file; percent-encoded CSS maps too',
      files: {
        'package.json': pkg(),
        'cli.js': `a();\n//# sourceMappingURL=data:application/json;base64,${a}\nb();\n//# sourceMappingURL=data:application/json;base64,${a}\n`,
        'style.css': `a{}\n/*# sourceMappingURL=data:application/json,${encodeURIComponent(map(['../node_modules/x/b.css']))} */`,
      },
      errors: 5,
      check: (findings) => {
        assert.equal(findings.filter((f) => f.messageId === 'inline').length, 3);
        // Two causes: cli.js ships as "main", style.css because nothing excludes it.
        const summaries = findings.filter((f) => f.messageId === 'summary').map((f) => f.message).sort();
        assert.equal(summaries.length, 2);
        assert.match(summaries[0], /^1 inline source map \(\d+ B\) will be published inside 1 file \(no "files" allowlist/);
        assert.match(summaries[1], /^2 inline source maps \(\d+ B\) will be published inside 1 file \(always included \(main\)\): cli\.js\./);
        assert.equal(findings.find((f) => f.file.endsWith('style.css'))?.severity, 'warning', 'no first-party content: warning');
      },
    },
    {
      name: 'a broken referenced inline map is info; strings that only build data URLs are not reported',
      files: {
        'package.json': pkg(),
        'cli.js': `//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozf!\n`,
        'lib.js': `exports.toComment = function (b64) { return '//# sourceMappingURL=data:application/json;charset=utf-8;base64,' + b64; };\nfetch("data:application/json;base64,${b64('{"a":1}')}");`,
      },
      errors: [{ messageId: 'broken', severity: 'info', file: 'cli.js' }],
    },
  ],
});
