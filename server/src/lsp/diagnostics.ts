/**
 * Diagnostics publishing: every known finding (folder analyses + as-you-type document results) as
 * LSP diagnostics, mirrored onto open artifacts a finding names (DESIGN: artifact findings on the
 * cause and on the artifact), with unchanged lists not re-sent.
 */
import type { Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../engine/types';
import { isConfigCrossLink } from '../engine/sourcemap/cross-links';
import { isSourceMapName } from '../engine/sourcemap/names';
import { LineIndex, toDiagnostic, fileUri, uriPath, type DiagnosticData } from './convert';
import type { LeakguardServer } from './server';

/** All findings currently known, by file. */
export function currentFindings(s: LeakguardServer): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  const add = (f: Finding) => {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  };
  const fileRuleIds = new Set(s.options.rules.filter((r) => r.kind === 'file').map((r) => r.meta.id));
  const overridden = new Set<string>();
  for (const [uri] of s.docFindings) {
    const p = uriPath(uri);
    if (p) overridden.add(p);
  }
  for (const f of s.folders) {
    for (const finding of f.result?.findings ?? []) {
      if (overridden.has(finding.file) && fileRuleIds.has(finding.ruleId) && !finding.embedded) continue;
      add(finding);
    }
  }
  for (const { findings } of s.docFindings.values()) findings.forEach(add);
  return byFile;
}

/**
 * Publishes diagnostics for every file with findings and clears files that no longer have any;
 * with `only` (absolute paths), computes just those files' diagnostics (the as-you-type path).
 * A URI whose diagnostics are the same as last sent is not sent again.
 */
export async function publishDiagnostics(s: LeakguardServer, only?: ReadonlySet<string>): Promise<void> {
  if (s.shuttingDown) return;
  const byFile = currentFindings(s);
  const diagnostics = new Map<string, Diagnostic[]>();
  const textCache = new Map<string, LineIndex | undefined>();
  const openIndex = new Map<string, LineIndex>();
  const docIndex = (doc: TextDocument): LineIndex => {
    let idx = openIndex.get(doc.uri);
    if (!idx) openIndex.set(doc.uri, (idx = new LineIndex(doc.getText())));
    return idx;
  };
  const indexFor = async (file: string): Promise<{ index: LineIndex | undefined; version: number | null }> => {
    const doc = s.documents.get(fileUri(file));
    if (doc) return { index: docIndex(doc), version: doc.version };
    if (!textCache.has(file)) {
      const st = await s.fs.stat(file);
      const text = st && st.size < 5_000_000 ? await s.fs.readText(file) : undefined;
      textCache.set(file, text !== undefined ? new LineIndex(text) : undefined);
    }
    return { index: textCache.get(file), version: null };
  };
  for (const [file, findings] of byFile) {
    const own = !only || only.has(file);
    const mirrors = !isSourceMapName(file) && (!only || findings.some((f) => f.related.some((r) => only.has(r.file))));
    if (!own && !mirrors) continue;
    const { index, version } = await indexFor(file);
    const uri = fileUri(file);
    const list = diagnostics.get(uri) ?? [];
    for (const f of findings) {
      if (own) list.push(toDiagnostic(f, index, version, s.options.docsUrl, (rf) => textCache.get(rf), s.supportsRelated));
      // Shown on the artifact too when it is open (DESIGN: artifact findings on the cause and on the artifact).
      // A finding that already sits on a map is not mirrored back onto its cause or config.
      if (!mirrors) continue;
      for (const r of f.related) {
        // Cross-links from an artifact to the config line that built it are not mirrored onto the config.
        if (r.embedded || r.file === file || isConfigCrossLink(r)) continue;
        if (only && !only.has(r.file)) continue;
        const rdoc = s.documents.get(fileUri(r.file));
        if (!rdoc) continue;
        const rl = diagnostics.get(rdoc.uri) ?? [];
        const d = toDiagnostic({ ...f, start: 0, end: 0, related: [{ file, start: f.start, end: f.end, message: 'cause' }] }, docIndex(rdoc), rdoc.version, s.options.docsUrl, () => index, s.supportsRelated);
        (d.data as DiagnosticData).mirror = true;
        (d.data as DiagnosticData).fix = undefined;
        rl.push(d);
        diagnostics.set(rdoc.uri, rl);
      }
    }
    if (own) diagnostics.set(uri, list);
  }
  if (only) {
    for (const file of only) {
      const uri = fileUri(file);
      if (!diagnostics.has(uri) && s.lastSent.has(uri)) diagnostics.set(uri, []);
    }
  } else {
    for (const uri of s.lastSent.keys()) if (!diagnostics.has(uri)) diagnostics.set(uri, []);
  }
  for (const [uri, list] of diagnostics) {
    const key = list.length > 0 ? JSON.stringify(list) : '';
    if ((s.lastSent.get(uri) ?? '') === key && (key !== '' || !s.lastSent.has(uri))) {
      if (key === '') s.lastSent.delete(uri);
      continue;
    }
    if (key) s.lastSent.set(uri, key);
    else s.lastSent.delete(uri);
    await s.connection.sendDiagnostics({ uri, diagnostics: list });
  }
}
