/**
 * A linear-time JavaScript / TypeScript / JSX lexer for content rules.
 *
 * It yields what content rules read (string literals, template literals with their substitutions,
 * regular-expression literals, comments, JSX text and attribute strings) with offsets and decoded
 * values, plus a compact stream of every significant token (kinds and offsets in typed arrays) so
 * callers can look at the code around a literal without building an AST.
 *
 * Why not js-tokens 9 directly: its sticky regexes overflow V8's regexp backtrack stack on string
 * literals with millions of escapes ("Maximum call stack size exceeded" on a 9 MB escaped string),
 * go quadratic on unterminated regex character classes (`/[\]` ×30k takes 2.5 s), and its
 * per-token generator costs ~400 ms on a 10 MB minified bundle. This scanner is a character-code
 * port of the same state machine (js-tokens' regex-vs-division and JSX heuristics: the previous
 * significant token, a brace stack, template and JSX modes), with hand-written loops for every
 * unbounded token; the test suite checks it against js-tokens token by token.
 */

/** Kinds of significant tokens in {@link TokenStream.kinds}. */
export const Tk = {
  Punct: 1,
  Ident: 2,
  PrivateIdent: 3,
  Number: 4,
  String: 5,
  /** A template without substitutions: `` `…` ``. */
  Template: 6,
  /** `` `…${ `` */
  TemplateHead: 7,
  /** `` }…${ `` */
  TemplateMiddle: 8,
  /** `` }…` `` */
  TemplateTail: 9,
  Regex: 10,
  JsxText: 11,
  JsxPunct: 12,
  JsxIdent: 13,
  JsxString: 14,
  Invalid: 15,
} as const;
export type TokenKind = (typeof Tk)[keyof typeof Tk];

/** Every significant token (no whitespace, no comments), as parallel typed arrays. */
export interface TokenStream {
  count: number;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
}

export type LiteralKind = 'string' | 'template' | 'regex' | 'comment' | 'jsx-text' | 'jsx-string';

/** One literal-like piece of text in the source. */
export interface JsLiteral {
  kind: LiteralKind;
  /** Offset of the first character of the token (the quote, backtick, slash, `//`). */
  start: number;
  /** Offset just past the token. */
  end: number;
  /**
   * The decoded value: escapes resolved for strings and templates (template substitutions
   * replaced by {@link SUBSTITUTION}), the body for comments and regexes, the raw text for JSX.
   */
  value: string;
  /** False when the token runs into end of line/file without its closing delimiter. */
  closed: boolean;
  /** Index of the first significant token of this literal in the stream (-1 for comments). */
  token: number;
  /** For templates: index of the last token (the tail); equals `token` otherwise. */
  lastToken: number;
  /** Templates: the text pieces between substitutions, with offsets of their raw text. */
  quasis?: Array<{ start: number; end: number; value: string }>;
  /** Templates: the source ranges of the `${…}` expressions (without `${` and `}`). */
  substitutions?: Array<{ start: number; end: number }>;
}

/** The placeholder that stands for a template substitution in decoded text. */
export const SUBSTITUTION = '${…}';

export interface ScanOptions {
  /** Recognise JSX (default true; pass false for `.ts`/`.mts`/`.cts`, where `<T>x` is a cast). */
  jsx?: boolean;
  /** Collect comments as literals (default true). */
  comments?: boolean;
}

export interface ScanResult {
  text: string;
  tokens: TokenStream;
  /** Literals in source order (by start offset). */
  literals: JsLiteral[];
  /** Literal index by the token index of its first token. */
  literalAt: LiteralIndex;
}

/** Literal index by token index (a dense table: one slot per token, no hashing). */
export class LiteralIndex {
  constructor(private readonly table: Int32Array) {}

  get(token: number): number | undefined {
    const v = token >= 0 && token < this.table.length ? this.table[token] : -1;
    return v >= 0 ? v : undefined;
  }

  has(token: number): boolean {
    return this.get(token) !== undefined;
  }
}

/** True for file names whose JSX-ness is unknown or yes (`.ts` family says no: `<T>x` is a cast). */
export function jsxForPath(path: string): boolean {
  return !/\.(?:m|c)?ts$/i.test(path);
}

// js-tokens' heuristics, applied to a short "last significant token" tag instead of its text.
const TokensPrecedingExpression = /^(?:[/+-]|\.{3}|\?(?:InterpolationIn(?:JSX|Template)|NoLineTerminatorHere|NonExpressionParenEnd|UnaryIncDec))?$|[{}([,;<>=*%&|^!~?:]$/;
const TokensNotPrecedingObjectLiteral = /^(?:=>|[;\]){}]|else|\?(?:NoLineTerminatorHere|NonExpressionParenEnd))?$/;
const KeywordsWithExpressionAfter = /^(?:await|case|default|delete|do|else|instanceof|new|return|throw|typeof|void|yield)$/;
/** The single-character punctuators of the fast path below, as strings (a switch: no keyed property load per token). */
function singlePunct(c: number): string {
  switch (c) {
    case 44: return ',';
    case 59: return ';';
    case 58: return ':';
    case 91: return '[';
    case 93: return ']';
    case 126: return '~';
    default: return '.';
  }
}
/**
 * The keyword the heuristics care about (KeywordsWithExpressionAfter's words and for/if/while/with) spelled by
 * the `len` characters at `pos`, or VALUE: the same answer as slicing the word and looking it up.
 */
