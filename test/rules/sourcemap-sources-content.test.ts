import * as assert from 'node:assert/strict';
import rule from '../../rules/sourcemap-sources-content';
import { ruleTester } from '../helpers/rule-tester';

const pkg = (extra: object = {}) => JSON.stringify({ name: 'acme-cli', version: '1.0.0', license: 'UNLICENSED', bin: { acme: 'cli.js' }, ...extra });
const map = (sources: string[], contents?: (string | null)[]) => JSON.stringify({ version: 3, sources, sourcesContent: contents, mappings: 'AAAA', names: [] });
const b64 = (s: string) => Buffer.from(s).toString('base64');
const evalModule = `x();\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${b64(map(['webpack://app/./src/secret.ts'], ['const codename = "x";']))}\n`;

ruleTester(rule, {
  valid: [
    { name: 'maps without content', files: { 'package.json': pkg(), 'cli.js.map': map(['../src/a.ts']) } },
    { name: 'allowSourceMaps: always', files: { 'package.json': pkg(), 'cli.js.map': map(['../src/a.ts'], ['a']) }, config: { allowSourceMaps: 'always' } },
  ],
  invalid: [
    {
      name: 'quantifies exposed first-party sources on the map and on the cause (error when proprietary)',
      files: { 'package.json': pkg(), 'cli.js': 'x', 'cli.js.map': map(['../src/a.ts', '../src/b.ts', '../vendor/v.ts', '../node_modules/dep/index.js'], ['1\n2\n3\n', '4', '5', 'dep']) },
      errors: [
        { messageId: 'exposed', severity: 'error', file: 'cli.js.map' },
        { messageId: 'summary', file: 'package.json' },
      ],
      check: (findings, root) => {
        assert.equal(findings[0].message, 'cli.js.map embeds 3 first-party sources (≈5 lines) under ../src/ and ../vendor/ that are not published otherwise.');
        assert.equal(findings.find((f) => f.messageId === 'summary')!.related[0].file, `${root}/cli.js.map`);
      },
    },
    {
      name: 'warning for unknown visibility',
      files: { 'package.json': JSON.stringify({ name: 'x', version: '1.0.0', license: 'MIT' }), 'i.js.map': map(['../src/a.ts'], ['a']) },
      errors: 2,
      check: (findings) => assert.equal(findings.find((f) => f.messageId === 'exposed')?.severity, 'warning'),
    },
    {
      name: 'info for open source',
      files: { 'package.json': JSON.stringify({ name: 'x', version: '1.0.0', license: 'MIT', repository: 'https://github.com/acme/x' }), 'i.js.map': map(['../src/a.ts'], ['a']) },
      errors: 2,
      check: (findings) => assert.ok(findings.every((f) => f.severity === 'info')),
    },
    {
      name: 'inline maps in shipped JS, including webpack eval strings',
      files: { 'package.json': pkg({ main: 'main.js' }), 'main.js': `eval(${JSON.stringify(evalModule)});` },
      errors: 2,
      check: (findings, root) => {
        const f = findings.find((x) => x.messageId === 'exposed')!;
        assert.equal(f.file, `${root}/main.js`);
        assert.match(f.message, /the inline map in main\.js embeds 1 first-party source \(≈1 lines\) under src\//);
      },
    },
    {
      name: 'maps whose sources ship are only a duplicate (info)',
      files: { 'package.json': pkg({ files: ['dist/', 'src/'] }), 'dist/a.js.map': map(['../src/a.ts'], ['a']), 'src/a.ts': 'a' },
      errors: [{ messageId: 'duplicate', severity: 'info' }],
    },
    {
      name: 'third-party-only maps are info',
      files: { 'package.json': pkg(), 'v.js.map': map(['../node_modules/a/i.js'], ['lib']) },
      errors: [{ messageId: 'thirdParty', severity: 'info' }],
    },
  ],
});
