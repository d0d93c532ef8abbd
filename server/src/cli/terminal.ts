/**
 * What reaches a terminal (issue #15 items 3 and 10): file names and messages come from the
 * repository, so control characters in them (ESC and OSC 52 clipboard writes, line erase, C1 such
 * as U+009B CSI, DEL, a bare CR that rewrites a line) are shown as `\u00XX`, and URL user-info is
 * redacted. `\u00XX` is also a valid JSON escape of the same character, so the one filter keeps
 * json and sarif output valid and equal in meaning.
 */
import { redactUrlCredentials } from '../engine/safe/url-credentials';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_NEWLINE_TAB = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** The only escape sequences Leakguard itself writes: a few SGR colors, and "CR + erase line" for progress. */
// eslint-disable-next-line no-control-regex
const OWN_SEQUENCES = /\r\x1b\[2K|\x1b\[(?:0|1|2|31|32|33|36)m/g;

const hex = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** One field (a file name, a message): every control character escaped, newlines included. */
export function escapeControl(s: string): string {
  return s.replace(CONTROL, hex);
}

/**
 * A whole chunk of output: URL credentials redacted, control characters escaped except newline,
 * tab and Leakguard's own color / progress sequences.
 */
export function terminalSafe(s: string): string {
  const redacted = redactUrlCredentials(s);
  let out = '';
  let last = 0;
  for (const m of redacted.matchAll(OWN_SEQUENCES)) {
    out += redacted.slice(last, m.index).replace(CONTROL_BUT_NEWLINE_TAB, hex) + m[0];
    last = m.index! + m[0].length;
  }
  return out + redacted.slice(last).replace(CONTROL_BUT_NEWLINE_TAB, hex);
}
