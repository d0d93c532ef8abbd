import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import rule from '../../rules/python-package-data-glob-secrets';
import { analyzeRoot, applyFixOnDisk, runOnTree, ruleTester } from '../helpers/rule-tester';

const ST = (extra = '') => `[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "mypkg"\nversion = "1.0.0"\n${extra}`;
const HATCH = (extra = '') => `[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "mypkg"\nversion = "1.0.0"\n${extra}`;
/** A PEM private key shape, assembled at run time. */
const PEM = '-----BEGIN ' + 'RSA PRIVATE KEY-----\n' + 'MIIEpAIBAAKCAQEA'.padEnd(64, 'q') + '\n' + 'b'.repeat(64) + '\n-----END ' + 'RSA PRIVATE KEY-----\n';

describe('python-package-data-glob-secrets', () => {
  it('pyproject.toml package-data "*" sweeps a secrets file into sdist and wheel: reported at the glob; the verified fix keeps it out and the package ships', async () => {
    const py = ST('\n[tool.setuptools.package-data]\nmypkg = ["*"]\n');
    const { root, findings } = await runOnTree({ 'pyproject.toml': py, 'mypkg/__init__.py': '', 'mypkg/secrets.yaml': 'k: v\n', 'mypkg/schema.json': '{}' }, { rules: [rule] });
    assert.equal(findings.length, 1);
    const f = findings[0];
    assert.equal(f.file, path.join(root, 'pyproject.toml'));
    assert.equal(py.slice(f.start, f.end), '*');
    assert.equal(f.start, py.indexOf('["*"]') + 2);
    assert.match(f.message, /The glob "\*" sweeps mypkg\/secrets\.yaml into the sdist and wheel/);
    assert.equal(f.severity, 'error');
    assert.ok(f.fix?.verified);
    applyFixOnDisk(f.fix!.edits);
    const r = await analyzeRoot(root, { rules: [rule] });
    assert.deepEqual(r.findings, []);
    const files = r.units.find((u) => u.unit.packager === 'python')!.publishSet.files.map((x) => x.path);
    assert.ok(files.includes('mypkg/__init__.py') && files.includes('mypkg/schema.json') && !files.includes('mypkg/secrets.yaml'), files.join(','));
  });

  it('MANIFEST.in graft and recursive-include: reported on the pattern of that line; setup.cfg package_data; hatchling include', async () => {
    const manifest = 'include README.md\ngraft mypkg/keys\nrecursive-include conf *\n';
    const { root, findings } = await runOnTree({ 'pyproject.toml': ST(), 'MANIFEST.in': manifest, 'README.md': 'x', 'mypkg/__init__.py': '', 'mypkg/keys/server.pem': PEM, 'conf/.env.production': 'A=1\n' }, { rules: [rule] });
    const got = findings.map((f) => `${path.basename(f.file)}:${manifest.slice(f.start, f.end)}`).sort();
    assert.deepEqual(got, ['MANIFEST.in:*', 'MANIFEST.in:mypkg/keys']);
    const cfg = '[metadata]\nname = mypkg\nversion = 1\n\n[options]\npackages = mypkg\n\n[options.package_data]\nmypkg = *.json, *.pem\n';
    const r2 = await runOnTree({ 'setup.cfg': cfg, 'setup.py': 'from setuptools import setup\nsetup()\n', 'mypkg/__init__.py': '', 'mypkg/gcp.pem': PEM }, { rules: [rule] });
    assert.equal(r2.findings.length, 1);
    assert.equal(cfg.slice(r2.findings[0].start, r2.findings[0].end), '*.pem');
    const hpy = HATCH('\n[tool.hatch.build]\ninclude = ["mypkg/**"]\n');
    const r3 = await runOnTree({ 'pyproject.toml': hpy, 'mypkg/__init__.py': '', 'mypkg/.env': 'A=1\n' }, { rules: [rule] });
    assert.equal(r3.findings.length, 1);
    assert.equal(hpy.slice(r3.findings[0].start, r3.findings[0].end), 'mypkg/**');
    void root;
  });
});

ruleTester(rule, {
  valid: [
    { name: 'a glob that sweeps only data and a public certificate', files: { 'pyproject.toml': ST('\n[tool.setuptools.package-data]\nmypkg = ["*.json", "*.crt"]\n'), 'mypkg/__init__.py': '', 'mypkg/schema.json': '{}', 'mypkg/ca.crt': '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n' } },
    { name: 'MANIFEST.in recursive-include sweeps a .env.example template only', files: { 'pyproject.toml': ST(), 'MANIFEST.in': 'recursive-include mypkg *\n', 'mypkg/__init__.py': '', 'mypkg/.env.example': 'A=\n' } },
    { name: 'package-data "*" does not match dotfiles such as .env (Python glob)', files: { 'pyproject.toml': ST('\n[tool.setuptools.package-data]\nmypkg = ["*"]\n'), 'mypkg/__init__.py': '', 'mypkg/.env': 'A=1\n' } },
  ],
  invalid: [],
});
