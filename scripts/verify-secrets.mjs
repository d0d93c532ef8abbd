#!/usr/bin/env node
/**
 * Secret-detection recall and false alarms (issue #19); not part of the unit tests.
 *
 * Writes a temp package with one fake credential per format (assembled at run time: sampled from
 * each gitleaks rule's regex, plus secretlint's preset formats and Leakguard's own ones) and a set
 * of trap files (placeholders, hashes, UUIDs, SRI strings, public keys, a detector's own regex
 * source …). Then runs Leakguard (`dist/cli.js check`), secretlint 13 (installed into a temp
 * folder with npm at run time) and the gitleaks rule patterns over it, and prints a table.
 *
 *   node scripts/verify-secrets.mjs [--json OUT] [--keep] [--no-secretlint] [--cli OTHER/dist/cli.js]
 *
 * Needs `npm run build`; network access to the npm registry only (for secretlint 13).
 * Nothing it generates is a real credential; nothing is committed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({ options: { json: { type: 'string' }, keep: { type: 'boolean', default: false }, 'no-secretlint': { type: 'boolean', default: false }, cli: { type: 'string' } } });
// `--cli PATH`: another build of Leakguard (e.g. main's dist/cli.js, for a before/after table).
const CLI = opt.cli ? path.resolve(opt.cli) : path.join(REPO, 'dist/cli.js');

// The engine's data and matcher, through tsx (same code the CLI bundles).
const require = createRequire(import.meta.url);
require('tsx/cjs');
const { GITLEAKS_RULES } = require(path.join(REPO, 'server/src/engine/content/gitleaks-rules.ts'));
const { findGitleaksSecrets } = require(path.join(REPO, 'server/src/engine/content/gitleaks.ts'));
const { base62Checksum } = require(path.join(REPO, 'server/src/engine/content/secrets.ts'));

// ---------------------------------------------------------------- a seeded sampler of regex matches

const { sampleRegex: sample } = require(path.join(REPO, 'test/helpers/regex-sample.ts'));

// ---------------------------------------------------------------- the formats

const rep = (s, n) => s.repeat(n);
const b64url = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (payload) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}.${rep('Qk9xT2pZ', 5)}w3`;
const pem = (label) => `-----BEGIN ${label}-----\n${Array.from({ length: 10 }, (_, k) => rep('MIIEvQIBADANBgkqhkiG9w0B', 3).slice(k, k + 64)).join('\n')}\n-----END ${label}-----\n`;

/** Formats outside gitleaks' rule list: secretlint's preset and Leakguard's own (issue #19). */
const EXTRA = {
  // Real OpenPGP armour: a header line, a blank line, the body, a `=` CRC24 line (as in lazystream's `secret`).
  'lg:pgp-private-key-block': '-----BEGIN PGP PRIV' + 'ATE KEY BLOCK-----\nVersion: GnuPG v1\n\n' + Array.from({ length: 10 }, (_, k) => 'lQOYBF' + rep('x9Kq2Lm7Pz', 7).slice(k, k + 58)).join('\n') + '\n=Ab12\n-----END PGP PRIV' + 'ATE KEY BLOCK-----',
  'lg:azure-storage-connection-string': `DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=${rep('Zq3+Wm8/Lp2x', 7)}Zq==;EndpointSuffix=core.windows.net`,
  'lg:supabase-service-role-jwt': `SUPABASE_KEY=${jwt({ iss: 'supabase', ref: 'abcdefghijklmnop', role: 'service' + '_role', iat: 1700000000, exp: 2000000000 })}`,
  'lg:github-token-with-checksum': `token = "${'gh' + 'p_'}${rep('Xk7Pq2', 5)}${base62Checksum(rep('Xk7Pq2', 5))}"`,
  'lg:npm-token-with-checksum': `//registry.npmjs.org/:_authToken=${'np' + 'm_'}${rep('Rt5Wz9', 5)}${base62Checksum(rep('Rt5Wz9', 5))}`,
  'sl:aws-secret-access-key': `aws_secret_access_key = ${rep('k9Zq/w2+Rt', 4)}`,
  'sl:basic-auth-url': 'const u = "https://' + 'deploybot:' + 'Hunter2Pass9' + '@git.acme.com/repo.git";',
  'sl:postgres-url': 'DATABASE_URL=postgres://' + 'admin:' + 'S3cretPw9x' + '@db.acme.io:5432/app',
  'sl:slack-webhook': 'https://hooks.' + 'slack.com/services/' + 'T0ABC1234/B0ABC1234/' + rep('aB3dE5', 4),
  'sl:openai': 'sk-' + 'proj-' + rep('a1B2c3D4e5', 7) + 'a1B2' + 'T3Blbk' + 'FJ' + rep('Z9y8X7w6V5', 7) + 'Z9y8',
  'sl:anthropic': 'sk-ant-' + 'api03-' + rep('Qw3_rT5-yU', 9) + 'Qw3_r' + 'AA',
  'sl:linear': 'lin_' + 'api_' + rep('Mn5Op6Qr7S', 4),
  'sl:sendgrid': 'S' + 'G.' + rep('aB3', 7) + 'c' + '.' + rep('Xy9Zw8', 7) + 'Q',
  'sl:rsa-private-key': pem('RSA PRIV' + 'ATE KEY'),
  'sl:gcp-service-account': JSON.stringify({ type: 'service_account', project_id: 'acme', private_key_id: rep('ab12', 10), private_key: pem('PRIV' + 'ATE KEY') }),
  'sl:databricks': 'DATABRICKS_TOKEN = "' + 'dapi' + rep('0a9b8c7d', 4) + '"',
};

