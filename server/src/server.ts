#!/usr/bin/env node
/**
 * leakguard-language-server: `--stdio` for any LSP client, `--node-ipc` when VS Code starts it.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';
import { allRules, docsUrl } from '../../rules/index';
import { VERSION } from './version';
import * as path from 'node:path';
import { existsSync } from 'node:fs';

if (process.argv.includes('--version')) {
  process.stdout.write(`${VERSION}\n`);
  process.exit(0);
}
if (process.argv.includes('--help')) {
  process.stdout.write(
    'Usage: leakguard-language-server --stdio | --node-ipc | --socket=PORT [--untrusted]\n\nThe Leakguard language server (LSP 3.17).\n\n' +
      '  --untrusted  treat the workspace as untrusted (no config regexes, no fix-all, no commands that\n' +
      '               write) until the client sends leakguard/trust. Without it the server trusts the\n' +
      '               workspace unless initializationOptions say {"trusted": false}.\n',
  );
  process.exit(0);
}
const connection = createConnection(ProposedFeatures.all);
// Bundled: dist/analysis-worker.js sits next to dist/server.js (scripts/build.mjs). Run from sources
// (no bundle next to it), large documents are analysed in-process.
const workerScript = path.join(__dirname, 'analysis-worker.js');
startServer(connection, { rules: allRules, docsUrl, version: VERSION, workerScript: existsSync(workerScript) ? workerScript : undefined, untrusted: process.argv.includes('--untrusted') });
connection.listen();
