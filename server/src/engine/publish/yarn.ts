/**
 * The publish set of `yarn pack` / `yarn npm publish` (yarn berry, 2+), with a reason per file.
 *
 * Yarn does not use npm-packlist: its pack plugin walks the workspace folder itself with its own
 * lists (read from @yarnpkg/cli-dist 4.x, `genPackList` in the pack plugin), so these are yarn's
 * rules, not npm's:
 * - never ignored: /package.json, /readme*, /license*, /licence*, /changelog* (even against `files`);
 * - always ignored: /package.tgz, .github, .git, .hg, node_modules, .npmignore, .gitignore, .#*,
 *   .DS_Store, .yarnrc.yml, and the project's yarn.lock, install state, cache, virtual and unplugged
 *   folders and PnP files when they lie inside the workspace; other workspaces nested in it;
 * - `main`, `module`, `browser` and `bin` (publishConfig wins) ship even outside `files`;
 * - `files` = reject `/*` then accept each entry; per folder `.npmignore`, else `.gitignore`
 *   (the root's are skipped when `files` is set); nothing above the workspace folder is read;
 * - lists are tried nearest folder first; in a list a `!negation` wins over a plain pattern;
 *   patterns with a `/` are resolved against the ignore file's folder and matched on the whole
 *   path, the others on the basename (micromatch, `dot`, `nocase`); a folder that a list ignores
 *   does not stop the walk, but everything under it is then rejected unless an earlier list accepts it.
 * `publishConfig.directory` is not a yarn feature: yarn packs the workspace folder.
 */
import * as path from 'node:path';
import micromatch from 'micromatch';
import { globProblem } from '../safe/glob';
import type { FileSystem } from '../safe/fs';
import type { PackagingUnit } from '../unit';
import { toPosix } from '../paths';
import type { ExclusionReason, InclusionReason, PathExplanation, PublishedFile, PublishSet } from './types';

type Origin =
  | { kind: 'always'; what: 'package.json' | 'readme' | 'license' | 'changelog' }
  | { kind: 'entry'; what: 'main' | 'module' | 'browser' | 'bin' }
  | { kind: 'files'; index: number; entry: string }
  | { kind: 'files-star' }
  | { kind: 'ignore-file'; file: string; line: number; via: 'npmignore' | 'gitignore'; raw: string }
  | { kind: 'strict' }
  | { kind: 'workspace' }
  | { kind: 'reject-all'; folder: string };

interface Pattern {
  /** The pattern as yarn stores it (resolved, with a leading `!` when negated). */
  text: string;
  origin: Origin;
}

interface List {
  accept: Pattern[];
  reject: Pattern[];
  /** The ignore file this list was read from. */
  file?: string;
}

interface Verdict {
  ignored: boolean;
  by?: Pattern;
  /** The nearest ignore-file list consulted (for "not excluded by …"). */
  consulted?: List;
}

const NEVER_IGNORE: Array<[string, 'package.json' | 'readme' | 'license' | 'changelog']> = [
  ['/package.json', 'package.json'],
  ['/readme', 'readme'],
  ['/readme.*', 'readme'],
  ['/license', 'license'],
  ['/license.*', 'license'],
  ['/licence', 'license'],
  ['/licence.*', 'license'],
  ['/changelog', 'changelog'],
  ['/changelog.*', 'changelog'],
];
const ALWAYS_IGNORE = ['/package.tgz', '.github', '.git', '.hg', 'node_modules', '.npmignore', '.gitignore', '.#*', '.DS_Store'];

/** Matches one path against one yarn pattern; matchers are compiled once per run. */
class Matcher {
  private readonly cache = new Map<string, (s: string) => boolean>();
  /** Workspace patterns over the glob bounds (they could hang micromatch): never matched, reported. */
  readonly refused = new Map<string, string>();
  test(p: string, pattern: string): boolean {
    let fn = this.cache.get(pattern);
    if (!fn) {
      const problem = globProblem(pattern);
      if (problem) {
        this.refused.set(pattern, problem);
        fn = () => false;
        this.cache.set(pattern, fn);
        return false;
      }
      // Patterns without a `/` match the basename (yarn splits them out and passes `basename: true`).
      fn = micromatch.matcher(pattern, { dot: true, nocase: true, ...(pattern.includes('/') ? {} : { basename: true }) });
      this.cache.set(pattern, fn);
    }
    return fn(p);
  }
  /** yarn's three-way answer for a list side: 2 a negation matched, 1 a plain pattern matched, 0 none. */
  side(p: string, patterns: Pattern[]): { code: 0 | 1 | 2; by?: Pattern } {
    for (const pat of patterns) if (pat.text.startsWith('!') && this.test(p, pat.text.slice(1))) return { code: 2, by: pat };
    for (const pat of patterns) if (!pat.text.startsWith('!') && this.test(p, pat.text)) return { code: 1, by: pat };
    return { code: 0 };
  }
}

