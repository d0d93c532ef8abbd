/**
 * config-framework-sourcemap-defaults: frameworks whose production builds emit source maps unless
 * told otherwise (catalogue rule 25): Create React App (`GENERATE_SOURCEMAP !== 'false'`), Vue CLI
 * (`productionSourceMap` defaults to true), Parcel (maps by default), and explicit opt-ins:
 * Next.js `productionBrowserSourceMaps: true`, Angular `sourceMap` in the production configuration.
 */
import { findNodeAtLocation, getNodeValue, type Node as JsonNode } from 'jsonc-parser';
import { commandKind, conditionalNote, findingRange, getProperty, jsonSet, levelFor, locateConfigs, type LocatedConfig, parseTreeBounded as parseTree, primitive, publishCommands, replaceValueFix, type ScriptCommand, shipNote, shipping, sourcemapFlags } from '../server/src/engine/rule-kit';
import type { Fix, Report } from '../server/src/engine/types';
import type { UnitRule, UnitRuleContext } from '../server/src/engine/context';

/** CRA and the tools that wrap its webpack config. */
const CRA_TOOLS = new Set(['react-scripts', 'react-app-rewired', 'craco']);
/** The .env files react-scripts reads for `build`, highest priority first. */
const CRA_ENV_FILES = ['.env.production.local', '.env.local', '.env.production', '.env'];

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'config-framework-sourcemap-defaults',
    family: 'config',
    description: 'Framework production builds that emit source maps by default or by an explicit opt-in (CRA, Vue CLI, Parcel, Next.js, Angular).',
    defaultSeverity: 'warning',
    openSourceInfo: true,
    fixable: 'suggestion',
    messages: {
      cra: '`{{command}}` writes .map files with your sources into build/ (Create React App emits them unless GENERATE_SOURCEMAP=false); {{ship}}.',
      craEnv: 'GENERATE_SOURCEMAP={{value}} keeps Create React App source maps on; only "false" turns them off; {{ship}}.',
      next: 'productionBrowserSourceMaps: true serves your client source code to every visitor{{cond}}; {{ship}}.',
      vueDefault: 'Vue CLI writes production source maps unless productionSourceMap is false (its default is true); {{ship}}.',
      vueExplicit: 'productionSourceMap {{value}} writes production source maps with your sources{{cond}}; {{ship}}.',
      vueScript: '`{{command}}` writes production source maps (Vue CLI productionSourceMap defaults to true) and there is no vue.config.js turning them off; {{ship}}.',
      angular: 'angular.json: {{where}} sourceMap {{value}} writes source maps for production builds of "{{project}}"; {{ship}}.',
      parcel: '`{{command}}` writes source maps by default (add --no-source-maps); {{ship}}.',
    },
  },
  async check(ctx) {
    const cmds = publishCommands(ctx.unit.manifestText);
    for (const cmd of cmds) {
      const sub = cmd.args.find((a) => !a.text.startsWith('-'));
      if (CRA_TOOLS.has(cmd.tool) && sub?.text === 'build') await checkCra(ctx, cmd, sub.end);
      if (commandKind(cmd) === 'parcel-build' && sub) await checkParcel(ctx, cmd, sub.end);
    }
    const configs = await locateConfigs(ctx, ctx.unit, ['next', 'vue', 'angular']);
    for (const cfg of configs) {
      if (cfg.usedForPublish === false) continue;
      if (cfg.tool === 'next') await checkNext(ctx, cfg);
      else if (cfg.tool === 'vue') await checkVue(ctx, cfg);
      else if (cfg.tool === 'angular') await checkAngular(ctx, cfg);
    }
    const vueBuild = cmds.find((c) => c.tool === 'vue-cli-service' && c.args.some((a) => a.text === 'build'));
    if (vueBuild && !configs.some((c) => c.tool === 'vue')) {
      const ship = await shipping(ctx, 'dist');
      const file = `${ctx.unit.root}/vue.config.js`;
      ctx.report({
        messageId: 'vueScript', data: { command: ctx.unit.manifestText.slice(vueBuild.start, vueBuild.end), ship: shipNote(ship, 'dist') },
        file: ctx.unit.manifestPath, start: vueBuild.start, end: vueBuild.end,
        severity: levelFor(ship, 'warning'),
        suggestions: [{ title: 'Create vue.config.js with productionSourceMap: false', edits: [{ file, create: true, edits: [{ start: 0, end: 0, newText: `module.exports = {\n  productionSourceMap: false,\n};\n` }] }] }],
        key: 'vue-cli-service build',
      });
    }
  },
};

