/**
 * The real packers as oracles (#16): `npm pack --dry-run --json`, `pnpm pack` (the tarball's
 * entries: pnpm's --json omits the LICENSE it copies from the workspace root) and
 * `yarn pack --dry-run --json` (yarn berry from @yarnpkg/cli-dist), run hermetically: a throwaway
 * HOME and cache, no inherited npm_config_* / YARN_* variables, scripts off, no network needed.
 * Answers are cached on disk by a hash of the tool, its version and the fixture's content, so a
 * second run of the suite starts no packer at all.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import * as tarStream from 'tar-stream';
import { minimatch } from 'minimatch';

export type OracleTool = 'npm' | 'pnpm' | 'yarn';

const REPO = path.resolve(__dirname, '../..');
const BIN = path.join(REPO, 'node_modules/.bin');
const CACHE = path.join(REPO, 'node_modules/.cache/leakguard-pack-oracle');

let sandbox: string | undefined;
function hermeticEnv(): NodeJS.ProcessEnv {
  sandbox ??= fs.mkdtempSync(path.join(os.tmpdir(), 'lg-oracle-home-'));
  fs.mkdirSync(path.join(sandbox, 'cache'), { recursive: true });
  return {
    PATH: process.env.PATH,
    HOME: sandbox,
    USERPROFILE: sandbox,
    TMPDIR: os.tmpdir(),
    npm_config_cache: path.join(sandbox, 'cache'),
    npm_config_userconfig: path.join(sandbox, 'npmrc'),
    npm_config_globalconfig: path.join(sandbox, 'npmrc-global'),
    npm_config_ignore_scripts: 'true',
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    YARN_ENABLE_TELEMETRY: '0',
    YARN_IGNORE_PATH: '1',
    YARN_ENABLE_GLOBAL_CACHE: 'true',
    YARN_GLOBAL_FOLDER: path.join(sandbox, 'yarn-global'),
    COREPACK_ENABLE_STRICT: '0',
    NO_COLOR: '1',
  };
}

function version(tool: OracleTool): string {
  if (tool === 'npm') return spawnSync('npm', ['--version'], { encoding: 'utf8', env: hermeticEnv() }).stdout.trim();
  const pj = tool === 'pnpm' ? 'node_modules/pnpm/package.json' : 'node_modules/@yarnpkg/cli-dist/package.json';
  return (JSON.parse(fs.readFileSync(path.join(REPO, pj), 'utf8')) as { version: string }).version;
}

/** Hash of every entry under `dir` (names, kinds, contents, link targets). */
function treeHash(dir: string): string {
  const h = crypto.createHash('sha256');
  const walk = (d: string, rel: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const abs = path.join(d, name);
      const st = fs.lstatSync(abs);
      const r = rel ? `${rel}/${name}` : name;
      if (st.isSymbolicLink()) h.update(`L ${r} ${fs.readlinkSync(abs)}\0`);
      else if (st.isDirectory()) {
        h.update(`D ${r}\0`);
        walk(abs, r);
      } else h.update(`F ${r}\0`).update(fs.readFileSync(abs)).update('\0');
    }
  };
  walk(dir, '');
  return h.digest('hex');
}

async function tarEntries(file: string): Promise<string[]> {
  const names: string[] = [];
  const extract = tarStream.extract();
  await new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      names.push(header.name.replace(/^package\//, ''));
      stream.on('end', next);
      stream.resume();
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
    fs.createReadStream(file).pipe(zlib.createGunzip()).on('error', reject).pipe(extract);
  });
  return names.sort();
}

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: hermeticEnv(), timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} in ${cwd} exited ${r.status}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

async function runTool(tool: OracleTool, projectRoot: string, pkgDir: string): Promise<string[]> {
  if (tool === 'npm') {
    // From the root with -w when the package is a workspace, as CI does; a folder outside the workspaces is packed in place.
    const rel = path.relative(projectRoot, pkgDir);
    const args = ['pack', '--dry-run', '--json', '--ignore-scripts'];
    const out = rel && !rel.startsWith('..') && isNpmWorkspace(projectRoot, rel) ? run('npm', [...args, '-w', rel], projectRoot) : run('npm', args, pkgDir);
    const parsed = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
    return parsed[0].files.map((f) => f.path).sort();
  }
  if (tool === 'pnpm') {
    const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-pnpm-out-'));
    try {
      const out = run(path.join(BIN, 'pnpm'), ['pack', '--json', '--pack-destination', dest], pkgDir);
      const parsed = JSON.parse(out) as { filename: string };
      return await tarEntries(path.isAbsolute(parsed.filename) ? parsed.filename : path.join(dest, path.basename(parsed.filename)));
    } finally {
      fs.rmSync(dest, { recursive: true, force: true });
    }
  }
  const out = run(path.join(BIN, 'yarn'), ['pack', '--dry-run', '--json'], pkgDir);
  return out
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { location?: string })
    .filter((o) => typeof o.location === 'string')
    .map((o) => o.location!)
    .sort();
}

/** Whether `rel` is one of the npm workspaces of the package.json at `root`. */
function isNpmWorkspace(root: string, rel: string): boolean {
  try {
    const pj = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces?: unknown };
    const globs = Array.isArray(pj.workspaces) ? pj.workspaces.filter((g): g is string => typeof g === 'string') : [];
    return globs.some((g) => minimatch(rel.split(path.sep).join('/'), g.replace(/^\.\//, '').replace(/\/+$/, '')));
  } catch {
    return false;
  }
}

/**
 * The files `tool` really packs for the package in `pkgDir` (paths inside the tarball, sorted).
 * The fixture lives at `projectRoot`; the cache key covers the whole project tree.
 */
export async function oraclePack(tool: OracleTool, projectRoot: string, pkgDir: string): Promise<string[]> {
  const key = crypto.createHash('sha256').update(`${tool}@${version(tool)}\0${path.relative(projectRoot, pkgDir)}\0${treeHash(projectRoot)}`).digest('hex');
  const file = path.join(CACHE, `${key}.json`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as string[];
  } catch {
    // not cached yet
  }
  const files = await runTool(tool, projectRoot, pkgDir);
  fs.mkdirSync(CACHE, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(files));
  return files;
}

/** Removes the throwaway HOME. */
export function cleanupOracle(): void {
  if (sandbox) fs.rmSync(sandbox, { recursive: true, force: true });
  sandbox = undefined;
}
