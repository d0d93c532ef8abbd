/**
 * Which package.json folders are units (issue #23, item 4). Trees modelled on the real cases:
 * stylelint/vscode-stylelint (test/e2e/workspace/*, __tests__/fixtures/*), yarn berry repositories
 * (.yarn/sdks/*), repositories with test-fixtures/** and nested `{"type": "module"}` package.json files.
 */
import * as assert from 'node:assert/strict';
import { discoverUnits } from '../../server/src/engine/workspace';
import { DiskFileSystem } from '../../server/src/engine/safe/fs';
import { analyzeFolder } from '../../server/src/engine/runner';
import { loadConfig } from '../../server/src/engine/config';
import { describeSkipped } from '../../server/src/engine/config/unit-filter';
import { writeTree } from '../helpers/rule-tester';
import { allRules as rules } from '../../rules';

const disk = new DiskFileSystem();
const pkg = (name: string, extra: object = {}) => JSON.stringify({ name, version: '1.0.0', ...extra });

const stylelintLike = {
  'package.json': JSON.stringify({ name: 'vscode-stylelint-monorepo', private: true, workspaces: ['packages/*'] }),
  'packages/language-server/package.json': pkg('@stylelint/language-server', { license: 'MIT', repository: 'stylelint/vscode-stylelint', files: ['dist'] }),
  'packages/language-server/src/__tests__/fixtures/broken/package.json': pkg('broken-fixture'),
  'test/e2e/workspace/defaults/package.json': pkg('e2e-defaults'),
  'test/e2e/workspace/defaults/yarn-pnp/.yarn/sdks/typescript/package.json': pkg('typescript', { version: '5.0.0-sdk' }),
  'test-fixtures/app/package.json': pkg('fixture-app'),
  'examples/demo/package.json': pkg('demo'),
  'packages/language-server/dist/esm/package.json': JSON.stringify({ type: 'module' }),
  '.yarn/sdks/eslint/package.json': pkg('eslint', { version: '9.0.0-sdk' }),
};

describe('units: test fixtures, examples and vendored tools are not packaging units', () => {
  it('skips them by default and says which folders were skipped and why', async () => {
    const root = writeTree(stylelintLike);
    const { units, skipped } = await discoverUnits(disk, root);
    assert.deepEqual(units.map((u) => u.name).sort(), ['@stylelint/language-server', 'vscode-stylelint-monorepo']);
    const byFolder = new Map(skipped.map((s) => [s.folder, s.reason]));
    assert.equal(byFolder.get('packages/language-server/src/__tests__/fixtures/broken'), 'test-fixture-or-example');
    assert.equal(byFolder.get('test/e2e/workspace/defaults'), 'test-fixture-or-example');
    assert.equal(byFolder.get('test-fixtures/app'), 'test-fixture-or-example');
    assert.equal(byFolder.get('examples/demo'), 'test-fixture-or-example');
    assert.equal(byFolder.get('.yarn/sdks/eslint'), 'vendored-tool');
    assert.equal(byFolder.get('packages/language-server/dist/esm'), 'no-name');
    assert.match(describeSkipped(skipped)!, /Skipped 7 package folders .*units\.include/);
  });

  it('keeps workspaces under such folders meant for publishing (repository), not private test apps, samples or workspaces of a skipped root', async () => {
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*', 'examples/*', 'test/apps/*'] }),
      'packages/a/package.json': pkg('a'),
      'examples/published-example/package.json': pkg('published-example', { repository: 'acme/mono' }),
      'examples/sample-app/package.json': pkg('sample-app', { license: 'ISC' }),
      'test/apps/app/package.json': JSON.stringify({ name: 'test-app', private: true, devDependencies: { vite: '5' } }),
      'test/fixtures/mono/package.json': JSON.stringify({ name: 'fixture-mono', private: true, workspaces: ['packages/*'] }),
      'test/fixtures/mono/packages/inner/package.json': pkg('fixture-inner'),
    });
    const { units, skipped } = await discoverUnits(disk, root);
    assert.deepEqual(units.map((u) => u.name).sort(), ['a', 'mono', 'published-example']);
    assert.deepEqual(skipped.map((s) => s.folder).sort(), ['examples/sample-app', 'test/apps/app', 'test/fixtures/mono', 'test/fixtures/mono/packages/inner']);
  });

  it('units.include and units.exclude in .leakguardrc.json override the default (and are validated)', async () => {
    const root = writeTree({
      ...stylelintLike,
      '.leakguardrc.json': JSON.stringify({ units: { include: ['examples/*'], exclude: ['packages/language-server'] } }),
    });
    const result = await analyzeFolder({ fs: disk, folder: root, rules });
    const names = result.units.map((u) => u.unit.name).sort();
    assert.deepEqual(names, ['demo', 'vscode-stylelint-monorepo']);
    assert.equal(result.skipped!.find((s) => s.folder === 'packages/language-server')?.reason, 'units.exclude');
    const bad = writeTree({ 'package.json': pkg('x'), '.leakguardrc.json': JSON.stringify({ units: { include: 'examples', other: [] } }) });
    const cfg = await loadConfig(disk, bad, bad, { ruleIds: new Set(rules.map((r) => r.meta.id)) });
    const messages = cfg.problems.map((p) => p.message).join('\n');
    assert.match(messages, /"units\.include" must be an array of folder globs/);
    assert.match(messages, /Unknown option "units\.other"/);
  });

  it('fixture packages no longer get "looks internal" warnings (they did on the old main)', async () => {
    const root = writeTree(stylelintLike);
    const result = await analyzeFolder({ fs: disk, folder: root, rules });
    const fixtureFindings = result.findings.filter((f) => /fixtures|e2e|\.yarn|examples|test-fixtures/.test(f.file));
    assert.deepEqual(fixtureFindings.map((f) => `${f.ruleId} ${f.file}`), []);
  });

  it('an extension\'s client/ and server/ package.json are part of its VSIX (vscode-extension-samples lsp-sample)', async () => {
    const ext = (extra: object) => JSON.stringify({ name: 'lsp-sample', publisher: 'p', version: '1.0.0', engines: { vscode: '^1.100.0' }, ...extra });
    const root = writeTree({
      'lsp-sample/package.json': ext({ main: './client/out/extension', contributes: { configuration: {} }, activationEvents: ['onLanguage:plaintext'] }),
      'lsp-sample/client/package.json': ext({ name: 'lsp-sample-client' }),
      'lsp-sample/server/package.json': pkg('lsp-sample-server', { license: 'MIT', engines: { node: '*' } }),
      'lsp-sample/nested-ext/package.json': ext({ name: 'nested', contributes: { commands: [] } }),
      'other/package.json': pkg('other'),
    });
    const { units, skipped } = await discoverUnits(disk, root);
    assert.deepEqual(units.map((u) => u.name).sort(), ['lsp-sample', 'nested', 'other']);
    assert.deepEqual(skipped.map((s) => [s.folder, s.reason]).sort(), [['lsp-sample/client', 'inside-extension'], ['lsp-sample/server', 'inside-extension']]);
  });
});
