// @vscode/test-electron's entry-point convention: the extension host requires
// this file (extensionTestsPath) and awaits run(); a rejection fails the run.
// The same compiled file runs in code-server's extension host (run-all.mjs) and
// in desktop VS Code (run-electron.ts).
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import Mocha from 'mocha';

interface TestRecord { title: string; state: 'passed' | 'failed'; durationMs: number; error?: string }

// code-server forwards extension-host console output to the browser as one
// pre-joined string, so printf-style mocha output must be formatted here. The
// prefix lets the runner tell the suite's lines from the workbench's noise.
const say = (...a: unknown[]) => console.log(`[lg-suite] ${util.format(...a)}`);
(Mocha.reporters.Base as unknown as { consoleLog: (...a: unknown[]) => void }).consoleLog = (...a) => {
  for (const line of util.format(...a).split('\n')) say(line);
};

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 90000, reporter: 'spec', grep: process.env.LEAKGUARD_TEST_GREP });
  for (const f of fs.readdirSync(__dirname).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  const tests: TestRecord[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = tests.filter((t) => t.state === 'passed').length;
      const summary = { passed, failed: failures, tests };
      say(`${passed} passed, ${failures} failed`);
      if (process.env.LEAKGUARD_EXT_RESULT) fs.writeFileSync(process.env.LEAKGUARD_EXT_RESULT, JSON.stringify(summary, null, 2));
      if (failures) reject(new Error(`${failures} tests failed`));
      else resolve();
    });
    runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 }));
    // 'fail' also fires for hooks; record them as failures under the hook's title
    runner.on('fail', (t, err) => tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: String(err?.stack ?? err) }));
  });
}