function isIgnored(m: Matcher, p: string, global: List, lists: List[] | null): Verdict {
  const a = m.side(p, global.accept);
  if (a.code !== 0) return { ignored: a.code === 2, by: a.by };
  const r = m.side(p, global.reject);
  if (r.code !== 0) return { ignored: r.code === 1, by: r.by };
  const consulted = lists?.find((l) => l.file);
  for (const list of lists ?? []) {
    const la = m.side(p, list.accept);
    if (la.code !== 0) return { ignored: la.code === 2, by: la.by, consulted };
    const lr = m.side(p, list.reject);
    if (lr.code !== 0) return { ignored: lr.code === 1, by: lr.by, consulted };
  }
  return { ignored: false, consulted };
}

/** yarn's handling of one pattern line: trimmed, comments dropped, a pattern with a `/` resolved against `cwd`. */
function toPattern(line: string, cwd: string): string | undefined {
  let t = line.trim();
  if (t === '' || t.startsWith('#')) return undefined;
  const negate = t.startsWith('!');
  if (negate) t = t.slice(1);
  if (/\.?\//.test(t)) t = path.posix.resolve(cwd, t);
  return negate ? `!${t}` : t;
}

function binPaths(bin: unknown): string[] {
  if (typeof bin === 'string') return [bin];
  if (bin && typeof bin === 'object') return Object.values(bin as Record<string, unknown>).filter((v): v is string => typeof v === 'string');
  return [];
}

/** Simple `key: value` lines of a .yarnrc.yml (only the path settings that move files yarn leaves out). */
function yarnrcPaths(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of (text ?? '').split(/\r?\n/)) {
    const m = /^(cacheFolder|installStatePath|virtualFolder|yarnPath|pnpUnpluggedFolder|enableGlobalCache|lockfileFilename)\s*:\s*["']?([^"'#]*?)["']?\s*(?:#.*)?$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

interface YarnRun {
  files: PublishedFile[];
  /** Every entry yarn looked at and left out, with the verdict (only when traced). */
  excluded: Map<string, Verdict>;
  problems: string[];
}

async function runYarn(fs: FileSystem, unit: PackagingUnit, trace: boolean): Promise<YarnRun> {
  const problems: string[] = [];
  const root = unit.root;
  const manifest = unit.manifest ?? {};
  const projectRoot = unit.workspaceRoot ?? unit.root;
  const m = new Matcher();
  const global: List = { accept: NEVER_IGNORE.map(([text, what]) => ({ text, origin: { kind: 'always', what } })), reject: [] };
  for (const text of ALWAYS_IGNORE) global.reject.push({ text, origin: { kind: 'strict' } });
  global.reject.push({ text: '.yarnrc.yml', origin: { kind: 'strict' } });
  const rc = yarnrcPaths(await fs.readText(`${projectRoot}/.yarnrc.yml`));
  const projectPaths = [
    rc.lockfileFilename || 'yarn.lock',
    rc.enableGlobalCache === 'false' ? rc.cacheFolder || '.yarn/cache' : undefined,
    rc.installStatePath || '.yarn/install-state.gz',
    rc.virtualFolder || '.yarn/__virtual__',
    rc.yarnPath,
    '.pnp.cjs',
    '.pnp.data.json',
    '.pnp.loader.mjs',
    rc.pnpUnpluggedFolder || '.yarn/unplugged',
  ];
  for (const p of projectPaths) {
    if (!p) continue;
    const abs = toPosix(path.posix.resolve(projectRoot, p));
    if (abs.startsWith(`${root}/`)) global.reject.push({ text: path.posix.resolve('/', abs.slice(root.length + 1)), origin: { kind: 'strict' } });
  }
  for (const ws of unit.workspaces) {
    if (ws !== root && ws.startsWith(`${root}/`)) global.reject.push({ text: `/${ws.slice(root.length + 1)}`, origin: { kind: 'workspace' } });
  }
  const pc = (manifest.publishConfig && typeof manifest.publishConfig === 'object' ? manifest.publishConfig : {}) as Record<string, unknown>;
  const top: List = { accept: [], reject: [] };
  const entry = (v: unknown, what: 'main' | 'module' | 'browser' | 'bin') => {
    if (typeof v === 'string') top.accept.push({ text: path.posix.resolve('/', v), origin: { kind: 'entry', what } });
  };
  entry(pc.main ?? manifest.main, 'main');
  entry(pc.module ?? manifest.module, 'module');
  const browser = pc.browser ?? manifest.browser;
  if (typeof browser === 'string') entry(browser, 'browser');
  for (const b of binPaths(pc.bin ?? manifest.bin)) entry(b, 'bin');
  if (browser && typeof browser === 'object') {
    for (const [k, v] of Object.entries(browser as Record<string, unknown>)) {
      entry(k, 'browser');
      if (typeof v === 'string') entry(v, 'browser');
    }
  }
  const files = Array.isArray(manifest.files) ? manifest.files : null;
  if (files) {
    top.reject.push({ text: '/*', origin: { kind: 'files-star' } });
    files.forEach((f, index) => {
      if (typeof f !== 'string') return;
      const t = toPattern(f, '/');
      if (t) top.accept.push({ text: t, origin: { kind: 'files', index, entry: f } });
    });
  }

  const out: PublishedFile[] = [];
  const excluded = new Map<string, Verdict>();
  // Each folder carries the verdict of the nearest folder a `files` entry accepted (the reason its files ship).
  const stack: Array<[string, List[], Verdict | undefined]> = [['/', [top], undefined]];
  let visited = 0;
  while (stack.length > 0) {
    const [rel, lists, viaFolder] = stack.pop()!;
    const abs = rel === '/' ? root : `${root}${rel}`;
    if (++visited > 200_000) {
      problems.push(`Stopped after 200000 entries under ${root}.`);
      break;
    }
    let entries;
    try {
      entries = await fs.readDir(abs);
    } catch (e) {
      problems.push(`Cannot read folder ${abs}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      continue;
    }
    const names = entries.map((e) => e.name);
    let local: List | null = null;
    if (!files || rel !== '/') {
      const name = names.includes('.npmignore') ? '.npmignore' : names.includes('.gitignore') ? '.gitignore' : undefined;
      if (name) {
        const file = `${abs}/${name}`;
        const text = (await fs.readText(file)) ?? '';
        local = { accept: [], reject: [], file };
        text.split(/\n/).forEach((line, i) => {
          const t = toPattern(line, rel);
          if (t) local!.reject.push({ text: t, origin: { kind: 'ignore-file', file, line: i + 1, via: name === '.npmignore' ? 'npmignore' : 'gitignore', raw: line.trim() } });
        });
      }
    }
    let next = local ? [local, ...lists] : lists;
    const self = rel === '/' ? undefined : isIgnored(m, rel, global, lists);
    if (self?.ignored && trace) excluded.set(rel.slice(1), self);
    if (self?.ignored) next = [...lists, { accept: [], reject: [{ text: '**/*', origin: { kind: 'reject-all', folder: rel.slice(1) } }] }];
    const folderReason = self && !self.ignored && self.by?.origin.kind === 'files' ? self : viaFolder;
    for (const e of entries) {
      const childRel = rel === '/' ? `/${e.name}` : `${rel}/${e.name}`;
      if (e.isDirectory && !e.isSymbolicLink) {
        const v = isIgnored(m, childRel, global, null);
        if (v.ignored) {
          if (trace) excluded.set(childRel.slice(1), v);
          continue;
        }
        stack.push([childRel, next, folderReason]);
      } else if (e.isFile || e.isSymbolicLink) {
        const v = isIgnored(m, childRel, global, next);
        if (v.ignored) {
          if (trace) excluded.set(childRel.slice(1), v);
          continue;
        }
        const p = childRel.slice(1);
        const st = await fs.stat(`${root}/${p}`);
        out.push({ path: p, abs: `${root}/${p}`, size: st?.size ?? 0, reason: inclusion(v.by ? v : (folderReason ?? v)) });
      }
    }
  }
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const problem of m.refused.values()) problems.push(problem);
  return { files: out, excluded, problems };
}

function inclusion(v: Verdict): InclusionReason {
  const o = v.by?.origin;
  if (o?.kind === 'always') return { kind: 'always', what: o.what };
  if (o?.kind === 'entry') return { kind: 'always', what: o.what };
  if (o?.kind === 'files') return { kind: 'files-entry', entry: o.entry, index: o.index };
  if (o?.kind === 'ignore-file' && v.by!.text.startsWith('!')) return { kind: 'negation', ignoreFile: o.file, line: o.line, pattern: o.raw };
  const f = v.consulted?.file;
  if (f) return { kind: 'not-ignored', via: f.endsWith('.npmignore') ? 'npmignore' : 'gitignore', ignoreFile: f };
  return { kind: 'not-ignored', via: 'none' };
}

function exclusion(v: Verdict, folder?: string): ExclusionReason {
  const f = folder !== undefined ? { folder } : {};
  const o = v.by?.origin;
  const text = v.by?.text ?? '';
  switch (o?.kind) {
    case 'ignore-file':
      return { kind: 'ignore-file', via: o.via, ignoreFile: o.file, line: o.line, pattern: o.raw, ...f };
    case 'files-star':
      return { kind: 'not-in-files', ...f };
    case 'files':
      return { kind: 'files-negation', entry: o.entry, index: o.index, ...f };
    case 'workspace':
      return { kind: 'workspace', pattern: text, ...f };
    case 'strict':
      return { kind: 'strict', pattern: text, ...f };
    default:
      return { kind: 'unknown' };
  }
}

/** The files `yarn pack` (berry) would put in the tarball for `unit`, each with its reason. Never throws. */
export async function computeYarnPublishSet(fs: FileSystem, unit: PackagingUnit): Promise<PublishSet> {
  const run = await runYarn(fs, unit, false);
  return { unit, tool: 'yarn', files: run.files, byPath: new Map(run.files.map((f) => [f.path, f])), problems: run.problems, packRoot: unit.root };
}

/** Why `relPath` (relative to the workspace folder, or absolute) is or is not in yarn's tarball. */
export async function explainYarnPath(fs: FileSystem, unit: PackagingUnit, relPath: string): Promise<PathExplanation> {
  const run = await runYarn(fs, unit, true);
  const base = { tool: 'yarn' as const, problems: run.problems };
  const rel = toPosix(path.isAbsolute(relPath) ? path.relative(unit.root, relPath) : path.normalize(relPath)).replace(/^\.\//, '').replace(/\/+$/, '');
  if (rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) return { ...base, path: rel, included: false, exclusion: { kind: 'outside' } };
  const hit = run.files.find((f) => f.path === rel);
  if (hit) return { ...base, path: rel, included: true, reason: hit.reason };
  const st = await fs.stat(`${unit.root}/${rel}`);
  if (!st) return { ...base, path: rel, included: false, exclusion: { kind: 'not-found' } };
  if (st.isDirectory) return { ...base, path: rel, included: false, exclusion: { kind: 'is-directory' } };
  let own = run.excluded.get(rel);
  // Left out because a list ignored a folder above it: say what ignored that folder.
  for (let i = 0; own?.by?.origin.kind === 'reject-all' && i < 100; i++) {
    const folder = own.by.origin.folder;
    const v = run.excluded.get(folder);
    if (!v) break;
    if (v.by?.origin.kind !== 'reject-all') return { ...base, path: rel, included: false, exclusion: exclusion(v, folder) };
    own = v;
  }
  if (own) return { ...base, path: rel, included: false, exclusion: exclusion(own) };
  let dir = path.posix.dirname(rel);
  while (dir !== '.') {
    const d = run.excluded.get(dir);
    if (d) return { ...base, path: rel, included: false, exclusion: exclusion(d, dir) };
    dir = path.posix.dirname(dir);
  }
  return { ...base, path: rel, included: false, exclusion: { kind: 'unknown' } };
}
