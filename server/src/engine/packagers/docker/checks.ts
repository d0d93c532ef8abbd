/**
 * Container-specific checks (#21), pure functions over a Dockerfile's text and its parsed
 * instructions, used by the container-* rules: COPY/ADD of the whole build context, ARG/ENV that
 * hold secrets, and build-time secrets that end up in the image's history or layers because they
 * do not use `RUN --mount=type=secret`. Offsets are UTF-16 offsets into the Dockerfile text; a
 * secret value never leaves these functions (only its name, offsets and a hash).
 */
import { classifyJwt, findSecrets } from '../../content/secrets';
import { isPlaceholderCredentials } from '../../content/hosts';
import { isPlaceholder, secretHash } from '../../content/redact';
import { parseDockerfile, type Instruction, type ParsedDockerfile } from './parse';

export interface Span {
  start: number;
  end: number;
}

/** Offsets of the instruction's text: from its keyword to the end of its last continuation line. */
export function instructionSpan(text: string, parsed: ParsedDockerfile, ins: Instruction): Span {
  const starts = lineStarts(text);
  const start = (starts[ins.line - 1] ?? 0) + ((/^\s*/.exec(text.slice(starts[ins.line - 1] ?? 0)) ?? [''])[0].length);
  const i = parsed.instructions.indexOf(ins);
  const next = parsed.instructions[i + 1];
  let end = next ? (starts[next.line - 1] ?? text.length) : text.length;
  // Back over trailing blank lines and comments before the next instruction.
  const body = text.slice(start, end);
  const lines = body.split('\n');
  while (lines.length > 1 && (/^\s*(#.*)?$/.test(lines[lines.length - 1]))) lines.pop();
  end = start + lines.join('\n').replace(/\s+$/, '').length;
  return { start, end };
}

export function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/** Sources that mean "the whole build context": `.`, `./`, `/`, `*` (after ARG/ENV substitution is not needed: literal only). */
export function isWholeContextSource(src: string): boolean {
  return /^(\.\/?|\/|\.\/\*|\*)$/.test(src.trim());
}

/** The COPY/ADD instructions (not `--from`) that copy the whole build context, with the stage index they belong to. */
export function wholeContextCopies(parsed: ParsedDockerfile): Array<{ ins: Instruction; stage: number }> {
  const out: Array<{ ins: Instruction; stage: number }> = [];
  let stage = -1;
  for (const ins of parsed.instructions) {
    if (ins.keyword === 'FROM') stage++;
    if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.flags.has('from') || ins.heredocs.length) continue;
    const srcs = ins.args.slice(0, -1);
    if (srcs.some(isWholeContextSource)) out.push({ ins, stage });
  }
  return out;
}

/**
 * "Narrow the COPY": `COPY . <dest>` rewritten as one COPY per top-level folder (a folder source
 * copies its contents, so each gets its own destination) and one COPY for the top-level files,
 * keeping the flags. `keepTop` are the top-level names to keep (context files that should reach the
 * image). Undefined when the instruction is not a plain whole-context COPY or nothing is left.
 */
export function narrowCopyText(ins: Instruction, keepTop: { files: string[]; dirs: string[] }): string | undefined {
  const srcs = ins.args.slice(0, -1);
  if (srcs.length !== 1 || !isWholeContextSource(srcs[0]) || srcs[0].includes('*')) return undefined;
  if (!keepTop.files.length && !keepTop.dirs.length) return undefined;
  const dest = ins.args[ins.args.length - 1];
  const flags = ins.flagList.map(([k, v]) => (v === 'true' ? `--${k}` : `--${k}=${/\s/.test(v) ? JSON.stringify(v) : v}`)).join(' ');
  const head = `${ins.keyword}${flags ? ` ${flags}` : ''}`;
  const q = (p: string): string => (/[\s"'$\\]/.test(p) ? JSON.stringify(p) : p);
  const base = dest.endsWith('/') ? dest : `${dest}/`;
  const lines: string[] = [];
  if (keepTop.files.length) lines.push(`${head} ${keepTop.files.map(q).join(' ')} ${base}`);
  for (const d of keepTop.dirs) lines.push(`${head} ${q(d)} ${q(`${base}${d}`)}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// ARG / ENV holding secrets

/** A variable name that says it holds a secret: TOKEN, SECRET, PASSWORD, API_KEY, PRIVATE_KEY, ... */
const SECRET_NAME = /(^|_)(TOKEN|SECRET|PASSWORD|PASSWD|PWD|PASS|API_?KEY|ACCESS_?KEY|SECRET_?KEY|PRIVATE_?KEY|AUTH|AUTH_?TOKEN|CREDENTIALS?|CLIENT_?SECRET|NPM_?TOKEN|PAT)($|_)/i;
/** Names that mention a secret but hold something else: its file, URL, id, user, length... */
const NOT_SECRET_NAME = /(_|^)(FILE|PATH|DIR|URL|URI|HOST|PORT|ID|NAME|USER|USERNAME|EMAIL|TYPE|METHOD|MODE|HEADER|LENGTH|LEN|TTL|EXPIRY|EXPIRES|ENDPOINT|REGION|ENABLED|REQUIRED|VERSION|PROVIDER|SOURCE)$/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name);
}

/** A literal value that is obviously not a secret: empty, a variable reference, a placeholder, a number or boolean. */
function isNotSecretValue(value: string): boolean {
  const v = value.trim();
  if (v.length < 4) return true;
  if (/^\$(\{[^}]*\}|[A-Za-z_]\w*)$/.test(v)) return true;
  if (/^(true|false|yes|no|on|off|none|null|nil|\d+(\.\d+)*)$/i.test(v)) return true;
  if (/^(changeme|change[-_]?me|secret|password|token|xxx+|\*+|\.\.\.|todo|tbd|dummy.*|example.*|placeholder.*|your[-_ ].*|replace[-_ ]?me.*|<[^>]*>)$/i.test(v)) return true;
  if (/not[-_ ]?(a[-_ ]?)?real|^(sample|test|fake)[-_]/i.test(v)) return true;
  if (/^\/(run|var|etc|tmp|home|root|usr|opt)\//.test(v)) return true; // a path (e.g. /run/secrets/x)
  return isPlaceholder(v);
}

export interface ArgEnvSecret extends Span {
  keyword: 'ARG' | 'ENV';
  name: string;
  line: number;
  /** `name`: a secret-looking name with a literal value; `format`: a known token format (provider named). */
  by: 'name' | 'format';
  provider?: string;
  /** For `format`: `low` for shapes and tokens whose checksum fails (reported one level lower). */
  confidence?: 'high' | 'low';
  /** Hash of the value (fingerprints), never the value. */
  hash: string;
}

/** `ARG NAME=value` / `ENV NAME=value` / `ENV NAME value` whose value is a literal secret. */
export async function argEnvSecrets(text: string, parsed: ParsedDockerfile = parseDockerfile(text)): Promise<ArgEnvSecret[]> {
  const out: ArgEnvSecret[] = [];
  for (const ins of parsed.instructions) {
    if (ins.keyword !== 'ARG' && ins.keyword !== 'ENV') continue;
    const span = instructionSpan(text, parsed, ins);
    const body = text.slice(span.start, span.end);
    const pairs: Array<[string, string]> = [];
    if (ins.keyword === 'ENV' && ins.args.length >= 2 && !ins.args[0].includes('=')) pairs.push([ins.args[0], ins.args.slice(1).join(' ')]);
    else for (const a of ins.args) if (a.includes('=')) pairs.push([a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]);
    let from = ins.keyword.length;
    for (const [name, value] of pairs) {
      if (!value) continue;
      const at = locateValue(body, name, value, from);
      if (!at) continue;
      from = at.end;
      const abs = { start: span.start + at.start, end: span.start + at.end };
      // Known token formats, whatever the name (the engine's secret scanner over the value alone).
      // URL credentials that are placeholders or a local default (`postgres:postgres@db`) are not secrets.
      const cred = /:\/\/([^:/@\s]*):([^@/\s]*)@/.exec(value);
      const defaultCreds = !!cred && (isPlaceholderCredentials(cred[1], cred[2]) || cred[1] === cred[2]);
      const hits = defaultCreds ? [] : await findSecrets(value, { withoutSecretlint: false });
      // A JWT with a privileged role (Supabase service_role ...) is a secret; anon keys are public by design.
      if (!hits.length && /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/.test(value) && classifyJwt(value) === 'privileged') {
        out.push({ keyword: ins.keyword, name, line: ins.line, ...abs, by: 'format', provider: 'JWT (privileged role)', confidence: 'high', hash: secretHash(value) });
        continue;
      }
      const strong = hits.find((h) => h.confidence === 'high') ?? hits[0];
      if (strong) {
        out.push({ keyword: ins.keyword, name, line: ins.line, ...abs, by: 'format', provider: strong.provider, confidence: strong.confidence, hash: strong.hash });
        continue;
      }
      if (isSecretName(name) && !isNotSecretValue(value)) out.push({ keyword: ins.keyword, name, line: ins.line, ...abs, by: 'name', hash: secretHash(value) });
    }
  }
  return out;
}

/** Offsets of `value` (as written, maybe quoted) after `name` in an instruction's text. */
function locateValue(body: string, name: string, value: string, from: number): Span | undefined {
  const re = new RegExp(`(^|[\\s])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(=|\\s+)`, 'g');
  re.lastIndex = from;
  const m = re.exec(body);
  if (!m) return undefined;
  const vStart = m.index + m[0].length;
  const rest = body.slice(vStart);
  const quoted = /^(["'])/.exec(rest);
  if (quoted) {
    const close = rest.indexOf(quoted[1], 1);
    return close > 0 ? { start: vStart + 1, end: vStart + close } : undefined;
  }
  const i = rest.indexOf(value);
  if (i === 0) return { start: vStart, end: vStart + value.length };
  // Escapes or continuations made the written form differ: take the word.
  const w = /^\S+/.exec(rest);
  return w ? { start: vStart, end: vStart + w[0].length } : undefined;
}

// ---------------------------------------------------------------------------------------------
// build-time secrets without --mount=type=secret

export type BuildSecretKind =
  /** RUN reads a secret ARG: its value is recorded in the image history (`docker history`). */
  | 'run-uses-arg'
  /** RUN reads a secret ARG and writes it into a credential file it does not remove: the file stays in the layer. */
  | 'run-writes-secret'
  /** A secret ARG that no RUN names, but RUN lines follow it: every one records its value in the history. */
  | 'arg-in-history'
  /** RUN reads a secret ENV: the value is in the image config of every later stage built on it. */
  | 'run-uses-env'
  /** ENV NAME=$SECRET_ARG: the build arg becomes part of the image's environment. */
  | 'env-from-arg'
  /** RUN writes a credential file (echo ... > .npmrc) without removing it in the same RUN. */
  | 'run-writes-credential'
  /** COPY of a credential file removed by a later RUN: it stays in the COPY layer. */
  | 'copy-then-remove';

export interface BuildSecretUse extends Span {
  kind: BuildSecretKind;
  line: number;
  /** The variable, or the credential file. */
  name: string;
  /** The instruction the edit of a suggestion applies to (RUN for `--mount`). */
  ins: Instruction;
  /** For copy-then-remove: the RUN line that removes it. */
  removedAt?: number;
  /** For run-writes-secret: the credential file written. */
  file?: string;
  /** 0-based index of the stage (FROM) the use is in. */
  stage: number;
}

/**
 * The stages whose instructions are part of the image built with `target` (default: the last
 * stage): the stage and the stages it is built `FROM`. Other stages only feed `COPY --from`; their
 * history and layers stay in the build cache.
 */
export function finalLineage(parsed: ParsedDockerfile, target?: string): Set<number> {
  const stages: Array<{ name?: string; parent?: number }> = [];
  for (const ins of parsed.instructions) {
    if (ins.keyword !== 'FROM') continue;
    const image = ins.args[0] ?? '';
    const asIdx = ins.args.findIndex((a) => a.toLowerCase() === 'as');
    const parent = stages.findIndex((x) => x.name !== undefined && x.name.toLowerCase() === image.toLowerCase());
    stages.push({ name: asIdx >= 0 ? ins.args[asIdx + 1] : undefined, parent: parent >= 0 ? parent : undefined });
  }
  let at = target !== undefined ? stages.findIndex((x, i) => (x.name ?? String(i)).toLowerCase() === target.toLowerCase()) : stages.length - 1;
  const out = new Set<number>();
  while (at !== undefined && at >= 0 && !out.has(at)) {
    out.add(at);
    at = stages[at].parent as number;
  }
  return out;
}

/** Credential files a build writes or copies for a registry or git (by base name). */
const CREDENTIAL_BASENAME = /^(\.npmrc|\.yarnrc(\.yml)?|\.pypirc|\.netrc|_netrc|\.git-credentials|pip\.conf|\.pip\.conf|settings\.xml|config\.json|credentials|id_(rsa|dsa|ecdsa|ed25519)|[^/]*\.(pem|key|p12|pfx))$/;
const CREDENTIAL_WRITE = /(?:>>?|\btee\s+(?:-a\s+)?|\bsed\s+-i\S*\s+(?:"[^"]*"|'[^']*'|\S+)\s+)\s*["']?((?:[~$\w./{}-]*\/)?(\.npmrc|\.yarnrc(?:\.yml)?|\.pypirc|\.netrc|\.git-credentials|pip\.conf|\.docker\/config\.json|id_(?:rsa|dsa|ecdsa|ed25519)))\b/;

/** Uses of build secrets that leave them in the image (history, config, or a layer). */
export function buildSecretUses(text: string, parsed: ParsedDockerfile = parseDockerfile(text)): BuildSecretUse[] {
  const out: BuildSecretUse[] = [];
  type ArgState = { ins: Instruction; named: boolean; runs: number };
  let args = new Map<string, ArgState>();
  let envs = new Map<string, Instruction>();
  let stage = -1;
  let copied: Array<{ ins: Instruction; base: string }> = [];
  const esc = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const endStage = (): void => {
    // A secret ARG that RUN lines follow without naming it: each of them records it in the history.
    for (const [name, a] of args) {
      if (a.named || !a.runs) continue;
      const span = instructionSpan(text, parsed, a.ins);
      const at = text.slice(span.start, span.end).search(new RegExp(`\\b${esc(name)}\\b`));
      out.push({ kind: 'arg-in-history', line: a.ins.line, name, ins: a.ins, start: span.start + Math.max(0, at), end: span.start + Math.max(0, at) + name.length, stage });
    }
  };
  for (const ins of parsed.instructions) {
    const span = instructionSpan(text, parsed, ins);
    const body = text.slice(span.start, span.end);
    if (ins.keyword === 'FROM') {
      endStage();
      stage++;
      args = new Map();
      envs = new Map();
      copied = [];
      continue;
    }
    if (ins.keyword === 'ARG') {
      if (stage < 0) continue; // a global ARG is only visible to FROM lines until redeclared in a stage
      for (const a of ins.args) {
        const name = a.split('=')[0];
        if (isSecretName(name)) args.set(name, { ins, named: false, runs: 0 });
      }
      continue;
    }
    if (ins.keyword === 'ENV') {
      const pairs: Array<[string, string]> = ins.args.length >= 2 && !ins.args[0].includes('=') ? [[ins.args[0], ins.args.slice(1).join(' ')]] : ins.args.filter((a) => a.includes('=')).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]);
      for (const [name, value] of pairs) {
        const ref = /\$\{?([A-Za-z_]\w*)/.exec(value)?.[1];
        if (ref && args.has(ref)) {
          args.get(ref)!.named = true;
          const at = body.indexOf(value);
          out.push({ kind: 'env-from-arg', line: ins.line, name: ref, ins, start: span.start + Math.max(0, at), end: span.start + (at >= 0 ? at + value.length : body.length), stage });
        }
        if (isSecretName(name)) envs.set(name, ins);
      }
      continue;
    }
    if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      if (ins.flags.has('from') || ins.heredocs.length) continue;
      for (const src of ins.args.slice(0, -1)) {
        const t = src.replace(/\/+$/, '');
        const base = t.slice(t.lastIndexOf('/') + 1);
        if (CREDENTIAL_BASENAME.test(base) && base !== 'config.json') copied.push({ ins, base });
      }
      continue;
    }
    if (ins.keyword !== 'RUN') continue;
    const mounted = new Set<string>();
    for (const [k, v] of ins.flagList) {
      if (k !== 'mount' || !/(^|,)type=secret(,|$)/.test(v)) continue;
      const env = /(^|,)env=([^,]+)/.exec(v)?.[2];
      const id = /(^|,)id=([^,]+)/.exec(v)?.[2];
      if (env) mounted.add(env);
      if (id) mounted.add(id);
    }
    for (const [name, a] of args) {
      if (mounted.has(name)) a.named = true; // the author reads it from a secret mount; the ARG is a leftover
      else a.runs++;
    }
    const shell = body.slice(ins.keyword.length);
    const w = CREDENTIAL_WRITE.exec(shell);
    const writes = w && !new RegExp(`\\brm\\b[^;&|]*${esc(w[2].slice(w[2].lastIndexOf('/') + 1))}`).test(shell.slice((w.index ?? 0) + w[0].length)) ? w : undefined;
    let reported = false;
    for (const m of shell.matchAll(/\$\{?([A-Za-z_]\w*)\}?/g)) {
      const name = m[1];
      if (mounted.has(name)) continue;
      const arg = args.get(name);
      if (arg) arg.named = true;
      if (reported) continue;
      const kind: BuildSecretKind | undefined = arg ? (writes ? 'run-writes-secret' : 'run-uses-arg') : envs.has(name) ? 'run-uses-env' : undefined;
      if (!kind) continue;
      const st = span.start + ins.keyword.length + (m.index ?? 0);
      out.push({ kind, line: ins.line, name, ins, start: st, end: st + m[0].length, stage, ...(kind === 'run-writes-secret' && writes ? { file: writes[1] } : {}) });
      reported = true; // one finding per RUN line
    }
    if (writes && !reported) {
      const st = span.start + ins.keyword.length + (writes.index ?? 0);
      out.push({ kind: 'run-writes-credential', line: ins.line, name: writes[1], ins, start: st, end: st + writes[0].length, stage });
    }
    for (const c of copied) {
      if (new RegExp(`\\brm\\b[^;&|]*${esc(c.base)}\\b`).test(shell)) {
        const cs = instructionSpan(text, parsed, c.ins);
        out.push({ kind: 'copy-then-remove', line: c.ins.line, name: c.base, ins: c.ins, start: cs.start, end: cs.end, removedAt: ins.line, stage });
      }
    }
    copied = copied.filter((c) => !out.some((o) => o.kind === 'copy-then-remove' && o.ins === c.ins));
  }
  endStage();
  return out;
}

/** `RUN --mount=type=secret,id=<id>,env=<NAME> ...`: the text to insert after `RUN`. */
export function secretMountFlag(name: string): string {
  return ` --mount=type=secret,id=${name.toLowerCase().replace(/_/g, '-')},env=${name}`;
}
