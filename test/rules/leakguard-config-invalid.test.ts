import * as assert from 'node:assert/strict';
import rule from '../../rules/leakguard-config-invalid';
import pmfa from '../../rules/publish-missing-files-allowlist';
import { runOnTree, writeTree, analyzeRoot } from '../helpers/rule-tester';

const ID = 'leakguard-config-invalid';
const pkg = JSON.stringify({ name: 'x', version: '1.0.0', files: ['index.js'] });

describe(ID, () => {
  it('reports an unknown rule id at the key, with the rule-id text', async () => {
    const cfg = '{\n  "rules": { "no-such-rule": "error" }\n}\n';
    const root = writeTree({ 'package.json': pkg, 'index.js': '1', '.leakguardrc.json': cfg });
    const { findings } = await analyzeRoot(root, { rules: [rule, pmfa] });
    const f = findings.filter((x) => x.ruleId === ID);
    assert.equal(f.length, 1);
    assert.ok(f[0].file.endsWith('.leakguardrc.json'));
    assert.equal(cfg.slice(f[0].start, f[0].end), '"no-such-rule"');
    assert.match(f[0].message, /Unknown rule "no-such-rule"/);
  });

  it('reports bad severities, invalid JSON, unknown options and unsafe regexes', async () => {
    const cases: Array<[string, RegExp]> = [
      ['{ "rules": { "publish-missing-files-allowlist": "loud" } }', /Invalid setting/],
      ['{ "rules": { ', /Invalid JSON/],
      ['{ "rulez": {} }', /Unknown option "rulez"/],
      ['{ "denyList": [{ "pattern": "(a)\\\\1", "regex": true }] }', /Unsupported regular expression: back-reference/],
      ['{ "denyList": [{ "pattern": "([", "regex": true }] }', /Invalid regular expression/],
      ['[]', /must be a JSON object/],
    ];
    for (const [cfg, re] of cases) {
      const { findings } = await runOnTree({ 'package.json': pkg, 'index.js': '1', '.leakguardrc.json': cfg }, { rules: [rule, pmfa] });
      const f = findings.filter((x) => x.ruleId === ID);
      assert.ok(f.some((x) => re.test(x.message)), `${cfg}: ${f.map((x) => x.message).join(' | ')}`);
    }
  });

  it('accepts comments, trailing commas and valid settings (trap)', async () => {
    const cfg = '{\n  // team config\n  "rules": { "publish-missing-files-allowlist": ["warning", { "requireFilesAllowlist": false }], },\n  "ignore": ["fixtures/**"],\n}\n';
    const { findings } = await runOnTree({ 'package.json': pkg, 'index.js': '1', '.leakguardrc.json': cfg }, { rules: [rule, pmfa] });
    assert.deepEqual(findings.filter((x) => x.ruleId === ID).map((x) => x.message), []);
  });

  it('reports a package.json that is not valid JSON, at the error', async () => {
    const bad = '{ "name": "x", "version": "1.0.0", }}';
    const { findings } = await runOnTree({ 'package.json': bad }, { rules: [rule, pmfa] });
    const f = findings.filter((x) => x.ruleId === ID);
    assert.ok(f.length >= 1);
    assert.ok(f[0].file.endsWith('package.json'));
    assert.match(f[0].message, /not valid JSON/);
  });
});
