import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import rule from '../../rules/secret-registry-token-literal';
import { ruleTester, applyFixOnDisk } from '../helpers/rule-tester';
import { SAMPLES } from '../engine/content-samples';

const pkg = JSON.stringify({ name: 'svc', version: '1.0.0', main: 'index.js' });

ruleTester(rule, {
  valid: [
    {
      name: 'environment references',
      files: {
        'package.json': pkg, 'index.js': 'x',
        '.npmrc': '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nregistry=https://registry.npmjs.org/\n',
        '.yarnrc.yml': 'npmAuthToken: "${NPM_TOKEN}"\n',
        'bunfig.toml': '[install]\ntoken = "$NPM_TOKEN"\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a literal .npmrc token (warning: npm never ships .npmrc); the suggestion writes ${NPM_TOKEN}',
      files: { 'package.json': pkg, 'index.js': 'x', '.npmrc': `//registry.npmjs.org/:_authToken=${SAMPLES.npm}\n` },
      errors: [{ messageId: 'literal', severity: 'warning' }],
      check: (f, root) => {
        assert.ok(!JSON.stringify(f).includes(SAMPLES.npm));
        applyFixOnDisk(f[0].suggestions[0].edits);
        assert.equal(fs.readFileSync(`${root}/.npmrc`, 'utf8'), '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n');
      },
    },
    {
      name: 'an error when the file ships (.yarnrc.yml and bunfig.toml ship with npm pack)',
      files: {
        // Published with npm (a .yarnrc.yml alone would make it a yarn berry project, whose packer drops the file).
        'package.json': JSON.stringify({ ...JSON.parse(pkg), packageManager: 'npm@11.0.0' }), 'index.js': 'x',
        '.yarnrc.yml': `npmScopes:\n  acme:\n    npmAuthToken: ${SAMPLES.npm}\n`,
        'bunfig.toml': `[install.scopes]\nacme = { token = "${SAMPLES.npm}", url = "https://npm.acme.corp/" }\n`,
      },
      errors: 2,
      check: (f) => assert.deepEqual(f.map((x) => [x.data.key, x.severity]).sort(), [['npmAuthToken', 'error'], ['token', 'error']]),
    },
    {
      name: 'a yarn berry project: yarn pack never ships .yarnrc.yml, so its token is a warning (#16)',
      files: { 'package.json': pkg, 'index.js': 'x', '.yarnrc.yml': `npmScopes:\n  acme:\n    npmAuthToken: ${SAMPLES.npm}\n` },
      errors: 1,
      check: (f) => assert.deepEqual(f.map((x) => [x.data.key, x.severity]), [['npmAuthToken', 'warning']]),
    },
  ],
});
