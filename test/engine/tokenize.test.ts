import * as assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as path from 'node:path';
import fc from 'fast-check';
import jsTokens = require('js-tokens');
import { scanJs, decodeJsEscapes, jsxForPath, Tk, SUBSTITUTION, type JsLiteral } from '../../server/src/engine/content/prompt/tokenize';
import { logicalStringsOf, stringContext } from '../../server/src/engine/content/prompt/strings';

const lits = (src: string, jsx = true) => scanJs(src, { jsx }).literals.map((l) => ({ kind: l.kind, raw: src.slice(l.start, l.end), value: l.value, closed: l.closed }));
const ofKind = (src: string, kind: JsLiteral['kind'], jsx = true) => lits(src, jsx).filter((l) => l.kind === kind);

describe('tokenize: scanJs', () => {
  it('tells regex literals from division', () => {
    const src = 'a = b / c / d; r = /["\'`]+/g.test(x); y = (1) / 2 / 3; if (x) /re/.exec(s); return /x/; z = a++ / 2; q = [] / 1';
    const regexes = ofKind(src, 'regex').map((l) => l.raw);
    assert.deepEqual(regexes, ['/["\'`]+/g', '/re/', '/x/']);
    assert.deepEqual(ofKind(src, 'string'), [], 'the quotes inside the regex class are not strings');
  });

  it('handles `/` inside a regex character class (where js-tokens stops early)', () => {
    const src = 'const p = /^(?:internal[\\\\/]|x)$/; const s = "after";';
    assert.deepEqual(ofKind(src, 'regex').map((l) => l.raw), ['/^(?:internal[\\\\/]|x)$/']);
    assert.deepEqual(ofKind(src, 'string').map((l) => l.value), ['after']);
  });

  it('decodes escapes in strings: \\n, \\x41, \\u0041, \\u{1F600}, octal, line continuation', () => {
    const src = String.raw`s = "a\nb\x41\u0042\u{1F600}\101\
c\q";`;
    assert.equal(ofKind(src, 'string')[0].value, 'a\nbAB\u{1F600}Acq');
    assert.equal(decodeJsEscapes(String.raw`\u{110000}\xZZ\u12`, false), 'u{110000}xZZu12', 'invalid escapes keep their letter');
    assert.equal(decodeJsEscapes('\\', false), '', 'a lone backslash at the end');
  });

  it('reads nested templates with substitutions as one literal each', () => {
    const src = 'x = `outer ${a ? `inner ${b} tail` : "s"} end ${ {k: 1}.k }!`;';
    const templates = ofKind(src, 'template');
    assert.deepEqual(templates.map((t) => t.value), [`outer ${SUBSTITUTION} end ${SUBSTITUTION}!`, `inner ${SUBSTITUTION} tail`]);
    assert.deepEqual(ofKind(src, 'string').map((l) => l.value), ['s']);
    const outer = scanJs(src).literals.find((l) => l.kind === 'template')!;
    assert.deepEqual(outer.substitutions!.map((s) => src.slice(s.start, s.end)), ['a ? `inner ${b} tail` : "s"', ' {k: 1}.k ']);
    assert.equal(src.slice(outer.start, outer.end), src.slice(4, -1));
  });

  it('yields JSX text and attribute strings, and does not treat TS casts as JSX in .ts', () => {
    const src = 'const el = <p title="It\'s">Hello, {name}! Don\'t "quote"</p>;';
    assert.deepEqual(ofKind(src, 'jsx-text').map((l) => l.value), ['Hello, ', '! Don\'t "quote"']);
    assert.deepEqual(ofKind(src, 'jsx-string').map((l) => l.value), ["It's"]);
    assert.deepEqual(ofKind(src, 'string'), []);
    const ts = 'const n = <number>value; const s = "after cast";';
    assert.equal(jsxForPath('src/a.ts'), false);
    assert.equal(jsxForPath('src/a.tsx'), true);
    assert.deepEqual(ofKind(ts, 'string', false).map((l) => l.value), ['after cast']);
  });

  it('keeps quotes inside comments out of strings', () => {
    const src = '// it\'s "fine"\n/* don\'t `x` */ const a = \'real\'; #!not-a-hashbang';
    assert.deepEqual(ofKind(src, 'string').map((l) => l.value), ['real']);
    assert.deepEqual(ofKind(src, 'comment').map((l) => l.value), [' it\'s "fine"', ' don\'t `x` ']);
    assert.equal(scanJs('#!/usr/bin/env node\n"x"').literals[0].kind, 'comment');
  });

  it('ends unterminated strings at the line end and unterminated templates/comments at EOF', () => {
    assert.deepEqual(lits('a = "abc\nb = 1'), [{ kind: 'string', raw: '"abc', value: 'abc', closed: false }]);
    const t = lits('a = `abc ${x');
    assert.equal(t[0].kind, 'template');
    assert.equal(t[0].closed, false);
    assert.equal(t[0].raw, '`abc ${x');
    assert.deepEqual(lits('/* open'), [{ kind: 'comment', raw: '/* open', value: ' open', closed: false }]);
    assert.deepEqual(lits('x = /abc'), [{ kind: 'regex', raw: '/abc', value: 'abc', closed: false }]);
    assert.deepEqual(lits('s = "\\'), [{ kind: 'string', raw: '"\\', value: '', closed: false }]);
  });

  it('agrees with js-tokens on string, template and regex offsets for ordinary code', () => {
    const src = [
      'import x from "y"; const a = `t ${b + `n ${c}`} u`; let r = /a[b]c/i, d = e / f;',
      'function g(h) { return h.map((i) => i * 2 / 3).filter(Boolean).join(", "); }',
      'if (a) /foo/.test(b); else c = `x`; label: for (const k of ks) { s += \'q\\\'s\'; }',
      'const o = { "k": 1, [`c`]: 2 }; x = y ? /re/ : z; w = ++v / 2; u = v++ / 2;',
    ].join('\n');
    const ref: string[] = [];
    let off = 0;
    const types: Record<string, string> = { StringLiteral: 'S', NoSubstitutionTemplate: 'T', TemplateHead: 'T', TemplateMiddle: 'T', TemplateTail: 'T', RegularExpressionLiteral: 'R' };
    for (const t of jsTokens(src)) {
      if (types[t.type]) ref.push(`${types[t.type]}${off}-${off + t.value.length}`);
      off += t.value.length;
    }
    const scan = scanJs(src, { jsx: false });
    const kinds: Record<number, string> = { [Tk.String]: 'S', [Tk.Template]: 'T', [Tk.TemplateHead]: 'T', [Tk.TemplateMiddle]: 'T', [Tk.TemplateTail]: 'T', [Tk.Regex]: 'R' };
    const mine: string[] = [];
    for (let i = 0; i < scan.tokens.count; i++) if (kinds[scan.tokens.kinds[i]]) mine.push(`${kinds[scan.tokens.kinds[i]]}${scan.tokens.starts[i]}-${scan.tokens.ends[i]}`);
    assert.deepEqual(mine, ref);
  });

  it('never throws and always terminates on random input (property)', () => {
    const alphabet = fc.constantFrom('"', "'", '`', '/', '*', '\\', '$', '{', '}', '(', ')', '[', ']', '<', '>', '\n', ' ', 'a', 'x', '1', '+', '=', ':', ',', 'u', '#', '!', '\r');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 300 }).map((a) => a.join('')), fc.boolean(), (src, jsx) => {
        const r = scanJs(src, { jsx });
        for (const l of r.literals) assert.ok(l.start >= 0 && l.end <= src.length && l.start <= l.end);
        const { scan, strings } = logicalStringsOf(src, { jsx });
        for (const s of strings) {
          assert.ok(s.start <= s.end && s.end <= src.length);
          stringContext(scan, s);
        }
      }),
      { numRuns: 1500 },
    );
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (src) => void logicalStringsOf(src)), { numRuns: 500 });
  });

  it('stays linear on pathological inputs that break regex tokenizers', () => {
    // js-tokens overflows the regexp stack on the first and goes quadratic on the second.
    const cases = ['var a="' + 'ab\\n'.repeat(500_000) + '";', 'a = /' + '[\\]'.repeat(100_000), '`${'.repeat(20_000), '{'.repeat(100_000), '<a>'.repeat(20_000)];
    for (const src of cases) {
      const r = scanJs(src);
      assert.ok(r.tokens.count >= 1);
    }
    const big = scanJs(cases[0]).literals[0];
    assert.equal(big.value.length, 1_500_000);
  });
});

