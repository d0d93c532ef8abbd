/**
 * The Packager interface (#21): registration, one workspace walk for every packager, Python and
 * container units in the runner (the existing content rules on the files those artifacts ship, at
 * the line that ships them), and the exclude fix of each packager, verified by recomputing the set
 * (and, where the real backend is installed, by building with it).
 */
import * as assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiskFileSystem } from '../../server/src/engine/safe/fs';
import { analyzeFolder } from '../../server/src/engine/runner';
import { discoverUnits, type PackagingUnit } from '../../server/src/engine/workspace';
import { allPackagers, packagerFor, unitId } from '../../server/src/engine/packagers/registry';
import { computePublishSet, explainPath } from '../../server/src/engine/publish/index';
import { exclude } from '../../server/src/engine/publish/exclude';
import { describeExplanation } from '../../server/src/engine/publish/describe';
import { tomlArrayAppend } from '../../server/src/engine/packagers/python/toml-edit';
import { hasPackagerLenses, packagerLenses } from '../../server/src/engine/packagers/lens';
import { allRules } from '../../rules/index';
import { applyFixOnDisk, writeTree } from '../helpers/rule-tester';
import { buildPythonOrThrow, pythonHas } from '../helpers/python-build';
import { tarOf } from '../integration/suite/tar-writer';

const disk = new DiskFileSystem();
const HAS_BUILD = pythonHas('build', 'setuptools', 'hatchling');

const HATCH = (extra = '') => `[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "mypkg"\nversion = "1.0.0"\n${extra}`;
const SETUPTOOLS = (extra = '') => `[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "mypkg"\nversion = "1.0.0"\n${extra}`;
const POETRY = (extra = '') => `[build-system]\nrequires = ["poetry-core>=1.0"]\nbuild-backend = "poetry.core.masonry.api"\n\n[tool.poetry]\nname = "mypkg"\nversion = "1.0.0"\ndescription = "x"\nauthors = ["A <a@example.com>"]\n${extra}`;
const FLIT = `[build-system]\nrequires = ["flit_core>=3.2"]\nbuild-backend = "flit_core.buildapi"\n\n[project]\nname = "mypkg"\nversion = "1.0.0"\ndescription = "x"\n`;
/** A GitHub token shape, assembled at run time so this file passes secret scanning. */
const TOKEN = 'ghp_' + 'aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5';

function rel(root: string, u: PackagingUnit): string {
  return path.relative(root, u.manifestPath).split(path.sep).join('/');
}

async function unitOf(root: string, packager: string): Promise<PackagingUnit> {
  const { units } = await discoverUnits(disk, root, { noUpward: true });
  const u = units.find((x) => x.packager === packager);
  assert.ok(u, `no ${packager} unit under ${root}: ${units.map((x) => x.manifestPath).join(', ')}`);
  return u;
}

/** Applies the exclude fix for `paths` and returns the recomputed set's paths. */
async function excludeAndRecompute(root: string, packager: string, req: Parameters<typeof exclude>[2]): Promise<{ fixed: boolean; after: string[]; title?: string }> {
  const unit = await unitOf(root, packager);
  const set = await computePublishSet(disk, unit);
  const fix = await exclude(disk, set, req);
  if (!fix) return { fixed: false, after: set.files.map((f) => f.path) };
  assert.equal(fix.verified, true);
  applyFixOnDisk(fix.edits);
  const again = await unitOf(root, packager);
  return { fixed: true, after: (await computePublishSet(disk, again)).files.map((f) => f.path), title: fix.title };
}

/** The real backend's sdist and wheel file lists (sdist paths without `name-version/`). */
function realPythonBuild(root: string): { sdist: string[]; wheel: string[] } {
  return buildPythonOrThrow(root, fs.mkdtempSync(path.join(path.dirname(root), 'build-')));
}