function keywordAt(text: string, pos: number, len: number): string {
  let kw: string | undefined;
  switch (text.charCodeAt(pos)) {
    case 97: kw = len === 5 ? 'await' : undefined; break;
    case 99: kw = len === 4 ? 'case' : undefined; break;
    case 100: kw = len === 7 ? 'default' : len === 6 ? 'delete' : len === 2 ? 'do' : undefined; break;
    case 101: kw = len === 4 ? 'else' : undefined; break;
    case 102: kw = len === 3 ? 'for' : undefined; break;
    case 105: kw = len === 2 ? 'if' : len === 10 ? 'instanceof' : undefined; break;
    case 110: kw = len === 3 ? 'new' : undefined; break;
    case 114: kw = len === 6 ? 'return' : undefined; break;
    case 116: kw = len === 5 ? 'throw' : len === 6 ? 'typeof' : undefined; break;
    case 118: kw = len === 4 ? 'void' : undefined; break;
    case 119: kw = len === 5 ? 'while' : len === 4 ? 'with' : undefined; break;
    case 121: kw = len === 5 ? 'yield' : undefined; break;
  }
  return kw !== undefined && text.startsWith(kw, pos) ? kw : VALUE;
}

/** `return`, `throw`, `yield` (what js-tokens' /^(?:return|throw|yield)$/ tests, without a regex run per line). */
function noLineTerminatorAfter(last: string): boolean {
  return last === 'return' || last === 'throw' || last === 'yield';
}
/**
 * The heuristics above depend only on the last token's tag, which takes few distinct values
 * (punctuators, keywords, VALUE, `?…` tags): their answers are memoised per tag (issue #20: the
 * regex runs on every `{` and `/` were a visible share of the scan).
 */
