/**
 * publish-npmignore-shadows-gitignore: a `.npmignore` in a folder makes npm skip that folder's
 * `.gitignore` entirely, so everything the `.gitignore` kept out (usually `.env*`, `*.map`, logs)
 * starts shipping. Experiment B of the catalogue (§2.1): a `.npmignore` holding only `test/` made
 * `.env`, `.env.production` and `dist/index.js.map` ship (catalogue rule 2, sinopia_editor#2747).
 */
import type { Fix } from '../server/src/engine/types';
import type { UnitRule } from '../server/src/engine/context';
import { appendCheckedLines, causeOf, entryPointInfo, entryPoints, fileFix, filesFromEntryPoints, type IgnoreRule, ignoreVerdict, isEntryPoint, isSensitivePath, jsonSet, lineRange, listText, normPath, parseIgnoreRules, type PublishedFile, shippedRelated } from '../server/src/engine/rule-kit';

interface Candidate {
  file: PublishedFile;
  /** Path relative to the folder of the `.npmignore`. */
  rel: string;
  sensitive: boolean;
  /** The `.gitignore` line that would have excluded it. */
  rule?: IgnoreRule;
  folder?: string;
}

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'publish-npmignore-shadows-gitignore',
    family: 'publish',
    description: 'A .npmignore disables the .gitignore of its folder, so files git keeps out will be published.',
    defaultSeverity: 'error',
    fixable: 'safe',
    messages: {
      sensitive:
        '{{count}} sensitive file{{plural}} that {{gitignore}} excludes will be published: {{files}}. npm reads only {{npmignore}} in that folder and skips .gitignore ({{cause}}).',
      other: '{{count}} file{{plural}} that {{gitignore}} excludes will be published: {{files}}. npm reads only {{npmignore}} in that folder and skips .gitignore ({{cause}}).',
    },
  },
  async check(ctx) {
    const { unit, publishSet } = ctx;
    const m = unit.manifest;
    if (!m || unit.kind !== 'npm' || publishSet.tool !== 'npm-packlist') return;
    const packRoot = publishSet.packRoot ?? unit.root;
    const hasFiles = Array.isArray(m.files);
    const points = entryPoints(m);
    const eps = entryPointInfo(points);
    const inEntryFolder = (p: string) => p.split('/').slice(0, -1).some((_, i, parts) => eps.folders.has(parts.slice(0, i + 1).join('/')));

    // Folders that hold shipped files (only those can shadow anything that ships).
    const folders = new Set<string>(['']);
    for (const f of publishSet.files) {
      const parts = f.path.split('/');
      for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
    }
    for (const dir of [...folders].sort()) {
      // With "files", npm reads neither ignore file of the root (catalogue §2.1, case C).
      if (dir === '' && hasFiles) continue;
      const abs = dir ? `${packRoot}/${dir}` : packRoot;
      const npmignorePath = `${abs}/.npmignore`;
      const npmignoreText = await ctx.readText(npmignorePath);
      if (npmignoreText === undefined) continue;
      const gitignoreText = await ctx.readText(`${abs}/.gitignore`);
      if (gitignoreText === undefined) continue;
      const gitRules = parseIgnoreRules(gitignoreText);
      const candidates: Candidate[] = [];
      for (const f of publishSet.files) {
        if (dir && !f.path.startsWith(dir + '/')) continue;
        if (f.reason.kind === 'always' || f.reason.kind === 'bundled-dependency' || isEntryPoint(eps, f.path)) continue;
        const rel = dir ? f.path.slice(dir.length + 1) : f.path;
        // Build output is often git-ignored and must ship: folders holding an entry point are entered anyway.
        const v = ignoreVerdict(gitRules, rel, { forceEnter: (d) => eps.folders.has(dir ? `${dir}/${d}` : d) });
        if (!v.ignored) continue;
        const sensitive = isSensitivePath(f.path);
        if (!sensitive && inEntryFolder(f.path)) continue;
        candidates.push({ file: f, rel, sensitive, rule: v.rule, folder: v.folder });
      }
      if (candidates.length === 0) continue;
      const shipped = publishSet.files.filter((f) => !dir || f.path.startsWith(dir + '/'));
      const relOf = (f: PublishedFile) => (dir ? f.path.slice(dir.length + 1) : f.path);
      const sensitive = candidates.filter((c) => c.sensitive);
      const fix = sensitive.length ? fixFor(npmignorePath, npmignoreText, sensitive, candidates, shipped.map(relOf), entryRel(points, dir)) : undefined;
      const suggestions: Fix[] = [];
      if (dir === '' && !hasFiles && !unit.publishDirectory) {
        const allow = filesFromEntryPoints(m);
        if (allow.length) suggestions.push(fileFix(`Replace .npmignore with a "files" allowlist: ${JSON.stringify(allow)}`, unit.manifestPath, jsonSet(unit.manifestText, ['files'], allow, { insertAfter: 'version' })));
      }
      const gitignoreName = dir ? `${dir}/.gitignore` : '.gitignore';
      const npmignoreName = dir ? `${dir}/.npmignore` : '.npmignore';
      for (const group of [sensitive, candidates.filter((c) => !c.sensitive)]) {
        if (group.length === 0) continue;
        const isSensitive = group[0].sensitive;
        // Sits on the cause when it is a line of this .npmignore (a negation), else on its first line.
        const byLocation = new Map<string, { start: number; end: number; cause: string; items: Candidate[] }>();
        for (const c of group) {
          const cause = causeOf(unit, c.file, (p) => (p === npmignorePath ? npmignoreText : undefined));
          const range = cause.file === npmignorePath ? { start: cause.start, end: cause.end } : lineRange(npmignoreText, 0);
          const key = `${range.start}:${range.end}`;
          const entry = byLocation.get(key) ?? { ...range, cause: cause.describe, items: [] };
          entry.items.push(c);
          byLocation.set(key, entry);
        }
        for (const loc of byLocation.values()) {
          ctx.report({
            messageId: isSensitive ? 'sensitive' : 'other',
            data: {
              count: loc.items.length,
              plural: loc.items.length === 1 ? '' : 's',
              gitignore: gitignoreName,
              npmignore: npmignoreName,
              files: listText(loc.items.map((c) => c.file.path)),
              cause: loc.cause,
            },
            file: npmignorePath,
            start: loc.start,
            end: loc.end,
            severity: isSensitive ? 'error' : 'info',
            fix: isSensitive ? fix : undefined,
            suggestions,
            related: shippedRelated(loc.items.map((c) => c.file), `will be published (${gitignoreName} would exclude it)`),
            key: `${isSensitive ? 'sensitive' : 'other'}:${loc.items.map((c) => c.file.path).sort().join(',')}`,
          });
        }
      }
    }
  },
};

