/**
 * publish-files-entry-issues: mistakes in package.json `files` (catalogue rule 12) — entries that
 * are not strings (npm crashes), match nothing (npm drops them silently), are so broad they
 * allowlist everything, point outside the package, start with `/` (an absolute path for npm 12's
 * glob), or are basename globs that only match at the root; a root `.npmignore` that `files`
 * makes npm ignore; and `exports`/`types`/`module`/`typesVersions` targets that `files` leaves out
 * or a nested ignore file drops (npm-packlist force-includes only main, browser and bin).
 */
import * as path from 'node:path';
import { entryPoints, fileFix, filesFromEntryPoints, ignoreVerdict, isSensitivePath, jsonSet, lineRange, listText, minimatch, normPath, parseIgnoreRules, shippedRelated } from '../server/src/engine/rule-kit';
import type { Fix } from '../server/src/engine/types';
import type { UnitRule } from '../server/src/engine/context';

const GLOB = /[*?[\]{}]/;
const TOO_BROAD = new Set(['', '*', '**', '**/*', '*/**']);

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'publish-files-entry-issues',
    family: 'publish',
    description: 'Entries of package.json "files" that match nothing, allowlist everything, point outside the package or leave entry points out.',
    defaultSeverity: 'warning',
    fixable: 'safe',
    messages: {
      notString: '"files"[{{index}}] is {{type}}, not a path: npm crashes on it (or, in older versions, skips it).',
      noMatch: '"files" entry "{{entry}}" matches no file that will be published; npm drops it silently (and vsce fails on it){{hint}}.',
      rootOnly: '"files" entry "{{entry}}" matches only files at the package root and there are none; use "**/{{glob}}" to match at any depth.',
      tooBroad: '"files" entry "{{entry}}" allowlists everything: {{count}} files will be published through it{{sensitiveText}}. It is the same as having no "files" at all.',
      dotEntry: '"files" entry "{{entry}}" means different things to npm versions: npm 11 matches nothing with it (only package.json, README, LICENSE, main and bin ship), npm 12 matches everything. List what should ship instead.',
      outside: '"files" entry "{{entry}}" points outside the package; npm never packs files outside the package folder.',
      leadingSlash: '"files" entry "{{entry}}" starts with "/": npm 11 reads it relative to the package, but npm 12 expands it as an absolute path and drops it.',
      rootNpmignoreIgnored: 'This .npmignore is ignored: package.json has "files", so npm reads neither .npmignore nor .gitignore in the package root.',
      entryNotCovered: '{{field}} target "{{target}}" is not covered by "files", so it will not be published; npm adds only main, browser and bin by itself.',
      customConditionNotCovered: '{{field}} target "{{target}}" (custom condition "{{condition}}") is not covered by "files"; consumers do not resolve that condition, so this is fine if it is only for in-repo tooling.',
      entryDropped: '{{field}} target "{{target}}" will not be published: line {{line}} ("{{pattern}}") of this {{ignoreName}} excludes it.',
    },
  },
  async check(ctx) {
    const { unit, publishSet } = ctx;
    const m = unit.manifest;
    if (!m || unit.kind !== 'npm' || unit.publishDirectory || !Array.isArray(m.files)) return;
    const files = m.files as unknown[];
    const packRoot = publishSet.packRoot ?? unit.root;
    const points = entryPoints(m).map(normPath);
    const text = unit.manifestText;

    for (let i = 0; i < files.length; i++) {
      const entry = files[i];
      const range = ctx.manifestRange(['files', i]) ?? ctx.manifestRange(['files']) ?? { start: 0, end: 0 };
      if (typeof entry !== 'string') {
        const type = entry === null ? 'null' : Array.isArray(entry) ? 'an array' : typeof entry === 'object' ? 'an object' : `a ${typeof entry}`;
        ctx.report({ messageId: 'notString', data: { index: i, type }, ...range, severity: 'error', fix: fileFix(`Remove "files"[${i}]`, unit.manifestPath, jsonSet(text, ['files', i], undefined)), key: `notString:${i}` });
        continue;
      }
      if (entry.startsWith('!')) continue;
      const remove = fileFix(`Remove "${entry}" from "files"`, unit.manifestPath, jsonSet(text, ['files', i], undefined));
      const n = normPath(entry.trim());
      const allow = filesFromEntryPoints(m).filter((a) => !files.includes(a));
      const replace = allow.length
        ? fileFix(`Replace "${entry}" with ${JSON.stringify(allow)}`, unit.manifestPath, jsonSet(text, ['files'], [...files.slice(0, i), ...allow, ...files.slice(i + 1)]))
        : undefined;
      // npm-packlist 10 turns "." into the rule `!.`, which matches no file; npm 12's glob expands it to the root.
      if (entry.trim() === '.') {
        ctx.report({ messageId: 'dotEntry', data: { entry }, ...range, suggestions: replace ? [replace] : [], key: 'dot' });
        continue;
      }
      if (TOO_BROAD.has(n) || entry.trim() === '/') {
        const through = publishSet.files.filter((f) => f.reason.kind === 'files-entry' && f.reason.index === i);
        const sensitive = through.filter((f) => isSensitivePath(f.path));
        ctx.report({
          messageId: 'tooBroad',
          data: { entry, count: through.length, sensitiveText: sensitive.length ? `, including ${listText(sensitive.map((f) => f.path))}` : '' },
          ...range,
          severity: sensitive.length ? 'error' : 'warning',
          suggestions: replace ? [replace] : [],
          related: shippedRelated(sensitive.length ? sensitive : through, `will be published through "${entry}"`),
          key: `tooBroad:${entry}`,
        });
        continue;
      }
      const normalized = path.posix.normalize(entry.replace(/^\/+/, ''));
      if (normalized === '..' || normalized.startsWith('../') || /^[a-z]:[\\/]/i.test(entry)) {
        ctx.report({ messageId: 'outside', data: { entry }, ...range, suggestions: [remove], key: `outside:${entry}` });
        continue;
      }
      if (entry.startsWith('/')) {
        ctx.report({ messageId: 'leadingSlash', data: { entry }, ...range, fix: fileFix(`Change "${entry}" to "${n}"`, unit.manifestPath, jsonSet(text, ['files', i], n)), key: `slash:${entry}` });
        continue;
      }
      // Entries that cover an entry point are build output that may not exist before the build.
      const coversEntry = points.some((p) => p === n || p.startsWith(n + '/') || (GLOB.test(n) && (minimatch(p, n, { dot: true }) || p.startsWith(staticPrefix(n) + '/'))));
      if (coversEntry) continue;
      // Before the first build (a fresh clone), build output matches nothing yet: with a build
      // script the entry is most likely output, so say it as info (issue #23: yargs "build", zod "**/*.mjs").
      const unbuilt = hasBuildScript(m) ? { severity: 'info' as const, data: { entry, hint: ' (if it is build output, run the build first)' } } : { data: { entry, hint: '' } };
      if (!GLOB.test(n)) {
        if (!(await ctx.exists(`${packRoot}/${n}`))) ctx.report({ messageId: 'noMatch', ...unbuilt, ...range, suggestions: [remove], key: `noMatch:${entry}` });
        continue;
      }
      if (publishSet.files.some((f) => minimatch(f.path, n, { dot: true }) || minimatch(f.path, `${n}/**`, { dot: true }))) continue;
      if (!n.includes('/')) {
        const deep = fileFix(`Change "${entry}" to "**/${n}"`, unit.manifestPath, jsonSet(text, ['files', i], `**/${n}`));
        ctx.report({ messageId: 'rootOnly', data: { entry, glob: n }, ...range, suggestions: [deep, remove], key: `rootOnly:${entry}` });
      } else ctx.report({ messageId: 'noMatch', ...unbuilt, ...range, suggestions: [remove], key: `noMatch:${entry}` });
    }

    // (c) The root .npmignore does nothing while "files" exists (catalogue §2.1, case C).
    const rootNpmignore = `${packRoot}/.npmignore`;
    const npmignoreText = await ctx.readText(rootNpmignore);
    if (npmignoreText !== undefined) {
      ctx.report({ messageId: 'rootNpmignoreIgnored', file: rootNpmignore, ...lineRange(npmignoreText, 0), severity: 'info', key: 'rootNpmignore' });
    }

    // (d), (e) Entry points npm does not add by itself must be covered by "files" and survive nested ignore files.
    const filesRange = ctx.manifestRange(['files']) ?? { start: 0, end: 0 };
    for (const { field, target, custom } of unforcedTargets(m)) {
      if (publishSet.byPath.has(target)) continue;
      // A pattern target (`typesVersions` "dist/types/*") is covered when published files match it.
      if (GLOB.test(target) && publishSet.files.some((f) => minimatch(f.path, target, { dot: true }))) continue;
      const onDisk = !GLOB.test(target) && (await ctx.exists(`${packRoot}/${target}`));
      if (onDisk && coveredByFiles(files, target)) {
        const dropped = await nestedIgnoreDrop(ctx, packRoot, target);
        if (dropped) {
          ctx.report({
            messageId: 'entryDropped',
            data: { field, target, line: dropped.line, pattern: dropped.pattern, ignoreName: path.posix.basename(dropped.file) },
            file: dropped.file,
            ...lineRange(dropped.text, dropped.line - 1),
            severity: custom ? 'info' : 'error',
            related: [{ file: unit.manifestPath, ...(ctx.manifestRange(fieldPath(field)) ?? filesRange), message: `${field} points at ${target}` }],
            key: `dropped:${field}:${target}`,
          });
        }
        continue;
      }
      if (coveredByFiles(files, target)) continue;
      const add = addEntryFix(unit.manifestPath, text, files, target);
      ctx.report({
        messageId: custom ? 'customConditionNotCovered' : 'entryNotCovered',
        data: { field, target, condition: custom ?? '' },
        ...filesRange,
        severity: custom ? 'info' : 'error',
        fix: add,
        related: [{ file: unit.manifestPath, ...(ctx.manifestRange(fieldPath(field)) ?? filesRange), message: `${field} points at ${target}` }],
        key: `notCovered:${field}:${target}`,
      });
    }
  },
};

