import * as assert from 'node:assert/strict';
import rule from '../../rules/prompt-system-prompt-literal';
import * as fs from 'node:fs';
import { runOnTree, runOnText, analyzeRoot, applyFixOnDisk } from '../helpers/rule-tester';
import { SAMPLE_PROMPT } from '../helpers/samples';
import type { Finding } from '../../server/src/engine/types';

const ID = 'prompt-system-prompt-literal';
const PROMPT = SAMPLE_PROMPT;

describe(ID, () => {
  it('reports a joined-array prompt at its full range with score and excerpt', async () => {
    const f = (await runOnText(rule, 'src/prompts.ts', PROMPT)).filter((x) => x.ruleId === ID);
    assert.equal(f.length, 1);
    assert.equal(f[0].messageId, 'prompt');
    assert.ok(Number(f[0].data.score) >= 8, String(f[0].data.score));
    assert.match(String(f[0].data.excerpt), /^You are Orbit, an autonomous coding agent/);
    assert.match(f[0].message, /score \d+, threshold 5: persona \+3, api-context \+3/);
    assert.equal(PROMPT.slice(f[0].start, f[0].start + 12), '"You are Orb');
    assert.ok(PROMPT.slice(0, f[0].end).endsWith('does first."'));
  });

  it('scales with visibility: error for a proprietary package, info for open source', async () => {
    const files = (license: object) => ({ 'package.json': JSON.stringify({ name: 'agent', version: '1.0.0', main: 'dist/cli.js', ...license }), 'dist/cli.js': PROMPT.replace('export ', '') });
    const prop = (await runOnTree(files({ license: 'UNLICENSED' }), { rules: [rule] })).findings.filter((x) => x.ruleId === ID);
    const oss = (await runOnTree(files({ license: 'MIT', repository: 'https://github.com/acme/agent' }), { rules: [rule] })).findings.filter((x) => x.ruleId === ID);
    assert.deepEqual(prop.map((x) => x.severity), ['error']);
    assert.deepEqual(oss.map((x) => x.severity), ['info']);
    assert.match(prop[0].message, /will be published/);
  });

  it('is an error when the prompt is marked internal', async () => {
    const f = (await runOnText(rule, 'src/p.ts', PROMPT.replace('terminal.', 'terminal. Internal use only.'))).filter((x) => x.ruleId === ID);
    assert.deepEqual(f.map((x) => [x.messageId, x.severity]), [['internalPrompt', 'error']]);
  });

  it('respects minScore and allowPrompts', async () => {
    const high = (await runOnText(rule, 'src/p.ts', PROMPT, { config: { rules: { [ID]: ['warning', { minScore: 20 }] } } })).filter((x) => x.ruleId === ID);
    assert.deepEqual(high, []);
    const allowed = (await runOnText(rule, 'src/public-prompts/p.ts', PROMPT, { config: { allowPrompts: ['src/public-prompts/**'] } })).filter((x) => x.ruleId === ID);
    assert.deepEqual(allowed, []);
    const other = (await runOnText(rule, 'src/p.ts', PROMPT, { config: { allowPrompts: ['src/public-prompts/**'] } })).filter((x) => x.ruleId === ID);
    assert.equal(other.length, 1);
  });

  describe('suggestion "Mark as intentionally public"', () => {
    const pkg = JSON.stringify({ name: 'agent', version: '1.0.0', main: 'dist/cli.js', license: 'UNLICENSED' });
    const only = (f: Finding[]) => f.filter((x) => x.ruleId === ID);

    it('creates .leakguardrc.json with allowPrompts when there is none; applied, the finding goes away', async () => {
      const { root, findings } = await runOnTree({ 'package.json': pkg, 'dist/cli.js': PROMPT.replace('export ', '') }, { rules: [rule] });
      const [f] = only(findings);
      const s = f.suggestions.find((x) => x.title.startsWith('Mark as intentionally public'));
      assert.ok(s, f.suggestions.map((x) => x.title).join(' | '));
      assert.equal(s.edits[0].file, `${root}/.leakguardrc.json`);
      assert.equal(s.edits[0].create, true);
      applyFixOnDisk(s.edits);
      assert.deepEqual(JSON.parse(fs.readFileSync(`${root}/.leakguardrc.json`, 'utf8')), { allowPrompts: ['dist/cli.js'] });
      assert.deepEqual(only((await analyzeRoot(root, { rules: [rule] })).findings), []);
    });

    it('appends to allowPrompts of the nearest config, keeping its comments and other entries', async () => {
      const config = '{\n  // team settings\n  "visibility": "proprietary",\n  "allowPrompts": ["docs/**"]\n}\n';
      const { root, findings } = await runOnTree({ 'package.json': pkg, '.leakguardrc.json': config, 'dist/cli.js': PROMPT.replace('export ', '') }, { rules: [rule] });
      const s = only(findings)[0].suggestions.find((x) => x.title.startsWith('Mark as intentionally public'))!;
      assert.equal(s.edits[0].file, `${root}/.leakguardrc.json`);
      applyFixOnDisk(s.edits);
      const text = fs.readFileSync(`${root}/.leakguardrc.json`, 'utf8');
      assert.match(text, /\/\/ team settings/);
      assert.match(text, /"allowPrompts": \[\s*"docs\/\*\*",\s*"dist\/cli\.js"\s*\]/);
      assert.deepEqual(only((await analyzeRoot(root, { rules: [rule] })).findings), []);
    });

    it('adds the allowPrompts property when the config has none, with the path relative to the config folder', async () => {
      const config = '{ "visibility": "auto" }\n';
      const { root, findings } = await runOnTree({ '.leakguardrc.json': config, 'packages/agent/package.json': pkg, 'packages/agent/dist/cli.js': PROMPT.replace('export ', '') }, { rules: [rule] });
      const s = only(findings)[0].suggestions.find((x) => x.title.startsWith('Mark as intentionally public'))!;
      assert.equal(s.edits[0].file, `${root}/.leakguardrc.json`);
      applyFixOnDisk(s.edits);
      const cfg = JSON.parse(fs.readFileSync(`${root}/.leakguardrc.json`, 'utf8'));
      assert.deepEqual(cfg, { visibility: 'auto', allowPrompts: ['packages/agent/dist/cli.js'] });
      assert.deepEqual(only((await analyzeRoot(root, { rules: [rule] })).findings), []);
    });

    it('escapes glob characters in the path', async () => {
      const { root, findings } = await runOnTree({ 'package.json': JSON.stringify({ name: 'agent', version: '1.0.0', main: 'dist/[id]/cli.js' }), 'dist/[id]/cli.js': PROMPT.replace('export ', '') }, { rules: [rule] });
      const s = only(findings)[0].suggestions.find((x) => x.title.startsWith('Mark as intentionally public'))!;
      applyFixOnDisk(s.edits);
      assert.deepEqual(JSON.parse(fs.readFileSync(`${root}/.leakguardrc.json`, 'utf8')).allowPrompts, ['dist/\\[id\\]/cli.js']);
      assert.deepEqual(only((await analyzeRoot(root, { rules: [rule] })).findings), []);
    });
  });

  it('does not fire on help text, React warnings, login messages, licences or non-JS files (traps)', async () => {
    const text = [
      'console.warn("You are using the development build of React. Make sure to use the production build when deploying the app. The development build is slower and larger; you should never ship it to users. Always use the production build.");',
      'process.stderr.write("You are not logged in. Run `acme login` first. You must have an account to use this command; if you do not have one, you can create it. Never share your token and always keep it safe.");',
      'program.description("Deploy the current project. You must be logged in. The command never deletes remote files unless --prune is given. Always run build before deploying, and make sure your tree is clean. Do not interrupt a deployment.");',
      'const L = "Permission is hereby granted, free of charge, to any person obtaining a copy of this software. THE SOFTWARE IS PROVIDED AS IS. You must include the above copyright notice in all copies. You should not remove it, and never claim otherwise.";',
    ].join('\n');
    assert.deepEqual((await runOnText(rule, 'src/cli.js', text)).filter((x) => x.ruleId === ID).map((x) => x.data.excerpt), []);
    assert.deepEqual((await runOnText(rule, 'docs/prompt.md', PROMPT)).filter((x) => x.ruleId === ID), [], 'markdown is not tokenised by this rule');
  });
});
