import * as assert from 'node:assert/strict';
import rule from '../../rules/prompt-unreleased-feature-flag';
import { ruleTester } from '../helpers/rule-tester';

const pkg = JSON.stringify({ name: 'cli', version: '1.0.0', main: 'cli.js' });

ruleTester(rule, {
  valid: [],
  invalid: [
    {
      name: 'unreleased keys and compile-time residue warn; the rest of a shipped file is inventoried (info)',
      files: { 'package.json': pkg, 'cli.js': 'gb.isOn("exp_ultraplan");gb.isOn("tengu_theme");statsig.checkGate("search_v2");if(feature("KAIROS")){}' },
      config: { unreleasedFlagPatterns: ['^exp_'] },
      errors: 3,
      check: (f) => {
        assert.deepEqual(f.map((x) => [x.messageId, x.data.key ?? x.data.count]).sort(), [['compileTime', 'KAIROS'], ['inventory', 2], ['unreleased', 'exp_ultraplan']]);
        assert.equal(f.find((x) => x.messageId === 'inventory')!.severity, 'info');
      },
    },
    {
      // Trap inside: dark_mode and getValue("k") are not unreleased, and an open document gets no inventory.
      name: 'deny-listed flag names are unreleased; open documents get no inventory',
      code: 'client.isOn("tengu_kairos"); client.isOn("dark_mode"); map.getValue("k");',
      config: { denyList: [{ pattern: 'kairos', kind: 'flag' }] },
      errors: [{ messageId: 'unreleased', data: { key: 'tengu_kairos' } }],
    },
  ],
});