/** True when package.json has a script that builds before publishing (build, prepublishOnly, prepack, prepare, compile). */
function hasBuildScript(m: Record<string, unknown>): boolean {
  const scripts = m.scripts && typeof m.scripts === 'object' ? (m.scripts as Record<string, unknown>) : {};
  return ['build', 'prepublishOnly', 'prepack', 'prepare', 'compile', 'prepublish', 'dist'].some((k) => typeof scripts[k] === 'string' && (scripts[k] as string).trim() !== '');
}

/** `dist/**\/*.js` → `dist` */
function staticPrefix(p: string): string {
  const parts = p.split('/');
  const i = parts.findIndex((s) => GLOB.test(s));
  return parts.slice(0, i < 0 ? parts.length : i).join('/');
}

/** Entry-point targets npm-packlist does not force-include: module, types, typings, exports, typesVersions, browser maps. */
function unforcedTargets(m: Record<string, unknown>): Array<{ field: string; target: string; custom?: string }> {
  const out: Array<{ field: string; target: string; custom?: string }> = [];
  const seen = new Map<string, { field: string; target: string; custom?: string }>();
  const push = (field: string, v: unknown, custom?: string) => {
    if (typeof v !== 'string' || !v.trim() || v.startsWith('node:')) return;
    const target = normPath(v);
    if (!target || target.startsWith('../')) return;
    const prev = seen.get(target);
    if (prev) {
      // A target that a consumer-resolved condition also names must ship.
      if (prev.custom && !custom) delete prev.custom;
      return;
    }
    const t = { field, target, ...(custom ? { custom } : {}) };
    seen.set(target, t);
    out.push(t);
  };
  const leaves = (field: string, v: unknown, depth = 0, custom?: string): void => {
    if (depth > 20) return;
    if (typeof v === 'string') push(field, v, custom);
    else if (Array.isArray(v)) v.forEach((x) => leaves(field, x, depth + 1, custom));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const isCondition = field === 'exports' && !k.startsWith('.');
        leaves(field, x, depth + 1, custom ?? (isCondition && !isConsumerCondition(k) ? k : undefined));
      }
    }
  };
  // main, a string browser and bin targets are always packed: never reported here.
  const forced = new Set(entryPoints({ main: m.main, browser: typeof m.browser === 'string' ? m.browser : undefined, bin: m.bin }).map(normPath));
  for (const key of ['module', 'types', 'typings']) push(key, m[key]);
  leaves('exports', m.exports);
  leaves('typesVersions', m.typesVersions);
  if (m.browser && typeof m.browser === 'object') leaves('browser', Object.values(m.browser as object).filter((v) => typeof v === 'string'));
  return out.filter((t) => !forced.has(t.target) && !/\*\*|^\*/.test(t.target));
}

