/**
 * Credential files in a publish set (catalogue §4.5 rule 38): keys, keystores, cloud and registry
 * credential files, by name and by content. Traps: public certificates and `.pub` keys are not
 * secrets; PEM blocks with fewer than 50 base64 characters are test stubs (vscode-vsce#1147);
 * registry configs count only when they hold a literal token.
 */
import { isFixturePath } from './redact';
import { findRegistryTokens, registryConfigKind } from './registry-tokens';

export type CredentialKind =
  | 'private-key'
  | 'ssh-private-key'
  | 'keystore'
  | 'certificate'
  | 'registry-config'
  | 'cloud-credentials'
  | 'service-account'
  | 'kubeconfig'
  | 'password-file';

export interface CredentialFileVerdict {
  kind: CredentialKind;
  /** Decided by the file name alone, or confirmed by its content. */
  by: 'name' | 'content';
  /** `info` for public certificates; `error` otherwise. */
  level: 'error' | 'info';
  /** Short reason for messages, never containing secret material. */
  reason: string;
  /** Test or fixture path: report at a lower severity, never drop. */
  fixture: boolean;
}

const KEYSTORE_EXT = /\.(?:p8|p12|pfx|jks|keystore|ppk|gpg|kdbx)$/i;
const PEM_LIKE_EXT = /\.(?:pem|key|asc)$/i;
const CERT_EXT = /\.(?:crt|cer|der)$/i;
const SSH_KEY = /(?:^|\/)id_(?:rsa|dsa|ecdsa|ed25519)(?:_[\w-]+)?$/;
const PASSWORD_FILE = /(?:^|\/)(?:\.pypirc|\.netrc|_netrc|\.git-credentials|\.pgpass|\.s3cfg|\.htpasswd|\.vault-token)$/;
const CLOUD = /(?:^|\/)(?:\.aws\/credentials|\.docker\/config\.json|\.config\/gcloud\/[^/]*credentials[^/]*\.json|\.azure\/accessTokens\.json)$/;
const KUBECONFIG = /(?:^|\/)(?:kubeconfig(?:\.ya?ml)?|\.kube\/config)$/;
const CRED_JSON = /(?:^|\/)(?:credentials|client_secrets?(?:_[\w.-]*)?|service[-_]account[^/]*|gcp[-_]key[^/]*)\.json$/i;
/**
 * Issue #19: a file named like a secret store (`secret`, `secrets.yml`, `credentials`,
 * `credentials.ini` …). Data formats and no extension only: `src/secrets.ts` (a source module that
 * reads secrets) and `docs/secrets.md` (documentation) are not credential files.
 */
const SECRET_NAME = /(?:^|\/)(?:secrets?|credentials?)(?:[._-][\w-]+)?(?:\.(?:json|ya?ml|toml|ini|env|txt|conf|cfg|properties|xml|csv))?$/i;
const SOURCE_OR_DOC = /\.(?:[cm]?[jt]sx?|md|mdx|markdown|rst|html?|d\.ts|py|rb|go|rs|java|kt|swift|php|cs|vue|svelte|map|lock)$/i;

/** True for a credential-looking file name (not source code or docs). */
export function isSecretStoreName(relPath: string): boolean {
  const base = relPath.slice(relPath.lastIndexOf('/') + 1);
  if (SOURCE_OR_DOC.test(base)) return false;
  // `secret-sauce.json` is a name, `secrets.json`, `secret`, `credentials.prod.yml` are stores.
  if (!SECRET_NAME.test(base)) return false;
  const stem = base.replace(/\.(?:json|ya?ml|toml|ini|env|txt|conf|cfg|properties|xml|csv)$/i, '');
  return /^(?:secrets?|credentials?)(?:[._-](?:prod|production|dev|development|local|staging|test|ci|live|private|backup|old|bak|\d+))*$/i.test(stem);
}

/** A PEM private-key block with at least 50 base64 characters of body (shorter ones are stubs). */
const PEM_PRIVATE = /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----\s*((?:[A-Za-z0-9+/=]|\s|\\n|[A-Za-z-]+:[^\n]*\n){50,}?)-----END/;

/** True when `text` holds a real-looking PEM private key block (≥ 50 base64 characters). */
export function hasPemPrivateKey(text: string): boolean {
  const at = text.indexOf('PRIVATE KEY');
  if (at < 0) return false;
  const m = PEM_PRIVATE.exec(text.slice(Math.max(0, at - 120), at + 20_000));
  return !!m && m[1].replace(/\\n|\s|[A-Za-z-]+:[^\n]*\n/g, '').length >= 50;
}

/** True when `text` is (or contains) a Google service-account key. */
export function isServiceAccountJson(text: string): boolean {
  return /"type"\s*:\s*"service_account"/.test(text) && /"private_key"\s*:/.test(text);
}