/** Things that look like credentials and are not. Any finding here is a false alarm. */
const TRAPS = {
  'placeholders.txt': ['GITHUB_TOKEN=' + 'gh' + 'p_' + 'x'.repeat(36), 'api_key = "<your-key>"', 'OPENAI_API_KEY=sk-...', 'aws_access_key_id = ' + 'AK' + 'IA' + 'IOSFODNN7' + 'EXAMPLE', 'stripe: ' + 'sk_' + 'test_' + rep('4eC39HqLyj', 3), 'token: ' + rep('xxxx', 10), 'password = "changeme"'].join('\n'),
  'hashes.txt': ['sha1 = ' + rep('da39a3ee5e', 4), 'sha256: ' + rep('e3b0c44298fc1c14', 4), 'commit ' + rep('0f1e2d3c4b', 4), 'etag = "' + rep('9a8b7c6d', 4) + '"'].join('\n'),
  'uuids.txt': ['client_id = "3f2c9a1e-7b4d-4e8a-9c1f-2d3e4f5a6b7c"', 'api_key_id: 123e4567-e89b-12d3-a456-426614174000'].join('\n'),
  'package-lock.json': JSON.stringify({ packages: { 'node_modules/x': { version: '1.0.0', integrity: 'sha512-' + Buffer.from(rep('integrity-of-x', 5)).toString('base64') } } }, null, 2),
  'sri.html': `<script src="x.js" integrity="sha384-${Buffer.from(rep('oqVuAfXRKap7fdgc', 3)).toString('base64')}" crossorigin="anonymous"></script>`,
  'public.pem': pem('PUBLIC KEY') + pem('CERTIFICATE'),
  'id_ed25519.pub.txt': 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI' + rep('Lk3Mn9Pq', 5) + ' dev@example.com',
  'jwt-examples.md': ['jwt.io sample: ' + jwt({ sub: '1234567890', name: 'John Doe', iat: 1516239022 }), 'SUPABASE_ANON_KEY=' + jwt({ iss: 'supabase', ref: 'abcdefghijklmnop', role: 'anon', iat: 1700000000 })].join('\n'),
  'azurite.txt': 'UseDevelopmentStorage: DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=' + ['Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq', '/K1SZFPTOtr/KBHBeksoGMGw=='].join('') + ';',
  'typescript-diagnostics.js': 'Try_' + 'npm_i_save_dev_types_Slash_1_if_it_exists_or_add_a_new_declaration_d_ts_file_containing_declare_module_0_7035',
  'stub-key.pem': '-----BEGIN RSA PRIV' + 'ATE KEY-----\nMIIB\n-----END RSA PRIV' + 'ATE KEY-----\n',
  'code.js': ['const apiKey = process.env.API_KEY;', 'const token = getToken(request);', 'const secretKey = config.secretKeyName;', 'headers.Authorization = `Bearer ${token}`;'].join('\n'),
};

