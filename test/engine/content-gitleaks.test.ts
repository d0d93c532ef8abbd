/**
 * Issue #19: gitleaks' rules as data, Leakguard's own formats, checksums, and the traps.
 * Every credential here is assembled at run time from pieces; none is real.
 */
import { strict as assert } from 'node:assert';
import { findSecrets, classifyJwt, checksumFails, base62Checksum } from '../../server/src/engine/content/secrets';
import { findGitleaksSecrets, gitleaksRuleIds, gitleaksRulePlan } from '../../server/src/engine/content/gitleaks';
import { sampleRegex, reseed } from '../helpers/regex-sample';
import { readFileSync } from 'node:fs';
import { classifyCredentialFile, isSecretStoreName } from '../../server/src/engine/content/credential-files';
import { GITLEAKS_RULES } from '../../server/src/engine/content/gitleaks-rules';

const rep = (s: string, n: number) => s.repeat(n);
const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (payload: object) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}.${rep('Qk9xT2pZ', 5)}w3`;
const pgp = '-----BEGIN PGP PRIV' + 'ATE KEY BLOCK-----\n\n' + Array.from({ length: 10 }, (_, i) => 'lQdGBF' + rep('x9Kq2Lm7Pz', 6).slice(i, i + 58)).join('\n') + '\n=Ab12\n-----END PGP PRIV' + 'ATE KEY BLOCK-----\n';
const types = async (text: string, relPath = 'lib/index.js') => (await findSecrets(text, { relPath })).map((m) => `${m.type}:${m.confidence}`);

describe('content: gitleaks rules and issue #19 formats', () => {
  it('carries every gitleaks default rule with a compilable regex and keywords', () => {
    assert.ok(GITLEAKS_RULES.length >= 200, `only ${GITLEAKS_RULES.length} rules`);
    for (const r of GITLEAKS_RULES) if (r.regex) assert.doesNotThrow(() => new RegExp(r.regex!, 'd'), r.id);
    assert.equal(gitleaksRuleIds().length, GITLEAKS_RULES.filter((r) => r.regex).length);
  });

  it('property: a generated token of every gitleaks format is found, and the fast path equals a full-text scan', () => {
    // Filler from a real bundle: the token sits in the middle of 64 KB of minified-style code.
    const filler = readFileSync(require.resolve('typescript/lib/typescript.js'), 'utf8').slice(2_000_000, 2_065_536);
    const found: string[] = [];
    const missing: string[] = [];
    for (const rule of GITLEAKS_RULES) {
      if (!rule.regex) continue;
      const ext = ['.txt', '.tf', '.yaml', '.env'].find((e) => !rule.path || new RegExp(rule.path).test(`src/x${e}`))!;
      reseed([...rule.id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7));
      let hit = false;
      for (let attempt = 0; attempt < 120 && !hit; attempt++) {
        let s: string;
        try {
          s = sampleRegex(rule.regex);
        } catch {
          break;
        }
        if (!new RegExp(rule.regex).test(s)) continue;
        const text = `${filler.slice(0, 30_000)}\n${s}\n${filler.slice(30_000)}`;
        const only = new Set([rule.id]);
        const fast = findGitleaksSecrets(text, `src/x${ext}`, only);
        const full = findGitleaksSecrets(text, `src/x${ext}`, only, true);
        assert.deepEqual(fast, full, `${rule.id}: keyword/sticky/window path differs from a full scan`);
        hit = fast.some((m) => m.start >= 30_000 && m.start <= 30_001 + s.length);
      }
      (hit ? found : missing).push(rule.id);
    }
    console.log(`      ${found.length} formats found by sampling; not sampled: ${missing.join(', ')}`);
    assert.ok(found.length >= 200, `only ${found.length} formats found; missing ${missing.join(', ')}`);
  }).timeout(120_000);

  it('runs the key = value rules sticky at their keywords, and the others around them', () => {
    const plan = gitleaksRulePlan();
    assert.equal(plan.get('generic-api-key'), 'sticky');
    assert.equal(plan.get('github-pat'), 'sticky');
    assert.equal(plan.get('typeform-api-token'), 'window'); // keyword `tfp_` is in the value, not the name
    assert.equal(plan.get('private-key'), 'sticky');
    assert.equal(plan.get('vault-service-token'), 'sticky'); // \b((?:hvs\.…|s\.…)): each alternative spells a keyword
  });

  for (const [where, text] of [['a file named secret', pgp], ['notes.txt', 'key:\n' + pgp], ['a JS string', `module.exports = ${JSON.stringify(pgp)};`]] as const) {
    it(`finds a PGP private key block in ${where}`, async () => {
      assert.deepEqual(await types(text, where === 'a JS string' ? 'index.js' : where.replace('a file named ', '')), ['private-key:high']);
    });
  }

  it('finds an Azure storage account key in a connection string, not the Azurite development key', async () => {
    const conn = `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${rep('Zq3+Wm8/Lp2x', 7)}Zq==;EndpointSuffix=core.windows.net`;
    assert.ok((await types(conn)).includes('AzureStorageAccountKey:high'));
    const azurite = 'AccountName=devstoreaccount1;AccountKey=' + ['Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq', '/K1SZFPTOtr/KBHBeksoGMGw=='].join('') + ';';
    assert.deepEqual(await types(azurite), []);
  });

  it('reads a JWT: service_role is a privileged key, anon and jwt.io samples are not reported', async () => {
    assert.equal(classifyJwt(jwt({ role: 'service' + '_role', iss: 'supabase' })), 'privileged');
    assert.equal(classifyJwt(jwt({ role: 'anon', iss: 'supabase' })), 'ignore');
    assert.equal(classifyJwt(jwt({ sub: '1234567890', name: 'John Doe' })), 'ignore');
    assert.equal(classifyJwt('eyJ' + rep('nodecode', 4) + '.eyJ' + rep('nope', 6) + '.x'), 'ignore');
    assert.deepEqual(await types(`const key = "${jwt({ iss: 'supabase', role: 'service' + '_role', exp: 2000000000 })}";`), ['JwtPrivilegedRole:high']);
    assert.deepEqual(await types(`const key = "${jwt({ iss: 'supabase', role: 'anon' })}";`), []);
    assert.deepEqual(await types(`const t = "${jwt({ sub: 'user-42', exp: 2000000000 })}";`), ['jwt:low']);
  });

  it('finds Databricks tokens (secretlint 13 has them, the 11.x preset does not)', async () => {
    assert.deepEqual(await types('DATABRICKS_TOKEN = "' + 'dapi' + rep('0a9b8c7d', 4) + '"'), ['databricks-api-token:high']);
  });

  it('checks the CRC32 of GitHub and npm tokens', () => {
    const body = rep('Xk7Pq2', 5);
    assert.equal(checksumFails('gh' + 'p_' + body + base62Checksum(body)), false);
    assert.equal(checksumFails('gh' + 'p_' + body + 'AAAAAA'), true);
    assert.equal(checksumFails('np' + 'm_' + body + base62Checksum(body)), false);
    assert.equal(checksumFails('np' + 'm_' + body + 'zzzzzz'), true);
  });

  it('reports nothing on the traps: placeholders, hashes, UUIDs, SRI, public keys, regex sources, identifiers', async () => {
    const traps = [
      'GITHUB_TOKEN=' + 'gh' + 'p_' + 'x'.repeat(36),
      'api_key = "<your-key>"',
      'OPENAI_API_KEY=sk-...',
      'aws_access_key_id = ' + 'AK' + 'IA' + 'IOSFODNN7' + 'EXAMPLE',
      'stripe_key: ' + 'sk_' + 'test_' + rep('4eC39HqLyj', 3),
      'sha256: ' + rep('e3b0c44298fc1c14', 4),
      'api_key_id: 123e4567-e89b-12d3-a456-426614174000',
      '"integrity": "sha512-' + Buffer.from(rep('integrity-of-x', 5)).toString('base64') + '"',
      '-----BEGIN PUBLIC KEY-----\n' + rep('MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA', 2) + '\n-----END PUBLIC KEY-----',
      '"regex": "bedrock-api-key-' + 'YmVkcm9jay5hbWF6b25hd3MuY29t",',
      'const apiKey = process.env.API_KEY;\nconst secretKey = config.secretKeyName;',
      'Try_' + 'npm_i_save_dev_types_Slash_1_if_it_exists_or_add_a_new_declaration_d_ts_file',
    ];
    for (const t of traps) assert.deepEqual(await types(t), [], t);
  });

  it('a generic assignment is reported, with low confidence; a provider format inside it wins', async () => {
    assert.deepEqual(await types('const password = "Tr0ub4dor&3-horse-Battery9";'.replace('&', 'x')), ['generic-api-key:low']);
    const body = rep('Xk7Pq2', 5);
    assert.deepEqual(await types(`token = "${'gh' + 'p_' + body + base62Checksum(body)}"`), ['GITHUB_TOKEN:high']);
  });

  it('generic rule: code shapes from real bundles are not secrets, a hard-coded token is', async () => {
    const traps = [
      "isMax = tokens.tier === 'default_plan_max_20x';", // a comparison
      'Object.defineProperty(TO1,"__esModule",{value:!0});TO1.createMemoKey=TO1.MemoPrefix=void 0;', // assignment chain
      'z.supportedOids=["pkcs5PBES2","pbeWithSHAAnd3-KeyTripleDES-CBC","pbewithSHAAnd40BitRC2-CBC"];', // a list after a key-like string
      " *   Public key pin-sha256: " + Buffer.from(rep('pin!', 8)).toString('base64'), // a certificate pin in docs
      " *     const pubkey256 = '" + Buffer.from(rep('pub!', 8)).toString('base64') + "';", // gitleaks' own `pubkey` allowlist, prefix restored
    ];
    for (const t of traps) assert.deepEqual(await types(t, 'lib/index.js'), [], t);
    assert.deepEqual(await types("const DATADOG_CLIENT_TOKEN = 'pub" + '9c4e1a7f' + '3b20d5e8' + '6fa1c97d' + '02e4b8a3' + "';", 'lib/index.js'), ['generic-api-key:low']);
  });

  it('never throws on hostile input and stays linear on long keyword runs', () => {
    const t0 = Date.now();
    findGitleaksSecrets(rep('token=', 200_000) + rep('-----BEGIN ', 10_000));
    assert.ok(Date.now() - t0 < 5_000);
  });

  it('names: secret stores are credential files, source modules and docs are not', () => {
    for (const p of ['secret', 'secrets', 'secrets.yml', 'config/secrets.json', 'credentials', 'credentials.ini', 'secrets.prod.env']) assert.ok(isSecretStoreName(p), p);
    for (const p of ['src/secrets.ts', 'docs/secrets.md', 'lib/credentials.js', 'secret-sauce.json', 'secretary.txt', 'types/secrets.d.ts']) assert.ok(!isSecretStoreName(p), p);
    assert.equal(classifyCredentialFile('secret', pgp)?.kind, 'password-file');
    assert.equal(classifyCredentialFile('secrets.yml', 'db_password: ' + rep('Zx9', 4))?.level, 'error');
    assert.equal(classifyCredentialFile('secrets.yml', ''), undefined);
    assert.equal(classifyCredentialFile('src/secrets.ts', 'export const x = 1;'), undefined);
  });
});
