#!/usr/bin/env node
/**
 * Precision on real repositories (issue #23); not part of the unit tests.
 *
 * The repositories below are public; bring each onto the machine at the listed commit (a plain
 * `git clone` + `git checkout COMMIT`, or any read-only snapshot) under one folder, each in
 * `<owner>+<name>/` (nothing is committed here; this script never fetches anything). Then:
 *
 *   node scripts/verify-real-repos.mjs --repos /tmp/repos [--before OLD/dist/cli.js] [--json OUT] [--only a,b] [--cache DIR]
 *
 * --cache keeps each raw `check` output (DIR/<owner>+<name>.<before|after>.json) so labels can be
 * edited and the table recomputed without running the checks again.
 *
 * runs `leakguard check` (this build's dist/cli.js, and optionally an older build) on every
 * unbuilt clone, applies the hand labels of scripts/verify-real-repos.labels.json to every
 * finding at warning or above (true = a real problem a maintainer would want to know about;
 * false = noise), and prints the before/after table of docs/verification/real-repos.md.
 * Findings without a label are listed as "unlabelled" so new ones get read, not counted.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** owner/name, commit, and what kind of project it is. */
export const REPOS = [
  ['microsoft/vscode-eslint', 'f5e644a38575bdc652856be6c8e45559b18f52ad', 'VS Code extension, tsc + webpack, client/server'],
  ['stylelint/vscode-stylelint', 'd4cd8fd4b4b33df95c84d798d10d1d9273eefbc1', 'VS Code extension, npm workspaces, esbuild, e2e fixtures'],
  ['microsoft/vscode-extension-samples', '61fda64ede073136f3716f69b067d212ef0893e1', '~60 sample extensions, tsc/webpack/esbuild'],
  ['prettier/prettier-vscode', 'b1821a0e2933cedd320046096c13f29a9596c9bd', 'VS Code extension, esbuild'],
  ['redhat-developer/vscode-yaml', '7b0f5af8bef12c0d87d4eebadcf223b6f0c716d9', 'VS Code extension, webpack'],
  ['golang/vscode-go', '28e27ffd3a0eca1de30b1a9656a75cbd47e94e4e', 'VS Code extension in a subfolder, esbuild'],
  ['usernamehw/vscode-error-lens', '058f56cebf54bdf2ef3cc1c873dcfa2d16756372', 'VS Code extension, webpack'],
  ['denoland/vscode_deno', '84ce77afa2968f3e22a2c18e6f25fb6db749a370', 'VS Code extension, esbuild'],
  ['streetsidesoftware/vscode-spell-checker', '5590ff44fed5ce2da0f61ef8b2f45d62acf44115', 'VS Code extension, pnpm monorepo'],
  ['vitest-dev/vscode', '78c0a13cde25b32e8a17fb5cb43d424011c852a4', 'VS Code extension, pnpm, tsup'],
  ['vscode-icons/vscode-icons', '5c19e38ab7f2eef4848f997dfd8301196a66a00b', 'VS Code extension, webpack, allowlist .vscodeignore'],
  ['biomejs/biome-vscode', '969aff1be13eba2754bad97e15299f6866412310', 'VS Code extension, pnpm, tsdown'],
  ['microsoft/vscode-languageserver-node', '0da5527ddf79ec7b10c953a1b1e6e007c9678326', 'npm monorepo of libraries for extensions'],
  ['sindresorhus/ky', '3419113b48e034fdcf8fa6bd3be3da7b3d0d758f', 'library, tsc, files allowlist'],
  ['sindresorhus/got', 'd00d845a0b435365ec73ea5a1fca6e17ee677184', 'library, tsc'],
  ['chalk/chalk', '678e5505458d0cf40134e205aed4454e0eeac45c', 'library, plain ESM'],
  ['axios/axios', '23a25af0688d1db2c396deb09229d2271cc24f6c', 'library, rollup, .npmignore'],
  ['colinhacks/zod', 'e516c3baf22615e20934116abebfed6c000222c2', 'library, pnpm monorepo'],
  ['isaacs/node-lru-cache', 'c6eafb2e1b3c78651dc425c28bf6ef9cd2574ec5', 'library, tshy'],
  ['tj/commander.js', 'ba6d13ddb4243e5913367734f8c159089ffe7834', 'CLI library'],
  ['yargs/yargs', '2a4378bdc2eac9cf7d0cdfe0a52b1b25f779806a', 'CLI library, tsc'],
  ['expressjs/express', 'a3714473feb3d2908add734d340e7755fd85e0a3', 'framework'],
  ['fastify/fastify', '83e69762aff047940b376fc2a266d143499ef727', 'framework, ships docs and tests'],
  ['vuejs/core', 'e2bede96134f757aad5c5b33ac9be055022dbfc8', 'framework, pnpm monorepo, rollup'],
  ['sveltejs/kit', 'aa810a04146b98b77592f7b384347140d29ff599', 'framework, pnpm monorepo, test apps'],
  ['TanStack/query', '40321a0b1b3bdd0afa11f0e439642ab84cdf6afe', 'pnpm monorepo, tsup'],
  ['jestjs/jest', '52db46e50404c993d3f10dd1481e861cc04ae22e', 'yarn berry monorepo (.yarn/releases), e2e fixtures'],
  ['lerna/lerna', '35d15a1567932be97759f512d8b8033dad72b411', 'npm/nx monorepo with hundreds of fixture packages'],
];

