/**
 * `leakguard check --fix`: applies safe fixes, re-running the engine until nothing changes.
 * Writes atomically (temp file + rename) and never touches a file it could not fully parse.
 */
import * as fs from 'node:fs';
import { type ParseError } from 'jsonc-parser';
import { parseTreeBounded as parseTree } from '../engine/safe/json-depth';
import type { Finding, FileEdit } from '../engine/types';
import { outsideReason, writeFileInside } from '../engine/safe/write';
import { isInside } from '../engine/paths';

export interface FixReport {
  applied: Array<{ file: string; title: string }>;
  skipped: Array<{ file: string; reason: string }>;
}

/** Applies non-overlapping text edits to a text. */
export function applyEdits(text: string, edits: FileEdit['edits']): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let lastStart = Infinity;
  for (const e of sorted) {
    if (e.end > lastStart) continue; // overlapping: left for the next round
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    lastStart = e.start;
  }
  return out;
}

function parses(file: string, text: string): boolean {
  if (!/\.json$|rc$/i.test(file)) return true;
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: true });
  return errors.length === 0;
}

/**
 * Writes a file atomically inside the workspace `root` (issue #15 item 2): a random temp name opened
 * with O_EXCL|O_NOFOLLOW, then rename; refuses links and anything outside `root` by real path.
 */
export function writeAtomic(file: string, text: string, root: string): void {
  writeFileInside(root, file, text);
}

/** Applies safe fixes round by round (at most 10) until the engine reports none. */
export async function applyFixesToDisk(initial: Finding[], reanalyze: () => Promise<Finding[]>, roots: string | readonly string[]): Promise<FixReport> {
  const list = typeof roots === 'string' ? [roots] : roots;
  // The workspace root a file belongs to (the analysed folder, or the workspace root above it).
  const rootOf = (file: string) => list.filter((r) => isInside(r, file)).sort((a, b) => b.length - a.length)[0] ?? list[0];
  const report: FixReport = { applied: [], skipped: [] };
  let findings = initial;
  const refused = new Set<string>();
  for (let round = 0; round < 10; round++) {
    const touched = new Set<string>();
    let changed = false;
    for (const f of findings) {
      if (!f.fix || refused.has(f.fingerprint)) continue;
      if (f.fix.edits.some((e) => touched.has(e.file))) continue; // offsets are stale for this round
      const results: Array<{ file: string; text: string }> = [];
      let ok = true;
      for (const fe of f.fix.edits) {
        // Only files inside the workspace by real path, never through a link (issue #15 items 2 and 4).
        const outside = outsideReason(rootOf(fe.file), fe.file);
        if (outside) {
          report.skipped.push({ file: fe.file, reason: outside });
          ok = false;
          break;
        }
        let before = '';
        if (!fe.create || fs.existsSync(fe.file)) {
          try {
            before = fs.readFileSync(fe.file, 'utf8');
          } catch (e) {
            report.skipped.push({ file: fe.file, reason: `cannot read (${(e as NodeJS.ErrnoException).code})` });
            ok = false;
            break;
          }
          if (!parses(fe.file, before)) {
            report.skipped.push({ file: fe.file, reason: 'it does not parse; fix it by hand first' });
            ok = false;
            break;
          }
        }
        const after = fe.create && !before ? fe.edits.map((e) => e.newText).join('') : applyEdits(before, fe.edits);
        if (!parses(fe.file, after)) {
          report.skipped.push({ file: fe.file, reason: 'the fix would not leave valid JSON' });
          ok = false;
          break;
        }
        results.push({ file: fe.file, text: after });
      }
      if (!ok) {
        refused.add(f.fingerprint);
        continue;
      }
      for (const r of results) {
        writeAtomic(r.file, r.text, rootOf(r.file));
        touched.add(r.file);
      }
      report.applied.push({ file: f.fix.edits[0].file, title: f.fix.title });
      changed = true;
    }
    if (!changed) break;
    findings = await reanalyze();
  }
  return report;
}
