import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  compileDenyList, findDenyListHits, decodedStrings, findInternalHosts, classifyHost, findFeatureFlags,
  findInternalCodePaths, classifyCredentialFile, hasPemPrivateKey, isPlaceholderCredentials,
} from '../../server/src/engine/content';
import type { DenyEntry } from '../../server/src/engine/config';
import { SAMPLES } from './content-samples';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const deny = (entries: DenyEntry[], trusted = true) => compileDenyList(entries, { trusted });
const labels = (hits: { label: string }[]) => hits.map((h) => h.label);

describe('content: deny-list and markers', () => {
  const list = deny([{ pattern: 'kairos', kind: 'codename' }, { pattern: 'project falcon', kind: 'codename' }, { pattern: 'ULTRAPLAN', kind: 'flag', caseSensitive: true }]);

  it('matches plain terms case-insensitively at word, snake and camel boundaries', () => {
    const text = 'src/features/kairos/index.ts KAIROS_ENABLED isKairosOn kairosMode "Project Falcon" ULTRAPLAN';
    const hits = findDenyListHits(text, list);
    assert.deepEqual(hits.map((h) => text.slice(h.start, h.end)), ['kairos', 'KAIROS', 'Kairos', 'kairos', 'Project Falcon', 'ULTRAPLAN']);
  });

  it('does not match inside words or the wrong case for case-sensitive entries (traps)', () => {
    assert.deepEqual(findDenyListHits('kairosity akairos ultraplan Ultraplan', list), []);
  });

  it('matches sha256-hashed terms, single and multi-word, without knowing the term', () => {
    const hashed = deny([{ sha256: sha('fennec'), kind: 'codename' }, { sha256: sha('project falcon'), kind: 'codename' }]);
    const text = 'const model = "Fennec-2"; // project-falcon launch; fennecs';
    const hits = findDenyListHits(text, hashed, { markers: false });
    assert.deepEqual(hits.map((h) => text.slice(h.start, h.end)), ['Fennec', 'project-falcon']);
    assert.ok(hits.every((h) => h.label.startsWith('sha256:')));
  });

  it('decodes String.fromCharCode and \\x / \\u escapes', () => {
    const codes = [...'kairos'].map((c) => c.charCodeAt(0)).join(', ');
    const text = `a=String.fromCharCode(${codes});b="\\x6b\\x61\\x69\\x72\\x6f\\x73";c="\\u006b\\u0061iros";`;
    const hits = findDenyListHits(text, list, { markers: false });
    assert.deepEqual(hits.map((h) => h.via), ['fromCharCode', 'escapes', 'escapes']);
    assert.equal(decodedStrings('x="\\x41"').length, 0, 'a single escape is not a hidden string');
  });

  it('runs regex entries only when trusted and skips ones RE2 cannot run', () => {
    const entries: DenyEntry[] = [{ pattern: 'project[-_ ]?falcon', regex: true, kind: 'codename' }, { pattern: '(falcon)\\1', regex: true, kind: 'codename' }];
    const t = deny(entries, true);
    assert.equal(t.regexes.length, 1);
    assert.equal(t.skipped.length, 1);
    assert.match(t.skipped[0].reason, /back-reference/);
    assert.deepEqual(labels(findDenyListHits('the projectfalcon build', t, { markers: false })), ['project[-_ ]?falcon']);
    assert.deepEqual(findDenyListHits('the projectfalcon build', deny(entries, false), { markers: false }), []);
  });

  it('runs regexes that backtrack exponentially on V8 in linear time (RE2), and they still match', () => {
    const l = deny([{ pattern: '(?:a|aa)*b', regex: true, kind: 'codename' }, { pattern: 'x+y+z+w+v', regex: true, kind: 'codename' }, { pattern: 'a*b*c*d*e', regex: true, kind: 'codename' }]);
    assert.equal(l.regexes.length, 3);
    assert.equal(l.skipped.length, 0);
    assert.deepEqual(findDenyListHits('a'.repeat(100_000), l, { markers: false }), []);
    assert.deepEqual([...new Set(labels(findDenyListHits(`${'a'.repeat(5000)} aab xxyyzzwwv abcde`, l, { markers: false })))].sort(), ['(?:a|aa)*b', 'a*b*c*d*e', 'x+y+z+w+v']);
  });

  it('regex entries find every match across window and chunk boundaries (same offsets as V8 on a safe pattern)', () => {
    const text = Array.from({ length: 15000 }, (_, i) => (i % 97 === 0 ? 'Project_Falcon' : `filler text ${i}`)).join(' ');
    const l = deny([{ pattern: 'project[-_ ]?falcon', regex: true, kind: 'codename' }]);
    const expected = [...text.matchAll(/project[-_ ]?falcon/gi)].map((m) => m.index);
    assert.ok(expected.length > 60 && text.length > 3 * 64 * 1024);
    assert.deepEqual(findDenyListHits(text, l, { markers: false }).map((h) => h.start), expected);
  });

  it('finds built-in markers', () => {
    const text = '// @[MODEL LAUNCH] remove before release\n/* INTERNAL ONLY */ const x = 1; // Do not ship this';
    assert.deepEqual(labels(findDenyListHits(text, deny([]))), ['@[MODEL LAUNCH]', 'INTERNAL ONLY', 'Do not ship']);
    assert.deepEqual(findDenyListHits('internally, only the shipping code', deny([])), []);
  });

  it("does not take TypeScript's @internal JSDoc tag for an 'internal only' marker (@sentry/core)", () => {
    const jsdoc = '/**\n * A custom span name set by users.\n *\n * @internal only meant for internal SDK usage\n * @hidden\n */\nconst NAME = "x";';
    assert.deepEqual(findDenyListHits(jsdoc, deny([])), []);
    assert.deepEqual(labels(findDenyListHits('// internal only: remove before release', deny([]))), ['internal only']);
  });

  it("does not take a rule id or a detector's own pattern list for a marker (Leakguard's own bundle)", () => {
    const bundle = 'id: "prompt-internal-only-code-path", f: internal_only_flag\nconst M = /@\\[(?:MODEL LAUNCH|INTERNAL|DO NOT SHIP|DO NOT RELEASE)\\]|\\b(?:under embargo|embargoed)\\b/gi;';
    assert.deepEqual(labels(findDenyListHits(bundle, deny([]))), []);
    assert.deepEqual(labels(findDenyListHits('// INTERNAL-ONLY. Do not ship (yet)', deny([]))), ['INTERNAL-ONLY', 'Do not ship']);
  });

  it('stays linear on a 10 MB minified bundle with hashed and plain entries', () => {
    const chunk = 'function(e,t){return e.kairosity+t.value*2||"some words here"},';
    const big = chunk.repeat(Math.ceil(10e6 / chunk.length));
    const l = deny([{ pattern: 'kairos', kind: 'codename' }, { sha256: sha('capybara'), kind: 'codename' }]);
    const t0 = Date.now();
    assert.deepEqual(findDenyListHits(big, l), []);
    assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
  });
});