// ---------------------------------------------------------------- build the package

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'leakguard-verify-secrets-'));
const pkg = path.join(root, 'pkg');
fs.mkdirSync(path.join(pkg, 'formats'), { recursive: true });
fs.mkdirSync(path.join(pkg, 'traps'), { recursive: true });
fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'verify-secrets', version: '1.0.0', license: 'MIT' }));
// A detector's own regex source is a trap too: gitleaks' rules as Leakguard ships them.
fs.copyFileSync(path.join(REPO, 'server/src/engine/content/gitleaks-rules.ts'), path.join(pkg, 'traps', 'gitleaks-rules.ts.txt'));

const formats = []; // { id, file, origin }
const unsampled = [];
for (const rule of GITLEAKS_RULES) {
  if (!rule.regex) { unsampled.push(`${rule.id} (path rule: ${rule.path})`); continue; }
  let text;
  // Rules limited to some files (Terraform passwords: `.tf`) get a file they apply to.
  const ext = ['.txt', '.tf', '.hcl', '.yaml', '.env', '.py'].find((e) => !rule.path || new RegExp(rule.path).test(`formats/x${e}`)) ?? '.txt';
  // A JWT must decode (Leakguard reads its claims; random `ey…` strings are not tokens).
  const user = jwt({ sub: 'user-4821', iss: 'https://auth.acme.io', iat: 1700000000, exp: 2000000000 });
  if (rule.id === 'jwt') text = `\nAUTH_TOKEN=${user}\n`;
  if (rule.id === 'jwt-base64') text = `\nAUTH=${Buffer.from(user).toString('base64')}\n`;
  for (let attempt = 0; attempt < 400 && text === undefined; attempt++) {
    let s;
    try { s = sample(rule.regex); } catch { break; }
    const candidate = `\n${s}\n`;
    if (findGitleaksSecrets(candidate, `formats/x${ext}`, new Set([rule.id])).length) text = candidate;
  }
  if (text === undefined) { unsampled.push(rule.id); continue; }
  const file = `formats/gitleaks-${rule.id}${ext}`;
  fs.writeFileSync(path.join(pkg, file), text);
  formats.push({ id: rule.id, file, origin: 'gitleaks' });
}
for (const [id, text] of Object.entries(EXTRA)) {
  const file = `formats/${id.replace(':', '-')}.txt`;
  fs.writeFileSync(path.join(pkg, file), `\n${text}\n`);
  formats.push({ id, file, origin: id.startsWith('sl:') ? 'secretlint' : 'leakguard' });
}
for (const [name, text] of Object.entries(TRAPS)) fs.writeFileSync(path.join(pkg, 'traps', name), text + '\n');

// ---------------------------------------------------------------- run the three

const files = (dir) => fs.readdirSync(path.join(pkg, dir)).map((f) => `${dir}/${f}`);
const all = [...files('formats'), ...files('traps')];

// gitleaks' patterns (as data), file by file.
const gitleaksHits = new Map();
for (const f of all) gitleaksHits.set(f, findGitleaksSecrets(fs.readFileSync(path.join(pkg, f), 'utf8'), f).length);