/** True when a file name alone makes it worth reading for rule 38 (cheap check for the unit rule). */
export function isCredentialCandidate(relPath: string): boolean {
  return (
    KEYSTORE_EXT.test(relPath) || PEM_LIKE_EXT.test(relPath) || CERT_EXT.test(relPath) || SSH_KEY.test(relPath) ||
    PASSWORD_FILE.test(relPath) || CLOUD.test(relPath) || KUBECONFIG.test(relPath) || CRED_JSON.test(relPath) || isSecretStoreName(relPath) ||
    registryConfigKind(relPath) !== undefined || /\.json$/i.test(relPath)
  );
}

/**
 * Classifies a file of a publish set as a credential file, by name and (when given) content.
 * `text` is `undefined` for binary or unreadable files. Returns `undefined` for harmless files.
 */
export function classifyCredentialFile(relPath: string, text: string | undefined): CredentialFileVerdict | undefined {
  const fixture = isFixturePath(relPath);
  const v = (kind: CredentialKind, by: 'name' | 'content', reason: string, level: 'error' | 'info' = 'error'): CredentialFileVerdict => ({ kind, by, level, reason, fixture });
  const base = relPath.slice(relPath.lastIndexOf('/') + 1);

  if (base.endsWith('.pub')) return undefined; // public half of a key pair
  if (SSH_KEY.test(relPath)) {
    if (text !== undefined && !hasPemPrivateKey(text) && !text.includes('PRIVATE KEY')) return undefined;
    return v('ssh-private-key', text === undefined ? 'name' : 'content', 'SSH private key');
  }
  if (KEYSTORE_EXT.test(base)) return v('keystore', 'name', `key store (${base.slice(base.lastIndexOf('.'))})`);
  if (PEM_LIKE_EXT.test(base) || CERT_EXT.test(base)) {
    if (text === undefined) return CERT_EXT.test(base) ? v('certificate', 'name', 'certificate', 'info') : v('private-key', 'name', `binary key file (${base.slice(base.lastIndexOf('.'))})`);
    if (hasPemPrivateKey(text)) return v('private-key', 'content', 'PEM private key');
    if (text.includes('PRIVATE KEY')) return undefined; // a stub shorter than 50 base64 chars: test material
    if (/-----BEGIN (?:CERTIFICATE|PUBLIC KEY|PGP PUBLIC KEY BLOCK|RSA PUBLIC KEY)/.test(text)) {
      return CERT_EXT.test(base) || /\.pem$/i.test(base) ? v('certificate', 'content', 'public certificate (no private key)', 'info') : undefined;
    }
    return /\.key$/i.test(base) && text.trim().length >= 16 ? v('private-key', 'name', 'key file') : undefined;
  }
  const reg = registryConfigKind(relPath);
  // npm, Yarn and Bun configs are ordinary project files: only a literal token makes them credentials.
  if (reg === 'npmrc' || reg === 'yarnrc' || reg === 'yarnrc-yml' || reg === 'bunfig') {
    if (text === undefined) return undefined;
    const tokens = findRegistryTokens(text, relPath);
    return tokens.length ? v('registry-config', 'content', `${base} with a literal ${tokens[0].key}`) : undefined;
  }
  if (PASSWORD_FILE.test(relPath)) return v('password-file', 'name', base);
  if (CLOUD.test(relPath)) {
    if (relPath.endsWith('.docker/config.json') && text !== undefined && !/"auths?"\s*:/.test(text)) return undefined;
    return v('cloud-credentials', 'name', relPath.slice(relPath.lastIndexOf('/', relPath.lastIndexOf('/') - 1) + 1));
  }
  if (KUBECONFIG.test(relPath)) {
    if (text !== undefined && !/\b(?:token|client-key-data|password|client-certificate-data)\s*:/.test(text)) return undefined;
    return v('kubeconfig', text === undefined ? 'name' : 'content', 'kubeconfig with credentials');
  }
  if (/\.json$/i.test(base) && text !== undefined && isServiceAccountJson(text)) return v('service-account', 'content', 'Google service-account key');
  if (isSecretStoreName(relPath) && !CRED_JSON.test(relPath)) {
    // An empty file or a template of placeholders is a stub, not a store.
    if (text !== undefined && !/[A-Za-z0-9+/=_-]{8,}/.test(text)) return undefined;
    return v('password-file', hasPemPrivateKey(text ?? '') ? 'content' : 'name', `file named like a secret store (${base})`);
  }
  if (CRED_JSON.test(relPath)) {
    if (text !== undefined && !/"(?:private_key|client_secret|secret|password|token|refresh_token|access_token|api_key|apiKey)"\s*:\s*"[^"]{8,}/.test(text)) return undefined;
    return v('cloud-credentials', text === undefined ? 'name' : 'content', base);
  }
  return undefined;
}
