/**
 * secret-build-env-inlining: bundler settings that bake environment variables into shipped code
 * (catalogue rule 40). The whole `process.env` in a `define` / `DefinePlugin` / `EnvironmentPlugin`,
 * Vite `loadEnv(mode, dir, '')` fed into `define`, an empty or over-broad `envPrefix`, Bun
 * `env: 'inline'` / `--env=inline`, secret-looking names in `define` / Next.js `env`, and
 * client-exposed `.env` names (`VITE_*_SECRET`).
 */
import type { Report, Severity } from '../server/src/engine/types';
import type { UnitRule, UnitRuleContext } from '../server/src/engine/context';
import { commandLevel, type ConfigPair, emptyPrefix, getProperty, locateConfigs, type LocatedConfig, optionValue, pathOf, shipNote, type Shipping, shipping, sourcemapFlags, unitBuildCommands, type Val, wholeEnvSource } from '../server/src/engine/rule-kit';

/** Replacement for the whole environment: only variables with a public prefix. */
const FILTERED_ENV = `Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('PUBLIC_')))`;

/** Names that carry credentials in CI and developer shells; a prefix that matches one of them is too broad. */
const WELL_KNOWN_SECRET_VARS = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'GITHUB_TOKEN', 'GH_TOKEN', 'NPM_TOKEN', 'NODE_AUTH_TOKEN', 'npm_config__authToken', 'OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'DATABASE_URL', 'STRIPE_SECRET_KEY', 'SENTRY_AUTH_TOKEN', 'VERCEL_TOKEN', 'CI_JOB_TOKEN', 'SLACK_TOKEN', 'GOOGLE_APPLICATION_CREDENTIALS', 'AZURE_CLIENT_SECRET', 'JWT_SECRET', 'SECRET_KEY'];

/** Client-exposed framework prefixes followed by a secret-looking word (catalogue rule 40). */
const CLIENT_SECRET_NAME = /\b(?:NEXT_PUBLIC|VITE|REACT_APP|EXPO_PUBLIC|NUXT_PUBLIC|GATSBY|PUBLIC)_[A-Z0-9_]*(?:SECRET|PRIVATE|PASSWORD|TOKEN|API_KEY|SERVICE_ROLE)[A-Z0-9_]*\b/;
/** A secret-looking variable name (for `define` keys and Next.js `env`, where every key is inlined). */
const SECRET_NAME = /(?:SECRET|PRIVATE|PASSWORD|PASSWD|TOKEN|API_?KEY|SERVICE_ROLE|ACCESS_KEY|CREDENTIAL)/i;
/** Keys that are public by design (Stripe publishable keys, reCAPTCHA site keys, Firebase web keys, analytics write keys). */
const PUBLIC_BY_DESIGN = /(?:PUBLISHABLE|PUBLIC_KEY|SITE_KEY|ANON_KEY|FIREBASE_API_KEY|MAPS_API_KEY|WRITE_KEY|CSRF)/i;

const DOTENV_FILES = ['.env', '.env.production', '.env.local', '.env.production.local'];
const PLUGIN_CALL = /(^|\.)(DefinePlugin|EnvironmentPlugin|replace)$/;

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'secret-build-env-inlining',
    family: 'secret',
    description: 'Bundler settings that bake environment variables (often every one of them) into shipped code.',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      wholeEnv: '{{where}} inlines the whole environment ({{what}}) into the bundle: every variable of the build machine, CI tokens included, ends up in shipped code; {{ship}}.',
      envPrefix: '{{option}} {{value}} exposes {{scope}} to client code; keep a dedicated public prefix such as {{suggested}}.',
      bunEnv: 'Bun env {{value}} inlines {{scope}} into the bundle; use a prefix such as "PUBLIC_*"; {{ship}}.',
      cliBunEnv: '`{{flag}}` in the "{{script}}" script inlines {{scope}} into the bundle; use --env=PUBLIC_*; {{ship}}.',
      secretName: '{{where}} inlines "{{name}}" into shipped code; secret-looking values must stay on the server.',
      dotenvName: '{{name}} is exposed to client code by its {{prefix}}_ prefix yet its name says it is secret; it will be inlined into the bundle.',
      dotenvSystemvars: 'dotenv-webpack systemvars: true lets any referenced system variable (CI tokens included) be inlined.',
    },
    optionsSchema: {
      type: 'object',
      properties: { allowNames: { type: 'array', items: { type: 'string' }, description: 'Variable names that are public by design.' } },
      additionalProperties: false,
    },
  },
  async check(ctx) {
    const allow = new Set(Array.isArray(ctx.options.allowNames) ? ctx.options.allowNames.filter((x): x is string => typeof x === 'string') : []);
    const configs = await locateConfigs(ctx, ctx.unit, ['vite', 'webpack', 'rspack', 'rollup', 'rolldown', 'tsup', 'tsdown', 'next', 'vue', 'script']);
    for (const cfg of configs) {
      if (cfg.usedForPublish === false) continue;
      const pairs = cfg.tool === 'script' ? cfg.read.calls : cfg.read.exports;
      for (const pair of pairs) {
        const out = outDirOf(pair);
        const ship = await shipping(ctx, out);
        const seen = new Set<string>();
        const emit = (r: Report) => {
          const k = `${r.messageId}:${r.start}:${r.end}`;
          if (seen.has(k)) return;
          seen.add(k);
          ctx.report({ file: cfg.file, ...r });
        };
        walk(pair.production, '', cfg, pair, { file: cfg.file, ship, out, allow, emit });
      }
    }
    for (const cmd of await unitBuildCommands(ctx)) {
      for (const f of sourcemapFlags(cmd)) {
        if (f.tool !== 'bun' || f.name !== 'env') continue;
        const scope = bunScope(f.value);
        if (!scope) continue;
        const outfile = optionValue(cmd, ['--outfile'])?.value;
        const out = optionValue(cmd, ['--outdir'])?.value ?? (outfile ? outfile.replace(/\/[^/]*$/, '') : '.');
        const ship = await shipping(ctx, out);
        const report: Report = {
          messageId: 'cliBunEnv', data: { flag: ctx.unit.manifestText.slice(f.start, f.end), script: cmd.script, scope, ship: shipNote(ship, out) },
          file: ctx.unit.manifestPath, start: f.start, end: f.end, severity: commandLevel(cmd, wholeLevel(ship)),
        };
        if (f.valueStart !== undefined && f.valueEnd !== undefined) report.suggestions = [{ title: 'Inline only PUBLIC_* variables', edits: [{ file: ctx.unit.manifestPath, edits: [{ start: f.valueStart, end: f.valueEnd, newText: 'PUBLIC_*' }] }] }];
        ctx.report(report);
      }
    }
    await checkDotenv(ctx, allow);
  },
};

