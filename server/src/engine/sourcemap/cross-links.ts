/**
 * Cross-links between build configuration and shipped artifacts (issues "Source maps, fully" and
 * "Build configuration"): a post-pass over a folder's findings, so rules never import each other.
 *
 * When a config-* finding explains how source maps are produced (tsconfig `sourceMap`, webpack
 * `devtool`, esbuild/Bun/tsup `sourcemap`, ...) and maps produced into that output folder are in
 * the unit's publish set:
 * - every sourcemap-* finding on such a map gets a related location at the config line;
 * - the config finding says that the output folder ships, with what makes it ship, and points at
 *   the shipped maps (related locations).
 */
import * as path from 'node:path';
import type { Finding, RelatedLocation } from '../types';
import type { PackagingUnit } from '../workspace';
import type { PublishSet, PublishedFile } from '../publish/types';
import { isSourceMapName, isDeclarationMapName } from './names';
import { causeOf, listText } from '../fix-helpers';
import { isInside, toPosix } from '../paths';
import { shippedFact } from '../facts';

/** The config rules whose findings say how source maps are produced. */
export const MAP_PRODUCING_CONFIG_RULES: ReadonlySet<string> = new Set([
  'config-bun-sourcemap',
  'config-esbuild-sourcemap',
  'config-framework-sourcemap-defaults',
  'config-tsconfig-sourcemap',
  'config-tsup-tsdown-sourcemap',
  'config-vite-rollup-sourcemap',
  'config-webpack-devtool',
]);

/** Related locations this pass added to artifact findings (pointing at config lines). */
const artifactToConfig = new WeakSet<RelatedLocation>();

/**
 * True for a related location that points from an artifact finding at the config line that
 * produced the artifact: the server does not mirror the artifact finding onto the config file.
 */
export function isConfigCrossLink(r: RelatedLocation): boolean {
  return artifactToConfig.has(r);
}

/** What the pass needs of a unit's analysis. */
export interface CrossLinkUnit {
  unit: PackagingUnit;
  publishSet: PublishSet;
}

type Placement = 'file' | 'inline' | 'declaration' | 'any';

/** Cap on the maps listed as related locations of one config finding (the message carries the count). */
const MAX_MAPS = 50;
/** Cap on config lines linked from one artifact finding. */
const MAX_CONFIGS = 5;

/**
 * Adds the cross-links in place and returns `findings`. `readText` reads ignore files (for the
 * place that makes the output folder ship). Never throws for odd findings: unknown shapes are skipped.
 */
