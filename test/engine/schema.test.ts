/**
 * Generated manifests are not stale: schemas/leakguardrc.schema.json and the `leakguard.rules`
 * setting in package.json are regenerated in memory from the registry and compared with the
 * committed files (`npm run schema` updates both). The schema also accepts the documented format
 * and rejects what the loader rejects.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { buildConfigSchema, buildRuleSettingsProperties } from '../../server/src/engine/config/schema';
import { allRules, docsUrl } from '../../rules/index';

const ROOT = path.resolve(__dirname, '../..');
const SCHEMA_FILE = path.join(ROOT, 'schemas/leakguardrc.schema.json');
const metas = allRules.map((r) => r.meta);
const STALE = 'stale: run "npm run schema" and commit the result';

describe('generated configuration schema and settings', () => {
  it('schemas/leakguardrc.schema.json matches the registry', () => {
    const committed = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as { definitions: { rules: { properties: Record<string, { description: string }> } } };
    assert.deepEqual(committed, buildConfigSchema(metas, docsUrl), STALE);
    const props = committed.definitions.rules.properties;
    assert.deepEqual(Object.keys(props), metas.map((m) => m.id).sort(), 'every rule id is a property of "rules"');
    for (const m of metas) assert.ok(props[m.id].description.startsWith(m.description), m.id);
  });

  it('package.json leakguard.rules has one property per rule with its description and an enum', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const setting = pkg.contributes.configuration.properties['leakguard.rules'];
    assert.deepEqual(setting.properties, buildRuleSettingsProperties(metas), STALE);
    assert.deepEqual(Object.keys(setting.properties), metas.map((m) => m.id).sort());
    for (const m of metas) assert.deepEqual(setting.properties[m.id].enum, ['off', 'error', 'warning', 'info', 'hint']);
  });

  it('the schema accepts the documented format and rejects unknown rules, bad severities and bad options', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')));
    const withOptions = metas.find((m) => m.optionsSchema);
    const good = {
      $schema: './node_modules/leakguard/schemas/leakguardrc.schema.json',
      extends: ['leakguard:recommended', './tools/leakguard-base.json', '@acme/leakguard-config'],
      visibility: 'auto',
      rules: { 'sourcemap-in-publish-set': 'off', 'secret-known-token-format': ['error'] },
      overrides: [{ files: ['test/**'], rules: { 'secret-known-token-format': 'info' } }],
      ignore: ['fixtures/**'],
      internalScopes: ['@acme'],
      internalDomains: ['acme.corp', '*.int.acme.dev'],
      denyList: ['zephyrine', { pattern: 'project[-_ ]?falcon', regex: true, kind: 'codename' }, { sha256: 'a'.repeat(64), kind: 'codename' }],
      allowPrompts: ['src/public-prompts/**'],
      allowSourceMaps: 'never',
      locked: ['sourcemap-sources-content', 'secret-known-token-format'],
      baseline: '.leakguard-baseline.json',
    };
    assert.ok(validate(good), JSON.stringify(validate.errors));
    for (const bad of [
      { rules: { 'no-such-rule': 'error' } },
      { rules: { 'sourcemap-in-publish-set': 'loud' } },
      { locked: ['no-such-rule'] },
      { allowSourceMaps: 'sometimes' },
      { extends: 42 },
      { unknownOption: true },
      { denyList: [{ sha256: 'xyz' }] },
    ]) {
      assert.equal(validate(bad), false, JSON.stringify(bad));
    }
    if (withOptions) assert.equal(validate({ rules: { [withOptions.id]: ['error', 'not an object'] } }), false, 'options must match the rule\'s optionsSchema');
  });
});
