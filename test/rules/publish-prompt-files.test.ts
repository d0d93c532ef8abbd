import * as assert from 'node:assert/strict';
import rule from '../../rules/publish-prompt-files';
import type { Finding } from '../../server/src/engine/types';
import { runOnTree, analyzeRoot, applyFixOnDisk, npmPackFiles } from '../helpers/rule-tester';

const ID = 'publish-prompt-files';
const pkg = (extra: object = {}) => JSON.stringify({ name: 'prompty', version: '1.0.0', main: 'dist/index.js', ...extra }, null, 2);
const ours = (f: Finding[]) => f.filter((x) => x.ruleId === ID);

describe(ID, function () {
  this.timeout(30_000);

  for (const file of ['dist/agent.prompt', 'assets/chat.prompty', 'dist/review.prompt.md', 'prompts/system.md', 'src/prompts/tools/edit.hbs', 'lib/prompt/plan.yaml', 'dist/system-prompt.txt', 'dist/developer_instructions.md']) {
    it(`fires on ${file}`, async () => {
      const { findings } = await runOnTree({ 'package.json': pkg(), 'dist/index.js': 'x', [file]: 'You are a helpful assistant.' }, { rules: [rule] });
      const f = ours(findings);
      assert.equal(f.length, 1, JSON.stringify(f.map((x) => x.message)));
      assert.equal(f[0].severity, 'warning');
      assert.ok(f[0].message.startsWith(`1 prompt file will be published (no "files" allowlist and no ignore file excludes it): ${file}.`), f[0].message);
      assert.ok(f[0].related[0].file.endsWith(file));
    });
  }

  it('traps: the prompts CLI library\'s code, prompt.js, systemic.js, system-info.md, .d.ts and maps named like prompts, .github/prompts (agent rule)', async () => {
    const tree = {
      'package.json': pkg(),
      'dist/index.js': 'x',
      'lib/prompts/select.js': 'x',
      'lib/prompt.js': 'x',
      'lib/systemic.js': 'x',
      'docs/system-info.md': 'x',
      'dist/system-prompt.d.ts': 'x',
      'dist/system-prompt.js.map': '{}',
      '.github/prompts/x.prompt.md': 'x',
    };
    const { findings } = await runOnTree(tree, { rules: [rule] });
    assert.deepEqual(ours(findings).map((x) => x.message), []);
  });

  it('allowPrompts keeps intentionally public prompts quiet', async () => {
    const tree = { 'package.json': pkg(), 'dist/index.js': 'x', 'src/public-prompts/a.md': 'x', 'prompts/secret.md': 'x' };
    const { findings } = await runOnTree(tree, { rules: [rule], config: { allowPrompts: ['src/public-prompts/**'] } });
    assert.deepEqual(ours(findings).map((x) => x.data.files), ['prompts/secret.md']);
    const all = await runOnTree({ ...tree }, { rules: [rule], config: { allowPrompts: ['**/*.md'] } });
    assert.equal(ours(all.findings).length, 0);
  });

  it('a deny-list term in a shipped prompt is an error', async () => {
    const { findings } = await runOnTree({ 'package.json': pkg(), 'dist/index.js': 'x', 'prompts/system.md': 'Codename: zephyrine.' }, { rules: [rule], config: { denyList: ['zephyrine'] } });
    assert.equal(ours(findings).find((x) => x.messageId === 'denyList')?.severity, 'error');
  });

  it('fix excludes the prompt files, not the prompts/ folder that holds code; npm pack keeps the loader and main', async () => {
    const tree = { 'package.json': pkg({ files: ['dist'] }), 'dist/index.js': 'x', 'dist/prompts/index.js': 'x', 'dist/prompts/system.md': 'x', 'dist/plan.prompt.md': 'x' };
    const { root, findings } = await runOnTree(tree, { rules: [rule] });
    const f = ours(findings);
    assert.equal(f.length, 1);
    assert.match(f[0].message, /^2 prompt files will be published \("files" entry "dist"\)/);
    applyFixOnDisk(f[0].suggestions[0].edits);
    assert.deepEqual(npmPackFiles(root), ['dist/index.js', 'dist/prompts/index.js', 'package.json']);
    assert.equal(ours((await analyzeRoot(root, { rules: [rule] })).findings).length, 0);
  });
});
