// Neovim tier: headless Neovim 0.7 (Debian) against `node dist/server.js --stdio`
// on a throwaway copy of the fixture workspace. Parses the Lua script's
// "ok - …" / "not ok - …" lines into one result per check.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** @returns {Promise<{name: string, ok: boolean, error?: string, ms: number}[]>} */
export async function runNvimTier({ serverJs, workspace, log = console.log, timeoutMs = 120000 }) {
  const t0 = Date.now();
  const lua = path.join(HERE, 'leakguard_lsp_test.lua');
  const child = spawn(process.env.NVIM || 'nvim', ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${lua}`], {
    cwd: workspace, env: { ...process.env, LEAKGUARD_SERVER: serverJs, LEAKGUARD_ROOT: workspace }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b) => { stdout += b; });
  child.stderr.on('data', (b) => { stderr += b; });
  const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, timeoutMs);
  const code = await new Promise((r) => child.on('close', (c) => r(c)));
  clearTimeout(timer);
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* the server went with nvim */ }
  for (const line of stdout.split('\n')) if (line.trim()) log(`  ${line}`);
  const results = [];
  for (const m of stdout.matchAll(/^(ok|not ok) - (.*?)(?: \((\d+) ms\))?(?::\s(.*))?$/gm)) {
    results.push({ name: `nvim: ${m[1] === 'ok' ? m[2] : m[2]}`, ok: m[1] === 'ok', error: m[4], ms: Number(m[3] ?? 0) });
  }
  const pass = /^PASS$/m.test(stdout);
  if (code !== 0 || !pass || results.length === 0) {
    if (!results.some((r) => !r.ok)) {
      results.push({ name: 'nvim: run completes with exit code 0 and PASS', ok: false, error: `exit ${code}; stderr: ${stderr.slice(-2000)}`, ms: Date.now() - t0 });
    }
    if (stderr.trim()) log(`  nvim stderr: ${stderr.trim().slice(-2000)}`);
  }
  return results;
}
