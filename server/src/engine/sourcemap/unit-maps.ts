/**
 * Every source map a packaging unit would publish, parsed once per run and shared by the five
 * sourcemap-* rules (`ctx.shared('sourcemaps', ...)`): external maps found by name or by sniffing
 * (no `sourceMappingURL` needed: Claude Code's `cli.js.map` was unlinked), inline data-URL maps in
 * shipped JS/CSS, and every `sourceMappingURL` / `debugId` comment.
 *
 * Only summaries are kept (classification, absolute-path leaks), not the embedded texts, so a
 * 60 MB map does not stay in memory for the rest of the run.
 */
import * as path from 'node:path';
import type { PublishedFile } from '../publish/types';
import { isSourceMapName, isConventionalSourceMapName, isDeclarationMapName, sniffSourceMap } from './names';
import { parseSourceMap, type ParsedMap } from './parse';
import { classifySources, contentDigest, type ClassifyResult } from './classify';
import { absolutePathLeaks, type AbsolutePathLeak } from './absolute-paths';
import { findMapReferences, type MapReference } from './references';
import { extractInlineMaps } from './inline';
import { decodeText, looksBinary } from '../safe/fs';
import { LARGE_TEXT_BYTES } from '../safe/memory';

export interface ShippedMap {
  /** The shipped file holding the map (the `.map`, or the JS/CSS file for inline maps). */
  host: PublishedFile;
  origin: 'external' | 'inline';
  /** Position among the host's JSON data URLs (as `extractInlineMaps` returns them); 0 for external maps. */
  mapIndex: number;
  /** Offsets of the data URL in the host (inline maps only). */
  range: { start: number; end: number; headerEnd: number } | undefined;
  /** Inline maps only: preceded by `sourceMappingURL=` (unreferenced JSON data URLs that are not maps are dropped). */
  referenced: boolean;
  /** `x.d.ts.map`: declaration maps point editors at sources and rarely embed them. */
  declaration: boolean;
  /** Why the map could not be read (truncated, not JSON, broken base64); the rest is then empty. */
  problem: string | undefined;
  kind: ParsedMap['kind'] | undefined;
  debugId: string | undefined;
  sourceCount: number;
  namesCount: number;
  warnings: string[];
  classification: ClassifyResult | undefined;
  leaks: AbsolutePathLeak[];
  /** Shipped JS/CSS files whose `sourceMappingURL` points at this (external) map. */
  referencedBy: string[];
}

export interface ShippedReference {
  /** The shipped JS/CSS file with the comment. */
  file: PublishedFile;
  ref: MapReference;
  /** For relative URLs: the target relative to the unit root. */
  target: string | undefined;
  /** The target is in the publish set. */
  targetShipped: boolean;
}

/** The `ctx.shared` key under which the sourcemap-* rules keep the unit's UnitMaps. */
export const UNIT_MAPS_KEY = 'sourcemaps';

export interface UnitMaps {
  maps: ShippedMap[];
  /**
   * Large external maps (`.map`, at least LARGE_TEXT_BYTES) as parsed here, by absolute path: the
   * runner's file pass takes their embedded sources from this instead of reading and parsing the
   * file a second time (issue #20: a 60 MB map's read and JSON.parse, once more).
   */
  large: Map<string, ParsedMap>;
  /** Non-data `sourceMappingURL` and `debugId` comments in shipped JS/CSS. */
  references: ShippedReference[];
  /** Files that could not be read. */
  problems: string[];
}

const SCRIPT_OR_STYLE = /\.(?:[cm]?js|jsx|css)$/i;

/**
 * Finds, parses and classifies every map a publish set contains. `readText` reads through the
 * engine's file system (undefined for missing/binary files); `readFile`, when given, the same as
 * bytes: a script or style sheet is then decoded only when it holds one of the markers looked for
 * (issue #20: most shipped JS has none). Never throws.
 */
