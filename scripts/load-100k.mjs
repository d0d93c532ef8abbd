// Load check (issue "Reliability and security"): `leakguard check` on a generated 100,000-file tree
// finishes with bounded memory. Prints wall time and peak RSS (from /usr/bin/time -v when present,
// else VmHWM polled from /proc). Not part of `npm test`: run `node scripts/load-100k.mjs`.
import { mkdirSync, writeFileSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const FILES = Number(process.env.LOAD_FILES ?? 100_000);
const PACKAGES = 50;
const root = join(tmpdir(), `lg-load-${FILES}`);
if (!existsSync(join(root, '.done'))) {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'load-root', private: true, workspaces: ['packages/*'] }));
  const per = Math.ceil(FILES / PACKAGES);
  for (let p = 0; p < PACKAGES; p++) {
    const pkg = join(root, 'packages', `p${p}`);
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: `@load/p${p}`, version: '1.0.0', main: 'lib/index.js', license: 'MIT', repository: 'github:load/load', ...(p % 2 ? { files: ['lib'] } : {}) }));
    for (let i = 0; i < per; i++) {
      const dir = join(pkg, i % 3 === 0 ? 'lib' : i % 3 === 1 ? 'src' : 'test', `d${i % 40}`);
      if (i < 120) mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `f${i}.${i % 3 === 1 ? 'ts' : 'js'}`), `export const v${i} = ${i};\n// module ${p}/${i}\n`);
    }
  }
  writeFileSync(join(root, '.done'), '');
}
const cli = new URL('../dist/cli.js', import.meta.url).pathname;
const useTime = existsSync('/usr/bin/time');
const args = useTime ? ['-v', process.execPath, cli, 'check', root, '--format', 'json'] : [cli, 'check', root, '--format', 'json'];
const t0 = Date.now();
const child = spawn(useTime ? '/usr/bin/time' : process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
let err = '';
let hwm = 0;
const poll = setInterval(() => {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    if (m) hwm = Math.max(hwm, Number(m[1]));
  } catch { /* exited */ }
}, 100);
child.stdout.on('data', (d) => (out += d));
child.stderr.on('data', (d) => (err += d));
child.on('close', (code) => {
  clearInterval(poll);
  const ms = Date.now() - t0;
  const rssKb = useTime ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(err)?.[1] ?? 0) : hwm;
  let stats = '';
  try {
    const r = JSON.parse(out);
    stats = `${r.units.length} units, ${r.units.reduce((n, u) => n + u.files, 0)} published files, ${r.findings.length} findings`;
  } catch {
    stats = `unparsable output (${out.length} bytes)`;
  }
  console.log(`files: ${FILES}; exit ${code}; ${stats}; wall ${(ms / 1000).toFixed(1)} s; peak RSS ${(rssKb / 1024).toFixed(0)} MB`);
});
