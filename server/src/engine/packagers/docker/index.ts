/**
 * Container images: which files of a build context end up in the final image, and why. Reads the
 * Dockerfile (or Containerfile) with {@link parseDockerfile}, the context's `.dockerignore` with
 * Docker's semantics (`@balena/dockerignore`, a port of moby's pattern matcher: last matching line
 * wins, a pattern matching a parent folder excludes the files under it, `!` re-includes), then
 * replays the stages: COPY/ADD of context sources (folders copy their contents, wildcards as Go's
 * filepath.Match, destinations relative to WORKDIR), `COPY --from` between stages, `FROM <stage>`
 * inheritance, and ADD of a local tar archive (extracted). Only the final stage (or `target`) counts.
 * Nothing is run and nothing is fetched: files made by RUN, base-image contents, remote ADD sources
 * and `COPY --from=<image>` are outside what Leakguard can know and are reported as problems.
 */
import * as zlib from 'node:zlib';
import { extract } from 'tar-stream';
import type { FileSystem } from '../../safe/fs';
import { artifactOf, type PackagerArtifact, type PackagerExplanation, type PackagerFile, type PackagerReason, type PackagerUnitBase } from '../types';
import { globToRegExp, noteRefusedPattern, packagerGlobProblem, walkFiles } from '../walk';
import { parse as parseYaml } from 'yaml';
import { parseDockerfile, substitute, type Instruction } from './parse';

// @balena/dockerignore has no type declarations.
const dockerignore = require('@balena/dockerignore') as (opts?: { ignorecase?: boolean }) => { add(p: string | string[]): { ignores(p: string): boolean } };

/** Largest unpacked size of a local archive ADDed into an image that is listed (64 MiB). */
const MAX_ARCHIVE_BYTES = 64 * 1024 * 1024;
/** Largest Dockerfile read (1 MiB): longer ones are reported, not parsed. */
const MAX_DOCKERFILE_BYTES = 1024 * 1024;

export interface DockerUnit extends PackagerUnitBase {
  packager: 'docker';
  /** The Dockerfile / Containerfile (absolute). */
  dockerfile: string;
  /** The build context folder (absolute); the Dockerfile's folder unless given. */
  context: string;
  /** Defaults from a compose `build:` entry (`target`, `args`); options given to dockerImageSet win. */
  defaults?: DockerOptions;
  /** The compose file and service this unit comes from, when it does. */
  compose?: { file: string; service: string };
}

export interface DockerImageSet {
  unit: DockerUnit;
  image: PackagerArtifact;
  /** The ignore file that applied (`<Dockerfile>.dockerignore`, `.containerignore` or `.dockerignore`), if any. */
  ignoreFile?: string;
  /** Stage names (or indexes) in order, and the one whose files are the image. */
  stages: string[];
  finalStage: string;
}

export interface DockerOptions {
  /** `--target`: the stage to build (default: the last one). */
  target?: string;
  /** `--build-arg` values. */
  buildArgs?: Record<string, string>;
}

export const COMPOSE_RE = /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/;
export const DOCKERFILE_RE = /^(Dockerfile|Containerfile)(\.[\w.-]+)?$|^[\w.-]+\.(Dockerfile|dockerfile|Containerfile)$/;
const SKIP = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__']);

/** Dockerfiles / Containerfiles under `folder` (down to `depth` folders), each with its folder as context. */
export async function detectDockerUnits(fs: FileSystem, folder: string, depth = 4): Promise<DockerUnit[]> {
  const out: DockerUnit[] = [];
  const visit = async (dir: string, d: number): Promise<void> => {
    let entries;
    try {
      entries = await fs.readDir(dir);
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isFile && DOCKERFILE_RE.test(e.name) && !e.name.endsWith('.dockerignore')) out.push(dockerUnit(`${dir}/${e.name}`));
      else if (e.isFile && COMPOSE_RE.test(e.name)) out.push(...(await composeUnits(fs, `${dir}/${e.name}`, folder.replace(/\/+$/, ''))));
      else if (e.isDirectory && !e.isSymbolicLink && d > 0 && !SKIP.has(e.name)) await visit(`${dir}/${e.name}`, d - 1);
    }
  };
  await visit(folder.replace(/\/+$/, ''), depth);
  return out;
}

