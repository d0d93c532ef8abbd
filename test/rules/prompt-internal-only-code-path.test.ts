import rule from '../../rules/prompt-internal-only-code-path';
import { ruleTester } from '../helpers/rule-tester';

const ID = 'prompt-internal-only-code-path';

ruleTester(rule, {
  valid: [
    // Traps: ordinary env checks and look-alike identifiers, and prose in markdown.
    { code: "if (process.env.NODE_ENV === 'production') {} const isInternalized = 1;" },
    { filename: 'README.md', code: 'Set USER_TYPE === "ant" to test; isInternalUser()' },
  ],
  invalid: [
    {
      name: 'USER_TYPE checks, isInternalUser and INTERNAL_* gates',
      filename: 'src/gate.ts',
      code: "if (process.env.USER_TYPE === 'ant') enableUltraplan();\nif (isEmployee) {}\nconst u = process.env.INTERNAL_API;\n",
      errors: [{ messageId: 'envGate' }, { messageId: 'employeeCheck' }, { messageId: 'internalIdentifier' }, { messageId: 'envGate' }],
    },
    {
      name: 'team markers come from options',
      code: "if (role === 'acmer') {}",
      config: { rules: { [ID]: ['info', { markers: ['acmer'] }] } },
      errors: 1,
    },
  ],
});