describe('tokenize: the scanner\'s objects have hidden classes of their own (#20)', () => {
  // V8 gives object literals with the same keys in the same order one shared map; a literal of the
  // scanner then shared it with unrelated code (structured-source's `{ start: position, end: position }`,
  // Node's `{ count, cb, stream, state }`), whose changes to those fields threw the optimised scanner
  // away mid-run. The objects stay plain (Object.prototype), as callers and the equivalence test expect.
  it('substitutions, quasis, the token stream and the result do not share a map with look-alike literals', () => {
    const script = `
      const { scanJs } = require(${JSON.stringify(require.resolve('../../server/src/engine/content/prompt/tokenize'))});
      const r = scanJs('const t = \`a \${b} c\`;', {});
      const lit = r.literals.find((l) => l.kind === 'template');
      process.stdout.write(JSON.stringify({
        control: %HaveSameMap({ start: 1, end: 2 }, { start: 3, end: 4 }),
        substitution: %HaveSameMap(lit.substitutions[0], { start: 1, end: 2 }),
        quasi: %HaveSameMap(lit.quasis[0], { start: 1, end: 2, value: 'x' }),
        tokens: %HaveSameMap(r.tokens, { count: 1, kinds: r.tokens.kinds, starts: r.tokens.starts, ends: r.tokens.ends }),
        result: %HaveSameMap(r, { text: '', tokens: r.tokens, literals: [], literalAt: r.literalAt }),
        plain: [lit.substitutions[0], lit.quasis[0]].every((o) => Object.getPrototypeOf(o) === Object.prototype),
      }));`;
    const run = cp.spawnSync(process.execPath, ['--allow-natives-syntax', '-r', 'tsx/cjs', '-e', script], { encoding: 'utf8', cwd: path.resolve(__dirname, '../..') });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { control: true, substitution: false, quasi: false, tokens: false, result: false, plain: true });
  });
});

