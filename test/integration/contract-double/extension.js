// Contract double: a thin vscode-languageclient extension (same shape as the real one).
'use strict';
const path = require('path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
let client;
exports.activate = async function activate(context) {
  const module = path.join(__dirname, 'server.js');
  client = new LanguageClient('leakguard', 'Leakguard',
    { run: { module, transport: TransportKind.ipc }, debug: { module, transport: TransportKind.ipc } },
    { documentSelector: [{ scheme: 'file' }],
      synchronize: { configurationSection: 'leakguard', fileEvents: vscode.workspace.createFileSystemWatcher('**/*') } });
  context.subscriptions.push(
    vscode.commands.registerCommand('leakguard.restartServer', () => client.restart()),
    vscode.commands.registerCommand('leakguard.showOutput', () => client.outputChannel.show(true)));
  await client.start();
};
exports.deactivate = () => client && client.stop();
