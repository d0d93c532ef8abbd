/**
 * container-secret-in-build-arg: `ARG`/`ENV` that hold a literal secret in the Dockerfile: a
 * secret-looking name (TOKEN, PASSWORD, API_KEY ...) with a literal value, or any value in a known
 * token format (the engine's secret scanner). ENV values live in the image config, ARG values in the
 * build history, both in the repository. The value is never printed.
 */
import type { UnitRule } from '../server/src/engine/context';
import type { Fix } from '../server/src/engine/types';
import { argEnvSecrets, dockerUnitOf, parseDockerfile } from '../server/src/engine/rule-kit';

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'container-secret-in-build-arg',
    family: 'container',
    description: 'ARG or ENV in a Dockerfile holds a literal secret (a secret-looking name with a value, or a known token format).',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      format: '{{keyword}} {{name}} holds a {{provider}} token in the Dockerfile. {{where}} Remove it, rotate it, and pass it with `docker build --secret` and `RUN --mount=type=secret`.',
      name: '{{keyword}} {{name}} has a literal value that looks like a secret. {{where}} Pass it with `docker build --secret` and `RUN --mount=type=secret` instead.',
    },
  },
  async check(ctx) {
    const du = dockerUnitOf(ctx.unit);
    if (!du) return;
    const text = ctx.unit.manifestText;
    for (const s of await argEnvSecrets(text, parseDockerfile(text))) {
      const where = s.keyword === 'ENV' ? 'ENV values are stored in the image config (docker inspect) and in every image built on it.' : 'ARG defaults are in the Dockerfile and in the build history of every RUN that uses them.';
      const suggestions: Fix[] = [];
      if (s.keyword === 'ARG') {
        // `ARG NAME=value` → `ARG NAME`: the value leaves the file (a --build-arg still lands in the history).
        const eq = text.lastIndexOf('=', s.start);
        const quoted = text[s.start - 1] === '"' || text[s.start - 1] === "'";
        if (eq >= 0 && text.slice(eq + 1, s.start).replace(/["']/, '') === '') suggestions.push({ title: `Remove the default value of ARG ${s.name}`, edits: [{ file: du.dockerfile, edits: [{ start: eq, end: s.end + (quoted ? 1 : 0), newText: '' }] }] });
      }
      ctx.report({
        messageId: s.by,
        data: { keyword: s.keyword, name: s.name, provider: s.provider ?? '', where },
        file: du.dockerfile,
        start: s.start,
        end: s.end,
        severity: s.by === 'format' && s.confidence === 'high' ? 'error' : undefined,
        suggestions,
        key: `${s.keyword} ${s.name} ${s.hash}`,
      });
    }
  },
};

export default rule;
