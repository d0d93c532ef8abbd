import * as assert from 'node:assert/strict';
import rule from '../../rules/sourcemap-url-comment';
import { ruleTester } from '../helpers/rule-tester';

const pkg = (extra: object = {}) => JSON.stringify({ name: 'acme-web', version: '1.0.0', license: 'UNLICENSED', files: ['dist/'], ...extra });

ruleTester(rule, {
  valid: [
    {
      name: 'traps: shipped targets, strings/regexes mentioning sourceMappingURL, debug ids with a shipped map, inline data URLs',
      files: {
        'package.json': pkg(),
        'dist/a.js': 'a();\n//# debugId=85314830-023f-4cf1-a267-535f4e37bb17\n//# sourceMappingURL=a.js.map',
        'dist/a.js.map': JSON.stringify({ version: 3, sources: [], mappings: '' }),
        'dist/lib.js': `var re = /\\/\\/[@#] sourceMappingURL=(.*)/; var s = "//# sourceMappingURL=https://evil.r2.dev/x.map";`,
        'dist/i.js': 'x();\n//# sourceMappingURL=data:application/json;base64,e30=',
      },
    },
  ],
  invalid: [
    {
      name: 'public buckets and internal hosts are errors, other remote URLs warnings',
      files: {
        'package.json': pkg(),
        'dist/a.js': 'a();\n//# sourceMappingURL=https://maps.r2.dev/a.js.map',
        'dist/b.js': 'b();\n//# sourceMappingURL=https://sourcemaps.acme.corp/b.js.map',
        'dist/c.js': 'c();\n//# sourceMappingURL=https://cdn.example-public.com/c.js.map',
        'dist/d.css': 'd{}\n/*# sourceMappingURL=https://build.int.acme.dev/d.css.map */',
      },
      config: { internalDomains: ['*.int.acme.dev'] },
      errors: 4,
      check: (findings, root) => {
        const by = new Map(findings.map((f) => [f.file.split('/').pop(), f]));
        assert.equal(by.get('a.js')?.severity, 'error');
        assert.match(by.get('a.js')!.message, /public object store/);
        assert.equal(by.get('b.js')?.severity, 'error');
        assert.equal(by.get('c.js')?.severity, 'warning');
        assert.equal(by.get('d.css')?.severity, 'error');
        assert.equal(by.get('a.js')!.file, `${root}/dist/a.js`);
      },
    },
    {
      name: 'dangling relative references are a hint, lone debug ids info',
      files: {
        'package.json': pkg(),
        'dist/a.js': 'a();\n//# sourceMappingURL=a.js.map',
        'dist/b.js': 'b();\n//# debugId=85314830-023f-4cf1-a267-535f4e37bb17',
      },
      errors: [
        { messageId: 'dangling', severity: 'hint', file: 'dist/a.js' },
        { messageId: 'debugId', severity: 'info', file: 'dist/b.js' },
      ],
      check: (findings) => assert.match(findings.find((f) => f.messageId === 'dangling')!.message, /dist\/a\.js\.map/),
    },
  ],
});
