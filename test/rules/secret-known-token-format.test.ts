import * as assert from 'node:assert/strict';
import rule from '../../rules/secret-known-token-format';
import { ruleTester } from '../helpers/rule-tester';
import { SAMPLES } from '../engine/content-samples';

const pkg = JSON.stringify({ name: 'svc', version: '1.0.0', main: 'index.js' });
const key = ['-----BEGIN ', 'RSA PRIVATE KEY', '-----\n', 'MIIEow' + 'IBAAKCAQEA'.repeat(8) + '\n', 'q'.repeat(64), '\n-----END ', 'RSA PRIVATE KEY', '-----'].join('');
const pw = ['Zq8', 'Lm3', 'Np7'].join('');

ruleTester(rule, {
  valid: [
    { name: 'placeholders, env references and prose', code: 'const a = process.env.GITHUB_TOKEN; // use ghp_xxxxxxxx\nconst b = "sk-ant-api03-EXAMPLE";\nconst c = "${NPM_TOKEN}";\n' },
    // claude-code 2.1.88 cli.js.map → marketplaceManager.ts: a comment with a placeholder clone URL.
    { name: 'placeholder URL credentials are not basic auth (user:token@github.com, a:b@host)', filename: 'src/utils/plugins/marketplace.ts', code: '// Private repos: git clone https://user:token@github.com/org/repo\nconst u = new URL("https://a:b@example.org");\n' },
  ],
  invalid: [
    {
      name: 'an error on a shipped file, redacted, with a hashed key',
      files: { 'package.json': pkg, 'index.js': `module.exports = { t: "${SAMPLES.github}", a: "${SAMPLES.anthropicAdmin}" };` },
      errors: [{ messageId: 'shipped', severity: 'error', data: { provider: 'github' } }, { messageId: 'shipped', severity: 'error', data: { provider: 'anthropic' } }],
      check: (f) => {
        const all = JSON.stringify(f);
        assert.ok(!all.includes(SAMPLES.github) && !all.includes(SAMPLES.anthropicAdmin), 'no full secret in findings');
        assert.match(f[0].message, /^A GitHub token \(ghp_…, 40 characters\) will be published/);
      },
    },
    {
      name: 'says which kind of private key, showing its header only (issue #17: "privatekey credential ----…(1703)")',
      files: { 'package.json': pkg, 'key.txt': key },
      errors: 1,
      check: (f) => {
        assert.match(f[0].message, /^An RSA private key \(-----BEGIN RSA PRIVATE KEY-----…, [\d,]+ characters\) will be published/);
        assert.ok(!f[0].message.includes('MIIEow'));
      },
    },
    {
      name: 'a warning in a repo-only (open) document, offering process.env',
      filename: 'src/config.ts',
      code: `export const token = "${SAMPLES.npm}";\n`,
      errors: [{ messageId: 'repo', severity: 'warning' }],
      check: (f) => assert.equal(f[0].suggestions[0].edits[0].edits[0].newText, 'process.env.NPM_TOKEN'),
    },
    {
      name: 'shipped fixtures are lowered one level instead of dropped',
      files: { 'package.json': pkg, 'index.js': 'x', 'test/fixtures/keys.js': `"${SAMPLES.slack}"` },
      errors: [{ messageId: 'shipped', severity: 'warning' }],
    },
    {
      name: 'a secret inside a source embedded in a shipped map',
      files: { 'package.json': pkg, 'index.js': 'x', 'dist/cli.js.map': JSON.stringify({ version: 3, sources: ['../src/keys.ts'], sourcesContent: [`export const k = "${SAMPLES.anthropicOauth}";\n`], mappings: '', names: [] }) },
      errors: 1,
      check: (f) => assert.ok(f.some((x) => x.embedded?.source === '../src/keys.ts'), JSON.stringify(f.map((x) => [x.file, x.embedded]))),
    },
    { name: 'a real-looking password in a URL still fires', code: `const u = "https://deploy:${pw}@git.acme.io/r";\n`, errors: 1 },
  ],
});
