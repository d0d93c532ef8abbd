/**
 * publish-workspace-root-not-private: a monorepo root (npm/yarn/bun `workspaces`, or a
 * `pnpm-workspace.yaml` next to it) without `"private": true`. One `npm publish` in the wrong folder
 * uploads the root: tooling, scripts, configs and everything else no ignore file names (catalogue
 * rule 9). Yarn requires `private: true` on workspace roots for the same reason.
 */
import type { UnitRule } from '../server/src/engine/context';
import { entryPoints, fileFix, workspaceGlobs } from '../server/src/engine/rule-kit';
import { declaredPublic, isNpmPrivate, privateEdits } from './publish-missing-private-internal';

/** Workspace folders that hold examples or docs, not packages: a root with only these may be a real package. */
const SIDE_FOLDERS = /^(\.\/)?(examples?|demos?|docs|website|playground|fixtures|benchmarks?|e2e|samples?)(\/|$)/i;

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'publish-workspace-root-not-private',
    family: 'publish',
    description: 'A monorepo root (workspaces or pnpm-workspace.yaml) is not "private": true, so npm publish in the wrong folder uploads the whole root.',
    defaultSeverity: 'warning',
    fixable: 'safe',
    messages: {
      notPrivate: 'This is a workspace root ({{how}}) without "private": true: npm publish here would upload {{count}} files of the monorepo root, such as {{examples}}.',
      notPrivateEntryPoints:
        'This is a workspace root ({{how}}) without "private": true, and it has entry points of its own; if it is not meant to be published, make it private.',
    },
  },
  async check(ctx) {
    const { unit, publishSet } = ctx;
    const m = unit.manifest;
    if (!m || unit.kind !== 'npm' || isNpmPrivate(m) || declaredPublic(m)) return;
    const globs = workspaceGlobs(m);
    const pnpmFile = `${unit.root}/pnpm-workspace.yaml`;
    const pnpm = await ctx.exists(pnpmFile);
    if (globs.length === 0 && !pnpm) return;
    const ownEntries = entryPoints(m);
    const positive = globs.filter((g) => !g.startsWith('!'));
    // Trap: a real single package that uses workspaces only for its examples or docs.
    if (ownEntries.length > 0 && positive.length > 0 && positive.every((g) => SIDE_FOLDERS.test(g))) return;
    const how = globs.length > 0 ? '"workspaces" in package.json' : 'pnpm-workspace.yaml';
    const range =
      (globs.length > 0 ? ctx.manifestRange(['workspaces'], { property: true }) : undefined) ??
      ctx.manifestRange(['name'], { property: true }) ?? { start: 0, end: Math.min(1, unit.manifestText.length) };
    const fix = fileFix('Add "private": true to the workspace root', unit.manifestPath, privateEdits(unit));
    const shipped = publishSet.files.filter((f) => f.path !== 'package.json');
    const examples = shipped.slice(0, 3).map((f) => f.path);
    const related = pnpm ? [{ file: pnpmFile, start: 0, end: 0, message: 'pnpm-workspace.yaml makes this folder a workspace root' }] : [];
    ctx.report({
      messageId: ownEntries.length > 0 ? 'notPrivateEntryPoints' : 'notPrivate',
      data: { how, count: publishSet.files.length, examples: examples.length ? examples.join(', ') : 'package.json' },
      ...range,
      // A root with entry points of its own may be published on purpose: then the fix is only a suggestion.
      fix: ownEntries.length > 0 ? undefined : fix,
      suggestions: ownEntries.length > 0 ? [fix] : [],
      related,
      key: 'workspace-root',
    });
  },
};

export default rule;
