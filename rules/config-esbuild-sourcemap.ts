/**
 * config-esbuild-sourcemap: esbuild `sourcemap` with `sourcesContent` left at its default (true)
 * (catalogue rule 22). `external` writes a map with no URL comment — the Claude Code failure mode.
 */
import type { UnitRule } from '../server/src/engine/context';
import { commandLevel, conditionalNote, esbuildEffect, findingRange, getProperty, insertAfterFix, levelFor, locateConfigs, mapFilesShipping, pathOf, primitive, replaceValueFix, shipNote, shipping, sourcemapFlags, unitBuildCommands } from '../server/src/engine/rule-kit';
import * as path from 'node:path';

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'config-esbuild-sourcemap',
    family: 'config',
    description: 'esbuild builds that emit source maps embedding the original sources (sourcesContent defaults to true).',
    defaultSeverity: 'warning',
    openSourceInfo: true,
    fixable: 'suggestion',
    messages: {
      sourcemap: 'esbuild sourcemap {{value}} embeds your sources (sourcesContent defaults to true){{cond}}{{external}}; {{ship}}.',
      cliSourcemap: '`{{flag}}` in the "{{script}}" script embeds your sources in the maps (add --sources-content=false).',
    },
  },
  async check(ctx) {
    for (const cfg of await locateConfigs(ctx, ctx.unit, ['script'])) {
      for (const pair of cfg.read.calls) {
        if (!pair.origin.startsWith('esbuild.')) continue;
        const p = getProperty(pair, 'sourcemap');
        if (!p) continue;
        const v = primitive(p.production);
        if (!v.known) continue;
        const sc = getProperty(pair, 'sourcesContent');
        const effect = esbuildEffect(v.value, primitive(sc?.production).value);
        if (!effect.maps || !effect.sourcesContent) continue;
        const outfile = pathOf(getProperty(pair, 'outfile')?.production);
        const out = pathOf(getProperty(pair, 'outdir')?.production) ?? (outfile ? path.posix.dirname(outfile) : 'dist');
        const { ship, note } = effect.placement === 'file' ? await mapFilesShipping(ctx, out) : { ship: await shipping(ctx, out), note: shipNote(await shipping(ctx, out), out) };
        const r = findingRange(p);
        ctx.report({
          messageId: 'sourcemap',
          data: { value: JSON.stringify(v.value), cond: conditionalNote(p), external: v.value === 'external' ? ' and leaves no sourceMappingURL comment, so comment scanners miss it' : '', ship: note },
          file: cfg.file, start: r.start, end: r.end,
          severity: levelFor(ship, 'warning'),
          suggestions: [replaceValueFix('Set sourcemap to false', cfg.file, p, 'false'), insertAfterFix('Add sourcesContent: false', cfg.file, p, ', sourcesContent: false')],
          key: `${pair.origin}:${p.chain}`,
        });
      }
    }
    for (const cmd of await unitBuildCommands(ctx)) {
      const flags = sourcemapFlags(cmd).filter((f) => f.tool === 'esbuild');
      if (flags.some((f) => f.name === 'sourcesContent' && f.value === 'false')) continue;
      for (const f of flags) {
        if (f.name !== 'sourcemap') continue;
        ctx.report({
          messageId: 'cliSourcemap', data: { flag: ctx.unit.manifestText.slice(f.start, f.end), script: cmd.script },
          file: ctx.unit.manifestPath, start: f.start, end: f.end, severity: commandLevel(cmd, 'warning'),
          suggestions: [{ title: 'Add --sources-content=false', edits: [{ file: ctx.unit.manifestPath, edits: [{ start: f.end, end: f.end, newText: ' --sources-content=false' }] }] }],
        });
      }
    }
  },
};

export default rule;
