/**
 * How the file rules' pass over a large map's embedded sources scales from one thread to two, in
 * process and without the CLI around it (issue #20): no read, parse, split or message costs, only
 * the pass itself, three times over the same sources in each thread. Pass 1 is the cold one (the
 * JIT compiles the scanners during it); pass 3 runs on optimised code. V8's flags are the CLI's
 * (../server/src/cli/jit: the interrupt budget; the workers compile on their own thread).
 *
 * `npm run bench` bundles it as the CLI is bundled (esbuild, one file: the workers run the same
 * file, and the code is shaped as in dist/cli-bundle.js, not as tsx's per-module output, which
 * runs this pass about a third slower), into bench/.work/content-scaling.js.
 * Usage: node bench/.work/content-scaling.js PACKAGE_DIR MAP (a map the package ships) → one JSON line:
 *   { chars, findings: { one, two }, one: [ms per pass], two: [[ms per pass] per thread],
 *     coldScaling, warmScaling }
 * where a scaling is the one-thread time of the whole over the slower thread's time for its half.
 */
import '../server/src/cli/jit';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { analyzeFolder, runEmbeddedJob, FindingSink } from '../server/src/engine/runner';
import { OverlayFileSystem } from '../server/src/engine/safe/fs';
import { parseSourceMap, embeddedSources } from '../server/src/engine/sourcemap/parse';
import { allRules } from '../rules/index';
import type { FileRule } from '../server/src/engine/context';
import type { Finding } from '../server/src/engine/types';

const PASSES = 3;

/**
 * Runs the file rules over the sources of `mapPath`, `part` of them (which half: 0, 1, or 2 for
 * all), PASSES times; ms per pass.
 * `go`, when given, is called between the (untimed) loading and the first pass (it blocks until
 * the other thread is ready too).
 */
async function passes(dir: string, mapPath: string, part: 0 | 1 | 2, go?: () => void): Promise<{ ms: number[]; chars: number; findings: number }> {
  const parsed = parseSourceMap(fs.readFileSync(mapPath, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.problem);
  const all = [...embeddedSources(parsed.map)].map((e) => ({ mapFile: mapPath, mapIndex: 0, sourceIndex: e.sourceIndex, source: e.source, content: e.content }));
  const mid = all.length >> 1;
  const embedded = part === 2 ? all : part === 0 ? all.slice(0, mid) : all.slice(mid);
  const fsys = new OverlayFileSystem();
  const folder = dir.split(path.sep).join('/');
  const r = await analyzeFolder({ fs: fsys, folder, rules: allRules.filter((x) => x.kind === 'unit') });
  const ua = r.units[0];
  const rules = allRules.filter((x): x is FileRule => x.kind === 'file');
  const ms: number[] = [];
  let findings = 0;
  go?.();
  for (let i = 0; i < PASSES; i++) {
    const out: Finding[] = [];
    const t0 = performance.now();
    await runEmbeddedJob(rules, { abs: mapPath.split(path.sep).join('/'), embedded }, ua, { fs: fsys }, folder, new FindingSink(out, {}, folder, []));
    ms.push(performance.now() - t0);
    findings = out.length;
  }
  return { ms, chars: embedded.reduce((n, e) => n + e.content.length, 0), findings };
}

async function main(): Promise<void> {
  const dir = path.resolve(process.argv[2] ?? '.');
  if (!process.argv[3]) throw new Error('usage: content-scaling.js PACKAGE_DIR MAP');
  const mapPath = path.resolve(process.argv[3]);
  const one = await passes(dir, mapPath, 2);
  // Both halves start together: each worker loads and parses on its own, then waits for the go.
  const gate = new Int32Array(new SharedArrayBuffer(8));
  const two = await Promise.all(
    ([0, 1] as const).map(
      (part) =>
        new Promise<{ ms: number[]; chars: number; findings: number }>((resolve, reject) => {
          const w = new Worker(__filename, { workerData: { dir, mapPath, part, gate: gate.buffer } });
          w.once('message', resolve);
          w.once('error', reject);
        }),
    ),
  );
  const slower = (k: number) => Math.max(two[0].ms[k], two[1].ms[k]);
  process.stdout.write(
    JSON.stringify({
      chars: one.chars,
      findings: { one: one.findings, two: two[0].findings + two[1].findings },
      one: one.ms.map(Math.round),
      two: two.map((t) => t.ms.map(Math.round)),
      coldScaling: Math.round((one.ms[0] / slower(0)) * 100) / 100,
      warmScaling: Math.round((one.ms[PASSES - 1] / slower(PASSES - 1)) * 100) / 100,
    }) + '\n',
  );
}

if (isMainThread) void main();
else {
  const { dir, mapPath, part, gate } = workerData as { dir: string; mapPath: string; part: 0 | 1; gate: SharedArrayBuffer };
  const g = new Int32Array(gate);
  // Both threads load first; each then counts itself in and blocks until the other has too, so
  // that their passes overlap as in the CLI.
  const go = () => {
    Atomics.add(g, 0, 1);
    Atomics.notify(g, 0);
    for (let seen = Atomics.load(g, 0); seen < 2; seen = Atomics.load(g, 0)) Atomics.wait(g, 0, seen);
  };
  void passes(dir, mapPath, part, go).then((r) => parentPort!.postMessage(r));
}
