/**
 * prompt-unreleased-feature-flag: feature-flag keys that reveal the roadmap (catalogue §4.4 rule
 * 33). Keys matching `unreleasedFlagPatterns` or the deny-list are warnings; Bun compile-time flag
 * names still present in shipped text are warnings (dead-code residue: 44 such flags leaked via the
 * Claude Code map); every other key is counted in one info inventory per shipped file.
 */
import type { FileRule } from '../server/src/engine/context';
import { compileDenyList, findFeatureFlags } from '../server/src/engine/rule-kit';

const rule: FileRule = {
  kind: 'file',
  meta: {
    id: 'prompt-unreleased-feature-flag',
    family: 'prompt',
    description: 'Feature-flag keys of unreleased features, or compile-time flag names, ship in the code.',
    defaultSeverity: 'warning',
    visibilityScaled: true,
    messages: {
      unreleased: 'Feature flag "{{key}}" ({{sdk}}) looks unreleased ({{why}}){{shipsText}}.',
      compileTime: 'Compile-time flag "{{key}}" is still in {{where}}: the bundler did not remove it.',
      inventory: '{{count}} feature-flag keys ship in this file: {{keys}}.',
    },
  },
  appliesTo(path) {
    return !/\.(?:md|markdown|txt|css|scss|svg)$/i.test(path);
  },
  check(ctx) {
    const denyList = ctx.config.denyList.length ? compileDenyList(ctx.config.denyList, { trusted: ctx.config.trusted }) : undefined;
    const flags = findFeatureFlags(ctx.text, { unreleasedPatterns: ctx.config.unreleasedFlagPatterns, trusted: ctx.config.trusted, denyList });
    const shipsText = ctx.shipped ? ' and will be published' : '';
    const rest = [];
    for (const f of flags) {
      if (f.unreleased) {
        ctx.report({ messageId: 'unreleased', data: { key: f.key, sdk: f.sdk, why: f.unreleased, shipsText }, start: f.start, end: f.end, key: `flag:${f.key}` });
      } else if (f.compileTime && ctx.shipped) {
        ctx.report({ messageId: 'compileTime', data: { key: f.key, where: ctx.embedded ? 'a source embedded in a shipped map' : 'shipped code' }, start: f.start, end: f.end, key: `compile-time:${f.key}` });
      } else rest.push(f);
    }
    if (ctx.shipped && rest.length > 0) {
      const keys = [...new Set(rest.map((f) => f.key))];
      const shown = keys.slice(0, 8).join(', ') + (keys.length > 8 ? ', …' : '');
      ctx.report({ messageId: 'inventory', data: { count: keys.length, keys: shown }, start: rest[0].start, end: rest[0].end, severity: 'info', key: 'inventory' });
    }
  },
};

export default rule;
