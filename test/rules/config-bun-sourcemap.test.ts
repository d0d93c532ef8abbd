import * as assert from 'node:assert/strict';
import rule from '../../rules/config-bun-sourcemap';
import { runOnTree } from '../helpers/rule-tester';

const pkg = (extra: object) => JSON.stringify({ name: 'cli', version: '1.0.0', license: 'UNLICENSED', bin: { cli: 'dist/cli.js' }, ...extra }, null, 2);

describe('config-bun-sourcemap', () => {
  it('docs form: Bun.build sourcemap "external" into a published dist is reported on the literal', async () => {
    const build = `await Bun.build({ entrypoints: ['./src/cli.ts'], outdir: './dist', sourcemap: 'external' });\n`;
    const { findings } = await runOnTree({ 'package.json': pkg({ files: ['dist'], scripts: { build: 'bun run build.ts' } }), 'build.ts': build }, { rules: [rule] });
    assert.equal(findings.length, 1);
    assert.equal(build.slice(findings[0].start, findings[0].end), `'external'`);
    assert.match(findings[0].message, /no sourceMappingURL/);
    assert.equal(findings[0].suggestions[0].edits[0].edits[0].newText, '"none"');
  });

  it('real form: `bun build --sourcemap` in a script reached through prepublishOnly', async () => {
    const manifest = pkg({ files: ['dist'], scripts: { prepublishOnly: 'npm run bundle', bundle: 'NODE_ENV=production bun build src/cli.ts --outdir dist --sourcemap' } });
    const { findings } = await runOnTree({ 'package.json': manifest }, { rules: [rule] });
    assert.equal(findings.length, 1);
    assert.equal(manifest.slice(findings[0].start, findings[0].end), '--sourcemap');
    assert.match(findings[0].message, /linked/);
  });

  it('traps: sourcemap none, dev-only branch, output folder not published', async () => {
    const r1 = await runOnTree({ 'package.json': pkg({ files: ['dist'] }), 'build.ts': `await Bun.build({ entrypoints: ['a.ts'], outdir: 'dist', sourcemap: 'none' });` }, { rules: [rule] });
    assert.equal(r1.findings.length, 0);
    const r2 = await runOnTree({ 'package.json': pkg({ files: ['dist'] }), 'build.ts': `const dev = process.env.NODE_ENV !== 'production';\nawait Bun.build({ entrypoints: ['a.ts'], outdir: 'dist', sourcemap: dev ? 'inline' : 'none' });` }, { rules: [rule] });
    assert.equal(r2.findings.length, 0);
    const r3 = await runOnTree({ 'package.json': pkg({ files: ['dist'] }), 'build.ts': `await Bun.build({ entrypoints: ['a.ts'], outdir: 'maps-out', sourcemap: 'linked' });` }, { rules: [rule] });
    assert.equal(r3.findings.length, 1);
    assert.equal(r3.findings[0].severity, 'info');
  });
});
