/**
 * Issue #20: the tokenizer's fast paths (keywords compared in place, line comments ended with
 * indexOf, memoised context heuristics) must give exactly what the tokenizer gave before them.
 * The oracle is that earlier tokenizer, kept verbatim in reference/tokenize-before-20.ts; both scan
 * the same corpus (bench-shaped generated modules, this repository's own sources, and random
 * JS-like fragments from fast-check) and must agree token for token and literal for literal, and
 * the prompt finder built on top must report the same hits.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { scanJs, Tk, type ScanResult, type ScanOptions } from '../../server/src/engine/content/prompt/tokenize';
import { logicalStrings } from '../../server/src/engine/content/prompt/strings';
import { findPrompts } from '../../server/src/engine/content/prompt/score';
import { scanJs as scanJsBefore } from './reference/tokenize-before-20';

const REPO = path.resolve(__dirname, '../..');

function shape(r: Pick<ScanResult, 'tokens' | 'literals'>): unknown {
  const n = r.tokens.count;
  return {
    count: n,
    kinds: Array.from(r.tokens.kinds.subarray(0, n)),
    starts: Array.from(r.tokens.starts.subarray(0, n)),
    ends: Array.from(r.tokens.ends.subarray(0, n)),
    literals: r.literals,
  };
}

const OPTIONS: ScanOptions[] = [{}, { jsx: false }, { comments: false }, { jsx: false, comments: false }];

function assertSame(text: string, label: string): void {
  for (const opts of OPTIONS) {
    const now = scanJs(text, opts);
    const before = scanJsBefore(text, opts);
    assert.deepStrictEqual(shape(now), shape(before as unknown as ScanResult), `${label} ${JSON.stringify(opts)}`);
    // The logical strings (what the prompt rule scores) follow from the same token stream.
    if (opts.comments === false) {
      const all = logicalStrings(before as unknown as ScanResult);
      assert.deepStrictEqual(logicalStrings(now), all, `${label} logical strings`);
      // With a minimum length (what the prompt finder asks for), exactly the short standalone literals go.
      for (const min of [1, 4, 60]) assert.deepStrictEqual(logicalStrings(now, min), all.filter((x) => !shortStandalone(now, x, min)), `${label} logical strings of ${min}+`);
    }
  }
}

/** A string literal or template that is a whole logical string by itself (not JSX, not a push, no `+` after it) and shorter than `min`. */
function shortStandalone(scan: ScanResult, s: ReturnType<typeof logicalStrings>[number], min: number): boolean {
  const k = scan.tokens.kinds[s.exprFirst];
  const literalToken = k === Tk.String || k === Tk.Template || k === Tk.TemplateHead;
  const n = s.exprLast + 1;
  const plusAfter = n < scan.tokens.count && scan.tokens.kinds[n] === Tk.Punct && scan.text.slice(scan.tokens.starts[n], scan.tokens.ends[n]) === '+';
  return (s.kind === 'literal' || s.kind === 'template') && literalToken && !plusAfter && scan.tokens.starts[s.exprFirst] === s.start && s.text.length < min;
}

function sourcesUnder(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sourcesUnder(p, out);
    else if (/\.(?:[cm]?[jt]sx?)$/.test(e.name) && !/\.d\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

describe('tokenize: fast paths equal the tokenizer before issue #20', function () {
  this.timeout(120_000);

  it('on bench-shaped generated modules (the plain monorepo and the big map sources)', async () => {
    const gen = await import(path.join(REPO, 'bench/gen.mjs'));
    const texts: string[] = [];
    // generatePlainMonorepo's files are what the bench scans: generate a small tree and read it back.
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'lg-tok-eq-'));
    try {
      gen.generatePlainMonorepo(dir, { packages: 2, perPackage: 40, lines: 120, seed: 11 });
      for (const f of sourcesUnder(path.join(dir, 'packages'))) texts.push(fs.readFileSync(f, 'utf8'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.ok(texts.length >= 80, `${texts.length} generated files`);
    texts.forEach((x, i) => assertSame(x, `generated #${i}`));
    // Not vacuous: the planted prompt is found, and by both tokenizers' strings alike.
    const withPrompt = texts.filter((x) => x.includes('SYSTEM_PROMPT'));
    assert.equal(withPrompt.length, 1);
    assert.equal(findPrompts(withPrompt[0], { path: 'a.js' }).length, 1);
  });

  it("on this repository's own sources (templates, regexes, JSX-free TS, comments)", () => {
    const files = [...sourcesUnder(path.join(REPO, 'server/src')), ...sourcesUnder(path.join(REPO, 'rules')), ...sourcesUnder(path.join(REPO, 'test/fixtures'))];
    assert.ok(files.length > 100);
    for (const f of files) assertSame(fs.readFileSync(f, 'utf8'), path.relative(REPO, f));
  });

  it('on random JS-like fragments: keywords and near-keywords, every line terminator, comments, regexes, templates, JSX', () => {
    const piece = fc.constantFrom(
      'return', 'returns', 'throw', 'yield', 'await', 'case', 'default', 'defaults', 'delete', 'deletes', 'do', 'dog', 'else', 'for', 'fork', 'if', 'iff',
      'instanceof', 'instanceofs', 'new', 'typeof', 'void', 'while', 'with', 'within', 'x', 'a', 'zed', 'In', 'Return', '$', '#p', '.', '?.',
      ' ', '\t', '\n', '\r', '\r\n', '\u2028', '\u2029', '//', '// c ', '/*', '*/', '/* x\n */', '/', '/re/g', '[', ']', '(', ')', '{', '}', '=', '=>', '<', '>', '</', '/>',
      '"s"', "'t'", '"un', '"a longer string"', '`tpl ${x} text`', 'x.push("pushed")', 'a += "appended"', '["a", "bb"]', '"p" + q', '`', '`a${', '}b`', '${', '\\', '\\n', '1', '1.5', '++', '--', ',', ';', ':', '?', '!', '&&', '+', '-', '*', '%', 'é', '😀', '\u00a0',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
        assertSame(parts.join(''), JSON.stringify(parts.join('')));
      }),
      // A template still open at the end, its substitution ending in `+` (a run of this property found it: the grouper left out the substitution's last token).
      { numRuns: 3000, examples: [[['`a${', '"s"', '+']]] },
    );
  });

  it('can fail: a tokenizer that differs in one token is caught by the comparison', () => {
    const text = 'return /x/; a / b // c\n';
    const now = scanJs(text);
    const broken = { ...now, tokens: { ...now.tokens, kinds: now.tokens.kinds.slice(), starts: now.tokens.starts, ends: now.tokens.ends } };
    broken.tokens.kinds[1] = (broken.tokens.kinds[1] + 1) % 256;
    assert.notDeepStrictEqual(shape(broken), shape(scanJsBefore(text) as unknown as ScanResult));
  });
});
