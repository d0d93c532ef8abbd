/**
 * The real language server binary (dist/server.js) over JSON-RPC on stdio, as Neovim or Helix
 * would run it: initialize → diagnostics → code action → apply edit → diagnostic gone → shutdown.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { CodeAction } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { writeTree } from '../helpers/rule-tester';
import { startServer, killAll, type LspClient } from '../helpers/lsp-client';
import { PublishSetsRequest } from '../../protocol';

async function start(root: string): Promise<LspClient> {
  return (await startServer(root)).client;
}

const leaky = () =>
  writeTree({
    'package.json': JSON.stringify({ name: 'leaky-cli', version: '1.0.0', main: 'dist/cli.js', bin: { leaky: 'dist/cli.js' } }, null, 2) + '\n',
    'dist/cli.js': 'console.log(1);\n',
    'dist/cli.js.map': JSON.stringify({ version: 3, sources: ['../src/cli.ts'], sourcesContent: ['export const a = 1;\n'], mappings: '' }),
    'src/notes.ts': 'export const plan = "launch checklist";\nexport const banner = "DO NOT SHIP this build";\n',
  });

describe('language server over JSON-RPC (stdio)', function () {
  this.timeout(60_000);
  afterEach(killAll);

  it('publishes a diagnostic on package.json, the quick fix removes it, shutdown exits 0', async () => {
    const root = leaky();
    const c = await start(root);
    const uri = c.open(path.join(root, 'package.json'), 'json');
    const diags = await c.waitFor(uri, (d) => d.some((x) => x.code === 'publish-missing-files-allowlist'));
    const d = diags.find((x) => x.code === 'publish-missing-files-allowlist')!;
    assert.equal(d.source, 'leakguard');
    assert.equal(d.severity, 1);
    assert.match(d.codeDescription!.href, /docs\/rules\/publish-missing-files-allowlist\.md$/);
    assert.equal((d.data as { v: number }).v, 1);
    assert.ok(d.relatedInformation?.some((r) => r.location.uri.endsWith('cli.js.map')));
    const actions = (await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } })) as CodeAction[];
    // The allowlist is a suggestion (no safe fix): offered, never preferred (issue #18 item 5).
    assert.deepEqual(actions.filter((a) => a.isPreferred).map((a) => a.title), [], 'an unsafe suggestion is never preferred');
    const fix = actions.find((a) => /Add a "files" allowlist/.test(a.title));
    assert.ok(fix, `the allowlist suggestion among ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(actions.some((a) => a.title === 'Ignore publish-missing-files-allowlist in .leakguardrc.json'));
    assert.ok(actions.some((a) => a.title === 'Show documentation for publish-missing-files-allowlist'));
    c.apply(fix!);
    await c.waitFor(uri, (ds) => !ds.some((x) => x.code === 'publish-missing-files-allowlist'));
    assert.deepEqual(JSON.parse(c.docs.get(uri)!.getText()).files, ['dist', '!dist/**/*.map']);
    assert.equal(await c.shutdown(), 0);
  });

  it('a rule\'s safe fix is the preferred action; the same edit offered as a suggestion is not', async () => {
    const ws = (main?: string) =>
      writeTree({
        'package.json': JSON.stringify({ name: 'mono', version: '1.0.0', workspaces: ['packages/*'], ...(main ? { main } : {}) }, null, 2) + '\n',
        'index.js': 'module.exports = 1;\n',
        'packages/a/package.json': JSON.stringify({ name: 'a', version: '1.0.0', private: true }) + '\n',
      });
    const preferredOf = async (root: string) => {
      const c = await start(root);
      const uri = c.open(path.join(root, 'package.json'), 'json');
      const diags = await c.waitFor(uri, (d) => d.some((x) => x.code === 'publish-workspace-root-not-private'));
      const d = diags.find((x) => x.code === 'publish-workspace-root-not-private')!;
      const actions = (await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } })) as CodeAction[];
      assert.ok(actions.some((a) => a.title === 'Add "private": true to the workspace root'), actions.map((a) => a.title).join(' | '));
      const preferred = actions.filter((a) => a.isPreferred).map((a) => a.title);
      assert.equal(await c.shutdown(), 0);
      return preferred;
    };
    // No entry points of its own: "private": true is the rule's safe fix.
    assert.deepEqual(await preferredOf(ws()), ['Add "private": true to the workspace root']);
    // Entry points of its own: the same edit is only a suggestion, so nothing is preferred.
    assert.deepEqual(await preferredOf(ws('index.js')), []);
  });

  it('"Disable RULE for this line" writes a suppression comment above the line and the finding goes', async () => {
    const root = leaky();
    const c = await start(root);
    const uri = c.open(path.join(root, 'src/notes.ts'), 'typescript');
    const diags = await c.waitFor(uri, (d) => d.some((x) => x.code === 'prompt-internal-codename'));
    const d = diags.find((x) => x.code === 'prompt-internal-codename')!;
    assert.equal(d.range.start.line, 1);
    const actions = (await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    const disable = actions.find((a) => a.title === 'Disable prompt-internal-codename for this line')!;
    assert.ok(disable);
    c.apply(disable);
    await c.waitFor(uri, (ds) => !ds.some((x) => x.code === 'prompt-internal-codename'));
    assert.match(c.docs.get(uri)!.getText(), /^export const plan = "launch checklist";\n\/\/ leakguard-disable-next-line prompt-internal-codename\nexport const banner/);
    assert.equal(await c.shutdown(), 0);
  });

  it('refuses a stale fix (diagnostic computed on an older document version)', async () => {
    const root = leaky();
    const c = await start(root);
    const uri = c.open(path.join(root, 'package.json'), 'json');
    const diags = await c.waitFor(uri, (d) => d.some((x) => x.code === 'publish-missing-files-allowlist'));
    const d = diags.find((x) => x.code === 'publish-missing-files-allowlist')!;
    const doc = c.docs.get(uri)!;
    const edited = TextDocument.create(uri, 'json', doc.version + 1, doc.getText().replace('"version"', '"description": "x",\n  "version"'));
    c.docs.set(uri, edited);
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: edited.version }, contentChanges: [{ text: edited.getText() }] });
    const actions = (await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    assert.equal(actions.filter((a) => a.edit).length, 0, actions.map((a) => a.title).join(' | '));
    assert.equal(await c.shutdown(), 0);
  });

  it('shows a .leakguardrc.json error in that file, and a new .map in a published folder produces a finding', async () => {
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'lib', version: '1.0.0', main: 'dist/index.js', files: ['dist'] }, null, 2),
      'dist/index.js': 'module.exports = 1;\n',
      '.leakguardrc.json': '{\n  "rules": { "no-such-rule": "error" }\n}\n',
    });
    const c = await start(root);
    const cfgUri = URI.file(path.join(root, '.leakguardrc.json')).toString();
    const cfg = await c.waitFor(cfgUri, (d) => d.some((x) => x.code === 'leakguard-config-invalid'));
    assert.equal(cfg[0].range.start.line, 1);
    const pkgUri = URI.file(path.join(root, 'package.json')).toString();
    fs.writeFileSync(path.join(root, 'dist/index.js.map'), JSON.stringify({ version: 3, sources: ['../src/index.ts'], sourcesContent: ['export default 1;\n'], mappings: '' }));
    await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(path.join(root, 'dist/index.js.map')).toString(), type: 1 }] });
    await c.waitFor(pkgUri, (d) => d.some((x) => x.code === 'sourcemap-in-publish-set'));
    assert.equal(await c.shutdown(), 0);
  });

  it('source.fixAll.leakguard re-runs the engine until stable and is idempotent', async () => {
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'svc', version: '1.0.0', main: 'index.js', files: ['index.js', 'conf'] }, null, 2) + '\n',
      'index.js': '1',
      'conf/.env': 'A=1',
      'conf/app.json': '{}',
    });
    const c = await start(root);
    const uri = c.open(path.join(root, 'package.json'), 'json');
    await c.waitFor(uri, (d) => d.some((x) => x.code === 'secret-dotenv-in-publish-set'));
    const all = (await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.leakguard'] } })) as CodeAction[];
    assert.equal(all.length, 1);
    assert.equal(all[0].kind, 'source.fixAll.leakguard');
    c.apply(all[0]);
    assert.deepEqual(JSON.parse(c.docs.get(uri)!.getText()).files, ['index.js', 'conf', '!**/.env*']);
    await c.waitFor(uri, (d) => !d.some((x) => x.code === 'secret-dotenv-in-publish-set'));
    const again = (await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.leakguard'] } })) as CodeAction[];
    assert.deepEqual(again, [], 'nothing left to fix: applying twice changes nothing');
    assert.equal(await c.shutdown(), 0);
  });

  it('commands: exclude a shipped file from its package and add a prepublish guard', async () => {
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'lib', version: '1.0.0', main: 'index.js' }, null, 2) + '\n',
      'index.js': '1',
      'notes.txt': 'internal',
    });
    const c = await start(root);
    const edits: unknown[] = [];
    c.conn.onRequest('workspace/applyEdit', (p: { edit: CodeAction['edit'] }) => {
      edits.push(p.edit);
      c.applyEdit(p.edit);
      return { applied: true };
    });
    const uri = c.open(path.join(root, 'package.json'), 'json');
    await c.waitFor(uri, (d) => d.some((x) => x.code === 'publish-missing-files-allowlist'));
    const sets = (await c.conn.sendRequest(PublishSetsRequest, {})) as Array<{ root: string; files: Array<{ path: string; why: string }> }>;
    assert.ok(sets[0].files.some((f) => f.path === 'notes.txt' && /no "files" allowlist/.test(f.why)));
    const r = (await c.conn.sendRequest('workspace/executeCommand', { command: 'leakguard.excludeFromPackage', arguments: [{ unitRoot: sets[0].root, path: 'notes.txt' }] })) as { applied: boolean };
    assert.equal(r.applied, true);
    assert.equal(fs.readFileSync(path.join(root, '.npmignore'), 'utf8'), '/notes.txt\n');
    const g = (await c.conn.sendRequest('workspace/executeCommand', { command: 'leakguard.addPrepublishGuard', arguments: [{}] })) as { applied: boolean };
    assert.equal(g.applied, true);
    assert.equal(JSON.parse(c.docs.get(uri)!.getText()).scripts.postpack, 'leakguard check --fail-on error');
    assert.equal(edits.length, 2);
    assert.equal(await c.shutdown(), 0);
  });

  it('"Open all occurrences" of a deny-listed codename lists every place, through the client\'s references command', async () => {
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'app', version: '1.0.0', main: 'src/a.js', files: ['src'], license: 'MIT', repository: 'github:a/b' }, null, 2),
      '.leakguardrc.json': JSON.stringify({ denyList: ['zephyrine'] }),
      'src/a.js': 'export const model = "zephyrine-large";\n',
      'src/b.js': '// talks to Zephyrine\nexport const b = 1;\n',
    });
    const { client: c } = await startServer(root, { initializationOptions: { showReferencesCommand: 'test.showReferences' } });
    const uri = c.open(path.join(root, 'src/a.js'), 'javascript');
    const diags = await c.waitFor(uri, (d) => d.some((x) => x.code === 'prompt-internal-codename'));
    const bUri = URI.file(path.join(root, 'src/b.js')).toString();
    await c.waitFor(bUri, (d) => d.some((x) => x.code === 'prompt-internal-codename'));
    const d = diags.find((x) => x.code === 'prompt-internal-codename')!;
    const actions = await c.codeActions(uri, d.range, [d]);
    const open = actions.find((a) => /^Open all 2 occurrences of "zephyrine"/i.test(a.title));
    assert.ok(open, actions.map((a) => a.title).join(' | '));
    assert.equal(open!.command!.command, 'test.showReferences');
    const locations = open!.command!.arguments![2] as Array<{ uri: string; range: { start: { line: number } } }>;
    assert.deepEqual(locations.map((l) => [l.uri.endsWith('a.js') ? 'a' : 'b', l.range.start.line]).sort(), [['a', 0], ['b', 0]]);
    assert.equal(await c.shutdown(), 0);
  });

  it('offers no "Open all occurrences" to a client without a references command (Neovim, Helix)', async () => {
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'app', version: '1.0.0', main: 'src/a.js', files: ['src'] }, null, 2),
      '.leakguardrc.json': JSON.stringify({ denyList: ['zephyrine'] }),
      'src/a.js': 'export const model = "zephyrine";\nexport const again = "zephyrine";\n',
    });
    const c = await start(root);
    const uri = c.open(path.join(root, 'src/a.js'), 'javascript');
    const diags = await c.waitFor(uri, (d) => d.filter((x) => x.code === 'prompt-internal-codename').length === 2);
    const actions = await c.codeActions(uri, diags[0].range, [diags[0]]);
    assert.ok(!actions.some((a) => /occurrences/.test(a.title)));
    assert.equal(await c.shutdown(), 0);
  });

  it('hot reload: editing an org config package in node_modules that .leakguardrc.json extends re-analyses', async () => {
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'app', version: '1.0.0', main: 'index.js', license: 'MIT', repository: 'github:a/b' }, null, 2),
      'index.js': '1',
      '.leakguardrc.json': JSON.stringify({ extends: ['@acme/leakguard-config'] }),
      'node_modules/@acme/leakguard-config/package.json': JSON.stringify({ name: '@acme/leakguard-config', version: '1.0.0', main: 'index.json' }),
      'node_modules/@acme/leakguard-config/index.json': JSON.stringify({ rules: { 'publish-missing-files-allowlist': 'off' } }),
    });
    const c = await start(root);
    const uri = c.open(path.join(root, 'package.json'), 'json');
    await c.analysed();
    assert.ok(!(c.diags.get(uri) ?? []).some((x) => x.code === 'publish-missing-files-allowlist'), 'off through the org config');
    const org = path.join(root, 'node_modules/@acme/leakguard-config/index.json');
    fs.writeFileSync(org, JSON.stringify({ rules: {} }));
    await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(org).toString(), type: 2 }] });
    await c.waitFor(uri, (d) => d.some((x) => x.code === 'publish-missing-files-allowlist'));
    assert.equal(await c.shutdown(), 0);
  });

  it('"Ignore RULE in .leakguardrc.json" edits an existing (unopened) config, keeping its comments, and the finding goes', async () => {
    const cfg = '{\n  // team settings\n  "internalScopes": ["@acme"]\n}\n';
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'lib', version: '1.0.0', main: 'index.js', license: 'MIT', repository: 'github:a/b' }, null, 2) + '\n',
      'index.js': '1',
      '.leakguardrc.json': cfg,
    });
    const c = await start(root);
    const uri = c.open(path.join(root, 'package.json'), 'json');
    const diags = await c.waitFor(uri, (d) => d.some((x) => x.code === 'publish-missing-files-allowlist'));
    const d = diags.find((x) => x.code === 'publish-missing-files-allowlist')!;
    const actions = await c.codeActions(uri, d.range, [d]);
    const ignore = actions.find((a) => a.title === 'Ignore publish-missing-files-allowlist in .leakguardrc.json');
    assert.ok(ignore?.edit, 'a workspace edit, not a command');
    c.apply(ignore!);
    const after = fs.readFileSync(path.join(root, '.leakguardrc.json'), 'utf8');
    assert.match(after, /\/\/ team settings/);
    assert.deepEqual(JSON.parse(after.replace(/\/\/.*$/m, '')).ignore, ['publish-missing-files-allowlist:package.json']);
    await c.waitFor(uri, (ds) => !ds.some((x) => x.code === 'publish-missing-files-allowlist'));
    assert.equal(await c.shutdown(), 0);
  });
});
