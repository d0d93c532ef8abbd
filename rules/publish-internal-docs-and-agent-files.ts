/**
 * publish-internal-docs-and-agent-files: AI-agent instruction files (CLAUDE.md, AGENTS.md,
 * GEMINI.md, .claude/, .cursor/, .cursorrules, .windsurfrules, .github/copilot-instructions.md,
 * .mcp.json …) and internal documents (docs/internal/, rfcs/, runbooks/, ROADMAP.md …) in the
 * publish set (catalogue rule 5). Agent files routinely encode internal commands, hosts and
 * conventions; a package whose product IS such templates lists them in `intentionalAgentFiles`.
 */
import type { UnitRule } from '../server/src/engine/context';
import { agentOrInternalDoc, compileDenyList, excludeHitsFix, groupByCause, listText, matchesConfigGlob, type PathHit, reportDenyListTerms, shippedRelated } from '../server/src/engine/rule-kit';

/** Files larger than this are not read for deny-list terms (agent files are small). */
const MAX_READ = 2 * 1024 * 1024;

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'publish-internal-docs-and-agent-files',
    family: 'publish',
    description: 'AI-agent instruction files (CLAUDE.md, AGENTS.md, .cursor/ …) or internal documents will be published.',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      agent: '{{count}} AI-agent instruction file{{plural}} will be published ({{cause}}): {{files}}. They describe internal commands, hosts and conventions; list them in "intentionalAgentFiles" if they are the product.',
      internalDoc: '{{count}} internal document{{plural}} will be published ({{cause}}): {{files}}.',
      denyList: '{{file}} will be published ({{cause}}) and contains {{term}} from the deny-list.',
    },
  },
  async check(ctx) {
    const { unit, publishSet, config } = ctx;
    const m = unit.manifest;
    if (!m) return;
    const hits: Record<'agent' | 'internal-doc', PathHit[]> = { agent: [], 'internal-doc': [] };
    for (const f of publishSet.files) {
      if (f.reason.kind === 'bundled-dependency') continue;
      const hit = agentOrInternalDoc(f.path);
      if (!hit) continue;
      if (matchesConfigGlob(config.intentionalAgentFiles, config.baseDir, f.abs, f.path)) continue;
      hits[hit.kind].push({ file: f, folder: hit.folder, glob: hit.glob });
    }
    const compiled = compileDenyList(config.denyList, { trusted: config.trusted });
    for (const kind of ['agent', 'internal-doc'] as const) {
      const list = hits[kind];
      if (list.length === 0) continue;
      const what = kind === 'agent' ? 'AI-agent instruction files' : 'internal documents';
      const fix = await excludeHitsFix(ctx, list, what);
      for (const group of await groupByCause(ctx, list.map((h) => h.file))) {
        ctx.report({
          messageId: kind === 'agent' ? 'agent' : 'internalDoc',
          data: { count: group.files.length, plural: group.files.length === 1 ? '' : 's', cause: group.cause.describe, files: listText(group.files.map((f) => f.path)) },
          file: group.cause.file,
          start: group.cause.start,
          end: group.cause.end,
          fix,
          related: shippedRelated(group.files),
          key: `${kind}:${group.files.map((f) => f.path).sort().join(',')}`,
        });
        // Deny-list terms in a shipped agent file or internal doc: an error at the term.
        await reportDenyListTerms(ctx, group, compiled, fix, MAX_READ);
      }
    }
  },
};

export default rule;
