/**
 * Logical strings: what an author wrote as one text, even when the code splits it into pieces.
 * `"a" + "b"` chains, template literals (substitutions become `${…}`), arrays of strings (joined by
 * their `.join(sep)` or by newlines), and runs of `lines.push("…")` / `s += "…"` statements are
 * each one text with the full range, so a prompt split into fragments is scored as a whole.
 *
 * Works on the token stream of {@link scanJs}: bounded look-behind/look-ahead, no AST, linear.
 */
import { scanJs, Tk, SUBSTITUTION, type JsLiteral, type ScanResult, type ScanOptions } from './tokenize';

export type LogicalKind = 'literal' | 'template' | 'concat' | 'array' | 'array-join' | 'append' | 'jsx-text';

export interface LogicalString {
  kind: LogicalKind;
  /** Start of the first piece's token (its opening quote). */
  start: number;
  /** End of the last piece's token. */
  end: number;
  /** Decoded text; template substitutions and non-literal operands are {@link SUBSTITUTION}. */
  text: string;
  /** Offsets of each literal piece, in order. */
  pieces: Array<{ start: number; end: number }>;
  /** Token range of the whole expression (the `[`…`)` of an array join, the receiver of pushes). */
  exprFirst: number;
  exprLast: number;
}

/** The code around a logical string that tells what it is used for. */
export interface StringContext {
  /** Property name (`system: …`), assigned name (`SYSTEM_PROMPT = …`), or the enclosing function's name for a `return`. */
  key?: string;
  /** How the key was found. */
  keyVia?: 'property' | 'assignment' | 'function';
  /** The call the string is an argument of, as written: `console.error`, `new SystemMessage`, `program.description`. */
  callee?: string;
  /** `role: "system"` in the same object literal, or the first element of a `["system", …]` tuple. */
  role?: string;
  /** Tag of a tagged template (`dedent`, `String.raw`). */
  tag?: string;
  /** Source text just around the expression (outside it), for "LLM API nearby" signals. */
  nearby: string;
}

// Token kinds as local constants: an imported object's properties cost a getter call per read under CommonJS interop, in the hottest loop.
const K_Ident = Tk.Ident;
const K_JsxString = Tk.JsxString;
const K_JsxText = Tk.JsxText;
const K_Number = Tk.Number;
const K_PrivateIdent = Tk.PrivateIdent;
const K_Punct = Tk.Punct;
const K_String = Tk.String;
const K_Template = Tk.Template;
const K_TemplateHead = Tk.TemplateHead;
const MAX_CHAIN_SEGMENTS = 8;
const MAX_BALANCED = 200;
const MAX_WALK = 200;
const NEARBY = 300;
/** Keywords that may precede a template literal without tagging it. */
const KEYWORDS_BEFORE_VALUE = new Set(['return', 'typeof', 'case', 'yield', 'await', 'else', 'in', 'of', 'void', 'delete', 'new', 'throw', 'do', 'instanceof', 'extends', 'default']);

/**
 * Scans `text` and returns its logical strings (sorted by start). `minLength`: a literal that
 * stands alone (no `+`, array or append around it) and is shorter is left out. Never throws.
 */
export function logicalStringsOf(text: string, opts: ScanOptions = {}, minLength = 0): { scan: ScanResult; strings: LogicalString[] } {
  const scan = scanJs(text, opts);
  return { scan, strings: logicalStrings(scan, minLength) };
}

/** Groups the literals of a scan into logical strings (sorted by start); `minLength` as in logicalStringsOf. */
export function logicalStrings(scan: ScanResult, minLength = 0): LogicalString[] {
  if (!keptGrouper) {
    // One grouper kept for the life of the thread: its hidden class, and the optimised code that
    // checks for it, then survive a full GC between two scans (see KEPT in ./tokenize).
    keptGrouper = new Grouper(scanJs('x = "a" + `b${c}` + [d];'), 0);
    keptGrouper.run();
  }
  const g = new Grouper(scan, minLength);
  return g.run();
}

interface Operand {
  next: number;
  text: string;
  pieces: Array<{ start: number; end: number }>;
  literal: boolean;
}

