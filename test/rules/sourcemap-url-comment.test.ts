import * as assert from 'node:assert/strict';
import rule from '../../rules/sourcemap-url-comment';
import { runOnTree } from '../helpers/rule-tester';

const pkg = (extra: object = {}) => JSON.stringify({ name: 'acme-web', version: '1.0.0', license: 'UNLICENSED', files: ['dist/'], ...extra });

describe('sourcemap-url-comment', () => {
  it('flags public buckets and internal hosts as errors, other remote URLs as warnings', async () => {
    const { root, findings } = await runOnTree(
      {
        'package.json': pkg(),
        'dist/a.js': 'a();\n//# sourceMappingURL=https://maps.r2.dev/a.js.map',
        'dist/b.js': 'b();\n//# sourceMappingURL=https://sourcemaps.acme.corp/b.js.map',
        'dist/c.js': 'c();\n//# sourceMappingURL=https://cdn.example-public.com/c.js.map',
        'dist/d.css': 'd{}\n/*# sourceMappingURL=https://build.int.acme.dev/d.css.map */',
      },
      { rules: [rule], config: { internalDomains: ['*.int.acme.dev'] } },
    );
    const by = new Map(findings.map((f) => [f.file.split('/').pop(), f]));
    assert.equal(by.get('a.js')?.severity, 'error');
    assert.match(by.get('a.js')!.message, /public object store/);
    assert.equal(by.get('b.js')?.severity, 'error');
    assert.equal(by.get('c.js')?.severity, 'warning');
    assert.equal(by.get('d.css')?.severity, 'error');
    const a = by.get('a.js')!;
    assert.equal(a.file, `${root}/dist/a.js`);
  });

  it('hints at dangling relative references and informs about lone debug ids', async () => {
    const { findings } = await runOnTree(
      {
        'package.json': pkg(),
        'dist/a.js': 'a();\n//# sourceMappingURL=a.js.map',
        'dist/b.js': 'b();\n//# debugId=85314830-023f-4cf1-a267-535f4e37bb17',
      },
      { rules: [rule] },
    );
    assert.deepEqual(findings.map((f) => [f.messageId, f.severity]).sort(), [['dangling', 'hint'], ['debugId', 'info']]);
    assert.match(findings.find((f) => f.messageId === 'dangling')!.message, /dist\/a\.js\.map/);
  });

  it('traps: shipped targets, strings/regexes mentioning sourceMappingURL, debug ids with a shipped map, inline data URLs', async () => {
    const { findings } = await runOnTree(
      {
        'package.json': pkg(),
        'dist/a.js': 'a();\n//# debugId=85314830-023f-4cf1-a267-535f4e37bb17\n//# sourceMappingURL=a.js.map',
        'dist/a.js.map': JSON.stringify({ version: 3, sources: [], mappings: '' }),
        'dist/lib.js': `var re = /\\/\\/[@#] sourceMappingURL=(.*)/; var s = "//# sourceMappingURL=https://evil.r2.dev/x.map";`,
        'dist/i.js': 'x();\n//# sourceMappingURL=data:application/json;base64,e30=',
      },
      { rules: [rule] },
    );
    assert.deepEqual(findings, []);
  });
});
