#!/usr/bin/env node
/**
 * Calibrates prompt-system-prompt-literal on real npm bundles (issue "Content rules").
 *
 *   node scripts/calibrate-prompts.mjs [--dir /tmp/calib] [--min-score 5] [--only NAME,...] [--scorer DIR]
 *
 * For every package below: `npm pack NAME@VERSION` into DIR/tgz (skipped when the tarball is
 * already there), extract into DIR/pkg/<name>, and run `findPrompts` (the rule's detector) on
 * every shipped .js/.mjs/.cjs file. Writes DIR/hits.json (every candidate scoring >= 2: package,
 * file, score, breakdown, 80-character excerpt, label) and prints precision and recall.
 *
 * Labels come from LABELS below, set by reading each hit: `prompt` (text sent to an LLM as
 * instructions, a system prompt or a prompt template) or `not` (anything else). Keys are
 * `package|file|sha1(text).slice(0, 12)` so no third-party text is committed here.
 *
 * Recall is estimated from an independent probe: every logical string that has a persona phrase
 * ("You are", "Your task is", "Act as", "As an AI") in its first 300 characters or that sits in a
 * `system`/`role: "system"` slot, is at least 200 characters long and was labelled `prompt`.
 * Labelled prompts the probe missed but the detector found are counted too (union), and every
 * string that has a label is scored on every run, so all scorer versions face the same set.
 *
 * Nothing third-party is written inside the repository: the tarballs and hits stay in DIR.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const load = (rel) => tsImport(pathToFileURL(path.join(root, rel)).href, import.meta.url);
// `--scorer DIR`: score with another copy of the engine (e.g. the version before tuning, copied
// with strings.ts and tokenize.ts into DIR) against the same labels, for before/after numbers.
const scorerDir = process.argv.includes('--scorer') ? path.resolve(process.argv[process.argv.indexOf('--scorer') + 1]) : undefined;
const loadEngine = (file) => (scorerDir ? tsImport(pathToFileURL(path.join(scorerDir, file)).href, import.meta.url) : load(`server/src/engine/${file}`));
const ps = await loadEngine('prompt-score.ts');
const st = await loadEngine('strings.ts');
const pick = (m, name) => m[name] ?? m.default?.[name];
const findPrompts = pick(ps, 'findPrompts');
const formatBreakdown = pick(ps, 'formatBreakdown');
const excerpt = pick(ps, 'excerpt');
const looksLikeProse = pick(ps, 'looksLikeProse');
const logicalStringsOf = pick(st, 'logicalStringsOf');
const stringContext = pick(st, 'stringContext');

/** The packages: `ai` ones ship prompts; `ui` ones ship "You are …" warnings and help text; `sdk` ones are LLM clients without prompts. */
export const PACKAGES = [
  { spec: '@anthropic-ai/claude-code@1.0.35', group: 'ai' },
  { spec: '@openai/codex@0.1.2505172129', group: 'ai' },
  { spec: '@google/gemini-cli-core@0.61.0', group: 'ai' },
  { spec: '@langchain/core@1.4.0', group: 'ai' },
  { spec: 'langchain@1.5.14', group: 'ai' },
  { spec: '@llamaindex/core@0.6.23', group: 'ai' },
  { spec: 'ai@7.0.173', group: 'ai' },
  { spec: '@mastra/core@1.71.0', group: 'ai' },
  { spec: 'react-dom@19.3.1', group: 'ui' },
  { spec: 'vue@3.5.45', group: 'ui' },
  { spec: '@angular/core@22.2.6', group: 'ui' },
  { spec: 'webpack@5.113.0', group: 'ui' },
  { spec: 'eslint@10.15.0', group: 'ui' },
  { spec: 'typescript@5.9.3', group: 'ui' },
  { spec: 'yargs@18.2.0', group: 'ui' },
  { spec: 'commander@15.1.0', group: 'ui' },
  // Harder traps: big CLIs with long help text, frameworks full of "You are …" warnings, LLM SDKs
  // whose code says `system`/`messages` everywhere without shipping a prompt of their own.
  { spec: 'next@16.4.6', group: 'ui' },
  { spec: 'npm@12.2.2', group: 'ui' },
  { spec: 'prettier@3.10.1', group: 'ui' },
  { spec: 'firebase-tools@15.34.2', group: 'ui' },
  { spec: 'openai@7.59.0', group: 'sdk' },
  { spec: '@anthropic-ai/sdk@1.14.0', group: 'sdk' },
];