/**
 * One past the last token of a template's substitutions: its tail, or, for a template still open
 * at the end of the text (no tail; its last token is the last token of its substitution), the end.
 * Before, the grouper did not see that last token: in `\`a${"s"+` at the end of a file, `"s"` had no
 * `+` after it, and a minimum length dropped it as a short standalone literal (a property test found it).
 */
function substitutionsEnd(lit: JsLiteral): number {
  return lit.closed ? lit.lastToken : lit.lastToken + 1;
}

let keptGrouper: Grouper | undefined;

class Grouper {
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly count: number;
  private readonly text: string;
  private readonly out: LogicalString[] = [];
  private readonly queue: Array<[number, number]> = [];

  constructor(
    private readonly scan: ScanResult,
    private readonly minLength: number,
  ) {
    this.kinds = scan.tokens.kinds;
    this.starts = scan.tokens.starts;
    this.ends = scan.tokens.ends;
    this.count = scan.tokens.count;
    this.text = scan.text;
  }

  run(): LogicalString[] {
    this.queue.push([0, this.count]);
    while (this.queue.length > 0) {
      const [from, to] = this.queue.pop()!;
      this.groupRange(from, to);
    }
    return this.out.sort((a, b) => a.start - b.start);
  }

  private punct(i: number, p: string): boolean {
    return i < this.count && this.kinds[i] === K_Punct && this.ends[i] - this.starts[i] === p.length && this.text.startsWith(p, this.starts[i]);
  }

  private ident(i: number, name?: string): boolean {
    if (i >= this.count || i < 0 || this.kinds[i] !== K_Ident) return false;
    return name === undefined || (this.ends[i] - this.starts[i] === name.length && this.text.startsWith(name, this.starts[i]));
  }

  private tok(i: number): string {
    return this.text.slice(this.starts[i], this.ends[i]);
  }

  private isLiteralStart(i: number): boolean {
    const k = this.kinds[i];
    return k === K_String || k === K_Template || k === K_TemplateHead;
  }

  private groupRange(from: number, to: number): void {
    let i = from;
    while (i < to) {
      const k = this.kinds[i];
      if (k === K_Punct && this.punct(i, '[')) {
        const next = this.tryArray(i, to);
        if (next > i) {
          i = next;
          continue;
        }
      } else if (k === K_Ident) {
        const next = this.tryAppends(i, to);
        if (next > i) {
          i = next;
          continue;
        }
      } else if (this.isLiteralStart(i)) {
        // Most literals are short and stand alone: skipped without building a chain (issue #20:
        // the grouper's objects were a quarter of what a check allocates).
        const short = this.minLength > 0 ? this.shortStandalone(i, to) : -1;
        if (short >= 0) {
          i = short;
          continue;
        }
        const chain = this.chain(i, to);
        this.emitChain(chain, i);
        i = chain.next;
        continue;
      } else if (k === K_JsxText || k === K_JsxString) {
        const li = this.scan.literalAt.get(i);
        if (li !== undefined) {
          const lit = this.scan.literals[li];
          this.out.push({ kind: k === K_JsxText ? 'jsx-text' : 'literal', start: lit.start, end: lit.end, text: lit.value, pieces: [{ start: lit.start, end: lit.end }], exprFirst: i, exprLast: i });
        }
      }
      i++;
    }
  }

  /**
   * For a literal at `i` that no `+` follows and whose text is shorter than minLength: the index
   * after it (its template substitutions are still grouped); otherwise -1. What `chain` would
   * return for it, without the string it would emit.
   */
  private shortStandalone(i: number, to: number): number {
    const li = this.scan.literalAt.get(i);
    if (li === undefined) return -1;
    const lit = this.scan.literals[li];
    const next = lit.lastToken + 1;
    if (lit.value.length >= this.minLength || (next < to && this.punct(next, '+'))) return -1;
    if (lit.kind === 'template' && lit.lastToken > lit.token + 1) this.queue.push([lit.token + 1, substitutionsEnd(lit)]);
    return next;
  }

