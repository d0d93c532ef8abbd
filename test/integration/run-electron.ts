// Run the SAME extension-host suite (suite/index.ts, run() convention) in desktop
// VS Code through @vscode/test-electron. That downloads VS Code from
// update.code.visualstudio.com, which this project's CI box cannot reach, so CI
// uses code-server instead (run-all.mjs); use this on a machine with internet:
//   npm run build && npx tsx test/integration/run-electron.ts
// Env: VSCODE_VERSION (default "stable"); LEAKGUARD_ELECTRON_DRY=1 prints the
// options without downloading anything. Linux without a display: wrap in xvfb-run.
import { runTests } from '@vscode/test-electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

async function main(): Promise<void> {
  const { buildSuite, REPO } = await import('./lib/build-suite.mjs');
  const extensionTestsPath = await buildSuite();
  const fixture = path.join(REPO, 'test/integration/fixtures/workspace');
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'leakguard-electron-'));
  const workspace = path.join(run, 'ws');
  fs.cpSync(fixture, workspace, { recursive: true });
  const options = {
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: REPO, // the root package.json is the extension manifest
    extensionTestsPath,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${path.join(run, 'user-data')}`],
    extensionTestsEnv: { LEAKGUARD_FIXTURE_PRISTINE: fixture, LEAKGUARD_EXT_RESULT: path.join(run, 'ext-result.json') },
  };
  if (process.env.LEAKGUARD_ELECTRON_DRY === '1') {
    console.log(JSON.stringify(options, null, 2));
    return;
  }
  const code = await runTests(options);
  const result = JSON.parse(fs.readFileSync(options.extensionTestsEnv.LEAKGUARD_EXT_RESULT, 'utf8')) as { passed: number; failed: number };
  console.log(`${result.passed} passed, ${result.failed} failed`);
  process.exitCode = code;
}

main().catch((e: unknown) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
