/**
 * Python packager (#21): Leakguard's sdist and wheel file sets must equal what the real backends
 * put in the archives. Each fixture is written here, the engine computes its sets (read-only), then
 * a temp copy is built with Debian 12's `python3 -m build --no-isolation --sdist --wheel` and the
 * archives are listed (tarfile / zipfile). Generated metadata is left out of the comparison:
 * PKG-INFO, *.egg-info/, *.dist-info/, and files the backend writes that the project does not have
 * (setuptools' setup.cfg, poetry's setup.py). Skips only when `python3 -m build` is missing
 * (scripts/install-python-backends.sh installs it; .ci/run calls it).
 */
import * as assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiskFileSystem } from '../../server/src/engine/safe/fs';
import { detectPythonUnits, explainPythonPath, pythonPublishSet } from '../../server/src/engine/packagers/python/index';
import { parseGitIndex } from '../../server/src/engine/packagers/git-index';
import { buildPythonOrThrow, pythonHas } from '../helpers/python-build';

const HAS_BUILD = pythonHas('build', 'setuptools');

interface Fixture {
  name: string;
  files: Record<string, string>;
  /** git init + add + commit (files listed in `untracked` are written after the commit). */
  git?: boolean;
  untracked?: Record<string, string>;
  /** Symbolic links: path → target (relative). */
  links?: Record<string, string>;
  backend: string;
  /** Files that must (not) be in each set: traps that the parity alone might not show. */
  sdistHas?: string[];
  sdistNot?: string[];
  wheelHas?: string[];
  wheelNot?: string[];
}

const PYPROJECT_ST = (extra = '', deps = '"setuptools>=61"') => `[build-system]\nrequires = [${deps}]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "mypkg"\nversion = "1.0.0"\ndescription = "x"\n${extra}`;
const HATCH = (extra = '') => `[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "mypkg"\nversion = "1.0.0"\ndescription = "x"\nreadme = "README.md"\n${extra}`;
const POETRY = (extra = '') => `[build-system]\nrequires = ["poetry-core>=1.0"]\nbuild-backend = "poetry.core.masonry.api"\n\n[tool.poetry]\nname = "mypkg"\nversion = "1.0.0"\ndescription = "x"\nauthors = ["A <a@example.com>"]\nreadme = "README.md"\n${extra}`;
const FLIT = (name: string, extra = '') => `[build-system]\nrequires = ["flit_core>=3.2"]\nbuild-backend = "flit_core.buildapi"\n\n[project]\nname = "${name}"\nversion = "1.0.0"\ndescription = "x"\nreadme = "README.md"\n${extra}`;

