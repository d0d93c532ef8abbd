/**
 * Paths whose presence in a publish set is a leak on its own: maps, env files, keys and
 * credentials, logs and dumps, agent instruction files. Shared by rules that escalate on them.
 */

const DOTENV = /(^|\/)\.env(\.[^/]*)?$|(^|\/)\.env[-_][^/]*$|(^|\/)\.envrc$|(^|\/)\.dev\.vars$|(^|\/)\.env\.keys$/i;
const DOTENV_TEMPLATE = /(^|\/)\.env([.\-_](example|sample|template|dist|defaults|schema|tpl|tmpl))+$/i;
const CREDENTIAL = /(^|\/)(id_(rsa|dsa|ecdsa|ed25519)|\.netrc|\.pypirc|\.npmrc|credentials(\.json)?|service-account[^/]*\.json|[^/]*\.(pem|key|p12|pfx|jks|keystore|ppk|kdbx|asc|gpg))$/i;
const DUMPS = /\.(log|har|heapsnapshot|cpuprofile|dmp|core|sqlite3?|db)$|(^|\/)(core|npm-debug\.log.*)$/i;
const AGENT = /(^|\/)(CLAUDE\.md|AGENTS\.md|GEMINI\.md|\.cursorrules|\.windsurfrules|\.mcp\.json|\.claude\/|\.cursor\/|\.github\/copilot-instructions\.md)/;

/** True for `.env` and its variants (`.env.production`, `.env-local`), not for templates. */
export function isDotenvPath(path: string): boolean {
  return DOTENV.test(path) && !DOTENV_TEMPLATE.test(path);
}

/** True for `.env.example` and other templates (scanned by content, not flagged by name). */
export function isDotenvTemplate(path: string): boolean {
  return DOTENV_TEMPLATE.test(path);
}

/** True when shipping this path is a leak whatever it contains. */
export function isSensitivePath(path: string): boolean {
  return /\.map$/i.test(path) || isDotenvPath(path) || CREDENTIAL.test(path) || DUMPS.test(path) || AGENT.test(path);
}
