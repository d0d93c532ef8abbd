/**
 * What every CLI command is handed: the process's streams and environment (`CliIo`), the rule
 * registry and build facts (`CliDeps`), and the error that means "the command line was wrong"
 * (exit 2). Its own module so commands (init, diff, ls, audit) and main.ts import it, not each other.
 */
import { parseArgs } from 'node:util';
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
  /** The worker-thread script (the launcher, dist/cli.js): `check` then analyses files on every core (`--jobs`). */
  workerScript?: string;
  /** A worker of `workerScript` already loading (./prestart): the pool's first, once. */
  takeWorker?: (script: string) => import('node:worker_threads').Worker | undefined;
  /** Ends that worker when the run does not adopt it. */
  discardWorker?: () => void;
}

export class UsageError extends Error {}

type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };
type ParsedCommandLine<O extends Record<string, OptionSpec>> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>>;

/**
 * `parseArgs` with positionals for every command: an unknown or malformed option becomes a
 * UsageError (exit 2) whose message drops Node's "To specify a positional argument…" advice.
 */
export function parseCommandLine<const O extends Record<string, OptionSpec>>(args: string[], options: O): ParsedCommandLine<O> {
  try {
    return parseArgs({ args, allowPositionals: true, options });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify.*$/s, '.'));
  }
}