async function checkCra(ctx: UnitRuleContext, cmd: ScriptCommand, buildEnd: number): Promise<void> {
  const ship = await shipping(ctx, 'build');
  const text = ctx.unit.manifestText;
  const flag = sourcemapFlags(cmd).find((f) => f.name === 'GENERATE_SOURCEMAP');
  if (flag) {
    if (flag.value === 'false') return;
    ctx.report({
      messageId: 'craEnv', data: { value: flag.value, ship: shipNote(ship, 'build') },
      file: ctx.unit.manifestPath, start: flag.start, end: flag.end,
      severity: levelFor(ship, 'warning'),
      suggestions: [{ title: 'Set GENERATE_SOURCEMAP=false', edits: [{ file: ctx.unit.manifestPath, edits: [{ start: flag.valueStart ?? flag.end, end: flag.valueEnd ?? flag.end, newText: 'false' }] }] }],
    });
    return;
  }
  // react-scripts loads the .env files itself; the first one that sets the variable wins.
  for (const name of CRA_ENV_FILES) {
    const file = `${ctx.unit.root}/${name}`;
    const env = await ctx.readText(file);
    if (env === undefined) continue;
    const m = /^[ \t]*(?:export[ \t]+)?GENERATE_SOURCEMAP[ \t]*=[ \t]*(["']?)([^"'\r\n#]*)\1/m.exec(env);
    if (!m) continue;
    const value = m[2].trim();
    if (value === 'false') return;
    const valueStart = m.index + m[0].length - m[1].length - m[2].length;
    ctx.report({
      messageId: 'craEnv', data: { value, ship: shipNote(ship, 'build') },
      file, start: m.index + m[0].indexOf('GENERATE_SOURCEMAP'), end: valueStart + m[2].length,
      severity: levelFor(ship, 'warning'),
      suggestions: [{ title: 'Set GENERATE_SOURCEMAP=false', edits: [{ file, edits: [{ start: valueStart, end: valueStart + m[2].length, newText: 'false' }] }] }],
    });
    return;
  }
  const suggestions: Fix[] = [{ title: 'Add GENERATE_SOURCEMAP=false to the build script', edits: [{ file: ctx.unit.manifestPath, edits: [scriptInsertion(text, cmd)] }] }];
  const prodEnv = `${ctx.unit.root}/.env.production`;
  const existing = await ctx.readText(prodEnv);
  suggestions.push({
    title: 'Add GENERATE_SOURCEMAP=false to .env.production',
    edits: [existing === undefined
      ? { file: prodEnv, create: true, edits: [{ start: 0, end: 0, newText: 'GENERATE_SOURCEMAP=false\n' }] }
      : { file: prodEnv, edits: [{ start: existing.length, end: existing.length, newText: `${existing.length && !existing.endsWith('\n') ? '\n' : ''}GENERATE_SOURCEMAP=false\n` }] }],
  });
  ctx.report({
    messageId: 'cra', data: { command: text.slice(cmd.start, buildEnd), ship: shipNote(ship, 'build') },
    file: ctx.unit.manifestPath, start: cmd.start, end: buildEnd,
    severity: levelFor(ship, 'warning'),
    suggestions,
    key: `${cmd.script}:${cmd.tool} build`,
  });
}

/**
 * Where `GENERATE_SOURCEMAP=false` goes: after `cross-env` when the script uses it (so it also works on
 * Windows), else as a POSIX prefix at the start of the command segment (before `npx`, `env`, ...).
 */
function scriptInsertion(text: string, cmd: ScriptCommand): { start: number; end: number; newText: string } {
  const prefix = text.slice(cmd.segmentStart, cmd.start);
  const m = /\bcross-env(-shell)?\b/.exec(prefix);
  if (m) {
    const at = cmd.segmentStart + m.index + m[0].length;
    return { start: at, end: at, newText: ' GENERATE_SOURCEMAP=false' };
  }
  return { start: cmd.segmentStart, end: cmd.segmentStart, newText: 'GENERATE_SOURCEMAP=false ' };
}

async function checkParcel(ctx: UnitRuleContext, cmd: ScriptCommand, buildEnd: number): Promise<void> {
  if (sourcemapFlags(cmd).some((f) => f.name === 'noSourceMaps')) return;
  // package.json "targets": { "default": { "sourceMap": false } } turns maps off per target.
  const targets = ctx.unit.manifest?.targets;
  if (targets && typeof targets === 'object') {
    const list = Object.values(targets as Record<string, unknown>).filter((t): t is Record<string, unknown> => !!t && typeof t === 'object');
    if (list.length > 0 && list.every((t) => t.sourceMap === false)) return;
  }
  const out = cmd.args.find((a, i) => cmd.args[i - 1]?.text === '--dist-dir')?.text ?? 'dist';
  const ship = await shipping(ctx, out);
  ctx.report({
    messageId: 'parcel', data: { command: ctx.unit.manifestText.slice(cmd.start, buildEnd), ship: shipNote(ship, out) },
    file: ctx.unit.manifestPath, start: cmd.start, end: buildEnd,
    severity: levelFor(ship, 'warning'),
    suggestions: [{ title: 'Add --no-source-maps', edits: [{ file: ctx.unit.manifestPath, edits: [{ start: buildEnd, end: buildEnd, newText: ' --no-source-maps' }] }] }],
    key: `${cmd.script}:parcel build`,
  });
}

async function checkNext(ctx: UnitRuleContext, cfg: LocatedConfig): Promise<void> {
  for (const pair of cfg.read.exports) {
    const p = getProperty(pair, 'productionBrowserSourceMaps');
    if (!p) continue;
    const v = primitive(p.production);
    if (!v.known || v.value !== true) continue;
    const ship = await shipping(ctx, '.next');
    const r = findingRange(p);
    ctx.report({
      messageId: 'next', data: { cond: conditionalNote(p), ship: shipNote(ship, '.next/static') },
      file: cfg.file, start: r.start, end: r.end,
      severity: levelFor(ship, 'warning'),
      suggestions: [replaceValueFix('Set productionBrowserSourceMaps to false', cfg.file, p, 'false')],
      key: `${pair.origin}:${p.chain}`,
    });
  }
}

function usesVueCli(ctx: UnitRuleContext): boolean {
  const m = ctx.unit.manifest ?? {};
  return ['dependencies', 'devDependencies'].some((k) => {
    const deps = m[k];
    return !!deps && typeof deps === 'object' && '@vue/cli-service' in (deps as Record<string, unknown>);
  }) || /vue-cli-service\s+build/.test(ctx.unit.manifestText);
}

async function checkVue(ctx: UnitRuleContext, cfg: LocatedConfig): Promise<void> {
  if (!usesVueCli(ctx)) return;
  for (const pair of cfg.read.exports) {
    const outDir = primitive(getProperty(pair, 'outputDir')?.production).value;
    const out = typeof outDir === 'string' ? outDir : 'dist';
    // An explicit `configureWebpack: { devtool: false }` wins over productionSourceMap.
    const devtool = primitive(getProperty(pair, 'configureWebpack.devtool')?.production);
    if (devtool.known && devtool.value === false) continue;
    const p = getProperty(pair, 'productionSourceMap');
    const ship = await shipping(ctx, out);
    if (p) {
      const v = primitive(p.production);
      if (!v.known || v.value === false || v.value === 'false') continue;
      if (v.value === undefined && p.production !== undefined) continue;
      const r = findingRange(p);
      ctx.report({
        messageId: 'vueExplicit', data: { value: JSON.stringify(v.value ?? true), cond: conditionalNote(p), ship: shipNote(ship, out) },
        file: cfg.file, start: r.start, end: r.end,
        severity: levelFor(ship, 'warning'),
        suggestions: [replaceValueFix('Set productionSourceMap to false', cfg.file, p, 'false')],
        key: `${pair.origin}:${p.chain}`,
      });
      continue;
    }
    const obj = pair.production;
    const lineEnd = cfg.text.indexOf('\n', pair.start);
    const report: Report = {
      messageId: 'vueDefault', data: { ship: shipNote(ship, out) },
      file: cfg.file, start: pair.start, end: Math.min(pair.end, lineEnd < 0 ? cfg.text.length : lineEnd),
      severity: levelFor(ship, 'warning'),
      key: `${pair.origin}:productionSourceMap`,
    };
    if (obj.t === 'obj' && cfg.text[obj.start] === '{') {
      report.suggestions = [{ title: 'Add productionSourceMap: false', edits: [{ file: cfg.file, edits: [{ start: obj.start + 1, end: obj.start + 1, newText: '\n  productionSourceMap: false,' }] }] }];
    }
    ctx.report(report);
  }
}

function mapsOn(value: unknown): boolean {
  if (value === true) return true;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return o.scripts !== false || o.styles !== false;
  }
  return false;
}

async function checkAngular(ctx: UnitRuleContext, cfg: LocatedConfig): Promise<void> {
  let tree: JsonNode | undefined;
  try {
    tree = parseTree(cfg.text, [], { allowTrailingComma: true, disallowComments: false });
  } catch {
    return;
  }
  const projects = tree && findNodeAtLocation(tree, ['projects']);
  if (!projects || projects.type !== 'object') return;
  for (const prop of projects.children ?? []) {
    const name = String(prop.children?.[0]?.value ?? '');
    for (const targetsKey of ['architect', 'targets']) {
      const build = findNodeAtLocation(tree!, ['projects', name, targetsKey, 'build']);
      if (!build) continue;
      const prodNode = findNodeAtLocation(build, ['configurations', 'production', 'sourceMap']);
      const baseNode = findNodeAtLocation(build, ['options', 'sourceMap']);
      const node = prodNode ?? baseNode;
      if (!node) continue; // the builders' default is false
      const value: unknown = getNodeValue(node);
      if (!mapsOn(value)) continue;
      const outNode = findNodeAtLocation(build, ['configurations', 'production', 'outputPath']) ?? findNodeAtLocation(build, ['options', 'outputPath']);
      const outVal: unknown = outNode ? getNodeValue(outNode) : undefined;
      const out = typeof outVal === 'string' ? outVal : typeof outVal === 'object' && outVal && typeof (outVal as { base?: unknown }).base === 'string' ? (outVal as { base: string }).base : `dist/${name}`;
      const ship = await shipping(ctx, out);
      const hidden = typeof value === 'object' && (value as { hidden?: unknown }).hidden === true;
      const jsonPath = ['projects', name, targetsKey, 'build', 'configurations', 'production', 'sourceMap'];
      ctx.report({
        messageId: 'angular',
        data: { where: prodNode ? 'configurations.production' : 'build options (not overridden for production)', value: JSON.stringify(value), project: name, ship: shipNote(ship, out) },
        file: cfg.file, start: node.offset, end: node.offset + node.length,
        // hidden maps carry no sourceMappingURL, yet they are still written next to the bundle.
        severity: levelFor(ship, 'warning'),
        suggestions: [{ title: `Set sourceMap to false for production${hidden ? ' (hidden maps are still deployed)' : ''}`, edits: [{ file: cfg.file, edits: jsonSet(cfg.text, jsonPath, false) }] }],
        key: `angular:${name}`,
      });
    }
  }
}

export default rule;