  private emitChain(chain: Operand & { operands: number; firstTemplate: boolean }, first: number): void {
    if (chain.pieces.length === 0) return;
    const kind: LogicalKind = chain.operands > 1 ? 'concat' : chain.firstTemplate ? 'template' : 'literal';
    this.out.push({ kind, start: chain.pieces[0].start, end: chain.pieces[chain.pieces.length - 1].end, text: chain.text, pieces: chain.pieces, exprFirst: first, exprLast: chain.next - 1 });
  }

  /** A literal operand at `i` (string or whole template). */
  private literalOperand(i: number): Operand | undefined {
    if (!this.isLiteralStart(i)) return undefined;
    const li = this.scan.literalAt.get(i);
    if (li === undefined) return undefined;
    const lit = this.scan.literals[li];
    if (lit.kind === 'template' && lit.lastToken > lit.token + 1) this.queue.push([lit.token + 1, substitutionsEnd(lit)]);
    return { next: lit.lastToken + 1, text: lit.value, pieces: [{ start: lit.start, end: lit.end }], literal: true };
  }

  /** A non-literal operand: `a.b.c`, optionally called/indexed with balanced brackets; or a number. */
  private valueOperand(i: number, to: number): Operand | undefined {
    if (this.kinds[i] === K_Number) return { next: i + 1, text: SUBSTITUTION, pieces: [], literal: false };
    if (!this.ident(i)) return undefined;
    let j = i + 1;
    let segments = 1;
    for (;;) {
      if ((this.punct(j, '.') || this.punct(j, '?.')) && this.ident(j + 1) && segments < MAX_CHAIN_SEGMENTS) {
        j += 2;
        segments++;
      } else if (this.punct(j, '(') || this.punct(j, '[')) {
        const close = this.balanced(j, to);
        if (close < 0) return undefined;
        if (close > j + 1) this.queue.push([j + 1, close]);
        j = close + 1;
      } else break;
    }
    return { next: j, text: SUBSTITUTION, pieces: [], literal: false };
  }

