/**
 * publish-prompt-files: prompt templates shipped as files — `*.prompt`, `*.prompty`,
 * `*.prompt.md`, text and template files under `prompts/`, `system-prompt.*` (catalogue rule 6).
 * Claude Code's system prompt shipped through its source map; prompts shipped as plain files need
 * no map at all. Prompts that are public on purpose are listed in `allowPrompts`.
 */
import type { UnitRule } from '../server/src/engine/context';
import { agentOrInternalDoc, compileDenyList, excludeHitsFix, groupByCause, listText, matchesConfigGlob, type PathHit, reportDenyListTerms, shippedRelated } from '../server/src/engine/rule-kit';

const PROMPT_EXT = /\.(prompt|prompty)$/i;
const PROMPT_DOUBLE_EXT = /\.prompt\.(md|txt|ya?ml|json)$/i;
const PROMPT_DIR = /(^|\/)prompts?\/(.+\/)?[^/]+\.(md|txt|hbs|handlebars|mustache|njk|jinja2?|j2|liquid|ejs|ya?ml|json)$/i;
const PROMPT_NAME = /(^|\/)(system|developer)[-_]?(prompt|message|instructions?)[^/]*$/i;
/** Declarations and maps are not prompts even when named like one. */
const NOT_PROMPT = /\.(d\.[cm]?ts|map)$/i;

/** Files larger than this are not read for deny-list terms. */
const MAX_READ = 2 * 1024 * 1024;

/** The exclusion for a prompt path: a basename glob for prompt extensions, else the file itself. */
export function promptHit(relPath: string): Omit<PathHit, 'file'> | undefined {
  if (NOT_PROMPT.test(relPath)) return undefined;
  const base = relPath.slice(relPath.lastIndexOf('/') + 1);
  const dbl = PROMPT_DOUBLE_EXT.exec(base);
  if (dbl) return { glob: `*${dbl[0]}` };
  const single = PROMPT_EXT.exec(base);
  if (single) return { glob: `*${single[0]}` };
  // A prompts/ folder may also hold the code that loads them: exclude the files, not the folder.
  if (PROMPT_DIR.test(relPath) || PROMPT_NAME.test(relPath)) return {};
  return undefined;
}

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'publish-prompt-files',
    family: 'publish',
    description: 'Prompt templates (*.prompt, *.prompty, prompts/*.md, system-prompt.*) will be published as files.',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      prompts: '{{count}} prompt file{{plural}} will be published ({{cause}}): {{files}}. List prompts that are public on purpose in "allowPrompts".',
      denyList: 'The prompt file {{file}} will be published ({{cause}}) and contains {{term}} from the deny-list.',
    },
  },
  async check(ctx) {
    const { unit, publishSet, config } = ctx;
    const m = unit.manifest;
    if (!m) return;
    const hits: PathHit[] = [];
    for (const f of publishSet.files) {
      if (f.reason.kind === 'bundled-dependency' || f.reason.kind === 'always') continue;
      // .github/prompts/ and the like are agent files: publish-internal-docs-and-agent-files reports them.
      if (agentOrInternalDoc(f.path)) continue;
      const hit = promptHit(f.path);
      if (!hit || matchesConfigGlob(config.allowPrompts, config.baseDir, f.abs, f.path)) continue;
      hits.push({ file: f, ...hit });
    }
    if (hits.length === 0) return;
    const fix = await excludeHitsFix(ctx, hits, 'prompt files');
    const compiled = compileDenyList(config.denyList, { trusted: config.trusted });
    for (const group of await groupByCause(ctx, hits.map((h) => h.file))) {
      ctx.report({
        messageId: 'prompts',
        data: { count: group.files.length, plural: group.files.length === 1 ? '' : 's', cause: group.cause.describe, files: listText(group.files.map((f) => f.path)) },
        file: group.cause.file,
        start: group.cause.start,
        end: group.cause.end,
        fix,
        related: shippedRelated(group.files),
        key: `prompts:${group.files.map((f) => f.path).sort().join(',')}`,
      });
      await reportDenyListTerms(ctx, group, compiled, fix, MAX_READ);
    }
  },
};

export default rule;
