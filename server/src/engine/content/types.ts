/**
 * Shared shapes of the content matchers: pure functions `(text, opts) => Match[]` over one file's
 * text, used by the secret-* and prompt-* rules. Offsets are UTF-16 code-unit offsets into `text`.
 */

/** A span of text a matcher found, `[start, end)`. */
export interface ContentMatch {
  start: number;
  end: number;
  /** What was found; each matcher documents its own kinds. */
  kind: string;
}
