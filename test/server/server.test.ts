/**
 * The real language server binary (dist/server.js) over JSON-RPC on stdio, as Neovim or Helix
 * would run it: initialize → diagnostics → code action → apply edit → diagnostic gone → shutdown.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { URI } from 'vscode-uri';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Diagnostic,
  type CodeAction,
  type TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { writeTree } from '../helpers/rule-tester';

const SERVER = path.resolve(__dirname, '../../dist/server.js');

class Client {
  readonly conn: ProtocolConnection;
  readonly diags = new Map<string, Diagnostic[]>();
  private waiters: Array<() => void> = [];
  readonly docs = new Map<string, TextDocument>();
  constructor(readonly child: ChildProcess) {
    this.conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diags.set(p.uri, p.diagnostics);
      this.waiters.forEach((w) => w());
    });
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.onNotification('leakguard/status', () => undefined);
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.listen();
  }

  /** Waits until `pred` holds for the diagnostics of `uri` (event-driven, with a deadline). */
  waitFor(uri: string, pred: (d: Diagnostic[]) => boolean, ms = 15_000): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const d = this.diags.get(uri);
        if (d && pred(d)) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== check);
          resolve(d);
        }
      };
      const timer = setTimeout(() => reject(new Error(`timed out waiting for diagnostics on ${uri}: ${JSON.stringify(this.diags.get(uri)?.map((x) => x.code))}`)), ms);
      this.waiters.push(check);
      check();
    });
  }

  open(file: string, languageId: string): string {
    const uri = URI.file(file).toString();
    const doc = TextDocument.create(uri, languageId, 1, fs.readFileSync(file, 'utf8'));
    this.docs.set(uri, doc);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text: doc.getText() } });
    return uri;
  }

  /** Applies a code action's edit the way an editor does (open documents via didChange, others on disk). */
  apply(action: CodeAction): void {
    for (const change of action.edit?.documentChanges ?? []) {
      if ('kind' in change) {
        if (change.kind === 'create') fs.writeFileSync(URI.parse(change.uri).fsPath, '');
        continue;
      }
      const tde = change as TextDocumentEdit;
      const uri = tde.textDocument.uri;
      const doc = this.docs.get(uri);
      if (doc) {
        assert.equal(tde.textDocument.version, doc.version, 'edits are pinned to the document version');
        const next = TextDocument.applyEdits(doc, tde.edits.filter((e): e is { range: typeof e.range; newText: string } => 'range' in e));
        const updated = TextDocument.create(uri, doc.languageId, doc.version + 1, next);
        this.docs.set(uri, updated);
        void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: updated.version }, contentChanges: [{ text: next }] });
      } else {
        const p = URI.parse(uri).fsPath;
        const before = fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '';
        const tmp = TextDocument.create(uri, 'plaintext', 0, before);
        fs.writeFileSync(p, TextDocument.applyEdits(tmp, tde.edits.filter((e): e is { range: typeof e.range; newText: string } => 'range' in e)));
        void this.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
      }
    }
  }

  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.on('exit', (code) => resolve(code)));
    await this.conn.sendRequest('shutdown');
    await this.conn.sendNotification('exit');
    return exited;
  }
}

async function start(root: string, initializationOptions: object = {}): Promise<Client> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const c = new Client(child);
  await c.conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: URI.file(root).toString(),
    workspaceFolders: [{ uri: URI.file(root).toString(), name: 'ws' }],
    capabilities: {
      textDocument: { publishDiagnostics: { relatedInformation: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } } },
      workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] }, didChangeWatchedFiles: { dynamicRegistration: true } },
    },
    initializationOptions,
  });
  await c.conn.sendNotification('initialized', {});
  return c;
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
  before(function () {
    if (!fs.existsSync(SERVER)) throw new Error('dist/server.js is missing: run "npm run build" first');
  });

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
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, `a preferred fix among ${actions.map((a) => a.title).join(' | ')}`);
    assert.match(fix!.title, /Add a "files" allowlist/);
    assert.ok(actions.some((a) => a.title === 'Ignore publish-missing-files-allowlist in .leakguardrc.json'));
    assert.ok(actions.some((a) => a.title === 'Show documentation for publish-missing-files-allowlist'));
    c.apply(fix!);
    await c.waitFor(uri, (ds) => !ds.some((x) => x.code === 'publish-missing-files-allowlist'));
    assert.deepEqual(JSON.parse(c.docs.get(uri)!.getText()).files, ['dist', '!dist/**/*.map']);
    assert.equal(await c.shutdown(), 0);
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
    c.conn.onRequest('workspace/applyEdit', (p: { edit: { documentChanges: Array<CodeAction['edit']> } }) => {
      edits.push(p.edit);
      c.apply({ title: 'x', edit: p.edit as CodeAction['edit'] });
      return { applied: true };
    });
    const uri = c.open(path.join(root, 'package.json'), 'json');
    await c.waitFor(uri, (d) => d.some((x) => x.code === 'publish-missing-files-allowlist'));
    const sets = (await c.conn.sendRequest('leakguard/publishSets', {})) as Array<{ root: string; files: Array<{ path: string; why: string }> }>;
    assert.ok(sets[0].files.some((f) => f.path === 'notes.txt' && /no "files" allowlist/.test(f.why)));
    const r = (await c.conn.sendRequest('workspace/executeCommand', { command: 'leakguard.excludeFromPackage', arguments: [{ unitRoot: sets[0].root, path: 'notes.txt' }] })) as { applied: boolean };
    assert.equal(r.applied, true);
    assert.equal(fs.readFileSync(path.join(root, '.npmignore'), 'utf8'), '/notes.txt\n');
    const g = (await c.conn.sendRequest('workspace/executeCommand', { command: 'leakguard.addPrepublishGuard', arguments: [{}] })) as { applied: boolean };
    assert.equal(g.applied, true);
    assert.equal(JSON.parse(c.docs.get(uri)!.getText()).scripts.prepublishOnly, 'leakguard check --fail-on error');
    assert.equal(edits.length, 2);
    assert.equal(await c.shutdown(), 0);
  });
});
