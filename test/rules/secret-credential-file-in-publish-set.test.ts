import * as assert from 'node:assert/strict';
import rule from '../../rules/secret-credential-file-in-publish-set';
import { ruleTester, analyzeRoot, applyFixOnDisk } from '../helpers/rule-tester';
import { SAMPLES } from '../engine/content-samples';

const ID = 'secret-credential-file-in-publish-set';
const pkg = (extra: object = {}) => JSON.stringify({ name: 'svc', version: '1.0.0', main: 'index.js', ...extra }, null, 2);
const cert = '-----BEGIN CERTIFICATE-----\nMIIB' + 'Q'.repeat(80) + '\n-----END CERTIFICATE-----\n';

ruleTester(rule, {
  valid: [
    {
      name: 'short PEM stubs, .pub keys and unshipped test keys',
      files: {
        'package.json': pkg({ files: ['index.js', 'keys/'] }), 'index.js': 'x',
        'keys/id_rsa.pub': 'ssh-rsa AAAAB3Nza',
        'keys/stub.pem': '-----BEGIN PRIVATE KEY-----\nMIIBVQ==\n-----END PRIVATE KEY-----\n',
        'test/fixtures/server.key': SAMPLES.privateKey,
      },
    },
  ],
  invalid: [
    ...([
      ['keys/server.pem', SAMPLES.privateKey],
      ['id_rsa', SAMPLES.privateKey],
      ['certs/client.p12', Buffer.from([0x30, 0x82, 0x01, 0x00, 0x00])],
      ['.aws/credentials', '[default]\naws_access_key_id = x\n'],
      ['config/sa.json', JSON.stringify({ type: 'service_account', private_key_id: 'a', private_key: SAMPLES.privateKey })],
      ['.netrc', 'machine example.org login me password p\n'],
    ] as const).map(([name, content]) => ({
      name: `fires on ${name}`,
      files: { 'package.json': pkg(), 'index.js': 'x', [name]: content },
      errors: 1,
      check: (f: import('../../server/src/engine/types').Finding[]) => {
        assert.equal(f[0].severity, 'error');
        assert.ok(f[0].related[0].file.endsWith(name));
      },
    })),
    {
      name: 'public certificates are info (the traps of the valid case shipped beside them stay silent)',
      files: {
        'package.json': pkg({ files: ['index.js', 'certs/', 'keys/'] }), 'index.js': 'x',
        'certs/ca.crt': cert, 'keys/id_rsa.pub': 'ssh-rsa AAAAB3Nza',
        'keys/stub.pem': '-----BEGIN PRIVATE KEY-----\nMIIBVQ==\n-----END PRIVATE KEY-----\n',
        'test/fixtures/server.key': SAMPLES.privateKey,
      },
      errors: [{ messageId: 'certificate', severity: 'info' }],
    },
    {
      name: 'shipped fixtures are a warning; the fix keeps the key out of npm pack',
      files: { 'package.json': pkg(), 'index.js': 'x', 'test/fixtures/server.key': SAMPLES.privateKey },
      errors: 1,
      check: async (f, root) => {
        assert.equal(f[0].severity, 'warning');
        assert.ok(f[0].fix);
        applyFixOnDisk(f[0].fix!.edits);
        const again = await analyzeRoot(root, { rules: [rule] });
        assert.deepEqual(again.findings.filter((x) => x.ruleId === ID), []);
      },
    },
  ],
});
