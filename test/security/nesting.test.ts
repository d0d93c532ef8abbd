/**
 * Issue #15 item 8: 200,000 nested `[` in any package.json (even one under test/fixtures/) or in
 * .leakguardrc.json overflowed the parser's stack and blinded the whole folder ("Maximum call
 * stack size exceeded", exit 2). Nesting is bounded by a linear scan before parsing: the one file
 * is reported, the rest is analysed, and the exit code follows the documented contract (0/1 from
 * the findings; 2 only for a configuration error).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { writeTree } from '../helpers/rule-tester';
import { startServer, killAll } from '../helpers/lsp-client';
import { runCli } from './hostile-run';
import { jsonDepthExceeded, MAX_JSON_DEPTH } from '../../server/src/engine/safe/json-depth';

const DEEP = '['.repeat(200_000);
/** A clean package: no findings of its own. */
const cleanPkg = JSON.stringify({ name: 'victim', version: '1.0.0', main: 'index.js', files: ['index.js'], license: 'MIT', repository: 'https://github.com/acme/victim' });
/** A package with a finding (no "files" allowlist): proof that it is still analysed. */
const leakyPkg = JSON.stringify({ name: 'victim', version: '1.0.0', main: 'index.js', license: 'MIT', repository: 'https://github.com/acme/victim' });

describe('security: deeply nested JSON blinds nothing (issue #15 item 8)', function () {
  this.timeout(120_000);
  afterEach(killAll);

  it('CLI: a 200,000-deep package.json under test/fixtures/ is reported by name; the clean root exits 0', () => {
    const root = writeTree({ 'package.json': cleanPkg, 'index.js': '1', 'test/fixtures/deep/package.json': DEEP });
    const r = runCli(['check'], root);
    assert.equal(r.timedOut, false);
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /test\/fixtures\/deep\/package\.json: JSON nested more than 256 levels deep; this file is not analysed\./);
    assert.doesNotMatch(r.stderr, /Maximum call stack/);
  });

  it('CLI: with the deep fixture, the root package is still analysed (its finding exits 1)', () => {
    const root = writeTree({ 'package.json': leakyPkg, 'index.js': '1', 'test/fixtures/deep/package.json': `{"a":${DEEP}` });
    const r = runCli(['check', '--fail-on', 'warning'], root);
    assert.equal(r.timedOut, false);
    assert.equal(r.code, 1, `${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /publish-missing-files-allowlist/);
    assert.match(r.stderr, /deep\/package\.json: JSON nested more than/);
  });

  it('CLI: a 200,000-deep .leakguardrc.json is a configuration error at its place (exit 2), and the package is still analysed', () => {
    const root = writeTree({ 'package.json': leakyPkg, 'index.js': '1', '.leakguardrc.json': DEEP });
    const r = runCli(['check'], root);
    assert.equal(r.timedOut, false);
    assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /\.leakguardrc\.json:1:257\s+error\s+JSON nested more than 256 levels deep.*leakguard-config-invalid/);
    assert.match(r.stdout, /publish-missing-files-allowlist/);
  });

  it('language server: the deep fixture does not blind the folder; the root package.json gets its diagnostics', async () => {
    const root = writeTree({ 'package.json': leakyPkg, 'index.js': '1', 'test/fixtures/deep/package.json': DEEP });
    const { client } = await startServer(root);
    const uri = client.open(path.join(root, 'package.json'), 'json');
    await client.waitFor(uri, (d) => d.some((x) => x.code === 'publish-missing-files-allowlist'), 60_000);
    // Opening the hostile file itself is answered too (no crash, no diagnostics from a parse).
    const deep = client.open(path.join(root, 'test/fixtures/deep/package.json'), 'json');
    await client.waitFor(deep, () => true, 60_000);
    assert.equal(await client.shutdown(), 0);
  });

  it('every tree parse of workspace JSON goes through the depth bound (no direct jsonc-parser parseTree outside json-depth.ts)', () => {
    const fs = require('node:fs') as typeof import('node:fs');
    const root = path.resolve(__dirname, '../..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ts$/.test(e.name) && /import \{[^}]*\bparseTree\b[^}]*\} from 'jsonc-parser'/.test(fs.readFileSync(p, 'utf8')) && !p.endsWith('json-depth.ts')) offenders.push(path.relative(root, p));
      }
    };
    for (const d of ['server/src', 'rules', 'client/src']) walk(path.join(root, d));
    assert.deepEqual(offenders, []);
  });

  it('the depth scan: strings and comments do not count; the offset is the first bracket past the bound', () => {
    assert.equal(MAX_JSON_DEPTH, 256);
    assert.equal(jsonDepthExceeded(`{"a": "${'['.repeat(1000)}"} // ${'{'.repeat(1000)}\n/* ${'['.repeat(1000)} */`), -1);
    assert.equal(jsonDepthExceeded(`${'['.repeat(256)}${']'.repeat(256)}`), -1);
    assert.equal(jsonDepthExceeded(`${'['.repeat(257)}`), 256);
    assert.equal(jsonDepthExceeded(`{"k\\"[": ${'{"x":'.repeat(300)}`), 9 + 5 * 255);
  });
});