export async function analyzeShippedMaps(
  files: readonly PublishedFile[],
  unitRoot: string,
  readText: (abs: string) => Promise<string | undefined>,
  readFile?: (abs: string) => Promise<Buffer | undefined>,
  /** Told of each map put in `large`, right after its parse (before it is classified). */
  onLarge?: (abs: string, map: ParsedMap) => void,
): Promise<UnitMaps> {
  const out: UnitMaps = { maps: [], large: new Map(), references: [], problems: [] };
  const shippedPaths = new Set(files.map((f) => f.path));
  const byBase = new Map<string, PublishedFile[]>();
  for (const f of files) {
    const b = path.posix.basename(f.path);
    const list = byBase.get(b);
    if (list) list.push(f);
    else byBase.set(b, [f]);
  }
  const classify = async (parsed: ParsedMap, mapPath: string): Promise<ClassifyResult> => {
    const first = classifySources(parsed, { mapPath, unitRoot, shippedPaths });
    if (first.summary.exposed === 0) return first;
    // A byte-identical shipped copy under another path is not exposure: hash only same-named shipped files.
    const digests = new Map<string, string>();
    for (const s of first.sources) {
      if (!s.exposed || !s.resolvedPath) continue;
      for (const cand of byBase.get(path.posix.basename(s.resolvedPath)) ?? []) {
        if (isSourceMapName(cand.path) || [...digests.values()].includes(cand.path)) continue;
        const t = await readText(cand.abs);
        if (t !== undefined) digests.set(contentDigest(t), cand.path);
      }
    }
    return digests.size ? classifySources(parsed, { mapPath, unitRoot, shippedPaths, shippedDigests: digests }) : first;
  };

  for (const f of files) {
    try {
      if (isSourceMapName(f.path) || /\.json$/i.test(f.path)) {
        const text = await readText(f.abs);
        if (text === undefined) {
          if (isConventionalSourceMapName(f.path)) out.problems.push(`Cannot read ${f.path} as text.`);
          continue;
        }
        const sniff = sniffSourceMap(text);
        // A bare `x.map` or `.json` must look like a map; `x.js.map` is one by name even when broken.
        if (!sniff && !isConventionalSourceMapName(f.path)) continue;
        const parsed = parseSourceMap(text);
        if (parsed.ok && f.size >= LARGE_TEXT_BYTES && /\.map$/i.test(f.path)) {
          out.large.set(f.abs, parsed.map);
          onLarge?.(f.abs, parsed.map);
        }
        out.maps.push(await toShipped(f, 'external', 0, undefined, true, parsed, classify));
      } else if (SCRIPT_OR_STYLE.test(f.path)) {
        const text = await scriptText(f.abs, readText, readFile);
        if (text === undefined) continue;
        const hasRef = text.includes('sourceMappingURL') || text.includes('debugId');
        if (text.includes('data:application/')) {
          const inline = extractInlineMaps(text);
          for (let mapIndex = 0; mapIndex < inline.length; mapIndex++) {
            const m = inline[mapIndex];
            const parsed = m.text !== undefined ? parseSourceMap(m.text) : ({ ok: false, problem: m.problem ?? 'unreadable' } as const);
            // Unreferenced JSON data URLs that are not maps (fetch("data:application/json,...")) are not our business.
            if (!m.referenced && !parsed.ok) continue;
            out.maps.push(await toShipped(f, 'inline', mapIndex, { start: m.start, end: m.end, headerEnd: m.payloadStart }, m.referenced, parsed, classify));
          }
        }
        if (hasRef) {
          const language = /\.css$/i.test(f.path) ? 'css' : 'js';
          for (const ref of findMapReferences(text, { language })) {
            if (ref.isDataUrl) continue;
            const target = ref.kind === 'sourceMappingURL' ? relativeTarget(f.path, ref.value) : undefined;
            out.references.push({ file: f, ref: { ...ref }, target, targetShipped: target !== undefined && shippedPaths.has(target) });
          }
        }
      }
    } catch (e) {
      out.problems.push(`Cannot analyse ${f.path}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const byPath = new Map(out.maps.filter((m) => m.origin === 'external').map((m) => [m.host.path, m]));
  for (const r of out.references) {
    if (r.target && byPath.has(r.target)) byPath.get(r.target)!.referencedBy.push(r.file.path);
  }
  return out;
}

/** ASCII markers of map references and inline maps: in UTF-8 bytes exactly when in the decoded text. */
const SCRIPT_MARKERS = ['sourceMappingURL', 'debugId', 'data:application/'];

/** A script's text, or undefined when unreadable, binary, or (read as bytes) without any SCRIPT_MARKERS. */
async function scriptText(abs: string, readText: (abs: string) => Promise<string | undefined>, readFile?: (abs: string) => Promise<Buffer | undefined>): Promise<string | undefined> {
  if (!readFile) return readText(abs);
  const buf = await readFile(abs);
  if (!buf || looksBinary(buf) || !SCRIPT_MARKERS.some((m) => buf.includes(m))) return undefined;
  return decodeText(buf);
}

async function toShipped(
  host: PublishedFile,
  origin: ShippedMap['origin'],
  mapIndex: number,
  range: ShippedMap['range'],
  referenced: boolean,
  parsed: ReturnType<typeof parseSourceMap>,
  classify: (p: ParsedMap, mapPath: string) => Promise<ClassifyResult>,
): Promise<ShippedMap> {
  const base: ShippedMap = {
    host,
    origin,
    mapIndex,
    range,
    referenced,
    declaration: origin === 'external' && isDeclarationMapName(host.path),
    problem: undefined,
    kind: undefined,
    debugId: undefined,
    sourceCount: 0,
    namesCount: 0,
    warnings: [],
    classification: undefined,
    leaks: [],
    referencedBy: [],
  };
  if (!parsed.ok) return { ...base, problem: parsed.problem };
  const map = parsed.map;
  return {
    ...base,
    kind: map.kind,
    debugId: map.debugId,
    sourceCount: map.sources.length,
    namesCount: map.names.length,
    warnings: map.warnings,
    classification: await classify(map, host.path),
    leaks: absolutePathLeaks(map),
  };
}

/** Resolves a relative `sourceMappingURL` against the file's folder; undefined for absolute URLs. */
function relativeTarget(filePath: string, url: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return undefined;
  let clean = url.split(/[?#]/)[0];
  try {
    clean = decodeURIComponent(clean);
  } catch {
    // keep it as written
  }
  const joined = clean.startsWith('/') ? clean.slice(1) : path.posix.join(path.posix.dirname(filePath), clean);
  return path.posix.normalize(joined);
}
