/**
 * Runs the built CLI on a hostile tree in a child process with a deadline: a hang then fails the
 * test (a synchronous hang inside mocha's own process could never time out).
 */
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

export const ROOT = path.resolve(__dirname, '../..');
export const DIST = path.join(ROOT, 'dist');
export const CLI = path.join(DIST, 'cli.js');

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when the deadline killed it. */
  timedOut: boolean;
  ms: number;
}

/** `node dist/cli.js …args` in `cwd`, killed after `deadlineMs` (generous: a hang, not a speed, is what fails). */
export function runCli(args: string[], cwd: string, deadlineMs = 60_000, nodeArgs: string[] = []): ChildResult {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [...nodeArgs, CLI, ...args], { cwd, encoding: 'utf8', timeout: deadlineMs, killSignal: 'SIGKILL', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', timedOut: r.signal === 'SIGKILL' || (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT', ms: Date.now() - t0 };
}

/** Runs a TypeScript file (through tsx) in a child process with a deadline. */
export function runTs(file: string, args: string[], deadlineMs: number): ChildResult {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', file, ...args], { cwd: ROOT, encoding: 'utf8', timeout: deadlineMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', timedOut: r.signal === 'SIGKILL', ms: Date.now() - t0 };
}
