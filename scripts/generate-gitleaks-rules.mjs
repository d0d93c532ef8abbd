#!/usr/bin/env node
/**
 * Re-expresses gitleaks' default configuration (config/gitleaks.toml) as a TypeScript data module
 * for Leakguard: server/src/engine/content/gitleaks-rules.ts.
 *
 *   node scripts/generate-gitleaks-rules.mjs PATH/TO/gitleaks.toml [--version v8.x.y]
 *
 * The patterns are data (ids, regexes, keywords, entropy thresholds, allowlists); no gitleaks code
 * is copied. Go RE2 syntax is translated to JavaScript here, once, so the engine only compiles:
 * inline flags (`(?i)`, `(?-i:…)`, `(?s:…)`) become explicit case classes (`[aA]`) because
 * Node 20 has no inline modifiers; `\z` → `$`; `(?P<n>` → `(?<n>`; POSIX classes are expanded.
 * Every translated regex is compiled here, and the generator fails on anything it cannot translate.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
if (!args[0]) {
  console.error('usage: node scripts/generate-gitleaks-rules.mjs PATH/TO/gitleaks.toml [--version TAG]');
  process.exit(2);
}
const tomlText = readFileSync(args[0], 'utf8');
const versionAt = args.indexOf('--version');
const version = versionAt >= 0 ? args[versionAt + 1] : 'unknown';

// ---------------------------------------------------------------- a TOML subset (what gitleaks.toml uses)

function parseToml(text) {
  const doc = { allowlist: {}, rules: [] };
  let target = doc;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    if (line === '[allowlist]') { target = doc.allowlist; continue; }
    if (line === '[[rules]]') { target = { allowlists: [] }; doc.rules.push(target); continue; }
    if (line === '[[rules.allowlists]]') { target = {}; doc.rules[doc.rules.length - 1].allowlists.push(target); continue; }
    if (line.startsWith('[')) throw new Error(`unsupported table ${line}`);
    const eq = line.indexOf('=');
    const key = line.slice(0, eq).trim();
    let rest = line.slice(eq + 1).trim();
    if (rest.startsWith('[')) {
      while (!balancedArray(rest)) rest += '\n' + lines[++i];
      target[key] = parseArray(rest);
    } else target[key] = parseScalar(rest);
  }
  return doc;
}

function balancedArray(s) {
  const items = [...s.matchAll(/'''[\s\S]*?'''|"(?:[^"\\]|\\.)*"|\]/g)];
  return items.some((m) => m[0] === ']');
}

function parseArray(s) {
  const out = [];
  for (const m of s.matchAll(/'''([\s\S]*?)'''|"((?:[^"\\]|\\.)*)"/g)) out.push(m[1] !== undefined ? m[1] : JSON.parse(`"${m[2]}"`));
  return out;
}

function parseScalar(s) {
  if (s.startsWith("'''")) return s.slice(3, s.lastIndexOf("'''"));
  if (s.startsWith('"')) return JSON.parse(s);
  if (/^-?\d+(?:\.\d+)?$/.test(s)) return Number(s);
  if (s === 'true' || s === 'false') return s === 'true';
  throw new Error(`unsupported value ${s}`);
}

// ---------------------------------------------------------------- Go RE2 → JavaScript

const POSIX = { alnum: 'a-zA-Z0-9', alpha: 'a-zA-Z', digit: '0-9', lower: 'a-z', upper: 'A-Z', space: '\\s', xdigit: '0-9a-fA-F', word: '\\w', punct: '!-\\/:-@\\[-`{-~' };

/** Translates one Go regex to a JavaScript source without inline flags (no JS flags needed but `d`). */
export function goToJs(src) {
  let out = '';
  let i = 0;
  const stack = [{ ci: false, dotall: false }];
  const top = () => stack[stack.length - 1];
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      const n = src[i + 1];
      if (n === 'z') { out += '$'; i += 2; continue; }
      if (n === 'A') { out += '^'; i += 2; continue; }
      if (n === 'Q' || n === 'p' || n === 'P' || n === 'C') throw new Error(`unsupported escape \\${n} in ${src}`);
      if (n === 'x' && src[i + 2] === '{') throw new Error(`unsupported \\x{} in ${src}`);
      out += c + n;
      i += 2;
      continue;
    }
    if (c === '[') {
      const [cls, next] = readClass(src, i, top().ci);
      out += cls;
      i = next;
      continue;
    }
    if (c === '(') {
      if (src[i + 1] === '?') {
        const m = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(src.slice(i));
        const named = /^\(\?P?<([A-Za-z_]\w*)>/.exec(src.slice(i));
        if (named) {
          stack.push({ ...top() });
          out += `(?<${named[1]}>`;
          i += named[0].length;
          continue;
        }
        if (!m) throw new Error(`unsupported group at ${i} in ${src}`);
        const flags = { ...top() };
        for (const f of m[1]) applyFlag(flags, f, true, src);
        for (const f of m[2] ?? '') applyFlag(flags, f, false, src);
        if (m[3] === ')') {
          Object.assign(top(), flags); // `(?i)`: until the end of the enclosing group
        } else {
          stack.push(flags);
          out += '(?:';
        }
        i += m[0].length;
        continue;
      }
      stack.push({ ...top() });
      out += '(';
      i++;
      continue;
    }
    if (c === ')') {
      stack.pop();
      if (stack.length === 0) throw new Error(`unbalanced ) in ${src}`);
      out += ')';
      i++;
      continue;
    }
    if (c === '.') {
      out += top().dotall ? '[\\s\\S]' : '[^\\n]';
      i++;
      continue;
    }
    if (c === '{' && !/^\{\d+(?:,\d*)?\}/.test(src.slice(i))) { out += '\\{'; i++; continue; }
    if (c === '}' && !/\{\d+(?:,\d*)?$/.test(src.slice(0, i))) { out += '\\}'; i++; continue; }
    if (top().ci && /[a-zA-Z]/.test(c) && c.toLowerCase() !== c.toUpperCase()) {
      out += `[${c.toLowerCase()}${c.toUpperCase()}]`;
      i++;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

function applyFlag(flags, f, on, src) {
  if (f === 'i') flags.ci = on;
  else if (f === 's') flags.dotall = on;
  else if (f === 'm' || f === 'U') throw new Error(`unsupported flag ${f} in ${src}`);
}

/** Reads `[...]` at `start`; returns the JS class (case variants added when `ci`) and the next index. */
function readClass(src, start, ci) {
  let i = start + 1;
  let negate = false;
  if (src[i] === '^') { negate = true; i++; }
  const items = []; // strings of JS class syntax
  const letters = []; // [lo, hi] code ranges that are letters, for case variants
  let first = true;
  while (i < src.length && (src[i] !== ']' || first)) {
    first = false;
    if (src.startsWith('[:', i)) {
      const end = src.indexOf(':]', i);
      const name = src.slice(i + 2, end);
      if (!POSIX[name]) throw new Error(`unsupported POSIX class ${name}`);
      items.push(POSIX[name]);
      i = end + 2;
      continue;
    }
    const [lo, loText, afterLo] = readClassChar(src, i);
    if (src[afterLo] === '-' && src[afterLo + 1] !== ']' && lo !== undefined) {
      const [hi, hiText, afterHi] = readClassChar(src, afterLo + 1);
      items.push(`${loText}-${hiText}`);
      if (hi !== undefined) letters.push([lo, hi]);
      i = afterHi;
      continue;
    }
    items.push(loText === '[' ? '\\[' : loText);
    if (lo !== undefined) letters.push([lo, lo]);
    i = afterLo;
  }
  if (src[i] !== ']') throw new Error(`unterminated class in ${src}`);
  if (ci) {
    for (const [lo, hi] of letters) {
      for (const [a, z, delta] of [[97, 122, -32], [65, 90, 32]]) {
        const from = Math.max(lo, a);
        const to = Math.min(hi, z);
        if (from > to) continue;
        const x = String.fromCharCode(from + delta);
        const y = String.fromCharCode(to + delta);
        items.push(from === to ? x : `${x}-${y}`);
      }
    }
  }
  return [`[${negate ? '^' : ''}${items.join('')}]`, i + 1];
}

/** One class character: [code or undefined for escapes like \w, its JS text, next index]. */
function readClassChar(src, i) {
  if (src[i] === '\\') {
    const n = src[i + 1];
    if (n === 'x') {
      const hex = src.slice(i + 2, i + 4);
      return [parseInt(hex, 16), src.slice(i, i + 4), i + 4];
    }
    if ('wWdDsS'.includes(n)) return [undefined, src.slice(i, i + 2), i + 2];
    if (n === 'n') return [10, '\\n', i + 2];
    if (n === 'r') return [13, '\\r', i + 2];
    if (n === 't') return [9, '\\t', i + 2];
    return [n.charCodeAt(0), '\\' + n, i + 2];
  }
  const ch = src[i];
  return [ch.charCodeAt(0), ch === '/' || ch === '-' ? '\\' + ch : ch, i + 1];
}

// ---------------------------------------------------------------- emit

const ACRONYMS = new Map(Object.entries({ api: 'API', pat: 'PAT', id: 'ID', jwt: 'JWT', ssh: 'SSH', ca: 'CA', aws: 'AWS', gcp: 'GCP', pem: 'PEM', oauth: 'OAuth', sdk: 'SDK', url: 'URL', dsn: 'DSN', ad: 'AD', mcp: 'MCP', pypi: 'PyPI', npm: 'npm', iam: 'IAM', scm: 'SCM', pkcs12: 'PKCS#12', rubygems: 'RubyGems' }));

/** Our own one-line description from the rule id (gitleaks' prose stays theirs). */
function describe(id) {
  return id.split('-').map((w, k) => ACRONYMS.get(w) ?? (k === 0 ? w[0].toUpperCase() + w.slice(1) : w)).join(' ');
}

function convertAllowlist(a, where) {
  const out = {};
  if (a.condition) out.condition = a.condition.toUpperCase();
  if (a.regexTarget) out.regexTarget = a.regexTarget;
  if (a.regexes?.length) out.regexes = a.regexes.map((r) => checked(goToJs(r), `${where} allowlist`));
  if (a.stopwords?.length) out.stopwords = a.stopwords.map((s) => s.toLowerCase());
  if (a.paths?.length) out.paths = a.paths.map((r) => checked(goToJs(r), `${where} allowlist path`));
  return out;
}

function checked(js, where) {
  try {
    new RegExp(js, 'd');
  } catch (err) {
    throw new Error(`${where}: ${err.message}\n${js}`);
  }
  return js;
}

const doc = parseToml(tomlText);
const rules = [];
for (const r of doc.rules) {
  const rule = { id: r.id, description: describe(r.id) };
  if (r.regex) rule.regex = checked(goToJs(r.regex), r.id);
  if (r.path) rule.path = checked(goToJs(r.path), `${r.id} path`);
  rule.keywords = (r.keywords ?? []).map((k) => k.toLowerCase());
  if (r.entropy) rule.entropy = r.entropy;
  if (r.secretGroup) rule.secretGroup = r.secretGroup;
  const allowlists = (r.allowlists ?? []).map((a) => convertAllowlist(a, r.id)).filter((a) => Object.keys(a).length);
  if (allowlists.length) rule.allowlists = allowlists;
  rules.push(rule);
}
const global = convertAllowlist({ regexes: doc.allowlist.regexes, stopwords: doc.allowlist.stopwords }, 'global');

const header = `/**
 * gitleaks' default rules (config/gitleaks.toml, ${version}) re-expressed as data for Leakguard:
 * id, a short description, the regex translated from Go RE2 to JavaScript (inline case flags
 * expanded to classes, so no JS flags are needed), lower-case keywords (a rule's regex runs only
 * where one of them occurs), gitleaks' entropy threshold, the secret group, and allowlists.
 *
 * GENERATED by scripts/generate-gitleaks-rules.mjs from gitleaks' TOML — do not edit by hand;
 * re-run the generator against a newer gitleaks.toml to update. gitleaks is MIT-licensed.
 */
`;
const body = `import type { GitleaksRule, GitleaksAllowlist } from './gitleaks-types';

export const GITLEAKS_VERSION = ${JSON.stringify(version)};

/** gitleaks' global allowlist (regexes on the secret, stopwords); its path list is not used here. */
export const GITLEAKS_GLOBAL_ALLOWLIST: GitleaksAllowlist = ${JSON.stringify(global, null, 2)};

export const GITLEAKS_RULES: readonly GitleaksRule[] = ${JSON.stringify(rules, null, 2)};
`;
const target = join(root, 'server/src/engine/content/gitleaks-rules.ts');
writeFileSync(target, header + body);
console.log(`wrote ${rules.length} rules to ${target}`);