export const PY_FIXTURES: Fixture[] = [
  {
    name: 'setuptools flat layout, pyproject only, MANIFEST.in include, include-package-data default',
    backend: 'setuptools',
    files: {
      'pyproject.toml': PYPROJECT_ST(),
      'README.md': '# r\n',
      LICENSE: 'MIT\n',
      '.env': 'TOKEN=x\n',
      'MANIFEST.in': 'include mypkg/*.json\n',
      'mypkg/__init__.py': '',
      'mypkg/core.py': 'x = 1\n',
      'mypkg/data.json': '{}\n',
      'mypkg/notes.txt': 'n\n',
      'tests/test_core.py': 'def test(): pass\n',
    },
    sdistHas: ['mypkg/data.json', 'README.md', 'LICENSE'],
    sdistNot: ['.env', 'tests/test_core.py', 'mypkg/notes.txt'],
    wheelHas: ['mypkg/core.py', 'mypkg/data.json'],
    wheelNot: ['mypkg/notes.txt'],
  },
  {
    name: 'setuptools src layout via setup.cfg (find:, package_dir, package_data) + setup.py stub',
    backend: 'setuptools',
    files: {
      'pyproject.toml': '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n',
      'setup.cfg': '[metadata]\nname = mypkg\nversion = 1.0\n\n[options]\npackage_dir =\n    =src\npackages = find:\n\n[options.packages.find]\nwhere = src\n\n[options.package_data]\nmypkg = *.txt\n',
      'setup.py': 'from setuptools import setup\nsetup()\n',
      'README.rst': 'r\n',
      'src/mypkg/__init__.py': '',
      'src/mypkg/sub/__init__.py': '',
      'src/mypkg/sub/m.py': '',
      'src/mypkg/words.txt': 'w\n',
      'src/mypkg/secret.pem': 'k\n',
      'src/notapkg/x.py': '',
      'docs/index.md': 'd\n',
    },
    sdistHas: ['src/mypkg/words.txt', 'setup.py', 'README.rst'],
    sdistNot: ['src/mypkg/secret.pem', 'docs/index.md', 'src/notapkg/x.py'],
    wheelHas: ['mypkg/sub/m.py', 'mypkg/words.txt'],
    wheelNot: ['mypkg/secret.pem'],
  },
  {
    name: 'setuptools namespace package in src layout with package-data globs',
    backend: 'setuptools',
    files: {
      'pyproject.toml': PYPROJECT_ST('\n[tool.setuptools.packages.find]\nwhere = ["src"]\n\n[tool.setuptools.package-data]\n"acme.widgets" = ["templates/*.html", "*.cfg"]\n'),
      'src/acme/widgets/__init__.py': '',
      'src/acme/widgets/w.py': '',
      'src/acme/widgets/templates/a.html': '<p>\n',
      'src/acme/widgets/local.cfg': 'k=v\n',
      'src/acme/widgets/dump.sql': 'select 1;\n',
    },
    sdistHas: ['src/acme/widgets/templates/a.html', 'src/acme/widgets/w.py'],
    sdistNot: ['src/acme/widgets/dump.sql'],
    wheelHas: ['acme/widgets/templates/a.html', 'acme/widgets/local.cfg'],
    wheelNot: ['acme/widgets/dump.sql'],
  },
  {
    name: 'setuptools MANIFEST.in graft/prune/global-exclude/recursive-include/exclude',
    backend: 'setuptools',
    files: {
      'pyproject.toml': PYPROJECT_ST('\n[tool.setuptools]\npackages = ["mypkg"]\n'),
      'MANIFEST.in': '# comment\ngraft docs\nprune docs/private\nrecursive-include mypkg *.sql\nglobal-exclude *.log\ninclude *.txt\nexclude secret.txt\n',
      'docs/a.md': 'a\n',
      'docs/build.log': 'l\n',
      'docs/private/plan.md': 'p\n',
      'mypkg/__init__.py': '',
      'mypkg/q/x.sql': 'select 1;\n',
      'mypkg/q/debug.log': 'l\n',
      'notes.txt': 'n\n',
      'secret.txt': 's\n',
    },
    sdistHas: ['docs/a.md', 'mypkg/q/x.sql', 'notes.txt'],
    sdistNot: ['docs/private/plan.md', 'docs/build.log', 'secret.txt', 'mypkg/q/debug.log'],
    wheelHas: ['mypkg/q/x.sql'],
  },
  {
    name: 'setuptools-scm ships every tracked file (and include-package-data picks tracked data)',
    backend: 'setuptools',
    git: true,
    files: {
      'pyproject.toml': PYPROJECT_ST('', '"setuptools>=61", "setuptools_scm"').replace('version = "1.0.0"\n', 'dynamic = ["version"]\n') + '\n[tool.setuptools]\npackages = ["mypkg"]\n\n[tool.setuptools_scm]\n',
      '.gitignore': '*.log\n',
      '.env.example': 'TOKEN=\n',
      'notebooks/explore.ipynb': '{}\n',
      'tests/data/fixture.json': '{}\n',
      'mypkg/__init__.py': '',
      'mypkg/prompts/system.txt': 'You are\n',
    },
    untracked: { 'scratch.txt': 'not tracked\n', 'mypkg/untracked.txt': 'u\n' },
    sdistHas: ['notebooks/explore.ipynb', '.env.example', 'tests/data/fixture.json', '.gitignore'],
    sdistNot: ['scratch.txt', 'mypkg/untracked.txt'],
    wheelHas: ['mypkg/prompts/system.txt'],
    wheelNot: ['mypkg/untracked.txt'],
  },
  {
    name: 'setuptools legacy setup.py only (literal packages list)',
    backend: 'setuptools',
    files: {
      'setup.py': 'from setuptools import setup\nsetup(name="mypkg", version="1.0", packages=["mypkg", "mypkg.sub"])\n',
      'README.txt': 'r\n',
      'mypkg/__init__.py': '',
      'mypkg/sub/__init__.py': '',
      'mypkg/sub/data.bin': 'b\n',
      'mypkg/other/__init__.py': '',
      'test/test_x.py': '',
    },
    sdistHas: ['test/test_x.py', 'README.txt', 'mypkg/sub/__init__.py'],
    sdistNot: ['mypkg/other/__init__.py', 'mypkg/sub/data.bin'],
    wheelNot: ['mypkg/other/__init__.py'],
  },
  {
    name: 'setuptools follows a linked folder inside the project (a private key ships through it); license-files replaces the defaults',
    backend: 'setuptools',
    files: {
      'pyproject.toml': PYPROJECT_ST('\n[tool.setuptools]\npackages = ["mypkg"]\nlicense-files = ["LICENSE.txt"]\n'),
      'LICENSE.txt': 'l\n',
      'AUTHORS': 'a\n',
      'MANIFEST.in': 'recursive-include tests *\n',
      'mypkg/__init__.py': '',
      'tests/shared/ca.key': 'k\n',
      'tests/test_a.py': '',
    },
    links: { 'tests/certs/ca': '../shared' },
    sdistHas: ['LICENSE.txt', 'tests/certs/ca/ca.key', 'tests/shared/ca.key'],
    sdistNot: ['AUTHORS'],
  },
  {
    name: 'hatchling defaults: everything not in .gitignore in the sdist, the package in the wheel',
    backend: 'hatchling',
    git: true,
    files: {
      'pyproject.toml': HATCH(),
      'README.md': 'r\n',
      '.gitignore': '*.secret\n.env\n',
      '.env': 'T=1\n',
      'notes.txt': 'n\n',
      'mypkg/__init__.py': '',
      'mypkg/x.secret': 's\n',
      'mypkg/data.csv': 'a,b\n',
      'tests/test_a.py': '',
    },
    sdistHas: ['notes.txt', 'tests/test_a.py', 'mypkg/data.csv', '.gitignore'],
    sdistNot: ['.env', 'mypkg/x.secret'],
    wheelHas: ['mypkg/data.csv'],
    wheelNot: ['mypkg/x.secret', 'notes.txt'],
  },
  {
    name: 'hatchling include/exclude/packages/artifacts',
    backend: 'hatchling',
    git: true,
    files: {
      'pyproject.toml': HATCH('\n[tool.hatch.build]\nartifacts = ["*.so"]\n\n[tool.hatch.build.targets.sdist]\ninclude = ["/src", "/tests"]\nexclude = ["*.bak"]\n\n[tool.hatch.build.targets.wheel]\npackages = ["src/mypkg"]\n'),
      'README.md': 'r\n',
      '.gitignore': '*.so\n',
      'src/mypkg/__init__.py': '',
      'src/mypkg/fast.so': 'elf\n',
      'src/mypkg/old.bak': 'b\n',
      'tests/t.py': '',
      'docs/d.md': 'd\n',
    },
    sdistHas: ['src/mypkg/fast.so', 'tests/t.py', 'README.md'],
    sdistNot: ['src/mypkg/old.bak', 'docs/d.md'],
    wheelHas: ['mypkg/fast.so', 'mypkg/old.bak'],
  },
  {
    name: 'poetry-core src layout with include formats and exclude',
    backend: 'poetry-core',
    git: true,
    files: {
      'pyproject.toml': POETRY('packages = [{ include = "mypkg", from = "src" }]\ninclude = ["CHANGELOG.md", { path = "extra/*.csv", format = "wheel" }]\nexclude = ["src/mypkg/secret.py"]\n'),
      'README.md': 'r\n',
      'CHANGELOG.md': 'c\n',
      'LICENSE': 'l\n',
      'extra/a.csv': 'a\n',
      'src/mypkg/__init__.py': '',
      'src/mypkg/secret.py': 'K = 1\n',
      'src/mypkg/res/x.json': '{}\n',
      'tests/t.py': '',
    },
    sdistHas: ['CHANGELOG.md', 'LICENSE', 'src/mypkg/res/x.json'],
    sdistNot: ['extra/a.csv', 'src/mypkg/secret.py', 'tests/t.py'],
    wheelHas: ['extra/a.csv', 'mypkg/res/x.json', 'CHANGELOG.md'],
    wheelNot: ['mypkg/secret.py'],
  },
  {
    name: 'poetry-core default package with git-ignored files',
    backend: 'poetry-core',
    git: true,
    files: {
      'pyproject.toml': POETRY(),
      'README.md': 'r\n',
      '.gitignore': '*.log\n',
      'mypkg/__init__.py': '',
      'mypkg/run.log': 'l\n',
      'mypkg/.env': 'T=1\n',
      'scripts/x.sh': 'echo\n',
    },
    sdistHas: ['mypkg/.env'],
    sdistNot: ['mypkg/run.log', 'scripts/x.sh'],
    wheelHas: ['mypkg/.env'],
    wheelNot: ['mypkg/run.log'],
  },
  {
    name: 'flit package ships hidden files; sdist include/exclude',
    backend: 'flit',
    files: {
      'pyproject.toml': FLIT('mypkg', '\n[tool.flit.sdist]\ninclude = ["docs/"]\nexclude = ["docs/private/"]\n'),
      'README.md': 'r\n',
      'mypkg/__init__.py': '"""x"""\n',
      'mypkg/.env': 'T=1\n',
      'mypkg/assets/a.js.map': '{}\n',
      'docs/a.md': 'a\n',
      'docs/private/p.md': 'p\n',
      'other.txt': 'o\n',
    },
    sdistHas: ['docs/a.md', 'mypkg/.env'],
    sdistNot: ['docs/private/p.md', 'other.txt'],
    wheelHas: ['mypkg/.env', 'mypkg/assets/a.js.map'],
  },
  {
    name: 'flit single module in src/',
    backend: 'flit',
    files: {
      'pyproject.toml': FLIT('mymod', 'license = { file = "COPYING" }\n'),
      'README.md': 'r\n',
      COPYING: 'c\n',
      'src/mymod.py': '"""x"""\n',
      'src/other.py': '',
    },
    sdistHas: ['src/mymod.py', 'COPYING'],
    sdistNot: ['src/other.py'],
    wheelHas: ['mymod.py'],
    wheelNot: ['other.py'],
  },
];

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
}