describe('packagers: the Packager interface (#21)', function () {
  this.timeout(300_000);

  it('registers npm, vsce, Python and Docker; hand-made units fall back to vsce for extensions and npm otherwise', () => {
    assert.deepEqual(allPackagers().map((p) => p.id), ['npm', 'vsce', 'python', 'docker']);
    const bare = { root: '/x', kind: 'vscode-extension', manifestPath: '/x/package.json', manifestText: '{}', manifest: {}, manifestTree: undefined, parseErrors: [], name: 'x', workspaceRoot: undefined, workspaces: [], publishDirectory: undefined } as PackagingUnit;
    assert.equal(packagerFor(bare).id, 'vsce');
    assert.equal(packagerFor({ ...bare, kind: 'npm' }).id, 'npm');
    assert.equal(packagerFor({ ...bare, kind: 'private' }).id, 'npm');
    const claims = (name: string) => allPackagers().filter((p) => p.claims(name)).map((p) => p.id);
    assert.deepEqual(claims('package.json'), ['npm']);
    assert.deepEqual(claims('pyproject.toml'), ['python']);
    assert.deepEqual(claims('setup.py'), ['python']);
    assert.deepEqual(claims('Dockerfile'), ['docker']);
    assert.deepEqual(claims('api.Dockerfile'), ['docker']);
    assert.deepEqual(claims('compose.yaml'), ['docker']);
    // Traps: ignore files named after a Dockerfile, setup.cfg alone, a requirements file.
    assert.deepEqual(claims('Dockerfile.dockerignore'), []);
    assert.deepEqual(claims('setup.cfg'), []);
    assert.deepEqual(claims('requirements.txt'), []);
  });

  it('the extension activates on every manifest a packager detects units from (package.json activationEvents)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { activationEvents: string[] };
    for (const p of allPackagers()) for (const name of p.manifestNames) assert.ok(pkg.activationEvents.includes(`workspaceContains:**/${name}`), `${p.id}: workspaceContains:**/${name}`);
  });

  it('one walk finds npm, Python and container units side by side, each with its own id; environments, fixtures and tool-only pyproject.toml are not units', async () => {
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'web', version: '1.0.0' }),
      'Dockerfile': 'FROM node:20\nCOPY . /app\n',
      'pyproject.toml': HATCH(),
      'src/mypkg/__init__.py': '',
      'compose.yaml': 'services:\n  api:\n    build:\n      context: ./api\n      target: prod\n',
      'api/Dockerfile': 'FROM python:3.12 AS prod\nCOPY . /srv\n',
      'tools/lint/pyproject.toml': '[tool.ruff]\nline-length = 100\n',
      '.venv/lib/python3.12/site-packages/dep/pyproject.toml': HATCH(),
      'build/lib/pyproject.toml': HATCH(),
      'tests/fixtures/proj/pyproject.toml': HATCH(),
      'tests/fixtures/img/Dockerfile': 'FROM scratch\nCOPY . /\n',
    });
    const { units, skipped } = await discoverUnits(disk, root, { noUpward: true });
    assert.deepEqual(units.map((u) => `${u.packager}:${rel(root, u)}`).sort(), ['docker:Dockerfile', 'docker:api/Dockerfile', 'npm:package.json', 'python:pyproject.toml']);
    assert.equal(new Set(units.map(unitId)).size, units.length, 'ids are unique although three units share the root');
    const api = units.find((u) => rel(root, u) === 'api/Dockerfile')!;
    assert.match(unitId(api), /compose\.yaml#api$/, 'the compose service builds api/Dockerfile: one unit, with its target');
    assert.deepEqual(skipped.map((s) => s.folder).sort(), ['tests/fixtures/img', 'tests/fixtures/proj']);
  });

  it('containers: the content rules run on what reaches the final image, reported at the COPY line; .dockerignore and multi-stage builds keep files out (traps)', async () => {
    const dockerfile = 'FROM node:20\nWORKDIR /app\nCOPY package.json .\nCOPY . .\nCMD ["node", "dist/server.js"]\n';
    const root = writeTree({
      'Dockerfile': dockerfile,
      'package.json': JSON.stringify({ name: 'srv', version: '1.0.0', private: true }),
      '.env': 'API_KEY=1\n',
      'dist/server.js': 'console.log(1);\n',
      'dist/config.js': `const token = "${TOKEN}";\n`,
    });
    const r = await analyzeFolder({ fs: disk, folder: root, rules: allRules });
    const docker = r.units.find((u) => u.unit.packager === 'docker')!;
    assert.equal(docker.publishSet.tool, 'docker');
    assert.ok(docker.publishSet.byPath.has('.env') && docker.publishSet.byPath.has('dist/server.js'));
    const env = r.findings.find((f) => f.ruleId === 'secret-dotenv-in-publish-set' && f.unitId === unitId(docker.unit));
    assert.ok(env, r.findings.map((f) => `${f.ruleId} ${f.file}`).join('\n'));
    assert.equal(env.file, path.join(root, 'Dockerfile'));
    assert.equal(env.start, dockerfile.indexOf('COPY . .'), 'reported on the COPY line that ships it');
    assert.ok(env.fix?.verified, 'with a verified exclude fix');
    const tok = r.findings.find((f) => f.ruleId === 'secret-known-token-format' && f.file === path.join(root, 'dist/config.js'));
    assert.ok(tok, 'the secret rules scan files the image ships');
    // The npm unit is private (ships nothing): no finding belongs to it.
    assert.ok(!r.findings.some((f) => f.unitRoot === root && !f.unitId && f.ruleId === 'secret-dotenv-in-publish-set'));

    // Trap 1: .dockerignore keeps .env out.
    fs.writeFileSync(path.join(root, '.dockerignore'), '.env\n');
    const r2 = await analyzeFolder({ fs: disk, folder: root, rules: allRules });
    assert.ok(!r2.findings.some((f) => f.ruleId === 'secret-dotenv-in-publish-set'), 'ignored by .dockerignore');
    // Trap 2: only the final stage counts.
    fs.rmSync(path.join(root, '.dockerignore'));
    fs.writeFileSync(path.join(root, 'Dockerfile'), 'FROM node:20 AS build\nWORKDIR /src\nCOPY . .\nFROM node:20-slim\nCOPY --from=build /src/dist/server.js /app/server.js\n');
    const r3 = await analyzeFolder({ fs: disk, folder: root, rules: allRules });
    const img = r3.units.find((u) => u.unit.packager === 'docker')!;
    assert.deepEqual(img.publishSet.files.map((f) => f.path), ['dist/server.js']);
    assert.ok(!r3.findings.some((f) => f.unitId === unitId(img.unit)), r3.findings.map((f) => f.ruleId).join(', '));
  });

  it('containers: node_modules copied into the image stays in the set (ls, explain, path rules) but its content is not scanned; the project\'s own files are', async () => {
    const root = writeTree({
      'Dockerfile': 'FROM node:20\nCOPY . /app\n',
      'node_modules/dep/index.js': `module.exports = "${TOKEN}";\n`,
      'node_modules/dep/index.js.map': JSON.stringify({ version: 3, sources: ['../src/a.ts'], sourcesContent: ['export const a = 1;'], mappings: 'AAAA' }),
      'app.js': `const t = "${TOKEN}";\n`,
    });
    const r = await analyzeFolder({ fs: disk, folder: root, rules: allRules });
    const img = r.units.find((u) => u.unit.packager === 'docker')!;
    assert.ok(img.publishSet.byPath.has('node_modules/dep/index.js'));
    const files = r.findings.map((f) => path.relative(root, f.file));
    assert.ok(files.includes('app.js'), files.join(', '));
    assert.ok(!files.some((f) => f.startsWith('node_modules')), files.join(', '));
    assert.ok(!r.findings.some((f) => f.ruleId.startsWith('sourcemap-')), 'a dependency map is not read either');
  });

  it('Python: the content rules run on the sdist + wheel union; files neither artifact ships are not scanned (trap)', async () => {
    const root = writeTree({
      'pyproject.toml': SETUPTOOLS(),
      'mypkg/__init__.py': `TOKEN = "${TOKEN}"\n`,
      'tests/test_x.py': `T = "${TOKEN}"\n`,
      'notes/.env': 'X=1\n',
    });
    const r = await analyzeFolder({ fs: disk, folder: root, rules: allRules });
    const ua = r.units.find((u) => u.unit.packager === 'python')!;
    assert.equal(ua.publishSet.tool, 'setuptools');
    const init = ua.publishSet.byPath.get('mypkg/__init__.py');
    assert.ok(init && init.reason.kind === 'packager');
    assert.deepEqual(init.reason.shipsIn.map((s) => `${s.artifact}:${s.path}`).sort(), ['sdist:mypkg/__init__.py', 'wheel:mypkg/__init__.py']);
    assert.ok(r.findings.some((f) => f.ruleId === 'secret-known-token-format' && f.file === path.join(root, 'mypkg/__init__.py')));
    assert.ok(!r.findings.some((f) => f.file === path.join(root, 'tests/test_x.py')), 'tests/ is not in a setuptools sdist or wheel');
    assert.ok(!r.findings.some((f) => f.ruleId === 'secret-dotenv-in-publish-set'), 'notes/.env does not ship');
    assert.ok(!r.findings.some((f) => f.ruleId === 'leakguard-config-invalid'), 'a pyproject.toml is not a broken package.json');
  });

  it('explain names the artifacts and the deciding line (Python) and the .dockerignore line (containers)', async () => {
    const root = writeTree({
      'pyproject.toml': SETUPTOOLS(),
      'MANIFEST.in': 'include docs/*.csv\n',
      'docs/a.csv': '1\n',
      'mypkg/__init__.py': '',
      'Dockerfile': 'FROM scratch\nCOPY . /\n',
      '.dockerignore': '*.log\n',
      'debug.log': 'x\n',
    });
    const py = await unitOf(root, 'python');
    const ex = await explainPath(disk, py, 'docs/a.csv');
    assert.ok(ex.included);
    assert.match(describeExplanation(ex, root), /^python -m build \(setuptools\): MANIFEST\.in line 1 "include docs\/\*\.csv"$/);
    const ex3 = await explainPath(disk, py, 'mypkg/__init__.py');
    assert.match(describeExplanation(ex3, root), /sdist mypkg\/__init__\.py: .*; wheel mypkg\/__init__\.py: /);
    const img = await unitOf(root, 'docker');
    const ex2 = await explainPath(disk, img, 'debug.log');
    assert.equal(ex2.included, false);
    assert.match(describeExplanation(ex2, root), /docker build: image: .*\.dockerignore line 1 "\*\.log"/);
  });

  describe('exclude, verified by recomputing the set', () => {
    it('Docker without an ignore file: creates .dockerignore (listing itself), .env leaves the image, the CMD entry point stays', async () => {
      const root = writeTree({ 'Dockerfile': 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "dist/server.js"]\n', '.env': 'K=1\n', '.env.example': 'K=\n', 'dist/server.js': '1\n' });
      const r = await excludeAndRecompute(root, 'docker', { paths: ['.env'], globs: ['.env*'], keep: ['.env.example'], what: '.env files' });
      assert.ok(r.fixed);
      assert.deepEqual(r.after.sort(), ['.env.example', 'Dockerfile', 'dist/server.js']);
      assert.match(fs.readFileSync(path.join(root, '.dockerignore'), 'utf8'), /^\.dockerignore$/m);
    });

    it('Docker with a .dockerignore that re-includes the file: the appended line wins (last match)', async () => {
      const root = writeTree({ 'Dockerfile': 'FROM scratch\nCOPY . /\n', '.dockerignore': '*.map\n!dist/app.js.map\n', 'dist/app.js': '1\n', 'dist/app.js.map': '{}' });
      const r = await excludeAndRecompute(root, 'docker', { paths: ['dist/app.js.map'], globs: ['*.map'], what: 'source maps' });
      assert.ok(r.fixed);
      assert.ok(!r.after.includes('dist/app.js.map') && r.after.includes('dist/app.js'), r.after.join(', '));
    });

    it('Docker trap: excluding the file CMD runs is refused', async () => {
      const root = writeTree({ 'Dockerfile': 'FROM node:20\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["node", "dist/server.js"]\n', 'dist/server.js': '1\n', 'dist/server.js.map': '{}' });
      const r = await excludeAndRecompute(root, 'docker', { paths: ['dist/server.js', 'dist/server.js.map'], what: 'build output' });
      assert.equal(r.fixed, false);
    });

    it('setuptools: MANIFEST.in exclude takes the file out of the sdist and the wheel (include-package-data); the package stays', async () => {
      const root = writeTree({ 'pyproject.toml': SETUPTOOLS(), 'MANIFEST.in': 'graft mypkg\n', 'mypkg/__init__.py': '', 'mypkg/core.py': 'x = 1\n', 'mypkg/.env': 'K=1\n' });
      const before = (await computePublishSet(disk, await unitOf(root, 'python'))).byPath.get('mypkg/.env');
      assert.ok(before?.reason.kind === 'packager' && before.reason.shipsIn.length === 2, 'ships in both artifacts before');
      const r = await excludeAndRecompute(root, 'python', { paths: ['mypkg/.env'], globs: ['.env*'], what: '.env files' });
      assert.ok(r.fixed, 'a verified fix');
      assert.match(fs.readFileSync(path.join(root, 'MANIFEST.in'), 'utf8'), /^global-exclude \.env\*$/m);
      assert.ok(!r.after.includes('mypkg/.env') && r.after.includes('mypkg/core.py'), r.after.join(', '));
      if (HAS_BUILD) {
        const real = realPythonBuild(root);
        assert.ok(!real.sdist.includes('mypkg/.env') && !real.wheel.includes('mypkg/.env'), JSON.stringify(real));
        assert.ok(real.wheel.includes('mypkg/core.py'));
      }
    });

    it('setuptools-scm: a tracked .env is reported on pyproject.toml (not on .git/index); the fix creates MANIFEST.in, which may ship itself; the real build agrees', async () => {
      const root = writeTree({ 'pyproject.toml': SETUPTOOLS().replace('"setuptools>=61"', '"setuptools>=61", "setuptools-scm"'), 'src/mypkg/__init__.py': '', '.env': 'K=1\n' });
      const git = (...a: string[]) => assert.equal(cp.spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...a], { cwd: root }).status, 0);
      git('init', '-q');
      git('add', '-A');
      git('commit', '-qm', 'init');
      const r = await analyzeFolder({ fs: disk, folder: root, rules: allRules });
      const env = r.findings.find((f) => f.ruleId === 'secret-dotenv-in-publish-set');
      assert.ok(env, r.findings.map((f) => f.ruleId).join(', '));
      assert.equal(env.file, path.join(root, 'pyproject.toml'));
      assert.ok(env.fix?.verified);
      applyFixOnDisk(env.fix.edits);
      assert.equal(fs.readFileSync(path.join(root, 'MANIFEST.in'), 'utf8'), 'global-exclude .env*\n');
      const after = (await computePublishSet(disk, await unitOf(root, 'python'))).files.map((f) => f.path);
      assert.ok(!after.includes('.env') && after.includes('MANIFEST.in') && after.includes('src/mypkg/__init__.py'), after.join(', '));
      if (HAS_BUILD) {
        const real = realPythonBuild(root);
        assert.ok(!real.sdist.includes('.env') && real.sdist.includes('MANIFEST.in'), JSON.stringify(real));
      }
    });

    it('hatchling: [tool.hatch.build] exclude (an existing multi-line array grows); the real backend agrees when installed', async () => {
      const root = writeTree({ 'pyproject.toml': HATCH('\n[tool.hatch.build]\nexclude = [\n  "*.bak",\n]\n'), 'src/mypkg/__init__.py': '', 'src/mypkg/app.js.map': '{}', 'src/mypkg/app.js': '1\n' });
      const r = await excludeAndRecompute(root, 'python', { paths: ['src/mypkg/app.js.map'], globs: ['*.map'], what: 'source maps' });
      assert.ok(r.fixed, 'a verified fix');
      assert.match(fs.readFileSync(path.join(root, 'pyproject.toml'), 'utf8'), /exclude = \[\n {2}"\*\.bak",\n {2}"\*\.map",\n\]/);
      assert.ok(!r.after.includes('src/mypkg/app.js.map') && r.after.includes('src/mypkg/__init__.py'));
      if (HAS_BUILD) {
        const real = realPythonBuild(root);
        assert.ok(!real.sdist.includes('src/mypkg/app.js.map') && !real.wheel.includes('mypkg/app.js.map'), JSON.stringify(real));
        assert.ok(real.wheel.includes('mypkg/__init__.py') && real.wheel.includes('mypkg/app.js'));
      }
    });

    it('poetry-core: [tool.poetry] exclude', async () => {
      const root = writeTree({ 'pyproject.toml': POETRY(), 'mypkg/__init__.py': '', 'mypkg/secrets.pem': 'k\n' });
      const r = await excludeAndRecompute(root, 'python', { paths: ['mypkg/secrets.pem'], what: 'keys' });
      assert.ok(r.fixed);
      assert.match(fs.readFileSync(path.join(root, 'pyproject.toml'), 'utf8'), /^exclude = \["mypkg\/secrets\.pem"\]$/m);
      assert.ok(!r.after.includes('mypkg/secrets.pem') && r.after.includes('mypkg/__init__.py'));
    });

    it('flit trap: a file of the module ships in the wheel whatever [tool.flit.sdist] says: no fix', async () => {
      const root = writeTree({ 'pyproject.toml': FLIT, 'mypkg/__init__.py': '"""x"""\n__version__ = "1.0.0"\n', 'mypkg/.env': 'K=1\n' });
      const r = await excludeAndRecompute(root, 'python', { paths: ['mypkg/.env'], what: '.env files' });
      assert.equal(r.fixed, false);
    });
  });

  it('tomlArrayAppend: inline and multi-line arrays, a missing key or table, brackets inside strings and comments', () => {
    const apply = (text: string, table: string, items: string[]) => {
      const edits = tomlArrayAppend(text, table, 'exclude', items);
      if (!edits) return undefined;
      let out = text;
      for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
      return out;
    };
    assert.equal(apply('[tool.poetry]\nexclude = ["a"]\n', 'tool.poetry', ['b']), '[tool.poetry]\nexclude = ["a", "b"]\n');
    assert.equal(apply('[tool.poetry]\nexclude = []\n', 'tool.poetry', ['b']), '[tool.poetry]\nexclude = ["b"]\n');
    assert.equal(apply('[tool.poetry]\nname = "x"\n\n[x]\n', 'tool.poetry', ['b']), '[tool.poetry]\nexclude = ["b"]\nname = "x"\n\n[x]\n');
    assert.equal(apply('[project]\nname = "x"\n', 'tool.hatch.build', ['/a']), '[project]\nname = "x"\n\n[tool.hatch.build]\nexclude = ["/a"]\n');
    assert.equal(apply('[tool.poetry]\nexclude = [\n  "x]", # a ] here\n  "y"\n]\n', 'tool.poetry', ['z']), '[tool.poetry]\nexclude = [\n  "x]", # a ] here\n  "y"\n, "z"]\n');
    assert.equal(apply('[tool.poetry]\nexclude = "a"\n', 'tool.poetry', ['b']), undefined, 'not an array: no edit');
  });
});

