/**
 * secret-registry-token-literal: literal tokens in `.npmrc`, `.yarnrc`, `.yarnrc.yml`,
 * `bunfig.toml`, `.pypirc`, `.netrc`, `.git-credentials` (catalogue §4.5 rule 39). Checked in the
 * unit root (published or not: these files end up in git history, images and VSIXs) and wherever
 * they appear in the publish set. Error when the file ships; warning otherwise.
 */
import type { UnitRule } from '../server/src/engine/context';
import { findRegistryTokens, registryConfigKind } from '../server/src/engine/rule-kit';

const ROOT_FILES = ['.npmrc', '.yarnrc', '.yarnrc.yml', 'bunfig.toml', '.pypirc', '.netrc', '.git-credentials'];

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'secret-registry-token-literal',
    family: 'secret',
    description: 'A registry configuration file holds a literal token or password instead of an environment reference.',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      literal: '{{file}} holds a literal {{key}} ({{redacted}}){{shipsText}}. Use an environment variable and rotate the token.',
    },
  },
  async check(ctx) {
    const files = new Map<string, { rel: string; shipped: boolean }>();
    for (const f of ctx.publishSet.files) if (registryConfigKind(f.path)) files.set(f.abs, { rel: f.path, shipped: true });
    for (const name of ROOT_FILES) {
      const abs = `${ctx.unit.root}/${name}`;
      if (!files.has(abs) && (await ctx.exists(abs))) files.set(abs, { rel: name, shipped: false });
    }
    for (const [abs, { rel, shipped }] of files) {
      const text = await ctx.readText(abs);
      if (text === undefined) continue;
      for (const t of findRegistryTokens(text, rel)) {
        // Not a safe fix: the build then needs the variable set, so it is offered, never applied in bulk.
        const suggestions = t.replacement
          ? [{ title: `Replace the literal with ${t.replacement}`, edits: [{ file: abs, edits: [{ start: t.start, end: t.end, newText: t.replacement }] }] }]
          : [];
        ctx.report({
          messageId: 'literal',
          data: { file: rel, key: t.key, redacted: t.redacted, hash: t.hash, shipsText: shipped ? ' and will be published' : '' },
          file: abs,
          start: t.start,
          end: t.end,
          severity: shipped ? 'error' : 'warning',
          suggestions,
          key: `${rel}:${t.key}:${t.hash}`,
        });
      }
    }
  },
};

export default rule;