/**
 * Export conditions that consumers (Node, TypeScript, bundlers, runtimes) resolve. Anything else
 * (`source`, `@acme/internal`) is a convention of in-repo tooling: a target only such a condition
 * names need not ship, so it is reported as info (issue #23: stylelint/vscode-stylelint's
 * `"source": "./src/server/index.ts"`).
 */
const CONSUMER_CONDITIONS = new Set([
  'default', 'import', 'require', 'node', 'node-addons', 'module-sync', 'browser', 'types', 'typings', 'module', 'worker', 'worklet',
  'deno', 'bun', 'react-native', 'react-server', 'electron', 'edge-light', 'edge-routine', 'workerd', 'netlify', 'fastly', 'lagon',
  'moddable', 'kiesel', 'production', 'development', 'test', 'style', 'sass', 'less', 'stylus', 'svelte', 'solid', 'asset', 'script',
  'esmodules', 'es2015', 'es2017', 'es2020', 'macro', 'unpkg', 'jsdelivr', 'umd', 'electron-main', 'electron-renderer', 'ssr', 'client', 'server',
]);

function isConsumerCondition(key: string): boolean {
  return CONSUMER_CONDITIONS.has(key) || /^types@/.test(key);
}

function fieldPath(field: string): string[] {
  return [field];
}