interface WalkCtx {
  /** The config file being walked. */
  file: string;
  ship: Shipping;
  out: string;
  allow: Set<string>;
  emit(r: Report): void;
}

/** error when a whole-environment bundle ships, warning when it may, info when it does not. */
function wholeLevel(ship: Shipping): Severity {
  return ship === 'ships' ? 'error' : ship === 'unknown' ? 'warning' : 'info';
}

function outDirOf(pair: ConfigPair): string {
  for (const chain of ['build.outDir', 'output.path', 'output.dir', 'outdir', 'outDir', 'distDir', 'outputDir']) {
    const p = pathOf(getProperty(pair, chain)?.production);
    if (p) return p;
  }
  const outfile = pathOf(getProperty(pair, 'outfile')?.production);
  return outfile ? outfile.replace(/\/[^/]*$/, '') || '.' : 'dist';
}

function walk(v: Val | undefined, chain: string, cfg: LocatedConfig, pair: ConfigPair, w: WalkCtx, depth = 0): void {
  if (!v || depth > 12) return;
  if (v.t === 'arr') {
    v.items.forEach((item) => walk(item, chain, cfg, pair, w, depth + 1));
    return;
  }
  if (v.t === 'call') {
    if (PLUGIN_CALL.test(v.callee)) {
      const name = v.callee.split('.').pop()!;
      for (const a of v.args) wholeEnv(a, `${v.isNew ? 'new ' : ''}${name}(...)`, w);
      if (name === 'DefinePlugin' && v.args[0]?.t === 'obj') secretKeys(v.args[0], 'DefinePlugin', w);
    }
    if (/(^|\.)Dotenv$/.test(v.callee) && v.args[0]?.t === 'obj') {
      const sys = v.args[0].props.find((p) => p.key === 'systemvars');
      if (sys && sys.value.t === 'lit' && sys.value.v === true) w.emit({ messageId: 'dotenvSystemvars', start: sys.start, end: sys.end, severity: 'info' });
    }
    for (const a of v.args) walk(a, chain, cfg, pair, w, depth + 1);
    // `plugins: [...].filter(Boolean)`: the array is the receiver of the call.
    if (v.receiver) walk(v.receiver, chain, cfg, pair, w, depth + 1);
    return;
  }
  if (v.t !== 'obj') return;
  for (const prop of v.props) {
    const at = chain ? `${chain}.${prop.key}` : prop.key;
    // vitest's `test.env` and dev-server settings never reach the bundle.
    if (prop.key === 'test' || prop.key === 'server' || prop.key === 'preview' || prop.key === 'devServer') continue;
    if (prop.key === 'define' || (prop.key === 'env' && cfg.tool !== 'script')) {
      wholeEnv(prop.value, at, w);
      if (prop.value.t === 'obj') secretKeys(prop.value, cfg.tool === 'next' && prop.key === 'env' ? 'next.config env' : at, w);
    }
    if (prop.key === 'env' && cfg.tool === 'script' && pair.origin === 'Bun.build' && prop.value.t === 'lit' && typeof prop.value.v === 'string') {
      const scope = bunScope(prop.value.v);
      if (scope) {
        w.emit({
          messageId: 'bunEnv', data: { value: JSON.stringify(prop.value.v), scope, ship: shipNote(w.ship, w.out) },
          start: prop.value.start, end: prop.value.end, severity: wholeLevel(w.ship),
          suggestions: [{ title: 'Inline only PUBLIC_* variables', edits: [{ file: cfg.file, edits: [{ start: prop.value.start, end: prop.value.end, newText: `'PUBLIC_*'` }] }] }],
        });
      }
    }
    if (prop.key === 'envPrefix' && (cfg.tool === 'vite' || cfg.tool === 'tsdown')) envPrefix(prop.value, cfg, w);
    walk(prop.value, at, cfg, pair, w, depth + 1);
  }
}

