/**
 * The Leakguard VS Code extension: starts the language server over IPC, forwards settings and
 * workspace trust, and adds the commands and views that only an editor has. Thin on purpose:
 * everything about leaks lives in the server's engine.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, State, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
let statusItem: vscode.LanguageStatusItem | undefined;

const TIME_BUDGET_MS = 2000;

interface StatusParams {
  folder: string;
  units: number;
  files: number;
  bytes: number;
  ms: number;
  problems: number;
  trusted: boolean;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Leakguard');
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', pattern: '**/*' }],
    outputChannel: output,
    initializationOptions: { trusted: vscode.workspace.isTrusted },
    synchronize: { configurationSection: 'leakguard' },
    diagnosticCollectionName: 'leakguard',
    connectionOptions: { maxRestartCount: 4 },
  };
  client = new LanguageClient('leakguard', 'Leakguard', serverOptions, clientOptions);

  statusItem = vscode.languages.createLanguageStatusItem('leakguard.status', { scheme: 'file', pattern: '**/*' });
  statusItem.name = 'Leakguard';
  statusItem.text = 'Leakguard: starting';
  statusItem.command = { title: 'Show output', command: 'leakguard.showOutput' };
  context.subscriptions.push(statusItem);

  context.subscriptions.push(
    vscode.commands.registerCommand('leakguard.restartServer', async () => {
      if (!client) return;
      output.appendLine('Restarting the Leakguard server.');
      await client.restart();
    }),
    vscode.commands.registerCommand('leakguard.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('leakguard.scanWorkspaceNow', async () => {
      await client?.sendRequest('workspace/executeCommand', { command: 'leakguard.scanWorkspace', arguments: [] });
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client?.sendNotification('leakguard/trust', { trusted: true });
    }),
    vscode.workspace.registerTextDocumentContentProvider('leakguard-embedded', {
      provideTextDocumentContent: async (uri) => {
        const text = await client?.sendRequest<string | null>('leakguard/embeddedSource', { uri: uri.toString() });
        return text ?? '// Leakguard: this embedded source is no longer in the map.';
      },
    }),
  );

  client.onDidChangeState((e) => {
    if (e.newState === State.Stopped && statusItem) {
      statusItem.text = 'Leakguard: stopped';
      statusItem.severity = vscode.LanguageStatusSeverity.Error;
    }
  });

  await client.start();
  client.onNotification('leakguard/status', (p: StatusParams) => {
    if (!statusItem) return;
    const mb = (p.bytes / (1024 * 1024)).toFixed(1);
    statusItem.text = `Leakguard: ${p.units} ${p.units === 1 ? 'package' : 'packages'}, ${p.files} files`;
    statusItem.detail = `${mb} MB analysed in ${p.ms} ms${p.trusted ? '' : ' — untrusted workspace: no config regexes, no commands'}${p.problems ? ` — ${p.problems} problems, see output` : ''}`;
    statusItem.severity = p.ms > TIME_BUDGET_MS || !p.trusted || p.problems ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  });
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
