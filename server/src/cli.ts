#!/usr/bin/env node
/** `leakguard` command-line entry point. */
// First: V8 flags must be set before the rest of the bundle is evaluated, and the first worker
// starts loading while it is.
import './cli/jit';
import './cli/prestart-now';
import { takePrestartedWorker, discardPrestartedWorker } from './cli/prestart';
import { runCli } from './cli/main';
import { allRules, docsUrl } from '../../rules/index';
import { VERSION } from './version';
import * as path from 'node:path';
import { existsSync } from 'node:fs';

// Bundled, dist/analysis-worker.js sits next to dist/cli.js (scripts/build.mjs); run from sources, no workers.
const workerScript = path.join(__dirname, 'analysis-worker.js');

void runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  isTTY: !!process.stdout.isTTY,
  isStderrTTY: !!process.stderr.isTTY,
  env: process.env,
}, { rules: allRules, docsUrl, version: VERSION, workerScript: existsSync(workerScript) ? workerScript : undefined, takeWorker: takePrestartedWorker, discardWorker: discardPrestartedWorker }).then((code) => {
  process.exitCode = code;
});
