import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import rule from '../../rules/publish-internal-docs-and-agent-files';
import type { Finding } from '../../server/src/engine/types';
import { runOnTree, analyzeRoot, applyFixOnDisk, npmPackFiles } from '../helpers/rule-tester';

const ID = 'publish-internal-docs-and-agent-files';
const pkg = (extra: object = {}) => JSON.stringify({ name: 'agenty', version: '1.0.0', main: 'dist/index.js', ...extra }, null, 2);
const ours = (f: Finding[]) => f.filter((x) => x.ruleId === ID);

describe(ID, function () {
  this.timeout(30_000);

  const agents = ['CLAUDE.md', 'AGENTS.md', 'GEMINI.md', 'packages/x/CLAUDE.md', '.claude/settings.json', '.cursor/rules/a.mdc', '.cursorrules', '.windsurfrules', '.github/copilot-instructions.md', '.github/prompts/review.prompt.md', '.mcp.json', '.aider.conf.yml'];
  for (const file of agents) {
    it(`fires on the agent file ${file}`, async () => {
      const { findings } = await runOnTree({ 'package.json': pkg(), 'dist/index.js': 'x', [file]: 'run `make deploy` against build.int.example' }, { rules: [rule] });
      const f = ours(findings);
      assert.equal(f.length, 1, JSON.stringify(f.map((x) => x.message)));
      assert.equal(f[0].messageId, 'agent');
      assert.equal(f[0].severity, 'warning');
      assert.ok(f[0].message.startsWith(`1 AI-agent instruction file will be published (no "files" allowlist and no ignore file excludes it): ${file}.`), f[0].message);
      assert.ok(f[0].related[0].file.endsWith(file));
    });
  }

  for (const file of ['docs/internal/oncall.md', 'rfcs/0001-auth.md', 'runbooks/db.md', 'ROADMAP.md', 'design-docs/x.md', 'NOTES.txt']) {
    it(`fires on the internal document ${file}`, async () => {
      const { findings } = await runOnTree({ 'package.json': pkg(), 'dist/index.js': 'x', [file]: 'x' }, { rules: [rule] });
      const f = ours(findings);
      assert.equal(f.length, 1);
      assert.equal(f[0].messageId, 'internalDoc');
    });
  }

  it('traps: public docs/, README, CONTRIBUTING, claude-helper.js, a doc named agents.md in lower case, .github/workflows', async () => {
    const tree = { 'package.json': pkg(), 'dist/index.js': 'x', 'docs/guide.md': 'x', 'README.md': 'x', 'CONTRIBUTING.md': 'x', 'dist/claude-helper.js': 'x', 'docs/agents.md': 'x', '.github/workflows/ci.yml': 'x', 'docs/design.md': 'x' };
    const { findings } = await runOnTree(tree, { rules: [rule] });
    assert.deepEqual(ours(findings).map((x) => x.message), []);
  });

  it('intentionalAgentFiles marks a template product\'s agent files as intended', async () => {
    const tree = { 'package.json': pkg(), 'dist/index.js': 'x', 'templates/default/CLAUDE.md': 'x', 'templates/default/.cursorrules': 'x', 'CLAUDE.md': 'x' };
    const { findings } = await runOnTree(tree, { rules: [rule], config: { intentionalAgentFiles: ['templates/**'] } });
    const f = ours(findings);
    assert.equal(f.length, 1);
    assert.match(f[0].message, /: CLAUDE\.md\./);
  });

  it('deny-list term in a shipped CLAUDE.md is an error at the term', async () => {
    const { findings } = await runOnTree({ 'package.json': pkg(), 'dist/index.js': 'x', 'CLAUDE.md': 'Ship zephyrine next week.' }, { rules: [rule], config: { denyList: ['zephyrine'] } });
    const deny = ours(findings).find((x) => x.messageId === 'denyList')!;
    assert.equal(deny.severity, 'error');
    assert.ok(deny.file.endsWith('CLAUDE.md'));
    assert.equal(fs.readFileSync(deny.file, 'utf8').slice(deny.start, deny.end).toLowerCase(), 'zephyrine');
  });

  it('fix: "files" negations for agent files; npm pack then ships none and keeps dist', async () => {
    const tree = { 'package.json': pkg({ files: ['dist', 'CLAUDE.md', '.cursor'] }), 'dist/index.js': 'x', 'dist/CLAUDE.md': 'x', 'CLAUDE.md': 'x', '.cursor/rules/a.mdc': 'x' };
    const { root, findings } = await runOnTree(tree, { rules: [rule] });
    const f = ours(findings);
    assert.equal(f.length, 3, 'one finding per cause: each "files" entry');
    assert.ok(f.every((x) => x.file.endsWith('package.json')));
    applyFixOnDisk(f[0].suggestions[0].edits);
    assert.deepEqual(npmPackFiles(root), ['dist/index.js', 'package.json']);
    assert.equal(ours((await analyzeRoot(root, { rules: [rule] })).findings).length, 0);
  });

  it('fix on .vscodeignore for a VS Code extension', async () => {
    const tree = { 'package.json': pkg({ engines: { vscode: '^1.90.0' } }), '.vscodeignore': 'src/**\n', 'dist/index.js': 'x', 'AGENTS.md': 'x', '.claude/commands/x.md': 'x' };
    const { root, findings } = await runOnTree(tree, { rules: [rule] });
    const f = ours(findings)[0];
    assert.ok(f.file.endsWith('.vscodeignore'));
    applyFixOnDisk(f.suggestions[0].edits);
    assert.equal(ours((await analyzeRoot(root, { rules: [rule] })).findings).length, 0);
  });
});
