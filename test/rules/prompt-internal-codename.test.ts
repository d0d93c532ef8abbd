import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import rule from '../../rules/prompt-internal-codename';
import { runOnTree, runOnText } from '../helpers/rule-tester';

const ID = 'prompt-internal-codename';
const pkg = JSON.stringify({ name: 'cli', version: '1.0.0', main: 'dist/cli.js' });
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe(ID, () => {
  it('finds codenames in the map but not in the bundle, as Claude Code 2.1.88 shipped them', async () => {
    const map = JSON.stringify({ version: 3, sources: ['../src/model.ts'], sourcesContent: ['export const MODEL = "capybara-v2"; // @[MODEL LAUNCH]\n'], mappings: '', names: [] });
    const { findings } = await runOnTree({ 'package.json': pkg, 'dist/cli.js': 'var a="m";', 'dist/cli.js.map': map }, { rules: [rule], config: { denyList: ['capybara'] } });
    const embedded = findings.filter((x) => x.ruleId === ID && x.embedded?.source === '../src/model.ts');
    assert.deepEqual(embedded.map((x) => x.messageId).sort(), ['codename', 'marker']);
    assert.ok(!findings.some((x) => x.ruleId === ID && x.file.endsWith('cli.js') && !x.embedded));
  });

  it('hashed entries, fromCharCode and the path', async () => {
    const codes = [...'fennec'].map((c) => c.charCodeAt(0)).join(',');
    const f = await runOnText(rule, 'src/features/fennec/index.ts', `const n = String.fromCharCode(${codes});\n`, { config: { denyList: [{ sha256: sha('fennec') }] } });
    const mine = f.filter((x) => x.ruleId === ID);
    assert.deepEqual(mine.map((x) => x.messageId).sort(), ['codename', 'codenameInPath']);
    // The label of a hashed entry is never spelled out (the path message quotes the user's own path).
    assert.ok(mine.filter((x) => x.messageId === 'codename').every((x) => !x.message.includes('fennec') && /sha256:/.test(x.message)), 'hashed terms are never spelled out');
  });

  it('regex entries are ignored in untrusted workspaces; ordinary words do not fire (traps)', async () => {
    const config = { denyList: [{ pattern: 'project[-_ ]?falcon', regex: true }, 'kairos'] };
    assert.deepEqual((await runOnText(rule, 'a.ts', 'const x = "projectFalcon";', { config, trusted: false })).filter((x) => x.ruleId === ID), []);
    assert.equal((await runOnText(rule, 'a.ts', 'const x = "projectFalcon";', { config })).filter((x) => x.ruleId === ID).length, 1);
    assert.deepEqual((await runOnText(rule, 'a.ts', 'const kairosity = "internal use"; // shipping soon', { config })).filter((x) => x.ruleId === ID), []);
  });

  // @sentry/core 8.47.0 build/cjs/semanticAttributes.js: TypeScript's @internal tag is not a marker.
  it('ignores "@internal only meant for internal SDK usage" JSDoc; keeps the prose marker', async () => {
    const jsdoc = '/**\n * A custom span name.\n *\n * @internal only meant for internal SDK usage\n * @hidden\n */\nconst SPAN_NAME = "sdk.custom_span_name";\n';
    assert.deepEqual((await runOnText(rule, 'build/cjs/semanticAttributes.js', jsdoc)).filter((x) => x.ruleId === ID), []);
    const prose = (await runOnText(rule, 'dist/a.js', '// Internal only: do not document\n')).filter((x) => x.ruleId === ID);
    assert.deepEqual(prose.map((x) => x.messageId), ['marker']);
  });
});

describe('prompt-internal-codename: "do not share" as a verb is prose (issue #23, vuejs/core README)', () => {
  it('does not fire on a sentence whose verb is "do not share"; fires on markers', async () => {
    const r = rule;
    const prose = 'In some cases, transformers of each block in an SFC do not share the same execution context.\n';
    assert.deepEqual((await runOnText(r, 'README.md', prose)).filter((f) => f.ruleId === r.meta.id), []);
    for (const marker of ['// Do not share: launch plan\n', 'Internal notes, do not share.\n', 'Please do not share this file.\n', 'NOTES — DO NOT SHARE\n']) {
      assert.equal((await runOnText(r, 'notes.md', marker)).filter((f) => f.ruleId === r.meta.id).length, 1, marker);
    }
  });
});
