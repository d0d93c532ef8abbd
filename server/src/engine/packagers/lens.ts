/**
 * Lenses and hovers for the files that decide a packager-built set (#21): per line, what it ships
 * (a Dockerfile COPY line, a MANIFEST.in line, a .dockerignore line that re-includes), from the
 * reasons recorded in the publish set; and the packager's own words for the file on its first line
 * (`ignoreFileInfo`). npm and vsce keep their per-entry lenses (lsp/publish-lens.ts).
 */
import type { PackagingUnit } from '../unit';
import type { PublishSet, ShipsIn } from '../publish/types';
import { packagerFor } from './registry';

/** Same shape as the language server's PublishLens: offsets, a title, Markdown detail. */
export interface PackagerLens {
  start: number;
  end: number;
  title: string;
  detail: string;
}

const LIST_IN_TITLE = 3;
const LIST_IN_HOVER = 20;

function lineRanges(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let at = 0;
  for (const l of text.split('\n')) {
    const raw = l.replace(/\r$/, '');
    const lead = raw.length - raw.trimStart().length;
    out.push({ start: at + lead, end: at + raw.trimEnd().length });
    at += l.length + 1;
  }
  return out;
}

/** True when the unit's packager builds its set from artifacts and `file` decides it. */
export function hasPackagerLenses(unit: PackagingUnit, set: PublishSet, file: string): boolean {
  return set.artifacts !== undefined && packagerFor(unit).decidesPublishSet(unit, file);
}

/**
 * Lenses of `file` (its current `text`) for a unit whose set came from artifacts: the packager's
 * description on line 1, then one lens per line that ships files (COPY/ADD, MANIFEST.in, a
 * `.dockerignore` negation), with the paths inside the artifacts.
 */
export function packagerLenses(unit: PackagingUnit, set: PublishSet, file: string, text: string): PackagerLens[] {
  const ranges = lineRanges(text);
  const out: PackagerLens[] = [];
  const info = packagerFor(unit).ignoreFileInfo(unit, file);
  if (info) out.push({ start: ranges[0]?.start ?? 0, end: ranges[0]?.end ?? 0, title: info.title, detail: info.detail });
  const byLine = new Map<number, Array<{ source: string; s: ShipsIn; via: 'line' | 'ignore' }>>();
  for (const f of set.files) {
    if (f.reason.kind !== 'packager') continue;
    for (const s of f.reason.shipsIn) {
      if (s.reason.file === file && s.reason.line !== undefined) byLine.set(s.reason.line, [...(byLine.get(s.reason.line) ?? []), { source: f.path, s, via: 'line' }]);
      if (s.reason.ignoreFile === file && s.reason.ignoreLine !== undefined) byLine.set(s.reason.ignoreLine, [...(byLine.get(s.reason.ignoreLine) ?? []), { source: f.path, s, via: 'ignore' }]);
    }
  }
  for (const [line, hits] of [...byLine].sort((a, b) => a[0] - b[0])) {
    const range = ranges[line - 1];
    if (!range) continue;
    const sources = [...new Set(hits.map((h) => h.source))].sort();
    const artifacts = [...new Set(hits.map((h) => h.s.artifact))].join(' + ');
    const verb = hits.every((h) => h.via === 'ignore') ? 're-includes' : 'ships';
    const n = sources.length;
    const title = `${verb} ${n} file${n === 1 ? '' : 's'} (${artifacts}): ${sources.slice(0, LIST_IN_TITLE).join(', ')}${n > LIST_IN_TITLE ? ', …' : ''}`;
    const rows = hits.slice(0, LIST_IN_HOVER).map((h) => `- \`${h.source}\` → ${h.s.artifact} \`${h.s.path}\``);
    out.push({ ...range, title, detail: `**${title}**\n\n${rows.join('\n')}${hits.length > LIST_IN_HOVER ? `\n- … and ${hits.length - LIST_IN_HOVER} more` : ''}` });
  }
  return out;
}
