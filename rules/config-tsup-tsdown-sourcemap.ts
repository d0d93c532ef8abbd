/**
 * config-tsup-tsdown-sourcemap: tsup / tsdown (and bunchee / pkgroll) builds that write source maps
 * with the original sources into a published folder (catalogue rule 23). tsdown turns maps on by
 * itself whenever the tsconfig has `declarationMap` — "this option will always be `true`" (tsdown
 * `UserConfig.sourcemap` docs) — so `sourcemap: false` does not stop it.
 */
import * as path from 'node:path';
import type { Report, Severity } from '../server/src/engine/types';
import type { UnitRule, UnitRuleContext } from '../server/src/engine/context';
import { commandLevel, conditionalNote, type ConfigPair, type FileSystem, findingRange, getProperty, jsonSet, levelFor, locateConfigs, type LocatedConfig, mapsExcluded, optionValue, pathOf, primitive, readTsconfig, removeWordEdit, replaceValueFix, shipNote, shipping, type Shipping, sourcemapFlags, toPosix, tsupEffect, unitBuildCommands } from '../server/src/engine/rule-kit';

const CLI_TOOLS = ['tsup', 'tsdown', 'bunchee', 'pkgroll'];

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'config-tsup-tsdown-sourcemap',
    family: 'config',
    description: 'tsup, tsdown, bunchee or pkgroll builds that write source maps with your original sources into a published folder.',
    defaultSeverity: 'warning',
    openSourceInfo: true,
    fixable: 'suggestion',
    messages: {
      sourcemap: '{{tool}} sourcemap {{value}} writes {{what}} that embed your original sources{{cond}}; {{ship}}{{excluded}}.',
      forced: 'tsdown always writes source maps (with your sources) because {{tsconfig}} sets "declarationMap": true, whatever `sourcemap` says; {{ship}}{{excluded}}.',
      cliSourcemap: '`{{flag}}` in the "{{script}}" script writes source maps that embed your original sources; {{ship}}.',
    },
  },
  async check(ctx) {
    const configs = await locateConfigs(ctx, ctx.unit, ['tsup', 'tsdown']);
    for (const cfg of configs) {
      if (cfg.usedForPublish === false) continue;
      for (const pair of cfg.read.exports) await checkPair(ctx, cfg, pair);
    }
    // tsup reads package.json "tsup" only when there is no tsup.config.* file.
    if (!configs.some((c) => c.tool === 'tsup')) await checkManifestTsup(ctx);
    for (const cmd of await unitBuildCommands(ctx)) {
      for (const f of sourcemapFlags(cmd)) {
        if (!CLI_TOOLS.includes(f.tool) || f.name !== 'sourcemap' || f.value === 'false') continue;
        const out = optionValue(cmd, ['-d', '--out-dir', '--outDir', '--dist'])?.value ?? (f.tool === 'bunchee' ? dirOf(optionValue(cmd, ['-o', '--output'])?.value) : 'dist');
        const ship = await shipping(ctx, out);
        ctx.report({
          messageId: 'cliSourcemap',
          data: { flag: ctx.unit.manifestText.slice(f.start, f.end), script: cmd.script, ship: shipNote(ship, out) },
          file: ctx.unit.manifestPath, start: f.start, end: f.end,
          severity: commandLevel(cmd, severity(ctx, ship, false)),
          suggestions: [{ title: `Remove ${ctx.unit.manifestText.slice(f.start, f.end)}`, edits: [{ file: ctx.unit.manifestPath, edits: [removeWordEdit(ctx.unit.manifestText, f.start, f.end)] }] }],
        });
      }
    }
  },
};

function dirOf(file: string | undefined): string {
  return file ? path.posix.dirname(file) : 'dist';
}

/** warning when the output ships; info when it does not, when `files`/ignore lines drop the maps, or for open-source packages (maps are normal there). */
function severity(ctx: UnitRuleContext, ship: Shipping, excluded: boolean): Severity {
  if (excluded || ctx.visibility === 'open-source') return 'info';
  return levelFor(ship, 'warning');
}

