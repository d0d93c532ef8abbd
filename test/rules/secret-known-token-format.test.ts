import * as assert from 'node:assert/strict';
import rule from '../../rules/secret-known-token-format';
import { runOnTree, runOnText } from '../helpers/rule-tester';
import { SAMPLES } from '../engine/content-samples';

const ID = 'secret-known-token-format';
const pkg = JSON.stringify({ name: 'svc', version: '1.0.0', main: 'index.js' });

describe(ID, () => {
  it('fires as an error on a shipped file, redacted, with a hashed key', async () => {
    const { findings } = await runOnTree({ 'package.json': pkg, 'index.js': `module.exports = { t: "${SAMPLES.github}", a: "${SAMPLES.anthropicAdmin}" };` }, { rules: [rule] });
    const f = findings.filter((x) => x.ruleId === ID);
    assert.deepEqual(f.map((x) => [x.severity, x.data.provider]), [['error', 'github'], ['error', 'anthropic']]);
    const all = JSON.stringify(f);
    assert.ok(!all.includes(SAMPLES.github) && !all.includes(SAMPLES.anthropicAdmin), 'no full secret in findings');
    assert.match(f[0].message, /^A GitHub token \(ghp_…, 40 characters\) will be published/);
  });

  it('says which kind of private key, showing its header only (issue #17: "privatekey credential ----…(1703)")', async () => {
    const key = ['-----BEGIN ', 'RSA PRIVATE KEY', '-----\n', 'MIIEow' + 'IBAAKCAQEA'.repeat(8) + '\n', 'q'.repeat(64), '\n-----END ', 'RSA PRIVATE KEY', '-----'].join('');
    const { findings } = await runOnTree({ 'package.json': pkg, 'key.txt': key }, { rules: [rule] });
    const f = findings.filter((x) => x.ruleId === ID);
    assert.equal(f.length, 1, JSON.stringify(findings.map((x) => x.message)));
    assert.match(f[0].message, /^An RSA private key \(-----BEGIN RSA PRIVATE KEY-----…, [\d,]+ characters\) will be published/);
    assert.ok(!f[0].message.includes('MIIEow'));
  });

  it('is a warning in a repo-only (open) document and offers process.env', async () => {
    const f = (await runOnText(rule, 'src/config.ts', `export const token = "${SAMPLES.npm}";\n`)).filter((x) => x.ruleId === ID);
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'warning');
    assert.equal(f[0].suggestions[0].edits[0].edits[0].newText, 'process.env.NPM_TOKEN');
  });

  it('lowers shipped fixtures one level instead of dropping them', async () => {
    const { findings } = await runOnTree({ 'package.json': pkg, 'index.js': 'x', 'test/fixtures/keys.js': `"${SAMPLES.slack}"` }, { rules: [rule] });
    assert.deepEqual(findings.filter((x) => x.ruleId === ID).map((x) => x.severity), ['warning']);
  });

  it('finds a secret inside a source embedded in a shipped map', async () => {
    const map = JSON.stringify({ version: 3, sources: ['../src/keys.ts'], sourcesContent: [`export const k = "${SAMPLES.anthropicOauth}";\n`], mappings: '', names: [] });
    const { findings } = await runOnTree({ 'package.json': pkg, 'index.js': 'x', 'dist/cli.js.map': map }, { rules: [rule] });
    const f = findings.filter((x) => x.ruleId === ID);
    assert.ok(f.some((x) => x.embedded?.source === '../src/keys.ts'), JSON.stringify(f.map((x) => [x.file, x.embedded])));
  });

  it('does not fire on placeholders, env references or prose (traps)', async () => {
    const text = 'const a = process.env.GITHUB_TOKEN; // use ghp_xxxxxxxx\nconst b = "sk-ant-api03-EXAMPLE";\nconst c = "${NPM_TOKEN}";\n';
    assert.deepEqual((await runOnText(rule, 'src/a.ts', text)).filter((x) => x.ruleId === ID), []);
  });

  // claude-code 2.1.88 cli.js.map → marketplaceManager.ts: a comment with a placeholder clone URL.
  it('does not take placeholder URL credentials for basic auth (user:token@github.com, a:b@host)', async () => {
    const text = '// Private repos: git clone https://user:token@github.com/org/repo\nconst u = new URL("https://a:b@example.org");\n';
    assert.deepEqual((await runOnText(rule, 'src/utils/plugins/marketplace.ts', text)).filter((x) => x.ruleId === ID), []);
    const pw = ['Zq8', 'Lm3', 'Np7'].join('');
    const real = (await runOnText(rule, 'src/a.ts', `const u = "https://deploy:${pw}@git.acme.io/r";\n`)).filter((x) => x.ruleId === ID);
    assert.equal(real.length, 1, 'a real-looking password in a URL still fires');
  });
});

describe('secret-known-token-format: anonymous URL credentials (issue #23, zod tests quoting MDN)', () => {
  it('does not report anonymous:…@ as a basic-auth secret; a named user still is', async () => {
    const anon = `url.parse("https://anonymous:${'flab' + 'ada'}@developer.mozilla.org/en-US/docs/Web/API/URL/password");\n`;
    assert.deepEqual((await runOnText(rule, 'src/a.ts', anon)).filter((f) => f.ruleId === rule.meta.id), []);
    const named = `const u = "https://deploy:${'Zq8L' + 'm3Np7Rt'}@git.acme.io/r";\n`;
    assert.equal((await runOnText(rule, 'src/a.ts', named)).filter((f) => f.ruleId === rule.meta.id).length, 1);
  });
});
