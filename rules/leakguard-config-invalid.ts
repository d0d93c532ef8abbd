/**
 * leakguard-config-invalid: problems in the configuration Leakguard reads — `.leakguardrc.json`
 * (invalid JSON, unknown rule ids, bad severities, unsafe regexes) and a package.json that is not
 * valid JSON — shown at the exact place in that file.
 */
import { printParseErrorCode } from 'jsonc-parser';
import type { UnitRule } from '../server/src/engine/context';

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'leakguard-config-invalid',
    family: 'leakguard',
    description: 'A .leakguardrc.json (or a package.json) that Leakguard cannot use as written.',
    defaultSeverity: 'error',
    messages: {
      invalid: '{{problem}}',
      manifest: 'package.json is not valid JSON ({{problem}}); npm will refuse to publish it and Leakguard cannot compute what ships.',
      manifestNotObject: 'package.json must be a JSON object.',
    },
  },
  check(ctx) {
    for (const p of ctx.config.problems) {
      ctx.report({ messageId: 'invalid', data: { problem: p.message }, file: p.file, start: p.start, end: p.end, key: p.message });
    }
    const { unit } = ctx;
    for (const e of unit.parseErrors.slice(0, 5)) {
      ctx.report({ messageId: 'manifest', data: { problem: printParseErrorCode(e.error) }, start: e.offset, end: e.offset + Math.max(1, e.length), key: `${e.error}` });
    }
    if (unit.parseErrors.length === 0 && !unit.manifest && unit.manifestText.trim()) {
      ctx.report({ messageId: 'manifestNotObject', start: 0, end: Math.min(unit.manifestText.length, 1) });
    }
  },
};

export default rule;
