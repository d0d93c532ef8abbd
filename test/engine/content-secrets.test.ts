import * as assert from 'node:assert/strict';
import { findSecrets, findExtraSecrets, secretlintPrefilter, redact, secretHash, isFixturePath, isPlaceholder } from '../../server/src/engine/content';
import { findRegistryTokens, registryConfigKind } from '../../server/src/engine/content';
import { SAMPLES, AWS_ACCESS_KEY_ID } from './content-samples';

const wrap = (k: string, v: string) => (k === 'awsSecret' ? `aws_secret_access_key = "${v}"` : `const x = "${v}";`);

describe('content: secrets', () => {
  for (const [name, value] of Object.entries(SAMPLES)) {
    it(`finds ${name}, redacted, without leaking the value`, async () => {
      const text = wrap(name, value);
      const found = await findSecrets(text, { relPath: 'src/a.js' });
      assert.equal(found.length, 1, JSON.stringify(found));
      const m = found[0];
      assert.ok(m.start >= text.indexOf(value.slice(0, 4)) - 12 && m.end <= text.length);
      assert.ok(!JSON.stringify(m).includes(value), 'match must not contain the secret');
      assert.equal(m.fixture, false);
    });
  }

  it('prefilter covers every secretlint sample (or the extra patterns do)', () => {
    for (const [name, value] of Object.entries(SAMPLES)) {
      const text = wrap(name, value);
      assert.ok(secretlintPrefilter(text).length > 0 || findExtraSecrets(text).length > 0, name);
    }
  });

  it('skips text without keywords and placeholders', async () => {
    assert.deepEqual(await findSecrets('const a = 1; // nothing to see, account settings'), []);
    // gitleaks reports bare AWS key ids; Leakguard keeps them one level lower (an id is not the secret key).
    assert.deepEqual((await findSecrets(`const id = "${AWS_ACCESS_KEY_ID}";`)).map((m) => [m.type, m.confidence]), [['aws-access-token', 'low']]);
    assert.deepEqual(await findSecrets('token = "gh' + 'p_' + 'x'.repeat(36) + '"'), []);
    assert.deepEqual(await findSecrets('key: "sk-ant-' + 'admin01-' + 'EXAMPLE'.repeat(13) + 'AA12AA"'), []);
  });

  it('does not match inside longer identifiers (boundary traps)', async () => {
    assert.deepEqual(findExtraSecrets('x' + SAMPLES.anthropicAdmin + 'Z'), []);
    assert.deepEqual(findExtraSecrets(SAMPLES.huggingface + 'abc'), []);
  });

  it('flags fixture paths instead of dropping them', async () => {
    const found = await findSecrets(wrap('github', SAMPLES.github), { relPath: 'test/fixtures/a.js' });
    assert.equal(found.length, 1);
    assert.equal(found[0].fixture, true);
    for (const p of ['test/a.js', 'src/__tests__/x.ts', 'fixtures/k.json', 'src/a.test.ts', 'lib/x.spec.js']) assert.ok(isFixturePath(p), p);
    for (const p of ['src/a.js', 'dist/testing.js', 'lib/contest/a.js']) assert.ok(!isFixturePath(p), p);
  });

  it('finds a secret in the middle of a 10 MB single-line bundle (windowed secretlint)', async () => {
    const chunk = 'function a(b,c){return b.account+c.secretKey||"https://example.com/x"}var q=[1,2,3];';
    const big = chunk.repeat(Math.ceil(10e6 / chunk.length));
    const text = big.slice(0, 5e6) + `"${SAMPLES.github}"` + big.slice(5e6) + `"${SAMPLES.npm}"`;
    const found = await findSecrets(text);
    assert.deepEqual(found.map((f) => f.provider), ['github', 'npm']);
    assert.equal(text.slice(found[0].start, found[0].end), SAMPLES.github);
    assert.equal(text.slice(found[1].start, found[1].end), SAMPLES.npm);
  });

  it('never throws on odd input', async () => {
    for (const t of ['', '\u0000\u0001', '\ud800', 'sk-ant-'.repeat(10000), '-----BEGIN PRIVATE KEY-----'.repeat(500)]) {
      await findSecrets(t);
    }
  });

  it('redact shows at most 4 characters and the length', () => {
    assert.equal(redact(SAMPLES.github), 'ghp_…(40)');
    assert.equal(redact('hunter2'), 'h…(7)');
    assert.equal(redact('abc'), '…(3)');
    assert.equal(secretHash('a'), secretHash('a'));
    assert.notEqual(secretHash('a'), secretHash('b'));
    assert.ok(isPlaceholder('${NPM_TOKEN}') && isPlaceholder('your_api_key') && !isPlaceholder(SAMPLES.npm));
  });
});

describe('content: registry tokens', () => {
  const tok = SAMPLES.npm;
  it('knows the config files', () => {
    assert.equal(registryConfigKind('a/.npmrc'), 'npmrc');
    assert.equal(registryConfigKind('.yarnrc.yml'), 'yarnrc-yml');
    assert.equal(registryConfigKind('bunfig.toml'), 'bunfig');
    assert.equal(registryConfigKind('npmrc'), undefined);
  });

  it('finds literal npmrc tokens with their registry and offers ${NPM_TOKEN}', () => {
    const text = `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${tok}\n_auth = dXNlcjpwYXNzd29yZDEyMw==\n`;
    const found = findRegistryTokens(text, '.npmrc');
    assert.deepEqual(found.map((f) => [f.key, f.registry, f.replacement]), [
      ['_authToken', '//registry.npmjs.org/', '${NPM_TOKEN}'],
      ['_auth', undefined, '${NPM_AUTH}'],
    ]);
    assert.equal(text.slice(found[0].start, found[0].end), tok);
    assert.ok(!JSON.stringify(found).includes(tok));
  });

  it('ignores environment references (traps)', () => {
    assert.deepEqual(findRegistryTokens('//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n', '.npmrc'), []);
    assert.deepEqual(findRegistryTokens('npmAuthToken: "${NPM_AUTH_TOKEN}"\n', '.yarnrc.yml'), []);
    assert.deepEqual(findRegistryTokens('[install.scopes]\nacme = { token = "$ACME_TOKEN", url = "https://npm.acme.corp/" }\n', 'bunfig.toml'), []);
    assert.deepEqual(findRegistryTokens(`//registry.npmjs.org/:_authToken=${tok}\n`, 'src/readme.md'), []);
  });

  it('finds yarnrc.yml and bunfig.toml literals', () => {
    const y = findRegistryTokens(`npmScopes:\n  acme:\n    npmAuthToken: "${tok}"\n`, '.yarnrc.yml');
    assert.equal(y.length, 1);
    assert.equal(y[0].replacement, '"${NPM_TOKEN}"');
    const b = findRegistryTokens(`[install.scopes]\nacme = { token = "${tok}", url = "https://npm.acme.corp/" }\n`, 'bunfig.toml');
    assert.equal(b.length, 1);
    assert.equal(b[0].replacement, '"$NPM_TOKEN"');
    assert.equal(`[install.scopes]\nacme = { token = "${tok}"`.slice(b[0].start, b[0].end), `"${tok}"`);
  });
});
