// Run the @vscode/test-electron-style suite (extensionTestsPath -> run()) INSIDE
// code-server's Node extension host. The browser is only the workbench; the
// extension, vscode-languageclient and the Leakguard server run server-side.
// The web workbench reads ?payload=[["extensionDevelopmentPath",URI],
// ["extensionTestsPath",URI]] and calls window.codeAutomationExit(code) when
// run() settles (the hook @vscode/test-web uses). Recipe §1.4.
import fs from 'node:fs';
import util from 'node:util';
import { launchChromium } from './code-server.mjs';

/**
 * @returns {Promise<{exitCode: number|string, result: null | {passed:number, failed:number, tests:object[]}}>}
 * `result` is what suite/index.ts wrote to resultFile (env LEAKGUARD_EXT_RESULT of code-server).
 */
export async function runExtensionHostSuite({ cs, runDir, workspace, extensionPath, testsPath, resultFile, timeoutMs = 300000, log = console.log }) {
  const authority = new URL(cs.url).host; // code-server's remote authority = the browser's host:port
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['extensionTestsPath', remote(testsPath)],
  ]);
  const url = `${cs.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
  fs.rmSync(resultFile, { force: true });
  const { ctx, page } = await launchChromium(runDir);
  const consoleLog = fs.createWriteStream(`${runDir}/ext-host-console.log`);
  // Extension-host console output arrives as one pre-joined " INFO <text>" string;
  // format what we can (also "%c" + CSS) and strip the prefix.
  page.on('console', async (m) => {
    let args;
    try { args = await Promise.all(m.args().map((a) => a.jsonValue())); } catch { args = [m.text()]; }
    if (typeof args[0] === 'string' && args[0].includes('%c')) {
      const n = (args[0].match(/%c/g) || []).length;
      args = [args[0].replace(/%c/g, ''), ...args.slice(1 + n)];
    }
    const line = util.format(...args);
    consoleLog.write(`[${m.type()}] ${line}\n`);
    // only the suite's own output (prefixed by suite/index.ts) goes to stdout
    const mine = line.match(/\[lg-suite\] ?(.*)$/s);
    if (mine) log(`  ${mine[1]}`);
  });
  page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.message}\n`));
  let exitCode;
  try {
    let resolveExit;
    const exited = new Promise((r) => { resolveExit = r; });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code)); // before goto
    await page.goto(url);
    let timer;
    exitCode = await Promise.race([exited, new Promise((r) => { timer = setTimeout(() => r('timeout'), timeoutMs); })]);
    clearTimeout(timer);
  } finally {
    await ctx.close().catch(() => {});
    consoleLog.end();
  }
  let result = null;
  try { result = JSON.parse(fs.readFileSync(resultFile, 'utf8')); } catch { /* run() never got that far */ }
  return { exitCode, result };
}
