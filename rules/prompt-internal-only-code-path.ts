/**
 * prompt-internal-only-code-path: employee-only branches and internal APIs shipped to everyone
 * (catalogue §4.4 rule 35). Claude Code gated employee features at run time with
 * `process.env.USER_TYPE === 'ant'`, so the gated code shipped to every user.
 */
import type { FileRule } from '../server/src/engine/context';
import { findInternalCodePaths, isJsLike } from '../server/src/engine/rule-kit';

/** Matcher kinds are kebab-case; message ids are camelCase. */
const camel = (kind: string) => kind.replace(/-(\w)/g, (_s, c: string) => c.toUpperCase());

const rule: FileRule = {
  kind: 'file',
  meta: {
    id: 'prompt-internal-only-code-path',
    family: 'prompt',
    description: 'Employee-only branches (USER_TYPE checks, isInternalUser, INTERNAL_* gates) or @internal declarations ship to everyone.',
    defaultSeverity: 'info',
    visibilityScaled: true,
    optionsSchema: { type: 'object', properties: { markers: { type: 'array', items: { type: 'string' } } }, additionalProperties: false },
    messages: {
      envGate: 'Run-time gate on {{label}}: the gated code ships to everyone. Define it at build time so the bundler drops the branch.',
      employeeCheck: 'Employee check {{label}}: the internal branch ships to everyone.',
      internalIdentifier: '{{label}} gates internal behaviour at run time; the internal branch ships to everyone.',
      debugBackdoor: 'Debug switch {{label}} ships in the code.',
      internalDeclaration: 'A declaration marked @internal ships in a published .d.ts (use stripInternal).',
    },
  },
  appliesTo(path) {
    return isJsLike(path);
  },
  check(ctx) {
    const markers = Array.isArray(ctx.options.markers) ? ctx.options.markers.filter((m): m is string => typeof m === 'string') : [];
    for (const m of findInternalCodePaths(ctx.text, { relPath: ctx.relPath, markers })) {
      ctx.report({ messageId: camel(m.kind), data: { label: m.label }, start: m.start, end: m.end, key: `${m.kind}:${m.label}` });
    }
  },
};

export default rule;
