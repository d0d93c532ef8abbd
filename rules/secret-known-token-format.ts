/**
 * secret-known-token-format: well-known credential formats (catalogue §4.5 rule 36) in shipped
 * text, embedded map sources and open documents. Formats come from secretlint's recommended
 * preset (what `vsce package` runs) plus Anthropic admin/OAuth tokens and other gitleaks formats.
 * Messages show `redact(secret)` only; the fingerprint key is a hash, never the secret.
 */
import type { FileRule, Fix, Severity } from '../server/src/engine/types';
import { bump } from '../server/src/engine/context';
import { findSecrets } from '../server/src/engine/content';
import { isJsLike } from '../server/src/engine/file-kinds';

const rule: FileRule = {
  kind: 'file',
  meta: {
    id: 'secret-known-token-format',
    family: 'secret',
    description: 'A credential in a well-known format (every gitleaks default rule, secretlint\'s preset, PGP and other private keys, Azure storage keys, privileged JWTs …) is in the code.',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      shipped: '{{provider}} credential {{redacted}} will be published. Rotate it: publishing it even once is a leak.',
      repo: '{{provider}} credential {{redacted}} is in the repository. Move it to the environment and rotate it.',
    },
  },
  async check(ctx) {
    const found = await findSecrets(ctx.text, { relPath: ctx.relPath });
    for (const s of found) {
      let severity: Severity = ctx.shipped ? 'error' : 'warning';
      // Test fixtures keep a finding, one level lower (fake keys in tests are common; real ones happen too).
      if (s.fixture) severity = bump(severity, -1);
      // Generic shapes and tokens whose checksum does not match: one level lower (issue #19).
      if (s.confidence === 'low') severity = bump(severity, -1);
      const suggestions: Fix[] = [];
      const before = ctx.text[s.start - 1];
      if (isJsLike(ctx.relPath) && !ctx.embedded && (before === '"' || before === "'" || before === '`') && ctx.text[s.end] === before) {
        const name = `${s.provider.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_TOKEN`;
        suggestions.push({ title: `Replace with process.env.${name}`, edits: [{ file: ctx.path, edits: [{ start: s.start - 1, end: s.end + 1, newText: `process.env.${name}` }] }] });
      }
      ctx.report({
        messageId: ctx.shipped ? 'shipped' : 'repo',
        data: { provider: s.provider, type: s.type, redacted: s.redacted, hash: s.hash },
        start: s.start,
        end: s.end,
        severity,
        suggestions,
        key: `${s.provider}:${s.hash}`,
      });
    }
  },
};

export default rule;
