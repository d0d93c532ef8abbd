/**
 * What the language server's FileResultCache buys: a folder analysis, then a re-analysis after one
 * file changed (a watched-file change), with and without the cache.
 * Usage: tsx bench/cache-rerun.ts FOLDER → one JSON line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFolder, FileResultCache } from '../server/src/engine/runner';
import { OverlayFileSystem } from '../server/src/engine/safe/fs';
import { allRules } from '../rules/index';

async function main(): Promise<void> {
  const folder = path.resolve(process.argv[2] ?? '.');
  const cache = new FileResultCache();
  const fsys = new OverlayFileSystem();
  const t = async (c?: FileResultCache) => {
    const t0 = performance.now();
    const r = await analyzeFolder({ fs: fsys, folder, rules: allRules, cache: c });
    return { ms: Math.round(performance.now() - t0), findings: r.findings.length };
  };
  const first = await t(cache);
  // One changed file (an open-document overlay stands in for a write on disk).
  const some = fs.readdirSync(folder, { recursive: true }).map(String).find((f) => f.endsWith('.ts') && !f.includes('node_modules'));
  if (some) fsys.set(path.join(folder, some), fs.readFileSync(path.join(folder, some), 'utf8') + '\n// edited\n');
  const cached = await t(cache);
  const uncached = await t(undefined);
  process.stdout.write(JSON.stringify({ first, rerunWithCache: cached, rerunWithoutCache: uncached, hits: cache.hits, misses: cache.misses }) + '\n');
}
void main();
