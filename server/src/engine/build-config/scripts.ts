/**
 * package.json `scripts` as build commands: shell words with offsets into package.json, `&&` / `||`
 * / `;` / `|` lists, env prefixes (`VAR=x`, `cross-env`, `env`), runners (`npx`, `pnpm exec`),
 * and `npm run x` / `yarn x` / `pnpm x` / `bun run x` / `run-s` indirection followed a few levels
 * with cycles cut. Nothing is executed.
 */
import { findNodeAtLocation, type Node as JsonNode } from 'jsonc-parser';
import { parseTreeBounded as parseTree } from '../safe/json-depth';
import { minimatch } from '../safe/glob';

/** A shell word; offsets point into package.json (or into the script string when parsed alone). */
export interface Word {
  text: string;
  start: number;
  end: number;
}

export interface ScriptCommand {
  /** The script this command is written in. */
  script: string;
  /** Script names from the root script to this one (`['prepublishOnly', 'build']`). */
  via: string[];
  /** Environment assignments in force (prefix `VAR=x`, `cross-env VAR=x`). */
  env: Record<string, string>;
  /** The assignment words, e.g. `GENERATE_SOURCEMAP=false`. */
  envWords: Word[];
  /** Normalised program: `bun`, `esbuild`, `vite`, `webpack`, `tsc`, `react-scripts`, `node`, ... */
  tool: string;
  /** The words after the program name. */
  args: Word[];
  /** Offsets of the whole command (after prefixes) and of the first word of the segment. */
  start: number;
  end: number;
  /** Offset right before the command's first word, including env prefixes (where to insert `X=y `). */
  segmentStart: number;
  /**
   * How the command was found when no lifecycle script reaches it (issue #19): `ci`, a CI workflow
   * runs its script before publishing (same severity); `name`, only its script's name says build
   * (`build:bun`, `bundle`, `dist`, `compile`, `release`): one severity level lower.
   */
  inferred?: 'ci' | 'name';
}

/** The scripts npm / vsce run around a publish, in the order they are considered. */
export const PUBLISH_SCRIPTS = ['prepublishOnly', 'prepack', 'prepare', 'prepublish', 'vscode:prepublish', 'build'] as const;

interface ScriptEntry {
  value: string;
  /** Offset in package.json of decoded char i (length + 1 entries: the last is the end). */
  map: number[];
}

/** Reads `scripts` with offsets; JSON escapes are mapped back to their raw positions. */
export function readScripts(manifestText: string): Map<string, ScriptEntry> {
  const out = new Map<string, ScriptEntry>();
  let tree: JsonNode | undefined;
  try {
    tree = parseTree(manifestText, [], { allowTrailingComma: true, disallowComments: false });
  } catch {
    return out;
  }
  const scripts = tree ? findNodeAtLocation(tree, ['scripts']) : undefined;
  if (!scripts || scripts.type !== 'object') return out;
  for (const prop of scripts.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (!k || !v || v.type !== 'string') continue;
    out.set(String(k.value), { value: String(v.value), map: decodeMap(manifestText, v.offset, v.length) });
  }
  return out;
}

function decodeMap(text: string, offset: number, length: number): number[] {
  const map: number[] = [];
  const end = offset + length - 1;
  let i = offset + 1;
  while (i < end) {
    map.push(i);
    if (text[i] === '\\') i += text[i + 1] === 'u' ? 6 : 2;
    else i += 1;
  }
  map.push(Math.min(i, end));
  return map;
}

/** Splits a command line into segments of words (operators `&&`, `||`, `;`, `|`, `&` end a segment). */
export function shellSegments(line: string, map?: number[]): Word[][] {
  const at = (i: number) => (map ? map[Math.min(i, map.length - 1)] : i);
  const segments: Word[][] = [];
  let words: Word[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '&' || c === '|' || c === ';' || c === '(' || c === ')') {
      i += line[i + 1] === c ? 2 : 1;
      if (words.length) segments.push(words);
      words = [];
      continue;
    }
    const start = i;
    let text = '';
    while (i < n && !' \t\n\r&|;()'.includes(line[i])) {
      const ch = line[i];
      if (ch === "'") {
        const close = line.indexOf("'", i + 1);
        const stop = close < 0 ? n : close;
        text += line.slice(i + 1, stop);
        i = stop + 1;
      } else if (ch === '"') {
        i++;
        while (i < n && line[i] !== '"') {
          if (line[i] === '\\' && i + 1 < n) i++;
          text += line[i];
          i++;
        }
        i++;
      } else if (ch === '\\' && i + 1 < n) {
        text += line[i + 1];
        i += 2;
      } else {
        text += ch;
        i++;
      }
    }
    words.push({ text, start: at(start), end: at(Math.min(i, n)) });
  }
  if (words.length) segments.push(words);
  return segments;
}

