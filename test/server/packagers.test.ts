/**
 * #21 through the real language server (dist/server.js, JSON-RPC on stdio): a container unit and a
 * Python unit next to an npm package: diagnostics on the Dockerfile COPY line with the verified
 * .dockerignore quick fix, `leakguard/publishSets` with each unit's id, packager and the paths inside
 * the artifacts, code lenses on the Dockerfile, and `leakguard.excludeFromPackage` by unit id.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction } from 'vscode-languageserver-protocol/node';
import { writeTree } from '../helpers/rule-tester';
import { startServer, killAll } from '../helpers/lsp-client';
import { PublishSetsRequest, type UnitInfo } from '../../protocol';

const DOCKERFILE = 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n';

describe('language server: Python and container units (#21)', function () {
  this.timeout(60_000);
  afterEach(killAll);

  it('Dockerfile: the .env finding sits on the COPY line with a verified .dockerignore fix; lenses say what COPY ships; publishSets tells the units apart', async () => {
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'web', version: '1.0.0', license: 'MIT', files: ['server.js'] }, null, 2),
      'server.js': '1\n',
      'Dockerfile': DOCKERFILE,
      '.env': 'K=1\n',
      'notes.txt': 'n\n',
      'py/pyproject.toml': '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "mypkg"\nversion = "1.0.0"\n',
      'py/mypkg/__init__.py': '',
    });
    const { client: c } = await startServer(root);
    const edits: unknown[] = [];
    c.conn.onRequest('workspace/applyEdit', (p: { edit: CodeAction['edit'] }) => {
      edits.push(p.edit);
      c.applyEdit(p.edit);
      return { applied: true };
    });
    const uri = c.open(path.join(root, 'Dockerfile'), 'dockerfile');
    const diags = await c.waitFor(uri, (d) => d.some((x) => x.code === 'secret-dotenv-in-publish-set'));
    const env = diags.find((x) => x.code === 'secret-dotenv-in-publish-set')!;
    assert.equal(env.range.start.line, 2, 'on the COPY . . line');
    const actions = (await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: env.range, context: { diagnostics: [env] } })) as CodeAction[];
    const fix = actions.find((a) => /\.dockerignore/.test(a.title));
    assert.ok(fix, actions.map((a) => a.title).join(' | '));

    const lenses = await c.lenses(uri);
    assert.ok(lenses.some((l) => l.range.start.line === 2 && /^ships \d+ files \(image\): /.test(l.command?.title ?? '')), JSON.stringify(lenses.map((l) => l.command?.title)));

    const sets = (await c.conn.sendRequest(PublishSetsRequest, {})) as UnitInfo[];
    const img = sets.find((u) => u.packager === 'docker')!;
    const npm = sets.find((u) => u.packager === 'npm')!;
    const py = sets.find((u) => u.packager === 'python')!;
    assert.ok(img && npm && py, JSON.stringify(sets.map((u) => u.packager)));
    assert.equal(img.root, npm.root, 'same folder');
    assert.notEqual(img.id, npm.id, 'told apart by id');
    assert.equal(img.label, 'container image');
    assert.equal(img.packer, 'docker build');
    assert.deepEqual(img.files.find((f) => f.path === '.env')?.shipsIn, [{ artifact: 'image', path: '/app/.env' }]);
    assert.deepEqual(py.files.find((f) => f.path === 'mypkg/__init__.py')?.shipsIn?.map((x) => x.artifact).sort(), ['sdist', 'wheel']);

    // Exclude from the image (by id), not from the npm package at the same root.
    const r = (await c.conn.sendRequest('workspace/executeCommand', { command: 'leakguard.excludeFromPackage', arguments: [{ unitRoot: img.root, unitId: img.id, path: 'notes.txt' }] })) as { applied: boolean; reason?: string };
    assert.equal(r.applied, true, r.reason);
    assert.match(fs.readFileSync(path.join(root, '.dockerignore'), 'utf8'), /^notes\.txt$/m);
    assert.ok(!fs.existsSync(path.join(root, '.npmignore')), 'the npm package was not touched');
    assert.equal(edits.length, 1);
    assert.equal(await c.shutdown(), 0);
  });
});
