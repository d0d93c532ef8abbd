/**
 * What each build tool emits by default and how to read its source-map settings (catalogue §4.3).
 * Versions are the ones the catalogue verified: webpack 5.113, rspack 2.x, esbuild 0.28, Bun ≥ 1.2,
 * Vite 8, Rollup 4, tsup 9, tsdown 0.23, CRA 5, Next.js 15, Vue CLI 5.
 */

/** What a source-map setting produces once resolved. */
export interface MapEffect {
  /** A map is produced at all. */
  maps: boolean;
  /** Where it goes: a separate `.map`, a data URL inside the output, or inside `eval` strings. */
  placement: 'none' | 'file' | 'inline' | 'eval' | 'both';
  /** The output carries a `sourceMappingURL` comment pointing at the map. */
  urlComment: boolean;
  /** The map embeds the original sources (`sourcesContent`). */
  sourcesContent: boolean;
}

export const NO_MAPS: MapEffect = { maps: false, placement: 'none', urlComment: false, sourcesContent: false };

/**
 * webpack / rspack `devtool` grammar: `[inline-|hidden-|eval-][nosources-][cheap-[module-]]source-map[-debugids]`
 * plus `eval`, `false`. Returns undefined for strings outside the grammar.
 */
export function parseWebpackDevtool(value: string | boolean | undefined | null): MapEffect | undefined {
  if (value === false || value === undefined || value === null || value === 'false' || value === 'none' || value === '') return NO_MAPS;
  if (value === true) return undefined;
  if (value === 'eval') return { maps: false, placement: 'eval', urlComment: false, sourcesContent: false };
  const m = /^(inline-|hidden-|eval-)?(nosources-)?(cheap-(module-)?)?source-map(-debugids)?$/.exec(value);
  if (!m) return undefined;
  const prefix = m[1];
  const sourcesContent = !m[2];
  if (prefix === 'inline-') return { maps: true, placement: 'inline', urlComment: true, sourcesContent };
  if (prefix === 'eval-') return { maps: true, placement: 'eval', urlComment: true, sourcesContent };
  return { maps: true, placement: 'file', urlComment: prefix !== 'hidden-', sourcesContent };
}

/** webpack's default `devtool` for a mode (mode itself defaults to production). */
export function webpackDefaultDevtool(mode: string | undefined, tool: 'webpack' | 'rspack' = 'webpack'): string | false {
  if (mode !== 'development') return false;
  return tool === 'rspack' ? 'cheap-module-source-map' : 'eval';
}

/**
 * esbuild `sourcemap` + `sourcesContent` (default true). `external` writes a map with no URL
 * comment — invisible to comment scanners, the Claude Code failure mode.
 */
export function esbuildEffect(sourcemap: unknown, sourcesContent: unknown): MapEffect {
  const sc = sourcesContent !== false && sourcesContent !== 'false';
  switch (sourcemap) {
    case true:
    case 'true':
    case 'linked':
      return { maps: true, placement: 'file', urlComment: true, sourcesContent: sc };
    case 'external':
      return { maps: true, placement: 'file', urlComment: false, sourcesContent: sc };
    case 'inline':
      return { maps: true, placement: 'inline', urlComment: true, sourcesContent: sc };
    case 'both':
      return { maps: true, placement: 'both', urlComment: true, sourcesContent: sc };
    default:
      return NO_MAPS;
  }
}

/**
 * Bun `sourcemap`: `"none"` (default) | `"linked"` | `"external"` (no URL comment, a `//# debugId`) |
 * `"inline"` | `true` (= inline) | `false`. The CLI's bare `--sourcemap` means `linked` since Bun 1.2.
 * Bun always embeds sources.
 */
export function bunEffect(sourcemap: unknown, fromCli = false): MapEffect {
  const v = sourcemap === true || sourcemap === 'true' ? (fromCli ? 'linked' : 'inline') : sourcemap;
  switch (v) {
    case 'linked':
      return { maps: true, placement: 'file', urlComment: true, sourcesContent: true };
    case 'external':
      return { maps: true, placement: 'file', urlComment: false, sourcesContent: true };
    case 'inline':
      return { maps: true, placement: 'inline', urlComment: true, sourcesContent: true };
    default:
      return NO_MAPS;
  }
}

/**
 * Vite `build.sourcemap` / Rollup & Rolldown `output.sourcemap` (`true | 'inline' | 'hidden'`,
 * default false) with `sourcemapExcludeSources` (default false → sources included).
 */
export function rollupEffect(sourcemap: unknown, excludeSources: unknown): MapEffect {
  const sc = excludeSources !== true && excludeSources !== 'true';
  switch (sourcemap) {
    case true:
    case 'true':
      return { maps: true, placement: 'file', urlComment: true, sourcesContent: sc };
    case 'inline':
      return { maps: true, placement: 'inline', urlComment: true, sourcesContent: sc };
    case 'hidden':
      return { maps: true, placement: 'file', urlComment: false, sourcesContent: sc };
    default:
      return NO_MAPS;
  }
}

/** tsup / tsdown `sourcemap` (`true | 'inline'`, tsdown also `'hidden'`); both embed sources. */
export function tsupEffect(sourcemap: unknown): MapEffect {
  if (sourcemap === 'inline') return { maps: true, placement: 'inline', urlComment: true, sourcesContent: true };
  if (sourcemap === 'hidden') return { maps: true, placement: 'file', urlComment: false, sourcesContent: true };
  if (sourcemap === true || sourcemap === 'true') return { maps: true, placement: 'file', urlComment: true, sourcesContent: true };
  return NO_MAPS;
}

/** tsdown forces source maps on when the tsconfig has `declarationMap` (tsdown 0.23 types). */
export const TSDOWN_FORCES_MAPS_WITH_DECLARATION_MAP = true;

/** Framework defaults for production builds. */
export const FRAMEWORK_DEFAULTS = {
  /** react-scripts: `shouldUseSourceMap = process.env.GENERATE_SOURCEMAP !== 'false'` → 'source-map'. */
  craSourceMapsByDefault: true,
  /** Next.js `productionBrowserSourceMaps` defaults to false. */
  nextProductionBrowserSourceMaps: false,
  /** Vue CLI `productionSourceMap` defaults to true. */
  vueProductionSourceMap: true,
  /** Vite `build.sourcemap` default. */
  viteBuildSourcemap: false,
  /** esbuild `sourcesContent` default. */
  esbuildSourcesContent: true,
} as const;

/** Default output folders when a config does not say. */
export const DEFAULT_OUT_DIRS: Record<string, string> = {
  webpack: 'dist',
  rspack: 'dist',
  vite: 'dist',
  tsup: 'dist',
  tsdown: 'dist',
  cra: 'build',
  vue: 'dist',
  next: '.next',
  angular: 'dist',
};
