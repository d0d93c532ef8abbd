/**
 * `//# sourceMappingURL=` / `/*# sourceMappingURL= *\/` / legacy `//@` / `//# debugId=` comments.
 *
 * Only real comments count. Libraries such as convert-source-map and source-map-support carry
 * `sourceMappingURL=` inside string literals and regular expressions; a grep would report them.
 * So this is a small single-pass lexer (strings, template literals with `${}` nesting, regex
 * literals by the usual previous-token heuristic, comments) that runs in linear time over a
 * minified 20 MB one-line bundle. A wrong regex-vs-division guess can only mislead it until the
 * end of the line, because neither regex literals nor quoted strings may span lines.
 */

export interface MapReference {
  kind: 'sourceMappingURL' | 'debugId';
  /** The URL (or debug id) as written; may be a huge `data:` URL (a slice of the input). */
  value: string;
  /** Offsets of the whole comment, `[start, end)`. */
  start: number;
  end: number;
  /** Offsets of `value`. */
  valueStart: number;
  valueEnd: number;
  style: 'line' | 'block';
  /** The deprecated `//@` form. */
  legacy: boolean;
  /** `value` is a `data:` URL (an inline map). */
  isDataUrl: boolean;
  /** Only whitespace and comments follow: the reference a runtime would honour (the last trailing one wins). */
  trailing: boolean;
}

export interface FindReferencesOptions {
  /** `css` has only block comments and no regex literals. Default: guessed from nothing, i.e. `js`. */
  language?: 'js' | 'css';
}

// Keywords after which a `/` starts a regular expression rather than a division.
const REGEX_AFTER_WORD = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await',
]);

const enum C {
  LF = 10, CR = 13, SPACE = 32, DQ = 34, HASH = 35, DOLLAR = 36, SQ = 39, LPAREN = 40, RPAREN = 41, STAR = 42,
  PLUS = 43, MINUS = 45, DOT = 46, SLASH = 47, AT = 64, LBRACKET = 91, BACKSLASH = 92, RBRACKET = 93, BACKTICK = 96,
  LBRACE = 123, RBRACE = 125,
}

// Matched against a short slice of the comment only, so a huge data: URL costs nothing here.
const COMMENT_HEAD = /^\s*([#@])\s*(sourceMappingURL|debugId)\s*=\s*/;

/**
 * Finds every `sourceMappingURL` / `debugId` reference that sits in a real comment of JS or CSS
 * text, with offsets. Linear time; never throws (returns `[]` for non-text input).
 */
export function findMapReferences(text: string, opts: FindReferencesOptions = {}): MapReference[] {
  if (typeof text !== 'string') return [];
  try {
    return opts.language === 'css' ? scanCss(text) : scanJs(text);
  } catch {
    return [];
  }
}

function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === C.DOLLAR || c === C.BACKSLASH || c > 127;
}

function isLineTerminator(c: number): boolean {
  return c === C.LF || c === C.CR || c === 0x2028 || c === 0x2029;
}

function isSpace(c: number): boolean {
  if (c <= 32) return c === C.SPACE || c === 9 || c === 11 || c === 12 || c === C.LF || c === C.CR;
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function lineEnd(text: string, from: number): number {
  const n = text.length;
  let i = from;
  while (i < n && !isLineTerminator(text.charCodeAt(i))) i++;
  return i;
}

/** Reads a reference out of comment body `[bodyStart, bodyEnd)`, if the comment is one. */
function matchComment(text: string, start: number, end: number, bodyStart: number, bodyEnd: number, style: 'line' | 'block', out: MapReference[]): void {
  // Cheap filter before any regex: the comment must start (after spaces) with # or @.
  let p = bodyStart;
  while (p < bodyEnd && (text.charCodeAt(p) === C.SPACE || text.charCodeAt(p) === 9)) p++;
  const c = text.charCodeAt(p);
  if (c !== C.HASH && c !== C.AT) return;
  const m = COMMENT_HEAD.exec(text.slice(bodyStart, Math.min(bodyEnd, bodyStart + 128)));
  if (!m) return;
  const valueStart = bodyStart + m[0].length;
  let valueEnd = valueStart;
  while (valueEnd < bodyEnd && !isSpace(text.charCodeAt(valueEnd))) valueEnd++;
  if (valueEnd === valueStart) return;
  const value = text.slice(valueStart, valueEnd);
  out.push({
    kind: m[2] as MapReference['kind'],
    value,
    start,
    end,
    valueStart,
    valueEnd,
    style,
    legacy: m[1] === '@',
    isDataUrl: /^data:/i.test(value),
    trailing: false,
  });
}

function markTrailing(refs: MapReference[], lastCodeEnd: number): MapReference[] {
  for (const r of refs) r.trailing = r.start >= lastCodeEnd;
  return refs;
}

function scanJs(text: string): MapReference[] {
  const out: MapReference[] = [];
  const n = text.length;
  let i = 0;
  let lastCodeEnd = 0;
  // Previous significant token, for the regex-vs-division decision.
  let regexAllowed = true;
  // Brace depth stack for template literals: each entry is the brace depth at which a `${` opened.
  const templateStack: number[] = [];
  let braceDepth = 0;
  if (text.startsWith('#!')) i = lineEnd(text, 0); // hashbang
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === C.SLASH) {
      const d = text.charCodeAt(i + 1);
      if (d === C.SLASH) {
        const e = lineEnd(text, i + 2);
        matchComment(text, i, e, i + 2, e, 'line', out);
        i = e;
        continue;
      }
      if (d === C.STAR) {
        const close = text.indexOf('*/', i + 2);
        const e = close < 0 ? n : close + 2;
        matchComment(text, i, e, i + 2, close < 0 ? n : close, 'block', out);
        i = e;
        continue;
      }
      if (regexAllowed) {
        i = skipRegex(text, i);
        lastCodeEnd = i;
        regexAllowed = false;
        continue;
      }
      i++;
      lastCodeEnd = i;
      regexAllowed = true;
      continue;
    }
    lastCodeEnd = i + 1;
    if (c === C.DQ || c === C.SQ) {
      i = skipQuoted(text, i, c);
      lastCodeEnd = i;
      regexAllowed = false;
      continue;
    }
    if (c === C.BACKTICK) {
      const depth = templateStack.length;
      i = skipTemplate(text, i + 1, templateStack, braceDepth);
      lastCodeEnd = i;
      regexAllowed = templateStack.length > depth; // stopped at `${`: an expression starts
      continue;
    }
    if (c === C.RBRACE) {
      if (templateStack.length > 0 && templateStack[templateStack.length - 1] === braceDepth) {
        templateStack.pop();
        const depth = templateStack.length;
        i = skipTemplate(text, i + 1, templateStack, braceDepth);
        lastCodeEnd = i;
        regexAllowed = templateStack.length > depth;
        continue;
      }
      braceDepth = Math.max(0, braceDepth - 1);
      i++;
      regexAllowed = true; // a block usually ends a statement; `({}) / 2` is rare in practice
      continue;
    }
    if (c === C.LBRACE) {
      braceDepth++;
      i++;
      regexAllowed = true;
      continue;
    }
    if (isIdentChar(c)) {
      const s = i;
      while (i < n && isIdentChar(text.charCodeAt(i))) i++;
      lastCodeEnd = i;
      regexAllowed = i - s <= 10 && REGEX_AFTER_WORD.has(text.slice(s, i));
      continue;
    }
    if (c === C.RPAREN || c === C.RBRACKET) {
      i++;
      regexAllowed = false;
      continue;
    }
    if ((c === C.PLUS || c === C.MINUS) && text.charCodeAt(i + 1) === c) {
      i += 2;
      lastCodeEnd = i;
      regexAllowed = false; // postfix ++/-- is the common case in minified code
      continue;
    }
    if (c === C.DOT && text.charCodeAt(i + 1) === C.DOT && text.charCodeAt(i + 2) === C.DOT) {
      i += 3;
      lastCodeEnd = i;
      regexAllowed = true;
      continue;
    }
    i++;
    regexAllowed = c !== C.DOT;
  }
  return markTrailing(out, lastCodeEnd);
}

