/**
 * `locked`: a rule locked by an extended (org) configuration cannot be turned off or lowered
 * below the level it was locked at, by a downstream config, an override, the editor/CLI settings
 * or an inline suppression; each attempt is reported where it is written.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { loadConfig, type ResolvedConfig } from '../../server/src/engine/config';
import { effectiveSetting } from '../../server/src/engine/runner';
import { DiskFileSystem } from '../../server/src/engine/safe/fs';
import { allRules, rulesById } from '../../rules/index';
import codename from '../../rules/prompt-internal-codename';
import configInvalid from '../../rules/leakguard-config-invalid';
import { writeTree, analyzeRoot } from '../helpers/rule-tester';

const ruleIds = new Set(allRules.map((r) => r.meta.id));
const ruleMeta = allRules.map((r) => r.meta);
const json = (v: unknown) => JSON.stringify(v, null, 2);
const CODENAME = 'prompt-internal-codename';

async function load(root: string): Promise<ResolvedConfig> {
  return loadConfig(new DiskFileSystem(), root, root, { ruleIds, ruleMeta });
}
const textAt = (c: ResolvedConfig, i: number) => fs.readFileSync(c.problems[i].file, 'utf8').slice(c.problems[i].start, c.problems[i].end);

describe('config: locked rules', () => {
  it('a downstream "off" or a lower level is a problem at that place and is not applied; raising is fine', async () => {
    const root = writeTree({
      'node_modules/@acme/leakguard-config/package.json': json({ name: '@acme/leakguard-config', main: 'org.json' }),
      'node_modules/@acme/leakguard-config/org.json': json({ rules: { 'prompt-internal-host': 'warning' }, locked: ['sourcemap-sources-content', 'prompt-internal-host'] }),
      '.leakguardrc.json': [
        '{',
        '  "extends": "@acme/leakguard-config",',
        '  "rules": {',
        '    "sourcemap-sources-content": "off",',
        '    "prompt-internal-host": "info",',
        '    "secret-known-token-format": "off"',
        '  },',
        '  "overrides": [{ "files": ["test/**"], "rules": { "sourcemap-sources-content": "off", "prompt-internal-host": "error" } }]',
        '}',
      ].join('\n'),
    });
    const c = await load(root);
    const smDefault = rulesById.get('sourcemap-sources-content')!.meta.defaultSeverity;
    assert.deepEqual(c.problems.map((p) => p.message), [
      `Rule "sourcemap-sources-content" is locked at "${smDefault}" by node_modules/@acme/leakguard-config/org.json and cannot be turned off.`,
      'Rule "prompt-internal-host" is locked at "warning" by node_modules/@acme/leakguard-config/org.json and cannot be lowered to "info".',
      `Rule "sourcemap-sources-content" is locked at "${smDefault}" by node_modules/@acme/leakguard-config/org.json and cannot be turned off in an override.`,
    ]);
    assert.deepEqual([0, 1, 2].map((i) => textAt(c, i)), ['"sourcemap-sources-content": "off"', '"prompt-internal-host": "info"', '"sourcemap-sources-content": "off"']);
    assert.ok(c.problems.every((p) => p.file === `${root}/.leakguardrc.json`));
    assert.equal(c.rules.get('sourcemap-sources-content'), undefined, 'the "off" was not applied');
    assert.equal(c.rules.get('prompt-internal-host')?.severity, 'warning');
    assert.equal(c.rules.get('secret-known-token-format')?.severity, 'off', 'unlocked rules can be turned off');
    assert.deepEqual([...c.overrides[0].rules.keys()], ['prompt-internal-host'], 'raising a locked rule is allowed');
    assert.deepEqual(c.locked, ['sourcemap-sources-content', 'prompt-internal-host']);
  });

  it('the locked level comes from the config that locked it: editor/CLI settings cannot go below it', async () => {
    const root = writeTree({
      'org.json': json({ rules: { 'secret-known-token-format': 'warning', [CODENAME]: 'info' }, locked: ['secret-known-token-format', CODENAME, 'sourcemap-url-comment'] }),
      '.leakguardrc.json': json({ extends: './org.json' }),
    });
    const c = await load(root);
    assert.deepEqual(c.problems, []);
    const meta = (id: string) => rulesById.get(id)!.meta;
    const eff = (id: string, s: 'off' | 'hint' | 'info' | 'warning' | 'error') => effectiveSetting(meta(id), c, new Map([[id, s]]), undefined).severity;
    // secret-known-token-format defaults to error but was locked at warning: info is lifted to warning, not to the default.
    assert.equal(meta('secret-known-token-format').defaultSeverity, 'error');
    assert.equal(eff('secret-known-token-format', 'info'), 'warning');
    assert.equal(eff('secret-known-token-format', 'off'), 'warning');
    assert.equal(eff('secret-known-token-format', 'error'), 'error');
    // Locked at info: info is allowed, off is not.
    assert.equal(eff(CODENAME, 'info'), 'info');
    assert.equal(eff(CODENAME, 'off'), 'info');
    // Locked with no level of its own: the rule's default is the floor.
    assert.equal(eff('sourcemap-url-comment', 'off'), meta('sourcemap-url-comment').defaultSeverity);
    // An unlocked rule follows the setting.
    assert.equal(eff('prompt-internal-host', 'off'), 'off');
  });

  it('through the runner: a locked rule still reports after "off" and a suppression, and both attempts are reported', async () => {
    const root = writeTree({
      'package.json': json({ name: 'cli', version: '1.0.0', main: 'cli.js', files: ['cli.js'] }),
      'cli.js': '// leakguard-disable-next-line prompt-internal-codename -- we know\nconst model = "zephyrine";\n',
      'org.json': json({ denyList: ['zephyrine'], locked: [CODENAME] }),
      '.leakguardrc.json': json({ extends: './org.json', rules: { [CODENAME]: 'off' } }),
    });
    const { findings } = await analyzeRoot(root, { rules: [codename, configInvalid] });
    const hits = findings.filter((f) => f.ruleId === CODENAME);
    assert.equal(hits.length, 1);
    assert.equal(hits[0].severity, 'error');
    const problems = findings.filter((f) => f.ruleId === 'leakguard-config-invalid').map((f) => `${f.file.slice(root.length + 1)}: ${f.message}`).sort();
    assert.deepEqual(problems, [
      '.leakguardrc.json: Rule "prompt-internal-codename" is locked by org.json and cannot be turned off.'.replace('locked by', `locked at "${rulesById.get(CODENAME)!.meta.defaultSeverity}" by`),
      `cli.js: Rule "${CODENAME}" is locked by the team configuration and cannot be suppressed.`,
    ]);

    // Without the lock, the same "off" and suppression are honoured.
    fs.writeFileSync(`${root}/org.json`, json({ denyList: ['zephyrine'] }));
    const unlocked = await analyzeRoot(root, { rules: [codename, configInvalid] });
    assert.deepEqual(unlocked.findings, []);
  });

  it('unknown ids in "locked" are reported at the entry', async () => {
    const c = await load(writeTree({ '.leakguardrc.json': json({ locked: ['sourcemap-sources-content', 'no-such-rule'] }) }));
    assert.deepEqual(c.problems.map((p) => p.message), ['Unknown rule "no-such-rule" in "locked".']);
    assert.equal(textAt(c, 0), '"no-such-rule"');
    assert.deepEqual(c.locked, ['sourcemap-sources-content']);
  });
});
