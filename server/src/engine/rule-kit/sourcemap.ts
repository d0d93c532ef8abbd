/**
 * What the five sourcemap-* rules share: one analysis of the unit's maps per run, where each map's
 * finding sits (the cause: `files` entry, ignore file, or package.json), severities by visibility,
 * the exclude fix, and number formatting for messages that quantify.
 */
import type { UnitRuleContext, Visibility } from '../context';
import type { Fix, RelatedLocation, Severity } from '../types';
import type { PublishedFile } from '../publish/types';

import { analyzeShippedMaps, UNIT_MAPS_KEY, type ShippedMap, type UnitMaps } from '../sourcemap/unit-maps';
import type { SourcesSummary } from '../sourcemap/classify';
import { packagerFor } from '../packagers/registry';

/** The unit's maps, parsed once per run and shared by every sourcemap-* rule. */
export function loadUnitMaps(ctx: UnitRuleContext): Promise<UnitMaps> {
  // Files the unit's packager keeps from the content rules (an image's node_modules/) are not read for maps either.
  const p = packagerFor(ctx.unit);
  const files = p.scansContent ? ctx.publishSet.files.filter((f) => p.scansContent!(ctx.unit, f.path)) : ctx.publishSet.files;
  const readFile = ctx.readFile?.bind(ctx);
  const onLarge = ctx.largeMapParsed?.bind(ctx);
  return ctx.shared(UNIT_MAPS_KEY, () => analyzeShippedMaps(files, ctx.unit.root, (abs) => ctx.readText(abs), readFile, onLarge));
}

/** Where a map's finding goes: the map file, or the data URL's header in its JS/CSS host. */
export function mapLocation(m: ShippedMap): { file: string; start: number; end: number } {
  return m.range ? { file: m.host.abs, start: m.range.start, end: m.range.headerEnd } : { file: m.host.abs, start: 0, end: 0 };
}

/** A human name for a map: `dist/cli.js.map`, or `the inline map #2 in dist/cli.js`. */
export function mapName(m: ShippedMap): string {
  return m.origin === 'external' ? m.host.path : `the inline map${m.mapIndex > 0 ? ` #${m.mapIndex + 1}` : ''} in ${m.host.path}`;
}



/**
 * Severity of a map finding by visibility: exposing first-party source is an error for a
 * proprietary package, a warning when unknown, info for open source (its source is public anyway,
 * navidrome/navidrome#4765); without exposure, warning / warning / info.
 */
export function severityFor(visibility: Visibility, exposes: boolean): Severity {
  if (visibility === 'open-source') return 'info';
  if (exposes) return visibility === 'proprietary' ? 'error' : 'warning';
  return 'warning';
}

/** The fix that keeps the shipped `.map` files out, through the unit's packager (verified by recomputing the set). */
export function excludeMapsFix(ctx: UnitRuleContext): Promise<Fix | undefined> {
  const maps = ctx.publishSet.files.filter((f) => /\.map$/i.test(f.path)).map((f) => f.path);
  return maps.length ? ctx.exclude({ paths: maps, globs: ['*.map'], what: 'source maps' }) : Promise.resolve(undefined);
}

/** Related locations for maps, capped (the message carries the count). */
export function relatedMaps(maps: readonly ShippedMap[], message: (m: ShippedMap) => string, max = 50): RelatedLocation[] {
  return maps.slice(0, max).map((m) => ({ ...mapLocation(m), message: message(m) }));
}

/** `1,906` */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** `515k`, `1.2M`, or the exact number under 1,000. */
export function formatLines(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** Decimal sizes as npm prints them: `59.8 MB`, `12.3 kB`, `800 B`. */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}


/** The folder phrase of a summary: `under ../src/`, `under ../src/ and ../vendor/`. */
export function folderText(s: SourcesSummary): string {
  const top = s.topFolders.slice(0, 2).map((f) => f.folder);
  if (top.length === 0) return '';
  return ` under ${top.join(' and ')}${s.topFolders.length > 2 ? ' and elsewhere' : ''}`;
}

/** Sums the summaries of several maps (exposure across a group). */
export function addSummaries(list: readonly SourcesSummary[]): { exposed: number; exposedLines: number; firstPartyEmbedded: number; folders: string } {
  const folders = new Map<string, number>();
  let exposed = 0;
  let exposedLines = 0;
  let firstPartyEmbedded = 0;
  for (const s of list) {
    exposed += s.exposed;
    exposedLines += s.exposedLines;
    firstPartyEmbedded += s.firstPartyEmbedded;
    for (const f of s.topFolders) folders.set(f.folder, (folders.get(f.folder) ?? 0) + f.count);
  }
  const top = [...folders].sort((a, b) => b[1] - a[1]).map(([f]) => f);
  return { exposed, exposedLines, firstPartyEmbedded, folders: top.length ? ` under ${top.slice(0, 2).join(' and ')}${top.length > 2 ? ' and elsewhere' : ''}` : '' };
}

/** ` They embed 1,906 first-party sources (≈515k lines) under ../src/ that are not published otherwise.` or `''`. */
export function exposureSentence(maps: readonly ShippedMap[], subject = 'They embed'): string {
  const sum = addSummaries(maps.flatMap((m) => (m.classification ? [m.classification.summary] : [])));
  if (sum.exposed === 0) return '';
  return ` ${subject} ${formatCount(sum.exposed)} first-party source${sum.exposed === 1 ? '' : 's'} (≈${formatLines(sum.exposedLines)} lines)${sum.folders} that ${sum.exposed === 1 ? 'is' : 'are'} not published otherwise.`;
}

/** True when the map embeds first-party sources that do not ship otherwise. */
export function exposes(m: ShippedMap): boolean {
  return (m.classification?.summary.exposed ?? 0) > 0;
}
