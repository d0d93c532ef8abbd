/**
 * container-build-secret-not-mounted: build-time secrets that stay in the image because they do not
 * use `RUN --mount=type=secret`: a RUN that reads a secret ARG (recorded in `docker history`) or
 * ENV (in the image config), `ENV NAME=$SECRET_ARG`, `echo $TOKEN > .npmrc` left in a layer, and a
 * credential file COPYed in and removed by a later RUN (it stays in the COPY layer).
 */
import type { UnitRule } from '../server/src/engine/context';
import type { Fix } from '../server/src/engine/types';
import { buildSecretUses, dockerUnitOf, finalLineage, instructionSpan, parseDockerfile, secretMountFlag, shippedFact } from '../server/src/engine/rule-kit';

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'container-build-secret-not-mounted',
    family: 'container',
    description: 'A build-time secret (ARG, ENV, a written or copied credential file) stays in the image history or a layer instead of using RUN --mount=type=secret.',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      runUsesArg: 'RUN reads the build argument {{name}}: its value is recorded in the image history (`docker history`). Pass it with `docker build --secret id=...` and `RUN --mount=type=secret`.',
      runWritesSecret: 'RUN writes the build argument {{name}} into {{file}} and does not remove it in the same RUN: the credential stays in this layer, and the value is in the image history. Mount it with `RUN --mount=type=secret` instead.',
      argInHistory: '{{name}} is a secret build argument: every RUN after it in this stage records its value in the image history (`docker history`), whether it names it or not. Pass it with `docker build --secret` and `RUN --mount=type=secret` instead.',
      runUsesEnv: 'RUN reads {{name}}, set by ENV: the value is in the image config of this image and every image built on it. Use `RUN --mount=type=secret` instead.',
      envFromArg: 'ENV copies the build argument {{name}} into the image environment: anyone who pulls the image can read it (`docker inspect`).',
      runWritesCredential: 'RUN writes {{name}} and does not remove it in the same RUN: the credential stays in that layer. Mount it with `RUN --mount=type=secret,target=...` instead.',
      copyThenRemove: '{{name}} is copied in here and removed on line {{removedAt}}: it stays in this COPY layer, readable by anyone who pulls the image. Mount it with `RUN --mount=type=secret` instead.',
    },
  },
  async check(ctx) {
    const du = dockerUnitOf(ctx.unit);
    if (!du) return;
    const text = ctx.unit.manifestText;
    const parsed = parseDockerfile(text);
    const lineage = finalLineage(parsed, du.defaults?.target);
    const ids: Record<string, string> = { 'run-writes-secret': 'runWritesSecret', 'arg-in-history': 'argInHistory', 'run-uses-arg': 'runUsesArg', 'run-uses-env': 'runUsesEnv', 'env-from-arg': 'envFromArg', 'run-writes-credential': 'runWritesCredential', 'copy-then-remove': 'copyThenRemove' };
    for (const u of buildSecretUses(text, parsed)) {
      const suggestions: Fix[] = [];
      if (u.kind === 'run-uses-arg' || u.kind === 'run-uses-env' || u.kind === 'run-writes-secret') {
        const span = instructionSpan(text, parsed, u.ins);
        const at = span.start + u.ins.text.match(/^\S+/)![0].length;
        suggestions.push({ title: `Read ${u.name} from a secret mount (RUN --mount=type=secret,env=${u.name}; build with --secret id=${u.name.toLowerCase().replace(/_/g, '-')},env=${u.name})`, edits: [{ file: du.dockerfile, edits: [{ start: at, end: at, newText: secretMountFlag(u.name) }] }] });
      }
      const copied = u.kind === 'copy-then-remove' ? ctx.publishSet.files.filter((f) => f.path === u.name || f.path.endsWith(`/${u.name}`)) : [];
      ctx.report({
        messageId: ids[u.kind],
        data: { name: u.name, removedAt: u.removedAt ?? 0, file: u.file ?? '' },
        // A stage the image is not built from keeps it in the build cache only (and any --cache-to registry).
        severity: lineage.has(u.stage) ? undefined : 'info',
        file: du.dockerfile,
        start: u.start,
        end: u.end,
        suggestions,
        key: `${u.kind} ${u.name}`,
        ...(copied.length ? { facts: copied.map((f) => shippedFact(f.abs)) } : {}),
      });
    }
  },
};

export default rule;
