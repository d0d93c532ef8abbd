/**
 * Per-rule time of the file rules over one file (the as-you-type path), in-process.
 * Usage: tsx bench/file-rules.ts FILE [RUNS] → a table on stdout (median ms per rule, total).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFolder, runFileRules, FindingSink } from '../server/src/engine/runner';
import { OverlayFileSystem } from '../server/src/engine/safe/fs';
import { allRules } from '../rules/index';
import type { Finding } from '../server/src/engine/types';
import type { FileRule } from '../server/src/engine/context';

async function main(): Promise<void> {
  const file = path.resolve(process.argv[2]);
  const runs = Number(process.argv[3] ?? 7);
  let dir = path.dirname(file);
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  const fsys = new OverlayFileSystem();
  const r = await analyzeFolder({ fs: fsys, folder: dir, rules: allRules.filter((x) => x.kind === 'unit') });
  const ua = r.units[0];
  const text = fs.readFileSync(file, 'utf8');
  const abs = file.split(path.sep).join('/');
  const rules = allRules.filter((x): x is FileRule => x.kind === 'file');
  const per = new Map<string, number[]>();
  const totals: number[] = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const findings: Finding[] = [];
    for (const rule of rules) {
      const t = performance.now();
      await runFileRules([rule], { abs, relPath: path.relative(dir, file), text: text + ' '.repeat(i), shipped: true }, ua, { fs: fsys }, dir, new FindingSink(findings, {}, dir, []));
      (per.get(rule.meta.id) ?? per.set(rule.meta.id, []).get(rule.meta.id)!).push(performance.now() - t);
    }
    totals.push(performance.now() - t0);
    count = findings.length;
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  for (const [id, t] of [...per].sort((a, b) => med(b[1]) - med(a[1]))) if (med(t) >= 0.5) console.log(`${med(t).toFixed(1).padStart(8)} ms  ${id}`);
  console.log(`${med(totals).toFixed(1).padStart(8)} ms  total (median of ${runs}), ${count} findings`);
}
void main();
