/**
 * Container images as a packager (#21): units from Dockerfiles / Containerfiles (their folder is the
 * build context) and compose `build:` entries (context, dockerfile, target, args); the publish set is
 * the context files that reach the final image (index.ts), each with the COPY/ADD line that puts it
 * there. The exclude fix appends to the ignore file docker reads (`<Dockerfile>.dockerignore`,
 * `.containerignore` for Containerfiles, `.dockerignore`; created in the context when none exists)
 * and is verified by recomputing the image: the leak gone, nothing else dropped, and every file the
 * final stage's CMD / ENTRYPOINT names still shipping.
 */
import * as path from 'node:path';
import type { Packager } from '../packager';
import type { PackagingUnit } from '../../unit';
import type { ExcludeCandidate, ExcludeRequest } from '../../publish/exclude-kit';
import { requestCovers } from '../../publish/exclude-kit';
import { appendLines, fileFix } from '../../fix-helpers';
import type { PublishSet } from '../../publish/types';
import type { FileSystem } from '../../safe/fs';
import { COMPOSE_RE, DOCKERFILE_RE, composeUnits, dockerImageSet, dockerUnit, explainDockerPath, type DockerUnit } from './index';
import { parseDockerfile } from './parse';
import { explainInSet, missingLines, setFromArtifacts } from '../set';
import { takeRefusedPatterns } from '../walk';

/** The container model of a unit, when it is a container unit. */
export function dockerUnitOf(unit: PackagingUnit): DockerUnit | undefined {
  return unit.packager === 'docker' ? (unit.detail as DockerUnit) : undefined;
}

const NOT_A_CONTEXT = /(^|\/)(\.git|\.venv|venv|__pycache__|node_modules)(\/|$)/;

/** A workspace unit for one image build. */
export async function dockerWorkspaceUnit(fs: FileSystem, du: DockerUnit): Promise<PackagingUnit> {
  return {
    root: du.context,
    kind: 'container',
    packager: 'docker',
    id: du.compose ? `${du.compose.file}#${du.compose.service}` : du.dockerfile,
    detail: du,
    // Findings about the image sit on the Dockerfile (the COPY lines), also for compose services.
    manifestPath: du.dockerfile,
    manifestText: (await fs.readText(du.dockerfile)) ?? '',
    manifest: undefined,
    manifestTree: undefined,
    parseErrors: [],
    name: du.name,
    workspaceRoot: undefined,
    workspaces: [],
    publishDirectory: undefined,
  };
}

/** The ignore files docker build would look for, in order (the first that exists applies). */
export function ignoreFileCandidates(du: DockerUnit): string[] {
  const base = path.posix.basename(du.dockerfile);
  return [`${du.dockerfile}.dockerignore`, ...(/^Containerfile/.test(base) ? [`${du.context}/.containerignore`] : []), `${du.context}/.dockerignore`];
}

/** `.dockerignore` patterns (Go filepath.Match): `*`, `?`, `[` and `\` are special; escape with a backslash. */
function dockerEscape(p: string): string {
  return p.replace(/([*?[\]\\])/g, '\\$1');
}

