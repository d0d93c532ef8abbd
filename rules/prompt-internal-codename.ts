/**
 * prompt-internal-codename: team deny-list terms (plain, regex, sha256-hashed), the same terms
 * hidden in `String.fromCharCode` / escapes, and built-in "do not ship" markers (catalogue §4.4
 * rule 32). Runs on shipped text, embedded map sources and open documents; also checks the path.
 * Claude Code's codenames were absent from cli.js but present in cli.js.map, where its own
 * canary never looked.
 */
import type { FileRule } from '../server/src/engine/context';
import { compileDenyList, findDenyListHits } from '../server/src/engine/rule-kit';

const rule: FileRule = {
  kind: 'file',
  meta: {
    id: 'prompt-internal-codename',
    family: 'prompt',
    description: 'Internal codenames, unreleased model names or "do not ship" markers are in the code.',
    defaultSeverity: 'error',
    visibilityScaled: true,
    messages: {
      codename: 'Deny-listed {{kind}} "{{label}}"{{how}}{{shipsText}}.',
      codenameInPath: 'The path {{path}} contains the deny-listed {{kind}} "{{label}}"{{shipsText}}.',
      marker: 'Marker "{{label}}"{{shipsText}}: this text was meant to stay internal.',
    },
  },
  check(ctx) {
    const compiled = compileDenyList(ctx.config.denyList, { trusted: ctx.config.trusted });
    const shipsText = ctx.shipped ? ' will be published' : '';
    for (const h of findDenyListHits(ctx.text, compiled)) {
      if (h.kind === 'marker') {
        ctx.report({ messageId: 'marker', data: { label: h.label, shipsText }, start: h.start, end: h.end, severity: 'warning', key: `marker:${h.label.toLowerCase()}` });
        continue;
      }
      const how = h.via === 'fromCharCode' ? ' (hidden in String.fromCharCode)' : h.via === 'escapes' ? ' (hidden in escaped characters)' : '';
      ctx.report({ messageId: 'codename', data: { kind: h.entryKind, label: h.label, how, shipsText }, start: h.start, end: h.end, key: `${h.entryKind}:${h.label}` });
    }
    if (compiled.insensitive || compiled.sensitive || compiled.hashes.size || compiled.regexes.length) {
      const pathHit = findDenyListHits(ctx.relPath, compiled, { markers: false })[0];
      if (pathHit) {
        ctx.report({ messageId: 'codenameInPath', data: { path: ctx.relPath, kind: pathHit.entryKind, label: pathHit.label, shipsText }, start: 0, end: 0, key: `path:${pathHit.label}` });
      }
    }
  },
};

export default rule;