function wholeEnv(v: Val, where: string, w: WalkCtx): void {
  const src = wholeEnvSource(v);
  if (!src) return;
  const what = src.kind === 'loadEnv' ? `loadEnv with the prefix '' loads every variable` : src.kind === 'spread' ? '...process.env' : 'process.env';
  const report: Report = {
    messageId: 'wholeEnv', data: { where, what, ship: shipNote(w.ship, w.out) },
    start: src.start, end: src.end, severity: wholeLevel(w.ship), key: `wholeEnv:${where}`,
  };
  const edit = src.kind === 'loadEnv' && src.prefix
    ? { start: src.prefix.start, end: src.prefix.end, newText: `'VITE_'` }
    : { start: src.start, end: src.end, newText: src.kind === 'spread' ? `...${FILTERED_ENV}` : FILTERED_ENV };
  report.suggestions = [{ title: src.kind === 'loadEnv' ? `Load only VITE_* variables` : 'Inline only PUBLIC_* variables', edits: [{ file: w.file, edits: [edit] }] }];
  w.emit(report);
}

function secretKeys(obj: Val & { t: 'obj' }, where: string, w: WalkCtx): void {
  for (const p of obj.props) {
    const name = p.key.split('.').pop() ?? p.key;
    if (!SECRET_NAME.test(name) || PUBLIC_BY_DESIGN.test(name) || w.allow.has(name)) continue;
    // A constant written in the config is not an environment variable (secret-known-token-format covers literals).
    if (p.value.t === 'lit' || p.value.t === 'obj' || p.value.t === 'arr') continue;
    w.emit({ messageId: 'secretName', data: { where, name }, start: p.keyStart, end: p.keyEnd, key: `secretName:${p.key}` });
  }
}

function isBroadPrefix(prefix: string): boolean {
  return prefix === '' || WELL_KNOWN_SECRET_VARS.some((n) => n.startsWith(prefix));
}

function envPrefix(v: Val, cfg: LocatedConfig, w: WalkCtx): void {
  const suggested = cfg.tool === 'vite' ? `'VITE_'` : `'TSDOWN_'`;
  const items = v.t === 'arr' ? v.items : [v];
  for (const item of items) {
    if (item.t !== 'lit' || typeof item.v !== 'string' || !isBroadPrefix(item.v)) continue;
    w.emit({
      messageId: 'envPrefix',
      data: { option: `${cfg.tool} envPrefix`, value: JSON.stringify(item.v), scope: item.v === '' ? 'every environment variable' : `every variable starting with ${item.v}, including well-known credentials`, suggested },
      start: item.start, end: item.end, severity: item.v === '' || emptyPrefix(v) ? wholeLevel(w.ship) : 'warning',
      suggestions: item.literal ? [{ title: `Use ${suggested}`, edits: [{ file: cfg.file, edits: [{ start: item.start, end: item.end, newText: suggested }] }] }] : undefined,
    });
  }
}

/** What a Bun `env` value inlines, or undefined when it is safe (`disable`, `PUBLIC_*`). */
function bunScope(value: string): string | undefined {
  if (value === 'inline' || value === '*' || value === '') return 'every environment variable';
  if (value.endsWith('*') && isBroadPrefix(value.slice(0, -1))) return `every variable starting with ${value.slice(0, -1)}, including well-known credentials`;
  return undefined;
}

async function checkDotenv(ctx: UnitRuleContext, allow: Set<string>): Promise<void> {
  for (const name of DOTENV_FILES) {
    const file = `${ctx.unit.root}/${name}`;
    const text = await ctx.readText(file);
    if (text === undefined) continue;
    const re = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=/gm;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const v = m[1];
      const hit = CLIENT_SECRET_NAME.exec(v);
      if (!hit || hit[0] !== v || PUBLIC_BY_DESIGN.test(v) || allow.has(v)) continue;
      const start = m.index + m[0].indexOf(v);
      const prefix = /^(NEXT_PUBLIC|VITE|REACT_APP|EXPO_PUBLIC|NUXT_PUBLIC|GATSBY|PUBLIC)_/.exec(v)?.[1] ?? '';
      ctx.report({ messageId: 'dotenvName', data: { name: v, prefix }, file, start, end: start + v.length, key: `dotenv:${v}` });
    }
  }
}

export default rule;
