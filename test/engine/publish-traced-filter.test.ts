/**
 * Issue #20: the npm publish set replays ignore-walk's `filterEntry` (publish/npm.ts tracedFilter)
 * with shortcuts: paths split once, `matchOne` skipped where a pattern cannot match, and, in file
 * mode, only the rules whose literal parts are among the path's segments asked. The oracle is the
 * npm-packlist library itself, untouched, on random trees with random ignore files at several
 * levels (names that npm's default rules and the random rules name, in both cases, and others).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { DiskFileSystem } from '../../server/src/engine/safe/fs';
import { makeUnit } from '../../server/src/engine/workspace';
import { computePublishSet } from '../../server/src/engine/publish/index';
import { toPosix } from '../../server/src/engine/paths';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const packlist = require('npm-packlist') as (tree: unknown, opts?: Record<string, unknown>) => Promise<string[]>;

const NAMES = ['a.js', 'b.ts', 'x.orig', '._x', '.DS_Store', '.ds_store', 'CVS', 'cvs', '.git', '.npmrc', 'npm-debug.log', 'NPM-DEBUG.LOG', 'config.gypi', 'build', 'lib', 'src', 'dist', 'docs', 'test', '.x.swp', 'README.md', 'Keep.md', 'archived-packages', '.wafpickle-1', 'node_modules', '.env', 'index.js.map', 'Index.JS.map'];
const PATTERNS = ['*.map', '!index.js.map', 'src', '/dist', 'dist/', 'docs/**', '!docs/Keep.md', 'KEEP.MD', '**/test/**', 'lib/*.js', 'a.js', '/a.js', 'b.TS', '*.orig', '!x.orig', '.DS_Store', '!.ds_store', 'build/config.gypi', '!build/', 'cvs', '!CVS', '.env', '**/.env', '*.md', '!README.md', 'x/**/y', '[ab].js', '?.ts', '**'];

const segment = fc.constantFrom(...NAMES);
const relPath = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join('/'));
const ignoreFile = fc.array(fc.constantFrom(...PATTERNS), { maxLength: 6 }).map((l) => l.join('\n') + '\n');

/** Regular files under `root` (package.json included). */
function countFiles(root: string): number {
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

describe('npm publish set: the traced filter answers as npm-packlist does (issue #20)', function () {
  this.timeout(300_000);
  const disk = new DiskFileSystem();

  it('random trees and ignore files: the same files as npm-packlist, untouched', async () => {
    let shipped = 0;
    let dropped = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(relPath, { minLength: 1, maxLength: 25 }),
        fc.array(fc.tuple(fc.constantFrom('', 'lib/', 'docs/', 'src/', 'build/'), fc.constantFrom('.npmignore', '.gitignore'), ignoreFile), { maxLength: 3 }),
        fc.option(fc.array(fc.constantFrom('lib', 'dist/', 'src/**', 'docs', '*.md', 'a.js', '!lib/x.orig', 'build'), { minLength: 1, maxLength: 3 }), { nil: undefined }),
        async (files, ignores, filesField) => {
          const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-tf-'));
          try {
            const manifest = { name: 'tf', version: '1.0.0', main: 'a.js', ...(filesField ? { files: filesField } : {}) };
            fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify(manifest));
            // A name used both as a file and as a folder (or a folder where a file is): the first one written wins.
            const put = (rel: string, text: string) => {
              try {
                fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
                fs.writeFileSync(path.join(root, rel), text);
              } catch {
                // ENOTDIR / EISDIR: skipped.
              }
            };
            for (const rel of [...files].sort((a, b) => b.split('/').length - a.split('/').length)) put(rel, 'x');
            for (const [dir, name, text] of ignores) put(dir + name, text);
            const unit = makeUnit(toPosix(path.join(root, 'package.json')), fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
            const ours = (await computePublishSet(disk, unit)).files.map((f) => f.path).sort();
            const theirs = (await packlist({ path: root, package: manifest, isProjectRoot: true, edgesOut: new Map() })).map((p) => p.replace(/\\/g, '/')).sort();
            assert.deepEqual(ours, theirs, JSON.stringify({ files, ignores, filesField }));
            shipped += ours.length;
            dropped += theirs.length === 0 ? 0 : countFiles(root) - ours.length;
          } finally {
            fs.rmSync(root, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 1000 },
    );
    // Not vacuous: files shipped and files kept out.
    assert.ok(shipped > 1000 && dropped > 1000, `${shipped} shipped, ${dropped} kept out`);
  });
});