const ENV_ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;
const RUNNERS = new Set(['npx', 'pnpx', 'bunx', 'dlx', 'exec', 'time', 'nice', 'nohup']);

function basename(cmd: string): string {
  const b = cmd.split(/[\\/]/).pop() ?? cmd;
  return b.replace(/\.(cmd|exe|ps1)$/i, '');
}

/**
 * Every command reachable from the root scripts (default: the publish scripts present), following
 * `npm run` / `yarn` / `pnpm` / `bun run` / `run-s` indirection up to `maxDepth` levels, `pre`/`post`
 * hooks included, cycles cut.
 */
export function publishCommands(manifestText: string, roots: readonly string[] = PUBLISH_SCRIPTS, maxDepth = 4): ScriptCommand[] {
  const scripts = readScripts(manifestText);
  const out: ScriptCommand[] = [];
  const seenRoots = new Set<string>();
  for (const root of roots) {
    if (!scripts.has(root) || seenRoots.has(root)) continue;
    seenRoots.add(root);
    const found: ScriptCommand[] = [];
    expand(scripts, root, [], maxDepth, found, []);
    for (const c of found) {
      for (const v of c.via) seenRoots.add(v);
      // The same command reached twice (two roots, run-s globs) is reported once, with its first path.
      if (!out.some((o) => o.script === c.script && o.start === c.start)) out.push(c);
    }
  }
  return out;
}

/** Script names that say "this builds what ships" (`build:prod`, `bundle`, `dist`, `compile`, `release:npm`). */
export const BUILD_SCRIPT_NAME = /^(?:build|bundle|dist|compile|release)(?:$|[:_.-])/i;

/**
 * `publishCommands` plus the commands of scripts CI runs before publishing (`ciScripts`, marked
 * `inferred: 'ci'`) and of scripts named like builds (marked `inferred: 'name'`); a command reached
 * by a lifecycle script keeps that path and no mark.
 */
export function buildCommands(manifestText: string, ciScripts: readonly string[] = []): ScriptCommand[] {
  const out = publishCommands(manifestText);
  const add = (cmds: ScriptCommand[], inferred: 'ci' | 'name') => {
    for (const c of cmds) if (!out.some((o) => o.start === c.start && o.end === c.end)) out.push({ ...c, inferred });
  };
  add(publishCommands(manifestText, ciScripts), 'ci');
  const named = [...readScripts(manifestText).keys()].filter((n) => BUILD_SCRIPT_NAME.test(n) && !/(?:^|[:_.-])(?:dev|watch|serve|test|docs?|storybook)(?:$|[:_.-])/i.test(n));
  add(publishCommands(manifestText, named), 'name');
  return out;
}

/** Commands of one script and what it runs (same rules as `publishCommands`). */
export function scriptCommands(manifestText: string, script: string, maxDepth = 4): ScriptCommand[] {
  return publishCommands(manifestText, [script], maxDepth);
}

function expand(scripts: Map<string, ScriptEntry>, name: string, via: string[], depth: number, out: ScriptCommand[], extra: Word[]): void {
  if (via.includes(name) || via.length > depth) return;
  const entry = scripts.get(name);
  if (!entry) return;
  const chain = [...via, name];
  const hook = (h: string) => {
    if (!chain.includes(h) && scripts.has(h)) expand(scripts, h, via, depth, out, []);
  };
  if (!name.startsWith('pre') && !name.startsWith('post')) hook(`pre${name}`);
  const segments = shellSegments(entry.value, entry.map);
  segments.forEach((seg, si) => {
    const words = si === segments.length - 1 ? [...seg, ...extra] : seg;
    const cmd = toCommand(words, name, chain);
    if (!cmd) return;
    const runs = runsScripts(cmd, scripts);
    if (runs) {
      for (const target of runs.names) expand(scripts, target, chain, depth, out, runs.extra);
      return;
    }
    out.push(cmd);
  });
  if (!name.startsWith('pre') && !name.startsWith('post')) hook(`post${name}`);
}

