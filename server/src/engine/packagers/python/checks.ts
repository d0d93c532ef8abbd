/**
 * Python-specific checks (#21), pure functions over a {@link PythonUnit} and the texts of its
 * configuration files, used by the python-* rules: whether the sdist has an explicit include list,
 * notebooks that carry outputs, data files under tests/, and where a package-data / include glob is
 * written (pyproject.toml, setup.cfg, MANIFEST.in) so a finding can sit on the glob itself.
 */
import type { PythonUnit } from './index';

export interface Span {
  start: number;
  end: number;
}

export interface IncludeListVerdict {
  /** True when the sdist takes a broad default: every git-tracked file (setuptools-scm) or every file not git-ignored (hatchling). */
  broad: boolean;
  /** What the backend does by default, in words. */
  why: string;
  /** Where to report in pyproject.toml: the build-backend / setuptools-scm requirement. */
  anchor: Span;
}

/**
 * Does the sdist have an explicit include list? setuptools-scm ships every tracked file (MANIFEST.in
 * can only take away); hatchling's sdist ships everything not git-ignored unless
 * `[tool.hatch.build(.targets.sdist)] include` / `only-include` (or `packages`) narrow it.
 * setuptools without scm, poetry-core and flit select by package (plus explicit includes): not broad.
 */
export function sdistIncludeList(unit: PythonUnit, pyprojectText: string | undefined): IncludeListVerdict {
  const text = pyprojectText ?? '';
  const find = (re: RegExp): Span => {
    const m = re.exec(text);
    return m ? { start: m.index, end: m.index + m[0].length } : { start: 0, end: 0 };
  };
  if (unit.backend === 'setuptools' && unit.scm) {
    return { broad: true, why: 'setuptools-scm puts every file tracked by git in the sdist', anchor: find(/setuptools[-_]scm[^"'\n]*|use_scm_version/) };
  }
  if (unit.backend === 'hatchling') {
    const build = obj(obj(obj(unit.pyproject?.tool)?.hatch)?.build) ?? {};
    const sdist = obj(obj(build.targets)?.sdist) ?? {};
    const narrowed = ['include', 'only-include', 'packages'].some((k) => sdist[k] !== undefined || build[k] !== undefined);
    if (!narrowed) return { broad: true, why: 'hatchling puts every file not ignored by .gitignore in the sdist', anchor: find(/build-backend\s*=\s*["']hatchling[^"'\n]*["']/) };
  }
  return { broad: false, why: '', anchor: { start: 0, end: 0 } };
}

/** True for a Jupyter notebook whose cells carry outputs (results, tracebacks, printed data). */
export function notebookHasOutputs(text: string): boolean {
  let nb: unknown;
  try {
    nb = JSON.parse(text);
  } catch {
    return false;
  }
  const cells = (nb as { cells?: unknown })?.cells;
  if (!Array.isArray(cells)) return false;
  return cells.some((c) => Array.isArray((c as { outputs?: unknown })?.outputs) && ((c as { outputs: unknown[] }).outputs.length > 0));
}

const DATA_EXT = /\.(csv|tsv|jsonl|ndjson|parquet|feather|arrow|pkl|pickle|npy|npz|h5|hdf5|sqlite3?|db|har|xlsx?|dump|bak|log)$/i;

/**
 * A data file under a tests/ folder (recorded responses, dumps, data sets), not test code, text
 * fixtures or package archives used as fixtures (python-poetry/poetry ships wheels of public
 * packages under tests/: bloat, not a leak, so size alone does not count).
 */
export function isTestData(rel: string): boolean {
  if (!/(^|\/)(tests?|testing)\//.test(rel)) return false;
  return DATA_EXT.test(rel);
}

/**
 * Where a glob is written in a configuration file: the quoted string in pyproject.toml, the word in
 * a setup.cfg value, the pattern on a MANIFEST.in line (1-based `line` when known). Falls back to the
 * line, then to the start of the file.
 */
export function globSpan(text: string, pattern: string, line?: number): Span {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const from = line !== undefined ? (starts[line - 1] ?? 0) : 0;
  const to = line !== undefined ? (starts[line] ?? text.length) : text.length;
  const region = text.slice(from, to);
  // MANIFEST.in reasons carry `dir pattern` for recursive-include: the last word is the glob.
  for (const cand of /\s/.test(pattern) ? [pattern.split(/\s+/).pop() ?? pattern] : [pattern]) {
    const quoted = new RegExp(`(["'])${cand.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1`).exec(region);
    if (quoted) return { start: from + quoted.index + 1, end: from + quoted.index + 1 + cand.length };
    const bare = new RegExp(`(^|[\\s,=])(${cand.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(?=$|[\\s,#])`, 'm').exec(region);
    if (bare) return { start: from + bare.index + bare[1].length, end: from + bare.index + bare[1].length + cand.length };
  }
  if (line !== undefined) return { start: from, end: Math.max(from, to - 1) };
  return { start: 0, end: 0 };
}

/** True when a pattern selects more than one named file: a wildcard, a recursive glob or a whole folder (graft). */
export function isSweepingPattern(pattern: string, kind: string): boolean {
  return /[*?[]/.test(pattern) || kind === 'graft' || /^graft\b/.test(pattern);
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
