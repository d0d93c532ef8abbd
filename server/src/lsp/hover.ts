/** Hover: the findings under the cursor (with a prompt score breakdown) and the publish-set lens detail. */
import type { Connection, Hover, HoverParams } from 'vscode-languageserver/node';
import { LineIndex, uriPath } from './convert';
import { lensesFor } from './code-lens';
import type { LeakguardServer } from './server';

export function registerHover(connection: Connection, s: LeakguardServer): void {
  connection.onHover((p) => s.guard('hover', () => hover(s, p), null));
}

export async function hover(s: LeakguardServer, p: HoverParams): Promise<Hover | null> {
  const file = uriPath(p.textDocument.uri);
  const doc = s.documents.get(p.textDocument.uri);
  if (!file || !doc) return null;
  const index = new LineIndex(doc.getText());
  const offset = index.offset(p.position);
  const hits = s.findingsForFile(file).filter((f) => f.start <= offset && offset <= f.end && f.end > f.start);
  const lines = hits.map((f) => {
    const extra = typeof f.data.breakdown === 'string' ? `\n\n${renderBreakdown(f.data)}` : '';
    const rel = f.related.length ? `\n\n${f.related.slice(0, 5).map((r) => `- ${r.message}`).join('\n')}` : '';
    return `**${f.ruleId}** (${f.severity}): ${f.message}${extra}${rel}\n\n[Documentation](${s.options.docsUrl(f.ruleId)})`;
  });
  const lens = (await lensesFor(s, file, doc.getText())).find((l) => l.start <= offset && offset <= l.end);
  if (lens) lines.push(lens.detail);
  if (lines.length === 0) return null;
  return { contents: { kind: 'markdown', value: lines.join('\n\n---\n\n') } };
}

/** The score breakdown of a prompt finding (`persona +3, api-context +3`) as a hover list. */
function renderBreakdown(data: Record<string, string | number>): string {
  const parts = String(data.breakdown).split(/,\s*/).filter(Boolean);
  const head = data.score !== undefined ? `**Score ${data.score}**${data.minScore !== undefined ? ` (threshold ${data.minScore})` : ''}` : '**Score breakdown**';
  return `${head}:\n\n${parts.map((x) => `- ${x}`).join('\n')}`;
}