function toCommand(words: Word[], script: string, via: string[]): ScriptCommand | undefined {
  const env: Record<string, string> = {};
  const envWords: Word[] = [];
  let i = 0;
  const segmentStart = words[0]?.start ?? 0;
  for (let guard = 0; guard < 50 && i < words.length; guard++) {
    const w = words[i].text;
    const m = ENV_ASSIGN.exec(w);
    if (m) {
      env[m[1]] = m[2];
      envWords.push(words[i]);
      i++;
    } else if (w === 'cross-env' || w === 'cross-env-shell' || w === 'env') {
      i++;
    } else if (RUNNERS.has(w)) {
      i++;
      while (i < words.length && words[i].text.startsWith('-')) i++;
    } else if ((w === 'pnpm' || w === 'yarn' || w === 'npm') && (words[i + 1]?.text === 'exec' || words[i + 1]?.text === 'dlx')) {
      i += 2;
      while (i < words.length && words[i].text.startsWith('-')) i++;
    } else if (w === 'dotenv') {
      // dotenv -e .env.production -- cmd
      const dd = words.findIndex((x, j) => j > i && x.text === '--');
      if (dd < 0) return undefined;
      i = dd + 1;
    } else if (w === '--') i++;
    else break;
  }
  if (i >= words.length) return undefined;
  const first = words[i];
  return {
    script,
    via,
    env,
    envWords,
    tool: basename(first.text),
    args: words.slice(i + 1),
    start: first.start,
    end: words[words.length - 1].end,
    segmentStart,
  };
}

const BUILTIN_SUBCOMMANDS = new Set(['build', 'install', 'i', 'add', 'remove', 'x', 'pm', 'init', 'create', 'upgrade', 'link', 'unlink', 'test', 'publish', 'pack', 'exec', 'dlx', 'outdated', 'why', 'audit', 'update', 'up', 'patch', 'info', 'dedupe']);

