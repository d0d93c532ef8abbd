/** Code lenses on package.json `files` entries and ignore-file lines: what each one does to the publish set. */
import type { CodeLens, CodeLensParams, Connection } from 'vscode-languageserver/node';
import type { UnitAnalysis } from '../engine/runner';
import { isInside } from '../engine/paths';
import { LineIndex, uriPath } from './convert';
import { publishLenses, describesPublishSet, listUnitFiles, type PublishLens } from './publish-lens';
import type { LeakguardServer } from './server';

export function registerCodeLens(connection: Connection, s: LeakguardServer): void {
  connection.onCodeLens((p) => s.guard<CodeLens[]>('codeLens', () => codeLenses(s, p), []));
}

/** Code lenses on package.json `files` entries and ignore-file lines: what each one does to the package. */
export async function codeLenses(s: LeakguardServer, p: CodeLensParams): Promise<CodeLens[]> {
  const file = uriPath(p.textDocument.uri);
  const doc = s.documents.get(p.textDocument.uri);
  if (!file || !doc) return [];
  const text = doc.getText();
  const index = new LineIndex(text);
  // `command` with an empty id: a label only (clients render it and do nothing on click).
  return (await lensesFor(s, file, text)).map((l) => ({ range: index.range(l.start, l.end), command: { title: l.title, command: '' } }));
}

/** The publish-set lenses of a file, from the last analysis of the unit that owns it. */
export async function lensesFor(s: LeakguardServer, file: string, text: string): Promise<PublishLens[]> {
  if (!s.settings.enable) return [];
  const folder = s.folders.find((f) => isInside(f.root, file));
  if (!folder?.result) return [];
  let best: UnitAnalysis | undefined;
  for (const ua of folder.result.units) {
    if (!describesPublishSet(ua, file)) continue;
    if (file === ua.unit.manifestPath) {
      best = ua;
      break;
    }
    if (!best || ua.unit.root.length > best.unit.root.length) best = ua;
  }
  if (!best) return [];
  const ua = best;
  const listFiles = () => {
    let pr = s.unitFiles.get(ua);
    if (!pr) {
      pr = listUnitFiles(s.fs, ua.publishSet.packRoot ?? ua.unit.root);
      s.unitFiles.set(ua, pr);
    }
    return pr;
  };
  return publishLenses(ua, file, text, listFiles);
}