/**
 * npm-packlist 10 order: later entries win; a directory entry covers everything below it. Entries
 * are globs with extglob (`dist/types/**\/!(*.tsbuildinfo)`), matched by minimatch like npm does.
 * A pattern target (`dist/types/*`) is tested through sample files it stands for
 * (`dist/types/index.d.ts`, …), since no entry matches the pattern text itself.
 */
function coveredByFiles(files: unknown[], target: string): boolean {
  const samples = GLOB.test(target) ? sampleTargets(target) : [target];
  return samples.some((sample) => {
    let covered = false;
    for (const e of files) {
      if (typeof e !== 'string') continue;
      const neg = e.startsWith('!');
      const n = normPath(neg ? e.slice(1) : e);
      if (!n) continue;
      const hit = sample === n || sample.startsWith(n + '/') || minimatch(sample, n, { dot: true }) || minimatch(sample, `${n}/**`, { dot: true }) || (GLOB.test(target) && target === n);
      if (hit) covered = !neg;
    }
    return covered;
  });
}

/** `dist/types/*` → `dist/types/index`, `dist/types/index.d.ts`, `dist/types/index.js`; `dist/*.mjs` → `dist/index.mjs`. */
function sampleTargets(target: string): string[] {
  const base = target.replace(/\*\*\/?/g, '').replace(/\*/g, 'index').replace(/\{([^,}]*)[^}]*\}/g, '$1').replace(/\?/g, 'x');
  return /\.[a-z]+$/i.test(base) ? [base] : [base, `${base}.d.ts`, `${base}.js`];
}

/** The nested `.npmignore` (or `.gitignore` without one) line that drops `target`, below the root. */
async function nestedIgnoreDrop(
  ctx: { readText(p: string): Promise<string | undefined> },
  packRoot: string,
  target: string,
): Promise<{ file: string; text: string; line: number; pattern: string } | undefined> {
  const parts = target.split('/');
  for (let i = 1; i < parts.length; i++) {
    const dir = parts.slice(0, i).join('/');
    for (const name of ['.npmignore', '.gitignore']) {
      const file = `${packRoot}/${dir}/${name}`;
      const text = await ctx.readText(file);
      if (text === undefined) continue;
      const v = ignoreVerdict(parseIgnoreRules(text), parts.slice(i).join('/'));
      if (v.ignored && v.rule) return { file, text, line: v.rule.line, pattern: v.rule.pattern };
      break;
    }
  }
  return undefined;
}

/** Adds the target's top-level folder (or the file at the root) to "files"; never removes anything. */
function addEntryFix(manifestPath: string, text: string, files: unknown[], target: string): Fix | undefined {
  const top = GLOB.test(target) ? staticPrefix(target).split('/')[0] : target.includes('/') ? target.split('/')[0] : target;
  if (!top || files.includes(top)) return undefined;
  return fileFix(`Add "${top}" to "files"`, manifestPath, jsonSet(text, ['files'], [...files, top]));
}

export default rule;