describe('strings: logical strings', () => {
  const logical = (src: string) => logicalStringsOf(src).strings.map((s) => ({ kind: s.kind, text: s.text }));

  it('joins + chains, with non-literal operands as placeholders', () => {
    assert.deepEqual(logical('const p = "You are " + name + ". " + `Be ${tone}.`;'), [{ kind: 'concat', text: `You are ${SUBSTITUTION}. Be ${SUBSTITUTION}.` }]);
    assert.deepEqual(logical('x = "a" + f(g("inner")) + "b"'), [
      { kind: 'concat', text: `a${SUBSTITUTION}b` },
      { kind: 'literal', text: 'inner' },
    ]);
  });

  it('joins arrays with their .join separator, and newline for bare arrays', () => {
    assert.deepEqual(logical('p = ["one", "two", "three"].join("\\n\\n")'), [{ kind: 'array-join', text: 'one\n\ntwo\n\nthree' }]);
    assert.deepEqual(logical("p = ['a', 'b'].join('')"), [{ kind: 'array-join', text: 'ab' }]);
    assert.deepEqual(logical("p = ['a', 'b'].join()"), [{ kind: 'array-join', text: 'a,b' }]);
    assert.deepEqual(logical('p = ["a" + "b", "c",]'), [{ kind: 'array', text: 'ab\nc' }]);
    assert.deepEqual(logical('p = ["a", x, "c"]').map((s) => s.text), ['a', 'c'], 'mixed arrays stay separate');
    assert.deepEqual(logical('m = [["system", "be brief"]]').map((s) => s.text), ['system', 'be brief'], 'role tuples stay separate');
  });

  it('joins consecutive pushes / += on the same receiver', () => {
    assert.deepEqual(logical('out.lines.push("a");out.lines.push("b"),out.lines.push(`c`); other.push("d")'), [
      { kind: 'append', text: 'a\nb\nc' },
      { kind: 'literal', text: 'd' },
    ]);
    assert.deepEqual(logical('s += "a"; s += "b";'), [{ kind: 'append', text: 'ab' }]);
  });

  it('finds keys, callees and roles around a string', () => {
    const src = [
      'const SYSTEM_PROMPT = "x";',
      'client.messages.create({ model: m, system: "y" });',
      'const msgs = [{ content: "z", role: "system" }];',
      'console.warn("w");',
      'function getPrompt(): string { return `t`; }',
      'const sys = new SystemMessage(dedent`d`);',
    ].join('\n');
    const { scan, strings } = logicalStringsOf(src, { jsx: false });
    const ctx = Object.fromEntries(strings.map((s) => [s.text, stringContext(scan, s)]));
    assert.equal(ctx.x.key, 'SYSTEM_PROMPT');
    assert.equal(ctx.y.key, 'system');
    assert.equal(ctx.z.role, 'system');
    assert.equal(ctx.w.callee, 'console.warn');
    assert.equal(ctx.t.key, 'getPrompt');
    assert.equal(ctx.t.keyVia, 'function');
    assert.equal(ctx.d.tag, 'dedent');
    assert.equal(ctx.d.callee, 'new SystemMessage');
  });
});
