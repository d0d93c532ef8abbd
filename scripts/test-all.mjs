// `npm test`: every tier, then one plain summary line `N passed, N failed` (what CI reads).
//   0. ESLint (eslint.config.mjs): promise and type-import habits, counted as one test
//   1. mocha: rules, engine, server (real JSON-RPC), CLI (built binary)
//   2. real editors: code-server extension host + UI, Neovim (test/integration/run-all.mjs)
// LEAKGUARD_SKIP_EDITORS=1 runs tier 1 only (a quick local loop); CI never sets it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

let passed = 0;
let failed = 0;
let bad = false;

const lint = await run(process.execPath, ['node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '.']);
if (lint.code === 0) {
  passed += 1;
  console.log('test-all: ESLint clean');
} else {
  failed += 1;
  console.log('test-all: ESLint reported problems (above); `npm run lint` shows them again');
}

const mocha = await run(process.execPath, ['node_modules/mocha/bin/mocha.js']);
const p = /(\d+) passing/.exec(mocha.out);
const f = /(\d+) failing/.exec(mocha.out);
passed += p ? Number(p[1]) : 0;
failed += f ? Number(f[1]) : 0;
if (!p) {
  console.log('test-all: mocha ran no test');
  bad = true;
}
if (mocha.code !== 0 && !f) bad = true;

if (process.env.LEAKGUARD_SKIP_EDITORS === '1') {
  console.log('test-all: LEAKGUARD_SKIP_EDITORS=1: real-editor tiers skipped');
} else if (existsSync('test/integration/run-all.mjs')) {
  const editors = await run(process.execPath, ['test/integration/run-all.mjs']);
  const m = [...editors.out.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  } else bad = true;
  if (editors.code !== 0 && (!m || m[2] === '0')) bad = true;
}

if (bad && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