const exprContextMemo = new Map<string, boolean>();
const objectBraceMemo = new Map<string, boolean>();
function exprContext(last: string): boolean {
  let v = exprContextMemo.get(last);
  if (v === undefined) {
    v = TokensPrecedingExpression.test(last) || KeywordsWithExpressionAfter.test(last);
    if (exprContextMemo.size < 4096) exprContextMemo.set(last, v);
  }
  return v;
}
/** `{` after this tag opens an object literal (an expression), not a block. */
function braceIsExpression(last: string): boolean {
  let v = objectBraceMemo.get(last);
  if (v === undefined) {
    v = !TokensNotPrecedingObjectLiteral.test(last) && exprContext(last);
    if (objectBraceMemo.size < 4096) objectBraceMemo.set(last, v);
  }
  return v;
}
const Punctuator = /--|\+\+|=>|\.{3}|\??\.(?!\d)|(?:&&|\|\||\?\?|[+\-%&|^]|\*{1,2}|<{1,2}|>{1,3}|!=?|={1,2}|\/(?![/*]))=?|[?~,:;[\](){}]/y;
const JsxPunctuator = /[<>.:={}]|\/(?![/*])/y;
/** A tag for any value-like token (identifier, literal): matches none of the heuristics above. */
const VALUE = 'a';

const enum Mode {
  JS,
  JSNonExpressionParen,
  InterpolationInTemplate,
  InterpolationInJSX,
  JSXTag,
  JSXTagEnd,
  JSXChildren,
}

/**
 * The scanner's own objects are class instances, not object literals (issue #20). V8 gives every
 * object literal with the same keys in the same order one shared hidden class, so a literal here
 * shared it with unrelated code: Node's stream bookkeeping `{ count, cb, stream, state }`, whose
 * `count++` turns the field mutable, threw the optimised scanner away ("code dependencies" in
 * `--trace-deopt`), and each time it was compiled again (about 40 ms of compiler time). A class has
 * a map of its own.
 */
class Frame {
  constructor(
    readonly mode: Mode,
    readonly nesting: number,
  ) {}
}

function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

function isWhiteSpace(c: number): boolean {
  return (
    c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

/** 1 for the ASCII identifier characters: word chars, `$`, `\` (escapes). */
const ASCII_IDENT = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_IDENT[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 36 || c === 95 || c === 92 ? 1 : 0;

/**
 * Identifier characters, leniently: ASCII word chars, `$`, `\` (escapes) and any non-space non-ASCII.
 * A table for ASCII (issue #20: the comparison chain was a quarter of the scan).
 */
function isIdentChar(c: number): boolean {
  return c < 128 ? ASCII_IDENT[c] === 1 : !isWhiteSpace(c) && !isLineTerminator(c);
}

function isIdentStart(c: number): boolean {
  return isIdentChar(c) && !(c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** JSX identifiers also allow `-` (`aria-label`). */
function isJsxIdentChar(c: number): boolean {
  return isIdentChar(c) && c !== 92 ? true : c === 45;
}

/**
 * The token stream under construction: starts, ends, a slot per token for the literal index (filled
 * at the end) and kinds, all in one ArrayBuffer sized from the text (issue #20: three typed arrays
 * per file, grown by doubling, plus the literal table, were seven off-heap allocations per file).
 */
class Growable {
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  /** Literal index by token: -1 until `literalTable`. */
  table: Int32Array;
  count = 0;

  constructor(capacity: number) {
    const cap = Math.max(64, capacity);
    const buf = new ArrayBuffer(cap * 13);
    this.starts = new Int32Array(buf, 0, cap);
    this.ends = new Int32Array(buf, cap * 4, cap);
    this.table = new Int32Array(buf, cap * 8, cap);
    this.kinds = new Uint8Array(buf, cap * 12, cap);
  }

  push(kind: TokenKind, start: number, end: number): number {
    if (this.count === this.kinds.length) this.grow();
    this.kinds[this.count] = kind;
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    return this.count++;
  }

  private grow(): void {
    const n = this.kinds.length * 2;
    const buf = new ArrayBuffer(n * 13);
    const starts = new Int32Array(buf, 0, n);
    starts.set(this.starts);
    const ends = new Int32Array(buf, n * 4, n);
    ends.set(this.ends);
    const kinds = new Uint8Array(buf, n * 12, n);
    kinds.set(this.kinds);
    this.starts = starts;
    this.ends = ends;
    this.kinds = kinds;
    this.table = new Int32Array(buf, n * 8, n);
  }

  /** The literal index of each token (-1 for none), over the tokens pushed. */
  literalTable(literals: readonly JsLiteral[]): Int32Array {
    const table = this.table.subarray(0, this.count).fill(-1);
    for (let i = 0; i < literals.length; i++) if (literals[i].token >= 0) table[literals[i].token] = i;
    return table;
  }
}

class OpenTemplate {
  constructor(
    /** Index of the literal's slot in `literals`. */
    readonly at: number,
    readonly start: number,
    readonly token: number,
    readonly quasis: Array<{ start: number; end: number; value: string }>,
    readonly substitutions: Array<{ start: number; end: number }>,
    /** Offset where the current substitution's expression starts. */
    public exprStart: number,
  ) {}
}

/**
 * A template's quasi `{ start, end, value }` and a substitution's range `{ start, end }`: plain
 * objects (their prototype is Object.prototype, so callers and tests see the same objects as before)
 * made by constructors of their own, for a hidden class of their own. As object literals they shared
 * V8's map with every `{ start, end }` literal of the process, and structured-source's
 * `{ start: position, end: position }` (secretlint's, met when a secret is reported) turned those
 * fields from small integers into any value mid-run, which threw the optimised scanner away
 * (`--trace-generalization`, issue #20).
 */
type TemplateQuasi = { start: number; end: number; value: string };
type TemplateRange = { start: number; end: number };
const Quasi = function (this: TemplateQuasi, start: number, end: number, value: string) {
  this.start = start;
  this.end = end;
  this.value = value;
} as unknown as new (start: number, end: number, value: string) => TemplateQuasi;
Quasi.prototype = Object.prototype;
const SubstitutionRange = function (this: TemplateRange, start: number, end: number) {
  this.start = start;
  this.end = end;
} as unknown as new (start: number, end: number) => TemplateRange;
SubstitutionRange.prototype = Object.prototype;
/** Where a template chunk ends, and how (see scanTemplateChunk). */
class ChunkEnd {
  constructor(
    readonly end: number,
    readonly kind: 'close' | 'subst' | 'eof',
  ) {}
}

/** Where a regex literal ends (see scanRegex). */
class RegexEnd {
  constructor(
    readonly end: number,
    readonly bodyEnd: number,
    readonly closed: boolean,
  ) {}
}

class Tokens implements TokenStream {
  constructor(
    readonly count: number,
    readonly kinds: Uint8Array,
    readonly starts: Int32Array,
    readonly ends: Int32Array,
  ) {}
}

class Scanned implements ScanResult {
  constructor(
    readonly text: string,
    readonly tokens: TokenStream,
    readonly literals: JsLiteral[],
    readonly literalAt: LiteralIndex,
  ) {}
}

/**
 * Scans JS/TS/JSX source in one linear pass. Never throws; malformed input yields `Invalid`
 * tokens and unclosed literals.
 */
export function scanJs(text: string, opts: ScanOptions = {}): ScanResult {
  if (!primed) prime();
  return scan(text, opts);
}

/**
 * The first scan of a thread runs over a short sample that takes every branch (regex and division,
 * templates with and without substitutions, JSX, comments, numbers, escapes, a run of spaces): V8
 * then optimises the scanner with feedback from all of them, instead of optimising it after a few
 * files of plain code and throwing the code away at the first template or regex it had not seen
 * (issue #20: the scanner was compiled three times per thread, ~40 ms of compiler time each). The
 * sample had no indented line until round 6, and the optimised scanner was thrown away at the first
 * indentation of every thread (`--trace-deopt`: insufficient feedback for the `pos++` of that loop).
 */
let primed = false;
function prime(): void {
  primed = true;
  for (const jsx of [true, false]) for (const comments of [true, false]) KEPT.push(scan(PRIMER, { jsx, comments }));
  KEPT.push(new Frame(Mode.JS, 0), new Growable(0), new OpenTemplate(0, 0, 0, [], [], 0), new ChunkEnd(0, 'close'), new RegexEnd(0, 0, true));
}

/**
 * The primer's results (their tokens, literals, template pieces) and one instance of each class the
 * scan makes, kept for the life of the thread (issue #20). Optimised code holds the hidden classes it
 * checks for weakly. A full GC that ran while no scan was under way (the language server between two
 * edits, the CLI while it parses a large map) freed those classes with their last instances, and V8
 * threw the scanner and the grouper away (`--trace-deopt`: "weak objects", 15 to 21 functions); the
 * next scans ran in the slow tiers until compiled again: 4–14 ms instead of 0.9 ms for a 108 KB file,
 * and 5.7–11.7 ms instead of 2 ms for the file rules over four source files. Kept, the classes
 * survive and so does the code (test/engine/tokenize-gc.test.ts plays the GC). A CLI check's wall
 * time does not change: its threads scan without pause once they start.
 */
const KEPT: unknown[] = [];
const PRIMER = [
  '#!/usr/bin/env node',
  '"use strict"; /* block\n comment */ // line comment',
  '    const indented = 1;\t\t// a run of spaces, tabs',
  "import { a as b } from './x.js'; export default class C extends D { #p = 1; static s = 0x1F + 1e3 + .5 + 10n; get g() { return this.#p; } }",
  "const r = /ab+[/]c\\/gi.test(s) ? a / b / c : x++ - --y, t = `plain ${a + `in ${b}`} tail`, u = `only`, w = 'e\\'s\\x41\\u{1F600}';",
  'label: for (const k of o) if (k?.v ?? k...z) { continue label; } else while (i < n) { i += 2; i **= 1; i >>>= 0; }',
  'const el = <div className="a" {...p}>{items.map((i) => <Item key={i} />)} text &amp; more</div>;',
  'f(function () {}, async () => { await x; yield* g; }, { a: 1, "b": [2, 3], [c]: `${d}` }); x = y <= z && !w || q !== r; `${',
].join('\n');

function scan(text: string, opts: ScanOptions): ScanResult {
  const jsx = opts.jsx ?? true;
  const wantComments = opts.comments ?? true;
  const length = text.length;
  // Code averages a token per 3 to 10 characters: a first guess that rarely has to grow.
  const toks = new Growable((length >> 2) + 16);
  const literals: JsLiteral[] = [];
  const stack: Frame[] = [new Frame(Mode.JS, 0)];
  const braces: boolean[] = [];
  const templates: OpenTemplate[] = [];
  let parenNesting = 0;
  let postfixIncDec = false;
  let last = '';
  let pos = 0;

  const addLiteral = (lit: JsLiteral): void => {
    literals.push(lit);
  };

  // Hashbang.
  if (text.charCodeAt(0) === 35 && text.charCodeAt(1) === 33) {
    let e = 2;
    while (e < length && !isLineTerminator(text.charCodeAt(e))) e++;
    if (wantComments) addLiteral({ kind: 'comment', start: 0, end: e, value: text.slice(2, e), closed: true, token: -1, lastToken: -1 });
    pos = e;
  }

  /** Scans a template chunk starting at `start` (on "`" or "}"): returns end and whether it ended in `${`. */
  const scanTemplateChunk = (start: number): ChunkEnd => {
    let i = start + 1;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c === 96) return new ChunkEnd(i + 1, 'close');
      if (c === 92) {
        i += 2;
        continue;
      }
      if (c === 36 && text.charCodeAt(i + 1) === 123) return new ChunkEnd(i + 2, 'subst');
      i++;
    }
    return new ChunkEnd(length, 'eof');
  };

  const isExprContext = (): boolean => exprContext(last);

  // Next line terminator of each kind at or after a position, found with indexOf (a memchr) and
  // kept until the scan passes it: linear in the text, where a char-by-char loop to the end of
  // every line comment was the largest single line of the scan (issue #20).
  const nextAt = [-2, -2, -2, -2];
  const TERMINATORS = ['\n', '\r', '\u2028', '\u2029'];
  const lineEnd = (from: number): number => {
    let end = length;
    for (let k = 0; k < 4; k++) {
      let at = nextAt[k];
      if (at !== -1 && at < from) nextAt[k] = at = text.indexOf(TERMINATORS[k], from);
      if (at !== -1 && at < end) end = at;
    }
    return end;
  };

  while (pos < length) {
    const frame = stack[stack.length - 1];
    const mode = frame.mode;
    const c = text.charCodeAt(pos);

    if (mode === Mode.JSXChildren) {
      if (c === 60) {
        stack.push(new Frame(Mode.JSXTag, 0));
        toks.push(Tk.JsxPunct, pos, pos + 1);
        pos++;
        last = '<';
        continue;
      }
      if (c === 123) {
        stack.push(new Frame(Mode.InterpolationInJSX, braces.length));
        toks.push(Tk.JsxPunct, pos, pos + 1);
        pos++;
        last = '?InterpolationInJSX';
        postfixIncDec = false;
        continue;
      }
      if (c !== 62 && c !== 125) {
        let e = pos + 1;
        while (e < length) {
          const d = text.charCodeAt(e);
          if (d === 60 || d === 62 || d === 123 || d === 125) break;
          e++;
        }
        const t = toks.push(Tk.JsxText, pos, e);
        const value = text.slice(pos, e);
        if (value.trim() !== '') addLiteral({ kind: 'jsx-text', start: pos, end: e, value, closed: true, token: t, lastToken: t });
        last = VALUE;
        pos = e;
        continue;
      }
      // A stray `>` or `}` among JSX children: an invalid character, as in js-tokens.
      toks.push(Tk.Invalid, pos, pos + 1);
      last = text[pos];
      postfixIncDec = false;
      pos++;
      continue;
    }

    if (mode === Mode.JSXTag || mode === Mode.JSXTagEnd) {
      JsxPunctuator.lastIndex = pos;
      const m = JsxPunctuator.exec(text);
      if (m) {
        const p = m[0];
        let next = p;
        if (p === '<') stack.push(new Frame(Mode.JSXTag, 0));
        else if (p === '>') {
          stack.pop();
          if (last === '/' || mode === Mode.JSXTagEnd) {
            next = '?JSX';
            postfixIncDec = true;
          } else stack.push(new Frame(Mode.JSXChildren, 0));
        } else if (p === '{') {
          stack.push(new Frame(Mode.InterpolationInJSX, braces.length));
          next = '?InterpolationInJSX';
          postfixIncDec = false;
        } else if (p === '/' && last === '<') {
          stack.pop();
          if (stack.length > 0 && stack[stack.length - 1].mode === Mode.JSXChildren) stack.pop();
          stack.push(new Frame(Mode.JSXTagEnd, 0));
        }
        if (stack.length === 0) stack.push(new Frame(Mode.JS, 0));
        toks.push(Tk.JsxPunct, pos, pos + 1);
        pos++;
        last = next;
        continue;
      }
      if (isIdentStart(c) && c !== 92) {
        let e = pos + 1;
        while (e < length && isJsxIdentChar(text.charCodeAt(e))) e++;
        toks.push(Tk.JsxIdent, pos, e);
        last = VALUE;
        pos = e;
        continue;
      }
      if (c === 34 || c === 39) {
        let e = pos + 1;
        while (e < length && text.charCodeAt(e) !== c) e++;
        const closed = e < length;
        if (closed) e++;
        const t = toks.push(Tk.JsxString, pos, e);
        addLiteral({ kind: 'jsx-string', start: pos, end: e, value: text.slice(pos + 1, closed ? e - 1 : e), closed, token: t, lastToken: t });
        last = VALUE;
        pos = e;
        continue;
      }
      // Fall through to whitespace, comments and invalid characters below.
    } else {
      // JS-like modes.
      if (c === 32) {
        // Spaces: the same as the shared whitespace branch below, without the checks in between.
        pos++;
        while (pos < length && isWhiteSpace(text.charCodeAt(pos))) pos++;
        continue;
      }
      if (c === 10) {
        // A newline: the same as the shared line-terminator branch below.
        pos++;
        postfixIncDec = false;
        if (noLineTerminatorAfter(last)) last = '?NoLineTerminatorHere';
        continue;
      }
      if (c === 47) {
        const n = text.charCodeAt(pos + 1);
        if (n !== 47 && n !== 42 && isExprContext()) {
          const r = scanRegex(text, pos);
          const t = toks.push(Tk.Regex, pos, r.end);
          addLiteral({ kind: 'regex', start: pos, end: r.end, value: text.slice(pos + 1, r.bodyEnd), closed: r.closed, token: t, lastToken: t });
          last = VALUE;
          postfixIncDec = true;
          pos = r.end;
          continue;
        }
      }
      if (c === 34 || c === 39) {
        let e = pos + 1;
        let closed = false;
        let escapes = false;
        while (e < length) {
          const d = text.charCodeAt(e);
          if (d === c) {
            closed = true;
            e++;
            break;
          }
          if (d === 92) {
            escapes = true;
            e += text.charCodeAt(e + 1) === 13 && text.charCodeAt(e + 2) === 10 ? 3 : 2;
            continue;
          }
          if (d === 10 || d === 13) break;
          e++;
        }
        if (e > length) e = length;
        const t = toks.push(Tk.String, pos, e);
        const body = text.slice(pos + 1, closed ? e - 1 : e);
        addLiteral({ kind: 'string', start: pos, end: e, value: escapes ? decodeJsEscapes(body, false) : body, closed, token: t, lastToken: t });
        last = VALUE;
        postfixIncDec = true;
        pos = e;
        continue;
      }
      if (c === 96 || (c === 125 && mode === Mode.InterpolationInTemplate && braces.length === frame.nesting)) {
        const chunk = scanTemplateChunk(pos);
        const rawStart = pos + 1;
        const rawEnd = chunk.kind === 'close' ? chunk.end - 1 : chunk.kind === 'subst' ? chunk.end - 2 : chunk.end;
        const quasi = new Quasi(rawStart, rawEnd, decodeJsEscapes(text.slice(rawStart, rawEnd), true));
        if (c === 96) {
          if (chunk.kind === 'subst') {
            const t = toks.push(Tk.TemplateHead, pos, chunk.end);
            templates.push(new OpenTemplate(literals.length, pos, t, [quasi], [], chunk.end));
            literals.push(OPEN_TEMPLATE);
            stack.push(new Frame(Mode.InterpolationInTemplate, braces.length));
            last = '?InterpolationInTemplate';
            postfixIncDec = false;
          } else {
            const t = toks.push(Tk.Template, pos, chunk.end);
            addLiteral({ kind: 'template', start: pos, end: chunk.end, value: quasi.value, closed: chunk.kind === 'close', token: t, lastToken: t, quasis: [quasi], substitutions: [] });
            last = VALUE;
            postfixIncDec = true;
          }
        } else {
          const open = templates[templates.length - 1];
          const isTail = chunk.kind !== 'subst';
          const t = toks.push(isTail ? Tk.TemplateTail : Tk.TemplateMiddle, pos, chunk.end);
          if (open) {
            open.substitutions.push(new SubstitutionRange(open.exprStart, pos));
            open.quasis.push(quasi);
            open.exprStart = chunk.end;
          }
          if (isTail) {
            stack.pop();
            if (open) {
              templates.pop();
              closeTemplate(literals, open, chunk.end, chunk.kind === 'close', t);
            }
            last = VALUE;
            postfixIncDec = true;
          } else {
            last = '?InterpolationInTemplate';
            postfixIncDec = false;
          }
        }
        pos = chunk.end;
        continue;
      }
      if (c === 125 && mode === Mode.InterpolationInJSX && braces.length === frame.nesting) {
        stack.pop();
        toks.push(Tk.JsxPunct, pos, pos + 1);
        last = '}';
        pos++;
        continue;
      }
      if (isIdentStart(c) || (c === 35 && isIdentStart(text.charCodeAt(pos + 1)))) {
        let e = pos + 1;
        while (e < length && isIdentChar(text.charCodeAt(e))) e++;
        const priv = c === 35;
        toks.push(priv ? Tk.PrivateIdent : Tk.Ident, pos, e);
        // Only short lower-case words can be keywords: compared in place, no slice per identifier.
        const word = c >= 97 && c <= 121 ? keywordAt(text, pos, e - pos) : VALUE;
        pos = e;
        if (word === VALUE) {
          // Most identifiers: no keyword (the branch below, without its tests).
          postfixIncDec = true;
          last = VALUE;
          continue;
        }
        // keywordAt spells only KeywordsWithExpressionAfter's words and these four.
        const nonExpression = word === 'for' || word === 'if' || word === 'while' || word === 'with';
        last = !nonExpression ? word : last !== '.' && last !== '?.' ? '?NonExpressionParenKeyword' : VALUE;
        postfixIncDec = nonExpression;
        continue;
      }
      if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(pos + 1)))) {
        const e = scanNumber(text, pos);
        toks.push(Tk.Number, pos, e);
        last = VALUE;
        postfixIncDec = true;
        pos = e;
        continue;
      }
      // Fast paths for `{`, `}` and a lone `=` (what the Punctuator regex and its switch below do, without the match).
      if (c === 123) {
        braces.push(braceIsExpression(last));
        postfixIncDec = false;
        toks.push(Tk.Punct, pos, pos + 1);
        last = '{';
        pos++;
        continue;
      }
      if (c === 125) {
        const wasExpr = braces.pop() ?? false;
        postfixIncDec = wasExpr;
        toks.push(Tk.Punct, pos, pos + 1);
        last = wasExpr ? '?ExpressionBraceEnd' : '}';
        pos++;
        continue;
      }
      if (c === 61) {
        const n = text.charCodeAt(pos + 1);
        if (n !== 61 && n !== 62) {
          postfixIncDec = false;
          toks.push(Tk.Punct, pos, pos + 1);
          last = '=';
          pos++;
          continue;
        }
      }
      // Fast path for the single-character punctuators that make up most of minified code.
      if (c === 44 || c === 59 || c === 58 || c === 40 || c === 41 || c === 91 || c === 93 || c === 126 || (c === 46 && text.charCodeAt(pos + 1) !== 46 && !isDigit(text.charCodeAt(pos + 1)))) {
        if (c === 40) {
          if (last === '?NonExpressionParenKeyword') stack.push(new Frame(Mode.JSNonExpressionParen, parenNesting));
          parenNesting++;
          postfixIncDec = false;
          last = '(';
        } else if (c === 41) {
          parenNesting--;
          postfixIncDec = true;
          last = ')';
          if (mode === Mode.JSNonExpressionParen && parenNesting === frame.nesting) {
            stack.pop();
            last = '?NonExpressionParenEnd';
            postfixIncDec = false;
          }
        } else {
          postfixIncDec = c === 93;
          last = singlePunct(c);
        }
        toks.push(Tk.Punct, pos, pos + 1);
        pos++;
        continue;
      }
      if (!isWhiteSpace(c) && !isLineTerminator(c) && !(c === 47 && (text.charCodeAt(pos + 1) === 47 || text.charCodeAt(pos + 1) === 42))) {
        Punctuator.lastIndex = pos;
        const m = Punctuator.exec(text);
        if (m) {
          const p = m[0];
          let next = p;
          let jsxOpen = false;
          switch (p) {
            case '(':
              if (last === '?NonExpressionParenKeyword') stack.push(new Frame(Mode.JSNonExpressionParen, parenNesting));
              parenNesting++;
              postfixIncDec = false;
              break;
            case ')':
              parenNesting--;
              postfixIncDec = true;
              if (mode === Mode.JSNonExpressionParen && parenNesting === frame.nesting) {
                stack.pop();
                next = '?NonExpressionParenEnd';
                postfixIncDec = false;
              }
              break;
            case '{':
              braces.push(braceIsExpression(last));
              postfixIncDec = false;
              break;
            case '}': {
              const wasExpr = braces.pop() ?? false;
              postfixIncDec = wasExpr;
              next = wasExpr ? '?ExpressionBraceEnd' : '}';
              break;
            }
            case ']':
              postfixIncDec = true;
              break;
            case '++':
            case '--':
              next = postfixIncDec ? '?PostfixIncDec' : '?UnaryIncDec';
              break;
            case '<':
              if (jsx && isExprContext()) jsxOpen = true;
              else postfixIncDec = false;
              break;
            default:
              postfixIncDec = false;
          }
          if (jsxOpen) {
            stack.push(new Frame(Mode.JSXTag, 0));
            toks.push(Tk.JsxPunct, pos, pos + 1);
            last = '<';
            pos++;
            continue;
          }
          toks.push(Tk.Punct, pos, pos + p.length);
          last = next;
          pos += p.length;
          continue;
        }
      }
    }

    // Shared by every mode but JSX children: whitespace, line terminators, comments, invalid.
    if (isWhiteSpace(c)) {
      pos++;
      while (pos < length && isWhiteSpace(text.charCodeAt(pos))) pos++;
      continue;
    }
    if (isLineTerminator(c)) {
      pos += c === 13 && text.charCodeAt(pos + 1) === 10 ? 2 : 1;
      postfixIncDec = false;
      if (noLineTerminatorAfter(last)) last = '?NoLineTerminatorHere';
      continue;
    }
    if (c === 47 && text.charCodeAt(pos + 1) === 42) {
      const close = text.indexOf('*/', pos + 2);
      const e = close < 0 ? length : close + 2;
      if (wantComments) addLiteral({ kind: 'comment', start: pos, end: e, value: text.slice(pos + 2, close < 0 ? e : close), closed: close >= 0, token: -1, lastToken: -1 });
      if (hasLineTerminator(text, pos, e)) {
        postfixIncDec = false;
        if (noLineTerminatorAfter(last)) last = '?NoLineTerminatorHere';
      }
      pos = e;
      continue;
    }
    if (c === 47 && text.charCodeAt(pos + 1) === 47) {
      const e = lineEnd(pos + 2);
      if (wantComments) addLiteral({ kind: 'comment', start: pos, end: e, value: text.slice(pos + 2, e), closed: true, token: -1, lastToken: -1 });
      postfixIncDec = false;
      pos = e;
      continue;
    }
    const cp = text.codePointAt(pos) ?? c;
    const w = cp > 0xffff ? 2 : 1;
    toks.push(Tk.Invalid, pos, pos + w);
    last = text.slice(pos, pos + w);
    postfixIncDec = false;
    pos += w;
  }

  // Templates still open at end of file: close them where the text ends.
  for (const open of templates) {
    open.substitutions.push(new SubstitutionRange(open.exprStart, length));
    closeTemplate(literals, open, length, false, toks.count - 1);
  }

  return new Scanned(text, new Tokens(toks.count, toks.kinds, toks.starts, toks.ends), literals, new LiteralIndex(toks.literalTable(literals)));
}

/** Placeholder in `literals` for a template still open (replaced by closeTemplate; never returned). */
const OPEN_TEMPLATE: JsLiteral = { kind: 'template', start: 0, end: 0, value: '', closed: false, token: -1, lastToken: -1, quasis: [], substitutions: [] };

function closeTemplate(literals: JsLiteral[], open: OpenTemplate, end: number, closed: boolean, lastToken: number): void {
  literals[open.at] = { kind: 'template', start: open.start, end, value: open.quasis.map((q) => q.value).join(SUBSTITUTION), closed, token: open.token, lastToken, quasis: open.quasis, substitutions: open.substitutions };
}

function hasLineTerminator(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (isLineTerminator(text.charCodeAt(i))) return true;
  return false;
}

/** Scans a regex literal from its opening slash: linear, stops at a line terminator. */
function scanRegex(text: string, start: number): RegexEnd {
  const length = text.length;
  let i = start + 1;
  let inClass = false;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (isLineTerminator(c)) return new RegexEnd(i, i, false);
    if (c === 92) {
      if (i + 1 >= length || isLineTerminator(text.charCodeAt(i + 1))) return new RegexEnd(i + 1, i + 1, false);
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === 93) inClass = false;
    } else if (c === 91) inClass = true;
    else if (c === 47) {
      let e = i + 1;
      while (e < length && isIdentChar(text.charCodeAt(e)) && text.charCodeAt(e) !== 92) e++;
      return new RegexEnd(e, i, true);
    }
    i++;
  }
  return new RegexEnd(length, length, false);
}

/** Scans a numeric literal (decimal, hex/octal/binary, separators, exponent, BigInt). */
function scanNumber(text: string, start: number): number {
  const length = text.length;
  let i = start;
  const c0 = text.charCodeAt(i);
  const c1 = text.charCodeAt(i + 1) | 0x20;
  if (c0 === 48 && (c1 === 120 || c1 === 111 || c1 === 98)) {
    i += 2;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (isDigit(c) || c === 95 || ((c | 0x20) >= 97 && (c | 0x20) <= 102)) i++;
      else break;
    }
    if (text.charCodeAt(i) === 110) i++;
    return i;
  }
  while (i < length && (isDigit(text.charCodeAt(i)) || text.charCodeAt(i) === 95)) i++;
  if (text.charCodeAt(i) === 110) return i + 1;
  if (text.charCodeAt(i) === 46) {
    i++;
    while (i < length && (isDigit(text.charCodeAt(i)) || text.charCodeAt(i) === 95)) i++;
  }
  if ((text.charCodeAt(i) | 0x20) === 101) {
    let j = i + 1;
    if (text.charCodeAt(j) === 43 || text.charCodeAt(j) === 45) j++;
    if (isDigit(text.charCodeAt(j))) {
      i = j;
      while (i < length && (isDigit(text.charCodeAt(i)) || text.charCodeAt(i) === 95)) i++;
    }
  }
  return i;
}

