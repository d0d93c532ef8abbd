/**
 * A real npm registry for tests: verdaccio 5 (the last line that installs and runs on Node 20) in a
 * child process on 127.0.0.1, with a throwaway storage, config and user `.npmrc`, and **no uplinks**,
 * so it never proxies to a public registry. Packages are published to it with the real
 * `npm publish --registry http://127.0.0.1:PORT/`. `stop()` ends the whole process group.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';

const VERDACCIO = require.resolve('verdaccio/bin/verdaccio');

/** A running local registry. */
export interface LocalRegistry {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  port: number;
  /** The throwaway folder (config, storage, htpasswd, user .npmrc). */
  dir: string;
  /** A user `.npmrc` with the registry and a token for it: pass as `--userconfig`. */
  npmrc: string;
  /** The token of the test user (from the registry's adduser API). */
  token: string;
  /** `npm publish` of a package folder to this registry (scripts off). Throws with npm's output on failure. */
  publish(pkgDir: string, extraArgs?: string[]): void;
  /** Stops the registry (whole process group) and removes its folder. */
  stop(): Promise<void>;
}

/** Environment for child `npm` runs: no inherited registry or auth settings, a private cache. */
export function npmEnv(reg: Pick<LocalRegistry, 'dir' | 'npmrc'>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_config_|^NPM_CONFIG_|^NODE_AUTH_TOKEN$/.test(k)) env[k] = v;
  return { ...env, npm_config_userconfig: reg.npmrc, npm_config_cache: path.join(reg.dir, 'npm-cache'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns a value or the deadline passes (no fixed sleeps). */
async function poll<T>(check: () => Promise<T | undefined>, deadlineMs: number, what: string, log: () => string): Promise<T> {
  const end = Date.now() + deadlineMs;
  let delay = 20;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what} (after ${deadlineMs} ms)\n${log()}`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 250);
  }
}

/** Starts verdaccio on a free loopback port and creates a user; resolves once it answers /-/ping. */
export async function startLocalRegistry(): Promise<LocalRegistry> {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lg-registry-')));
  fs.writeFileSync(
    path.join(dir, 'config.yaml'),
    [
      `storage: ${JSON.stringify(path.join(dir, 'storage'))}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(path.join(dir, 'htpasswd'))}`,
      '    max_users: 10',
      '    algorithm: bcrypt',
      // No uplinks: a package that is not here is a 404, never a request to a public registry.
      'uplinks: {}',
      'packages:',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      '    unpublish: $authenticated',
      'middlewares:',
      '  audit:',
      '    enabled: false',
      'web:',
      '  enable: false',
      'publish:',
      '  allow_offline: true',
      'logs: { type: stdout, format: json, level: warn }',
      '',
    ].join('\n'),
  );
  let child: ChildProcess | undefined;
  let output = '';
  let port = 0;
  for (let attempt = 0; attempt < 5 && !child; attempt++) {
    port = await freePort();
    output = '';
    const c = spawn(process.execPath, [VERDACCIO, '--config', path.join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`], {
      cwd: dir,
      // Its own process group, so stop() ends verdaccio and anything it started.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    c.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    c.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((r) => c.once('exit', (code) => r(code)));
    let gone = false;
    void exited.then(() => (gone = true));
    const up = await poll(async () => {
      if (gone) return false;
      try {
        const res = await fetch(`http://127.0.0.1:${port}/-/ping`);
        return res.ok ? true : undefined;
      } catch {
        return undefined;
      }
    }, 30_000, 'verdaccio did not answer /-/ping', () => output);
    if (up) child = c;
    else if (!/EADDRINUSE/.test(output)) throw new Error(`verdaccio exited:\n${output}`);
  }
  if (!child) throw new Error(`verdaccio could not bind a port:\n${output}`);
  const proc = child;
  const url = `http://127.0.0.1:${port}/`;
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      try {
        process.kill(-(proc.pid as number), 'SIGTERM');
      } catch {
        // already gone
      }
      const killed = await Promise.race([exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 5_000))]);
      if (!killed) {
        try {
          process.kill(-(proc.pid as number), 'SIGKILL');
        } catch {
          // already gone
        }
        await exited;
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    // A user through the registry's adduser API (what `npm adduser` does): the answer holds a token.
    const res = await fetch(`${url}-/user/org.couchdb.user:leakguard-test`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ _id: 'org.couchdb.user:leakguard-test', name: 'leakguard-test', password: `pw-${process.pid}-${Date.now()}`, type: 'user', roles: [], date: new Date().toISOString() }),
    });
    const body = (await res.json()) as { token?: string; error?: string };
    if (!res.ok || !body.token) throw new Error(`adduser failed: HTTP ${res.status} ${JSON.stringify(body)}`);
    const token = body.token;
    const npmrc = path.join(dir, 'user.npmrc');
    fs.writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
    const reg: LocalRegistry = {
      url,
      port,
      dir,
      npmrc,
      token,
      publish(pkgDir, extraArgs = []) {
        try {
          execFileSync('npm', ['publish', '--registry', url, '--userconfig', npmrc, '--ignore-scripts', ...extraArgs], { cwd: pkgDir, env: npmEnv(reg), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        } catch (e) {
          const err = e as { stdout?: string; stderr?: string; message: string };
          throw new Error(`npm publish failed in ${pkgDir}: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
        }
      },
      stop,
    };
    return reg;
  } catch (e) {
    await stop();
    throw e;
  }
}
