import * as assert from 'node:assert/strict';
import rule from '../../rules/prompt-internal-host';
import { runOnTree, runOnText } from '../helpers/rule-tester';

const ID = 'prompt-internal-host';
const pkg = JSON.stringify({ name: 'cli', version: '1.0.0', main: 'index.js' });

describe(ID, () => {
  it('reports internal hosts, team domains, private IPs and URL passwords with graded severity', async () => {
    const text = 'fetch("https://vault.prod.internal/v1");\nconst a = "10.2.3.4";\nconst b = "https://ci.int.acme.dev/x";\nconst c = "https://bot:Zq8Lm3Np@git.acme.io/r";\n';
    const f = (await runOnText(rule, 'src/a.ts', text, { config: { internalDomains: ['*.int.acme.dev'] } })).filter((x) => x.ruleId === ID);
    assert.deepEqual(f.map((x) => x.messageId), ['internalSuffix', 'privateIp', 'internalDomain', 'urlCredentials']);
    assert.ok(!JSON.stringify(f).includes('Zq8Lm3Np'));
    assert.equal(f[3].severity, 'error');
  });

  it('reports a private registry in a shipped lockfile once', async () => {
    const lock = JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/@acme/a': { resolved: 'https://npm.acme.io/@acme/a/-/a-1.0.0.tgz' }, 'node_modules/@acme/b': { resolved: 'https://npm.acme.io/@acme/b/-/b-1.0.0.tgz' } } });
    const { findings } = await runOnTree({ 'package.json': pkg, 'index.js': 'x', 'bun.lock': lock }, { rules: [rule] });
    const f = findings.filter((x) => x.ruleId === ID);
    assert.deepEqual(f.map((x) => [x.messageId, x.data.count]), [['privateRegistry', 2]]);
  });

  it('does not fire on public, example, loopback, schema or allowed hosts (traps)', async () => {
    const text = '"https://example.com/a" "http://localhost:3000" "http://127.0.0.1" "https://json-schema.org/draft-07/schema" "https://api.github.com" "http://www.w3.org/2000/svg" "192.0.2.1" this.opts.internal "https://docs.acme.corp/x"';
    const f = (await runOnText(rule, 'src/a.ts', text, { config: { rules: { [ID]: ['warning', { allowHosts: ['docs.acme.corp'] }] } } })).filter((x) => x.ruleId === ID);
    assert.deepEqual(f.map((x) => x.data.host), []);
  });

  // Real packages: @sentry/core's vendored getIpAddress.js doc comment, date-fns' formatISO9075 JSDoc
  // link to dev.mysql.com, the AWS SDK's metadata endpoints in claude-code's cli.js, a range table.
  it('real-package traps: doc-comment examples, public doc links, metadata endpoints, range tables, placeholder creds', async () => {
    const text = [
      '/**',
      ' * Custom method instead of importing this from `net`',
      ' * Accepts:',
      ' * 127.0.0.1',
      ' * 192.168.1.1',
      ' * 192.168.1.255',
      ' * 10.1.1.1',
      ' * 0.0.0.0',
      ' */',
      '/** @summary Format per ISO 9075 (https://dev.mysql.com/doc/refman/5.7/en/date-and-time-functions.html). */',
      'const IMDS = "http://169.254.169.254", ECS = "http://169.254.170.2", V6 = "http://[fd00:ec2::254]";',
      'const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"];',
      '// git clone https://user:token@github.com/org/repo',
    ].join('\n');
    const f = (await runOnText(rule, 'build/cjs/utils/vendor/getIpAddress.js', text)).filter((x) => x.ruleId === ID);
    assert.deepEqual(f.map((x) => x.data.host), []);
  });

  // claude-code 0.2.9 vendor/sdk/node_modules/@types/node/os.d.ts: Node's doc examples.
  it('skips addresses in comments of vendored node_modules/ files', async () => {
    const text = '/**\n * @example { address: "192.168.1.108", netmask: "255.255.255.0" }\n */\nexport function networkInterfaces(): object;\n';
    assert.deepEqual((await runOnText(rule, 'vendor/sdk/node_modules/@types/node/os.d.ts', text)).filter((x) => x.ruleId === ID), []);
    assert.equal((await runOnText(rule, 'src/os.d.ts', text)).filter((x) => x.ruleId === ID).length, 1);
  });

  it('keeps private addresses in comments one level lower (info), and in code as warnings', async () => {
    const text = '// prod database: 10.20.30.40\nconst db = "10.20.30.41";\n';
    const f = (await runOnText(rule, 'dist/db.js', text)).filter((x) => x.ruleId === ID);
    assert.deepEqual(f.map((x) => [x.data.host, x.severity]), [['10.20.30.40', 'info'], ['10.20.30.41', 'warning']]);
  });
});

describe(`${ID}: lockfiles by schema, vendored releases, test data (issue #23)`, () => {
  const lock = (fields: string) => `{\n  "name": "app",\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/x": {\n      "version": "1.0.0",\n${fields}\n    }\n  }\n}\n`;
  it('funding URLs in package-lock.json are not registries; resolved URLs are', async () => {
    const funding = lock('      "resolved": "https://registry.npmjs.org/x/-/x-1.0.0.tgz",\n      "funding": [{ "type": "patreon", "url": "https://www.patreon.com/feross" }, { "type": "consulting", "url": "https://feross.org/support" }]');
    assert.deepEqual((await runOnText(rule, 'package-lock.json', funding)).filter((x) => x.ruleId === ID), []);
    const priv = lock('      "resolved": "https://npm.acme-internal.io/x/-/x-1.0.0.tgz"');
    const f = (await runOnText(rule, 'package-lock.json', priv)).filter((x) => x.ruleId === ID);
    assert.deepEqual(f.map((x) => [x.messageId, x.message.includes('npm.acme-internal.io')]), [['privateRegistry', true]]);
    const yarn = 'x@^1.0.0:\n  version "1.0.0"\n  resolved "https://npm.acme-internal.io/x/-/x-1.0.0.tgz#abc"\n';
    assert.equal((await runOnText(rule, 'yarn.lock', yarn)).filter((x) => x.ruleId === ID).length, 1);
  });

  it('yarn\'s own release file (.yarn/releases/yarn-4.x.cjs) is not scanned; the same text elsewhere is', async () => {
    const text = 'const v = "0.0.0-use.local";\n';
    assert.deepEqual((await runOnText(rule, '.yarn/releases/yarn-4.12.0.cjs', text)).filter((x) => x.ruleId === ID), []);
    assert.equal((await runOnText(rule, 'lib/a.js', text)).filter((x) => x.ruleId === ID).length, 1);
  });

  it('private addresses in test files and Markdown docs are info (examples), a team domain stays a warning', async () => {
    const test = 'expect(isIp("192.168.1.1")).toBe(true);\nfetch("https://db.prod.internal/x");\n';
    const f = (await runOnText(rule, 'src/tests/string.test.ts', test)).filter((x) => x.ruleId === ID);
    assert.deepEqual(f.map((x) => x.severity), ['info', 'info']);
    assert.match(f[0].message, /test or documentation file/);
    const doc = (await runOnText(rule, 'docs/Recommendations.md', 'proxy_pass http://10.10.11.2:3000;\n')).filter((x) => x.ruleId === ID);
    assert.deepEqual(doc.map((x) => x.severity), ['info']);
    const team = (await runOnText(rule, 'src/a.test.ts', 'const u = "https://ci.int.acme.dev/x";\n', { config: { internalDomains: ['*.int.acme.dev'] } })).filter((x) => x.ruleId === ID);
    assert.notEqual(team[0].severity, 'info');
  });
});
