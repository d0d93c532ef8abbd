/**
 * #21 through the built CLI: Python projects and container images in `leakguard ls` (text and JSON
 * against schemas/ls-output.schema.json), `explain` (every unit around a path, with the deciding
 * line), `check` (text grouped per unit although three share a folder, SARIF at the Dockerfile
 * line, JSON units with their packager) and `check --fix` (the verified .dockerignore / MANIFEST.in).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import Ajv from 'ajv';
import { writeTree } from '../helpers/rule-tester';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SETUPTOOLS = '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "mypkg"\nversion = "1.0.0"\n';
const DOCKERFILE = 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n';

function polyglot(): string {
  return writeTree({
    'package.json': JSON.stringify({ name: 'web', version: '1.0.0', license: 'MIT', files: ['server.js'] }),
    'server.js': 'console.log(1);\n',
    'Dockerfile': DOCKERFILE,
    '.env': 'API_KEY=1\n',
    'py/pyproject.toml': SETUPTOOLS,
    'py/MANIFEST.in': 'graft mypkg\n',
    'py/mypkg/__init__.py': '',
    'py/mypkg/.env': 'K=1\n',
  });
}

describe('cli: Python projects and container images (#21)', function () {
  this.timeout(120_000);

  it('ls lists the image and the sdist/wheel with paths inside each artifact; JSON matches the schema', () => {
    const dir = polyglot();
    const text = run(['ls'], dir);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Dockerfile \(Dockerfile\): docker build, \d+ files/m);
    assert.match(text.stdout, /^ {2}image: \d+ files$/m);
    assert.match(text.stdout, /\/app\/\.env ← \.env {2}Dockerfile line 3 "COPY \. \."; no \.dockerignore$/m);
    assert.match(text.stdout, /^mypkg \(py\/pyproject\.toml\): python -m build \(setuptools\)/m);
    assert.match(text.stdout, /^ {2}wheel: 2 files$/m);
    const r = run(['ls', '--format', 'json'], dir);
    const out = JSON.parse(r.stdout) as { units: Array<{ tool: string; packager?: string; artifacts?: Array<{ artifact: string; files: Array<{ path: string; source: string }> }> }> };
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/ls-output.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false }).compile(schema);
    assert.ok(validate(out), JSON.stringify(validate.errors));
    assert.deepEqual(out.units.map((u) => `${u.tool}:${u.packager ?? ''}`).sort(), ['docker:docker', 'npm:', 'setuptools:python']);
    const py = out.units.find((u) => u.packager === 'python')!;
    assert.deepEqual(py.artifacts!.map((a) => a.artifact), ['sdist', 'wheel']);
    assert.ok(py.artifacts![1].files.some((f) => f.path === 'mypkg/.env' && f.source === 'mypkg/.env'));
  });

  it('explain answers for every unit around the path: the npm package (not shipped) and the image (the COPY line)', () => {
    const dir = polyglot();
    const r = run(['explain', '.env'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\.env \(web\): not published$/m);
    assert.match(r.stdout, /^\.env \(Dockerfile, container image from Dockerfile\): PUBLISHED\n {2}docker build: Dockerfile line 3 "COPY \. \."; no \.dockerignore$/m);
    const p = run(['explain', 'py/mypkg/.env'], dir);
    assert.match(p.stdout, /^mypkg\/\.env \(mypkg, Python package from py\/pyproject\.toml\): PUBLISHED\n {2}python -m build \(setuptools\): sdist mypkg\/\.env: MANIFEST\.in line 1 "graft mypkg"; wheel mypkg\/\.env: /m);
    const none = run(['explain', 'x.txt'], writeTree({ 'x.txt': '1' }));
    assert.equal(none.code, 2);
    assert.match(none.stderr, /not inside an npm package .*, a Python project or a container build context/);
  });

  it('check: one block per unit although they share a folder; SARIF on the Dockerfile line; JSON units name their packager', () => {
    const dir = polyglot();
    const text = run(['check'], dir);
    assert.equal(text.code, 1);
    // container-dockerignore-missing (a warning) sits on the same COPY line, listed first.
    assert.match(text.stdout, /^Dockerfile \(Dockerfile\)\n(?: {2}Dockerfile:3:1 {2}warning .*container-dockerignore-missing\n)? {2}Dockerfile:3:1 {2}error {2}\.env will be published \(Dockerfile line 3/m);
    assert.match(text.stdout, /^mypkg \(py\/pyproject\.toml\)\n {2}py\/MANIFEST\.in:1:1 {2}error {2}mypkg\/\.env will be published/m);
    const sarif = JSON.parse(run(['check', '--format', 'sarif'], dir).stdout) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> };
    const hit = sarif.runs[0].results.find((x) => x.ruleId === 'secret-dotenv-in-publish-set' && x.locations[0].physicalLocation.artifactLocation.uri === 'Dockerfile');
    assert.equal(hit?.locations[0].physicalLocation.region.startLine, 3);
    const json = JSON.parse(run(['check', '--format', 'json'], dir).stdout) as { units: Array<{ kind: string; tool: string; packager?: string }> };
    assert.deepEqual(json.units.map((u) => `${u.kind}:${u.tool}:${u.packager ?? ''}`).sort(), ['container:docker:docker', 'npm:npm-packlist:', 'python:setuptools:python']);
  });

  it('check --fix writes the verified .dockerignore and MANIFEST.in; the leaks are gone and the entry points still ship', () => {
    const dir = polyglot();
    const r = run(['check', '--fix'], dir);
    assert.match(r.stdout + r.stderr, /fixed: .*\.dockerignore/);
    assert.match(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8'), /^\*\*\/\.env\*$/m);
    assert.match(fs.readFileSync(path.join(dir, 'py/MANIFEST.in'), 'utf8'), /^global-exclude \.env\*$/m);
    const ls = JSON.parse(run(['ls', '--format', 'json'], dir).stdout) as { units: Array<{ packager?: string; files: Array<{ path: string }> }> };
    const img = ls.units.find((u) => u.packager === 'docker')!.files.map((f) => f.path);
    assert.ok(!img.includes('.env') && img.includes('server.js'), img.join(', '));
    const py = ls.units.find((u) => u.packager === 'python')!.files.map((f) => f.path);
    assert.ok(!py.includes('mypkg/.env') && py.includes('mypkg/__init__.py'), py.join(', '));
  });
});