describe('content: internal hosts', () => {
  it('classifies hosts', () => {
    assert.equal(classifyHost('vault.prod.internal'), 'internal-suffix');
    assert.equal(classifyHost('api.acme.corp'), 'internal-suffix');
    assert.equal(classifyHost('build.int.acme.dev', { internalDomains: ['*.int.acme.dev'] }), 'internal-domain');
    assert.equal(classifyHost('acme.dev', { internalDomains: ['*.acme.dev'] }), undefined);
    assert.equal(classifyHost('10.0.3.4'), 'private-ip');
    assert.equal(classifyHost('my-bucket.s3.amazonaws.com'), 'bucket');
    assert.equal(classifyHost('acct.blob.core.windows.net'), 'bucket');
    assert.equal(classifyHost('grafana.ops.acme.com'), 'heuristic');
    for (const h of ['localhost', '127.0.0.1', 'example.com', 'api.example.org', 'foo.test', 'json-schema.org', 'www.w3.org', 'schemas.xmlsoap.org', '192.0.2.10', '8.8.8.8', 'github.com']) {
      assert.equal(classifyHost(h), undefined, h);
    }
  });

  it('finds URLs, private IPs, bare internal hosts and credentials', () => {
    const text = [
      'fetch("https://vault.prod.internal:8200/v1/secret")',
      'const db = "10.12.0.7"; const meta = "169.254.169.254";',
      'host: "db.prod.corp", ula = "fd12:3456:789a::1"',
      'git clone https://ci:S3cretPw9x@git.acme.corp/repo.git',
      'this.state.internal = true; // property, not a host',
      'const v = "10.0.0.300"; const doc = "https://example.com/x"; const lh = "http://localhost:3000"',
    ].join('\n');
    const hits = findInternalHosts(text, { relPath: 'src/a.ts' });
    assert.deepEqual(hits.map((h) => [h.kind, h.host]), [
      ['internal-suffix', 'vault.prod.internal'],
      ['private-ip', '10.12.0.7'],
      ['internal-suffix', 'db.prod.corp'],
      ['private-ip', 'fd12:3456:789a::1'],
      ['url-credentials', 'git.acme.corp'],
      ['internal-suffix', 'git.acme.corp'],
    ]);
    const cred = hits.find((h) => h.kind === 'url-credentials')!;
    assert.equal(cred.redacted, 'S3…(10)');
  });

  it('reports private registries in lockfiles once per host', () => {
    const lock = JSON.stringify({ packages: {
      'node_modules/a': { resolved: 'https://registry.npmjs.org/a/-/a-1.0.0.tgz' },
      'node_modules/@acme/b': { resolved: 'https://npm.acme.io/@acme/b/-/b-1.0.0.tgz' },
      'node_modules/@acme/c': { resolved: 'https://npm.acme.io/@acme/c/-/c-1.0.0.tgz' },
    } });
    const hits = findInternalHosts(lock, { relPath: 'package-lock.json' });
    assert.deepEqual(hits.map((h) => [h.kind, h.host, h.count]), [['private-registry', 'npm.acme.io', 2]]);
  });

  // Real packages (docs/verification/real-packages.md): @sentry/core's vendored IP parser, the AWS
  // SDK's metadata endpoints in claude-code, IP range tables, date-fns' MySQL doc link.
  it('skips network/broadcast addresses, CIDR blocks, link-local and cloud metadata endpoints unless configured', () => {
    const text = [
      'const RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"];',
      'const NETS = ["10.0.0.0", "172.16.0.0", "192.168.255.255"];',
      'const IMDS = "http://169.254.169.254/latest/meta-data/", ECS = "169.254.170.2", V6 = "http://[fd00:ec2::254]/", LL = "169.254.12.7";',
      'const real = "10.20.30.40";',
    ].join('\n');
    assert.deepEqual(findInternalHosts(text, { relPath: 'dist/index.js' }).map((h) => h.host), ['10.20.30.40']);
    const configured = findInternalHosts(text, { relPath: 'dist/index.js', internalDomains: ['169.254.170.2'] });
    assert.deepEqual(configured.map((h) => h.host), ['169.254.170.2', '10.20.30.40']);
    assert.equal(classifyHost('169.254.169.254'), undefined);
    assert.equal(classifyHost('metadata.google.internal'), undefined);
    assert.equal(classifyHost('metadata.google.internal', { internalDomains: ['metadata.google.internal'] }), 'internal-domain');
    assert.deepEqual(findInternalHosts('const GCE = "http://metadata.google.internal/computeMetadata/v1"; h = "metadata.google.internal";', { relPath: 'cli.js' }), []);
    assert.equal(classifyHost('10.0.3.4'), 'private-ip');
  });

  it('marks matches in comments of JS files and drops example/gateway addresses there', () => {
    const text = [
      '/**',
      ' * Accepts:',
      ' * 127.0.0.1',
      ' * 192.168.1.1',
      ' * 10.1.1.1',
      ' * 0.0.0.0',
      ' * Rejects: 192.168.1.099',
      ' */',
      'function isIp(s) { return RE.test(s); } // e.g. 10.4.5.6',
      'const db = "10.12.0.7"; /* old db 10.12.0.8 */ const glob = "src/**/*.js"; const h = "10.12.0.9";',
    ].join('\n');
    const hits = findInternalHosts(text, { relPath: 'build/cjs/vendor/getIpAddress.js' });
    assert.deepEqual(hits.map((h) => [h.host, !!h.inComment]), [['10.4.5.6', true], ['10.12.0.7', false], ['10.12.0.8', true], ['10.12.0.9', false]]);
    // Not JS: no comment syntax to trust.
    assert.deepEqual(findInternalHosts(' * 192.168.1.1', { relPath: 'README.md' }).map((h) => h.host), ['192.168.1.1']);
  });

  it('does not take dev./admin. portals of public domains for internal hosts', () => {
    for (const h of ['dev.mysql.com', 'dev.azure.com', 'admin.microsoft.com', 'dev.acme.co.uk']) assert.equal(classifyHost(h), undefined, h);
    for (const h of ['dev.api.acme.com', 'admin.ops.acme.io', 'staging.acme.com', 'jenkins.acme.com', 'dev.api.acme.co.uk']) assert.equal(classifyHost(h), 'heuristic', h);
  });

  it('ignores placeholder credentials in URLs', () => {
    const text = [
      '// clone with https://user:token@github.com/org/repo',
      "new URL('https://a:b@xn--g6w251d/?abc#foo');",
      '"https://${USER}:${TOKEN}@git.acme.corp/r" "https://<user>:<password>@git.acme.corp/r" "https://x:foo@registry.acme.io"',
      '"https://deploy:Zq8Lm3Np@git.acme.io/r"',
    ].join('\n');
    const creds = findInternalHosts(text, { relPath: 'src/a.ts' }).filter((h) => h.kind === 'url-credentials');
    assert.deepEqual(creds.map((h) => h.host), ['git.acme.io']);
    assert.equal(isPlaceholderCredentials('user', 'token'), true);
    assert.equal(isPlaceholderCredentials('a', 'b'), true);
    assert.equal(isPlaceholderCredentials('deploy', 'Zq8Lm3Np'), false);
  });

  it('finds team domains outside URLs', () => {
    const hits = findInternalHosts('const h = "build.int.acme.dev"; const p = "acme.dev";', { internalDomains: ['*.int.acme.dev'], relPath: 'a.js' });
    assert.deepEqual(hits.map((h) => h.host), ['build.int.acme.dev']);
  });
});

