/**
 * The real Python build backends as the oracle (#21): `python3 -m build --no-isolation` on a temp
 * copy of a project, and the file lists of the sdist and wheel it wrote. Shared by the parity tests
 * (test/engine/packagers-python.test.ts, test/engine/packagers.test.ts) and the real-repository check
 * (scripts/verify-real-python.ts). Nothing of the project runs in Leakguard; the backend runs here,
 * on the copy, without an index.
 */
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const PY = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** True when python3 can import every module named (e.g. `build`, `setuptools`, `hatchling`). */
export function pythonHas(...modules: string[]): boolean {
  return cp.spawnSync(PY, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' }).status === 0;
}

const LIST_PY = `
import sys, tarfile, zipfile, json, os
out = {'sdist': [], 'wheel': []}
for f in os.listdir(sys.argv[1]):
    p = os.path.join(sys.argv[1], f)
    if f.endswith('.tar.gz'):
        with tarfile.open(p) as t:
            out['sdist'] = [m.name.split('/', 1)[1] for m in t.getmembers() if m.isfile() and '/' in m.name]
    elif f.endswith('.whl'):
        with zipfile.ZipFile(p) as z:
            out['wheel'] = [n for n in z.namelist() if not n.endswith('/')]
print(json.dumps(out))
`;

export type PythonBuild = { ok: true; sdist: string[]; wheel: string[] } | { ok: false; output: string };

/**
 * Builds a copy of `src` (in `work`/copy, output in `work`/out) and lists the artifacts: sdist paths
 * without their `name-version/` folder, sorted. `prepare` may edit the copy first. No index, a
 * throwaway HOME, and no version override (setuptools-scm must read the project's git).
 */
export function buildPython(src: string, work: string, opts: { timeout?: number; prepare?: (copy: string) => void } = {}): PythonBuild {
  const copy = path.join(work, 'copy');
  fs.cpSync(src, copy, { recursive: true });
  opts.prepare?.(copy);
  const outdir = path.join(work, 'out');
  const env: NodeJS.ProcessEnv = { ...process.env, PIP_NO_INDEX: '1', HOME: work };
  delete env.SETUPTOOLS_SCM_PRETEND_VERSION;
  const r = cp.spawnSync(PY, ['-m', 'build', '--no-isolation', '--skip-dependency-check', '--sdist', '--wheel', '--outdir', outdir, copy], { encoding: 'utf8', env, timeout: opts.timeout ?? 300_000 });
  if (r.status !== 0) return { ok: false, output: `${r.stdout ?? ''}\n${r.stderr ?? ''}` };
  const got = JSON.parse(cp.spawnSync(PY, ['-c', LIST_PY, outdir], { encoding: 'utf8' }).stdout) as { sdist: string[]; wheel: string[] };
  return { ok: true, sdist: got.sdist.sort(), wheel: got.wheel.sort() };
}

/** `buildPython` for tests: throws with the backend's output when the build fails. */
export function buildPythonOrThrow(src: string, work: string): { sdist: string[]; wheel: string[] } {
  const b = buildPython(src, work);
  if (!b.ok) throw new Error(`python3 -m build failed:\n${b.output.slice(-4000)}`);
  return { sdist: b.sdist, wheel: b.wheel };
}
