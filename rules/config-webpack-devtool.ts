/**
 * config-webpack-devtool: webpack / rspack `devtool` values that emit maps with sources into the
 * output folder (catalogue rule 20). webpack's mode defaults to production, whose devtool is false.
 */
import type { UnitRule } from '../server/src/engine/context';
import { commandLevel, conditionalNote, findingRange, getProperty, levelFor, locateConfigs, mapFilesShipping, parseWebpackDevtool, pathOf, primitive, replaceValueFix, shipNote, shipping, sourcemapFlags, unitBuildCommands } from '../server/src/engine/rule-kit';

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'config-webpack-devtool',
    family: 'config',
    description: 'webpack or rspack devtool settings that write source maps with your sources into the build output.',
    defaultSeverity: 'warning',
    openSourceInfo: true,
    fixable: 'suggestion',
    messages: {
      devtool: 'devtool "{{value}}" emits {{what}} in production builds{{cond}}; {{ship}}.',
      cliDevtool: '`--devtool {{value}}` in the "{{script}}" script emits {{what}}.',
    },
  },
  async check(ctx) {
    const configs = await locateConfigs(ctx, ctx.unit, ['webpack', 'rspack']);
    for (const cfg of configs) {
      if (cfg.usedForPublish === false) continue; // webpack.dev.js and friends
      for (const pair of cfg.read.exports) {
        const p = getProperty(pair, 'devtool');
        if (!p || p.production === undefined) continue;
        const v = primitive(p.production);
        if (!v.known || (typeof v.value !== 'string' && v.value !== false)) continue;
        const mode = primitive(getProperty(pair, 'mode')?.production);
        if (mode.known && mode.value === 'development') continue; // a dev-only config
        const effect = parseWebpackDevtool(v.value as string | false);
        if (!effect || (!effect.maps && effect.placement !== 'eval')) continue;
        const out = pathOf(getProperty(pair, 'output.path')?.production) ?? 'dist';
        const { ship, note } = effect.placement === 'file' ? await mapFilesShipping(ctx, out) : { ship: await shipping(ctx, out), note: shipNote(await shipping(ctx, out), out) };
        const what = effect.placement === 'eval' ? 'eval-wrapped code with inline maps' : effect.placement === 'inline' ? 'inline data-URL maps' : effect.sourcesContent ? '.map files with your sources' : '.map files (no sources)';
        const base = effect.sourcesContent && ship === 'ships' ? 'error' : 'warning';
        const r = findingRange(p);
        ctx.report({
          messageId: 'devtool',
          data: { value: String(v.value), what, cond: conditionalNote(p), ship: note },
          file: cfg.file, start: r.start, end: r.end,
          severity: levelFor(ship, effect.sourcesContent ? base : 'warning'),
          suggestions: [
            replaceValueFix('Set devtool to false', cfg.file, p, 'false'),
            replaceValueFix("Use 'hidden-nosources-source-map'", cfg.file, p, `'hidden-nosources-source-map'`),
          ],
          key: `${p.chain}`,
        });
      }
    }
    for (const cmd of await unitBuildCommands(ctx)) {
      for (const f of sourcemapFlags(cmd)) {
        if (f.name !== 'devtool') continue;
        const effect = parseWebpackDevtool(f.value);
        if (!effect || (!effect.maps && effect.placement !== 'eval')) continue;
        const what = effect.sourcesContent ? 'maps with your sources' : 'maps';
        ctx.report({
          messageId: 'cliDevtool', data: { value: f.value, script: cmd.script, what },
          file: ctx.unit.manifestPath, start: f.valueStart ?? f.start, end: f.valueEnd ?? f.end,
          severity: commandLevel(cmd, 'warning'),
          suggestions: [{ title: 'Use --no-devtool', edits: [{ file: ctx.unit.manifestPath, edits: [{ start: f.start, end: f.end, newText: '--no-devtool' }] }] }],
        });
      }
    }
  },
};

export default rule;
