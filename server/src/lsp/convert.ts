/**
 * Edge conversions: engine findings (offsets, absolute paths) ↔ LSP diagnostics (positions, URIs).
 * Diagnostic `data` is a typed, versioned record that carries everything a code action needs.
 */
import { URI } from 'vscode-uri';
import {
  type Diagnostic,
  DiagnosticSeverity,
  DiagnosticRelatedInformation,
  Range,
  Position,
} from 'vscode-languageserver/node';
import type { Finding, Fix, Severity, EmbeddedRef } from '../engine/types';

export const DATA_VERSION = 1;

/** What a Leakguard diagnostic carries in `data` (read back defensively). */
export interface DiagnosticData {
  v: typeof DATA_VERSION;
  ruleId: string;
  fingerprint: string;
  /** Version of the document the offsets were computed on; null when the file was not open. */
  docVersion: number | null;
  fix?: Fix;
  suggestions: Fix[];
  /** True when this diagnostic mirrors a finding whose cause is another file. */
  mirror?: boolean;
  /** Set when the finding sits inside a source embedded in a map: "Open embedded source" uses it. */
  embedded?: EmbeddedRef;
}

/** Reads `data` back from a diagnostic, or undefined when it is not ours or of another version. */
export function readData(d: Diagnostic): DiagnosticData | undefined {
  const data = d.data as Partial<DiagnosticData> | undefined;
  if (!data || data.v !== DATA_VERSION || typeof data.ruleId !== 'string') return undefined;
  const out: DiagnosticData = { v: DATA_VERSION, ruleId: data.ruleId, fingerprint: String(data.fingerprint ?? ''), docVersion: typeof data.docVersion === 'number' ? data.docVersion : null, fix: data.fix, suggestions: Array.isArray(data.suggestions) ? data.suggestions : [], mirror: data.mirror === true };
  const emb = readEmbedded(data.embedded);
  if (emb) out.embedded = emb;
  return out;
}

/** Reads an EmbeddedRef back defensively (it travelled through the client). */
export function readEmbedded(x: unknown): EmbeddedRef | undefined {
  const e = x as Partial<EmbeddedRef> | undefined;
  if (!e || typeof e !== 'object' || typeof e.mapFile !== 'string' || typeof e.source !== 'string') return undefined;
  const n = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
  const mapIndex = n(e.mapIndex);
  const sourceIndex = n(e.sourceIndex);
  if (mapIndex === undefined || sourceIndex === undefined) return undefined;
  return { mapFile: e.mapFile, mapIndex, sourceIndex, source: e.source, line: n(e.line) ?? 0, column: n(e.column) ?? 0 };
}

export function toSeverity(s: Severity): DiagnosticSeverity {
  return s === 'error' ? DiagnosticSeverity.Error : s === 'warning' ? DiagnosticSeverity.Warning : s === 'info' ? DiagnosticSeverity.Information : DiagnosticSeverity.Hint;
}

/** Offset → position over a text, with a cached line table. */
export class LineIndex {
  private readonly starts: number[];
  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return Position.create(lo, o - this.starts[lo]);
  }

  offset(p: Position): number {
    const line = Math.max(0, Math.min(p.line, this.starts.length - 1));
    return Math.min(this.starts[line] + p.character, line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length);
  }

  range(start: number, end: number): Range {
    return Range.create(this.position(start), this.position(end));
  }
}

export function fileUri(absPath: string): string {
  return URI.file(absPath).toString();
}

export function uriPath(uri: string): string | undefined {
  try {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? u.fsPath.split('\\').join('/') : undefined;
  } catch {
    return undefined;
  }
}

/** Builds the LSP diagnostic of a finding. */
export function toDiagnostic(
  f: Finding,
  index: LineIndex | undefined,
  docVersion: number | null,
  docsUrl: (id: string) => string,
  relatedIndex: (file: string) => LineIndex | undefined,
  withRelated: boolean,
): Diagnostic {
  const range = index ? index.range(f.start, f.end) : Range.create(0, 0, 0, 0);
  const data: DiagnosticData = { v: DATA_VERSION, ruleId: f.ruleId, fingerprint: f.fingerprint, docVersion, fix: f.fix, suggestions: f.suggestions };
  // A reference (map path + indices), never the source text: `leakguard/embeddedSource` serves it (issue #15 item 7).
  if (f.embedded) data.embedded = readEmbedded(f.embedded);
  const d: Diagnostic = {
    range,
    severity: toSeverity(f.severity),
    source: 'leakguard',
    code: f.ruleId,
    codeDescription: { href: docsUrl(f.ruleId) },
    message: f.baselined ? `${f.message} (baselined)` : f.message,
    data,
  };
  if (withRelated && f.related.length > 0) {
    d.relatedInformation = f.related.map((r) => {
      let rr: Range;
      if (r.line !== undefined) rr = Range.create(r.line, r.column ?? 0, r.line, r.column ?? 0);
      else {
        const idx = r.start !== undefined && r.start > 0 ? relatedIndex(r.file) : undefined;
        rr = idx ? idx.range(r.start ?? 0, r.end ?? r.start ?? 0) : Range.create(0, 0, 0, 0);
      }
      const uri = r.embedded ? embeddedUri(r.embedded.mapFile, r.embedded.mapIndex, r.embedded.sourceIndex, r.embedded.source) : fileUri(r.file);
      return DiagnosticRelatedInformation.create({ uri, range: rr }, r.message);
    });
  }
  return d;
}

/** A virtual document URI for a source embedded in a map: opened read-only by the client. */
export function embeddedUri(mapFile: string, mapIndex: number, sourceIndex: number, source: string): string {
  const name = source.replace(/^[a-z]+:\/\//i, '').replace(/[?#].*$/, '') || `source-${sourceIndex}`;
  return URI.from({ scheme: 'leakguard-embedded', path: `/${name.replace(/^\/+/, '')}`, query: JSON.stringify({ map: mapFile, m: mapIndex, s: sourceIndex }) }).toString();
}
