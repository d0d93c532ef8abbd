/**
 * The CLI bundle (dist/cli-bundle.js). `leakguard` itself is ./cli/launch.ts (dist/cli.js), which
 * sets V8's flags, starts the first file-pass worker and loads this bundle with its code cache; it
 * then calls `main` on the main thread, and `fileWorker` in each file-pass worker (the workers run
 * dist/cli.js too, so they load the same bundle and the same cache).
 */
import { parentPort } from 'node:worker_threads';
import { runCli } from './cli/main';
import type { CliDeps } from './cli/io';
import { serveAnalysisJobs } from './lsp/analysis-jobs';
import { allRules, docsUrl } from '../../rules/index';
import { VERSION } from './version';

/** Runs `leakguard` with this process's arguments, streams and environment; sets the exit code. */
export function main(deps: Pick<CliDeps, 'workerScript' | 'takeWorker' | 'discardWorker'>): void {
  void runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    isTTY: !!process.stdout.isTTY,
    isStderrTTY: !!process.stderr.isTTY,
    env: process.env,
  }, { rules: allRules, docsUrl, version: VERSION, ...deps }).then((code) => {
    process.exitCode = code;
  });
}

/** Serves the file pass's jobs in a worker thread (see ../lsp/worker-client.ts, FilePassPool). */
export function fileWorker(): void {
  if (!parentPort) throw new Error('fileWorker must run in a worker thread');
  serveAnalysisJobs(parentPort);
}