  /** Index of the bracket closing the one at `open`, or -1 past the bound. */
  private balanced(open: number, to: number): number {
    let depth = 0;
    const limit = Math.min(to, open + MAX_BALANCED);
    for (let j = open; j < limit; j++) {
      if (this.kinds[j] !== K_Punct) continue;
      const c = this.text.charCodeAt(this.starts[j]);
      if (this.ends[j] - this.starts[j] !== 1) continue;
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) {
        depth--;
        if (depth === 0) return j;
      }
    }
    return -1;
  }

  /** `literal (+ operand)*`, starting at a literal. */
  private chain(i: number, to: number): Operand & { operands: number; firstTemplate: boolean } {
    const first = this.literalOperand(i)!;
    // Most literals stand alone: no arrays to build and join.
    if (!(first.next < to && this.punct(first.next, '+'))) return { next: first.next, text: first.text, pieces: first.pieces, literal: true, operands: 1, firstTemplate: this.kinds[i] !== K_String };
    const texts = [first.text];
    const pieces = [...first.pieces];
    let next = first.next;
    let operands = 1;
    while (next < to && this.punct(next, '+')) {
      const op = this.literalOperand(next + 1) ?? this.valueOperand(next + 1, to);
      if (!op) break;
      texts.push(op.text);
      pieces.push(...op.pieces);
      next = op.next;
      operands++;
    }
    // A chain that ends in a value operand keeps it as a placeholder, but must start and end on code we understood.
    return { next, text: texts.join(''), pieces, literal: true, operands, firstTemplate: this.kinds[i] !== K_String };
  }

  /** `[ chain, chain, … ]` optionally followed by `.join(sep)`. Returns the index after it, or `i` when not an array of strings. */
  private tryArray(i: number, to: number): number {
    const texts: string[] = [];
    const pieces: Array<{ start: number; end: number }> = [];
    let j = i + 1;
    for (;;) {
      if (this.punct(j, ']')) break;
      if (j >= to || !this.isLiteralStart(j)) return i;
      const c = this.chain(j, to);
      texts.push(c.text);
      pieces.push(...c.pieces);
      j = c.next;
      if (this.punct(j, ',')) j++;
      else if (!this.punct(j, ']')) return i;
    }
    if (texts.length < 2) return i;
    // LangChain message tuples ["system", "…"] stay two strings, so the second one sees its role.
    if (texts.length === 2 && /^(?:system|developer|human|user|ai|assistant)$/.test(texts[0])) return i;
    let sep = '\n';
    let kind: LogicalKind = 'array';
    let last = j;
    if (this.punct(j + 1, '.') && this.ident(j + 2, 'join') && this.punct(j + 3, '(')) {
      if (this.punct(j + 4, ')')) {
        sep = ',';
        kind = 'array-join';
        last = j + 4;
      } else if (this.isLiteralStart(j + 4)) {
        const s = this.chain(j + 4, to);
        if (this.punct(s.next, ')')) {
          sep = s.text;
          kind = 'array-join';
          last = s.next;
        }
      }
    }
    this.out.push({ kind, start: pieces[0].start, end: pieces[pieces.length - 1].end, text: texts.join(sep), pieces, exprFirst: i, exprLast: last });
    return last + 1;
  }

  /** Receiver `a.b.c` at `i`: returns its end index and text, or undefined. */
  private receiver(i: number): { next: number } | undefined {
    if (!this.ident(i)) return undefined;
    let j = i + 1;
    let segments = 1;
    while (this.punct(j, '.') && this.ident(j + 1) && segments < MAX_CHAIN_SEGMENTS) {
      j += 2;
      segments++;
    }
    return { next: j };
  }

  /** One `recv.push(chain)` or `recv += chain` statement at `i`. */
  private append(i: number, to: number): { recv: string; op: 'push' | '+='; next: number; text: string; pieces: Array<{ start: number; end: number }> } | undefined {
    const r = this.receiver(i);
    if (!r) return undefined;
    let j = r.next;
    let op: 'push' | '+=';
    let recvEnd = j - 1;
    // Cheap checks first: this runs at every identifier of a 20 MB bundle.
    if (this.punct(j, '+=')) {
      op = '+=';
      j++;
    } else {
      // `a.b.push(` was read as receiver `a.b.push`: split the last segment off.
      if (j - 1 <= i || !this.ident(j - 1, 'push') || !this.punct(j, '(')) return undefined;
      recvEnd = j - 3;
      op = 'push';
      j++;
    }
    const recv = this.text.slice(this.starts[i], this.ends[recvEnd]);
    if (!this.isLiteralStart(j)) return undefined;
    const c = this.chain(j, to);
    let next = c.next;
    if (op === 'push') {
      if (!this.punct(next, ')')) return undefined;
      next++;
    }
    return { recv, op, next, text: c.text, pieces: c.pieces };
  }

  private tryAppends(i: number, to: number): number {
    const first = this.append(i, to);
    if (!first) return i;
    const texts = [first.text];
    const pieces = [...first.pieces];
    let next = first.next;
    for (;;) {
      const sep = this.punct(next, ';') || this.punct(next, ',') ? next + 1 : next;
      if (sep >= to) break;
      const more = this.append(sep, to);
      if (!more || more.recv !== first.recv || more.op !== first.op) break;
      texts.push(more.text);
      pieces.push(...more.pieces);
      next = more.next;
    }
    const kind: LogicalKind = texts.length > 1 ? 'append' : 'literal';
    this.out.push({ kind, start: pieces[0].start, end: pieces[pieces.length - 1].end, text: texts.join(first.op === 'push' ? '\n' : ''), pieces, exprFirst: i, exprLast: next - 1 });
    return next;
  }
}

/**
 * What the code around a logical string says about it: the property or variable it is assigned
 * to, the call it is passed to, a `role` next to it. Bounded walks over the token stream.
 */