describe('packagers: lenses for the files that decide an image or an sdist/wheel (#21)', () => {
  it('Dockerfile COPY lines and a .dockerignore negation say what they ship; lines that ship nothing get no lens (trap)', async () => {
    const dockerfile = 'FROM scratch\nCOPY app.py /srv/\nCOPY docs /srv/docs\nCOPY missing* /x/\n';
    const root = writeTree({ 'Dockerfile': dockerfile, '.dockerignore': 'docs/*.md\n!docs/README.md\n', 'app.py': '1\n', 'docs/README.md': 'r\n', 'docs/internal.md': 'i\n' });
    const unit = await unitOf(root, 'docker');
    const set = await computePublishSet(disk, unit);
    const df = path.join(root, 'Dockerfile');
    assert.ok(hasPackagerLenses(unit, set, df));
    const lenses = packagerLenses(unit, set, df, dockerfile);
    assert.match(lenses[0].title, /^Dockerfile: /);
    const at = (l: { start: number }) => dockerfile.slice(0, l.start).split('\n').length;
    assert.deepEqual(lenses.slice(1).map((l) => [at(l), l.title]), [[2, 'ships 1 file (image): app.py'], [3, 'ships 1 file (image): docs/README.md']]);
    const ign = path.join(root, '.dockerignore');
    const ignText = fs.readFileSync(ign, 'utf8');
    const il = packagerLenses(unit, set, ign, ignText);
    assert.deepEqual(il.slice(1).map((l) => [ignText.slice(0, l.start).split('\n').length, l.title]), [[2, 're-includes 1 file (image): docs/README.md']]);
    assert.equal(hasPackagerLenses(unit, set, path.join(root, 'app.py')), false);
  });
});

