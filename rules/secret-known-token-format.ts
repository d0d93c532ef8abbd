/**
 * secret-known-token-format: well-known credential formats (catalogue §4.5 rule 36) in shipped
 * text, embedded map sources and open documents. Formats come from secretlint's recommended
 * preset (what `vsce package` runs) plus Anthropic admin/OAuth tokens and other gitleaks formats.
 * Messages show `redact(secret)` only; the fingerprint key is a hash, never the secret.
 */
import type { Fix, Severity } from '../server/src/engine/types';
import type { FileRule } from '../server/src/engine/context';
import { bump } from '../server/src/engine/context';
import { findSecrets, isJsLike } from '../server/src/engine/rule-kit';

const rule: FileRule = {
  kind: 'file',
  meta: {
    id: 'secret-known-token-format',
    family: 'secret',
    description: 'A credential in a well-known format (every gitleaks default rule, secretlint\'s preset, PGP and other private keys, Azure storage keys, privileged JWTs …) is in the code.',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      shipped: '{{what}} ({{shown}}) will be published. Rotate it: publishing it even once is a leak.',
      repo: '{{what}} ({{shown}}) is in the repository. Move it to the environment and rotate it.',
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
        data: { provider: s.provider, type: s.type, redacted: s.redacted, hash: s.hash, ...describeSecret(s.provider, ctx.text.slice(s.start, s.end), s.redacted) },
        start: s.start,
        end: s.end,
        severity,
        suggestions,
        key: `${s.provider}:${s.hash}`,
      });
    }
  },
};

/** What each provider's credential is called in a message (issue #17: "privatekey credential ----…(1703)"). */
const LABELS: Record<string, string> = {
  '1password': 'A 1Password service-account token', anthropic: 'An Anthropic API key', aws: 'An AWS credential', basicauth: 'A password in a URL',
  'database-connection-string': 'A database connection string with a password', gcp: 'A Google Cloud credential', github: 'A GitHub token',
  gitlab: 'A GitLab token', groq: 'A Groq API key', huggingface: 'A Hugging Face token', linear: 'A Linear API key', npm: 'An npm token',
  openai: 'An OpenAI API key', sendgrid: 'A SendGrid API key', shopify: 'A Shopify token', slack: 'A Slack token', stripe: 'A Stripe secret key', xai: 'An xAI API key',
};
const KEY_KINDS: Record<string, string> = { 'RSA ': 'An RSA private key', 'OPENSSH ': 'An OpenSSH private key', 'EC ': 'An EC private key', 'DSA ': 'A DSA private key', 'ENCRYPTED ': 'An encrypted private key', 'PGP ': 'A PGP private key', '': 'A private key (PKCS #8)' };

/** `{ what: "An RSA private key", shown: "-----BEGIN RSA PRIVATE KEY-----…, 1,703 characters" }`: never more of the secret than redact() shows. */
export function describeSecret(provider: string, value: string, redacted: string): { what: string; shown: string } {
  const chars = `${value.length.toLocaleString('en-US')} characters`;
  if (provider === 'privatekey') {
    const m = /-----BEGIN ((?:RSA |OPENSSH |EC |DSA |ENCRYPTED |PGP )?)PRIVATE KEY( BLOCK)?-----/.exec(value);
    if (m) return { what: KEY_KINDS[m[1]] ?? 'A private key', shown: `${m[0]}…, ${chars}` };
    return { what: 'A private key', shown: chars };
  }
  return { what: LABELS[provider] ?? `A ${provider} credential`, shown: `${redacted.replace(/…\(\d+\)$/, '…')}, ${chars}` };
}

export default rule;
