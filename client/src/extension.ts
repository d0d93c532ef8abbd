/**
 * The Leakguard VS Code extension: starts the language server over IPC, forwards settings and
 * workspace trust, and adds the commands and views that only an editor has. Thin on purpose:
 * everything about leaks lives in the server's engine.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { npmPackDryRun } from './npm-pack';
import { LanguageClient, TransportKind, State, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { PublishSetProvider, type PublishSetNode, type UnitInfo } from './publish-set-view';
import { EmbeddedSourceRequest, PublishedVersionsRequest, PublishSetsRequest, StatusNotification, TrustNotification } from '../../protocol';

let client: LanguageClient | undefined;
let statusItem: vscode.LanguageStatusItem | undefined;

const TIME_BUDGET_MS = 2000;

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
    initializationOptions: { trusted: vscode.workspace.isTrusted, showReferencesCommand: 'leakguard.showOccurrences' },
    synchronize: { configurationSection: 'leakguard' },
    diagnosticCollectionName: 'leakguard',
    connectionOptions: { maxRestartCount: 4 },
  };
  client = new LanguageClient('leakguard', 'Leakguard', serverOptions, clientOptions);
  const publishSetView = new PublishSetProvider(async () => (await client?.sendRequest(PublishSetsRequest, {})) ?? []);

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
    vscode.window.registerTreeDataProvider('leakguard.publishSet', publishSetView),
    vscode.commands.registerCommand('leakguard.showPublishSet', async () => {
      await publishSetView.refresh();
      await vscode.commands.executeCommand('leakguard.publishSet.focus');
    }),
    vscode.commands.registerCommand('leakguard.refreshPublishSet', () => publishSetView.refresh()),
    vscode.commands.registerCommand('leakguard.showOccurrences', async (uri: string, position: { line: number; character: number }, locations: Array<{ uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }>) => {
      const pos = (p: { line: number; character: number }) => new vscode.Position(p.line, p.character);
      await vscode.commands.executeCommand(
        'editor.action.showReferences',
        vscode.Uri.parse(uri),
        pos(position),
        locations.map((l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(pos(l.range.start), pos(l.range.end)))),
      );
    }),
    vscode.commands.registerCommand('leakguard.excludeFromPackageView', async (node?: PublishSetNode) => {
      if (!node || node.type !== 'file') return;
      await vscode.commands.executeCommand('leakguard.excludeFromPackage', { unitRoot: node.unit.root, path: node.file.path });
    }),
    vscode.commands.registerCommand('leakguard.fixAll', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.leakguard');
      for (const a of actions ?? []) if (a.edit) await vscode.workspace.applyEdit(a.edit);
    }),
    vscode.commands.registerCommand('leakguard.verifyWithNpmPack', async () => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('Leakguard runs npm only in trusted workspaces.');
        return;
      }
      const units = ((await client?.sendRequest(PublishSetsRequest, {})) ?? []).filter((u) => u.kind === 'npm');
      const report = await verifyWithNpmPack(units, output);
      void vscode.window.showInformationMessage(report);
    }),
    // Asks the registry: only from this command (issue #22), only in a trusted workspace, with the
    // user's own ~/.npmrc token for that registry (the server reads it, never the project's .npmrc).
    vscode.commands.registerCommand('leakguard.auditPublishedVersions', async (arg?: string | PublishSetNode) => {
      if (!client) return undefined;
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('Leakguard asks a registry only in trusted workspaces.');
        return undefined;
      }
      let root = typeof arg === 'string' ? arg : arg && 'unit' in arg ? arg.unit.root : undefined;
      if (!root) {
        const units = ((await client.sendRequest(PublishSetsRequest, {})) ?? []).filter((u) => u.kind === 'npm' && u.name);
        if (units.length === 0) {
          void vscode.window.showInformationMessage('Leakguard: no npm package with a "name" in this workspace.');
          return undefined;
        }
        root = units.length === 1 ? units[0].root : (await vscode.window.showQuickPick(units.map((u) => ({ label: u.name as string, description: u.root, root: u.root })), { placeHolder: 'Audit the published versions of which package?' }))?.root;
        if (!root) return undefined;
      }
      const at = root;
      const info = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Leakguard: auditing published versions…' }, () => client!.sendRequest(PublishedVersionsRequest, { root: at }));
      if (!info) {
        void vscode.window.showErrorMessage('Leakguard: the audit failed; see the output.');
        return undefined;
      }
      await publishSetView.refresh();
      const nodes = publishSetView.setPublished(info);
      await vscode.commands.executeCommand('leakguard.publishSet.focus');
      const leaked = info.versions.filter((v) => v.leaked).length;
      if (info.error) void vscode.window.showWarningMessage(`Leakguard: ${info.error}`);
      else void vscode.window.showInformationMessage(`Leakguard: ${info.versions.length} published version${info.versions.length === 1 ? '' : 's'} of ${info.name}, ${leaked} leaked. See "Published versions" in the Publish Set view.`);
      // What the view now shows (for tests and other extensions).
      const rows = nodes.map((n) => {
        const item = publishSetView.getTreeItem(n);
        return { label: String(item.label), description: String(item.description ?? '') };
      });
      return { error: info.error, problems: info.problems, rows };
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client?.sendNotification(TrustNotification, { trusted: true });
    }),
    vscode.workspace.registerTextDocumentContentProvider('leakguard-embedded', {
      provideTextDocumentContent: async (uri) => {
        const text = await client?.sendRequest(EmbeddedSourceRequest, { uri: uri.toString() });
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
  client.onNotification(StatusNotification, (p) => {
    void publishSetView.refresh();
    if (!statusItem) return;
    const mb = (p.bytes / (1024 * 1024)).toFixed(1);
    statusItem.text = `Leakguard: ${p.units} ${p.units === 1 ? 'package' : 'packages'}, ${p.files} files`;
    statusItem.detail = `${mb} MB analysed in ${p.ms} ms${p.trusted ? '' : ' — untrusted workspace: no config regexes, no commands'}${p.problems ? ` — ${p.problems} problems, see output` : ''}${p.skipped?.length ? ` — skipped ${p.skipped.length} test/fixture/example ${p.skipped.length === 1 ? 'folder' : 'folders'}: ${p.skipped.slice(0, 3).join(', ')}${p.skipped.length > 3 ? ', …' : ''}` : ''}`;
    statusItem.severity = p.ms > TIME_BUDGET_MS || !p.trusted || p.problems ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  });
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}

/**
 * Runs the user's own `npm pack --dry-run --json --ignore-scripts` in each npm package, with a clean
 * configuration (npm-pack.ts), and reports how it differs from Leakguard's computed set (trusted
 * workspaces only; scripts never run).
 */