export function stringContext(scan: ScanResult, s: LogicalString): StringContext {
  const { kinds, starts, ends } = scan.tokens;
  const text = scan.text;
  const tok = (i: number) => (i >= 0 && i < scan.tokens.count ? text.slice(starts[i], ends[i]) : '');
  const isP = (i: number, p: string) => i >= 0 && i < scan.tokens.count && kinds[i] === K_Punct && tok(i) === p;
  const isKeyTok = (i: number) => i >= 0 && (kinds[i] === K_Ident || kinds[i] === K_String || kinds[i] === K_PrivateIdent);
  const unquote = (i: number) => (kinds[i] === K_String ? tok(i).slice(1, -1) : tok(i));
  const ctx: StringContext = {
    nearby: text.slice(Math.max(0, starts[s.exprFirst] - NEARBY), starts[s.exprFirst]) + ' ' + text.slice(ends[s.exprLast], ends[s.exprLast] + NEARBY),
  };
  let p = s.exprFirst - 1;
  // Tagged template: dedent`…`, String.raw`…`, outdent`…`.
  if (s.kind === 'template' && kinds[p] === K_Ident && !KEYWORDS_BEFORE_VALUE.has(tok(p))) {
    let q = p;
    while (isP(q - 1, '.') && kinds[q - 2] === K_Ident) q -= 2;
    ctx.tag = text.slice(starts[q], ends[p]);
    p = q - 1;
  }
  while (isP(p, '(')) {
    // Parenthesised value `(…)` directly after `:` / `=`: look through it; a call's `(` is handled below.
    if (isP(p - 1, ':') || isP(p - 1, '=') || isP(p - 1, '(')) p--;
    else break;
  }
  if (isP(p, ':') && isKeyTok(p - 1) && (isP(p - 2, '{') || isP(p - 2, ','))) {
    ctx.key = unquote(p - 1);
    ctx.keyVia = 'property';
    ctx.role = objectRole(scan, p - 2, s.exprLast + 1);
  } else if (isP(p, '=') || isP(p, '+=') || isP(p, '??=') || isP(p, '||=')) {
    let q = p - 1;
    // `const X: string = …`
    if (kinds[q] === K_Ident && isP(q - 1, ':') && kinds[q - 2] === K_Ident) q -= 2;
    if (kinds[q] === K_Ident || kinds[q] === K_PrivateIdent) {
      ctx.key = tok(q);
      ctx.keyVia = 'assignment';
    }
  } else if (kinds[p] === K_Ident && tok(p) === 'return') {
    const name = enclosingFunctionName(scan, p);
    if (name) {
      ctx.key = name;
      ctx.keyVia = 'function';
    }
  } else if (isP(p, '=>')) {
    const name = arrowName(scan, p);
    if (name) {
      ctx.key = name;
      ctx.keyVia = 'function';
    }
  } else if (isP(p, ',') && (kinds[p - 1] === K_String) && isP(p - 2, '[')) {
    // LangChain tuples: ["system", "…"].
    ctx.role = unquote(p - 1);
  }
  if (isP(p, '(') || isP(p, ',')) ctx.callee = enclosingCallee(scan, p);
  return ctx;
}

/** The callee of the call whose argument list contains token `p` (`(` or `,`), e.g. `new Error`. */
function enclosingCallee(scan: ScanResult, p: number): string | undefined {
  const { kinds, starts, ends } = scan.tokens;
  const text = scan.text;
  let depth = 0;
  let j = p;
  for (let n = 0; j >= 0 && n < MAX_WALK; j--, n++) {
    if (kinds[j] !== K_Punct || ends[j] - starts[j] !== 1) continue;
    const c = text.charCodeAt(starts[j]);
    if (c === 41 || c === 93 || c === 125) depth++;
    else if (c === 40 || c === 91 || c === 123) {
      if (depth === 0) break;
      depth--;
    }
  }
  if (j < 1 || text.charCodeAt(starts[j]) !== 40 || kinds[j - 1] !== K_Ident) return undefined;
  let q = j - 1;
  let segments = 1;
  while (q >= 2 && kinds[q - 1] === K_Punct && (text.slice(starts[q - 1], ends[q - 1]) === '.' || text.slice(starts[q - 1], ends[q - 1]) === '?.') && kinds[q - 2] === K_Ident && segments < MAX_CHAIN_SEGMENTS) {
    q -= 2;
    segments++;
  }
  let callee = text.slice(starts[q], ends[j - 1]);
  if (q >= 1 && kinds[q - 1] === K_Ident && text.slice(starts[q - 1], ends[q - 1]) === 'new') callee = `new ${callee}`;
  return callee;
}

