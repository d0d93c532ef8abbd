/**
 * publish-dev-artifacts: tests, fixtures, coverage, caches, logs, HTTP archives, dumps,
 * infrastructure state, nested lockfiles and editor/CI folders in the publish set (catalogue rule 4).
 * Claude Code 2.1.88 shipped `bun.lock`; irslackd#12 shipped logs holding tokens; experiment A
 * shows `test/` and `bun.lock` shipping under a plain `.gitignore`.
 */
import type { Severity } from '../server/src/engine/types';
import type { UnitRule } from '../server/src/engine/context';
import { agentOrInternalDoc, entryPointInfo, entryPoints, excludeHitsFix, groupByCause, isEntryPoint, listText, matchedFolder, type PathHit, shippedRelated } from '../server/src/engine/rule-kit';

interface Category {
  id: string;
  label: string;
  severity: Severity;
  why: string;
  dir?: RegExp;
  file?: RegExp;
  /** Basename glob for a file match (default: the basename itself). */
  glob?: (basename: string) => string;
}

const ext = (b: string) => `*${b.slice(b.lastIndexOf('.'))}`;

const CATEGORIES: readonly Category[] = [
  {
    id: 'logs',
    label: 'logs, HTTP archives, dumps or infrastructure state files',
    severity: 'warning',
    why: 'They often hold tokens, cookies, hostnames and personal data.',
    dir: /(^|\/)\.terraform\//i,
    file: /(\.(log|har|sqlite3?|db|dump|bak|heapsnapshot|tfstate|tfstate\.backup)|(^|\/)npm-debug\.log[^/]*)$/i,
    glob: (b) => (/\.tfstate\.backup$/i.test(b) ? '*.tfstate.backup' : /^npm-debug\.log/i.test(b) ? 'npm-debug.log*' : ext(b)),
  },
  {
    id: 'lockfiles',
    label: 'lockfiles',
    severity: 'info',
    why: 'Consumers never read a dependency\'s lockfile; it only reveals how and from where you install.',
    file: /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?)$/i,
  },
  {
    id: 'tests',
    label: 'test files or fixtures',
    severity: 'info',
    why: 'Consumers do not run them.',
    dir: /(^|\/)(tests?|__tests__|specs?|e2e|cypress|playwright(-report)?|__mocks__|__fixtures__|fixtures|testdata|test-data)\//i,
    file: /\.(test|spec)\.[cm]?[jt]sx?$/i,
    glob: (b) => `*${/\.(test|spec)\.[cm]?[jt]sx?$/i.exec(b)![0]}`,
  },
  {
    id: 'build-metadata',
    label: 'coverage reports, caches or build metadata',
    severity: 'info',
    why: 'They are build leftovers and can name local paths.',
    dir: /(^|\/)(coverage|\.nyc_output|\.turbo|\.cache|\.parcel-cache|\.angular|\.next\/cache)\//i,
    file: /\.(tsbuildinfo|sql)$/i,
    glob: ext,
  },
  {
    id: 'editor-ci',
    label: 'editor, CI or container configuration files',
    severity: 'info',
    why: 'They describe your infrastructure, not the package.',
    dir: /(^|\/)\.(idea|vscode|history|github|circleci|gitlab)\//i,
    file: /(^|\/)(\.gitlab-ci\.yml|\.travis\.yml|Dockerfile|docker-compose[^/]*\.ya?ml)$/i,
  },
];

