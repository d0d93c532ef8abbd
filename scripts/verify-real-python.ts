/**
 * Real-world check of the Python packager (#21): for each project folder given (a git checkout),
 * compares Leakguard's sdist and wheel sets with what `python3 -m build --no-isolation` builds from
 * a temp copy, and prints the differences. Builds that need a backend or plugin missing here are
 * reported as such. Nothing of the project is run by Leakguard; the real backend runs on the copy.
 *   usage: npx tsx scripts/verify-real-python.ts <project-folder>...
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiskFileSystem } from '../server/src/engine/safe/fs';
import { pythonUnitAt, pythonPublishSet } from '../server/src/engine/packagers/python/index';
import { buildPython } from '../test/helpers/python-build';

async function main(): Promise<void> {
  for (const dir of process.argv.slice(2)) {
    const root = path.resolve(dir).split(path.sep).join('/');
    const unit = await pythonUnitAt(new DiskFileSystem(), root);
    if (!unit) {
      console.log(`${dir}: no Python project`);
      continue;
    }
    const set = await pythonPublishSet(new DiskFileSystem(), unit);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-realpy-'));
    try {
      // Debian's setuptools-scm 7 registers its git file finder for every setuptools build in the
      // environment; an isolated build (pip, build's default) has it only when the project asks for
      // it. --no-isolation here, so drop .git from the copy of a project that does not use it.
      const dropGit = unit.backend === 'setuptools' && !unit.scm;
      const real = buildPython(root, work, { timeout: 600_000, prepare: (copy) => dropGit && fs.rmSync(path.join(copy, '.git'), { recursive: true, force: true }) });
      const head = `${path.basename(root)} (${unit.backend}${unit.scm ? '+scm' : ''}): ours sdist ${set.sdist.files.length}, wheel ${set.wheel.files.length}`;
      if (!real.ok) {
        console.log(`${head}; the real build failed here: ${real.output.trim().split('\n').slice(-2).join(' | ')}`);
        continue;
      }
      const src = (p: string): boolean => fs.existsSync(path.join(root, p));
      // Generated, not the project's: PKG-INFO, egg-info, poetry's setup.py (even when the project has one).
      const rs = real.sdist.filter((f) => f !== 'PKG-INFO' && !/(^|\/)[^/]*\.egg-info\//.test(f) && src(f) && !(unit.backend === 'poetry-core' && f === 'setup.py'));
      const rw = real.wheel.filter((f) => !/^[^/]*\.dist-info\//.test(f));
      const diff = (ours: string[], theirs: string[]): string => {
        const a = new Set(ours);
        const b = new Set(theirs);
        const extra = ours.filter((x) => !b.has(x));
        const missing = theirs.filter((x) => !a.has(x));
        return extra.length + missing.length === 0 ? `equal (${theirs.length})` : `${theirs.length} real; we list ${extra.length} extra [${extra.slice(0, 5).join(', ')}], miss ${missing.length} [${missing.slice(0, 5).join(', ')}]`;
      };
      console.log(`${head}\n  sdist: ${diff(set.sdist.files.map((f) => f.path), rs)}\n  wheel: ${diff(set.wheel.files.map((f) => f.path), rw)}${set.sdist.problems.length ? `\n  problems: ${set.sdist.problems.join('; ')}` : ''}`);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
}
void main();
