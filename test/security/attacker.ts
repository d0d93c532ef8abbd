/**
 * Shared by the security tier: the built CLI and server under test (LEAKGUARD_DIST_UNDER_TEST points
 * them at another build, e.g. an old main's dist/, to count which attacks that build falls for),
 * and a place outside every workspace whose files must never change.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

const ROOT = path.resolve(__dirname, '../..');
export const DIST = process.env.LEAKGUARD_DIST_UNDER_TEST ? path.resolve(process.env.LEAKGUARD_DIST_UNDER_TEST) : path.join(ROOT, 'dist');
export const CLI = path.join(DIST, 'cli.js');
export const SERVER = path.join(DIST, 'server.js');

/** A clean environment: no color, an empty HOME, no npm_config_* of the runner. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-sec-home-'));
  return { ...env, HOME: home, USERPROFILE: home, NO_COLOR: '1', ...extra };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  pid?: number;
}

export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, pid: r.pid };
}

/** Like runCli but asynchronous, and tells `onPid` the child's PID before it runs far. */
export function runCliAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr, pid: child.pid }));
  });
}

/** A folder outside any workspace with one file the attacker wants to overwrite. */
export function outsideVictim(): { dir: string; file: string; original: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-sec-outside-'));
  const file = path.join(dir, 'victim.sh');
  const original = '# the developer\'s own file: must never change\n';
  fs.writeFileSync(file, original);
  return { dir, file, original };
}

/** Every file under `dir` with its content (links listed as links, not followed). */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isSymbolicLink()) out[path.relative(dir, p)] = `-> ${fs.readlinkSync(p)}`;
      else if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** The last PID the kernel handed out (Linux), to guess the next ones as an attacker in CI would. */
export function lastPid(): number | undefined {
  try {
    return Number(fs.readFileSync('/proc/sys/kernel/ns_last_pid', 'utf8').trim());
  } catch {
    return undefined;
  }
}