describe('content: feature flags', () => {
  it('inventories SDK keys and marks unreleased ones', () => {
    const text = [
      'gb.isOn("tengu_kairos"); ld.boolVariation("new-checkout", false);',
      'statsig.checkGate("exp_ultraplan"); posthog.isFeatureEnabled("beta-ui");',
      'client.getBooleanValue("wip_agents", false); if (feature("KAIROS")) {}',
      'if (process.env.FEATURE_TEAMMEM) {}',
    ].join('\n');
    const flags = findFeatureFlags(text, { unreleasedPatterns: ['^exp_', '^wip_'], denyList: compileDenyList([{ pattern: 'kairos', kind: 'flag' }], { trusted: true }) });
    assert.deepEqual(flags.map((f) => [f.sdk, f.key, !!f.unreleased]), [
      ['growthbook', 'tengu_kairos', true], ['launchdarkly', 'new-checkout', false], ['statsig', 'exp_ultraplan', true],
      ['posthog', 'beta-ui', false], ['openfeature', 'wip_agents', true], ['bun', 'KAIROS', true], ['env', 'FEATURE_TEAMMEM', false],
    ]);
    assert.equal(flags.find((f) => f.key === 'KAIROS')!.compileTime, true);
  });

  it('ignores generic names without a member call and non-flag calls (traps)', () => {
    const text = 'getValue("x"); isEnabled("y"); decide("z"); feature("lowercase thing"); require("fs"); notisOn("q")';
    assert.deepEqual(findFeatureFlags(text), []);
  });
});

