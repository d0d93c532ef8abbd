import * as assert from 'node:assert/strict';
import rule from '../../rules/sourcemap-absolute-paths';
import { ruleTester } from '../helpers/rule-tester';

const pkg = (extra: object = {}) => JSON.stringify({ name: 'acme-cli', version: '1.0.0', license: 'UNLICENSED', bin: 'cli.js', ...extra });
const map = (o: object) => JSON.stringify({ version: 3, mappings: 'AAAA', names: [], ...o });

ruleTester(rule, {
  valid: [],
  invalid: [
    {
      name: 'names the user and the CI system, on the map and on the cause',
      files: {
        'package.json': pkg(),
        'cli.js': 'x',
        'cli.js.map': map({ sources: ['/Users/alice/work/acme/src/a.ts', '/Users/alice/work/acme/src/b.ts'] }),
        'ci.js.map': map({ sources: ['/home/runner/work/acme/acme/src/c.ts'] }),
      },
      errors: 3,
      check: (findings, root) => {
        const onMap = findings.find((f) => f.messageId === 'leaks' && f.file.endsWith('cli.js.map'))!;
        assert.equal(onMap.message, 'cli.js.map reveals the user name "alice" in 2 absolute paths, e.g. /Users/alice/work/acme/src/a.ts.');
        assert.equal(onMap.severity, 'warning');
        const ci = findings.find((f) => f.messageId === 'leaks' && f.file.endsWith('ci.js.map'))!;
        assert.match(ci.message, /GitHub Actions build layout/);
        const summary = findings.find((f) => f.messageId === 'summary')!;
        assert.equal(summary.file, `${root}/package.json`);
        assert.equal(summary.related.length, 2);
      },
    },
    {
      name: 'covers absolute sourceRoot and webpack absolute-resource-path, inline maps too',
      files: {
        'package.json': pkg(),
        'cli.js': `x();\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(map({ sources: ['webpack:///C:/Users/Bob/app/src/x.ts'] })).toString('base64')}`,
        'root.js.map': map({ sourceRoot: '/home/carol/proj/', sources: ['a.ts', 'b.ts'] }),
      },
      // One finding on each map and one on each cause.
      errors: 4,
      check: (findings) => {
        const msgs = findings.filter((f) => f.messageId === 'leaks').map((f) => f.message).sort();
        assert.equal(msgs.length, 2);
        assert.match(msgs[0], /root\.js\.map reveals the user name "carol" in 1 absolute path/);
        assert.match(msgs[1], /the inline map in cli\.js reveals the user name "Bob"/);
      },
    },
    {
      // Traps beside it: relative paths, webpack:///./src, sourceRoot "/", an unshipped map.
      name: 'other absolute paths are only a hint; relative paths, webpack:///./src, sourceRoot "/" and unshipped maps stay silent',
      files: {
        'package.json': pkg({ files: ['cli.js', 'ok.js.map', 'opt.js.map'] }),
        'cli.js': 'x',
        'ok.js.map': map({ sourceRoot: '/', sources: ['../src/a.ts', 'webpack:///./src/b.ts', 'webpack://app/./src/c.ts'] }),
        'opt.js.map': map({ sources: ['/opt/app/src/a.ts'] }),
        'dev.js.map': map({ sources: ['/Users/alice/a.ts'] }),
      },
      errors: [{ messageId: 'leaks', severity: 'hint', file: 'opt.js.map' }],
    },
  ],
});
