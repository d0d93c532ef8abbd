/**
 * publish-gitignore-fallback: with no `files` and no `.npmignore`, the package's `.gitignore`
 * silently decides what npm publishes — and npm reads only the package's own `.gitignore` files,
 * never a parent folder's, `.git/info/exclude` or `core.excludesFile`. Files git hides through
 * those still ship: mux-node-sdk#49 published `.env-dylan` that only `~/.gitignore_global` covered
 * (catalogue rule 3; npm-packlist 11 logs a `gitignore-fallback` warning for this situation).
 */
import type { Fix } from '../server/src/engine/types';
import type { UnitRule } from '../server/src/engine/context';
import { appendCheckedLines, entryPoints, gitContext, type GitIgnoreSource, groupByCause, type IgnoreRule, ignoreVerdict, isSensitivePath, lastMatchingRule, lineRange, listText, normPath, parseIgnoreRules, type PublishedFile, relPosix, shippedRelated } from '../server/src/engine/rule-kit';

interface Hidden {
  file: PublishedFile;
  source: GitIgnoreSource;
  rule: IgnoreRule;
}

const SOURCE_WORDS: Record<GitIgnoreSource['kind'], string> = {
  'parent-gitignore': 'a parent folder\'s .gitignore',
  'info-exclude': '.git/info/exclude',
  'core-excludes-file': 'core.excludesFile',
};

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'publish-gitignore-fallback',
    family: 'publish',
    description: 'Without "files" or .npmignore, .gitignore decides what npm publishes, and files git hides through other ignore sources still ship.',
    defaultSeverity: 'info',
    fixable: 'safe',
    messages: {
      fallback: 'No "files" and no .npmignore: this .gitignore decides what npm publishes ({{count}} files). npm never reads parent .gitignore files, .git/info/exclude or core.excludesFile.',
      hidden:
        '{{count}} file{{plural}} that git ignores only through {{sources}} will be published: {{files}} ({{cause}}). npm reads only the package\'s own ignore files.',
    },
  },
  async check(ctx) {
    const { unit, publishSet } = ctx;
    const m = unit.manifest;
    if (!m || unit.kind !== 'npm' || publishSet.tool !== 'npm-packlist' || m.files !== undefined) return;
    const packRoot = publishSet.packRoot ?? unit.root;
    if (await ctx.exists(`${packRoot}/.npmignore`)) return;
    const gitignorePath = `${packRoot}/.gitignore`;
    const gitignoreText = await ctx.readText(gitignorePath);
    if (gitignoreText !== undefined) {
      ctx.report({ messageId: 'fallback', data: { count: publishSet.files.length }, file: gitignorePath, ...lineRange(gitignoreText, 0), severity: 'info', key: 'fallback' });
    }
    const git = await gitContext(ctx, packRoot);
    if (!git || git.sources.length === 0) return;
    const ownRules = gitignoreText !== undefined ? parseIgnoreRules(gitignoreText) : [];
    const hidden: Hidden[] = [];
    for (const f of publishSet.files) {
      if (f.reason.kind === 'always' || f.reason.kind === 'bundled-dependency') continue;
      // The package's own .gitignore is git's deeper level: when one of its lines matches, it decides.
      if (lastMatchingRule(ownRules, f.path)) continue;
      for (const source of git.sources) {
        const rel = relPosix(source.base, f.abs);
        if (rel.startsWith('..')) continue;
        const v = ignoreVerdict(source.rules, rel);
        if (!v.rule) continue;
        if (v.ignored) hidden.push({ file: f, source, rule: v.rule });
        break;
      }
    }
    if (hidden.length === 0) return;
    const fix = fixFor(gitignorePath, gitignoreText, hidden, publishSet.files, entryPoints(m));
    for (const sensitive of [true, false]) {
      const subset = hidden.filter((h) => isSensitivePath(h.file.path) === sensitive);
      for (const group of await groupByCause(ctx, subset.map((h) => h.file))) {
        const items = subset.filter((h) => group.files.includes(h.file));
        const sources = [...new Set(items.map((h) => `${SOURCE_WORDS[h.source.kind]} (${relOrAbs(ctx.workspaceRoot, h.source.file)}: "${h.rule.pattern}")`))];
        ctx.report({
          messageId: 'hidden',
          data: { count: items.length, plural: items.length === 1 ? '' : 's', sources: listText(sources, 2), files: listText(items.map((h) => h.file.path)), cause: group.cause.describe },
          file: group.cause.file,
          start: group.cause.start,
          end: group.cause.end,
          severity: sensitive ? 'error' : 'warning',
          fix,
          related: [
            ...shippedRelated(items.map((h) => h.file), 'will be published although git ignores it'),
            ...sourceLines(items),
          ],
          key: `hidden:${sensitive ? 's' : 'o'}:${items.map((h) => h.file.path).sort().join(',')}`,
        });
      }
    }
  },
};

/** One related location per ignore line that hid something, in a file npm does not read. */
function sourceLines(items: Hidden[]): Array<{ file: string; line: number; column: number; message: string }> {
  const seen = new Map<string, { file: string; line: number; column: number; message: string }>();
  for (const h of items) {
    const key = `${h.source.file}:${h.rule.line}`;
    if (!seen.has(key)) seen.set(key, { file: h.source.file, line: h.rule.line - 1, column: 0, message: `"${h.rule.pattern}" hides it from git (${SOURCE_WORDS[h.source.kind]}); npm does not read this file` });
  }
  return [...seen.values()];
}

function relOrAbs(root: string, abs: string): string {
  const rel = relPosix(root, abs);
  return rel.startsWith('..') ? abs : rel;
}

/**
 * Copies the patterns git used into the package's `.gitignore` (creating it when missing), so npm
 * sees them too; literal paths when a pattern is anchored elsewhere or would drop anything else.
 */
function fixFor(gitignorePath: string, text: string | undefined, hidden: Hidden[], shipped: PublishedFile[], points: string[]): Fix | undefined {
  const must = hidden.map((h) => h.file.path);
  const always = shipped.filter((f) => f.reason.kind === 'always').map((f) => f.path);
  const check = { mustExclude: must, mayExclude: new Set([...must, ...always]), shipped: shipped.map((f) => f.path), entryPoints: points.map(normPath) };
  // A pattern relative to another folder only means the same here when it is not anchored (no inner `/`).
  const unanchored = [...new Set(hidden.map((h) => h.rule.pattern))];
  const portable = unanchored.every((p) => !p.replace(/\/$/, '').includes('/'));
  const literal = must.map((p) => `/${p}`);
  for (const lines of portable ? [unanchored, literal] : [literal]) {
    const edits = appendCheckedLines(text, lines, check);
    if (edits) {
      const title = text === undefined ? `Create .gitignore with ${listText(lines, 3)}` : `Add ${listText(lines, 3)} to .gitignore`;
      return { title, edits: [{ file: gitignorePath, edits, ...(text === undefined ? { create: true } : {}) }] };
    }
  }
  return undefined;
}

export default rule;
