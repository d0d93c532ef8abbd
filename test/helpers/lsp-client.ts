/**
 * A minimal LSP client over stdio for tests: spawns the built server, tracks diagnostics and
 * requests from the server, applies workspace edits like an editor, and waits on notifications
 * (never on sleeps). Every started server is killed by `killAll()` (call it in `afterEach`), so a
 * failing test never leaves a process that keeps mocha alive.
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
  type CodeLens,
  type Hover,
  type MarkupContent,
  type ShowDocumentParams,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { StatusNotification } from '../../protocol';

export const SERVER = path.resolve(__dirname, '../../dist/server.js');

const running = new Set<ChildProcess>();

export class LspClient {
  readonly conn: ProtocolConnection;
  readonly diags = new Map<string, Diagnostic[]>();
  readonly docs = new Map<string, TextDocument>();
  readonly shown: ShowDocumentParams[] = [];
  statusCount = 0;
  private waiters: Array<() => void> = [];

  constructor(readonly child: ChildProcess) {
    this.conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diags.set(p.uri, p.diagnostics);
      this.wake();
    });
    this.conn.onNotification(StatusNotification, () => {
      this.statusCount++;
      this.wake();
    });
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('workspace/codeLens/refresh', () => null);
    this.conn.onRequest('window/showDocument', (p: ShowDocumentParams) => {
      this.shown.push(p);
      this.wake();
      return { success: true };
    });
    this.conn.listen();
  }

  private wake(): void {
    this.waiters.forEach((w) => w());
  }

  /** Waits until `pred` holds (checked on every notification), with a deadline. */
  until(pred: () => boolean, what: string, ms = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!pred()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`timed out waiting for ${what}`));
      }, ms);
      this.waiters.push(check);
      check();
    });
  }

  /** Resolves once a folder analysis has finished (the server sends leakguard/status). */
  analysed(): Promise<void> {
    return this.until(() => this.statusCount > 0, 'the first analysis');
  }

  /** Waits until `pred` holds for the diagnostics of `uri`. */
  async waitFor(uri: string, pred: (d: Diagnostic[]) => boolean, ms = 20_000): Promise<Diagnostic[]> {
    await this.until(() => pred(this.diags.get(uri) ?? []) && this.diags.has(uri), `diagnostics on ${uri}: ${JSON.stringify(this.diags.get(uri)?.map((x) => x.code))}`, ms);
    return this.diags.get(uri)!;
  }

  open(file: string, languageId: string): string {
    const uri = URI.file(file).toString();
    const doc = TextDocument.create(uri, languageId, 1, fs.readFileSync(file, 'utf8'));
    this.docs.set(uri, doc);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text: doc.getText() } });
    return uri;
  }

  /** Replaces an open document's text (full sync). */
  change(uri: string, text: string): number {
    const doc = this.docs.get(uri)!;
    const updated = TextDocument.create(uri, doc.languageId, doc.version + 1, text);
    this.docs.set(uri, updated);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: updated.version }, contentChanges: [{ text }] });
    return updated.version;
  }

  /** Applies a workspace edit the way an editor does (open documents via didChange, others on disk). */
  applyEdit(edit: WorkspaceEdit | undefined): void {
    for (const change of edit?.documentChanges ?? []) {
      if ('kind' in change) {
        if (change.kind === 'create') fs.writeFileSync(URI.parse(change.uri).fsPath, '');
        continue;
      }
      const tde = change as TextDocumentEdit;
      const uri = tde.textDocument.uri;
      const edits = tde.edits.filter((e): e is { range: (typeof e)['range']; newText: string } => 'range' in e);
      const doc = this.docs.get(uri);
      if (doc) {
        assert.equal(tde.textDocument.version, doc.version, 'edits are pinned to the document version');
        this.change(uri, TextDocument.applyEdits(doc, edits));
      } else {
        const p = URI.parse(uri).fsPath;
        const before = fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '';
        fs.writeFileSync(p, TextDocument.applyEdits(TextDocument.create(uri, 'plaintext', 0, before), edits));
        void this.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
      }
    }
  }

  apply(action: CodeAction): void {
    this.applyEdit(action.edit);
  }

  codeActions(uri: string, range: Diagnostic['range'], diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    return this.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } }) as Promise<CodeAction[]>;
  }

  lenses(uri: string): Promise<CodeLens[]> {
    return this.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as Promise<CodeLens[]>;
  }

  async hover(uri: string, line: number, character: number): Promise<string | undefined> {
    const h = (await this.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } })) as Hover | null;
    return h ? (h.contents as MarkupContent).value : undefined;
  }

  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.on('exit', (code) => resolve(code)));
    await this.conn.sendRequest('shutdown');
    await this.conn.sendNotification('exit');
    const code = await exited;
    running.delete(this.child);
    return code;
  }
}

export interface StartOptions {
  capabilities?: object;
  initializationOptions?: object;
  /** Extra `node` arguments before the server script (e.g. `--require` a preload). */
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  /** Another build of the server (the security tier can point at an old build to count its failures). */
  serverPath?: string;
  /** Extra server arguments after `--stdio` (e.g. `--untrusted`). */
  serverArgs?: string[];
}

const DEFAULT_CAPABILITIES = {
  textDocument: {
    publishDiagnostics: { relatedInformation: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } },
    hover: { contentFormat: ['markdown'] },
    codeLens: {},
  },
  window: { showDocument: { support: true } },
  workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] }, didChangeWatchedFiles: { dynamicRegistration: true }, codeLens: { refreshSupport: true } },
};

/** Starts the built server on a workspace folder and completes the initialize handshake. */
export async function startServer(root: string, opts: StartOptions = {}): Promise<{ client: LspClient; capabilities: Record<string, unknown> }> {
  const server = opts.serverPath ?? SERVER;
  if (!fs.existsSync(server)) throw new Error(`${server} is missing: run "npm run build" first`);
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), server, '--stdio', ...(opts.serverArgs ?? [])], { stdio: ['pipe', 'pipe', 'inherit'], env: opts.env ?? process.env });
  running.add(child);
  child.on('exit', () => running.delete(child));
  const client = new LspClient(child);
  const init = (await client.conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: URI.file(root).toString(),
    workspaceFolders: [{ uri: URI.file(root).toString(), name: 'ws' }],
    capabilities: opts.capabilities ?? DEFAULT_CAPABILITIES,
    initializationOptions: opts.initializationOptions ?? {},
  })) as { capabilities: Record<string, unknown> };
  await client.conn.sendNotification('initialized', {});
  return { client, capabilities: init.capabilities };
}

/** Kills every server a test started and did not shut down (use in `afterEach`). */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
