/**
 * Small helpers the config-* rules share: where a finding sits, how severe a config finding is
 * given whether its output folder ships, and minimal text-edit fixes.
 */
import * as path from 'node:path';
import type { Fix, Severity, TextEdit } from '../types';
import type { UnitRuleContext } from '../context';
import type { PackagingUnit } from '../workspace';
import type { PathExplanation } from '../publish/types';
import { minimatch } from '../safe/glob';
import { toPosix } from '../paths';
import { outputShips, type Shipping } from '../build-config/index';
import { editRange, primitive, type ConfigProperty, type Val } from '../build-config/js-config';

const WEB_DEPS = ['vite', 'react-scripts', 'next', '@vue/cli-service', '@angular/core', 'nuxt', '@sveltejs/kit', 'astro', 'parcel', 'webpack-dev-server', 'react-dom', 'vue', 'svelte'];

/** True when a private unit looks like a web app whose build output is served (so "ships" to browsers). */
export function isWebApp(unit: PackagingUnit): boolean {
  const m = unit.manifest ?? {};
  for (const key of ['dependencies', 'devDependencies']) {
    const deps = m[key];
    if (deps && typeof deps === 'object' && WEB_DEPS.some((d) => d in (deps as Record<string, unknown>))) return true;
  }
  return false;
}

/** Whether `outDir` (relative to the unit or absolute) ships; a web app's output is served and counts as shipped. */
export async function shipping(ctx: UnitRuleContext, outDir: string | undefined, fallback = 'dist'): Promise<Shipping> {
  const abs = toPosix(path.resolve(ctx.unit.root, outDir && outDir.trim() ? outDir : fallback));
  if (ctx.unit.kind === 'private') {
    if (ctx.publishSet.tool === 'build-output') return ctx.publishSet.files.some((f) => abs.startsWith(ctx.unit.root + '/' + f.path.split('/')[0])) ? 'ships' : 'unknown';
    // A private monorepo root is not an app: its tsconfig is the base its packages extend (#23: TanStack/query).
    return isWebApp(ctx.unit) && ctx.unit.workspaces.length === 0 ? 'ships' : 'not-shipped';
  }
  return outputShips({ readText: ctx.readText }, ctx.unit, ctx.publishSet, abs);
}

/** Severity for a config finding: the rule's level when the output ships, info when it does not. */
export function levelFor(ship: Shipping, whenShips: Severity): Severity {
  return ship === 'not-shipped' ? 'info' : whenShips;
}

/** A path-like string from a value: a literal, or the last string argument of `path.resolve(__dirname, 'dist')`. */
export function pathOf(v: Val | undefined): string | undefined {
  if (!v) return undefined;
  if (v.t === 'lit' && typeof v.v === 'string') return v.v;
  if (v.t === 'call' && /(^|\.)(resolve|join)$/.test(v.callee)) {
    const strs = v.args.filter((a): a is Val & { t: 'lit' } => a.t === 'lit' && typeof a.v === 'string').map((a) => String(a.v));
    return strs.length ? strs.join('/') : undefined;
  }
  return undefined;
}

/** The range a config finding sits on: the production literal when it lies in the property, else the property's value. */
export function findingRange(p: ConfigProperty): { start: number; end: number } {
  const r = editRange(p);
  if (r.start >= p.prop.start && r.end <= p.prop.end) return { start: r.start, end: r.end };
  return { start: p.prop.value.start, end: p.prop.value.end };
}

/** A fix that replaces the production value of a property with `newText`. */
export function replaceValueFix(title: string, file: string, p: ConfigProperty, newText: string): Fix {
  const r = editRange(p);
  return { title, edits: [{ file, edits: [{ start: r.start, end: r.end, newText }] }] };
}

/** A fix that inserts text right after a property (`, sourcesContent: false`). */
export function insertAfterFix(title: string, file: string, p: ConfigProperty, text: string): Fix {
  return { title, edits: [{ file, edits: [{ start: p.prop.end, end: p.prop.end, newText: text }] }] };
}

/** Edit that removes a word of a command line with the whitespace before it. */
export function removeWordEdit(text: string, start: number, end: number): TextEdit {
  let s = start;
  while (s > 0 && text[s - 1] === ' ') s--;
  return { start: s, end, newText: '' };
}

/** Production primitive of a property, or the default when absent. */
export function prodValue(p: ConfigProperty | undefined, dflt: unknown): { known: boolean; value: unknown } {
  if (!p || p.production === undefined) return { known: true, value: dflt };
  return primitive(p.production);
}

/** Words for a message: "conditionally (in production builds) " or "". */
export function conditionalNote(p: ConfigProperty | undefined): string {
  return p?.conditional ? ' (set conditionally; this is the production value)' : '';
}