async function checkPair(ctx: UnitRuleContext, cfg: LocatedConfig, pair: ConfigPair): Promise<void> {
  const out = pathOf(getProperty(pair, 'outDir')?.production) ?? 'dist';
  const p = getProperty(pair, 'sourcemap');
  const v = p ? primitive(p.production) : { known: true, value: undefined };
  if (!v.known) return;
  const effect = tsupEffect(v.value);
  if (effect.maps && p) {
    const ship = await shipping(ctx, out);
    const excluded = effect.placement === 'file' && (await mapsExcluded(ctx, out));
    const r = findingRange(p);
    ctx.report({
      messageId: 'sourcemap',
      data: {
        tool: cfg.tool, value: JSON.stringify(v.value),
        what: effect.placement === 'inline' ? 'inline data-URL maps inside every output file' : effect.urlComment ? '.map files' : '.map files without a sourceMappingURL comment',
        cond: conditionalNote(p), ship: shipNote(ship, out), excluded: excluded ? ' (but "files"/ignore rules leave the .map files out)' : '',
      },
      file: cfg.file, start: r.start, end: r.end,
      severity: severity(ctx, ship, excluded),
      suggestions: [replaceValueFix('Set sourcemap to false', cfg.file, p, 'false')],
      key: `${pair.origin}:${p.chain}`,
    });
    return;
  }
  if (cfg.tool !== 'tsdown') return;
  // tsdown: `tsconfig: false` disables tsconfig loading; a string names the file.
  const tsOpt = primitive(getProperty(pair, 'tsconfig')?.production);
  if (!tsOpt.known || tsOpt.value === false) return;
  const tsFile = toPosix(path.resolve(ctx.unit.root, typeof tsOpt.value === 'string' ? tsOpt.value : 'tsconfig.json'));
  if (!(await ctx.exists(tsFile))) return;
  const ts = await readTsconfig(contextFs(ctx), tsFile);
  const dm = ts.options.declarationMap;
  if (dm?.value !== true) return;
  const ship = await shipping(ctx, out);
  const excluded = await mapsExcluded(ctx, out);
  const at = p ? findingRange(p) : { start: pair.start, end: Math.min(pair.end, lineEnd(cfg.text, pair.start)) };
  const report: Report = {
    messageId: 'forced',
    data: { tsconfig: path.posix.relative(ctx.unit.root, dm.file) || dm.file, ship: shipNote(ship, out), excluded: excluded ? ' (but "files"/ignore rules leave the .map files out)' : '' },
    file: cfg.file, start: at.start, end: at.end,
    severity: severity(ctx, ship, excluded),
    related: [{ file: dm.file, start: dm.valueStart, end: dm.valueEnd, message: '"declarationMap": true is set here' }],
    key: `${pair.origin}:forced`,
  };
  const tsText = dm.file.includes('/node_modules/') ? undefined : await ctx.readText(dm.file);
  if (tsText !== undefined) report.suggestions = [{ title: 'Set "declarationMap" to false', edits: [{ file: dm.file, edits: jsonSet(tsText, ['compilerOptions', 'declarationMap'], false) }] }];
  ctx.report(report);
}

async function checkManifestTsup(ctx: UnitRuleContext): Promise<void> {
  const tsup = ctx.unit.manifest?.tsup;
  if (!tsup || typeof tsup !== 'object' || Array.isArray(tsup)) return;
  const value = (tsup as Record<string, unknown>).sourcemap;
  const effect = tsupEffect(value);
  if (!effect.maps) return;
  const range = ctx.manifestRange(['tsup', 'sourcemap']);
  if (!range) return;
  const outRaw = (tsup as Record<string, unknown>).outDir;
  const out = typeof outRaw === 'string' ? outRaw : 'dist';
  const ship = await shipping(ctx, out);
  const excluded = effect.placement === 'file' && (await mapsExcluded(ctx, out));
  ctx.report({
    messageId: 'sourcemap',
    data: { tool: 'package.json "tsup"', value: JSON.stringify(value), what: effect.placement === 'inline' ? 'inline data-URL maps inside every output file' : '.map files', cond: '', ship: shipNote(ship, out), excluded: excluded ? ' (but "files"/ignore rules leave the .map files out)' : '' },
    file: ctx.unit.manifestPath, start: range.start, end: range.end,
    severity: severity(ctx, ship, excluded),
    suggestions: [{ title: 'Set sourcemap to false', edits: [{ file: ctx.unit.manifestPath, edits: jsonSet(ctx.unit.manifestText, ['tsup', 'sourcemap'], false) }] }],
    key: 'package.json:tsup.sourcemap',
  });
}

function lineEnd(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i < 0 ? text.length : i;
}

/** The engine's file system interface over the rule context (reads only; open documents win). */
function contextFs(ctx: UnitRuleContext): FileSystem {
  return {
    readText: (p) => ctx.readText(p),
    readFile: async (p) => { const t = await ctx.readText(p); return t === undefined ? undefined : Buffer.from(t); },
    stat: async (p) => ((await ctx.exists(p)) ? { size: 0, mtimeMs: 0, isFile: (await ctx.readText(p)) !== undefined, isDirectory: false } : undefined),
    readDir: async () => [],
  };
}

export default rule;
