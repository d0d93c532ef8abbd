/**
 * The scanner's optimised code survives a full GC between two scans (issue #20).
 *
 * Optimised code holds the hidden classes it checks for weakly; when a full GC ran while no scan was
 * under way, the scanner's classes died with their last instances and V8 threw the tokenizer and the
 * grouper away (`--trace-deopt` reason "weak objects"). tokenize.ts and strings.ts keep one instance
 * of each. A child Node, with `--expose-gc --trace-deopt`, warms them up on this repository's own
 * sources, collects, scans again, and prints V8's trace; a probe class of the child's own, with no
 * instance kept, shows that the trace does report such deopts on this Node (else the test would
 * prove nothing). Not timed: it reads what V8 says it threw away. The child is bundled with the
 * build's esbuild options, so its code has the shape of dist/ (tsx's per-module output differs).
 */
import * as assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

const CHILD = `
import * as fs from 'node:fs';
import { logicalStringsOf } from ${JSON.stringify(path.join(ROOT, 'server/src/engine/content/prompt/strings'))};
const text = ['server/src/engine/runner.ts', 'server/src/engine/content/gitleaks.ts', 'server/src/engine/content/prompt/strings.ts']
  .map((f) => fs.readFileSync(${JSON.stringify(ROOT)} + '/' + f, 'utf8')).join('\\n');
class LeakguardProbe { constructor(public a: number, public b: number) {} }
function leakguardProbeSum(p: LeakguardProbe): number { return p.a + p.b; }
/** Optimised with a check for LeakguardProbe's hidden class, which dies with the last probe below. */
function leakguardProbeRun(probes: LeakguardProbe[]): number {
  let n = 0;
  for (let k = 0; k < 200; k++) for (const p of probes) n += leakguardProbeSum(p);
  return n;
}
let probes: LeakguardProbe[] | undefined = Array.from({ length: 1000 }, (_, i) => new LeakguardProbe(i, 1));
let n = 0;
for (let i = 0; i < 5; i++) n += leakguardProbeRun(probes);
probes = undefined;
let found = 0;
for (let i = 0; i < 300; i++) found += logicalStringsOf(text, { jsx: false }, 20).strings.length;
(globalThis as any).gc();
(globalThis as any).gc();
for (let i = 0; i < 3; i++) found += logicalStringsOf(text, { jsx: false }, 20).strings.length;
n += leakguardProbeRun([]) + 1;
if (found === 0 || n === 0) throw new Error('nothing scanned');
`;

/** Names of the functions V8 threw away because an object their code held died ("weak objects"). */
async function weakObjectDeopts(): Promise<Set<string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leakguard-gc-'));
  try {
    fs.writeFileSync(path.join(dir, 'child.ts'), CHILD);
    const esbuild = await import('esbuild');
    const { common } = (await import(path.join(ROOT, 'scripts/esbuild-options.mjs'))) as { common: import('esbuild').BuildOptions };
    await esbuild.build({ ...common, logLevel: 'error', entryPoints: [path.join(dir, 'child.ts')], outfile: path.join(dir, 'child.js') });
    // Compiled in place (no background compiler): on a loaded machine a background job could still
    // be queued at the GC, and then nothing optimised could be thrown away.
    return deoptsOf(cp.spawnSync(process.execPath, ['--expose-gc', '--trace-deopt', '--no-concurrent-recompilation', path.join(dir, 'child.js')], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function deoptsOf(r: cp.SpawnSyncReturns<string>): Set<string> {
  assert.equal(r.status, 0, r.stderr);
  const names = new Set<string>();
  for (const line of r.stdout.split('\n')) {
    const m = /SharedFunctionInfo ([^>]+)>.*reason: weak objects/.exec(line);
    if (m) names.add(m[1]);
  }
  return names;
}

describe('tokenize: optimised code and the GC', function () {
  this.timeout(120_000);

  it('keeps the scanner and the grouper optimised through a full GC between scans', async () => {
    const names = await weakObjectDeopts();
    assert.ok([...names].some((n) => /^leakguardProbe/i.test(n)), `this Node's trace no longer reports deopts for dead hidden classes (saw: ${[...names].join(', ') || 'none'}); the test cannot tell anything`);
    // The functions V8 threw away before the classes were kept (trace of Node 20, this file's child).
    const scanner = ['scan', 'push', 'literalTable', 'OpenTemplate', 'Frame', 'closeTemplate', 'ident', 'isLiteralStart', 'groupRange', 'shortStandalone', 'receiver', 'punct', 'tryArray'];
    assert.deepEqual(scanner.filter((n) => names.has(n)), []);
  });
});
