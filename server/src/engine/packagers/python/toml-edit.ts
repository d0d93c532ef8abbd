/**
 * The one TOML edit the Python exclude fix needs: add strings to an array of a table in
 * pyproject.toml (`[tool.hatch.build] exclude`, `[tool.poetry] exclude`, `[tool.flit.sdist]
 * exclude`), keeping the rest of the text as written. Not a TOML writer: an array written another
 * way (dotted keys, inline tables, a non-array value) gets no edit, and every edit is checked by
 * parsing the result again when the publish set is recomputed.
 */
import type { TextEdit } from '../../types';

/** Edits that add `items` to `key = [...]` in `[table]` (creating the key or the table), or undefined. */
export function tomlArrayAppend(text: string, table: string, key: string, items: readonly string[]): TextEdit[] | undefined {
  if (items.length === 0) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const list = items.map((i) => JSON.stringify(i)).join(', ');
  const headerRe = new RegExp(`^[ \\t]*\\[[ \\t]*${table.split('.').map(escapeRe).join('[ \\t]*\\.[ \\t]*')}[ \\t]*\\][ \\t]*(#.*)?$`, 'm');
  const header = headerRe.exec(text);
  if (!header) {
    // A table defined another way (dotted keys, an inline table) cannot be re-opened: the result
    // then does not parse, and the recomputed set (with its parse problem) withdraws the fix.
    const sep = text.length === 0 || text.endsWith('\n') ? '' : eol;
    return [{ start: text.length, end: text.length, newText: `${sep}${eol}[${table}]${eol}${key} = [${list}]${eol}` }];
  }
  const bodyStart = header.index + header[0].length;
  const next = /^[ \t]*\[/m.exec(text.slice(bodyStart + 1));
  const bodyEnd = next ? bodyStart + 1 + next.index : text.length;
  const body = text.slice(bodyStart, bodyEnd);
  const keyRe = new RegExp(`^[ \\t]*("${escapeRe(key)}"|'${escapeRe(key)}'|${escapeRe(key)})[ \\t]*=[ \\t]*`, 'm');
  const k = keyRe.exec(body);
  if (!k) return [{ start: bodyStart, end: bodyStart, newText: `${eol}${key} = [${list}]` }];
  const valueAt = bodyStart + k.index + k[0].length;
  if (text[valueAt] !== '[') return undefined;
  const close = closingBracket(text, valueAt);
  if (close < 0) return undefined;
  const inner = text.slice(valueAt + 1, close).replace(/#[^\n]*/g, '');
  const trimmed = inner.trim();
  const needsComma = trimmed.length > 0 && !trimmed.endsWith(',');
  // A closing bracket on its own line gets the new items on their own line above it.
  const lineStart = text.lastIndexOf('\n', close - 1) + 1;
  if (trimmed.length && /^[ \t]*$/.test(text.slice(lineStart, close))) {
    const indent = /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', lineStart - 2) + 1))?.[0] ?? '  ';
    if (!needsComma) return [{ start: lineStart, end: lineStart, newText: `${indent}${items.map((i) => JSON.stringify(i)).join(`,${eol}${indent}`)},${eol}` }];
  }
  return [{ start: close, end: close, newText: `${needsComma ? ', ' : trimmed.length ? ' ' : ''}${list}` }];
}

/** Offset of the `]` closing the array opened at `open`, skipping strings and comments; -1 when none. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const end = triple ? c.repeat(3) : c;
      i += end.length;
      while (i < text.length && !text.startsWith(end, i)) {
        if (c === '"' && text[i] === '\\') i++;
        if (!triple && text[i] === '\n') return -1;
        i++;
      }
      i += end.length - 1;
    } else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