/**
 * The `build:` entries of a compose file: `build: <context>` or `{ context, dockerfile, target, args }`.
 * Contexts outside `within` (the analysed folder) and remote contexts (URLs, git) are skipped.
 */
export async function composeUnits(fs: FileSystem, composeFile: string, within: string): Promise<DockerUnit[]> {
  const text = await fs.readText(composeFile);
  if (text === undefined || text.length > 1024 * 1024) return [];
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch {
    return [];
  }
  const services = (doc as { services?: unknown } | null)?.services;
  if (!services || typeof services !== 'object') return [];
  const dir = composeFile.slice(0, composeFile.lastIndexOf('/'));
  const out: DockerUnit[] = [];
  for (const [service, def] of Object.entries(services as Record<string, unknown>)) {
    const build = (def as { build?: unknown } | null)?.build;
    if (build === undefined || build === null) continue;
    const b = typeof build === 'string' ? { context: build } : (build as Record<string, unknown>);
    const ctxRaw = typeof b.context === 'string' ? b.context : '.';
    if (/^[a-z]+:\/\/|^git@/.test(ctxRaw)) continue;
    const context = normAbs(ctxRaw.startsWith('/') ? ctxRaw : `${dir}/${ctxRaw}`);
    if (!(context === within || context.startsWith(`${within}/`))) continue;
    const df = typeof b.dockerfile === 'string' ? b.dockerfile : 'Dockerfile';
    const dockerfile = normAbs(df.startsWith('/') ? df : `${context}/${df}`);
    const args: Record<string, string> = {};
    if (Array.isArray(b.args)) for (const a of b.args) if (typeof a === 'string' && a.includes('=')) args[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
    if (b.args && typeof b.args === 'object' && !Array.isArray(b.args)) for (const [k, v] of Object.entries(b.args)) if (v !== null && v !== undefined) args[k] = String(v);
    const unit = dockerUnit(dockerfile, context);
    unit.name = `${service} (${composeFile.slice(composeFile.lastIndexOf('/') + 1)})`;
    unit.manifestPath = composeFile;
    unit.compose = { file: composeFile, service };
    unit.defaults = { target: typeof b.target === 'string' ? b.target : undefined, buildArgs: args };
    out.push(unit);
  }
  return out;
}

/** A unit for one Dockerfile, built with `context` (default: the Dockerfile's folder). */
export function dockerUnit(dockerfile: string, context?: string): DockerUnit {
  const ctx = context ?? dockerfile.slice(0, dockerfile.lastIndexOf('/'));
  return { packager: 'docker', root: ctx, context: ctx, dockerfile, manifestPath: dockerfile, name: dockerfile.slice(dockerfile.lastIndexOf('/') + 1), problems: [] };
}

interface IgnoreLine {
  line: number;
  pattern: string;
  negate: boolean;
  m: { ignores(p: string): boolean };
}

/** Docker's .dockerignore verdict for one context path, with the deciding line. */
export interface IgnoreDecision {
  excluded: boolean;
  /** The last line that matched (excluding, or re-including with `!`). */
  line?: IgnoreLine;
}

export function compileDockerignore(text: string): IgnoreLine[] {
  const out: IgnoreLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const t = raw.trim();
    if (!t || t.startsWith('#')) return;
    const negate = t.startsWith('!');
    const pattern = negate ? t.slice(1).trim() : t;
    if (!pattern) return;
    const problem = packagerGlobProblem(pattern);
    if (problem) {
      // moby would use it; a hostile line must not hang the analysis: skipped and reported.
      noteRefusedPattern(`.dockerignore line ${i + 1}: ${problem}`);
      return;
    }
    try {
      out.push({ line: i + 1, pattern: t, negate, m: dockerignore().add([pattern]) });
    } catch {
      // a pattern moby would reject (bad [class]); moby fails the build, we skip the line
    }
  });
  return out;
}

export function dockerignoreDecision(lines: readonly IgnoreLine[], rel: string): IgnoreDecision {
  let excluded = false;
  let decider: IgnoreLine | undefined;
  for (const l of lines) {
    if (l.m.ignores(rel)) {
      excluded = !l.negate;
      decider = l;
    }
  }
  return { excluded, line: decider };
}

