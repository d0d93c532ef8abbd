/**
 * Absolute paths in a map's `sources`, `sourceRoot` and `file`: they reveal user names, the CI
 * vendor, internal mount points and monorepo layout (catalogue rule 18). `webpack:///./src/x`
 * is relative once the prefix is stripped; a lone `sourceRoot: "/"` is fine.
 */
import type { ParsedMap } from './parse';

export type AbsolutePathKind = 'user-home' | 'root-home' | 'ci' | 'other';

export interface AbsolutePathLeak {
  where: 'sources' | 'sourceRoot' | 'file';
  /** Flattened source index for `where: 'sources'`. */
  sourceIndex: number | undefined;
  /** JSON path of the offending value. */
  jsonPath: (string | number)[];
  /** The value as written in the map. */
  value: string;
  /** The absolute path after stripping `webpack://host`, `file://` and friends, `/` separators. */
  path: string;
  kind: AbsolutePathKind;
  /** The user name in `/Users/<name>/`, `/home/<name>/`, `C:\Users\<name>\`. */
  user: string | undefined;
  /** The CI system the layout belongs to (`GitHub Actions`, `GitLab CI`, `Jenkins`...). */
  ci: string | undefined;
}

interface CiLayout {
  re: RegExp;
  ci: string;
}

// Order matters: CI homes (/home/runner/work, /Users/runner/work) before the generic /home/<name>/.
const CI_LAYOUTS: CiLayout[] = [
  { re: /^\/home\/runner\/work\//, ci: 'GitHub Actions' },
  { re: /^\/Users\/runner\/work\//, ci: 'GitHub Actions' },
  { re: /^\/github\/workspace(?:\/|$)/, ci: 'GitHub Actions' },
  { re: /^[A-Za-z]:\/a\//, ci: 'GitHub Actions / Azure Pipelines' },
  { re: /^\/home\/vsts\/work\//, ci: 'Azure Pipelines' },
  { re: /^[A-Za-z]:\/agent\/_work\//i, ci: 'Azure Pipelines' },
  { re: /^\/builds\//, ci: 'GitLab CI' },
  { re: /^\/var\/lib\/jenkins\//, ci: 'Jenkins' },
  { re: /^\/var\/jenkins_home\//, ci: 'Jenkins' },
  { re: /^\/opt\/buildagent\//i, ci: 'TeamCity' },
  { re: /^[A-Za-z]:\/BuildAgent\//i, ci: 'TeamCity' },
  { re: /^\/(?:var\/lib\/)?buildkite(?:-agent)?\//, ci: 'Buildkite' },
  { re: /^\/bitrise\//, ci: 'Bitrise' },
  { re: /^\/home\/circleci\//, ci: 'CircleCI' },
  { re: /^\/codebuild\/output\//, ci: 'AWS CodeBuild' },
  { re: /^\/drone\/src\//, ci: 'Drone' },
  { re: /^\/workspace\//, ci: 'Google Cloud Build' },
  { re: /^\/home\/travis\/build\//, ci: 'Travis CI' },
  { re: /^\/vercel\/path\d*\//, ci: 'Vercel' },
  { re: /^\/opt\/build\/repo\//, ci: 'Netlify' },
];

/**
 * Strips bundler prefixes and returns the absolute path a source string reveals, or undefined
 * when it is relative (`webpack:///./src/x.ts`, `../src/x.ts`) or a URL.
 */
export function absolutePathOf(value: string): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  let v = value;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(.*)$/i.exec(v);
  if (scheme) {
    const name = scheme[1].toLowerCase();
    if (name === 'http' || name === 'https') return undefined;
    v = scheme[3];
    if (name === 'file') v = safeDecode(v);
    if (/^\/[A-Za-z]:[\\/]/.test(v)) v = v.slice(1);
    else if (name !== 'file' && !/^\/(?:Users|home|root|builds|var|opt|github|workspace|private|mnt|srv|codebuild|drone|buildkite|bitrise|vercel|tmp)\//.test(v)) {
      return undefined; // webpack://pkg/src/x.ts: project-relative
    }
  } else if (/^[a-z][a-z0-9+.-]*:(?![\\/])/i.test(v) && !/^[A-Za-z]:[\\/]/.test(v)) {
    return undefined; // node:fs, data:, other non-path schemes
  }
  v = v.replace(/\\/g, '/');
  if (/^[A-Za-z]:\//.test(v) || /^\/\/[^/]/.test(v) || v.startsWith('/')) return v;
  return undefined;
}

/** Classifies one absolute path. */
export function classifyAbsolutePath(p: string): { kind: AbsolutePathKind; user: string | undefined; ci: string | undefined } {
  for (const layout of CI_LAYOUTS) if (layout.re.test(p)) return { kind: 'ci', user: undefined, ci: layout.ci };
  const home = /^\/(?:Users|home)\/([^/]+)\//.exec(p) ?? /^[A-Za-z]:\/(?:Users|Documents and Settings)\/([^/]+)\//i.exec(p);
  if (home && home[1] !== 'Shared' && home[1] !== 'Public') return { kind: 'user-home', user: home[1], ci: undefined };
  if (/^\/root(?:\/|$)/.test(p)) return { kind: 'root-home', user: 'root', ci: undefined };
  return { kind: 'other', user: undefined, ci: undefined };
}

/**
 * Every absolute path in a map's `sources`, `sourceRoot` (top level and per section) and `file`,
 * naming the user or CI system. `sourceRoot: "/"` alone is not reported. Never throws.
 */
export function absolutePathLeaks(map: ParsedMap): AbsolutePathLeak[] {
  const out: AbsolutePathLeak[] = [];
  const check = (where: AbsolutePathLeak['where'], value: string, jsonPath: (string | number)[], sourceIndex?: number) => {
    const p = absolutePathOf(value);
    if (p === undefined || p === '/' || /^\/+$/.test(p)) return;
    const c = classifyAbsolutePath(p);
    out.push({ where, sourceIndex, jsonPath, value, path: p, ...c });
  };
  try {
    if (map.file) check('file', map.file, ['file']);
    const rootsSeen = new Set<string>();
    for (const s of map.sources) {
      if (s.sourceRoot) {
        const rootPath = [...s.jsonPath.slice(0, -2), 'sourceRoot'];
        const key = rootPath.join('.');
        if (!rootsSeen.has(key)) {
          rootsSeen.add(key);
          check('sourceRoot', s.sourceRoot, rootPath);
        }
      }
      // With an absolute sourceRoot every source is absolute, but the root is the one to report.
      if (!s.sourceRoot || absolutePathOf(s.sourceRoot) === undefined || absolutePathOf(s.source) !== undefined) {
        check('sources', s.source, s.jsonPath, s.index);
      }
    }
    if (map.sourceRoot && !rootsSeen.has('sourceRoot')) check('sourceRoot', map.sourceRoot, ['sourceRoot']);
  } catch {
    // ParsedMap comes from parseSourceMap; a hand-built broken one yields what was found so far.
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
