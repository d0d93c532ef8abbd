import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import rule from '../../rules/python-sdist-dev-data';
import { analyzeRoot, applyFixOnDisk, runOnTree, ruleTester } from '../helpers/rule-tester';

const HATCH = `[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "mypkg"\nversion = "1.0.0"\n`;
const ST = `[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "mypkg"\nversion = "1.0.0"\n`;
const NB = (outputs: unknown[]) => JSON.stringify({ cells: [{ cell_type: 'code', source: ['print(1)'], outputs }], metadata: {}, nbformat: 4, nbformat_minor: 5 });

describe('python-sdist-dev-data', () => {
  it('notebooks with outputs (warning) and test data (info) in a hatchling sdist; the verified fix removes them', async () => {
    const { root, findings } = await runOnTree({
      'pyproject.toml': HATCH,
      'mypkg/__init__.py': '',
      'examples/run.ipynb': NB([{ output_type: 'stream', text: ['customer 4711\n'] }]),
      'tests/data/responses.jsonl': '{}\n',
      'tests/test_a.py': 'def test(): pass\n',
    }, { rules: [rule] });
    const got = findings.map((f) => `${f.messageId}:${f.severity}`).sort();
    assert.deepEqual(got, ['notebooks:warning', 'testData:info']);
    const nb = findings.find((f) => f.messageId === 'notebooks')!;
    assert.match(nb.message, /examples\/run\.ipynb \(notebook with outputs\) ship in the sdist/);
    assert.equal(nb.file, path.join(root, 'pyproject.toml'));
    assert.ok(nb.fix?.verified);
    applyFixOnDisk(nb.fix!.edits);
    const r = await analyzeRoot(root, { rules: [rule] });
    assert.deepEqual(r.findings.map((f) => f.messageId), ['testData']);
  });

  it('reports at the MANIFEST.in line that ships the data (setuptools)', async () => {
    const manifest = 'include README.md\nrecursive-include tests *.csv\n';
    const { root, findings } = await runOnTree({ 'pyproject.toml': ST, 'MANIFEST.in': manifest, 'README.md': 'x', 'mypkg/__init__.py': '', 'tests/fixtures/users.csv': 'a,b\n' }, { rules: [rule] });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].file, path.join(root, 'MANIFEST.in'));
    assert.equal(findings[0].start, manifest.indexOf('recursive-include'));
  });
});

ruleTester(rule, {
  valid: [
    { name: 'a notebook without outputs, test code and small text fixtures', files: { 'pyproject.toml': HATCH, 'mypkg/__init__.py': '', 'docs/intro.ipynb': NB([]), 'tests/test_a.py': '', 'tests/conftest.py': '', 'tests/expected.txt': 'x' } },
    { name: 'setuptools: tests/ and notebooks are not in the default sdist', files: { 'pyproject.toml': ST, 'mypkg/__init__.py': '', 'tests/data/big.csv': 'a\n', 'nb.ipynb': NB([{ output_type: 'stream', text: ['x'] }]) } },
    { name: 'a data file inside the package, not under tests/', files: { 'pyproject.toml': HATCH, 'mypkg/__init__.py': '', 'mypkg/data/countries.csv': 'a\n' } },
    { name: 'a notebook that is not JSON', files: { 'pyproject.toml': HATCH, 'mypkg/__init__.py': '', 'broken.ipynb': '{not json' } },
    { name: 'a package archive used as a fixture under tests/ (poetry ships wheels there)', files: { 'pyproject.toml': HATCH, 'mypkg/__init__.py': '', 'tests/fixtures/dists/demo-1.0-py3-none-any.whl': 'x'.repeat(1024 * 1024 + 1) } },
  ],
  invalid: [],
});
