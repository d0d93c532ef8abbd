/**
 * What every CLI command is handed: the process's streams and environment (`CliIo`), the rule
 * registry and build facts (`CliDeps`), and the error that means "the command line was wrong"
 * (exit 2). Its own module so commands (init, diff, ls, audit) and main.ts import it, not each other.
 */
import type { Rule } from '../engine/context';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  isTTY: boolean;
  /** stderr is a terminal (progress bars); defaults to `isTTY`. */
  isStderrTTY?: boolean;
  env: NodeJS.ProcessEnv;
}

export interface CliDeps {
  rules: readonly Rule[];
  docsUrl: (id: string) => string;
  version: string;
  /** dist/analysis-worker.js, when bundled: `check` then analyses files on every core (`--jobs`). */
  workerScript?: string;
}

export class UsageError extends Error {}