/** Human text for shipping. */
export function shipNote(ship: Shipping, outDir: string): string {
  if (ship === 'ships') return `${outDir} is published`;
  if (ship === 'not-shipped') return `${outDir} is not published`;
  return `${outDir} may be published`;
}

/**
 * True when `.map` files written into `outDir` would be left out of the package anyway: a `files`
 * negation (`"!dist/**\/*.map"`) or an ignore-file line (`*.map`) that matches them. Inline maps are
 * never excluded this way.
 */
export async function mapsExcluded(ctx: UnitRuleContext, outDir: string): Promise<boolean> {
  const asked = await askMaps(ctx, outDir, '.js.map');
  if (asked) return !asked.ships;
  const base = ctx.unit.publishDirectory ?? ctx.unit.root;
  const rel = toPosix(path.relative(base, path.resolve(ctx.unit.root, outDir || '.'))).replace(/\/+$/, '');
  const probe = `${rel ? rel + '/' : ''}index.js.map`;
  const files = ctx.unit.manifest?.files;
  if (ctx.unit.kind !== 'vscode-extension' && Array.isArray(files)) {
    return files.some((e) => typeof e === 'string' && e.startsWith('!') && minimatch(probe, e.slice(1).replace(/^\.?\//, ''), { dot: true, matchBase: !e.includes('/') }));
  }
  const name = ctx.unit.kind === 'vscode-extension' ? '.vscodeignore' : '.npmignore';
  const text = await ctx.readText(`${ctx.unit.root}/${name}`);
  if (text === undefined) return false;
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#') && !l.startsWith('!'));
  return lines.some((l) => minimatch(probe, l.replace(/^\//, ''), { dot: true, matchBase: !l.includes('/') }));
}

/**
 * Asks the unit's packager whether the `.map` files a build would write into `outDir` would ship
 * (issue #23: a folder that ships does not mean its maps do: `**\/*.map` in .vscodeignore,
 * `"!dist/**\/*.map"` in files). Probes a top-level and a nested map; `undefined` when the packager
 * cannot be asked (private units, archives, an output outside the package).
 */
async function askMaps(ctx: UnitRuleContext, outDir: string, ext: string): Promise<{ ships: boolean; why: string; rel: string } | undefined> {
  if (!ctx.wouldShip || (ctx.unit.kind !== 'npm' && ctx.unit.kind !== 'vscode-extension')) return undefined;
  const base = ctx.unit.publishDirectory ?? ctx.unit.root;
  const rel = toPosix(path.relative(base, path.resolve(ctx.unit.root, outDir && outDir.trim() ? outDir : '.'))).replace(/\/+$/, '');
  if (rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) return undefined;
  const prefix = rel ? `${rel}/` : '';
  const answers = await ctx.wouldShip([`${prefix}index${ext}`, `${prefix}lib/index${ext}`]);
  if (!answers || answers.length === 0) return undefined;
  const hit = answers.find((a) => a.included);
  const a = hit ?? answers[0];
  return { ships: !!hit, why: exclusionWords(a), rel };
}

function exclusionWords(a: PathExplanation): string {
  const x = a.exclusion;
  if (!x) return '';
  switch (x.kind) {
    case 'ignore-file':
      return `${path.posix.basename(x.ignoreFile)} line ${x.line} "${x.pattern}" excludes them`;
    case 'files-negation':
      return `"files" entry "${x.entry}" excludes them`;
    case 'not-in-files':
      return 'no "files" entry includes them';
    case 'default':
    case 'strict':
      return `the packer leaves them out ("${x.pattern}")`;
    default:
      return 'the packer leaves them out';
  }
}

/**
 * Shipping of the `.map` FILES a build writes into `outDir` (not inline maps): the output folder's
 * shipping, then the packager's answer for `<outDir>/**\/*<ext>` when it can be asked.
 * `note` is the message text (why they ship or not).
 */
export async function mapFilesShipping(ctx: UnitRuleContext, outDir: string | undefined, ext = '.js.map', fallback = 'dist'): Promise<{ ship: Shipping; note: string }> {
  const out = outDir && outDir.trim() ? outDir : fallback;
  const ship = await shipping(ctx, out);
  if (ship === 'not-shipped') return { ship, note: shipNote(ship, out) };
  const asked = await askMaps(ctx, out, ext);
  if (!asked) return { ship, note: shipNote(ship, out) };
  const where = asked.rel ? `${asked.rel}/**/*${ext}` : `**/*${ext}`;
  if (asked.ships) return { ship: 'ships', note: `${shipNote('ships', out)} with its .map files` };
  return { ship: 'not-shipped', note: `${shipNote(ship, out)}, but ${where} would not ship: ${asked.why}` };
}
