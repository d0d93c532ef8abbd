import * as assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as path from 'node:path';
import rule from '../../rules/python-sdist-no-include-list';
import { analyzeRoot, applyFixOnDisk, runOnTree, writeTree, ruleTester } from '../helpers/rule-tester';

const HATCH = (extra = '') => `[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "mypkg"\nversion = "1.0.0"\n${extra}`;
const SCM = `[build-system]\nrequires = ["setuptools>=61", "setuptools-scm>=7"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "mypkg"\ndynamic = ["version"]\n`;
const ST = `[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "mypkg"\nversion = "1.0.0"\n`;

const sdistOf = async (root: string): Promise<string[]> => {
  const r = await analyzeRoot(root, { rules: [rule] });
  const u = r.units.find((x) => x.unit.packager === 'python')!;
  return u.publishSet.files.filter((f) => f.reason.kind === 'packager' && f.reason.shipsIn.some((s) => s.artifact === 'sdist')).map((f) => f.path).sort();
};

describe('python-sdist-no-include-list', () => {
  it('hatchling defaults: fires on the build-backend line naming the sensitive files; the verified fix excludes them and the package still ships', async () => {
    const py = HATCH();
    const { root, findings } = await runOnTree({ 'pyproject.toml': py, 'mypkg/__init__.py': '', '.env.local': 'A=1\n', '.vscode/settings.json': '{}', 'notebooks/explore.ipynb': '{"cells":[]}', 'CLAUDE.md': '# agent\n', 'README.md': 'x' }, { rules: [rule] });
    assert.equal(findings.length, 1);
    const f = findings[0];
    assert.equal(f.file, path.join(root, 'pyproject.toml'));
    assert.equal(py.slice(f.start, f.end), 'build-backend = "hatchling.build"');
    assert.match(f.message, /hatchling puts every file not ignored by \.gitignore in the sdist, so \.env\.local, \.vscode\/settings\.json, CLAUDE\.md ship/);
    assert.ok(!f.message.includes('explore.ipynb'), 'a notebook without outputs is not a leak (black ships its test notebooks)');
    assert.ok(f.fix?.verified);
    applyFixOnDisk(f.fix!.edits);
    const sdist = await sdistOf(root);
    assert.ok(sdist.includes('mypkg/__init__.py'));
    assert.ok(!sdist.some((p) => p === '.env.local' || p === 'CLAUDE.md' || p.startsWith('.vscode/')) && sdist.includes('notebooks/explore.ipynb'), sdist.join(','));
    assert.deepEqual((await analyzeRoot(root, { rules: [rule] })).findings, []);
  });

  it('setuptools-scm: every tracked file; reported on the setuptools-scm requirement', async function () {
    if (cp.spawnSync('git', ['--version']).status !== 0) this.skip();
    const root = writeTree({ 'pyproject.toml': SCM, 'mypkg/__init__.py': '', 'deploy/secrets.yaml': 'a: b\n' });
    const git = (...a: string[]) => cp.execFileSync('git', ['-c', 'user.email=a@b', '-c', 'user.name=a', ...a], { cwd: root, stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'x');
    const r = await analyzeRoot(root, { rules: [rule] });
    assert.equal(r.findings.length, 1);
    assert.equal(SCM.slice(r.findings[0].start, r.findings[0].end), 'setuptools-scm>=7');
    assert.match(r.findings[0].message, /setuptools-scm puts every file tracked by git in the sdist, so deploy\/secrets\.yaml ship/);
  });
});

ruleTester(rule, {
  valid: [
    { name: 'an sdist include list that names an agent file on purpose (a decision, not a default; other rules judge the file)', files: { 'pyproject.toml': HATCH('\n[tool.hatch.build.targets.sdist]\ninclude = ["/mypkg", "/tests", "/CLAUDE.md"]\n'), 'mypkg/__init__.py': '', 'CLAUDE.md': 'x', '.env': 'A=1\n' } },
    { name: 'hatchling only-include', files: { 'pyproject.toml': HATCH('\n[tool.hatch.build]\nonly-include = ["mypkg"]\n'), 'mypkg/__init__.py': '', '.env': 'A=1\n' } },
    { name: 'plain setuptools selects by package (no broad default)', files: { 'pyproject.toml': ST, 'mypkg/__init__.py': '', '.env': 'A=1\n', 'CLAUDE.md': 'x' } },
    { name: '.gitignore keeps .env and the notebook out of the hatchling sdist', files: { 'pyproject.toml': HATCH(), '.gitignore': '.env\n*.ipynb\n', 'mypkg/__init__.py': '', '.env': 'A=1\n', 'nb.ipynb': '{}' } },
    { name: 'nothing sensitive in a hatchling default sdist (tests, docs, a .env.example template)', files: { 'pyproject.toml': HATCH(), 'mypkg/__init__.py': '', 'tests/test_a.py': '', 'docs/index.md': 'x', '.env.example': 'A=\n' } },
  ],
  invalid: [],
});
