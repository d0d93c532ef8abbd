/**
 * prompt-internal-host: internal host names, private IPs, private registries in lockfiles, public
 * bucket URLs and credentials in URLs (catalogue §4.4 rule 34). Internal names harvested from
 * published files feed dependency-confusion and targeted attacks.
 */
import type { Severity } from '../server/src/engine/types';
import type { FileRule } from '../server/src/engine/context';
import { findInternalHosts, type HostKind } from '../server/src/engine/rule-kit';

const LEVEL: Record<HostKind, Severity> = {
  'url-credentials': 'error',
  'internal-suffix': 'warning',
  'internal-domain': 'warning',
  'private-ip': 'warning',
  'private-registry': 'warning',
  bucket: 'info',
  heuristic: 'info',
};

/** Matcher kinds are kebab-case; message ids are camelCase. */
/** Vendored package-manager releases, plugins and SDK shims. */
const VENDORED_TOOL = /(?:^|\/)\.yarn\/(?:releases|plugins|sdks|patches)\/|(?:^|\/)\.pnp\.c?js$|(?:^|\/)\.pnp\.loader\.mjs$/;
/** Test files and folders. */
const TEST_FILE = /(?:^|\/)(?:__tests__|__mocks__|tests?|spec|fixtures?|__fixtures__)\/|\.(?:test|spec)\.[cm]?[jt]sx?$/i;
/** Markdown documentation (private addresses there are network examples). */
const DOC_FILE = /\.(?:md|mdx|markdown)$/i;

const camel = (kind: string) => kind.replace(/-(\w)/g, (_s, c: string) => c.toUpperCase());

const rule: FileRule = {
  kind: 'file',
  meta: {
    id: 'prompt-internal-host',
    family: 'prompt',
    description: 'Internal host names, private IP addresses, private registries or storage buckets are in shipped text.',
    defaultSeverity: 'warning',
    visibilityScaled: true,
    optionsSchema: { type: 'object', properties: { allowHosts: { type: 'array', items: { type: 'string' } } }, additionalProperties: false },
    messages: {
      internalSuffix: 'Internal host {{host}}{{shipsText}}. Read it from runtime configuration instead.',
      internalDomain: 'Host {{host}} of an internal domain{{shipsText}}.',
      privateIp: 'Private address {{host}}{{shipsText}}.',
      privateRegistry: 'Private registry {{host}} in a lockfile ({{count}} packages){{shipsText}}: it names your internal packages.',
      bucket: 'Storage bucket {{host}}{{shipsText}}; check that it is meant to be public.',
      heuristic: 'Host {{host}} looks internal{{shipsText}}.',
      urlCredentials: 'A URL with a password ({{redacted}}) for {{host}}{{shipsText}}. Rotate it.',
    },
  },
  check(ctx) {
    // Vendored package-manager releases and plugins (`.yarn/releases/yarn-4.x.cjs`) are the tool's
    // own code: `0.0.0-use.local` there is a version string, not your host (issue #23).
    if (VENDORED_TOOL.test(ctx.embedded ? ctx.embedded.source : ctx.relPath)) return;
    const where = ctx.embedded ? ctx.embedded.source : ctx.relPath;
    const testFile = TEST_FILE.test(where);
    const docFile = DOC_FILE.test(where);
    const allowHosts = Array.isArray(ctx.options.allowHosts) ? ctx.options.allowHosts.filter((h): h is string => typeof h === 'string') : [];
    const shipsText = ctx.shipped ? ' will be published' : '';
    for (const h of findInternalHosts(ctx.text, { internalDomains: ctx.config.internalDomains, allowHosts, relPath: ctx.relPath })) {
      // In a comment of shipped code: documentation links (`https://dev.example.org/doc`) are not
      // hosts to hide; other matches stay visible one level lower (prose, not configuration).
      if (h.inComment && h.kind === 'heuristic') continue;
      // Doc comments of a dependency vendored under node_modules/ (`@types/node`'s examples) are not the publisher's hosts.
      if (h.inComment && h.kind !== 'url-credentials' && /(?:^|\/)node_modules\//.test(ctx.relPath)) continue;
      // Test data and documentation examples (a URL parser's test cases, a proxy guide's 10.0.0.x):
      // still shown, as info, unless they name a configured internal domain.
      const example = (testFile && h.kind !== 'internal-domain' && h.kind !== 'private-registry') || (docFile && h.kind === 'private-ip');
      const severity = example ? 'info' : h.inComment && h.kind !== 'url-credentials' && h.kind !== 'internal-domain' ? 'info' : LEVEL[h.kind];
      ctx.report({
        messageId: camel(h.kind),
        data: { host: h.host, shipsText: example ? `${shipsText} (in a test or documentation file, so probably an example)` : shipsText, count: h.count ?? 1, redacted: h.redacted ?? '' },
        start: h.start,
        end: h.end,
        severity,
        key: h.kind === 'url-credentials' ? `url-credentials:${h.host}` : `${h.kind}:${h.host}`,
      });
    }
  },
};

export default rule;
