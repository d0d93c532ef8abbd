/**
 * Inline source maps: `data:application/json[;charset=utf-8][;base64],...` URLs anywhere in a
 * JS/CSS file. Concatenated bundles keep one per module, and webpack's `eval-*` devtools put
 * `//# sourceMappingURL=data:...` inside `eval("...")` strings, so the whole file is searched
 * (linear `indexOf` scan), not only the last line. The February 2025 Claude Code `cli.mjs`
 * ended with an 18,360,183-character inline map (catalogue 1.2).
 */

export interface InlineMap {
  /** Offsets of the data URL (`data:` up to the end of the payload), `[start, end)`. */
  start: number;
  end: number;
  payloadStart: number;
  encoding: 'base64' | 'percent';
  /** `application/json` (or the legacy `application/x-sourcemap`). */
  mediaType: string;
  charset: string | undefined;
  /**
   * `comment`: after `//# sourceMappingURL=` in code; `string`: inside an escaped string literal
   * (webpack `eval("...")`); `other`: a bare JSON data URL with no `sourceMappingURL=` before it.
   */
  context: 'comment' | 'string' | 'other';
  /** Preceded by `sourceMappingURL=`. Unreferenced JSON data URLs are often not maps at all. */
  referenced: boolean;
  /** The decoded map text, when decoding worked. */
  text: string | undefined;
  /** Why decoding failed (broken base64, bad percent-encoding), when it did. */
  problem: string | undefined;
}

const PREFIX = 'data:application/';
const MEDIA = /^(json|x-sourcemap)\b/i;
const BASE64_OK = /^[A-Za-z0-9+/\-_]*={0,2}$/;

/**
 * Every inline JSON data URL in `text`, decoded. Broken payloads give `problem`, never a throw.
 * Data URLs with an empty payload (`'data:application/json;base64,' + b64`, as in
 * convert-source-map's own code) are skipped.
 */
export function extractInlineMaps(text: string): InlineMap[] {
  const out: InlineMap[] = [];
  if (typeof text !== 'string') return out;
  let from = 0;
  for (;;) {
    const start = text.indexOf(PREFIX, from);
    if (start < 0) break;
    from = start + PREFIX.length;
    try {
      const found = readDataUrl(text, start);
      if (found) {
        out.push(found);
        from = Math.max(from, found.end);
      }
    } catch (e) {
      // Defensive only: readDataUrl does not throw on any input we know of.
      out.push(failed(start, from, `Cannot read the inline source map: ${e instanceof Error ? e.message : String(e)}`));
    }
  }
  return out;
}

function failed(start: number, end: number, problem: string): InlineMap {
  return { start, end, payloadStart: end, encoding: 'base64', mediaType: 'application/json', charset: undefined, context: 'other', referenced: false, text: undefined, problem };
}

