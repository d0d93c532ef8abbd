/**
 * config-vscodeignore-files-conflict: vsce refuses to package an extension that has both a
 * `.vscodeignore` and a non-empty `"files"` ("VSCE does not support combining both strategies"),
 * and, without `--allow-unused-files-pattern`, one whose `"files"` entries match nothing
 * (@vscode/vsce 3.9.2 `printAndValidatePackagedFiles`; catalogue rule 28).
 */
import * as path from 'node:path';
import { fileFix, jsonSet, minimatch } from '../server/src/engine/rule-kit';
import type { UnitRule } from '../server/src/engine/context';

/** vsce's unused-pattern test: the entry (joined to the root, so `./dist` works) or its `/**` variant matches a packaged file. */
export function filesEntryMatches(entry: string, paths: readonly string[]): boolean {
  const norm = path.posix.normalize(entry.replace(/\\/g, '/'));
  try {
    if (paths.some((p) => minimatch(p, norm, { dot: true }))) return true;
    if (/(^|\/)[^/]*\*[^/]*$/.test(norm)) return false;
    const folder = /\/$/.test(norm) ? `${norm}**` : `${norm}/**`;
    return paths.some((p) => minimatch(p, folder, { dot: true }));
  } catch {
    return false;
  }
}

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'config-vscodeignore-files-conflict',
    family: 'config',
    description: 'A VS Code extension has both a .vscodeignore and "files" (vsce refuses to package), or "files" entries that match nothing.',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      both: 'Both .vscodeignore and "files" are present: vsce refuses to package ("VSCE does not support combining both strategies"). Keep one list.',
      unused: '"files" entry "{{entry}}" matches no file: vsce refuses to package unless --allow-unused-files-pattern.',
    },
  },
  async check(ctx) {
    const { unit, publishSet } = ctx;
    const m = unit.manifest;
    if (!m || unit.kind !== 'vscode-extension' || !Array.isArray(m.files) || m.files.length === 0) return;
    const files = m.files as unknown[];
    const ignoreFile = `${unit.root}/.vscodeignore`;
    const ignoreText = await ctx.readText(ignoreFile);
    if (ignoreText !== undefined || (await ctx.exists(ignoreFile))) {
      const range = ctx.manifestRange(['files'], { property: true })!;
      const removeFiles = jsonSet(unit.manifestText, ['files'], undefined);
      const eol = (ignoreText ?? '').includes('\r\n') ? '\r\n' : '\n';
      const allowlist = ['# Moved from package.json "files" by Leakguard (vsce: a negation wins over every ignore line).', '**', ...files.filter((f): f is string => typeof f === 'string').map((f) => `!${f}`)].join(eol) + eol;
      ctx.report({
        messageId: 'both',
        ...range,
        fix: fileFix('Remove "files" (keep .vscodeignore)', unit.manifestPath, removeFiles),
        suggestions: [
          {
            title: 'Move "files" into .vscodeignore (replacing it) and remove "files"',
            edits: [
              { file: unit.manifestPath, edits: removeFiles },
              { file: ignoreFile, edits: [{ start: 0, end: (ignoreText ?? '').length, newText: allowlist }] },
            ],
          },
        ],
        related: [{ file: ignoreFile, start: 0, end: 0, message: '.vscodeignore' }],
        key: 'both',
      });
      return;
    }
    const shipped = publishSet.files.map((f) => f.path);
    const entries = [m.main, m.browser].filter((v): v is string => typeof v === 'string').map((v) => path.posix.normalize(v.replace(/^\.\//, '')));
    files.forEach((entry, index) => {
      if (typeof entry !== 'string' || entry.startsWith('!')) return;
      if (filesEntryMatches(entry, shipped)) return;
      // Build output that does not exist yet (vsce runs vscode:prepublish before it checks): not reported.
      if (entries.some((e) => filesEntryMatches(entry, [e, `${e}.js`]))) return;
      const range = ctx.manifestRange(['files', index])!;
      ctx.report({
        messageId: 'unused',
        data: { entry },
        ...range,
        fix: fileFix(`Remove "${entry}" from "files"`, unit.manifestPath, jsonSet(unit.manifestText, ['files', index], undefined)),
        key: `unused:${entry}`,
      });
    });
  },
};

export default rule;
