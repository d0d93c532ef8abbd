/**
 * config-tsconfig-sourcemap: tsc options that put maps and original sources into the package
 * (catalogue rule 19). `inlineSources` is how TypeScript code ends up in `sourcesContent`.
 */
import * as path from 'node:path';
import type { Report } from '../server/src/engine/types';
import type { UnitRule } from '../server/src/engine/context';
import { commandKind, configArgument, emitsAnything, emitsJavaScript, type FileSystem, jsonSet, levelFor, mapFilesShipping, publishCommands, readTsconfig, removeWordEdit, type SetOption, shipNote, shipping, sourcemapFlags } from '../server/src/engine/rule-kit';

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'config-tsconfig-sourcemap',
    family: 'config',
    description: 'tsconfig options that emit source maps or embed the TypeScript sources into a published folder.',
    defaultSeverity: 'warning',
    openSourceInfo: true,
    fixable: 'suggestion',
    messages: {
      sourceMap: '"sourceMap": true writes .map files next to the output ({{ship}}).',
      inlineSourceMap: '"inlineSourceMap": true puts a base64 map inside every emitted .js ({{ship}}).',
      inlineSources: '"inlineSources": true copies the original TypeScript into each map\'s sourcesContent ({{ship}}).',
      declarationMap: '"declarationMap": true ships .d.ts.map files that point at your sources ({{ship}}).',
      cliFlag: '`tsc {{flag}}` in the "{{script}}" script emits maps into the package.',
    },
  },
  async check(ctx) {
    const { unit } = ctx;
    const commands = publishCommands(unit.manifestText);
    const tscCmds = commands.filter((c) => commandKind(c) === 'tsc');
    for (const cmd of tscCmds) {
      for (const f of sourcemapFlags(cmd)) {
        if (f.value === 'false') continue;
        ctx.report({
          messageId: 'cliFlag', data: { flag: unit.manifestText.slice(f.start, f.end), script: cmd.script },
          file: unit.manifestPath, start: f.start, end: f.end,
          suggestions: [{ title: `Remove ${unit.manifestText.slice(f.start, f.end)}`, edits: [{ file: unit.manifestPath, edits: [removeWordEdit(unit.manifestText, f.start, f.end)] }] }],
        });
      }
    }
    const candidates = tscCmds.map((c) => configArgument(c)?.text).filter((x): x is string => !!x);
    let chosen: string | undefined;
    for (const c of [...candidates, 'tsconfig.build.json', 'tsconfig.json']) {
      let p = path.resolve(unit.root, c).split(path.sep).join('/');
      if (!p.endsWith('.json')) p = `${p}/tsconfig.json`;
      if (await ctx.exists(p)) { chosen = p; break; }
    }
    if (!chosen) return;
    const io: FileSystem = {
      readText: (p) => ctx.readText(p),
      readFile: async (p) => { const t = await ctx.readText(p); return t === undefined ? undefined : Buffer.from(t); },
      stat: async (p) => ((await ctx.exists(p)) ? { size: 0, mtimeMs: 0, isFile: !!(await ctx.readText(p) !== undefined), isDirectory: false } : undefined),
      readDir: async () => [],
    };
    const cfg = await readTsconfig(io, chosen);
    if (!emitsAnything(cfg)) return; // type-check-only config: a bundler builds
    const o = cfg.options;
    const outDir = o.outDir?.resolvedPath ?? (o.outFile?.resolvedPath ? path.posix.dirname(o.outFile.resolvedPath) : path.posix.dirname(chosen));
    const rel = path.posix.relative(unit.root, outDir) || '.';
    const ship = await shipping(ctx, rel);
    const note = shipNote(ship, rel === '.' ? 'the package folder' : `${rel}/`);
    const js = emitsJavaScript(cfg);
    // External .map files ship only when the packager would not leave them out (issue #23: a
    // .vscodeignore with `**/*.map`); inline maps ride inside the .js files that ship.
    const inline = o.inlineSourceMap?.value === true;
    const label = (m: { ship: typeof ship; note: string }) => ({ ship: m.ship, note: m.note.replace(/^\S+ (?=is |may )/, `${rel === '.' ? 'the package folder' : `${rel}/`} `) });
    const maps = js && o.sourceMap?.value === true && !inline ? label(await mapFilesShipping(ctx, rel === '.' ? '' : rel, '.js.map', '.')) : { ship, note };
    const dmaps = o.declarationMap?.value === true ? label(await mapFilesShipping(ctx, rel === '.' ? '' : rel, '.d.ts.map', '.')) : { ship, note };
    const pending: Array<{ s: SetOption; id: string; sev: Report['severity']; title: string; value: unknown; note: string }> = [];
    if (js && o.sourceMap?.value === true && maps.ship !== 'not-shipped') pending.push({ s: o.sourceMap, id: 'sourceMap', sev: 'warning', title: 'Set "sourceMap" to false', value: false, note: maps.note });
    if (js && inline) pending.push({ s: o.inlineSourceMap!, id: 'inlineSourceMap', sev: levelFor(ship, 'warning'), title: 'Set "inlineSourceMap" to false', value: false, note });
    const mapsOn = o.sourceMap?.value === true || inline;
    if (js && o.inlineSources?.value === true && mapsOn) {
      const m = inline ? { ship, note } : maps;
      pending.push({ s: o.inlineSources, id: 'inlineSources', sev: levelFor(m.ship, ctx.visibility === 'proprietary' ? 'error' : 'warning'), title: 'Remove "inlineSources"', value: undefined, note: m.note });
    }
    if (o.declarationMap?.value === true && dmaps.ship !== 'not-shipped') pending.push({ s: o.declarationMap, id: 'declarationMap', sev: ctx.visibility === 'proprietary' ? 'warning' : 'info', title: 'Set "declarationMap" to false', value: false, note: dmaps.note });
    for (const p of pending) {
      const text = p.s.file.includes('/node_modules/') ? undefined : await ctx.readText(p.s.file);
      const report: Report = { messageId: p.id, data: { ship: p.note }, file: p.s.file, start: p.s.valueStart, end: p.s.valueEnd, severity: p.sev, key: p.id };
      if (text !== undefined) report.suggestions = [{ title: p.title, edits: [{ file: p.s.file, edits: jsonSet(text, ['compilerOptions', p.id], p.value) }] }];
      ctx.report(report);
    }
  },
};

export default rule;