function readDataUrl(text: string, start: number): InlineMap | undefined {
  const afterPrefix = start + PREFIX.length;
  const media = MEDIA.exec(text.slice(afterPrefix, afterPrefix + 16));
  if (!media) return undefined;
  // Parameters up to the comma: `;charset=utf-8`, `;base64` (any order; `charset:utf-8` exists in the wild).
  const comma = text.indexOf(',', afterPrefix);
  if (comma < 0 || comma - afterPrefix > 200) return undefined;
  const params = text.slice(afterPrefix + media[1].length, comma);
  if (params !== '' && !/^(?:;[\w.+-]+(?:[=:][\w.+"-]+)?)*$/.test(params)) return undefined;
  const paramList = params.split(';').filter(Boolean);
  const base64 = paramList.some((p) => p.toLowerCase() === 'base64');
  const charsetParam = paramList.find((p) => /^charset[=:]/i.test(p));
  const charset = charsetParam ? charsetParam.slice(8).replace(/"/g, '') : undefined;
  const { referenced, context } = lookBehind(text, start);
  const payloadStart = comma + 1;
  const base = {
    start,
    payloadStart,
    encoding: (base64 ? 'base64' : 'percent') as InlineMap['encoding'],
    mediaType: `application/${media[1].toLowerCase()}`,
    charset,
    context,
    referenced,
  };
  const read = base64 ? readBase64(text, payloadStart) : readPercent(text, payloadStart, context === 'string');
  if (read.end === payloadStart) return undefined; // empty payload: a prefix being concatenated, not a map
  if (read.problem) return { ...base, end: read.end, text: undefined, problem: read.problem };
  return { ...base, end: read.end, text: read.text, problem: undefined };
}

/** Is the data URL preceded by `sourceMappingURL=`, and does that sit in a comment or in an escaped string? */
function lookBehind(text: string, start: number): { referenced: boolean; context: InlineMap['context'] } {
  const window = text.slice(Math.max(0, start - 64), start);
  const m = /([#@])[ \t]*sourceMappingURL[ \t]*=[ \t]*$/.exec(window);
  if (!m) return { referenced: false, context: 'other' };
  const at = start - window.length + m.index; // offset of # or @
  const before = text.slice(Math.max(0, at - 4), at);
  // `\n//# sourceMappingURL=` written with an escaped newline, or right after an opening quote: a string.
  if (/(?:\\[nr]|["'`])\/[/*]$/.test(before)) return { referenced: true, context: 'string' };
  return { referenced: true, context: 'comment' };
}

type Read = { end: number; text?: string; problem?: string };

function isB64(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 61 || c === 45 || c === 95;
}

/** Characters that may legitimately end a payload: whitespace, quotes, escapes, comment ends, code punctuation. */
function isTerminator(c: number): boolean {
  return Number.isNaN(c) || c <= 32 || c === 34 || c === 39 || c === 96 || c === 92 || c === 42 || c === 59 || c === 41 || c === 44 || c === 60 || c === 62 || c === 0x2028 || c === 0x2029;
}

function readBase64(text: string, from: number): Read {
  let i = from;
  const n = text.length;
  while (i < n && isB64(text.charCodeAt(i))) i++;
  if (i === from) return { end: i };
  const payload = text.slice(from, i);
  const stop = text.charCodeAt(i);
  if (!isTerminator(stop)) {
    return { end: i, problem: `Broken base64 in the inline source map: unexpected ${JSON.stringify(text[i])} after ${payload.length.toLocaleString('en-US')} characters.` };
  }
  if (!BASE64_OK.test(payload)) return { end: i, problem: 'Broken base64 in the inline source map: "=" padding in the middle of the data.' };
  if (payload.replace(/=+$/, '').length % 4 === 1) {
    return { end: i, problem: `Broken base64 in the inline source map: ${payload.length.toLocaleString('en-US')} characters cannot be a whole number of bytes (truncated?).` };
  }
  return { end: i, text: Buffer.from(payload, payload.includes('-') || payload.includes('_') ? 'base64url' : 'base64').toString('utf8') };
}

function readPercent(text: string, from: number, inString: boolean): Read {
  const n = text.length;
  let i = from;
  let escaped = false;
  let out = '';
  let chunkStart = from;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 && inString) {
      // A JS string escape inside `eval("...")`: `\n` ends the comment line; `\'` `\"` `\xHH` `\uHHHH` are content.
      const d = text[i + 1];
      if (d === undefined || d === 'n' || d === 'r' || d === 't' || d === '\n' || d === '\r') break;
      out += text.slice(chunkStart, i);
      escaped = true;
      const hex = d === 'x' ? text.slice(i + 2, i + 4) : d === 'u' && text[i + 2] !== '{' ? text.slice(i + 2, i + 6) : '';
      if (hex && /^[0-9a-fA-F]+$/.test(hex) && hex.length === (d === 'x' ? 2 : 4)) {
        out += String.fromCharCode(parseInt(hex, 16));
        i += 1 + hex.length;
      } else {
        out += d;
        i += 1;
      }
      chunkStart = i + 1;
      continue;
    }
    if (c <= 32 || c === 34 || c === 96 || c === 60 || c === 62 || c === 0x2028 || c === 0x2029) break;
    if (c === 39 && inString) break;
    if (c === 92) break;
    if (c === 42 && text.charCodeAt(i + 1) === 47) break; // `*/` closes a CSS/JS block comment
  }
  if (i === from) return { end: i };
  const raw = escaped ? out + text.slice(chunkStart, i) : text.slice(from, i);
  try {
    return { end: i, text: decodeURIComponent(raw) };
  } catch {
    const bad = /%(?![0-9a-fA-F]{2})/.exec(raw);
    return { end: i, problem: `Broken percent-encoding in the inline source map${bad ? ` at character ${bad.index.toLocaleString('en-US')}` : ''}.` };
  }
}