/** `role: "…"` at depth 0 of the object literal that contains `[open+1 … after)`. */
function objectRole(scan: ScanResult, before: number, after: number): string | undefined {
  const { kinds, starts, ends, count } = scan.tokens;
  const text = scan.text;
  const tok = (i: number) => text.slice(starts[i], ends[i]);
  const isRole = (i: number) => (kinds[i] === K_Ident || kinds[i] === K_String) && tok(i).replace(/^["']|["']$/g, '') === 'role' && tok(i + 1) === ':' && kinds[i + 2] === K_String;
  // Backwards to the object's `{`.
  let depth = 0;
  for (let j = before, n = 0; j >= 0 && n < MAX_WALK; j--, n++) {
    const t = kinds[j] === K_Punct ? tok(j) : '';
    if (t === '}' || t === ')' || t === ']') depth++;
    else if (t === '{' || t === '(' || t === '[') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && isRole(j)) return tok(j + 2).slice(1, -1);
  }
  depth = 0;
  for (let j = after, n = 0; j < count && n < MAX_WALK; j++, n++) {
    const t = kinds[j] === K_Punct ? tok(j) : '';
    if (t === '{' || t === '(' || t === '[') depth++;
    else if (t === '}' || t === ')' || t === ']') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && isRole(j)) return tok(j + 2).slice(1, -1);
  }
  return undefined;
}

/** Name of the function whose body contains the `return` at `p`: `function getSystemPrompt() {`, `buildPrompt() {`, `const f = () => {`. */
function enclosingFunctionName(scan: ScanResult, p: number): string | undefined {
  const { kinds, starts, ends } = scan.tokens;
  const text = scan.text;
  const tok = (i: number) => (i >= 0 ? text.slice(starts[i], ends[i]) : '');
  let depth = 0;
  let j = p - 1;
  for (let n = 0; j >= 0 && n < MAX_WALK * 2; j--, n++) {
    if (kinds[j] !== K_Punct) continue;
    const t = tok(j);
    if (t === '}') depth++;
    else if (t === '{') {
      if (depth === 0) break;
      depth--;
    }
  }
  if (j < 1) return undefined;
  let q = j - 1;
  if (tok(q) === '=>') return arrowName(scan, q);
  // Return type annotation `): string {`.
  if (kinds[q] === K_Ident && tok(q - 1) === ':') q -= 2;
  if (tok(q) !== ')') return undefined;
  q = openingParen(scan, q);
  return kinds[q - 1] === K_Ident ? tok(q - 1) : undefined;
}

/** Walking back from the `)` at token `q`, the index of its `(` (bounded by MAX_WALK tokens). */
function openingParen(scan: ScanResult, q: number): number {
  const { kinds, starts, ends } = scan.tokens;
  let d = 0;
  for (let n = 0; q >= 0 && n < MAX_WALK; q--, n++) {
    const t = kinds[q] === K_Punct ? scan.text.slice(starts[q], ends[q]) : '';
    if (t === ')') d++;
    else if (t === '(') {
      d--;
      if (d === 0) break;
    }
  }
  return q;
}

/** Name an arrow function at `=>` (token `p`) is assigned to: `const getPrompt = (…) =>`. */
function arrowName(scan: ScanResult, p: number): string | undefined {
  const { kinds, starts, ends } = scan.tokens;
  const text = scan.text;
  const tok = (i: number) => (i >= 0 ? text.slice(starts[i], ends[i]) : '');
  let q = p - 1;
  if (tok(q) === ')') q = openingParen(scan, q);
  q--;
  if ((tok(q) === '=' || tok(q) === ':') && kinds[q - 1] === K_Ident) return tok(q - 1);
  return undefined;
}
