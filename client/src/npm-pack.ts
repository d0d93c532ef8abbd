/**
 * "Verify with npm pack" (issue #15 item 12): runs the user's own npm with a clean configuration
 * environment, so a project `.npmrc` chooses nothing that writes or runs: `--userconfig` is the
 * user's own file, logs and cache go to a fresh temp folder, `--ignore-scripts`, the package folder
 * as cwd, and no `npm_config_*` variables inherited. On Windows `npm.cmd` is a batch file, which
 * Node refuses to run without a shell since the fix for CVE-2024-27980: it is run with
 * `shell: true` and every argument quoted, as Node's documentation says. No vscode import: tested
 * on its own.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile } from 'node:child_process';

export interface NpmPackResult {
  files?: string[];
  error?: string;
}

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function real(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** The user's own npm config file: NPM_CONFIG_USERCONFIG, else ~/.npmrc; never one inside the package. */
export function userConfigFor(root: string, env: NodeJS.ProcessEnv): string {
  const home = path.join(env.HOME || env.USERPROFILE || os.homedir(), '.npmrc');
  const named = env.NPM_CONFIG_USERCONFIG || env.npm_config_userconfig;
  return named && !inside(real(root), real(named)) ? named : home;
}

/** Quotes one argument for cmd.exe (paths cannot contain `"` on Windows). */
export function quoteForCmd(arg: string): string {
  return `"${arg.replace(/"/g, '""')}"`;
}

/** The command line npm pack runs with; `tmp` holds logs and cache. */
export function npmPackInvocation(root: string, env: NodeJS.ProcessEnv, tmp: string, platform: NodeJS.Platform = process.platform): { file: string; args: string[]; options: { cwd: string; env: NodeJS.ProcessEnv; shell: boolean; windowsHide: boolean; maxBuffer: number } } {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!/^npm_config_/i.test(k)) clean[k] = v;
  const args = ['pack', '--dry-run', '--json', '--ignore-scripts', `--userconfig=${userConfigFor(root, env)}`, `--logs-dir=${path.join(tmp, 'logs')}`, `--cache=${path.join(tmp, 'cache')}`, '--no-audit', '--no-fund', '--no-update-notifier'];
  const win = platform === 'win32';
  return { file: win ? 'npm.cmd' : 'npm', args: win ? args.map(quoteForCmd) : args, options: { cwd: root, env: clean, shell: win, windowsHide: true, maxBuffer: 256 * 1024 * 1024 } };
}

/** Runs `npm pack --dry-run` in `root` with a clean configuration; the files npm would pack, or why not. */
export async function npmPackDryRun(root: string, env: NodeJS.ProcessEnv = process.env): Promise<NpmPackResult> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leakguard-npm-'));
  try {
    const inv = npmPackInvocation(root, env, tmp);
    return await new Promise<NpmPackResult>((resolve) => {
      execFile(inv.file, inv.args, inv.options, (err, stdout) => {
        if (err) return resolve({ error: err.message });
        try {
          resolve({ files: (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path) });
        } catch (e) {
          resolve({ error: String(e) });
        }
      });
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