const { values: opt } = parseArgs({ options: { repos: { type: 'string' }, before: { type: 'string' }, json: { type: 'string' }, only: { type: 'string' }, cache: { type: 'string' } } });
if (!opt.repos) {
  console.error('usage: node scripts/verify-real-repos.mjs --repos DIR [--before OLD_CLI] [--json OUT] [--only a,b] [--cache DIR]');
  process.exit(2);
}
const labels = JSON.parse(fs.readFileSync(path.join(REPO, 'scripts/verify-real-repos.labels.json'), 'utf8'));

function labelOf(repo, f) {
  for (const l of labels) {
    if (l.repo !== repo || (l.rule && l.rule !== f.ruleId)) continue;
    if (l.file && !new RegExp(l.file).test(f.file)) continue;
    if (l.match && !new RegExp(l.match).test(f.message)) continue;
    return l;
  }
  return undefined;
}

function check(cli, dir, tag) {
  const cached = opt.cache ? path.join(opt.cache, `${path.basename(dir)}.${tag}.json`) : undefined;
  if (cached && fs.existsSync(cached)) return JSON.parse(fs.readFileSync(cached, 'utf8'));
  const out = runCheck(cli, dir);
  if (out.crashed !== undefined) {
    // A run that printed no JSON is not "no findings": say so and stop.
    console.error(`leakguard check crashed on ${dir} (${cli}): ${out.crashed}`);
    process.exit(1);
  }
  if (cached) fs.writeFileSync(cached, JSON.stringify(out));
  return out;
}

function runCheck(cli, dir) {
  const r = spawnSync(process.execPath, [cli, 'check', dir, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  try {
    return JSON.parse(r.stdout);
  } catch {
    return { findings: [], units: [], crashed: (r.stderr || '').slice(0, 300) };
  }
}

function tally(repo, out) {
  const t = { units: out.units?.length ?? 0, error: 0, warning: 0, trueErr: 0, falseErr: 0, trueWarn: 0, falseWarn: 0, unlabelled: [] , trues: [] };
  for (const f of out.findings ?? []) {
    if (f.severity !== 'error' && f.severity !== 'warning') continue;
    t[f.severity]++;
    const l = labelOf(repo, f);
    if (!l) t.unlabelled.push(`${f.severity} ${f.ruleId} ${f.file}: ${f.message.slice(0, 120)}`);
    else if (l.label) {
      t[f.severity === 'error' ? 'trueErr' : 'trueWarn']++;
      t.trues.push(`${f.ruleId} ${f.file}`);
    } else t[f.severity === 'error' ? 'falseErr' : 'falseWarn']++;
  }
  return t;
}

const only = opt.only ? new Set(opt.only.split(',')) : undefined;
const rows = [];
for (const [name, commit, kind] of REPOS) {
  const dirName = name.replace('/', '+');
  if (only && !only.has(name) && !only.has(dirName)) continue;
  const dir = path.join(opt.repos, dirName);
  if (!fs.existsSync(dir)) {
    console.error(`skip ${name}: ${dir} is missing (bring ${name}@${commit} there)`);
    continue;
  }
  const after = tally(name, check(path.join(REPO, 'dist/cli.js'), dir, 'after'));
  const before = opt.before ? tally(name, check(path.resolve(opt.before), dir, 'before')) : undefined;
  rows.push({ name, commit, kind, before, after });
  process.stderr.write(`${name}: ${before ? `before ${before.error}E/${before.warning}W, ` : ''}after ${after.error}E/${after.warning}W\n`);
}

const cell = (t) => (t ? `${t.error} (${t.falseErr} false) / ${t.warning} (${t.falseWarn} false)` : '—');
const lines = ['| repository | kind | before: errors / warnings | after: errors / warnings | true catches kept |', '|---|---|---|---|---|'];
const sum = (k, w) => rows.reduce((n, r) => n + (r[w]?.[k] ?? 0), 0);
for (const r of rows) {
  const lost = r.before ? r.before.trues.filter((t) => !r.after.trues.includes(t)) : [];
  lines.push(`| ${r.name}@${r.commit.slice(0, 7)} | ${r.kind} | ${cell(r.before)} | ${cell(r.after)} | ${r.after.trueErr + r.after.trueWarn}${lost.length ? ` (lost: ${lost.join(', ')})` : ''} |`);
}
for (const w of ['before', 'after']) {
  if (!rows.some((r) => r[w])) continue;
  const warn = sum('warning', w);
  const tw = sum('trueWarn', w);
  lines.push('', `**${w}**: ${sum('error', w)} errors (${sum('falseErr', w)} false), ${warn} warnings (${sum('falseWarn', w)} false): ${warn ? ((100 * tw) / warn).toFixed(1) : '100.0'}% of warnings true; unlabelled: ${rows.reduce((n, r) => n + (r[w]?.unlabelled.length ?? 0), 0)}.`);
}
console.log(lines.join('\n'));
for (const r of rows) for (const w of ['before', 'after']) for (const u of r[w]?.unlabelled ?? []) console.log(`unlabelled (${w}) ${r.name}: ${u}`);
if (opt.json) fs.writeFileSync(opt.json, JSON.stringify(rows, null, 2));
