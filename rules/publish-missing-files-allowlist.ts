/**
 * publish-missing-files-allowlist: a publishable npm package without a `files` allowlist ships
 * whatever its ignore files fail to exclude. Claude Code 2.1.88 had no `files` and shipped
 * `cli.js.map` (59.8 MB, all first-party sources) and `bun.lock`.
 */
import type { UnitRule } from '../server/src/engine/context';
import { entryPoints, fileFix, filesFromEntryPoints, isSensitivePath, jsonSet, listText, shippedFact } from '../server/src/engine/rule-kit';

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'publish-missing-files-allowlist',
    family: 'publish',
    description: 'A publishable npm package has no "files" allowlist, so everything its ignore files miss is published.',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      missing: 'No "files" allowlist: {{count}} files will be published by default, including {{examples}}.',
      missingSensitive: 'No "files" allowlist, and {{sensitiveCount}} sensitive {{fileWord}} will be published: {{sensitive}}.',
      notArray: '"files" must be an array of paths and globs; npm ignores anything else and publishes by default.',
      empty: '"files" is empty: only package.json, README, LICENSE and the main/bin files will be published.',
    },
    optionsSchema: { type: 'object', properties: { requireFilesAllowlist: { type: 'boolean', default: true } }, additionalProperties: false },
  },
  async check(ctx) {
    const { unit, publishSet } = ctx;
    const m = unit.manifest;
    if (!m || unit.kind !== 'npm' || unit.publishDirectory) return;
    const files = m.files;
    const nameRange = ctx.manifestRange(['name'], { property: true }) ?? { start: 0, end: Math.min(1, unit.manifestText.length) };
    if (files !== undefined && !Array.isArray(files)) {
      const r = ctx.manifestRange(['files']) ?? nameRange;
      ctx.report({ messageId: 'notArray', ...r, severity: 'error' });
      return;
    }
    if (Array.isArray(files)) {
      if (files.length === 0) ctx.report({ messageId: 'empty', ...(ctx.manifestRange(['files']) ?? nameRange), severity: 'info' });
      return;
    }
    const shipped = publishSet.files;
    // The visibility policy (DESIGN.md): an open-source library's maps show source that is public
    // anyway, so for it maps alone do not make this an error; for every other package they do.
    const sensitive = shipped.filter((f) => (ctx.visibility === 'open-source' && /\.map$/i.test(f.path) ? false : isSensitivePath(f.path)));
    const optional = ctx.options.requireFilesAllowlist === false;
    const allow = filesFromEntryPoints(m);
    // Negate maps only in the folders that have them: `"!dist/**/*.map"` (negations work in npm-packlist 10 and 11).
    const hasMaps = (a: string) => shipped.some((f) => f.path.endsWith('.map') && f.path.startsWith(a + '/'));
    const entries = [...allow, ...allow.filter(hasMaps).map((a) => `!${a}/**/*.map`)];
    const fix =
      allow.length > 0
        ? fileFix(`Add a "files" allowlist: ${JSON.stringify(entries)}`, unit.manifestPath, jsonSet(unit.manifestText, ['files'], entries, { insertAfter: 'version' }))
        : undefined;
    const points = new Set(entryPoints(m).map((p) => p.replace(/^\.\//, '')));
    const onlyEntryPoints = shipped.every((f) => /^(?:package\.json|(?:readme|license|licence|copying|changelog|history)(?:\.[^/]*)?)$/i.test(f.path) || points.has(f.path));
    const examples = shipped
      .filter((f) => !/^(package\.json|readme|license|licence|copying)/i.test(f.path))
      .slice(0, 3)
      .map((f) => f.path);
    const related = (sensitive.length ? sensitive : shipped).slice(0, 20).map((f) => ({ file: f.abs, start: 0, end: 0, message: `${f.path} will be published` }));
    if (sensitive.length > 0) {
      ctx.report({
        messageId: 'missingSensitive',
        data: { sensitiveCount: sensitive.length, fileWord: sensitive.length === 1 ? 'file' : 'files', sensitive: listText(sensitive.map((f) => f.path)) },
        ...nameRange,
        severity: optional ? 'warning' : 'error',
        fix,
        related,
        facts: sensitive.map((f) => shippedFact(f.abs)),
      });
    } else {
      ctx.report({
        messageId: 'missing',
        data: { count: shipped.length, examples: examples.length ? listText(examples) : 'package.json' },
        ...nameRange,
        // Issue #23: a deliberate deny-list (.npmignore) that lets nothing sensitive through, or a set
        // of nothing but the manifest, README/LICENSE/CHANGELOG and entry points, is a hygiene hint, not a leak.
        severity: optional || onlyEntryPoints || (await ctx.exists(`${publishSet.packRoot ?? unit.root}/.npmignore`)) ? 'info' : undefined,
        fix,
        related,
      });
    }
  },
};

export default rule;
