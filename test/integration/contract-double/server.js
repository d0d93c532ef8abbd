// Contract double server: just enough Leakguard behaviour for the harness.
'use strict';
const fs = require('fs');
const path = require('path');
const { fileURLToPath, pathToFileURL } = require('url');
const { createConnection, TextDocuments, ProposedFeatures, TextDocumentSyncKind, DiagnosticSeverity, CodeActionKind } = require('vscode-languageserver/node');
const { TextDocument } = require('vscode-languageserver-textdocument');

const conn = createConnection(ProposedFeatures.all);
const docs = new TextDocuments(TextDocument);
const SEV = { error: 1, warning: 2, info: 3, hint: 4 };
const KNOWN = new Set(['publish-missing-files-allowlist', 'prompt-system-prompt-literal', 'sourcemap-in-publish-set', 'publish-dev-artifacts', 'leakguard-config-invalid']);
let rules = {};
const docsUrl = (id) => `https://github.com/leakguard/leakguard/blob/main/docs/rules/${id}.md`;

conn.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, codeActionProvider: { codeActionKinds: ['quickfix'] } } }));
conn.onInitialized(() => reloadConfig());
conn.onDidChangeConfiguration(() => reloadConfig());
async function reloadConfig() {
  try { const c = await conn.workspace.getConfiguration('leakguard'); rules = (c && c.rules) || {}; } catch { rules = {}; }
  docs.all().forEach(validate);
}
conn.onDidChangeWatchedFiles(() => docs.all().forEach(validate));

function diag(doc, id, start, end, message, def, data) {
  const level = rules[id] || def;
  if (level === 'off') return null;
  return { range: { start: doc.positionAt(start), end: doc.positionAt(end) }, severity: SEV[level], source: 'leakguard', code: id, codeDescription: { href: docsUrl(id) }, message, data };
}
function validate(doc) {
  const text = doc.getText();
  const file = fileURLToPath(doc.uri);
  const out = [];
  const base = path.basename(file);
  if (base === 'package.json') {
    let pkg; try { pkg = JSON.parse(text); } catch { pkg = null; }
    if (pkg && !pkg.private && !pkg.files) {
      const i = text.indexOf('"name"');
      out.push(diag(doc, 'publish-missing-files-allowlist', i, i + 6, 'No "files" allowlist: npm will publish everything, including dist/cli.js.map', 'error', { v: 1, fix: 'files' }));
    }
    if (pkg && Array.isArray(pkg.files)) {
      for (const f of pkg.files) {
        const dir = path.join(path.dirname(file), f);
        let names = []; try { names = fs.readdirSync(dir); } catch {}
        for (const n of names.filter((x) => x.endsWith('.map'))) {
          const i = text.indexOf(JSON.stringify(f));
          const d = diag(doc, 'sourcemap-in-publish-set', i, i + JSON.stringify(f).length, `${path.join(f, n)} (${n}) would be published`, 'warning');
          if (d) { d.relatedInformation = [{ location: { uri: pathToFileURL(path.join(dir, n)).href, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, message: 'source map' }]; out.push(d); }
        }
      }
    }
  } else if (base === '.leakguardrc.json') {
    const re = /"([a-z-]+)"\s*:\s*"(off|error|warning|info|hint)"/g; let m;
    while ((m = re.exec(text))) if (!KNOWN.has(m[1])) out.push(diag(doc, 'leakguard-config-invalid', m.index, m.index + m[1].length + 2, `Unknown rule "${m[1]}"`, 'error'));
  } else if (/\.[cm]?[jt]sx?$/.test(base)) {
    const lines = text.split('\n'); let off = 0;
    lines.forEach((l, n) => {
      const m = l.match(/"You are [^"]{120,}"/);
      const prev = n > 0 ? lines[n - 1] : '';
      if (m && /role:\s*"system"/.test(text) && !prev.includes('leakguard-disable-next-line prompt-system-prompt-literal')) {
        out.push(diag(doc, 'prompt-system-prompt-literal', off + m.index, off + m.index + m[0].length, 'Looks like a system prompt', 'warning'));
      }
      off += l.length + 1;
    });
  }
  conn.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: out.filter(Boolean) });
}
docs.onDidChangeContent((e) => validate(e.document));
docs.onDidClose((e) => conn.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));
conn.onCodeAction(({ textDocument, context }) => {
  const doc = docs.get(textDocument.uri); if (!doc) return [];
  const acts = [];
  for (const d of context.diagnostics.filter((x) => x.source === 'leakguard')) {
    if (d.code === 'publish-missing-files-allowlist') {
      const i = doc.getText().indexOf('{') + 1;
      acts.push({ title: 'Add a "files" allowlist (dist/)', kind: CodeActionKind.QuickFix, isPreferred: true, diagnostics: [d],
        edit: { changes: { [doc.uri]: [{ range: { start: doc.positionAt(i), end: doc.positionAt(i) }, newText: '\n  "files": [\n    "dist/"\n  ],' }] } } });
    }
    if (d.code === 'prompt-system-prompt-literal') {
      const line = d.range.start.line; const indent = doc.getText().split('\n')[line].match(/^\s*/)[0];
      acts.push({ title: 'Disable prompt-system-prompt-literal for this line', kind: CodeActionKind.QuickFix, diagnostics: [d],
        edit: { changes: { [doc.uri]: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}// leakguard-disable-next-line prompt-system-prompt-literal\n` }] } } });
    }
  }
  return acts;
});
docs.listen(conn);
conn.listen();