describe('packagers: visibility of Python projects (#21)', () => {
  it('OSI licence + public repository → open source; Private :: Do Not Upload → proprietary; no signal → unknown (trap: no licence is not proprietary)', async () => {
    const vis = async (extra: string) => {
      const root = writeTree({ 'pyproject.toml': HATCH(extra), 'src/mypkg/__init__.py': '' });
      const r = await analyzeFolder({ fs: disk, folder: root, rules: [] });
      return r.units.find((u) => u.unit.packager === 'python')!.visibility;
    };
    assert.equal(await vis('license = {text = "MIT"}\n\n[project.urls]\nSource = "https://github.com/acme/mypkg"\n'), 'open-source');
    assert.equal(await vis('classifiers = ["License :: OSI Approved :: MIT License"]\n\n[project.urls]\nHomepage = "https://gitlab.com/acme/mypkg"\n'), 'open-source');
    assert.equal(await vis('license = {text = "MIT"}\nclassifiers = ["Private :: Do Not Upload"]\n'), 'proprietary');
    assert.equal(await vis(''), 'unknown');
    assert.equal(await vis('license = {text = "MIT"}\n'), 'unknown', 'no public repository');
  });
});

describe('packagers: hostile patterns are bounded (#21, security)', function () {
  this.timeout(30_000);
  it('a backtracking .dockerignore line or MANIFEST.in pattern is refused with a problem instead of hanging the analysis', async () => {
    const deep = Array.from({ length: 20 }, () => 'a').join('/');
    const evil = `${'**/'.repeat(12)}*a*a*a*a*a*a*a*a*b`;
    const root = writeTree({
      'Dockerfile': 'FROM scratch\nCOPY . /\n',
      '.dockerignore': `${evil}\n`,
      'pyproject.toml': SETUPTOOLS(),
      'MANIFEST.in': `include ${evil}\nglobal-exclude ${'**/'.repeat(6)}*.x\n`,
      [`${deep}/${'a'.repeat(60)}`]: 'x\n',
      'mypkg/__init__.py': '',
    });
    const t0 = Date.now();
    const r = await analyzeFolder({ fs: disk, folder: root, rules: allRules });
    assert.ok(Date.now() - t0 < 15_000, `took ${Date.now() - t0} ms`);
    const img = r.units.find((u) => u.unit.packager === 'docker')!;
    assert.ok(img.publishSet.problems.some((p) => /^\.dockerignore line 1: .*not used/.test(p)), img.publishSet.problems.join('\n'));
    assert.ok(img.publishSet.byPath.has(`${deep}/${'a'.repeat(60)}`), 'the refused line excludes nothing: the file is reported as shipping');
    const py = r.units.find((u) => u.unit.packager === 'python')!;
    assert.ok(py.publishSet.problems.some((p) => /"\*\*" segments|wildcards/.test(p)), py.publishSet.problems.join('\n'));
  });
});

describe('packagers: archives ADDed into an image are bounded (#21, security)', function () {
  this.timeout(30_000);
  it('a gzip bomb (70 MiB unpacked) is reported, not unpacked; a small tar.gz is still listed', async () => {
    const tar = (name: string, size: number) => tarOf({ [name]: Buffer.alloc(size) }, true);
    const root = writeTree({ 'Dockerfile': 'FROM scratch\nADD bomb.tar.gz /b/\nADD small.tar.gz /s/\n', 'bomb.tar.gz': tar('zeros.bin', 70 * 1024 * 1024), 'small.tar.gz': tar('app/.env', 10) });
    const unit = await unitOf(root, 'docker');
    const set = await computePublishSet(disk, unit);
    assert.ok(set.problems.some((p) => /cannot read the archive bomb\.tar\.gz/.test(p)), set.problems.join('\n'));
    const small = set.byPath.get('small.tar.gz');
    assert.ok(small?.reason.kind === 'packager' && small.reason.shipsIn.some((s) => s.path === '/s/app/.env'), JSON.stringify(small));
  });
});
