/**
 * A small, careful Dockerfile parser (the syntax of Docker's reference): parser directives
 * (`# escape=`), line continuations with the escape character, comment lines inside continuations,
 * JSON (exec) and shell forms, `--flag=value` options, heredocs (`<<EOF` … `EOF`, whose bodies are
 * not context files), and `$VAR` / `${VAR}` / `${VAR:-default}` substitution from ARG and ENV.
 * `dockerfile-ast` was not used: it pulls in vscode-languageserver-types, which the engine must not
 * depend on.
 */

export interface Instruction {
  /** Upper-case keyword (FROM, COPY, ADD, WORKDIR, ARG, ENV ...). */
  keyword: string;
  /** 1-based line of the keyword. */
  line: number;
  /** The instruction text as written (continuations joined with a space), for messages. */
  text: string;
  /** `--name=value` flags (the value is `true` when given without `=`). */
  flags: Map<string, string>;
  /** Repeated flags (COPY --exclude). */
  flagList: Array<[string, string]>;
  /** Arguments: the JSON array when in exec form, else whitespace-split words (quotes removed). */
  args: string[];
  /** Heredoc names opened by this instruction (`<<EOF`, `<<-EOF`). */
  heredocs: string[];
}

export interface ParsedDockerfile {
  instructions: Instruction[];
  escape: string;
  problems: string[];
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const lines = text.split(/\r?\n/);
  let escape = '\\';
  const problems: string[] = [];
  // Parser directives: only at the very top, before any comment that is not a directive or instruction.
  for (const l of lines) {
    const m = /^#\s*([a-zA-Z][a-zA-Z0-9_-]*)\s*=\s*(.*?)\s*$/.exec(l);
    if (!m) break;
    if (m[1].toLowerCase() === 'escape') {
      if (m[2] === '`' || m[2] === '\\') escape = m[2];
      else problems.push(`invalid escape directive "${m[2]}"`);
    }
  }
  const out: Instruction[] = [];
  let i = 0;
  while (i < lines.length) {
    const raw = lines[i];
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) {
      i++;
      continue;
    }
    const startLine = i + 1;
    let joined = '';
    let cur = raw;
    for (;;) {
      const trimmed = cur.replace(/\s+$/, '');
      if (trimmed.endsWith(escape) && !trimmed.endsWith(escape + escape)) {
        joined += trimmed.slice(0, -1) + ' ';
        i++;
        // Skip comment and empty lines inside a continuation.
        while (i < lines.length && (/^\s*#/.test(lines[i]) || lines[i].trim() === '')) i++;
        if (i >= lines.length) break;
        cur = lines[i];
        continue;
      }
      joined += trimmed;
      i++;
      break;
    }
    const m = /^\s*([A-Za-z]+)\s*(.*)$/.exec(joined);
    if (!m) {
      problems.push(`line ${startLine}: cannot read "${joined.slice(0, 40)}"`);
      continue;
    }
    const keyword = m[1].toUpperCase();
    let rest = m[2];
    const flags = new Map<string, string>();
    const flagList: Array<[string, string]> = [];
    for (;;) {
      const f = /^--([A-Za-z-]+)(?:=("[^"]*"|\S*))?\s*/.exec(rest);
      if (!f) break;
      const v = f[2] === undefined ? 'true' : f[2].replace(/^"(.*)"$/, '$1');
      flags.set(f[1].toLowerCase(), v);
      flagList.push([f[1].toLowerCase(), v]);
      rest = rest.slice(f[0].length);
    }
    let args: string[];
    if (/^\s*\[/.test(rest)) {
      try {
        const j = JSON.parse(rest) as unknown;
        args = Array.isArray(j) && j.every((x) => typeof x === 'string') ? (j as string[]) : splitWords(rest, escape);
      } catch {
        args = splitWords(rest, escape);
      }
    } else args = splitWords(rest, escape);
    const heredocs: string[] = [];
    if (keyword === 'COPY' || keyword === 'ADD' || keyword === 'RUN') {
      for (const a of args) {
        const h = /^<<-?(["']?)([A-Za-z_][A-Za-z0-9_]*)\1$/.exec(a);
        if (h) heredocs.push(h[2]);
      }
    }
    out.push({ keyword, line: startLine, text: joined.trim(), flags, flagList, args, heredocs });
    // Heredoc bodies follow the instruction line; they end at a line equal to the name.
    for (const h of heredocs) {
      while (i < lines.length && lines[i].replace(/^\t+/, '').trimEnd() !== h) i++;
      i++;
    }
  }
  return { instructions: out, escape, problems };
}

function splitWords(s: string, escape: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q: string | undefined;
  let has = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === q) q = undefined;
      else if (c === escape && q === '"' && i + 1 < s.length) cur += s[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      q = c;
      has = true;
    } else if (/\s/.test(c)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else if (c === escape && i + 1 < s.length) {
      cur += s[++i];
      has = true;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has || cur) out.push(cur);
  return out;
}

/** `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alt}` with the given variables (unknown → empty). */
export function substitute(s: string, vars: ReadonlyMap<string, string>): string {
  return s.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced: string, op: string, word: string, bare: string) => {
    const name = braced ?? bare;
    const v = vars.get(name);
    if (op === '-') return v ? v : word;
    if (op === '+') return v ? word : '';
    return v ?? '';
  });
}
