/**
 * Python as a packager (#21): units from pyproject.toml / setup.py (setup.cfg and MANIFEST.in read
 * with them), publish sets = the sdist and the wheel of the unit's build backend (index.ts), and the
 * exclude fix in the backend's own words, verified by recomputing both sets:
 * setuptools → MANIFEST.in (`exclude`, `global-exclude`, `prune`; created when missing),
 * hatchling → `[tool.hatch.build] exclude` (or the target table that has its own `exclude`),
 * poetry-core → `[tool.poetry] exclude`, flit → `[tool.flit.sdist] exclude` (flit cannot leave a
 * file of its module out of the wheel: no fix then).
 */
import * as path from 'node:path';
import type { Packager } from '../packager';
import type { PackagingUnit } from '../../unit';
import type { ExcludeCandidate, ExcludeRequest } from '../../publish/exclude-kit';
import { requestCovers } from '../../publish/exclude-kit';
import { appendLines, fileFix } from '../../fix-helpers';
import type { PublishSet } from '../../publish/types';
import { pythonPublishSet, pythonUnitAt, type PythonUnit } from './index';
import { explainInSet, missingLines, setFromArtifacts } from '../set';
import { takeRefusedPatterns } from '../walk';
import { tomlArrayAppend } from './toml-edit';

/** The Python model of a unit, when it is a Python unit. */
export function pythonUnitOf(unit: PackagingUnit): PythonUnit | undefined {
  return unit.packager === 'python' ? (unit.detail as PythonUnit) : undefined;
}

/** Folders whose pyproject.toml / setup.py are not projects of the workspace (environments, build output, caches). */
const NOT_A_PROJECT = /(^|\/)(\.[^/]*|venv|env|site-packages|dist-packages|__pycache__|build|dist|node_modules)(\/|$)/;

/** A workspace unit for a Python project. */
export async function pythonWorkspaceUnit(fs: Parameters<typeof pythonUnitAt>[0], pu: PythonUnit): Promise<PackagingUnit> {
  return {
    root: pu.root,
    kind: 'python',
    packager: 'python',
    id: pu.manifestPath,
    detail: pu,
    manifestPath: pu.manifestPath,
    manifestText: (await fs.readText(pu.manifestPath)) ?? '',
    manifest: undefined,
    manifestTree: undefined,
    parseErrors: [],
    name: pu.name,
    workspaceRoot: undefined,
    workspaces: [],
    publishDirectory: undefined,
  };
}

const FILES_THAT_DECIDE = new Set(['pyproject.toml', 'setup.py', 'setup.cfg', 'MANIFEST.in', '.gitignore']);

