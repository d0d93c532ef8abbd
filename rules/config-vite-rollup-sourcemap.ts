/**
 * config-vite-rollup-sourcemap: Vite `build.sourcemap`, Rollup / Rolldown `output.sourcemap`
 * without `sourcemapExcludeSources` (catalogue rule 21). Rollup includes sources by default.
 */
import type { UnitRule } from '../server/src/engine/context';
import { commandLevel, conditionalNote, findingRange, getProperties, getProperty, insertAfterFix, levelFor, locateConfigs, mapFilesShipping, pathOf, primitive, replaceValueFix, rollupEffect, shipNote, shipping, sourcemapFlags, unitBuildCommands } from '../server/src/engine/rule-kit';
import * as path from 'node:path';

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'config-vite-rollup-sourcemap',
    family: 'config',
    description: 'Vite, Rollup or Rolldown settings that emit source maps with the original sources.',
    defaultSeverity: 'warning',
    openSourceInfo: true,
    fixable: 'suggestion',
    messages: {
      sourcemap: '{{chain}}: {{value}} emits {{what}} in production builds{{cond}}; {{ship}}.',
      cliSourcemap: '`{{flag}}` in the "{{script}}" script emits source maps with your sources.',
    },
  },
  async check(ctx) {
    const configs = await locateConfigs(ctx, ctx.unit, ['vite', 'rollup', 'rolldown']);
    for (const cfg of configs) {
      if (cfg.usedForPublish === false) continue;
      for (const pair of cfg.read.exports) {
        const isVite = cfg.tool === 'vite';
        const chains = isVite ? ['build.sourcemap', 'build.rollupOptions.output.sourcemap'] : ['output.sourcemap'];
        for (const chain of chains) {
          for (const p of getProperties(pair, chain)) {
            const v = primitive(p.production);
            if (!v.known) continue;
            const exclChain = p.chain.replace(/sourcemap$/, 'sourcemapExcludeSources');
            const excl = isVite && chain === 'build.sourcemap'
              ? primitive(getProperty(pair, 'build.rollupOptions.output.sourcemapExcludeSources')?.production).value
              : primitive(getProperties(pair, exclChain.replace(/\[\d+\]/g, '')).find((x) => x.chain === exclChain)?.production).value;
            const effect = rollupEffect(v.value, excl);
            if (!effect.maps) continue;
            const outRaw = isVite
              ? pathOf(getProperty(pair, 'build.outDir')?.production) ?? 'dist'
              : pathOf(getProperties(pair, p.chain.replace(/\.sourcemap$/, '.dir').replace(/\[\d+\]/g, '')).find((x) => x.chain === p.chain.replace(/\.sourcemap$/, '.dir'))?.production)
                ?? (() => { const f = pathOf(getProperties(pair, 'output.file').find((x) => x.chain === p.chain.replace(/\.sourcemap$/, '.file'))?.production); return f ? path.posix.dirname(f) : 'dist'; })();
            const { ship, note } = effect.placement === 'file' ? await mapFilesShipping(ctx, outRaw) : { ship: await shipping(ctx, outRaw), note: shipNote(await shipping(ctx, outRaw), outRaw) };
            const hiddenNoSources = v.value === 'hidden' && !effect.sourcesContent;
            const what = effect.placement === 'inline' ? 'inline data-URL maps' : effect.sourcesContent ? '.map files with your sources' : '.map files';
            const r = findingRange(p);
            const suggestions = [replaceValueFix('Set sourcemap to false', cfg.file, p, 'false')];
            if (effect.sourcesContent && !(isVite && chain === 'build.sourcemap')) suggestions.push(insertAfterFix('Add sourcemapExcludeSources: true', cfg.file, p, ', sourcemapExcludeSources: true'));
            ctx.report({
              messageId: 'sourcemap',
              data: { chain: p.chain, value: JSON.stringify(v.value), what, cond: conditionalNote(p), ship: note },
              file: cfg.file, start: r.start, end: r.end,
              severity: hiddenNoSources ? 'info' : levelFor(ship, 'warning'),
              suggestions,
              key: p.chain,
            });
          }
        }
      }
    }
    for (const cmd of await unitBuildCommands(ctx)) {
      for (const f of sourcemapFlags(cmd)) {
        if (f.name !== 'sourcemap' || !['vite', 'rollup', 'rolldown'].includes(f.tool) || f.value === 'false') continue;
        ctx.report({
          messageId: 'cliSourcemap', data: { flag: ctx.unit.manifestText.slice(f.start, f.end), script: cmd.script },
          file: ctx.unit.manifestPath, start: f.start, end: f.end, severity: commandLevel(cmd, 'warning'),
          suggestions: [{ title: 'Remove the flag', edits: [{ file: ctx.unit.manifestPath, edits: [{ start: f.start - (ctx.unit.manifestText[f.start - 1] === ' ' ? 1 : 0), end: f.end, newText: '' }] }] }],
        });
      }
    }
  },
};

export default rule;