export async function linkConfigsToArtifacts(findings: Finding[], units: readonly CrossLinkUnit[], readText: (abs: string) => Promise<string | undefined>): Promise<Finding[]> {
  for (const ua of units) {
    const root = ua.unit.root;
    const configs = findings.filter((f) => f.unitRoot === root && MAP_PRODUCING_CONFIG_RULES.has(f.ruleId) && !f.embedded && f.messageId !== 'internalError');
    if (configs.length === 0) continue;
    const byAbs = new Map(ua.publishSet.files.map((pf) => [pf.abs, pf]));
    const artifactFindings = findings.filter((f) => f.unitRoot === root && f.ruleId.startsWith('sourcemap-') && !f.embedded && byAbs.has(f.file));
    // Shipped maps: external `.map` files, and JS/CSS files that a sourcemap rule found an inline map in.
    const external = ua.publishSet.files.filter((pf) => isSourceMapName(pf.path));
    const inlineHosts = [...new Set(artifactFindings.filter((f) => !isSourceMapName(f.file)).map((f) => f.file))].map((abs) => byAbs.get(abs)).filter((x): x is PublishedFile => !!x);
    if (external.length === 0 && inlineHosts.length === 0) continue;
    const ignoreTexts = new Map<string, string | undefined>();
    for (const pf of [...external, ...inlineHosts]) {
      const r = pf.reason;
      const ignoreFile = r.kind === 'not-ignored' || r.kind === 'negation' ? r.ignoreFile : undefined;
      if (ignoreFile && !ignoreTexts.has(ignoreFile)) ignoreTexts.set(ignoreFile, await readText(ignoreFile).catch(() => undefined));
    }
    for (const cfg of configs) {
      const out = outputFolder(cfg, root);
      const placement = placementOf(cfg);
      const candidates = placement === 'inline' ? inlineHosts : placement === 'any' ? [...external, ...inlineHosts] : external.filter((pf) => isDeclarationMapName(pf.path) === (placement === 'declaration'));
      const maps = candidates.filter((pf) => out === undefined || isInside(out, pf.abs));
      if (maps.length === 0) continue;
      const outText = out === undefined ? 'the output folder' : out === root ? 'the package folder' : `${toPosix(path.relative(root, out))}/`;
      const cause = causeOf(ua.unit, maps[0], (abs) => ignoreTexts.get(abs));
      const names = maps.map((m) => m.path);
      cfg.message = `${cfg.message.replace(/\s*$/, '')} ${maps.length} published source map${maps.length === 1 ? '' : 's'} in ${outText} came from here (${listText(names, 3)}); ${outText} ships ${cause.because}.`;
      cfg.data = { ...cfg.data, shippedMaps: maps.length, outputShips: 'ships' };
      cfg.facts = [...new Set([...(cfg.facts ?? []), ...maps.map((m) => shippedFact(m.abs))])];
      cfg.related = [
        ...cfg.related,
        { file: cause.file, start: cause.start, end: cause.end, message: `${outText} ships ${cause.because}` },
        ...maps.slice(0, MAX_MAPS).map((m) => ({ file: m.abs, start: 0, end: 0, message: `${m.path} (${formatSize(m.size)}) is published` })),
      ];
      const where = `${path.basename(cfg.file)}: ${cfg.ruleId}`;
      for (const af of artifactFindings) {
        if (!maps.some((m) => m.abs === af.file)) continue;
        if (af.related.filter(isConfigCrossLink).length >= MAX_CONFIGS) continue;
        if (af.related.some((r) => isConfigCrossLink(r) && r.file === cfg.file && r.start === cfg.start)) continue;
        const link: RelatedLocation = { file: cfg.file, start: cfg.start, end: cfg.end, message: `produced by the build configuration (${where})` };
        artifactToConfig.add(link);
        af.related = [...af.related, link];
      }
    }
  }
  return findings;
}

/**
 * The output folder a config finding talks about (absolute), read from its `ship` data
 * (`"dist is published"`, `"out/ may be published"`, `"the package folder is not published"`),
 * or undefined when the finding names none (command-line flags).
 */
export function outputFolder(f: Finding, unitRoot: string): string | undefined {
  const ship = typeof f.data.ship === 'string' ? f.data.ship : undefined;
  // The note may go on ("dist is published with its .map files", "out is published, but …" (#23)).
  const m = ship ? /^(.*?) (?:is published|is not published|may be published)(?=$|[ ,;])/.exec(ship) : null;
  if (!m) return undefined;
  const raw = m[1].trim();
  if (raw === 'the package folder' || raw === '.' || raw === '') return unitRoot;
  return toPosix(path.resolve(unitRoot, raw.replace(/\/+$/, '')));
}

/** Which maps a config finding produces: inline data URLs, declaration maps, `.map` files, or either. */
function placementOf(f: Finding): Placement {
  if (f.messageId === 'declarationMap') return 'declaration';
  if (f.messageId === 'inlineSourceMap') return 'inline';
  if (f.messageId === 'inlineSources') return 'any';
  const what = String(f.data.what ?? '');
  const value = String(f.data.value ?? '');
  if (/inline|eval/.test(what) || value === '"inline"') return 'inline';
  if (/\.map files/.test(what) || f.ruleId === 'config-tsconfig-sourcemap') return 'file';
  return 'any';
}


function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
