/**
 * Issue #15 item 11: in an untrusted workspace the server writes nothing by itself and runs
 * nothing: no fix-all (editor.codeActionsOnSave), no "Create configuration", no "Add prepublish
 * guard", no "Exclude from package", until the user trusts the folder (leakguard/trust). Untrusted
 * comes from the client (VS Code workspace trust → initializationOptions.trusted: false) or from
 * the `--untrusted` flag for stdio clients, which are trusted by default.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { writeTree } from '../helpers/rule-tester';
import { startServer, killAll, type LspClient, type StartOptions } from '../helpers/lsp-client';
import { SERVER, cleanEnv } from './attacker';
import { TrustNotification } from '../../protocol';

const fixable = () =>
  writeTree({
    'package.json': JSON.stringify({ name: 'svc', version: '1.0.0', main: 'index.js', files: ['index.js', 'conf'] }, null, 2) + '\n',
    'index.js': '1',
    'conf/.env': 'A=1',
  });

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

async function session(root: string, opts: StartOptions): Promise<{ c: LspClient; uri: string; edits: unknown[] }> {
  const { client: c } = await startServer(root, { env: cleanEnv(), serverPath: SERVER, ...opts });
  const edits: unknown[] = [];
  c.conn.onRequest('workspace/applyEdit', (p: unknown) => {
    edits.push(p);
    return { applied: true };
  });
  const uri = c.open(path.join(root, 'package.json'), 'json');
  await c.waitFor(uri, (d) => d.some((x) => x.code === 'secret-dotenv-in-publish-set'));
  return { c, uri, edits };
}

const fixAll = (c: LspClient, uri: string) => c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: ZERO, context: { diagnostics: [], only: ['source.fixAll.leakguard'] } }) as Promise<CodeAction[]>;

async function writingCommands(c: LspClient, root: string): Promise<Array<{ applied?: boolean }>> {
  return [
    (await c.conn.sendRequest('workspace/executeCommand', { command: 'leakguard.createConfiguration', arguments: [{ folder: root }] })) as { applied?: boolean },
    (await c.conn.sendRequest('workspace/executeCommand', { command: 'leakguard.addPrepublishGuard', arguments: [{ unitRoot: root }] })) as { applied?: boolean },
    (await c.conn.sendRequest('workspace/executeCommand', { command: 'leakguard.excludeFromPackage', arguments: [{ unitRoot: root, path: 'conf/.env' }] })) as { applied?: boolean },
  ];
}

describe('security: an untrusted workspace gets no fix-all and no writing commands (#15 item 11)', function () {
  this.timeout(120_000);
  afterEach(() => killAll());

  const cases: Array<[string, StartOptions]> = [
    ['VS Code workspace trust (initializationOptions.trusted: false)', { initializationOptions: { trusted: false } }],
    ['the --untrusted flag of the language server (stdio client)', { serverArgs: ['--untrusted'] }],
    ['--untrusted wins over a client that claims trust at initialize', { serverArgs: ['--untrusted'], initializationOptions: { trusted: true } }],
  ];
  for (const [name, opts] of cases) {
    it(`${name}: refused until leakguard/trust, then allowed`, async () => {
      const root = fixable();
      const { c, uri, edits } = await session(root, opts);
      assert.deepEqual(await fixAll(c, uri), [], 'no fix-all (codeActionsOnSave) while untrusted');
      for (const r of await writingCommands(c, root)) assert.notEqual(r?.applied, true, 'writing command refused');
      assert.deepEqual(edits, [], 'no workspace/applyEdit sent');
      // The user trusts the folder: the same requests now work (the refusals above were not vacuous).
      await c.conn.sendNotification(TrustNotification, { trusted: true });
      await c.until(() => c.statusCount > 1, 'a re-analysis after trust');
      await c.waitFor(uri, (d) => d.some((x) => x.code === 'secret-dotenv-in-publish-set'));
      assert.equal((await fixAll(c, uri)).length, 1, 'fix-all offered once trusted');
      await writingCommands(c, root);
      assert.ok(edits.length > 0, 'writing commands send edits once trusted');
      assert.equal(await c.shutdown(), 0);
    });
  }

  it('a stdio client without the flag is trusted by default (documented)', async () => {
    const root = fixable();
    const { c, uri } = await session(root, {});
    assert.equal((await fixAll(c, uri)).length, 1);
    assert.equal(await c.shutdown(), 0);
  });
});
