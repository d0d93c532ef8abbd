/**
 * `extends`: presets, relative chains, npm packages in a node_modules written by the test, the
 * workspace boundary, cycles, and the override order (later entries and the local file win).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig, type ResolvedConfig } from '../../server/src/engine/config';
import { presetLayer } from '../../server/src/engine/config/presets';
import { DiskFileSystem } from '../../server/src/engine/safe/fs';
import { allRules } from '../../rules/index';
import { writeTree } from '../helpers/rule-tester';
import { runCli, type CliIo } from '../../server/src/cli/main';
import { docsUrl } from '../../rules/index';

const ruleIds = new Set(allRules.map((r) => r.meta.id));
const ruleMeta = allRules.map((r) => r.meta);
const json = (v: unknown) => JSON.stringify(v, null, 2);

async function load(root: string, dir = root): Promise<ResolvedConfig> {
  return loadConfig(new DiskFileSystem(), dir, root, { ruleIds, ruleMeta });
}

/** The text a problem points at. */
function at(config: ResolvedConfig, i = 0): string {
  const p = config.problems[i];
  return fs.readFileSync(p.file, 'utf8').slice(p.start, p.end);
}

describe('config: extends', () => {
  it('leakguard:recommended sets nothing; leakguard:strict raises every rule and forbids maps', async () => {
    const rec = await load(writeTree({ '.leakguardrc.json': json({ extends: 'leakguard:recommended' }) }));
    assert.deepEqual(rec.problems, []);
    assert.equal(rec.rules.size, 0, 'recommended = the rules\' defaults (visibility scaling still applies)');

    const strict = await load(writeTree({ '.leakguardrc.json': json({ extends: ['leakguard:strict'], allowSourceMaps: 'always' }) }));
    assert.deepEqual(strict.problems, []);
    for (const meta of ruleMeta) {
      if (meta.optIn) continue;
      const sev = strict.rules.get(meta.id)?.severity;
      if (meta.family === 'sourcemap' || meta.family === 'secret') assert.equal(sev, 'error', meta.id);
      else assert.ok(sev === 'warning' || sev === 'error', `${meta.id}: ${sev}`);
    }
    assert.equal(strict.allowSourceMaps, 'always', 'the local file wins over the preset');
    assert.equal(presetLayer('leakguard:strict', ruleMeta)?.allowSourceMaps, 'never');
    const onlyStrict = await load(writeTree({ '.leakguardrc.json': json({ extends: 'leakguard:strict' }) }));
    assert.equal(onlyStrict.allowSourceMaps, 'never');
  });

  it('a relative chain: later entries and the local file override rule by rule; lists concatenate', async () => {
    const root = writeTree({
      'tools/org.json': json({ rules: { 'prompt-internal-host': 'error', 'publish-missing-files-allowlist': ['warning', { x: 1 }] }, internalScopes: ['@org'], ignore: ['a/**'] }),
      'tools/team.json': json({ extends: './org.json', rules: { 'prompt-internal-host': 'warning', 'publish-missing-files-allowlist': 'error' }, internalScopes: ['@team'], ignore: ['b/**'] }),
      'tools/other.json': json({ rules: { 'prompt-internal-host': 'hint' }, denyList: ['zephyrine'] }),
      '.leakguardrc.json': json({ extends: ['./tools/team.json', './tools/other'], rules: { 'secret-known-token-format': 'warning' }, internalScopes: ['@local'], ignore: ['c/**'] }),
    });
    const c = await load(root);
    assert.deepEqual(c.problems, []);
    assert.equal(c.rules.get('prompt-internal-host')?.severity, 'hint', 'the later extends entry wins');
    assert.equal(c.rules.get('publish-missing-files-allowlist')?.severity, 'error');
    assert.deepEqual({ ...c.rules.get('publish-missing-files-allowlist')?.options }, { x: 1 }, 'a bare severity keeps earlier options');
    assert.equal(c.rules.get('secret-known-token-format')?.severity, 'warning');
    assert.deepEqual(c.internalScopes, ['@org', '@team', '@local']);
    assert.deepEqual(c.ignore, ['a/**', 'b/**', 'c/**']);
    assert.deepEqual(c.denyList.map((d) => d.pattern), ['zephyrine']);
    assert.deepEqual(c.files.map((f) => path.relative(root, f)), ['tools/org.json', 'tools/team.json', 'tools/other.json', '.leakguardrc.json']);
    assert.equal(c.baseDir, root, 'globs stay relative to the local config');

    const localWins = await load(writeTree({ 'base.json': json({ rules: { 'prompt-internal-host': 'error' } }), '.leakguardrc.json': json({ extends: './base.json', rules: { 'prompt-internal-host': 'off' } }) }));
    assert.equal(localWins.rules.get('prompt-internal-host')?.severity, 'off');
  });

  it('packages from node_modules: main, index.json, .leakguardrc.json, subpaths; nearest node_modules first', async () => {
    const root = writeTree({
      'node_modules/@acme/leakguard-config/package.json': json({ name: '@acme/leakguard-config', main: 'config.json' }),
      'node_modules/@acme/leakguard-config/config.json': json({ internalScopes: ['@acme'], extends: './strict.json' }),
      'node_modules/@acme/leakguard-config/strict.json': json({ internalDomains: ['acme.corp'] }),
      'node_modules/plain-config/package.json': json({ name: 'plain-config', main: 'index.js' }),
      'node_modules/plain-config/index.js': 'module.exports = {}',
      'node_modules/plain-config/index.json': json({ denyList: ['fennec'] }),
      'node_modules/rc-config/package.json': json({ name: 'rc-config' }),
      'node_modules/rc-config/.leakguardrc.json': json({ allowPrompts: ['prompts/**'] }),
      'node_modules/shadowed/package.json': json({ name: 'shadowed' }),
      'node_modules/shadowed/index.json': json({ internalScopes: ['@root-copy'] }),
      'packages/app/node_modules/shadowed/package.json': json({ name: 'shadowed' }),
      'packages/app/node_modules/shadowed/index.json': json({ internalScopes: ['@nearest-copy'] }),
      'packages/app/.leakguardrc.json': json({ extends: ['@acme/leakguard-config', '@acme/leakguard-config/strict.json', 'plain-config', 'rc-config', 'shadowed'] }),
    });
    const c = await load(root, `${root}/packages/app`);
    assert.deepEqual(c.problems, []);
    assert.deepEqual(c.internalScopes, ['@acme', '@nearest-copy']);
    assert.deepEqual(c.internalDomains, ['acme.corp', 'acme.corp']);
    assert.deepEqual(c.denyList.map((d) => d.pattern), ['fennec']);
    assert.deepEqual(c.allowPrompts, ['prompts/**']);
  });

  it('never resolves outside the workspace root: parent node_modules, ../ paths and symlinks are errors at the entry', async () => {
    const outer = writeTree({
      'node_modules/@acme/leakguard-config/package.json': json({ name: '@acme/leakguard-config', main: 'index.json' }),
      'node_modules/@acme/leakguard-config/index.json': json({ internalScopes: ['@acme'] }),
      'outside.json': json({ internalScopes: ['@outside'] }),
      'ws/.leakguardrc.json': '{\n  "extends": ["@acme/leakguard-config", "../outside.json", "linked"]\n}\n',
    });
    fs.mkdirSync(`${outer}/ws/node_modules`, { recursive: true });
    fs.symlinkSync(`${outer}/node_modules/@acme/leakguard-config`, `${outer}/ws/node_modules/linked`, 'dir');
    const c = await load(`${outer}/ws`);
    assert.deepEqual(c.internalScopes, [], 'nothing from outside was applied');
    assert.equal(c.problems.length, 3, JSON.stringify(c.problems));
    assert.deepEqual(c.problems.map((_, i) => at(c, i)), ['"@acme/leakguard-config"', '"../outside.json"', '"linked"']);
    assert.match(c.problems[0].message, /Cannot find package "@acme\/leakguard-config" in node_modules/);
    assert.match(c.problems[1].message, /resolves outside the workspace/);
    assert.match(c.problems[2].message, /resolves outside the workspace/);
  });

  it('cycles are errors with the chain; unknown presets, missing files and packages are errors at the entry', async () => {
    const root = writeTree({
      'a.json': json({ extends: './b.json', internalScopes: ['@a'] }),
      'b.json': json({ extends: ['./a.json'], internalScopes: ['@b'] }),
      'node_modules/js-only/package.json': json({ name: 'js-only', main: 'index.js' }),
      'node_modules/js-only/index.js': 'module.exports = {}',
      '.leakguardrc.json': json({ extends: ['./a.json', 'leakguard:everything', './missing.json', 'no-such-package', 'js-only', './.leakguardrc.json'] }),
    });
    const c = await load(root);
    const messages = c.problems.map((p) => `${path.basename(p.file)}: ${p.message}`);
    assert.deepEqual(messages.length, 6, messages.join('\n'));
    assert.equal(messages[0], 'b.json: Circular "extends": a.json → b.json → a.json.');
    assert.equal(at(c, 0), '"./a.json"');
    assert.match(messages[1], /^\.leakguardrc\.json: Unknown preset "leakguard:everything"/);
    assert.match(messages[2], /^\.leakguardrc\.json: Cannot find "\.\/missing\.json"/);
    assert.match(messages[3], /Cannot find package "no-such-package"/);
    assert.match(messages[4], /Package "js-only" has no JSON configuration \("main" is index\.js; Leakguard never runs code/);
    assert.deepEqual(c.problems.slice(1, 5).map((_, i) => at(c, i + 1)), ['"leakguard:everything"', '"./missing.json"', '"no-such-package"', '"js-only"']);
    assert.equal(messages[5], '.leakguardrc.json: Circular "extends": .leakguardrc.json → .leakguardrc.json.');
    assert.deepEqual(c.internalScopes, ['@b', '@a'], 'the cycle is cut, the rest still applies');
  });

  it('problems inside an extended file are reported in that file, at their place', async () => {
    const root = writeTree({
      'base.json': '{\n  "rules": { "no-such-rule": "error" },\n  "visibility": "secret"\n}\n',
      '.leakguardrc.json': json({ extends: './base.json', extendz: true }),
    });
    const c = await load(root);
    assert.deepEqual(c.problems.map((p) => [path.basename(p.file), p.message]), [
      ['.leakguardrc.json', 'Unknown option "extendz".'],
      ['base.json', 'Unknown rule "no-such-rule".'],
      ['base.json', '"visibility" must be "auto", "proprietary" or "open-source".'],
    ]);
    assert.equal(at(c, 1), '"no-such-rule"');
    assert.equal(at(c, 2), '"secret"');
    const badType = await load(writeTree({ '.leakguardrc.json': json({ extends: [42] }) }));
    assert.match(badType.problems[0].message, /"extends" must be a string or an array of strings/);
  });

  it('the CLI exits 2 naming file, line and column for an unresolvable extends and for errors in an extended file', async () => {
    const root = writeTree({
      'package.json': json({ name: 'x', version: '1.0.0', files: ['index.js'] }),
      'index.js': '1',
      'tools/base.json': '{\n  "rules": {\n    "sourcemap-in-publish-set": "loud"\n  }\n}\n',
      '.leakguardrc.json': '{\n  "extends": ["./tools/base.json", "@acme/missing"]\n}\n',
    });
    let stdout = '';
    const io: CliIo = { stdout: (t) => (stdout += t), stderr: () => undefined, cwd: root, isTTY: false, env: {} };
    assert.equal(await runCli(['check'], io, { rules: allRules, docsUrl, version: 'test' }), 2);
    assert.match(stdout, /\.leakguardrc\.json:2:36\s+error\s+Cannot find package "@acme\/missing"/);
    assert.match(stdout, /tools\/base\.json:3:33\s+error\s+Invalid setting for "sourcemap-in-publish-set"/);
  });
});
