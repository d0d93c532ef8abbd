/**
 * secret-credential-file-in-publish-set: keys, key stores, cloud and registry credential files in
 * what will be published (catalogue §4.5 rule 38), by name and by content. Public certificates are
 * info; fixtures (test/, fixtures/ …) that do ship are reported one level lower, never dropped.
 */
import type { Severity } from '../server/src/engine/types';
import type { UnitRule } from '../server/src/engine/context';
import { causeOf, classifyCredentialFile, isCredentialCandidate, shippedFact } from '../server/src/engine/rule-kit';

/** JSON files are sniffed for service-account keys only up to this size. */
const MAX_JSON_SNIFF = 1024 * 1024;

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'secret-credential-file-in-publish-set',
    family: 'secret',
    description: 'Private keys, key stores, cloud or registry credential files, or files named like secret stores (secret, secrets.yml, credentials), will be published.',
    defaultSeverity: 'error',
    fixable: 'safe',
    messages: {
      credential: '{{file}} ({{what}}) will be published ({{cause}}). Keep it out of the package and rotate it.',
      certificate: '{{file}} ({{what}}) will be published. Certificates are public, but check that this one is meant to ship.',
    },
  },
  async check(ctx) {
    for (const f of ctx.publishSet.files) {
      if (!isCredentialCandidate(f.path)) continue;
      if (/\.json$/i.test(f.path) && f.size > MAX_JSON_SNIFF && !/credentials|client_secret|service[-_]account/i.test(f.path)) continue;
      const text = await ctx.readText(f.abs);
      const verdict = classifyCredentialFile(f.path, text);
      if (!verdict) continue;
      let severity: Severity = verdict.level;
      if (verdict.fixture && severity === 'error') severity = 'warning';
      const cause = causeOf(ctx.unit, f);
      const fix = verdict.level === 'error' ? await ctx.exclude({ paths: [f.path], what: f.path }) : undefined;
      ctx.report({
        messageId: verdict.level === 'info' ? 'certificate' : 'credential',
        data: { file: f.path, what: verdict.reason, cause: cause.describe },
        file: cause.file,
        start: cause.start,
        end: cause.end,
        severity,
        fix,
        related: [{ file: f.abs, start: 0, end: 0, message: `${f.path} will be published` }],
        key: f.path,
        facts: [shippedFact(f.abs)],
      });
    }
  },
};

export default rule;