// ---------------------------------------------------------------------------------------------
// Labels (by inspection). Filled in from hits.json; see docs/verification/prompt-calibration.md.
// ---------------------------------------------------------------------------------------------
const LABELS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'calibrate-prompts.labels.json');
const LABELS = fs.existsSync(LABELS_FILE) ? JSON.parse(fs.readFileSync(LABELS_FILE, 'utf8')) : {};

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const DIR = path.resolve(opt('dir', '/tmp/calib'));
const MIN_SCORE = Number(opt('min-score', '5'));
const ONLY = opt('only', '')?.split(',').filter(Boolean) ?? [];
const RECORD_FROM = 2;

const PERSONA_PROBE = /\b(?:you are|you're|your (?:task|role|job|goal) is|act as|as an? (?:ai|llm|assistant|expert|language model))\b/i;
const SHORT_PROBE = /^\W{0,8}(?:you are|you're|your (?:task|role|job|goal) is|act as|as an? (?:ai|llm|assistant|expert|language model))\b/i;
const SYSTEM_SLOT = /^(?:system|systemPrompt|system_prompt|systemMessage|systemInstruction|instructions)$/i;

function packageDir(spec) {
  const name = spec.replace(/@[^@/]+$/, '');
  const version = spec.slice(name.length + 1);
  const tgzName = `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
  const tgzDir = path.join(DIR, 'tgz');
  fs.mkdirSync(tgzDir, { recursive: true });
  const tgz = path.join(tgzDir, tgzName);
  if (!fs.existsSync(tgz)) execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', tgzDir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const out = path.join(DIR, 'pkg', `${name.replace('/', '__')}@${version}`);
  if (!fs.existsSync(out)) {
    fs.mkdirSync(out, { recursive: true });
    execFileSync('tar', ['-xzf', tgz, '-C', out, '--strip-components=1']);
  }
  return { name, version, dir: out };
}

function* jsFiles(dir, rel = '') {
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) yield* jsFiles(dir, r);
    else if (/\.(?:js|mjs|cjs)$/.test(e.name)) yield r;
  }
}

const sha = (t) => crypto.createHash('sha1').update(t).digest('hex').slice(0, 12);

const results = [];
const perPackage = [];
const t0 = Date.now();
for (const p of PACKAGES) {
  if (ONLY.length && !ONLY.some((o) => p.spec.includes(o))) continue;
  const { name, version, dir } = packageDir(p.spec);
  let files = 0;
  let bytes = 0;
  let ms = 0;
  const pkgHits = [];
  for (const rel of jsFiles(dir)) {
    const text = fs.readFileSync(path.join(dir, rel), 'utf8');
    files++;
    bytes += text.length;
    const start = Date.now();
    const hits = findPrompts(text, { path: rel, minScore: RECORD_FROM });
    ms += Date.now() - start;
    const seen = new Set();
    for (const h of hits) {
      seen.add(h.string.start);
      pkgHits.push(record(p, name, version, rel, h.string.text, h.score, h.context, true));
    }
    // Probe, independent of the scorer: persona phrases in the first 300 characters, or system
    // slots, among all long prose literals. In AI packages it finds the known prompts (recall);
    // in UI packages it finds the "You are …" warnings the detector must leave alone.
    {
      const { scan, strings } = logicalStringsOf(text, { jsx: true, comments: false });
      for (const s of strings) {
        if (seen.has(s.start) || s.text.length < 60 || !looksLikeProse(s.text)) continue;
        const ctx = stringContext(scan, s);
        const labelled = LABELS[`${name}@${version}|${rel}|${sha(s.text)}`] !== undefined;
        // Issue #19: short strings (60–199 characters) are probed too, by a persona opener or a system slot.
        const short = s.text.length < 200;
        if (!labelled && !(short ? SHORT_PROBE.test(s.text.slice(0, 120)) : PERSONA_PROBE.test(s.text.slice(0, 300))) && !(ctx.key && SYSTEM_SLOT.test(ctx.key)) && !/^(?:system|developer)$/i.test(ctx.role ?? '')) continue;
        const score = pick(ps, 'scorePrompt')({ text: s.text, key: ctx.key, callee: ctx.callee, role: ctx.role, tag: ctx.tag, nearby: ctx.nearby, path: rel });
        pkgHits.push(record(p, name, version, rel, s.text, score, ctx, false));
      }
    }
  }
  results.push(...pkgHits);
  perPackage.push({ spec: p.spec, group: p.group, files, mb: +(bytes / 1e6).toFixed(1), ms, ...counts(pkgHits) });
}

function record(p, name, version, file, text, score, ctx, fromDetector) {
  const id = `${name}@${version}|${file}|${sha(text)}`;
  return {
    id,
    package: `${name}@${version}`,
    group: p.group,
    file,
    score: score.score,
    reported: fromDetector && score.score >= MIN_SCORE,
    probe: !fromDetector,
    breakdown: formatBreakdown(score.signals),
    key: ctx.key,
    callee: ctx.callee,
    role: ctx.role,
    length: score.length,
    excerpt: excerpt(text, 80),
    label: LABELS[id]?.label ?? null,
    note: LABELS[id]?.note,
  };
}

function counts(hits) {
  const reported = hits.filter((h) => h.reported);
  const tp = reported.filter((h) => h.label === 'prompt').length;
  const fp = reported.filter((h) => h.label === 'not').length;
  const unlabelled = reported.filter((h) => h.label === null).length;
  const prompts = hits.filter((h) => h.label === 'prompt').length;
  return { reported: reported.length, tp, fp, unlabelled, prompts, missed: prompts - tp };
}

fs.mkdirSync(DIR, { recursive: true });
fs.writeFileSync(path.join(DIR, 'hits.json'), JSON.stringify(results, null, 1));
const all = counts(results);
const precision = all.tp / Math.max(1, all.tp + all.fp);
const recall = all.tp / Math.max(1, all.prompts);
console.log('| package | group | .js files | MB | ms | reported | true | false | unlabelled | prompts known | missed |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of perPackage) console.log(`| ${r.spec} | ${r.group} | ${r.files} | ${r.mb} | ${r.ms} | ${r.reported} | ${r.tp} | ${r.fp} | ${r.unlabelled} | ${r.prompts} | ${r.missed} |`);
console.log(`\nminScore ${MIN_SCORE}: reported ${all.reported}, true ${all.tp}, false ${all.fp}, unlabelled ${all.unlabelled}; known prompts ${all.prompts}, missed ${all.missed}`);
console.log(`precision ${precision.toFixed(3)}  recall ${recall.toFixed(3)}  (${((Date.now() - t0) / 1000).toFixed(1)} s; hits in ${path.join(DIR, 'hits.json')})`);
// Threshold sweep (string level and file level: a file that holds known prompts counts as found
// when at least one of its strings is reported, which is what a user acts on).
console.log('\n| minScore | reported | precision | recall (strings) | recall (files) |\n|---:|---:|---:|---:|---:|');
for (let t = 3; t <= 8; t++) {
  const rep = results.filter((h) => !h.probe && h.score >= t);
  const tp = rep.filter((h) => h.label === 'prompt').length;
  const fp = rep.filter((h) => h.label === 'not').length;
  const known = results.filter((h) => h.label === 'prompt');
  const files = new Set(known.map((h) => `${h.package}|${h.file}`));
  const found = new Set(rep.filter((h) => h.label === 'prompt').map((h) => `${h.package}|${h.file}`));
  console.log(`| ${t}${t === MIN_SCORE ? ' (default)' : ''} | ${rep.length} | ${(tp / Math.max(1, tp + fp)).toFixed(3)} | ${(tp / Math.max(1, known.length)).toFixed(3)} (${tp}/${known.length}) | ${(found.size / Math.max(1, files.size)).toFixed(3)} (${found.size}/${files.size}) |`);
}
const unl = results.filter((h) => h.label === null).length;
if (unl) console.log(`${unl} candidates (any score >= ${RECORD_FROM}, or from the probe) have no label yet`);
