/**
 * Issue #20: the ignore-file replay (publish/replay.ts) matches with minimatch's `match` plus
 * shortcuts (matchLevel) and shares folder results between the files of a folder. Its answers must
 * be the ones it gave before: the old code is kept verbatim as the oracle
 * (test/engine/reference/replay-before-20.ts), compared on random ignore files and random paths,
 * several paths per rule set (so the folder caches are reused), and on this repository's own files.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { parseIgnoreRules, lastMatchingRule, ignoreVerdict } from '../../server/src/engine/publish/replay';
import { lastMatchingRuleBefore, ignoreVerdictBefore } from './reference/replay-before-20';

const PATTERNS = [
  'node_modules/', 'node_modules', '/dist', 'dist/', '*.log', '!keep.log', '*.map', '!dist/**', 'dist/**', '**/*.map', '/lib/**/*.js', 'src', 'src/', '!src/index.ts', '.env*', '!.env.example',
  'coverage/', '**/test/**', 'test', '*.tsbuildinfo', '/*.md', '!README.md', 'a/b', '/a/b/', 'a/**/c', '**/b', '!**/b/keep', '[Bb]uild/', '*.[jt]s', '?.txt', 'docs/**/*.md', '!docs/api/',
  '.DS_Store', '#comment', '', '  spaced  ', 'A/', 'x/*/y', 'p000/dist/*.js', 'p*/', '!p001/', '**', '*', '!*.ts', '/', 'dir/', '!dir/sub/',
];
const SEGMENTS = ['a', 'b', 'c', 'dist', 'src', 'lib', 'test', 'docs', 'api', 'node_modules', 'keep.log', 'x.log', 'index.ts', 'index.js', 'index.js.map', 'README.md', '.env', '.env.example', '.env.local', 'Build', 'build', 'y', 'keep', 'p000', 'p001', 'sub', 'dir', 'q.txt', 'x.tsbuildinfo', 'A', 'UPPER.MAP', 'é.js'];

const rulesArb = fc.array(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 8 }).map((lines) => parseIgnoreRules(lines.join('\n')));
const pathArb = fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));

describe('publish replay: shortcuts and folder caches give the answers of before (issue #20)', () => {
  it('lastMatchingRule and ignoreVerdict equal the old code on random ignore files and paths', () => {
    let decided = 0;
    fc.assert(
      fc.property(rulesArb, fc.array(pathArb, { minLength: 1, maxLength: 12 }), (rules, paths) => {
        for (const p of [...paths, ...paths]) {
          const hit = lastMatchingRule(rules, p);
          assert.equal(hit, lastMatchingRuleBefore(rules, p), `lastMatchingRule ${p} in ${rules.map((r) => r.pattern).join(' | ')}`);
          const v = ignoreVerdict(rules, p);
          assert.deepEqual(v, ignoreVerdictBefore(rules, p), `ignoreVerdict ${p} in ${rules.map((r) => r.pattern).join(' | ')}`);
          if (hit) decided++;
        }
      }),
      { numRuns: 2000 },
    );
    assert.ok(decided > 2000, `${decided} paths matched some rule`);
  });

  it('this repository: every tracked file against its own .gitignore and npm-like rules', () => {
    const root = path.resolve(__dirname, '../..');
    const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
    assert.ok(files.length > 300);
    for (const text of [require('node:fs').readFileSync(path.join(root, '.gitignore'), 'utf8'), '*.ts\n!server/**\nserver/src/lsp/\ntest/**/*.json\n/docs\n**/reference/', PATTERNS.join('\n')]) {
      const rules = parseIgnoreRules(text);
      for (const f of files) {
        assert.equal(lastMatchingRule(rules, f), lastMatchingRuleBefore(rules, f), f);
        assert.deepEqual(ignoreVerdict(rules, f), ignoreVerdictBefore(rules, f), f);
      }
    }
  });
});