/** Paths in the image that CMD / ENTRYPOINT name (exec or shell form), for entry points. */
function commandWords(dockerfileText: string): string[] {
  const words: string[] = [];
  for (const ins of parseDockerfile(dockerfileText).instructions) {
    if (ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT') continue;
    for (const a of ins.args) for (const w of a.split(/\s+/)) if (/[./]/.test(w) && !w.startsWith('-') && !/^[a-z]+:\/\//i.test(w)) words.push(w.replace(/^\.\//, ''));
  }
  return words;
}

async function candidates(unit: PackagingUnit, set: PublishSet, req: ExcludeRequest, readText: (abs: string) => Promise<string | undefined>): Promise<ExcludeCandidate[]> {
  const du = dockerUnitOf(unit);
  if (!du) return [];
  let file = `${du.context}/.dockerignore`;
  let text: string | undefined;
  for (const c of ignoreFileCandidates(du)) {
    const t = await readText(c);
    if (t !== undefined) {
      file = c;
      text = t;
      break;
    }
  }
  const out: ExcludeCandidate[] = [];
  const variants: ExcludeRequest[] = req.globs?.length || req.folders?.length ? [req, { paths: req.paths, what: req.what }] : [req];
  for (const r of variants) {
    const exact = r.paths.filter((p) => !requestCovers({ ...r, paths: [] }, p));
    const keepShipping = [...new Set(set.files.filter((f) => requestCovers(r, f.path) && (r.keep ?? []).includes(path.posix.basename(f.path))).map((f) => path.posix.basename(f.path)))];
    // Last matching line wins in .dockerignore: lines appended at the end decide.
    // A new ignore file is itself a context file that `COPY . .` would put in the image: it names itself.
    const lines = [...(text === undefined ? [path.posix.basename(file)] : []), ...(r.globs ?? []).map((g) => `**/${g}`), ...(r.folders ?? []).map(dockerEscape), ...exact.map(dockerEscape), ...keepShipping.map((k) => `!**/${dockerEscape(k)}`)];
    const { edits, create } = appendLines(text, missingLines(text, lines));
    if (edits.length) out.push({ fix: fileFix(`Exclude ${r.what} in ${path.posix.basename(file)}${create ? ' (created)' : ''}`, file, edits, create), mayDrop: (p) => requestCovers(r, p) && !(r.keep ?? []).includes(path.posix.basename(p)) });
  }
  return out;
}

export const dockerPackager: Packager = {
  id: 'docker',
  label: 'container image',
  manifestNames: ['Dockerfile', 'Containerfile', '*.Dockerfile', '*.dockerfile', '*.Containerfile', 'Dockerfile.*', 'Containerfile.*', 'compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml', 'compose.*.yaml', 'compose.*.yml', 'docker-compose.*.yaml', 'docker-compose.*.yml'],
  claims: (name) => (DOCKERFILE_RE.test(name) && !/\.(dockerignore|containerignore)$/.test(name)) || COMPOSE_RE.test(name),
  async detect(fs, ctx) {
    const inside = (p: string) => !NOT_A_CONTEXT.test(p === ctx.folder ? '' : p.slice(ctx.folder.length + 1));
    const found: DockerUnit[] = [];
    // Compose services first: they carry the target and build args of the build.
    for (const m of ctx.manifests) if (COMPOSE_RE.test(path.posix.basename(m)) && inside(m)) found.push(...(await composeUnits(fs, m, ctx.folder)));
    for (const m of ctx.manifests) if (!COMPOSE_RE.test(path.posix.basename(m)) && inside(m)) found.push(dockerUnit(m));
    const seen = new Set<string>();
    const out: PackagingUnit[] = [];
    for (const du of found) {
      // A Dockerfile a compose service already builds (same context) is one image, not two.
      const key = `${du.dockerfile}\0${du.context}${du.compose && du.defaults?.target ? `\0${du.defaults.target}` : ''}`;
      const plain = `${du.dockerfile}\0${du.context}`;
      if (seen.has(key) || (!du.compose && seen.has(plain))) continue;
      seen.add(key);
      seen.add(plain);
      if (!(await fs.stat(du.dockerfile))?.isFile) continue;
      out.push(await dockerWorkspaceUnit(fs, du));
    }
    return out;
  },
  toolOf: () => 'docker',
  async publishSet(fs, unit) {
    const du = dockerUnitOf(unit);
    if (!du) return setFromArtifacts(unit, 'docker', [], ['not a container unit']);
    takeRefusedPatterns();
    const s = await dockerImageSet(fs, du);
    return setFromArtifacts(unit, 'docker', [s.image], [...s.image.problems, ...takeRefusedPatterns()]);
  },
  async explain(fs, unit, relPath) {
    const set = await dockerPackager.publishSet(fs, unit);
    const rel = relPath.startsWith(unit.root + '/') ? relPath.slice(unit.root.length + 1) : relPath.replace(/^\.\//, '');
    const st = await fs.stat(`${unit.root}/${rel}`);
    if (st?.isDirectory) return { path: rel, included: false, exclusion: { kind: 'is-directory' }, tool: 'docker', problems: set.problems };
    const du = dockerUnitOf(unit);
    let why = 'no COPY/ADD of the final stage copies it';
    if (du && st) {
      const ex = await explainDockerPath(fs, du, rel);
      why = ex.artifacts[0]?.exclusion ?? why;
    }
    return explainInSet(set, rel, !!st, () => why);
  },
  entryPoints(unit, set) {
    const words = commandWords(unit.manifestText);
    if (!set || words.length === 0) return [];
    const out = new Set<string>();
    for (const a of set.artifacts ?? []) {
      for (const f of a.files) {
        if (words.some((w) => (w.startsWith('/') ? f.path === w : f.path.endsWith(`/${w}`)))) out.add(f.source);
      }
    }
    return [...out];
  },
  excludeCandidates: candidates,
  // Dependencies copied into an image are third-party code (30k files for a small app): path rules see
  // them (node_modules/.cache, maps), the content rules read the project's own files.
  scansContent: (_unit, relPath) => !/(^|\/)node_modules\//.test(relPath),
  async reread(_fs, unit, texts) {
    const text = texts.get(unit.manifestPath);
    return text === undefined ? unit : { ...unit, manifestText: text };
  },
  decidesPublishSet(unit, file) {
    const du = dockerUnitOf(unit);
    return !!du && (file === du.dockerfile || file === du.compose?.file || ignoreFileCandidates(du).includes(file));
  },
  ignoreFileInfo(unit, file) {
    const du = dockerUnitOf(unit);
    if (!du) return undefined;
    const base = path.posix.basename(file);
    if (file === du.dockerfile) return { title: `${base}: what the final image copies from the build context`, detail: `The **COPY** / **ADD** lines of the final stage (and \`COPY --from\` of earlier stages) decide which context files end up in the image; \`COPY . .\` copies everything the ignore file lets through.` };
    if (ignoreFileCandidates(du).includes(file)) return { title: `${base}: what docker build leaves out of the build context`, detail: `**${base}** (Go filepath.Match patterns, \`**\` for any folders, \`!\` re-includes, the last matching line wins) keeps files out of the build context, so no COPY can put them in the image. Docker reads \`<Dockerfile>.dockerignore\` first, then \`.dockerignore\` (buildah/podman: \`.containerignore\`).` };
    return undefined;
  },
};
