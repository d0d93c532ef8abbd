import * as assert from 'node:assert/strict';
import rule from '../../rules/secret-registry-token-literal';
import { runOnTree, applyFixOnDisk } from '../helpers/rule-tester';
import * as fs from 'node:fs';
import { SAMPLES } from '../engine/content-samples';

const ID = 'secret-registry-token-literal';
const pkg = JSON.stringify({ name: 'svc', version: '1.0.0', main: 'index.js' });

describe(ID, () => {
  it('fires on a literal .npmrc token (warning: npm never ships .npmrc) and the suggestion writes ${NPM_TOKEN}', async () => {
    const { root, findings } = await runOnTree({ 'package.json': pkg, 'index.js': 'x', '.npmrc': `//registry.npmjs.org/:_authToken=${SAMPLES.npm}\n` }, { rules: [rule] });
    const f = findings.filter((x) => x.ruleId === ID);
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'warning');
    assert.ok(!JSON.stringify(f).includes(SAMPLES.npm));
    applyFixOnDisk(f[0].suggestions[0].edits);
    assert.equal(fs.readFileSync(`${root}/.npmrc`, 'utf8'), '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n');
  });

  it('is an error when the file ships (.yarnrc.yml and bunfig.toml ship with npm pack)', async () => {
    const { findings } = await runOnTree({
      // Published with npm (a .yarnrc.yml alone would make it a yarn berry project, whose packer drops the file).
      'package.json': JSON.stringify({ ...JSON.parse(pkg), packageManager: 'npm@11.0.0' }), 'index.js': 'x',
      '.yarnrc.yml': `npmScopes:\n  acme:\n    npmAuthToken: ${SAMPLES.npm}\n`,
      'bunfig.toml': `[install.scopes]\nacme = { token = "${SAMPLES.npm}", url = "https://npm.acme.corp/" }\n`,
    }, { rules: [rule] });
    const f = findings.filter((x) => x.ruleId === ID);
    assert.deepEqual(f.map((x) => [x.data.key, x.severity]).sort(), [['npmAuthToken', 'error'], ['token', 'error']]);
  });

  it('a yarn berry project: yarn pack never ships .yarnrc.yml, so its token is a warning (#16)', async () => {
    const { findings } = await runOnTree({
      'package.json': pkg, 'index.js': 'x',
      '.yarnrc.yml': `npmScopes:\n  acme:\n    npmAuthToken: ${SAMPLES.npm}\n`,
    }, { rules: [rule] });
    assert.deepEqual(findings.filter((x) => x.ruleId === ID).map((x) => [x.data.key, x.severity]), [['npmAuthToken', 'warning']]);
  });

  it('does not fire on environment references (traps)', async () => {
    const { findings } = await runOnTree({
      'package.json': pkg, 'index.js': 'x',
      '.npmrc': '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nregistry=https://registry.npmjs.org/\n',
      '.yarnrc.yml': 'npmAuthToken: "${NPM_TOKEN}"\n',
      'bunfig.toml': '[install]\ntoken = "$NPM_TOKEN"\n',
    }, { rules: [rule] });
    assert.deepEqual(findings.filter((x) => x.ruleId === ID), []);
  });
});