function runsScripts(cmd: ScriptCommand, scripts: Map<string, ScriptEntry>): { names: string[]; extra: Word[] } | undefined {
  const args = cmd.args;
  const dd = args.findIndex((a) => a.text === '--');
  const extra = dd >= 0 ? args.slice(dd + 1) : [];
  const plain = (dd >= 0 ? args.slice(0, dd) : args).filter((a) => !a.text.startsWith('-')).map((a) => a.text);
  switch (cmd.tool) {
    case 'npm':
      if (plain[0] === 'run' || plain[0] === 'run-script' || plain[0] === 'rum' || plain[0] === 'urn') return plain[1] ? { names: [plain[1]], extra } : undefined;
      if ((plain[0] === 'test' || plain[0] === 'start' || plain[0] === 'stop' || plain[0] === 'restart') && scripts.has(plain[0])) return { names: [plain[0]], extra };
      return undefined;
    case 'yarn':
    case 'pnpm':
    case 'bun': {
      // `bun build`, `yarn add`... are the tools' own commands, not scripts (only `run x` is unambiguous).
      if (plain[0] !== 'run' && BUILTIN_SUBCOMMANDS.has(plain[0] ?? '') && (cmd.tool === 'bun' || (plain[0] !== 'build' && plain[0] !== 'test'))) return undefined;
      const target = plain[0] === 'run' ? plain[1] : plain[0];
      if (target && scripts.has(target)) return { names: [target], extra: dd >= 0 ? extra : args.slice(args.findIndex((a) => a.text === target) + 1) };
      return undefined;
    }
    case 'npm-run-all':
    case 'run-s':
    case 'run-p':
    case 'npm-run-all2': {
      const names: string[] = [];
      for (const p of plain) {
        if (scripts.has(p)) names.push(p);
        else if (p.includes('*')) for (const s of scripts.keys()) if (minimatch(s.replace(/:/g, '/'), p.replace(/:/g, '/'))) names.push(s);
      }
      return { names: [...new Set(names)], extra: [] };
    }
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// flags

/** A source-map-relevant flag found in a command. */
export interface ScriptFlag {
  command: ScriptCommand;
  /** Normalised tool: `bun`, `esbuild`, `vite`, `rollup`, `tsup`, `tsdown`, `bunchee`, `pkgroll`, `webpack`, `rspack`, `tsc`, `parcel`, `env`. */
  tool: string;
  /** Normalised option: `sourcemap`, `sourcesContent`, `devtool`, `sourceMap`, `inlineSourceMap`, `inlineSources`, `declarationMap`, `env`, `GENERATE_SOURCEMAP`, `noSourceMaps`. */
  name: string;
  /** The value: explicit (`inline`), implied (`true` for a bare flag) or `false` for `--no-x`. */
  value: string;
  /** True when the value was written (`--sourcemap=inline`, `--devtool x`), false for a bare flag. */
  explicit: boolean;
  /** Offsets of the whole flag (including a separate value word). */
  start: number;
  end: number;
  /** Offsets of the value text when written. */
  valueStart?: number;
  valueEnd?: number;
}

/** Which CLI a command is (`npx vite build` → `vite`, `bun build` → `bun-build`). */
export function commandKind(cmd: ScriptCommand): string {
  const sub = cmd.args.find((a) => !a.text.startsWith('-'))?.text;
  if (cmd.tool === 'bun' && sub === 'build') return 'bun-build';
  if (cmd.tool === 'vite' && sub === 'build') return 'vite-build';
  if (cmd.tool === 'vite') return sub === undefined || sub === 'dev' || sub === 'serve' || sub === 'preview' ? 'vite-dev' : 'vite-build';
  if (cmd.tool === 'react-scripts' && sub === 'build') return 'cra-build';
  if (cmd.tool === 'parcel' && sub === 'build') return 'parcel-build';
  if (cmd.tool === 'next' && sub === 'build') return 'next-build';
  if (cmd.tool === 'vue-cli-service' && sub === 'build') return 'vue-build';
  if (cmd.tool === 'ng' && sub === 'build') return 'ng-build';
  if (cmd.tool === 'rolldown' || cmd.tool === 'rollup' || cmd.tool === 'esbuild' || cmd.tool === 'tsup' || cmd.tool === 'tsdown' || cmd.tool === 'webpack' || cmd.tool === 'rspack' || cmd.tool === 'tsc') return cmd.tool;
  if (cmd.tool === 'webpack-cli') return 'webpack';
  if (cmd.tool === 'node' || cmd.tool === 'tsx' || cmd.tool === 'ts-node' || cmd.tool === 'bun' || cmd.tool === 'deno') return 'script';
  return cmd.tool;
}

/** The value of an option (`--x v`, `--x=v`, `-x v`) and its words. */
export function optionValue(cmd: ScriptCommand, names: readonly string[]): { value: string; word: Word; valueWord: Word; valueStart: number } | undefined {
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    for (const n of names) {
      if (a.text === n && args[i + 1] && !args[i + 1].text.startsWith('-')) return { value: args[i + 1].text, word: a, valueWord: args[i + 1], valueStart: args[i + 1].start };
      if (a.text.startsWith(n + '=')) return { value: a.text.slice(n.length + 1), word: a, valueWord: a, valueStart: a.start + n.length + 1 };
    }
  }
  return undefined;
}

const BUN_MAP = new Set(['linked', 'inline', 'external', 'none']);
const VITE_MAP = new Set(['true', 'false', 'inline', 'hidden']);
const ROLLUP_MAP = new Set(['inline', 'hidden']);
const ESBUILD_MAP = new Set(['linked', 'external', 'inline', 'both']);
const TSC_FLAGS: Record<string, string> = {
  '--sourcemap': 'sourceMap',
  '--inlinesourcemap': 'inlineSourceMap',
  '--inlinesources': 'inlineSources',
  '--declarationmap': 'declarationMap',
};

/** Source-map flags of one command, with offsets. Unknown tools give none. */
export function sourcemapFlags(cmd: ScriptCommand): ScriptFlag[] {
  const out: ScriptFlag[] = [];
  const kind = commandKind(cmd);
  const args = cmd.args;
  const push = (tool: string, name: string, i: number, value: string, explicit: boolean, consumedNext: boolean, inlineValueAt?: number) => {
    const w = args[i];
    const endWord = consumedNext ? args[i + 1] : w;
    const f: ScriptFlag = { command: cmd, tool, name, value, explicit, start: w.start, end: endWord.end };
    if (consumedNext) {
      f.valueStart = args[i + 1].start;
      f.valueEnd = args[i + 1].end;
    } else if (inlineValueAt !== undefined) {
      f.valueStart = w.start + inlineValueAt;
      f.valueEnd = w.end;
    }
    out.push(f);
  };
  // Bare flag, `--flag=value`, or `--flag value` when the next word is one of `allowed`.
  const valued = (tool: string, name: string, flags: string[], allowed: Set<string>, bare: string) => {
    args.forEach((a, i) => {
      for (const f of flags) {
        if (a.text === f) {
          const next = args[i + 1]?.text;
          if (next !== undefined && allowed.has(next)) push(tool, name, i, next, true, true);
          else push(tool, name, i, bare, false, false);
        } else if (a.text.startsWith(f + '=')) push(tool, name, i, a.text.slice(f.length + 1), true, false, f.length + 1);
      }
    });
  };
  for (const [k, v] of Object.entries(cmd.env)) {
    if (k === 'GENERATE_SOURCEMAP') {
      const w = cmd.envWords.find((x) => x.text.startsWith('GENERATE_SOURCEMAP='))!;
      out.push({ command: cmd, tool: 'env', name: 'GENERATE_SOURCEMAP', value: v, explicit: true, start: w.start, end: w.end, valueStart: w.end - v.length, valueEnd: w.end });
    }
  }
  switch (kind) {
    case 'bun-build':
      valued('bun', 'sourcemap', ['--sourcemap'], BUN_MAP, 'linked');
      valued('bun', 'env', ['--env'], new Set(['inline', 'disable']), '');
      break;
    case 'esbuild':
      valued('esbuild', 'sourcemap', ['--sourcemap'], ESBUILD_MAP, 'true');
      args.forEach((a, i) => {
        if (a.text.startsWith('--sources-content=')) push('esbuild', 'sourcesContent', i, a.text.slice(18), true, false, 18);
      });
      break;
    case 'vite-build':
      valued('vite', 'sourcemap', ['--sourcemap'], VITE_MAP, 'true');
      break;
    case 'rollup':
    case 'rolldown':
      valued(kind, 'sourcemap', ['-m', '--sourcemap'], ROLLUP_MAP, 'true');
      args.forEach((a, i) => {
        if (a.text === '--no-sourcemap') push(kind, 'sourcemap', i, 'false', true, false);
      });
      break;
    case 'tsup':
    case 'tsdown':
      valued(kind, 'sourcemap', ['--sourcemap'], new Set(['inline', 'hidden']), 'true');
      args.forEach((a, i) => {
        if (a.text === '--no-sourcemap') push(kind, 'sourcemap', i, 'false', true, false);
      });
      break;
    case 'bunchee':
    case 'pkgroll':
      // bunchee (maps off by default since v2, huozhi/bunchee#95) and pkgroll: `--sourcemap[=inline]`.
      valued(kind, 'sourcemap', ['--sourcemap'], new Set(['inline']), 'true');
      break;
    case 'webpack':
    case 'rspack':
      args.forEach((a, i) => {
        if (a.text === '--devtool' && args[i + 1]) push(kind, 'devtool', i, args[i + 1].text, true, true);
        else if (a.text.startsWith('--devtool=')) push(kind, 'devtool', i, a.text.slice(10), true, false, 10);
        else if (a.text === '--no-devtool') push(kind, 'devtool', i, 'false', true, false);
        else if (a.text === '-d' && args[i + 1]) push(kind, 'devtool', i, args[i + 1].text, true, true);
      });
      break;
    case 'tsc':
      args.forEach((a, i) => {
        const name = TSC_FLAGS[a.text.toLowerCase()];
        if (!name) return;
        const next = args[i + 1]?.text;
        if (next === 'true' || next === 'false') push('tsc', name, i, next, true, true);
        else push('tsc', name, i, 'true', false, false);
      });
      break;
    case 'parcel-build':
      args.forEach((a, i) => {
        if (a.text === '--no-source-maps') push('parcel', 'noSourceMaps', i, 'true', false, false);
      });
      break;
    default:
      break;
  }
  return out;
}

/** The config file a command points at (`--config x`, `-c x`, `-p x`, `--project x`), when written. */
export function configArgument(cmd: ScriptCommand): Word | undefined {
  const kind = commandKind(cmd);
  const names = kind === 'tsc' ? ['-p', '--project', '-b', '--build'] : ['-c', '--config', '--configLoader'];
  const hit = optionValue(cmd, names.filter((n) => n !== '--configLoader'));
  if (hit) return { text: hit.value, start: hit.valueStart, end: hit.valueWord.end };
  return undefined;
}

/** The script file a `node` / `tsx` / `bun` command runs, with the arguments after it. */
export function scriptFile(cmd: ScriptCommand): { file: Word; argv: string[] } | undefined {
  if (commandKind(cmd) !== 'script') return undefined;
  const args = cmd.args[0]?.text === 'run' && cmd.tool === 'bun' ? cmd.args.slice(1) : cmd.args;
  const i = args.findIndex((a) => !a.text.startsWith('-') && /\.(c|m)?[jt]sx?$/.test(a.text));
  if (i < 0) return undefined;
  return { file: args[i], argv: args.slice(i + 1).map((a) => a.text) };
}
