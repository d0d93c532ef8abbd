import * as assert from 'node:assert/strict';
import rule from '../../rules/prompt-unreleased-feature-flag';
import { runOnTree, runOnText } from '../helpers/rule-tester';

const ID = 'prompt-unreleased-feature-flag';
const pkg = JSON.stringify({ name: 'cli', version: '1.0.0', main: 'cli.js' });

describe(ID, () => {
  it('warns on unreleased keys and compile-time residue, and inventories the rest of a shipped file', async () => {
    const code = 'gb.isOn("exp_ultraplan");gb.isOn("tengu_theme");statsig.checkGate("search_v2");if(feature("KAIROS")){}';
    const { findings } = await runOnTree({ 'package.json': pkg, 'cli.js': code }, { rules: [rule], config: { unreleasedFlagPatterns: ['^exp_'] } });
    const f = findings.filter((x) => x.ruleId === ID);
    assert.deepEqual(f.map((x) => [x.messageId, x.data.key ?? x.data.count]).sort(), [['compileTime', 'KAIROS'], ['inventory', 2], ['unreleased', 'exp_ultraplan']]);
    assert.equal(f.find((x) => x.messageId === 'inventory')!.severity, 'info');
  });

  it('deny-listed flag names are unreleased; open documents get no inventory (traps)', async () => {
    const f = (await runOnText(rule, 'src/a.ts', 'client.isOn("tengu_kairos"); client.isOn("dark_mode"); map.getValue("k");', { config: { denyList: [{ pattern: 'kairos', kind: 'flag' }] } })).filter((x) => x.ruleId === ID);
    assert.deepEqual(f.map((x) => [x.messageId, x.data.key]), [['unreleased', 'tengu_kairos']]);
  });
});
