#!/usr/bin/env node
/**
 * leakguard-language-server: `--stdio` for any LSP client, `--node-ipc` when VS Code starts it.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';
import { allRules, docsUrl } from '../../rules/index';
import { VERSION } from './version';

if (process.argv.includes('--version')) {
  process.stdout.write(`${VERSION}\n`);
  process.exit(0);
}
if (process.argv.includes('--help')) {
  process.stdout.write('Usage: leakguard-language-server --stdio | --node-ipc | --socket=PORT\n\nThe Leakguard language server (LSP 3.17).\n');
  process.exit(0);
}
const connection = createConnection(ProposedFeatures.all);
startServer(connection, { rules: allRules, docsUrl, version: VERSION });
connection.listen();
