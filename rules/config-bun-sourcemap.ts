/**
 * config-bun-sourcemap: `Bun.build({ sourcemap })` and `bun build --sourcemap` (catalogue rule 24,
 * the Claude Code toolchain). Bun always embeds sources; bare `--sourcemap` is `linked` since 1.2.
 */
import type { UnitRule } from '../server/src/engine/context';
import { bunEffect, commandLevel, conditionalNote, findingRange, getProperty, levelFor, locateConfigs, mapFilesShipping, optionValue, pathOf, primitive, removeWordEdit, replaceValueFix, shipNote, shipping, sourcemapFlags, unitBuildCommands } from '../server/src/engine/rule-kit';
import * as path from 'node:path';

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'config-bun-sourcemap',
    family: 'config',
    description: 'Bun builds that write source maps (which always embed your sources) into a published folder.',
    defaultSeverity: 'warning',
    openSourceInfo: true,
    fixable: 'suggestion',
    messages: {
      sourcemap: 'Bun.build sourcemap {{value}} writes maps with all your sources{{cond}}{{external}}; {{ship}}.',
      cliSourcemap: '`{{flag}}` in the "{{script}}" script writes {{kind}} maps with all your sources; {{ship}}.',
    },
  },
  async check(ctx) {
    const sev = (ship: Awaited<ReturnType<typeof shipping>>, value: unknown) =>
      ship === 'ships' && ctx.visibility === 'proprietary' && (value === 'external' || value === 'linked') ? 'error' : levelFor(ship, 'warning');
    for (const cfg of await locateConfigs(ctx, ctx.unit, ['script'])) {
      for (const pair of cfg.read.calls) {
        if (pair.origin !== 'Bun.build') continue;
        const p = getProperty(pair, 'sourcemap');
        if (!p) continue;
        const v = primitive(p.production);
        if (!v.known || !bunEffect(v.value).maps) continue;
        const outfile = pathOf(getProperty(pair, 'outfile')?.production);
        const out = pathOf(getProperty(pair, 'outdir')?.production) ?? (outfile ? path.posix.dirname(outfile) : '.');
        const { ship, note } = bunEffect(v.value).placement === 'file' ? await mapFilesShipping(ctx, out) : { ship: await shipping(ctx, out), note: shipNote(await shipping(ctx, out), out) };
        const r = findingRange(p);
        ctx.report({
          messageId: 'sourcemap',
          data: { value: JSON.stringify(v.value), cond: conditionalNote(p), external: v.value === 'external' ? ' and no sourceMappingURL comment (found by name alone, as in @anthropic-ai/claude-code 2.1.88)' : '', ship: note },
          file: cfg.file, start: r.start, end: r.end,
          severity: sev(ship, v.value),
          suggestions: [replaceValueFix('Set sourcemap to "none"', cfg.file, p, '"none"')],
          key: p.chain,
        });
      }
    }
    for (const cmd of await unitBuildCommands(ctx)) {
      for (const f of sourcemapFlags(cmd)) {
        if (f.tool !== 'bun' || f.name !== 'sourcemap' || !bunEffect(f.value, true).maps) continue;
        const outfile = optionValue(cmd, ['--outfile'])?.value;
        const out = optionValue(cmd, ['--outdir'])?.value ?? (outfile ? path.posix.dirname(outfile) : '.');
        const { ship, note } = bunEffect(f.value, true).placement === 'file' ? await mapFilesShipping(ctx, out) : { ship: await shipping(ctx, out), note: shipNote(await shipping(ctx, out), out) };
        ctx.report({
          messageId: 'cliSourcemap', data: { flag: ctx.unit.manifestText.slice(f.start, f.end), script: cmd.script, kind: f.value, ship: note },
          file: ctx.unit.manifestPath, start: f.start, end: f.end,
          severity: commandLevel(cmd, sev(ship, f.value)),
          suggestions: [{ title: 'Remove the --sourcemap flag', edits: [{ file: ctx.unit.manifestPath, edits: [removeWordEdit(ctx.unit.manifestText, f.start, f.end)] }] }],
        });
      }
    }
  },
};

export default rule;
