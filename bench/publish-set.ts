/**
 * Times the engine's publish-set computation (npm-packlist 10 with reasons) in-process.
 * Usage: tsx bench/publish-set.ts PACKAGE_DIR [RUNS] → one JSON line on stdout.
 */
import * as path from 'node:path';
import { DiskFileSystem } from '../server/src/engine/safe/fs';
import { discoverUnits } from '../server/src/engine/workspace';
import { computePublishSet } from '../server/src/engine/publish/index';

async function main(): Promise<void> {
  const dir = path.resolve(process.argv[2] ?? '.');
  const runs = Number(process.argv[3] ?? 5);
  const fs = new DiskFileSystem();
  const { units } = await discoverUnits(fs, dir, { maxDepth: 0 });
  const unit = units.find((u) => u.root === dir.split(path.sep).join('/'));
  if (!unit) throw new Error(`no package.json in ${dir}`);
  const times: number[] = [];
  let files = 0;
  let problems: string[] = [];
  let paths: string[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const set = await computePublishSet(fs, unit);
    times.push(performance.now() - t0);
    files = set.files.length;
    problems = set.problems;
    paths = set.files.map((f) => f.path);
  }
  const warm = times.slice(1).sort((a, b) => a - b);
  process.stdout.write(
    JSON.stringify({ firstMs: times[0], warmMedianMs: warm.length ? warm[Math.floor(warm.length / 2)] : times[0], times, files, problems, paths }) + '\n',
  );
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