/** MANIFEST.in / fnmatch: `*`, `?` and `[` are special; a literal one is written as a one-character class. */
function fnEscape(p: string): string {
  return p.replace(/[*?[]/g, (c) => `[${c}]`);
}
/** gitignore-style (hatchling): escape with a backslash. */
function gitEscape(p: string): string {
  return p.replace(/([*?[\]!#\\])/g, '\\$1');
}

function variants(req: ExcludeRequest): ExcludeRequest[] {
  return req.globs?.length || req.folders?.length ? [req, { paths: req.paths, what: req.what }] : [req];
}

function exactPaths(r: ExcludeRequest): string[] {
  return r.paths.filter((p) => !requestCovers({ ...r, paths: [] }, p));
}

async function candidates(unit: PackagingUnit, set: PublishSet, req: ExcludeRequest, readText: (abs: string) => Promise<string | undefined>): Promise<ExcludeCandidate[]> {
  const pu = pythonUnitOf(unit);
  if (!pu) return [];
  const out: ExcludeCandidate[] = [];
  const py = `${unit.root}/pyproject.toml`;
  const pyText = await readText(py);
  for (const r of variants(req)) {
    const mayDrop = (p: string) => requestCovers(r, p);
    const exact = exactPaths(r);
    if (pu.backend === 'setuptools') {
      // Whitespace separates MANIFEST.in words: such a path cannot be written there.
      if ([...exact, ...(r.folders ?? []), ...(r.globs ?? [])].some((p) => /\s/.test(p))) continue;
      const lines = [...(r.globs ?? []).map((g) => `global-exclude ${g}`), ...(r.folders ?? []).map((f) => `prune ${fnEscape(f)}`), ...exact.map((p) => `exclude ${fnEscape(p)}`)];
      const file = `${unit.root}/MANIFEST.in`;
      const text = await readText(file);
      const { edits, create } = appendLines(text, missingLines(text, lines));
      if (edits.length) out.push({ fix: fileFix(`Exclude ${r.what} in MANIFEST.in${create ? ' (created)' : ''}`, file, edits, create), mayDrop });
      continue;
    }
    if (pyText === undefined) continue;
    const tool = (pu.pyproject?.tool ?? {}) as Record<string, Record<string, unknown> | undefined>;
    if (pu.backend === 'hatchling') {
      const lines = [...(r.globs ?? []), ...(r.folders ?? []).map((f) => `/${gitEscape(f)}/`), ...exact.map((p) => `/${gitEscape(p)}`)];
      const build = ((tool.hatch as Record<string, unknown> | undefined)?.build ?? {}) as Record<string, unknown>;
      const targets = (build.targets ?? {}) as Record<string, Record<string, unknown> | undefined>;
      // A target's own `exclude` replaces the global one for that target: edit those too.
      const tables = ['tool.hatch.build', ...['sdist', 'wheel'].filter((t) => targets[t]?.exclude !== undefined).map((t) => `tool.hatch.build.targets.${t}`)];
      let next = pyText;
      for (const t of tables) {
        const edits = tomlArrayAppend(next, t, 'exclude', lines);
        if (!edits) continue;
        for (const e of [...edits].sort((a, b) => b.start - a.start)) next = next.slice(0, e.start) + e.newText + next.slice(e.end);
      }
      if (next !== pyText) out.push({ fix: fileFix(`Exclude ${r.what} in pyproject.toml (${tables.map((t) => `[${t}]`).join(', ')} exclude)`, py, [{ start: 0, end: pyText.length, newText: next }]), mayDrop });
      continue;
    }
    const [table, label] = pu.backend === 'poetry-core' ? ['tool.poetry', '[tool.poetry] exclude'] : ['tool.flit.sdist', '[tool.flit.sdist] exclude'];
    const lines = [...(r.globs ?? []).map((g) => `**/${g}`), ...(r.folders ?? []), ...exact];
    const edits = tomlArrayAppend(pyText, table, 'exclude', lines);
    if (edits) out.push({ fix: fileFix(`Exclude ${r.what} in pyproject.toml (${label})`, py, edits), mayDrop });
  }
  return out;
}

export const pythonPackager: Packager = {
  id: 'python',
  label: 'Python package',
  manifestNames: ['pyproject.toml', 'setup.py', 'setup.cfg'],
  // setup.cfg alone is not a project (setuptools needs pyproject.toml or setup.py): it is read with them.
  claims: (name) => name === 'pyproject.toml' || name === 'setup.py',
  async detect(fs, ctx) {
    const dirs = [...new Set(ctx.manifests.map((m) => m.slice(0, m.lastIndexOf('/'))))].filter((d) => !NOT_A_PROJECT.test(d === ctx.folder ? '' : d.slice(ctx.folder.length + 1)));
    const out: PackagingUnit[] = [];
    for (const dir of dirs.sort()) {
      const pu = await pythonUnitAt(fs, dir);
      if (pu) out.push(await pythonWorkspaceUnit(fs, pu));
    }
    return out;
  },
  toolOf: (unit) => pythonUnitOf(unit)?.backend ?? 'setuptools',
  async publishSet(fs, unit) {
    const pu = pythonUnitOf(unit);
    if (!pu) return setFromArtifacts(unit, 'setuptools', [], ['not a Python unit']);
    takeRefusedPatterns();
    const s = await pythonPublishSet(fs, pu);
    return setFromArtifacts(unit, pu.backend, [s.sdist, s.wheel], [...s.sdist.problems, ...s.wheel.problems, ...takeRefusedPatterns()]);
  },
  async explain(fs, unit, relPath) {
    const set = await pythonPackager.publishSet(fs, unit);
    const rel = relPath.startsWith(unit.root + '/') ? relPath.slice(unit.root.length + 1) : relPath.replace(/^\.\//, '');
    const st = await fs.stat(`${unit.root}/${rel}`);
    if (st?.isDirectory) return { path: rel, included: false, exclusion: { kind: 'is-directory' }, tool: set.tool, problems: set.problems };
    return explainInSet(set, rel, !!st, (a) => `not selected by ${a.tool}'s ${a.artifact} rules`);
  },
  entryPoints(unit, set) {
    // Every module of the wheel (the importable package) and the files that describe the project.
    const out = new Set(['pyproject.toml', 'setup.py', 'setup.cfg'].filter((p) => !set || set.byPath.has(p)));
    for (const a of set?.artifacts ?? []) if (a.artifact === 'wheel') for (const f of a.files) if (f.source.endsWith('.py')) out.add(f.source);
    return [...out];
  },
  excludeCandidates: candidates,
  async reread(fs, unit) {
    const pu = await pythonUnitAt(fs, unit.root);
    if (!pu) return { ...unit, kind: 'private' };
    return { ...(await pythonWorkspaceUnit(fs, pu)), id: unit.id };
  },
  decidesPublishSet: (unit, file) => path.posix.dirname(file) === unit.root && FILES_THAT_DECIDE.has(path.posix.basename(file)),
  ignoreFileInfo(unit, file) {
    const pu = pythonUnitOf(unit);
    if (!pu || path.posix.dirname(file) !== unit.root) return undefined;
    const base = path.posix.basename(file);
    const backend = pu.backend === 'setuptools' && pu.scm ? 'setuptools with setuptools-scm' : pu.backend;
    if (base === 'MANIFEST.in' && pu.backend === 'setuptools') return { title: `MANIFEST.in: what the setuptools sdist adds and leaves out`, detail: `**MANIFEST.in** edits the sdist file list of ${backend}: \`include\`, \`graft\`, \`recursive-include\` add; \`exclude\`, \`global-exclude\`, \`prune\` remove (later lines win). With \`include_package_data\` the wheel takes package files from it too.` };
    if (base === 'pyproject.toml') {
      const where = pu.backend === 'hatchling' ? '`[tool.hatch.build]` include / exclude / only-include / packages (per target under `targets.sdist` / `targets.wheel`)' : pu.backend === 'poetry-core' ? '`[tool.poetry]` packages / include / exclude' : pu.backend === 'flit' ? 'the module, and `[tool.flit.sdist]` include / exclude' : '`[tool.setuptools]` packages / package-data / exclude-package-data';
      return { title: `pyproject.toml: ${backend} builds the sdist and the wheel`, detail: `The ${backend} build selects files by ${where}.` };
    }
    if (base === '.gitignore' && (pu.backend === 'hatchling' || pu.backend === 'poetry-core')) return { title: `.gitignore: ${pu.backend} leaves out what it ignores`, detail: `${pu.backend} does not ship files the root **.gitignore** ignores (unless included explicitly).` };
    if (base === 'setup.cfg' || base === 'setup.py') return { title: `${base}: setuptools reads packages and package data here`, detail: `setuptools reads \`packages\`, \`package_dir\` and \`package_data\` from **${base}** (Leakguard reads setup.py without running it).` };
    return undefined;
  },
};
