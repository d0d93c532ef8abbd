import * as assert from 'node:assert/strict';
import rule from '../../rules/publish-dev-artifacts';
import type { Finding } from '../../server/src/engine/types';
import { runOnTree, analyzeRoot, applyFixOnDisk, npmPackFiles } from '../helpers/rule-tester';

const ID = 'publish-dev-artifacts';
const pkg = (extra: object = {}) => JSON.stringify({ name: 'arty', version: '1.0.0', main: 'lib/index.js', ...extra }, null, 2);
const ours = (f: Finding[]) => f.filter((x) => x.ruleId === ID);
const lock = (host: string) => JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/x': { resolved: `https://${host}/x/-/x-1.0.0.tgz`, funding: { url: 'https://opencollective.com/x' } } } });

describe(ID, function () {
  this.timeout(30_000);

  const positives: Array<[string, string, 'info' | 'warning']> = [
    ['test/a.test.js', 'test files or fixtures', 'info'],
    ['src/__tests__/x.js', 'test files or fixtures', 'info'],
    ['lib/util.spec.mjs', 'test files or fixtures', 'info'],
    ['coverage/lcov.info', 'coverage reports, caches or build metadata', 'info'],
    ['tsconfig.tsbuildinfo', 'coverage reports, caches or build metadata', 'info'],
    ['debug.log', 'logs, HTTP archives, dumps or infrastructure state files', 'warning'],
    ['recordings/session.har', 'logs, HTTP archives, dumps or infrastructure state files', 'warning'],
    ['infra/terraform.tfstate', 'logs, HTTP archives, dumps or infrastructure state files', 'warning'],
    ['data/app.sqlite', 'logs, HTTP archives, dumps or infrastructure state files', 'warning'],
    ['examples/app/package-lock.json', 'lockfiles', 'info'],
    ['.github/workflows/ci.yml', 'editor, CI or container configuration files', 'info'],
    ['.vscode/settings.json', 'editor, CI or container configuration files', 'info'],
    ['Dockerfile', 'editor, CI or container configuration files', 'info'],
  ];
  for (const [file, label, severity] of positives) {
    it(`fires on ${file} (${severity})`, async () => {
      const { findings } = await runOnTree({ 'package.json': pkg(), 'lib/index.js': 'x', [file]: '{}' }, { rules: [rule] });
      const f = ours(findings);
      assert.equal(f.length, 1, JSON.stringify(f.map((x) => x.message)));
      assert.equal(f[0].severity, severity);
      assert.ok(f[0].message.startsWith(`1 file (${label}) will be published (no "files" allowlist and no ignore file excludes it): ${file}.`), f[0].message);
      assert.ok(f[0].file.endsWith('package.json'));
      assert.ok(f[0].related[0].file.endsWith(file));
    });
  }

  it('a nested lockfile resolving from a private registry is a warning that names the host; funding URLs do not count', async () => {
    const a = await runOnTree({ 'package.json': pkg(), 'lib/index.js': 'x', 'template/package-lock.json': lock('npm.acme.corp') }, { rules: [rule] });
    const f = ours(a.findings)[0];
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /non-public registry \(npm\.acme\.corp\)/);
    const b = await runOnTree({ 'package.json': pkg(), 'lib/index.js': 'x', 'template/package-lock.json': lock('registry.npmjs.org') }, { rules: [rule] });
    assert.equal(ours(b.findings)[0].severity, 'info');
  });

  it('traps: latest/, contest.js, Dockerfile.js, CHANGELOG, testing-library names, root lockfiles npm never ships, entry points in fixtures/', async () => {
    const tree = {
      'package.json': pkg({ bin: { fx: 'fixtures/cli.js' } }),
      'lib/index.js': 'x',
      'latest/a.js': 'x',
      'lib/contest.js': 'x',
      'lib/Dockerfile.js': 'x',
      'CHANGELOG.md': 'x',
      'lib/test-utils.js': 'x',
      'lib/catalog.json': '{}',
      'package-lock.json': '{}',
      'yarn.lock': '',
      'fixtures/cli.js': 'x',
      'fixtures/data.json': '{}',
    };
    const { findings } = await runOnTree(tree, { rules: [rule] });
    assert.deepEqual(ours(findings).map((x) => x.message), []);
  });

  it('groups by cause: files entry vs .npmignore; the fix excludes the folder and the logs, npm pack keeps main', async () => {
    const tree = { 'package.json': pkg({ files: ['lib', 'test'] }), 'lib/index.js': 'x', 'lib/debug.log': 'x', 'test/a.test.js': 'x', 'test/fixtures/x.json': '{}' };
    const { root, findings } = await runOnTree(tree, { rules: [rule] });
    const f = ours(findings);
    assert.equal(f.length, 2);
    const tests = f.find((x) => x.message.includes('test files'))!;
    assert.match(tests.message, /^2 files \(test files or fixtures\) will be published \("files" entry "test"\): test\/a\.test\.js, test\/fixtures\/x\.json\./);
    const logs = f.find((x) => x.severity === 'warning')!;
    assert.match(logs.message, /\("files" entry "lib"\): lib\/debug\.log/);
    applyFixOnDisk(tests.suggestions[0].edits);
    // Fixes are offsets into the file as analysed: re-analyse before applying the next one.
    const again = ours((await analyzeRoot(root, { rules: [rule] })).findings);
    assert.equal(again.length, 1);
    assert.equal(logs.suggestions[0].title, again[0].suggestions[0].title);
    applyFixOnDisk(again[0].suggestions[0].edits);
    assert.deepEqual(npmPackFiles(root), ['lib/index.js', 'package.json']);
    assert.equal(ours((await analyzeRoot(root, { rules: [rule] })).findings).length, 0);
  });

  it('fix with a .gitignore and no .npmignore creates .npmignore from it; npm pack drops coverage but not .gitignore exclusions', async () => {
    const tree = { 'package.json': pkg(), '.gitignore': '.env\n', '.env': 'A=1', 'lib/index.js': 'x', 'coverage/lcov.info': 'x' };
    const { root, findings } = await runOnTree(tree, { rules: [rule] });
    applyFixOnDisk(ours(findings)[0].suggestions[0].edits);
    assert.deepEqual(npmPackFiles(root), ['lib/index.js', 'package.json']);
  });

  it('no fix that would drop an entry point: main inside test/', async () => {
    const { findings } = await runOnTree({ 'package.json': pkg({ main: 'lib/index.js', types: 'test/types.d.ts' }), 'lib/index.js': 'x', 'test/types.d.ts': 'x', 'test/a.test.js': 'x' }, { rules: [rule] });
    assert.equal(ours(findings).length, 0, 'a folder holding an entry point is the product');
  });
});
