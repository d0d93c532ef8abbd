import * as assert from 'node:assert/strict';
import rule from '../../rules/prompt-internal-only-code-path';
import { runOnText } from '../helpers/rule-tester';

const ID = 'prompt-internal-only-code-path';

describe(ID, () => {
  it('finds USER_TYPE checks, isInternalUser and INTERNAL_* gates', async () => {
    const text = "if (process.env.USER_TYPE === 'ant') enableUltraplan();\nif (isEmployee) {}\nconst u = process.env.INTERNAL_API;\n";
    const f = (await runOnText(rule, 'src/gate.ts', text)).filter((x) => x.ruleId === ID);
    assert.deepEqual(f.map((x) => x.messageId), ['envGate', 'employeeCheck', 'internalIdentifier', 'envGate']);
  });

  it('team markers come from options; prose, markdown and ordinary env checks do not fire (traps)', async () => {
    const config = { rules: { [ID]: ['info', { markers: ['acmer'] }] } };
    assert.equal((await runOnText(rule, 'src/a.ts', "if (role === 'acmer') {}", { config })).filter((x) => x.ruleId === ID).length, 1);
    assert.deepEqual((await runOnText(rule, 'src/a.ts', "if (process.env.NODE_ENV === 'production') {} const isInternalized = 1;")).filter((x) => x.ruleId === ID), []);
    assert.deepEqual((await runOnText(rule, 'README.md', 'Set USER_TYPE === "ant" to test; isInternalUser()')).filter((x) => x.ruleId === ID), []);
  });
});