describe('content: internal-only code paths', () => {
  it('finds employee gates', () => {
    const text = `if (process.env.USER_TYPE === 'ant') {}\nif (isInternalUser()) {}\nconst x = process.env.INTERNAL_API_URL;\nurl + "?debug=1"`;
    const hits = findInternalCodePaths(text);
    assert.deepEqual(hits.map((h) => [h.kind, h.label]), [
      ['env-gate', 'process.env.USER_TYPE'], ['employee-check', "USER_TYPE === 'ant'"], ['internal-identifier', 'isInternalUser'],
      ['env-gate', 'process.env.INTERNAL_API_URL'], ['debug-backdoor', '?debug=1'],
    ]);
  });

  it('reports @internal only in .d.ts files, and not ordinary code (traps)', () => {
    assert.equal(findInternalCodePaths('/** @internal */ export declare function x(): void;', { relPath: 'dist/index.d.ts' }).length, 1);
    assert.deepEqual(findInternalCodePaths('/** @internal */ function x() {}', { relPath: 'src/a.ts' }), []);
    assert.deepEqual(findInternalCodePaths('if (process.env.NODE_ENV === "production") {} const isInternalized = 1;'), []);
  });
});

describe('content: credential files', () => {
  const pub = '-----BEGIN CERTIFICATE-----\nMIIB' + 'A'.repeat(80) + '\n-----END CERTIFICATE-----\n';
  it('classifies by name and content', () => {
    assert.equal(classifyCredentialFile('keys/server.pem', SAMPLES.privateKey)?.kind, 'private-key');
    assert.equal(classifyCredentialFile('keys/server.pem', pub)?.level, 'info');
    assert.equal(classifyCredentialFile('certs/ca.crt', pub)?.kind, 'certificate');
    assert.equal(classifyCredentialFile('.ssh/id_rsa', SAMPLES.privateKey)?.kind, 'ssh-private-key');
    assert.equal(classifyCredentialFile('.ssh/id_rsa.pub', 'ssh-rsa AAAA'), undefined);
    assert.equal(classifyCredentialFile('store.p12', undefined)?.kind, 'keystore');
    assert.equal(classifyCredentialFile('.aws/credentials', '[default]\n')?.kind, 'cloud-credentials');
    assert.equal(classifyCredentialFile('.netrc', 'machine x')?.kind, 'password-file');
    assert.equal(classifyCredentialFile('.npmrc', `//registry.npmjs.org/:_authToken=${SAMPLES.npm}`)?.kind, 'registry-config');
    assert.equal(classifyCredentialFile('.npmrc', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}'), undefined);
    const sa = JSON.stringify({ type: 'service_account', project_id: 'p', private_key_id: 'k', private_key: SAMPLES.privateKey });
    assert.equal(classifyCredentialFile('config/app.json', sa)?.kind, 'service-account');
    assert.equal(classifyCredentialFile('kubeconfig', 'users:\n- name: a\n  user:\n    token: abcdef\n')?.kind, 'kubeconfig');
  });

  it('traps: short PEM stubs, public keys, harmless credentials.json, fixture flag', () => {
    const stub = '-----BEGIN PRIVATE KEY-----\nMIIBVQ==\n-----END PRIVATE KEY-----';
    assert.equal(hasPemPrivateKey(stub), false);
    assert.equal(classifyCredentialFile('test/key.pem', stub), undefined);
    assert.equal(classifyCredentialFile('keys/pub.asc', '-----BEGIN PGP PUBLIC KEY BLOCK-----\nxx\n'), undefined);
    assert.equal(classifyCredentialFile('schemas/credentials.json', '{"type":"object"}'), undefined);
    assert.equal(classifyCredentialFile('test/fixtures/server.key', SAMPLES.privateKey)?.fixture, true);
  });
});
