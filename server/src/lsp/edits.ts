/**
 * Engine fixes as LSP workspace edits: versioned, never outside a workspace folder by real path,
 * and applied through the client (`workspace/applyEdit`).
 */
import { readFileSync, statSync } from 'node:fs';
import type { CreateFile, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { Fix } from '../engine/types';
import { isInside } from '../engine/paths';
import { outsideReason } from '../engine/safe/write';
import { LineIndex, fileUri } from './convert';
import type { LeakguardServer } from './server';

/** Converts an engine fix into a versioned workspace edit; undefined when it cannot be expressed. */
export function workspaceEdit(s: LeakguardServer, fix: Fix): WorkspaceEdit | undefined {
  const changes: (TextDocumentEdit | CreateFile)[] = [];
  for (const fe of fix.edits) {
    // Never an edit outside the workspace folders by real path, nor through a link (issue #15 item 4).
    const folder = s.folders.find((f) => isInside(f.root, fe.file));
    if (!folder || outsideReason(folder.root, fe.file)) return undefined;
    const uri = fileUri(fe.file);
    const doc = s.documents.get(uri);
    if (fe.create && !doc) {
      if (!s.supportsResourceOps) return undefined;
      changes.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
      const idx = new LineIndex('');
      changes.push({ textDocument: { uri, version: null }, edits: fe.edits.map((e) => ({ range: idx.range(0, 0), newText: e.newText })) });
      continue;
    }
    const text = doc ? doc.getText() : s.fs.get(fe.file);
    if (text === undefined && !doc) {
      // Not open: positions come from the disk text read at analysis time.
      const cached = diskText(s, fe.file);
      if (cached === undefined) return undefined;
      const idx = new LineIndex(cached);
      changes.push({ textDocument: { uri, version: null }, edits: fe.edits.map((e) => ({ range: idx.range(e.start, e.end), newText: e.newText })) });
      continue;
    }
    const idx = new LineIndex(text ?? '');
    changes.push({ textDocument: { uri, version: doc ? doc.version : null }, edits: fe.edits.map((e) => ({ range: idx.range(e.start, e.end), newText: e.newText })) });
  }
  return { documentChanges: changes };
}

export function diskText(s: LeakguardServer, file: string): string | undefined {
  try {
    // Small config and ignore files only; read synchronously so code actions stay synchronous.
    const folder = s.folders.find((f) => isInside(f.root, file));
    if (!folder || outsideReason(folder.root, file)) return undefined; // not through links, not outside
    const st = statSync(file);
    return st.size < 5_000_000 ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

export async function applyFix(s: LeakguardServer, fix: Fix | undefined, nothingToDo: string): Promise<{ applied: boolean; reason?: string }> {
  if (!fix) return { applied: false, reason: nothingToDo };
  const edit = workspaceEdit(s, fix);
  if (!edit) return { applied: false, reason: 'the client cannot create files' };
  const r = await s.connection.workspace.applyEdit({ label: fix.title, edit });
  return { applied: r.applied, reason: r.failureReason };
}