interface Stage {
  name: string;
  index: number;
  files: Map<string, PackagerFile>;
  /** Folders known to exist in the stage (WORKDIR, folders of copied files, a base image's usual ones). */
  dirs: Set<string>;
  workdir: string;
  vars: Map<string, string>;
}

/** The files of the context that end up in the final image, each with its reason. Never throws. */
export async function dockerImageSet(fs: FileSystem, unit: DockerUnit, options: DockerOptions = {}): Promise<DockerImageSet> {
  const opts: DockerOptions = { target: options.target ?? unit.defaults?.target, buildArgs: { ...unit.defaults?.buildArgs, ...options.buildArgs } };
  const problems = [...unit.problems];
  const raw = await fs.readText(unit.dockerfile);
  const text = raw !== undefined && raw.length > MAX_DOCKERFILE_BYTES ? undefined : raw;
  if (raw !== undefined && text === undefined) problems.push(`${unit.dockerfile} is larger than ${MAX_DOCKERFILE_BYTES} bytes; not parsed`);
  if (text === undefined) {
    problems.push(`cannot read ${unit.dockerfile}`);
    return { unit, image: artifactOf('image', 'docker build', [], problems), stages: [], finalStage: '' };
  }
  const parsed = parseDockerfile(text);
  problems.push(...parsed.problems);

  // Ignore file: <Dockerfile>.dockerignore next to the Dockerfile (BuildKit), .containerignore (buildah/podman), .dockerignore.
  const base = unit.dockerfile.slice(unit.dockerfile.lastIndexOf('/') + 1);
  let ignoreFile: string | undefined;
  let ignoreText: string | undefined;
  for (const cand of [`${unit.dockerfile}.dockerignore`, ...(/^Containerfile/.test(base) ? [`${unit.context}/.containerignore`] : []), `${unit.context}/.dockerignore`]) {
    ignoreText = await fs.readText(cand);
    if (ignoreText !== undefined) {
      ignoreFile = cand;
      break;
    }
  }
  const ignore = compileDockerignore(ignoreText ?? '');
  const tree = await walkFiles(fs, unit.context, () => false);
  if (tree.truncated) problems.push('the build context has too many files; the image set is incomplete');
  if (tree.links.length) problems.push(`symbolic links in the context are not followed (${tree.links.slice(0, 3).join(', ')}${tree.links.length > 3 ? ' ...' : ''})`);
  const context = new Map<string, { size: number; via?: IgnoreLine }>();
  for (const f of tree.files) {
    const d = dockerignoreDecision(ignore, f.rel);
    if (!d.excluded) context.set(f.rel, { size: f.size, via: d.line });
  }
  const ctxDirs = new Set<string>();
  for (const rel of context.keys()) for (let i = rel.indexOf('/'); i >= 0; i = rel.indexOf('/', i + 1)) ctxDirs.add(rel.slice(0, i));

  const globalArgs = new Map<string, string>(Object.entries(opts.buildArgs ?? {}));
  const stages: Stage[] = [];
  let st: Stage | undefined;
  const findStage = (ref: string): Stage | undefined => (/^\d+$/.test(ref) ? stages[Number(ref)] : stages.find((s) => s.name.toLowerCase() === ref.toLowerCase()));
  for (const ins of parsed.instructions) {
    const where = `${unit.dockerfile.slice(unit.dockerfile.lastIndexOf('/') + 1)} line ${ins.line} "${ins.text.length > 80 ? ins.text.slice(0, 77) + '...' : ins.text}"`;
    if (ins.keyword === 'ARG' && !st) {
      for (const a of ins.args) {
        const [k, v] = splitKv(a);
        if (!globalArgs.has(k)) globalArgs.set(k, v ?? '');
      }
      continue;
    }
    if (ins.keyword === 'FROM') {
      const args = ins.args.map((a) => substitute(a, globalArgs));
      const image = args[0] ?? '';
      const asIdx = args.findIndex((a) => a.toLowerCase() === 'as');
      const name = asIdx >= 0 ? args[asIdx + 1] ?? String(stages.length) : String(stages.length);
      const parent = findStage(image);
      const dirs = new Set<string>(parent?.dirs ?? (image.toLowerCase() === 'scratch' ? ['/'] : BASE_IMAGE_DIRS));
      st = { name, index: stages.length, files: new Map(parent?.files ?? []), dirs, workdir: parent?.workdir ?? '/', vars: new Map(parent?.vars ?? []) };
      stages.push(st);
      continue;
    }
    if (!st) continue;
    const vars = new Map([...st.vars]);
    if (ins.keyword === 'ARG') {
      for (const a of ins.args) {
        const [k, v] = splitKv(a);
        st.vars.set(k, opts.buildArgs?.[k] ?? (v !== undefined ? substitute(v, vars) : globalArgs.get(k) ?? ''));
      }
    } else if (ins.keyword === 'ENV') {
      if (ins.args.length === 2 && !ins.args[0].includes('=')) st.vars.set(ins.args[0], substitute(ins.args[1], vars));
      else for (const a of ins.args) {
        const [k, v] = splitKv(a);
        st.vars.set(k, substitute(v ?? '', vars));
      }
    } else if (ins.keyword === 'WORKDIR') {
      const w = substitute(ins.args.join(' '), vars);
      st.workdir = normAbs(w.startsWith('/') ? w : `${st.workdir}/${w}`);
      addDirs(st, st.workdir);
    } else if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      const args = ins.args.filter((a) => !/^<<-?/.test(a)).map((a) => substitute(a, vars));
      if (args.length < 1 || (args.length < 2 && !ins.heredocs.length)) {
        problems.push(`${where}: needs a source and a destination`);
        continue;
      }
      const destRaw = args[args.length - 1];
      const srcs = ins.heredocs.length ? [] : args.slice(0, -1);
      const dest = destRaw.startsWith('/') ? destRaw : `${st.workdir}/${destRaw}`;
      const destIsDir = destRaw.endsWith('/') || destRaw === '.' || srcs.length > 1 || srcs.some((s) => /[*?[]/.test(s));
      const from = ins.flags.get('from');
      if (ins.flags.has('parents') || ins.flags.has('exclude')) problems.push(`${where}: --parents/--exclude are not modelled; the set may differ`);
      if (from !== undefined) {
        const src = findStage(substitute(from, vars));
        if (!src || src.index >= st.index) {
          problems.push(`${where}: files copied from image "${from}" are not from the build context (not listed)`);
          continue;
        }
        for (const s of srcs) copyFromStage(st, src, s, dest, destIsDir, ins, where, unit.dockerfile);
        continue;
      }
      for (const s of srcs) {
        if (/^(https?:\/\/|git@|ssh:\/\/)/.test(s)) {
          if (ins.keyword === 'ADD') problems.push(`${where}: remote source ${s.replace(/\/\/[^@/]*@/, '//***@')} is not fetched (not listed)`);
          continue;
        }
        const rel = normRel(s);
        if (rel === undefined) {
          problems.push(`${where}: source "${s}" is outside the build context (Docker refuses it)`);
          continue;
        }
        const matches: string[] = [];
        if (/[*?[]/.test(rel)) {
          const re = globToRegExp(rel, { dotAll: true });
          for (const d of ctxDirs) if (re.test(d)) matches.push(d);
          for (const f of context.keys()) if (re.test(f)) matches.push(f);
        } else if (rel === '' || ctxDirs.has(rel) || context.has(rel)) matches.push(rel);
        if (!matches.length) {
          problems.push(`${where}: no file of the context matches "${s}" (the build fails${ignoreFile ? ', or .dockerignore excludes it' : ''})`);
          continue;
        }
        for (const mRel of matches) {
          if (context.has(mRel)) {
            const target = destIsDir || dest.endsWith('/') || st.dirs.has(normAbs(dest)) ? `${dest}/${baseOf(mRel)}` : dest;
            const info = context.get(mRel) as { size: number; via?: IgnoreLine };
            if (ins.keyword === 'ADD' && (await isTarArchive(fs, `${unit.context}/${mRel}`))) {
              await addArchive(fs, st, unit, mRel, dest, ins, where, problems);
              continue;
            }
            put(st, normAbs(target), mRel, unit, info, ins, where, s, ignoreFile);
          } else {
            // A folder: its contents go into dest.
            const prefix = mRel === '' ? '' : `${mRel}/`;
            for (const [rel2, info] of context) if (rel2.startsWith(prefix)) put(st, normAbs(`${dest}/${rel2.slice(prefix.length)}`), rel2, unit, info, ins, where, s, ignoreFile);
          }
        }
      }
    }
  }
  if (!stages.length) problems.push('no FROM instruction: not a Dockerfile docker can build');
  const final = opts.target !== undefined ? findStage(opts.target) : stages[stages.length - 1];
  if (opts.target !== undefined && !final) problems.push(`no stage named "${opts.target}"`);
  return {
    unit,
    image: artifactOf('image', 'docker build', [...(final?.files.values() ?? [])], problems),
    ignoreFile,
    stages: stages.map((s) => s.name),
    finalStage: final?.name ?? '',
  };
}

/** Why a context file is or is not in the final image. */
export async function explainDockerPath(fs: FileSystem, unit: DockerUnit, relPath: string, opts: DockerOptions = {}): Promise<PackagerExplanation> {
  const rel = relPath.startsWith(unit.context + '/') ? relPath.slice(unit.context.length + 1) : relPath.replace(/^\.\//, '');
  const set = await dockerImageSet(fs, unit, opts);
  const hits = set.image.files.filter((f) => f.source === rel);
  let exclusion: string | undefined;
  if (!hits.length) {
    const d = set.ignoreFile ? dockerignoreDecision(compileDockerignore((await fs.readText(set.ignoreFile)) ?? ''), rel) : { excluded: false, line: undefined };
    if (d.excluded && d.line) exclusion = `${set.ignoreFile} line ${d.line.line} "${d.line.pattern}" excludes it from the build context`;
    else if (!(await fs.stat(`${unit.context}/${rel}`))?.isFile) exclusion = 'not a file of the build context';
    else exclusion = `no COPY/ADD of the final stage (${set.finalStage || 'none'}) copies it`;
  }
  return { path: rel, artifacts: [{ artifact: 'image', tool: 'docker build', included: hits.length > 0, paths: hits.map((h) => h.path), reasons: hits.map((h) => h.reason), exclusion }] };
}

function put(st: Stage, target: string, rel: string, unit: DockerUnit, info: { size: number; via?: IgnoreLine }, ins: Instruction, where: string, src: string, ignoreFile: string | undefined): void {
  const reason: PackagerReason = {
    kind: ins.keyword === 'ADD' ? 'add' : 'copy',
    text: `${where}${ignoreFile ? (info.via ? `; re-included by ${ignoreFile.slice(ignoreFile.lastIndexOf('/') + 1)} line ${info.via.line} "${info.via.pattern}"` : `; no line of ${ignoreFile.slice(ignoreFile.lastIndexOf('/') + 1)} excludes it`) : '; no .dockerignore'}`,
    file: unit.dockerfile,
    line: ins.line,
    pattern: src,
    ignoreFile,
    ignoreLine: info.via?.line,
  };
  addDirs(st, target.slice(0, target.lastIndexOf('/')) || '/');
  st.files.set(target, { path: target, source: rel, abs: `${unit.context}/${rel}`, size: info.size, reason });
}

/** Folders every common base image has (Debian, Alpine, distroless): a COPY of one file onto them lands inside. */
const BASE_IMAGE_DIRS = ['/', '/bin', '/etc', '/home', '/lib', '/opt', '/root', '/sbin', '/srv', '/tmp', '/usr', '/usr/bin', '/usr/lib', '/usr/local', '/usr/local/bin', '/usr/local/lib', '/usr/share', '/var', '/var/lib', '/var/log'];

function addDirs(st: Stage, dir: string): void {
  for (let d = dir; d && !st.dirs.has(d); d = d.slice(0, d.lastIndexOf('/')) || '/') st.dirs.add(d);
}

function copyFromStage(st: Stage, src: Stage, s: string, dest: string, destIsDir: boolean, ins: Instruction, where: string, dockerfile: string): void {
  const from = normAbs(s.startsWith('/') ? s : `/${s}`);
  const re = /[*?[]/.test(from) ? globToRegExp(from.slice(1), { dotAll: true }) : undefined;
  for (const [p, f] of src.files) {
    let target: string | undefined;
    if (re) {
      const parts = p.slice(1).split('/');
      for (let i = 1; i <= parts.length; i++) {
        if (re.test(parts.slice(0, i).join('/'))) {
          target = i === parts.length ? `${dest}/${parts[i - 1]}` : `${dest}/${parts.slice(i).join('/')}`;
          break;
        }
      }
    } else if (p === from) target = destIsDir || dest.endsWith('/') || st.dirs.has(normAbs(dest)) ? `${dest}/${baseOf(p)}` : dest;
    else if (from === '/' || p.startsWith(`${from}/`)) target = `${dest}/${p.slice(from === '/' ? 1 : from.length + 1)}`;
    if (target === undefined) continue;
    const t = normAbs(target);
    addDirs(st, t.slice(0, t.lastIndexOf('/')) || '/');
    st.files.set(t, { ...f, path: t, reason: { ...f.reason, kind: 'copy-from', text: `${where.replace(/^[^ ]+ /, `${dockerfile.slice(dockerfile.lastIndexOf('/') + 1)} `)} from stage ${src.name} (${f.reason.text})`, line: ins.line, pattern: s } });
  }
}

/** ADD of a local tar (plain, gzip) archive: extracted into dest. */
async function addArchive(fs: FileSystem, st: Stage, unit: DockerUnit, rel: string, dest: string, ins: Instruction, where: string, problems: string[]): Promise<void> {
  const buf = await fs.readFile(`${unit.context}/${rel}`);
  if (!buf) return;
  let tar: Buffer;
  try {
    // Bounded (a gzip bomb in a hostile context must not take the editor's memory): 64 MiB unpacked.
    tar = buf[0] === 0x1f && buf[1] === 0x8b ? zlib.gunzipSync(buf, { maxOutputLength: MAX_ARCHIVE_BYTES }) : buf;
  } catch (e) {
    problems.push(`${where}: cannot read the archive ${rel} (${(e as Error).message})`);
    return;
  }
  const entries: Array<{ name: string; size: number }> = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const ex = extract();
      ex.on('entry', (h, stream, next) => {
        if (h.type === 'file' || h.type === 'contiguous-file') entries.push({ name: h.name, size: h.size ?? 0 });
        stream.on('end', next);
        stream.on('error', reject);
        stream.resume();
      });
      ex.on('finish', resolve);
      ex.on('error', reject);
      ex.end(tar);
    });
  } catch (e) {
    problems.push(`${where}: cannot read the archive ${rel} (${(e as Error).message})`);
  }
  for (const e of entries) {
    const inner = e.name.replace(/^(\.\/)+/, '');
    if (!inner || inner.split('/').includes('..')) continue;
    const t = normAbs(`${dest}/${inner}`);
    addDirs(st, t.slice(0, t.lastIndexOf('/')) || '/');
    st.files.set(t, {
      path: t,
      source: rel,
      abs: `${unit.context}/${rel}!/${inner}`,
      size: e.size,
      reason: { kind: 'add-archive', text: `${where}: ADD extracts the local archive ${rel}`, file: unit.dockerfile, line: ins.line, pattern: rel },
    });
  }
}

async function isTarArchive(fs: FileSystem, abs: string): Promise<boolean> {
  const b = await fs.readFile(abs);
  if (!b || b.length < 4) return false;
  if (b[0] === 0x1f && b[1] === 0x8b) {
    try {
      // Only the first tar header is needed: inflate the first 512 compressed bytes (at most ~0.5 MB out), never the whole archive.
      const head = zlib.gunzipSync(b.subarray(0, 512), { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: 1024 * 1024 });
      return head.length > 262 && head.toString('latin1', 257, 262) === 'ustar';
    } catch {
      return false;
    }
  }
  return b.length > 262 && b.toString('latin1', 257, 262) === 'ustar';
}

function splitKv(a: string): [string, string | undefined] {
  const i = a.indexOf('=');
  return i < 0 ? [a, undefined] : [a.slice(0, i), a.slice(i + 1)];
}
function baseOf(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
/** A context-relative source path, or undefined when it leaves the context. */
function normRel(s: string): string | undefined {
  const out: string[] = [];
  for (const part of s.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!out.length) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}
function normAbs(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}
