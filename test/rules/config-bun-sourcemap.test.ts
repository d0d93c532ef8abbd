import * as assert from 'node:assert/strict';
import rule from '../../rules/config-bun-sourcemap';
import { ruleTester } from '../helpers/rule-tester';

const pkg = (extra: object) => JSON.stringify({ name: 'cli', version: '1.0.0', license: 'UNLICENSED', bin: { cli: 'dist/cli.js' }, ...extra }, null, 2);

ruleTester(rule, {
  valid: [
    { name: 'sourcemap none', files: { 'package.json': pkg({ files: ['dist'] }), 'build.ts': `await Bun.build({ entrypoints: ['a.ts'], outdir: 'dist', sourcemap: 'none' });` } },
    { name: 'dev-only branch', files: { 'package.json': pkg({ files: ['dist'] }), 'build.ts': `const dev = process.env.NODE_ENV !== 'production';\nawait Bun.build({ entrypoints: ['a.ts'], outdir: 'dist', sourcemap: dev ? 'inline' : 'none' });` } },
  ],
  invalid: [
    {
      name: 'docs form: Bun.build sourcemap "external" into a published dist is reported on the literal',
      files: { 'package.json': pkg({ files: ['dist'], scripts: { build: 'bun run build.ts' } }), 'build.ts': `await Bun.build({ entrypoints: ['./src/cli.ts'], outdir: './dist', sourcemap: 'external' });\n` },
      errors: [{ messageId: 'sourcemap', text: `'external'` }],
      check: (f) => {
        assert.match(f[0].message, /no sourceMappingURL/);
        assert.equal(f[0].suggestions[0].edits[0].edits[0].newText, '"none"');
      },
    },
    {
      name: 'real form: `bun build --sourcemap` in a script reached through prepublishOnly',
      files: { 'package.json': pkg({ files: ['dist'], scripts: { prepublishOnly: 'npm run bundle', bundle: 'NODE_ENV=production bun build src/cli.ts --outdir dist --sourcemap' } }) },
      errors: [{ messageId: 'cliSourcemap', text: '--sourcemap' }],
      check: (f) => assert.match(f[0].message, /linked/),
    },
    {
      name: 'output folder not published: info',
      files: { 'package.json': pkg({ files: ['dist'] }), 'build.ts': `await Bun.build({ entrypoints: ['a.ts'], outdir: 'maps-out', sourcemap: 'linked' });` },
      errors: [{ messageId: 'sourcemap', severity: 'info' }],
    },
  ],
});