/** Registries whose URLs in a lockfile say nothing about you. */
const PUBLIC_HOSTS = /^(registry\.npmjs\.org|registry\.yarnpkg\.com|registry\.npmjs\.com|codeload\.github\.com|github\.com|objects\.githubusercontent\.com|registry\.npmmirror\.com)$/i;

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'publish-dev-artifacts',
    family: 'publish',
    description: 'Tests, fixtures, coverage, caches, logs, HTTP archives, dumps, lockfiles and editor/CI files will be published.',
    defaultSeverity: 'info',
    fixable: 'suggestion',
    messages: {
      artifacts: '{{count}} {{fileWord}} ({{label}}) will be published ({{cause}}): {{files}}. {{why}}',
      privateLockfile: '{{count}} lockfile{{plural}} will be published ({{cause}}): {{files}}. They point at a non-public registry ({{hosts}}).',
    },
  },
  async check(ctx) {
    const { unit, publishSet } = ctx;
    const m = unit.manifest;
    if (!m) return;
    const points = entryPoints(m);
    const eps = entryPointInfo(points);
    const hits = new Map<string, PathHit[]>();
    for (const f of publishSet.files) {
      if (f.reason.kind === 'always' || f.reason.kind === 'bundled-dependency' || isEntryPoint(eps, f.path)) continue;
      // Agent files (.github/copilot-instructions.md …) belong to publish-internal-docs-and-agent-files.
      if (agentOrInternalDoc(f.path)) continue;
      const hit = categorise(f.path);
      if (!hit) continue;
      // A folder that holds an entry point is the product (a test-helper package's fixtures/).
      if (hit.folder && [...eps.folders].some((d) => d === hit.folder || d.startsWith(hit.folder + '/'))) continue;
      const list = hits.get(hit.category.id) ?? [];
      list.push({ file: f, folder: hit.folder, glob: hit.glob });
      hits.set(hit.category.id, list);
    }
    for (const cat of CATEGORIES) {
      const list = hits.get(cat.id);
      if (!list) continue;
      let hosts: string[] = [];
      if (cat.id === 'lockfiles') hosts = await privateHosts(ctx, list);
      const fix = await excludeHitsFix(ctx, list, cat.label);
      for (const group of await groupByCause(ctx, list.map((h) => h.file))) {
        ctx.report({
          messageId: hosts.length ? 'privateLockfile' : 'artifacts',
          data: { count: group.files.length, fileWord: group.files.length === 1 ? 'file' : 'files', plural: group.files.length === 1 ? '' : 's', label: cat.label, cause: group.cause.describe, files: listText(group.files.map((f) => f.path)), why: cat.why, hosts: listText(hosts, 3) },
          file: group.cause.file,
          start: group.cause.start,
          end: group.cause.end,
          severity: hosts.length ? 'warning' : cat.severity,
          fix,
          related: shippedRelated(group.files),
          key: `${cat.id}:${group.files.map((f) => f.path).sort().join(',')}`,
        });
      }
    }
  },
};

function categorise(p: string): { category: Category; folder?: string; glob?: string } | undefined {
  const base = p.slice(p.lastIndexOf('/') + 1);
  for (const category of CATEGORIES) {
    const folder = category.dir ? matchedFolder(p, category.dir) : undefined;
    if (folder) return { category, folder };
    if (category.file?.test(p)) return { category, glob: category.glob ? category.glob(base) : base };
  }
  return undefined;
}

/** Hosts other than the public registries that shipped lockfiles resolve packages from. */
async function privateHosts(ctx: { readText(p: string): Promise<string | undefined> }, hits: PathHit[]): Promise<string[]> {
  const hosts = new Set<string>();
  for (const h of hits) {
    if (h.file.size > 50 * 1024 * 1024) continue;
    const text = await ctx.readText(h.file.abs);
    if (text === undefined) continue;
    // Only where packages come from (`resolved`, `tarball`, bun.lock's URL slot), not `funding` URLs.
    for (const match of text.matchAll(/(?:resolved|tarball)"?\s*[:=]?\s*"?https?:\/\/(?:[^/\s"'@]+@)?([a-z0-9.-]+)|\["[^"\n]+",\s*"https?:\/\/(?:[^/\s"'@]+@)?([a-z0-9.-]+)/gi)) {
      const host = match[1] ?? match[2];
      if (host && !PUBLIC_HOSTS.test(host)) hosts.add(host.toLowerCase());
    }
  }
  return [...hosts].sort();
}

export default rule;
