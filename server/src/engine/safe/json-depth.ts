/**
 * JSON from the workspace is parsed by jsonc-parser, whose tree builder recurses once per level:
 * 200,000 nested `[` in any package.json (even one under test/fixtures/) or in .leakguardrc.json
 * overflowed the stack and blinded the whole folder (issue #15 item 8). A linear scan bounds the
 * nesting before any parse; a file over the bound is reported on its own and the rest is analysed.
 */
import { parseTree, ParseErrorCode, type Node as JsonNode, type ParseError, type ParseOptions } from 'jsonc-parser';

/** Deepest nesting parsed. Real manifests and configs stay under 20 levels. */
export const MAX_JSON_DEPTH = 256;

/**
 * Offset of the bracket that opens a level deeper than `max`, or -1. Skips strings and (JSONC)
 * comments; never throws; one pass, no allocation.
 */
export function jsonDepthExceeded(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22 || d === 0x0a) break;
      }
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      const e = text.indexOf('\n', i + 2);
      i = e < 0 ? n : e;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 1;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return -1;
}

/** The message for a file nested too deeply (names no content). */
export const tooDeepMessage = (max = MAX_JSON_DEPTH) => `JSON nested more than ${max} levels deep; this file is not analysed.`;

/**
 * jsonc-parser's `parseTree` behind the nesting bound: undefined (and an `InvalidSymbol` error at
 * the offending bracket in `errors`) for a text nested more than {@link MAX_JSON_DEPTH} levels.
 */
export function parseTreeBounded(text: string, errors: ParseError[] = [], options?: ParseOptions): JsonNode | undefined {
  const at = jsonDepthExceeded(text);
  if (at >= 0) {
    errors.push({ error: ParseErrorCode.InvalidSymbol, offset: at, length: 1 });
    return undefined;
  }
  return parseTree(text, errors, options);
}
