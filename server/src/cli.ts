#!/usr/bin/env node
/** `leakguard` command-line entry point. */
import { runCli } from './cli/main';
import { allRules, docsUrl } from '../../rules/index';
import { VERSION } from './version';

void runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  isTTY: !!process.stdout.isTTY,
  isStderrTTY: !!process.stderr.isTTY,
  env: process.env,
}, { rules: allRules, docsUrl, version: VERSION }).then((code) => {
  process.exitCode = code;
});