function git(root: string, ...args: string[]): void {
  const r = cp.spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

/** The real backend's file lists (sdist paths without the `name-version/` folder). */
const realBuild = buildPythonOrThrow;

function comparable(files: string[], kind: 'sdist' | 'wheel', source: Set<string>): string[] {
  return files
    .filter((f) => (kind === 'sdist' ? f !== 'PKG-INFO' && !/(^|\/)[^/]*\.egg-info\//.test(f) && source.has(f) : !/^[^/]*\.dist-info\//.test(f)))
    .sort();
}

describe('packagers: Python sdist and wheel sets, parity with the real backends (#21)', function () {
  this.timeout(900_000);
  let base: string;
  const tally = { fixtures: 0, sets: 0 };
  before(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-py-'));
  });
  after(() => {
    fs.rmSync(base, { recursive: true, force: true });
    if (tally.fixtures) console.log(`      python parity: ${tally.fixtures} fixtures, ${tally.sets} archive file lists equal to the real backends'`);
  });

  it('has at least 10 fixtures covering every backend, src and flat layouts', () => {
    assert.ok(PY_FIXTURES.length >= 10);
    for (const b of ['setuptools', 'hatchling', 'poetry-core', 'flit']) assert.ok(PY_FIXTURES.some((f) => f.backend === b), b);
  });

  PY_FIXTURES.forEach((fx, i) => {
    it(`${fx.backend}: ${fx.name}`, async function () {
      const root = path.join(base, `fx${i}`);
      write(root, fx.files);
      if (fx.git) {
        git(root, 'init', '-q');
        git(root, 'add', '-A');
        git(root, 'commit', '-q', '-m', 'init');
      }
      if (fx.untracked) write(root, fx.untracked);
      for (const [l, target] of Object.entries(fx.links ?? {})) {
        fs.mkdirSync(path.dirname(path.join(root, l)), { recursive: true });
        fs.symlinkSync(target, path.join(root, l));
      }
      const disk = new DiskFileSystem();
      const units = await detectPythonUnits(disk, root);
      assert.equal(units.length, 1, 'one unit detected');
      assert.equal(units[0].backend, fx.backend);
      const set = await pythonPublishSet(disk, units[0]);
      assert.deepEqual(set.sdist.problems, []);
      const sdist = set.sdist.files.map((f) => f.path).sort();
      const wheel = set.wheel.files.map((f) => f.path).sort();
      for (const p of fx.sdistHas ?? []) assert.ok(sdist.includes(p), `sdist should have ${p}`);
      for (const p of fx.sdistNot ?? []) assert.ok(!sdist.includes(p), `sdist should not have ${p}`);
      for (const p of fx.wheelHas ?? []) assert.ok(wheel.includes(p), `wheel should have ${p}`);
      for (const p of fx.wheelNot ?? []) assert.ok(!wheel.includes(p), `wheel should not have ${p}`);
      for (const f of [...set.sdist.files, ...set.wheel.files]) assert.ok(f.reason.text.length > 0 && f.abs.startsWith(root), f.path);
      if (!HAS_BUILD) {
        this.skip(); // reason printed once below
      }
      const real = realBuild(root, path.join(base, `build${i}`));
      const source = new Set(Object.keys(fx.files).concat(Object.keys(fx.untracked ?? {})).concat(sdist));
      assert.deepEqual(sdist, comparable(real.sdist, 'sdist', source), 'sdist');
      assert.deepEqual(wheel, comparable(real.wheel, 'wheel', source), 'wheel');
      tally.fixtures++;
      tally.sets += 2;
    });
  });

  if (!HAS_BUILD) it('parity with the real backends: SKIPPED, `python3 -m build` is not installed (run scripts/install-python-backends.sh)', function () {
    this.skip();
  });

  it('explain() names the MANIFEST.in line that ships a file, and says why another is left out', async () => {
    const root = path.join(base, 'explain');
    write(root, PY_FIXTURES[3].files);
    const disk = new DiskFileSystem();
    const [unit] = await detectPythonUnits(disk, root);
    const e = await explainPythonPath(disk, unit, 'notes.txt');
    const sd = e.artifacts.find((a) => a.artifact === 'sdist');
    assert.equal(sd?.included, true);
    assert.equal(sd?.reasons[0].line, 6);
    assert.equal(sd?.reasons[0].kind, 'manifest-in');
    const no = await explainPythonPath(disk, unit, 'secret.txt');
    assert.equal(no.artifacts.every((a) => !a.included && !!a.exclusion), true);
  });

  it('detect() ignores tool-only pyproject.toml files and reads broken TOML without throwing', async () => {
    const root = path.join(base, 'detect');
    write(root, { 'pyproject.toml': '[tool.black]\nline-length = 100\n', 'sub/pyproject.toml': '[project\nname=', 'sub/setup.py': '' });
    const units = await detectPythonUnits(new DiskFileSystem(), root);
    assert.equal(units.length, 1);
    assert.match(units[0].problems[0], /pyproject\.toml/);
  });

  it('a link leading outside the project is not followed and is reported', async () => {
    const root = path.join(base, 'outside-link');
    write(root, { 'pyproject.toml': PYPROJECT_ST('\n[tool.setuptools]\npackages = ["mypkg"]\n'), 'mypkg/__init__.py': '', 'MANIFEST.in': 'graft data\n' });
    write(path.join(base, 'elsewhere'), { 'id_rsa': 'k\n' });
    fs.mkdirSync(path.join(root, 'data'));
    fs.symlinkSync(path.join(base, 'elsewhere'), path.join(root, 'data/ext'));
    const disk = new DiskFileSystem();
    const [unit] = await detectPythonUnits(disk, root);
    const set = await pythonPublishSet(disk, unit);
    assert.ok(!set.sdist.files.some((f) => f.path.includes('id_rsa')));
    assert.match(set.sdist.problems.join('\n'), /symbolic links leading outside the project are not followed.*data\/ext/);
  });

  it('reads git index versions 2 and 4 (prefix-compressed paths) like git ls-files', function () {
    const root = path.join(base, 'gitidx');
    write(root, { 'a/b/c.txt': '1', 'a/b/d.txt': '2', 'a/e.txt': '3', 'z.txt': '4' });
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    const expected = cp.spawnSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).stdout.trim().split('\n').sort();
    assert.deepEqual([...parseGitIndex(fs.readFileSync(path.join(root, '.git/index')))].sort(), expected);
    git(root, 'update-index', '--index-version', '4');
    assert.equal(fs.readFileSync(path.join(root, '.git/index')).readUInt32BE(4), 4);
    assert.deepEqual([...parseGitIndex(fs.readFileSync(path.join(root, '.git/index')))].sort(), expected);
    assert.deepEqual([...parseGitIndex(Buffer.from('garbage'))], []);
  });
});