/** Skips a quoted string starting at `i` (the quote); stops at the closing quote or an unescaped line end. */
function skipQuoted(text: string, i: number, quote: number): number {
  const n = text.length;
  i++;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === quote) return i + 1;
    if (c === C.BACKSLASH) {
      i += text.charCodeAt(i + 1) === C.CR && text.charCodeAt(i + 2) === C.LF ? 3 : 2;
      continue;
    }
    if (c === C.LF || c === C.CR) return i; // unterminated: recover at the line end
    i++;
  }
  return n;
}

/**
 * Skips template characters from `i` (just after a backtick or a `}` closing a substitution) to
 * the closing backtick, or to a `${`, whose depth is pushed so the matching `}` resumes the template.
 */
function skipTemplate(text: string, i: number, stack: number[], braceDepth: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === C.BACKTICK) return i + 1;
    if (c === C.BACKSLASH) {
      i += 2;
      continue;
    }
    if (c === C.DOLLAR && text.charCodeAt(i + 1) === C.LBRACE) {
      stack.push(braceDepth);
      return i + 2;
    }
    i++;
  }
  return n;
}

/** Skips a regex literal starting at `i` (the slash), including classes and flags; recovers at a line end. */
function skipRegex(text: string, i: number): number {
  const n = text.length;
  let inClass = false;
  i++;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isLineTerminator(c)) return i; // not a regex after all (a division): resume as code
    if (c === C.BACKSLASH) {
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === C.RBRACKET) inClass = false;
    } else if (c === C.LBRACKET) inClass = true;
    else if (c === C.SLASH) {
      i++;
      while (i < n && isIdentChar(text.charCodeAt(i))) i++;
      return i;
    }
    i++;
  }
  return n;
}

function scanCss(text: string): MapReference[] {
  const out: MapReference[] = [];
  const n = text.length;
  let i = 0;
  let lastCodeEnd = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === C.SLASH && text.charCodeAt(i + 1) === C.STAR) {
      const close = text.indexOf('*/', i + 2);
      const e = close < 0 ? n : close + 2;
      matchComment(text, i, e, i + 2, close < 0 ? n : close, 'block', out);
      i = e;
      continue;
    }
    if (c === C.DQ || c === C.SQ) {
      i = skipQuoted(text, i, c);
      lastCodeEnd = i;
      continue;
    }
    i++;
    lastCodeEnd = i;
  }
  return markTrailing(out, lastCodeEnd);
}
