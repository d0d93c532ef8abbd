/**
 * Issue #19 item 3: builds that CI runs before publishing, and scripts named like builds.
 */
import * as assert from 'node:assert/strict';
import { ciPublishScripts, scriptsRun, buildCommands } from '../../server/src/engine/build-config';
import rule from '../../rules/config-bun-sourcemap';
import { runOnTree } from '../helpers/rule-tester';

const names = new Set(['build', 'build:prod', 'build:bun', 'lint', 'test', 'release', 'docs']);
const pkg = (scripts: object) => JSON.stringify({ name: 'cli', version: '1.0.0', license: 'UNLICENSED', files: ['dist'], bin: { cli: 'dist/cli.js' }, scripts }, null, 2);

describe('engine: CI workflows and build-named scripts', () => {
  it('GitHub Actions: scripts in steps up to the publish step, and in needed jobs', () => {
    const wf = [
      'on: { push: { tags: ["v*"] } }',
      'jobs:',
      '  assets:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: pnpm --filter cli build',
      '  publish:',
      '    needs: assets',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - run: npm ci && npm run lint',
      '      - run: |',
      '          npm run build:prod',
      '          npm publish --provenance',
      '      - run: npm run docs',
    ].join('\n');
    assert.deepEqual(ciPublishScripts([{ file: '.github/workflows/release.yml', text: wf }], names), { scripts: ['build', 'build:prod', 'lint'], files: ['.github/workflows/release.yml'] });
  });

  it('GitLab CI, changesets/action and vsce/ovsx publish count too; workflows that never publish do not', () => {
    const gl = 'stages: [deploy]\npublish:\n  stage: deploy\n  script:\n    - yarn build:bun\n    - npx vsce publish -p $VSCE_PAT\n';
    assert.deepEqual(ciPublishScripts([{ file: '.gitlab-ci.yml', text: gl }], names).scripts, ['build:bun']);
    const cs = 'jobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: changesets/action@v1\n        with:\n          publish: pnpm release\n';
    assert.deepEqual(ciPublishScripts([{ file: '.github/workflows/cs.yml', text: cs }], names).scripts, ['release']);
    const ci = 'jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run build:prod && npm test\n';
    assert.deepEqual(ciPublishScripts([{ file: '.github/workflows/ci.yml', text: ci }], names), { scripts: [], files: [] });
  });

  it('hostile or broken YAML is skipped, never thrown', () => {
    const bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\njobs: {}\n';
    assert.deepEqual(ciPublishScripts([{ file: 'x.yml', text: bomb }, { file: 'y.yml', text: 'jobs: [\n  - ::: {' }], names).scripts, []);
  });

  it('reads npm/pnpm/yarn/bun script invocations, not arbitrary words', () => {
    assert.deepEqual(scriptsRun('CI=1 npm run build:prod -- --minify && pnpm test; yarn run lint | bun run docs', names), ['build:prod', 'test', 'lint', 'docs']);
    assert.deepEqual(scriptsRun('echo npm run build && node build', names), []);
  });

  it('build-named scripts are read (marked name); dev/watch ones are not', () => {
    const m = pkg({ 'build:bun': 'bun build ./src/index.ts --outdir dist --sourcemap', 'build:watch': 'bun build src/index.ts --watch --sourcemap', test: 'bun test' });
    const cmds = buildCommands(m);
    assert.deepEqual(cmds.map((c) => [c.script, c.inferred]), [['build:bun', 'name']]);
    assert.deepEqual(buildCommands(m, ['build:bun']).map((c) => [c.script, c.inferred]), [['build:bun', 'ci']]);
  });

  it("the lead's example: `build:bun` with --sourcemap is reported, one level lower unless CI publishes after it", async () => {
    const manifest = pkg({ 'build:bun': 'bun build ./src/index.ts --outdir dist --sourcemap' });
    const alone = await runOnTree({ 'package.json': manifest }, { rules: [rule] });
    assert.equal(alone.findings.length, 1);
    assert.equal(manifest.slice(alone.findings[0].start, alone.findings[0].end), '--sourcemap');
    const wf = 'jobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run build:bun && npm publish\n';
    const ci = await runOnTree({ 'package.json': manifest, '.github/workflows/release.yml': wf }, { rules: [rule] });
    assert.equal(ci.findings.length, 1);
    const order = ['hint', 'info', 'warning', 'error'];
    assert.equal(order.indexOf(ci.findings[0].severity) - order.indexOf(alone.findings[0].severity), 1, `${alone.findings[0].severity} → ${ci.findings[0].severity}`);
  });
});