function hexValue(s: string): number {
  return /^[0-9a-fA-F]+$/.test(s) ? parseInt(s, 16) : NaN;
}

/**
 * Decodes the escapes of a string-literal body (`template` true for template chunks, where legacy
 * octal escapes are not allowed). Invalid escapes keep the escaped character; never throws.
 */
export function decodeJsEscapes(body: string, template: boolean): string {
  if (body.indexOf('\\') < 0) return template && body.indexOf('\r') >= 0 ? body.replace(/\r\n?/g, '\n') : body;
  let out = '';
  let i = 0;
  let runStart = 0;
  const n = body.length;
  while (i < n) {
    if (body.charCodeAt(i) !== 92) {
      i++;
      continue;
    }
    out += body.slice(runStart, i);
    const e = body[i + 1];
    let consumed = 2;
    switch (e) {
      case undefined:
        consumed = 1;
        break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case '\r':
        consumed = body[i + 2] === '\n' ? 3 : 2;
        break;
      case '\n':
      case '\u2028':
      case '\u2029':
        break;
      case 'x': {
        const v = hexValue(body.slice(i + 2, i + 4));
        if (Number.isNaN(v)) out += 'x';
        else {
          out += String.fromCharCode(v);
          consumed = 4;
        }
        break;
      }
      case 'u': {
        if (body[i + 2] === '{') {
          const close = body.indexOf('}', i + 3);
          const v = close > 0 && close - i <= 11 ? hexValue(body.slice(i + 3, close)) : NaN;
          if (!Number.isNaN(v) && v <= 0x10ffff) {
            out += String.fromCodePoint(v);
            consumed = close - i + 1;
          } else out += 'u';
        } else {
          const v = hexValue(body.slice(i + 2, i + 6));
          if (Number.isNaN(v) || i + 6 > n) out += 'u';
          else {
            out += String.fromCharCode(v);
            consumed = 6;
          }
        }
        break;
      }
      default:
        if (e >= '0' && e <= '7' && !template) {
          // Legacy octal escape: up to three digits, value ≤ 0o377.
          let j = i + 1;
          let v = 0;
          while (j < n && j < i + 4 && body[j] >= '0' && body[j] <= '7' && v * 8 + (body.charCodeAt(j) - 48) <= 255) {
            v = v * 8 + (body.charCodeAt(j) - 48);
            j++;
          }
          out += String.fromCharCode(v);
          consumed = j - i;
        } else if (e === '0') out += '\0';
        else out += e;
    }
    i += consumed;
    runStart = i;
  }
  out += body.slice(runStart);
  return template ? out.replace(/\r\n?/g, '\n') : out;
}