/** Entry points inside `dir`, relative to it. */
function entryRel(points: string[], dir: string): string[] {
  return points.map(normPath).filter((p) => !dir || p.startsWith(dir + '/')).map((p) => (dir ? p.slice(dir.length + 1) : p));
}

/**
 * Appends the `.gitignore` lines that kept the sensitive files out to `.npmignore`, or their
 * literal paths when those lines would also drop something else that ships (or an entry point).
 */
function fixFor(npmignorePath: string, npmignoreText: string, sensitive: Candidate[], candidates: Candidate[], shippedRel: string[], entryRel: string[]): Fix | undefined {
  const allowedOut = new Set(candidates.map((c) => c.rel));
  const mustGo = sensitive.map((c) => c.rel);
  const fromGitignore = [...new Set(sensitive.map((c) => c.rule?.pattern).filter((p): p is string => !!p && !p.startsWith('!')))];
  const literal = mustGo.map((p) => `/${p}`);
  for (const lines of [fromGitignore, literal]) {
    const edits = appendCheckedLines(npmignoreText, lines, { mustExclude: mustGo, mayExclude: allowedOut, shipped: shippedRel, entryPoints: entryRel });
    if (edits) return { title: `Add ${listText(lines, 3)} to .npmignore`, edits: [{ file: npmignorePath, edits }] };
  }
  return undefined;
}

export default rule;
