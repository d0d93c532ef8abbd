// Start and stop code-server (VS Code 1.99.3 web workbench + Node extension host)
// for the real-editor tiers. Recipe: shared/realclient/README.md §1.2.
// - loopback only, auth none, a free port, throwaway user-data/extensions dirs
// - its own process group (detached = setsid), killed as a whole on stop, on
//   exit and on SIGINT/SIGTERM, so no fileWatcher/extension-host child survives.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const EDITORS_DIR = process.env.LEAKGUARD_EDITORS_DIR || path.join(os.homedir(), '.cache/leakguard-editors');
export const CODE_SERVER = process.env.CODE_SERVER || path.join(EDITORS_DIR, 'code-server/node_modules/.bin/code-server');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Quiet user settings: no welcome page, no trust prompt, no telemetry, no update checks. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
  'editor.lightbulb.enabled': 'on',
  'json.schemaDownload.enable': false, // offline: no "Unable to load schema" problems in the panel
};

/** A free loopback port (tiny race with other processes; start() retries on EADDRINUSE). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

/** Poll `fn` every `every` ms until it returns a truthy value or `ms` elapse. */
export async function pollUntil(fn, { ms, every = 100, what }) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

const live = new Set();
function killGroup(pid, signal) { try { process.kill(-pid, signal); return true; } catch { return false; } }
let hooked = false;
function hookExit() {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => { for (const pid of live) killGroup(pid, 'SIGKILL'); });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => { for (const pid of live) killGroup(pid, 'SIGKILL'); process.exit(130); });
  }
}

/**
 * Install `vsix` (if given) into fresh dirs under runDir and start code-server.
 * Returns { url, port, pid, env, extensionsDir, logFile, stop() }.
 */
export async function startCodeServer({ runDir, vsix, env: extraEnv = {}, log = console.log }) {
  if (!fs.existsSync(CODE_SERVER)) {
    throw new Error(`code-server not found at ${CODE_SERVER}: run scripts/install-editors.sh (or set CODE_SERVER)`);
  }
  hookExit();
  const ud = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(ud, 'User/settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  // keep code-server's config.yaml and data out of ~/.config and ~/.local
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(runDir, 'xdg-config'), XDG_DATA_HOME: path.join(runDir, 'xdg-data'), ...extraEnv };
  delete env.VSCODE_IPC_HOOK_CLI; // when run from a VS Code terminal, --install-extension would talk to that window
  const dirs = ['--user-data-dir', ud, '--extensions-dir', extensionsDir];

  if (vsix) {
    const t = Date.now();
    const r = spawnSync(CODE_SERVER, [...dirs, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120000 });
    const out = `${r.stdout}${r.stderr}`;
    if (r.status !== 0 || !/successfully installed/i.test(out)) throw new Error(`installing ${vsix} failed (status ${r.status}):\n${out}`);
    log(`vsix installed in ${Date.now() - t} ms`);
  }

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const logFile = path.join(runDir, `code-server-${port}.log`);
    const fd = fs.openSync(logFile, 'w');
    const t = Date.now();
    const child = spawn(CODE_SERVER, [...dirs, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override', '--ignore-last-opened'], { env, detached: true, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    const pid = child.pid;
    live.add(pid);
    let exited = null;
    const exitedP = new Promise((r) => child.on('exit', (code, signal) => { exited = { code, signal }; live.delete(pid); r(); }));
    const url = `http://127.0.0.1:${port}`;
    try {
      await pollUntil(async () => {
        if (exited) throw new Error(`code-server exited early (${JSON.stringify(exited)}):\n${fs.readFileSync(logFile, 'utf8')}`);
        try { return (await fetch(`${url}/healthz`)).ok; } catch { return false; }
      }, { ms: 60000, what: 'code-server /healthz' });
    } catch (e) {
      killGroup(pid, 'SIGKILL');
      if (attempt < 3 && /EADDRINUSE/.test(fs.readFileSync(logFile, 'utf8'))) continue;
      throw e;
    }
    log(`code-server ${url} ready in ${Date.now() - t} ms (pid ${pid}, log ${logFile})`);
    const stop = async () => {
      if (exited) return;
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 5000);
      await exitedP;
      clearTimeout(timer);
      killGroup(pid, 'SIGKILL'); // children that ignored SIGTERM
      live.delete(pid);
    };
    return { url, port, pid, env, extensionsDir, logFile, stop };
  }
}

/** Launch headless Debian chromium through playwright-core with a throwaway profile. */
export async function launchChromium(runDir, viewport = { width: 1400, height: 900 }) {
  const { chromium } = await import('playwright-core');
  const profile = fs.mkdtempSync(path.join(runDir, 'chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  return { ctx, page };
}

/** Copy the fixture workspace to a fresh temp dir (tests edit files; the repo copy stays pristine). */
export function copyWorkspace(src, dest) {
  fs.cpSync(src, dest, { recursive: true });
  return dest;
}
