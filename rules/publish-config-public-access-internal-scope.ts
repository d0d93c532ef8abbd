/**
 * publish-config-public-access-internal-scope: `access: public` on a package in an internal scope.
 * Scoped packages are restricted on their first publish unless told otherwise; an explicit
 * `public` (publishConfig, the project .npmrc, or `npm publish --access public` in a script)
 * overrides that safe default (catalogue rule 10).
 */
import type { Fix } from '../server/src/engine/types';
import type { UnitRule } from '../server/src/engine/context';
import type { UnitRuleContext } from '../server/src/engine/context';
import { effectivePublishRegistry, fileFix, isPublicRegistry, jsonSet, lastEntry, projectNpmrcs, readScripts, relPosix, scopeOf, shellSegments, type Word } from '../server/src/engine/rule-kit';
import { declaredPublic, internalSignals, isNpmPrivate, looksInternal } from './publish-missing-private-internal';

/** `--access public` / `--access=public` in an `npm|pnpm publish` or `yarn npm publish` command: the words to remove. */
export function publicAccessFlags(words: readonly Word[]): Array<{ from: number; to: number }> {
  const tools = words.map((w) => w.text.split(/[\\/]/).pop() ?? w.text);
  const isPublish =
    ((tools[0] === 'npm' || tools[0] === 'pnpm') && tools.includes('publish')) || (tools[0] === 'yarn' && tools[1] === 'npm' && tools[2] === 'publish');
  if (!isPublish) return [];
  const out: Array<{ from: number; to: number }> = [];
  for (let i = 1; i < words.length; i++) {
    if (words[i].text === '--access=public') out.push({ from: i, to: i });
    else if (words[i].text === '--access' && words[i + 1]?.text === 'public') out.push({ from: i, to: i + 1 });
  }
  return out;
}

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'publish-config-public-access-internal-scope',
    family: 'publish',
    description: 'A package in an internal scope is published with access "public", overriding the restricted default of scoped packages.',
    defaultSeverity: 'error',
    fixable: 'safe',
    messages: {
      publishConfig: '"access": "public" makes {{name}} public, but {{why}}. Use "restricted" (the default for scoped packages).',
      npmrc: 'access=public in {{file}} makes {{name}} public, but {{why}}.',
      script: '"{{flag}}" in the "{{script}}" script makes {{name}} public, but {{why}}.',
    },
  },
  async check(ctx: UnitRuleContext) {
    const { unit } = ctx;
    const m = unit.manifest;
    const scope = scopeOf(unit.name);
    if (!m || unit.kind !== 'npm' || !scope || isNpmPrivate(m) || declaredPublic(m)) return;
    const npmrcs = await projectNpmrcs(unit, ctx.readText, ctx.exists, ctx.workspaceRoot);
    // On an internal registry "public" only means "visible to the company": nothing leaks.
    if (!isPublicRegistry(effectivePublishRegistry(m, npmrcs).url)) return;
    const teamScope = ctx.config.internalScopes.some((s) => s.toLowerCase() === scope);
    let why: string;
    if (teamScope) why = `${scope} is one of the team's internalScopes`;
    else {
      const signals = internalSignals(ctx, npmrcs);
      if (!looksInternal(signals)) return;
      why = `it looks internal (${signals.map((s) => s.text).join('; ')})`;
    }
    const name = unit.name!;
    // The fix is safe when the team said the scope is internal; on heuristics alone it is a suggestion.
    const place = (fix: Fix) => (teamScope ? { fix } : { suggestions: [fix] });

    const access = ctx.manifestRange(['publishConfig', 'access']);
    const pc = m.publishConfig as Record<string, unknown> | undefined;
    if (access && typeof pc?.access === 'string' && pc.access.toLowerCase() === 'public') {
      const fix = fileFix('Set publishConfig.access to "restricted"', unit.manifestPath, jsonSet(unit.manifestText, ['publishConfig', 'access'], 'restricted'));
      ctx.report({ messageId: 'publishConfig', data: { name, why }, ...access, ...place(fix), key: 'publishConfig.access' });
    }

    for (const file of npmrcs) {
      const e = lastEntry(file, 'access');
      if (!e || e.value.toLowerCase() !== 'public') continue;
      const fix = fileFix(`Set access=restricted in .npmrc`, file.path, [{ start: e.valueStart, end: e.valueEnd, newText: 'restricted' }]);
      ctx.report({ messageId: 'npmrc', data: { name, why, file: relPosix(ctx.workspaceRoot, file.path) }, file: file.path, start: e.lineStart, end: e.lineEnd, ...place(fix), key: 'npmrc.access' });
      break;
    }

    for (const [script, entry] of readScripts(unit.manifestText)) {
      for (const words of shellSegments(entry.value, entry.map)) {
        for (const flag of publicAccessFlags(words)) {
          const first = words[flag.from];
          const last = words[flag.to];
          const fix = fileFix(`Remove "${words.slice(flag.from, flag.to + 1).map((w) => w.text).join(' ')}" from the "${script}" script`, unit.manifestPath, [
            { start: words[flag.from - 1].end, end: last.end, newText: '' },
          ]);
          ctx.report({
            messageId: 'script',
            data: { name, why, script, flag: words.slice(flag.from, flag.to + 1).map((w) => w.text).join(' ') },
            start: first.start,
            end: last.end,
            ...place(fix),
            key: `script:${script}`,
          });
        }
      }
    }
  },
};

export default rule;
