/**
 * Summarises a V8 .cpuprofile: top functions by self time and by total (inclusive) time.
 * Usage: node bench/profile-top.mjs FILE.cpuprofile [N]
 */
import * as fs from 'node:fs';

export function topFunctions(file, n = 15) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((x) => [x.id, x]));
  const parent = new Map();
  for (const x of prof.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const selfUs = new Map();
  const dt = prof.timeDeltas;
  for (let i = 0; i < prof.samples.length; i++) selfUs.set(prof.samples[i], (selfUs.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const key = (x) => {
    const cf = x.callFrame;
    const url = cf.url.replace(/^file:\/\//, '').replace(/.*\/(node_modules\/)/, '$1').replace(/.*\/work\/main\//, '');
    return `${cf.functionName || '(anonymous)'} ${url}:${cf.lineNumber + 1}`;
  };
  const self = new Map();
  const incl = new Map();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    self.set(key(node), (self.get(key(node)) ?? 0) + us);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(byId.get(cur));
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + us);
    }
  }
  const fmt = (m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => ({ fn: k, ms: Math.round(us / 1000), pct: Math.round((1000 * us) / total) / 10 }));
  return { totalMs: Math.round(total / 1000), self: fmt(self), inclusive: fmt(incl) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = topFunctions(process.argv[2], Number(process.argv[3] ?? 15));
  console.log(`total sampled: ${r.totalMs} ms\n\nself time:`);
  for (const x of r.self) console.log(`  ${String(x.ms).padStart(7)} ms ${String(x.pct).padStart(5)}%  ${x.fn}`);
  console.log('\ninclusive time:');
  for (const x of r.inclusive) console.log(`  ${String(x.ms).padStart(7)} ms ${String(x.pct).padStart(5)}%  ${x.fn}`);
}