// Leakguard, end to end through the CLI.
const lg = spawnSync(process.execPath, [CLI, 'check', pkg, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
if (lg.status !== 0) { console.error(lg.stderr); process.exit(1); }
const lgJson = JSON.parse(lg.stdout);
const lgFindings = (lgJson.findings ?? lgJson.results ?? lgJson).filter((f) => /^secret-/.test(f.ruleId ?? f.rule));
const leakguardHits = new Map();
for (const f of lgFindings) {
  const p = (f.path ?? f.file ?? '').replace(/\\/g, '/');
  for (const name of all) if (p.endsWith(name)) leakguardHits.set(name, (leakguardHits.get(name) ?? 0) + 1);
}

// secretlint 13 (its newest preset), installed into a temp folder now.
const secretlintHits = new Map();
let secretlintVersion = 'not run';
if (!opt['no-secretlint']) {
  const sl = path.join(root, 'secretlint');
  fs.mkdirSync(sl);
  fs.writeFileSync(path.join(sl, 'package.json'), '{"private":true}');
  const inst = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--silent', 'secretlint@13', '@secretlint/secretlint-rule-preset-recommend@13'], { cwd: sl, encoding: 'utf8' });
  if (inst.status === 0) {
    secretlintVersion = JSON.parse(fs.readFileSync(path.join(sl, 'node_modules/@secretlint/secretlint-rule-preset-recommend/package.json'), 'utf8')).version;
    fs.writeFileSync(path.join(pkg, '.secretlintrc.json'), JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
    const run = spawnSync(process.execPath, [path.join(sl, 'node_modules/secretlint/bin/secretlint.js'), '--format', 'json', '--secretlintrc', path.join(pkg, '.secretlintrc.json'), ...all], { cwd: pkg, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    for (const r of JSON.parse(run.stdout || '[]')) {
      const rel = path.relative(pkg, r.filePath).split(path.sep).join('/');
      if (r.messages.length) secretlintHits.set(rel, r.messages.length);
    }
    fs.rmSync(path.join(pkg, '.secretlintrc.json'));
  } else console.error('secretlint 13 could not be installed:', inst.stderr.slice(0, 300));
}

// ---------------------------------------------------------------- the table

const rows = formats.map((f) => ({ ...f, gitleaks: (gitleaksHits.get(f.file) ?? 0) > 0, secretlint: (secretlintHits.get(f.file) ?? 0) > 0, leakguard: (leakguardHits.get(f.file) ?? 0) > 0 }));
const traps = all.filter((f) => f.startsWith('traps/')).map((f) => ({ file: f, gitleaks: gitleaksHits.get(f) ?? 0, secretlint: secretlintHits.get(f) ?? 0, leakguard: leakguardHits.get(f) ?? 0 }));
const count = (k) => rows.filter((r) => r[k]).length;
const union = rows.filter((r) => r.gitleaks || r.secretlint);
const missed = union.filter((r) => !r.leakguard);
const summary = {
  formats: rows.length,
  found: { leakguard: count('leakguard'), gitleaks: count('gitleaks'), secretlint: count('secretlint') },
  union: union.length,
  leakguardMissesFromUnion: missed.map((r) => r.id),
  onlyLeakguard: rows.filter((r) => r.leakguard && !r.gitleaks && !r.secretlint).map((r) => r.id),
  trapAlarms: { leakguard: traps.reduce((a, t) => a + t.leakguard, 0), gitleaks: traps.reduce((a, t) => a + t.gitleaks, 0), secretlint: traps.reduce((a, t) => a + t.secretlint, 0) },
  unsampled,
  secretlintPreset: secretlintVersion,
};
const mark = (b) => (b ? '✓' : '·');
console.log('| format | origin | gitleaks patterns | secretlint ' + secretlintVersion + ' | Leakguard |');
console.log('|---|---|:-:|:-:|:-:|');
for (const r of rows) console.log(`| ${r.id} | ${r.origin} | ${mark(r.gitleaks)} | ${mark(r.secretlint)} | ${mark(r.leakguard)} |`);
console.log('\n| trap file | gitleaks patterns | secretlint | Leakguard |');
console.log('|---|:-:|:-:|:-:|');
for (const t of traps) console.log(`| ${t.file} | ${t.gitleaks} | ${t.secretlint} | ${t.leakguard} |`);
console.log('\n' + JSON.stringify(summary, null, 2));
if (opt.json) fs.writeFileSync(opt.json, JSON.stringify({ summary, rows, traps }, null, 2));
if (!opt.keep) fs.rmSync(root, { recursive: true, force: true });
else console.error(`kept ${root}`);
process.exitCode = missed.length || summary.trapAlarms.leakguard ? 1 : 0;