async function verifyWithNpmPack(units: UnitInfo[], output: vscode.OutputChannel): Promise<string> {
  let differing = 0;
  for (const u of units) {
    const packed = await npmPackDryRun(u.root);
    const real = packed.files ?? packed.error ?? 'no output';
    const name = u.name ?? u.root;
    if (typeof real === 'string') {
      output.appendLine(`npm pack failed in ${u.root}: ${real}`);
      differing++;
      continue;
    }
    const ours = new Set(u.files.map((f) => f.path));
    const theirs = new Set(real);
    const onlyNpm = real.filter((p) => !ours.has(p));
    const onlyOurs = [...ours].filter((p) => !theirs.has(p));
    if (onlyNpm.length || onlyOurs.length) {
      differing++;
      output.appendLine(`${name}: npm pack ships ${real.length} files, Leakguard computed ${ours.size}.`);
      for (const p of onlyNpm) output.appendLine(`  only in npm pack: ${p}`);
      for (const p of onlyOurs) output.appendLine(`  only in Leakguard: ${p}`);
    } else output.appendLine(`${name}: npm pack and Leakguard agree on ${real.length} files.`);
  }
  if (differing) output.show(true);
  return differing ? `npm pack differs from Leakguard's publish set in ${differing} of ${units.length} packages (see output).` : `npm pack agrees with Leakguard's publish set for ${units.length} packages.`;
}
