/**
 * Reads JavaScript / TypeScript build configs (webpack, Vite, Rollup, tsup, esbuild scripts,
 * `Bun.build`, ...) with @babel/parser and a tiny static evaluator. Nothing is ever executed: the
 * evaluator knows literals, objects, arrays, spreads of local objects, same-file bindings, simple
 * functions and `process.env.NODE_ENV` / `mode` / `argv` checks. Everything else is `unknown`.
 *
 * Each config is evaluated twice, once as a production build and once as a development build; a
 * property whose two values differ is *conditional*, and the production value is the one that
 * ships.
 */
import { parse } from '@babel/parser';
import type * as t from '@babel/types';

/** Which build the evaluator assumes. `argv`/`env` come from the package.json script when known. */
export interface Scenario {
  mode: 'production' | 'development';
  /** Arguments after the config/script file, when the invoking script is known. */
  argv?: readonly string[];
  /** Environment assignments of the invoking script (`NODE_ENV=production`, `cross-env X=y`). */
  env?: Readonly<Record<string, string>>;
}

export type Primitive = string | number | boolean | null | undefined;

/** A statically evaluated value; offsets are UTF-16 offsets into the config file's text. */
export type Val =
  | { t: 'lit'; v: Primitive; start: number; end: number; /** The range is the literal itself (safe to replace). */ literal: boolean }
  | { t: 'obj'; props: PropVal[]; start: number; end: number; /** Ranges of `...process.env` spreads. */ envSpreads: Array<{ start: number; end: number }> }
  | { t: 'arr'; items: Val[]; start: number; end: number }
  | { t: 'fn'; node: t.Function; start: number; end: number }
  | { t: 'env'; start: number; end: number }
  | { t: 'call'; callee: string; isNew: boolean; args: Val[]; start: number; end: number; /** The value a method is called on when it is a call or a literal (`Object.entries(process.env).map(...)`, `[...].filter(Boolean)`). */ receiver?: Val }
  | { t: 'unknown'; start: number; end: number; text: string };

export interface PropVal {
  key: string;
  keyStart: number;
  keyEnd: number;
  /** The whole `key: value` property. */
  start: number;
  end: number;
  value: Val;
}

/** One evaluated config (an exported object, one element of an exported array, or a build call's options). */
export interface ConfigPair {
  production: Val;
  development: Val;
  /** How it was found: `export`, `export[1]`, `esbuild.build`, `Bun.build`, ... */
  origin: string;
  /** Offsets of the expression it came from (the call for build calls). */
  start: number;
  end: number;
}

export interface JsConfigFile {
  /** False when the text could not be parsed at all. */
  parsed: boolean;
  problems: string[];
  /** The exported config(s); arrays of configs are split into one pair per element. */
  exports: ConfigPair[];
  /** `esbuild.build/context/buildSync(...)`, `build(...)` imported from esbuild, `Bun.build(...)`. */
  calls: ConfigPair[];
}

export interface ReadJsOptions {
  argv?: readonly string[];
  env?: Readonly<Record<string, string>>;
}

const MAX_DEPTH = 40;

interface Env {
  scenario: Scenario;
  text: string;
  decls: Map<string, t.Node>;
  imports: Map<string, string>;
  memo: Map<string, Val>;
  busy: Set<string>;
  depth: number;
}

interface Scope {
  vars: Map<string, Val>;
  parent: Scope | undefined;
}

/**
 * Parses and statically evaluates a JS/TS config or build script. Never throws and never runs
 * user code.
 */
export function readJsConfig(text: string, fileName = 'config.ts', opts: ReadJsOptions = {}): JsConfigFile {
  const out: JsConfigFile = { parsed: false, problems: [], exports: [], calls: [] };
  let ast: t.File;
  try {
    ast = parse(text, {
      sourceType: 'unambiguous',
      errorRecovery: true,
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
      plugins: /\.(c|m)?tsx?$/i.test(fileName) || !/\.(c|m)?jsx?$/i.test(fileName) ? ['typescript', 'jsx'] : ['jsx'],
    }) as unknown as t.File;
  } catch (e) {
    try {
      ast = parse(text, { sourceType: 'unambiguous', errorRecovery: true, plugins: ['typescript'] }) as unknown as t.File;
    } catch {
      out.problems.push(`Cannot parse ${fileName}: ${(e as Error).message}`);
      return out;
    }
  }
  out.parsed = true;
  const errors = (ast as unknown as { errors?: Array<{ message: string }> }).errors ?? [];
  for (const err of errors.slice(0, 3)) out.problems.push(err.message);
  try {
    const decls = new Map<string, t.Node>();
    const imports = new Map<string, string>();
    collectDecls(ast.program, decls, imports);
    const make = (mode: Scenario['mode']): Env => ({
      scenario: { mode, argv: opts.argv, env: opts.env },
      text,
      decls,
      imports,
      memo: new Map(),
      busy: new Set(),
      depth: 0,
    });
    const prod = make('production');
    const dev = make('development');
    const exProd = runProgram(ast.program, prod);
    const exDev = runProgram(ast.program, dev);
    if (exProd && exDev) {
      const p = callIfFn(exProd.value, prod);
      const d = callIfFn(exDev.value, dev);
      if (p.t === 'arr' && d.t === 'arr' && p.items.length === d.items.length) {
        p.items.forEach((item, i) =>
          out.exports.push({ production: callIfFn(item, prod), development: callIfFn(d.items[i], dev), origin: `export[${i}]`, start: item.start, end: item.end }),
        );
      } else {
        out.exports.push({ production: p, development: d, origin: 'export', start: exProd.start, end: exProd.end });
      }
    }
    for (const call of findBuildCalls(ast.program, imports)) {
      const arg = call.node.arguments[0];
      if (!arg || arg.type === 'SpreadElement' || arg.type === 'ArgumentPlaceholder') continue;
      out.calls.push({
        production: evaluate(arg as t.Expression, prod, undefined),
        development: evaluate(arg as t.Expression, dev, undefined),
        origin: call.name,
        start: call.node.start ?? 0,
        end: call.node.end ?? 0,
      });
    }
  } catch (e) {
    out.problems.push(`Cannot evaluate ${fileName}: ${(e as Error).message}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// declarations and imports

function collectDecls(program: t.Program, decls: Map<string, t.Node>, imports: Map<string, string>): void {
  // Breadth-first so that the shallowest (usually top-level) declaration of a name wins.
  let level: t.Node[] = [program];
  for (let depth = 0; depth < 12 && level.length > 0; depth++) {
    const next: t.Node[] = [];
    for (const node of level) {
      forEachChild(node, (child) => {
        if (child.type === 'VariableDeclarator') {
          if (child.id.type === 'Identifier' && child.init && !decls.has(child.id.name)) decls.set(child.id.name, child.init);
          if (child.init) noteRequire(child.id, child.init, imports);
        } else if (child.type === 'FunctionDeclaration' && child.id && !decls.has(child.id.name)) {
          decls.set(child.id.name, child);
        } else if (child.type === 'ImportDeclaration') {
          const mod = child.source.value;
          for (const s of child.specifiers) {
            if (s.type === 'ImportSpecifier') imports.set(s.local.name, `${mod}#${s.imported.type === 'Identifier' ? s.imported.name : s.imported.value}`);
            else imports.set(s.local.name, `${mod}#*`);
          }
        }
        next.push(child);
      });
    }
    level = next;
  }
}

function noteRequire(id: t.LVal | t.VoidPattern, init: t.Expression, imports: Map<string, string>): void {
  let e: t.Expression = init;
  while (e.type === 'AwaitExpression') e = e.argument;
  if (e.type !== 'CallExpression' || e.callee.type !== 'Identifier' || (e.callee.name !== 'require' && e.callee.name !== 'import')) {
    if (e.type === 'ImportExpression' || (e.type === 'CallExpression' && e.callee.type === 'Import')) {
      /* fall through below */
    } else return;
  }
  const first = (e as t.CallExpression).arguments?.[0] ?? (e as unknown as { source?: t.Node }).source;
  if (!first || first.type !== 'StringLiteral') return;
  const mod = first.value;
  if (id.type === 'Identifier') imports.set(id.name, `${mod}#*`);
  else if (id.type === 'ObjectPattern') {
    for (const p of id.properties) {
      if (p.type === 'ObjectProperty' && p.key.type === 'Identifier' && p.value.type === 'Identifier') imports.set(p.value.name, `${mod}#${p.key.name}`);
    }
  }
}

/** Calls every direct child node (skipping type annotations). */
function forEachChild(node: t.Node, fn: (child: t.Node) => void): void {
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments' || key === 'extra' || key === 'typeAnnotation' || key === 'returnType' || key === 'typeParameters') continue;
    const v = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c === 'object' && typeof (c as t.Node).type === 'string') fn(c as t.Node);
    } else if (v && typeof v === 'object' && typeof (v as t.Node).type === 'string') fn(v as t.Node);
  }
}

// ---------------------------------------------------------------------------------------------
// build calls

const BUILD_FUNCTIONS = new Set(['build', 'context', 'buildSync']);

function findBuildCalls(program: t.Program, imports: Map<string, string>): Array<{ name: string; node: t.CallExpression }> {
  const found: Array<{ name: string; node: t.CallExpression }> = [];
  const stack: t.Node[] = [program];
  let budget = 200_000;
  while (stack.length > 0 && budget-- > 0) {
    const node = stack.pop()!;
    if (node.type === 'CallExpression') {
      const name = buildCallName(node.callee, imports);
      if (name) found.push({ name, node });
    }
    forEachChild(node, (c) => stack.push(c));
  }
  return found.sort((a, b) => (a.node.start ?? 0) - (b.node.start ?? 0));
}

function buildCallName(callee: t.Node, imports: Map<string, string>): string | undefined {
  if (callee.type === 'Identifier') {
    const imp = imports.get(callee.name);
    if (imp?.startsWith('esbuild#')) {
      const fn = imp.slice('esbuild#'.length);
      if (BUILD_FUNCTIONS.has(fn)) return `esbuild.${fn}`;
    }
    return undefined;
  }
  if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') return undefined;
  const fn = callee.property.name;
  const obj = callee.object;
  if (obj.type === 'Identifier' && obj.name === 'Bun' && fn === 'build') return 'Bun.build';
  if (!BUILD_FUNCTIONS.has(fn)) return undefined;
  if (obj.type === 'Identifier') {
    const imp = imports.get(obj.name);
    if (imp === 'esbuild#*' || imp === 'esbuild#default' || (!imp && obj.name === 'esbuild')) return `esbuild.${fn}`;
  }
  if (obj.type === 'CallExpression' && obj.callee.type === 'Identifier' && obj.callee.name === 'require' && obj.arguments[0]?.type === 'StringLiteral' && obj.arguments[0].value === 'esbuild') {
    return `esbuild.${fn}`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// program interpretation: assignments and exports, in order

interface Exported {
  value: Val;
  start: number;
  end: number;
}

function runProgram(program: t.Program, env: Env): Exported | undefined {
  const scope: Scope = { vars: new Map(), parent: undefined };
  const state: { exported?: Exported } = {};
  runStatements(program.body, env, scope, state, true);
  return state.exported;
}

/** Runs statements; returns a value when a `return` ran (inside functions). */
function runStatements(body: t.Statement[], env: Env, scope: Scope, state: { exported?: Exported }, topLevel: boolean): Val | undefined {
  for (const stmt of body) {
    const r = runStatement(stmt, env, scope, state, topLevel);
    if (r) return r;
  }
  return undefined;
}

function runStatement(stmt: t.Statement, env: Env, scope: Scope, state: { exported?: Exported }, topLevel: boolean): Val | undefined {
  switch (stmt.type) {
    case 'ExportDefaultDeclaration': {
      const d = stmt.declaration;
      const v = d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration' ? fnVal(d as t.Function) : evaluate(d as t.Expression, env, scope);
      state.exported = { value: v, start: d.start ?? 0, end: d.end ?? 0 };
      return undefined;
    }
    case 'ExpressionStatement': {
      const e = unwrap(stmt.expression);
      if (e.type === 'AssignmentExpression' && e.operator === '=') {
        const target = e.left;
        if (isModuleExports(target)) {
          state.exported = { value: evaluate(e.right, env, scope), start: e.right.start ?? 0, end: e.right.end ?? 0 };
        } else if (target.type === 'MemberExpression') {
          assignMember(target, evaluate(e.right, env, scope), env, scope);
        }
      }
      return undefined;
    }
    case 'VariableDeclaration': {
      if (!topLevel) {
        for (const d of stmt.declarations) {
          if (d.id.type === 'Identifier' && d.init) scope.vars.set(d.id.name, evaluate(d.init, env, scope));
          else if (d.id.type === 'ObjectPattern' && d.init) bindPattern(d.id, evaluate(d.init, env, scope), env, scope);
        }
      }
      return undefined;
    }
    case 'IfStatement': {
      const test = truthy(evaluate(stmt.test, env, scope));
      const branch = test === true ? stmt.consequent : test === false ? stmt.alternate : undefined;
      if (!branch) return undefined;
      return runStatement(branch, env, scope, state, topLevel);
    }
    case 'BlockStatement':
      return runStatements(stmt.body, env, scope, state, topLevel);
    case 'ReturnStatement':
      return stmt.argument ? evaluate(stmt.argument, env, scope) : lit(undefined, stmt, false);
    case 'FunctionDeclaration':
      if (stmt.id && !topLevel) scope.vars.set(stmt.id.name, fnVal(stmt));
      return undefined;
    default:
      return undefined;
  }
}

function isModuleExports(node: t.Node): boolean {
  return (
    node.type === 'MemberExpression' &&
    node.object.type === 'Identifier' &&
    node.object.name === 'module' &&
    propName(node) === 'exports'
  ) || (node.type === 'MemberExpression' && node.object.type === 'Identifier' && node.object.name === 'exports' && propName(node) === 'default');
}

function assignMember(target: t.MemberExpression, value: Val, env: Env, scope: Scope): void {
  const key = propName(target);
  if (key === undefined) return;
  const obj = evaluate(target.object as t.Expression, env, scope);
  if (obj.t !== 'obj') return;
  const prop: PropVal = { key, keyStart: target.property.start ?? 0, keyEnd: target.property.end ?? 0, start: target.start ?? 0, end: value.end, value };
  const i = obj.props.findIndex((p) => p.key === key);
  if (i >= 0) obj.props[i] = prop;
  else obj.props.push(prop);
}

// ---------------------------------------------------------------------------------------------
// expressions

function lit(v: Primitive, node: t.Node, literal: boolean): Val {
  return { t: 'lit', v, start: node.start ?? 0, end: node.end ?? 0, literal };
}

function unknown(node: t.Node, env: Env): Val {
  const start = node.start ?? 0;
  const end = node.end ?? 0;
  return { t: 'unknown', start, end, text: env.text.slice(start, Math.min(end, start + 200)) };
}

function fnVal(node: t.Function): Val {
  return { t: 'fn', node, start: node.start ?? 0, end: node.end ?? 0 };
}

function unwrap(e: t.Expression): t.Expression {
  let cur: t.Node = e;
  for (let i = 0; i < 20; i++) {
    if (cur.type === 'TSAsExpression' || cur.type === 'TSSatisfiesExpression' || cur.type === 'TSNonNullExpression' || cur.type === 'TypeCastExpression' || cur.type === 'ParenthesizedExpression' || cur.type === 'TSTypeAssertion' || cur.type === 'AwaitExpression') {
      cur = (cur as { expression?: t.Expression; argument?: t.Expression }).expression ?? (cur as { argument: t.Expression }).argument;
    } else break;
  }
  return cur as t.Expression;
}

function propName(m: t.MemberExpression | t.OptionalMemberExpression): string | undefined {
  if (!m.computed && m.property.type === 'Identifier') return m.property.name;
  if (m.property.type === 'StringLiteral') return m.property.value;
  if (m.property.type === 'NumericLiteral') return String(m.property.value);
  return undefined;
}

function keyName(key: t.Node, computed: boolean): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'StringLiteral') return key.value;
  if (key.type === 'NumericLiteral') return String(key.value);
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** Truthiness of a value when statically known. */
export function truthy(v: Val): boolean | undefined {
  if (v.t === 'lit') return !!v.v;
  if (v.t === 'obj' || v.t === 'arr' || v.t === 'fn' || v.t === 'env') return true;
  return undefined;
}

function lookup(name: string, env: Env, scope: Scope | undefined): Val | undefined {
  for (let s = scope; s; s = s.parent) if (s.vars.has(name)) return s.vars.get(name);
  if (env.memo.has(name)) return env.memo.get(name);
  const decl = env.decls.get(name);
  if (!decl || env.busy.has(name)) return undefined;
  env.busy.add(name);
  const v = decl.type === 'FunctionDeclaration' ? fnVal(decl) : evaluate(decl as t.Expression, env, undefined);
  env.busy.delete(name);
  env.memo.set(name, v);
  return v;
}

/** The mode-dependent object a config function receives (`env`, `argv`, `{ mode, command }`, tsup options). */
function paramMember(key: string, node: t.Node, env: Env): Val | undefined {
  const prod = env.scenario.mode === 'production';
  switch (key) {
    case 'mode':
    case 'NODE_ENV':
      return lit(env.scenario.mode, node, false);
    case 'production':
    case 'prod':
    case 'isProduction':
    case 'isProd':
      return lit(prod, node, false);
    case 'development':
    case 'dev':
    case 'isDev':
    case 'isDevelopment':
    case 'watch':
    case 'WEBPACK_SERVE':
      return lit(!prod, node, false);
    case 'command':
      return lit(prod ? 'build' : 'serve', node, false);
    default:
      return undefined;
  }
}

const PARAM_MARK = '\u0000param';

function paramVal(node: t.Node): Val {
  return { t: 'call', callee: PARAM_MARK, isNew: false, args: [], start: node.start ?? 0, end: node.end ?? 0 };
}

function isParam(v: Val | undefined): boolean {
  return v?.t === 'call' && v.callee === PARAM_MARK;
}

function bindPattern(pattern: t.ObjectPattern, from: Val, env: Env, scope: Scope): void {
  for (const p of pattern.properties) {
    if (p.type !== 'ObjectProperty') continue;
    const key = keyName(p.key, p.computed);
    const target = p.value.type === 'AssignmentPattern' ? p.value.left : p.value;
    if (!key || target.type !== 'Identifier') continue;
    let v: Val | undefined;
    if (isParam(from)) v = paramMember(key, p, env) ?? unknown(p, env);
    else if (from.t === 'obj') v = from.props.find((q) => q.key === key)?.value;
    if (!v && p.value.type === 'AssignmentPattern') v = evaluate(p.value.right, env, scope);
    scope.vars.set(target.name, v ?? unknown(p, env));
  }
}

/** A same-file function bound to `name` (so a local `withX` helper is called, not treated as a config wrapper). */
function lookupFn(name: string, env: Env, scope: Scope | undefined): boolean {
  for (let s = scope; s; s = s.parent) if (s.vars.has(name)) return s.vars.get(name)?.t === 'fn';
  const decl = env.decls.get(name);
  return !!decl && (decl.type === 'FunctionDeclaration' || decl.type === 'ArrowFunctionExpression' || decl.type === 'FunctionExpression');
}

/** Calls a function value with mode-dependent parameters; other values pass through. */
function callIfFn(v: Val, env: Env): Val {
  if (v.t !== 'fn') return v;
  return callFn(v.node, env, v);
}

function callFn(node: t.Function, env: Env, at: Val): Val {
  if (env.depth > MAX_DEPTH) return { t: 'unknown', start: at.start, end: at.end, text: 'function' };
  env.depth++;
  try {
    const scope: Scope = { vars: new Map(), parent: undefined };
    for (const p of node.params) {
      const target = p.type === 'AssignmentPattern' ? p.left : p;
      if (target.type === 'Identifier') scope.vars.set(target.name, paramVal(target));
      else if (target.type === 'ObjectPattern') bindPattern(target, paramVal(target), env, scope);
    }
    if (node.body.type !== 'BlockStatement') return evaluate(node.body, env, scope);
    const r = runStatements(node.body.body, env, scope, {}, false);
    return r ?? { t: 'unknown', start: at.start, end: at.end, text: 'function without a static return' };
  } finally {
    env.depth--;
  }
}

const MERGE_FUNCTIONS = new Set(['merge', 'mergeConfig', 'webpackMerge', 'mergeWithCustomize', 'smart', 'mergeWithRules']);
const WRAPPER_FUNCTIONS = new Set(['defineConfig', 'defineBuildConfig', 'withPlugins']);

function calleeName(callee: t.Node): string {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') {
    const obj = calleeName(callee.object);
    const p = propName(callee) ?? '?';
    return obj ? `${obj}.${p}` : p;
  }
  if (callee.type === 'ThisExpression') return 'this';
  return '';
}

function mergeInto(target: Val & { t: 'obj' }, source: Val): void {
  if (source.t !== 'obj') return;
  target.envSpreads.push(...source.envSpreads);
  for (const prop of source.props) {
    const i = target.props.findIndex((p) => p.key === prop.key);
    if (i < 0) target.props.push(prop);
    else {
      const cur = target.props[i].value;
      if (cur.t === 'obj' && prop.value.t === 'obj') {
        const merged: Val = { t: 'obj', props: [...cur.props], start: cur.start, end: cur.end, envSpreads: [...cur.envSpreads] };
        mergeInto(merged, prop.value);
        target.props[i] = { ...prop, value: merged };
      } else target.props[i] = prop;
    }
  }
}

/** Evaluates an expression statically. */
function evaluate(expr: t.Expression | t.Node, env: Env, scope: Scope | undefined): Val {
  if (env.depth > MAX_DEPTH) return unknown(expr, env);
  env.depth++;
  try {
    return evaluateInner(unwrap(expr as t.Expression), env, scope);
  } finally {
    env.depth--;
  }
}

function evaluateInner(e: t.Expression, env: Env, scope: Scope | undefined): Val {
  switch (e.type) {
    case 'StringLiteral':
    case 'NumericLiteral':
    case 'BooleanLiteral':
      return lit(e.value, e, true);
    case 'NullLiteral':
      return lit(null, e, true);
    case 'TemplateLiteral':
      if (e.expressions.length === 0) return lit(e.quasis[0]?.value.cooked ?? '', e, true);
      return unknown(e, env);
    case 'Identifier': {
      if (e.name === 'undefined') return lit(undefined, e, true);
      const v = lookup(e.name, env, scope);
      if (!v) return unknown(e, env);
      // A value reached through a binding keeps its own (literal) range; parameters take this node's.
      return isParam(v) ? paramVal(e) : v;
    }
    case 'ObjectExpression': {
      const obj: Val & { t: 'obj' } = { t: 'obj', props: [], start: e.start ?? 0, end: e.end ?? 0, envSpreads: [] };
      for (const p of e.properties) {
        if (p.type === 'SpreadElement') {
          const v = evaluate(p.argument, env, scope);
          if (v.t === 'env') obj.envSpreads.push({ start: p.start ?? 0, end: p.end ?? 0 });
          else if (v.t === 'obj') {
            for (const sp of v.props) {
              const i = obj.props.findIndex((q) => q.key === sp.key);
              if (i >= 0) obj.props[i] = sp;
              else obj.props.push(sp);
            }
            obj.envSpreads.push(...v.envSpreads);
          }
          continue;
        }
        const key = keyName(p.key, p.computed);
        if (key === undefined) continue;
        const value = p.type === 'ObjectMethod' ? fnVal(p) : p.value.type === 'AssignmentPattern' ? unknown(p.value, env) : evaluate(p.value as t.Expression, env, scope);
        const prop: PropVal = { key, keyStart: p.key.start ?? 0, keyEnd: p.key.end ?? 0, start: p.start ?? 0, end: p.end ?? 0, value };
        const i = obj.props.findIndex((q) => q.key === key);
        if (i >= 0) obj.props[i] = prop;
        else obj.props.push(prop);
      }
      return obj;
    }
    case 'ArrayExpression': {
      const items: Val[] = [];
      for (const el of e.elements) {
        if (!el) continue;
        if (el.type === 'SpreadElement') {
          const v = evaluate(el.argument, env, scope);
          if (v.t === 'arr') items.push(...v.items);
          else items.push(unknown(el, env));
        } else items.push(evaluate(el, env, scope));
      }
      return { t: 'arr', items, start: e.start ?? 0, end: e.end ?? 0 };
    }
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
      return fnVal(e);
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      const key = propName(e);
      // process.env.X and process.env itself.
      if (e.object.type === 'MemberExpression' && e.object.object.type === 'Identifier' && e.object.object.name === 'process' && propName(e.object) === 'env') {
        if (key === 'NODE_ENV') return lit(env.scenario.env?.NODE_ENV ?? env.scenario.mode, e, false);
        if (key !== undefined && env.scenario.env && key in env.scenario.env) return lit(env.scenario.env[key], e, false);
        return unknown(e, env);
      }
      if (e.object.type === 'Identifier' && e.object.name === 'process' && key === 'env') return { t: 'env', start: e.start ?? 0, end: e.end ?? 0 };
      if (e.object.type === 'MemberExpression' && e.object.object.type === 'MetaProperty' && propName(e.object) === 'env') {
        if (key === 'PROD') return lit(env.scenario.mode === 'production', e, false);
        if (key === 'DEV') return lit(env.scenario.mode !== 'production', e, false);
        if (key === 'MODE') return lit(env.scenario.mode, e, false);
        return unknown(e, env);
      }
      if (key === undefined) return unknown(e, env);
      const obj = evaluate(e.object as t.Expression, env, scope);
      if (isParam(obj)) return paramMember(key, e, env) ?? unknown(e, env);
      if (obj.t === 'obj') return obj.props.find((p) => p.key === key)?.value ?? lit(undefined, e, false);
      if (obj.t === 'arr' && key === 'length') return lit(obj.items.length, e, false);
      if (obj.t === 'arr' && /^\d+$/.test(key)) return obj.items[Number(key)] ?? lit(undefined, e, false);
      return unknown(e, env);
    }
    case 'UnaryExpression': {
      if (e.operator === 'void') return lit(undefined, e, false);
      const v = evaluate(e.argument, env, scope);
      if (e.operator === '!') {
        const b = truthy(v);
        return b === undefined ? unknown(e, env) : lit(!b, e, false);
      }
      if (e.operator === '-' && v.t === 'lit' && typeof v.v === 'number') return lit(-v.v, e, v.literal);
      if (e.operator === 'typeof') return unknown(e, env);
      return unknown(e, env);
    }
    case 'BinaryExpression': {
      if (e.left.type === 'PrivateName') return unknown(e, env);
      const l = evaluate(e.left, env, scope);
      const r = evaluate(e.right, env, scope);
      if (l.t !== 'lit' || r.t !== 'lit') return unknown(e, env);
      switch (e.operator) {
        case '===':
          return lit(l.v === r.v, e, false);
        case '==':
          // eslint-disable-next-line eqeqeq
          return lit(l.v == r.v, e, false);
        case '!==':
          return lit(l.v !== r.v, e, false);
        case '!=':
          // eslint-disable-next-line eqeqeq
          return lit(l.v != r.v, e, false);
        case '+':
          if (typeof l.v === 'string' || typeof r.v === 'string') return lit(String(l.v) + String(r.v), e, false);
          if (typeof l.v === 'number' && typeof r.v === 'number') return lit(l.v + r.v, e, false);
          return unknown(e, env);
        default:
          return unknown(e, env);
      }
    }
    case 'LogicalExpression': {
      const l = evaluate(e.left, env, scope);
      if (e.operator === '??') return l.t === 'lit' && (l.v === null || l.v === undefined) ? evaluate(e.right, env, scope) : l.t === 'unknown' ? unknown(e, env) : l;
      const b = truthy(l);
      if (b === undefined) return unknown(e, env);
      if (e.operator === '&&') return b ? evaluate(e.right, env, scope) : l;
      return b ? l : evaluate(e.right, env, scope);
    }
    case 'ConditionalExpression': {
      const b = truthy(evaluate(e.test, env, scope));
      if (b === undefined) return unknown(e, env);
      return evaluate(b ? e.consequent : e.alternate, env, scope);
    }
    case 'CallExpression':
    case 'OptionalCallExpression':
    case 'NewExpression': {
      const name = calleeName(e.callee);
      const args = e.arguments;
      // process.argv.includes('--production')
      if (name === 'process.argv.includes' && args[0]?.type === 'StringLiteral') return lit(argvIncludes(args[0].value, env), e, false);
      if (name === 'process.argv.indexOf' && args[0]?.type === 'StringLiteral') return lit(argvIncludes(args[0].value, env) ? 2 : -1, e, false);
      // Config plugins compose as `withSentryConfig(withBundleAnalyzer(nextConfig), opts)` or
      // `withPlugins([plugins], nextConfig)`: the config is the first argument that is an object.
      if (e.type !== 'NewExpression' && e.callee.type === 'Identifier' && /^with[A-Z]/.test(e.callee.name) && !lookupFn(e.callee.name, env, scope)) {
        for (const a of args) {
          if (a.type === 'SpreadElement' || a.type === 'ArgumentPlaceholder') continue;
          const v = callIfFn(evaluate(a as t.Expression, env, scope), env);
          if (v.t === 'obj') return v;
        }
      }
      if (e.type !== 'NewExpression' && WRAPPER_FUNCTIONS.has(name.split('.').pop() ?? '') && args[0] && args[0].type !== 'SpreadElement' && args[0].type !== 'ArgumentPlaceholder') {
        return callIfFn(evaluate(args[0] as t.Expression, env, scope), env);
      }
      if (e.type !== 'NewExpression' && MERGE_FUNCTIONS.has(name.split('.').pop() ?? '')) {
        const merged: Val & { t: 'obj' } = { t: 'obj', props: [], start: e.start ?? 0, end: e.end ?? 0, envSpreads: [] };
        for (const a of args) if (a.type !== 'SpreadElement' && a.type !== 'ArgumentPlaceholder') mergeInto(merged, callIfFn(evaluate(a as t.Expression, env, scope), env));
        return merged;
      }
      if (e.type !== 'NewExpression' && name === 'Object.assign') {
        const merged: Val & { t: 'obj' } = { t: 'obj', props: [], start: e.start ?? 0, end: e.end ?? 0, envSpreads: [] };
        for (const a of args) {
          if (a.type === 'SpreadElement' || a.type === 'ArgumentPlaceholder') continue;
          const v = evaluate(a as t.Expression, env, scope);
          if (v.t === 'env') merged.envSpreads.push({ start: a.start ?? 0, end: a.end ?? 0 });
          else if (v.t === 'obj') for (const p of v.props) {
            const i = merged.props.findIndex((q) => q.key === p.key);
            if (i >= 0) merged.props[i] = p;
            else merged.props.push(p);
          }
        }
        return merged;
      }
      if (e.type !== 'NewExpression' && name === 'JSON.stringify' && args[0]?.type !== 'SpreadElement') {
        const v = args[0] ? evaluate(args[0] as t.Expression, env, scope) : lit(undefined, e, false);
        if (v.t === 'lit') return lit(JSON.stringify(v.v), e, false);
      }
      // A same-file function called directly: `module.exports = makeConfig()`.
      if (e.type !== 'NewExpression' && e.callee.type === 'Identifier') {
        const fn = lookup(e.callee.name, env, scope);
        if (fn?.t === 'fn') return callFn(fn.node, env, fn);
      }
      const argVals = args
        .filter((a): a is t.Expression => a.type !== 'SpreadElement' && a.type !== 'ArgumentPlaceholder')
        .map((a) => evaluate(a, env, scope));
      const call: Val & { t: 'call' } = { t: 'call', callee: name, isNew: e.type === 'NewExpression', args: argVals, start: e.start ?? 0, end: e.end ?? 0 };
      const callee = e.callee;
      if ((callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && ['CallExpression', 'OptionalCallExpression', 'ArrayExpression', 'ObjectExpression'].includes(callee.object.type)) {
        call.receiver = evaluate(callee.object, env, scope);
      }
      return call;
    }
    case 'SequenceExpression':
      return e.expressions.length ? evaluate(e.expressions[e.expressions.length - 1], env, scope) : unknown(e, env);
    default:
      return unknown(e, env);
  }
}

function argvIncludes(flag: string, env: Env): boolean {
  if (env.scenario.argv) return env.scenario.argv.includes(flag);
  // Unknown invocation: production builds pass --production/--prod/--minify, dev builds --watch/--dev.
  const prodFlag = /^--?(production|prod|release|minify|publish)$/.test(flag);
  const devFlag = /^--?(watch|dev|development|serve|sourcemap|debug)$/.test(flag);
  if (prodFlag) return env.scenario.mode === 'production';
  if (devFlag) return env.scenario.mode === 'development';
  return false;
}

// ---------------------------------------------------------------------------------------------
// property lookup

/** One property of an evaluated config, as the production build sees it. */
export interface ConfigProperty {
  /** Dotted path with array indexes: `build.sourcemap`, `output[1].sourcemap`. */
  chain: string;
  /** Production value (after following bindings); `undefined` when absent in production. */
  production: Val | undefined;
  development: Val | undefined;
  /** True when the production and development values differ. */
  conditional: boolean;
  /** The property as written (production's, else development's). */
  prop: PropVal;
}

/** Statically known primitive of a value, or `undefined` with `known: false`. */
export function primitive(v: Val | undefined): { known: boolean; value: Primitive } {
  if (!v) return { known: true, value: undefined };
  if (v.t === 'lit') return { known: true, value: v.v };
  return { known: false, value: undefined };
}

function same(a: Val | undefined, b: Val | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.t === 'lit' && b.t === 'lit') return a.v === b.v;
  return a.t === b.t && a.t !== 'lit' && a.t !== 'unknown';
}

function findProps(v: Val | undefined, keys: string[], prefix: string, out: Array<{ chain: string; prop: PropVal }>): void {
  if (!v || keys.length === 0) return;
  if (v.t === 'arr') {
    v.items.forEach((item, i) => findProps(item, keys, `${prefix}[${i}]`, out));
    return;
  }
  if (v.t !== 'obj') return;
  const prop = v.props.find((p) => p.key === keys[0]);
  if (!prop) return;
  const chain = prefix ? `${prefix}.${keys[0]}` : keys[0];
  if (keys.length === 1) out.push({ chain, prop });
  else findProps(prop.value, keys.slice(1), chain, out);
}

/**
 * Every occurrence of a dotted property chain in a config (arrays of outputs are searched too), with
 * the production and development values side by side.
 */
export function getProperties(pair: ConfigPair, chain: string): ConfigProperty[] {
  const keys = chain.split('.');
  const prod: Array<{ chain: string; prop: PropVal }> = [];
  const dev: Array<{ chain: string; prop: PropVal }> = [];
  findProps(pair.production, keys, '', prod);
  findProps(pair.development, keys, '', dev);
  const chains = [...new Set([...prod.map((p) => p.chain), ...dev.map((p) => p.chain)])];
  return chains.map((c) => {
    const p = prod.find((x) => x.chain === c);
    const d = dev.find((x) => x.chain === c);
    return { chain: c, production: p?.prop.value, development: d?.prop.value, conditional: !same(p?.prop.value, d?.prop.value), prop: (p ?? d)!.prop };
  });
}

/** The first occurrence of a chain, or undefined. */
export function getProperty(pair: ConfigPair, chain: string): ConfigProperty | undefined {
  return getProperties(pair, chain)[0];
}

/** True when a value is, or is built from, the whole `process.env` (spreads, JSON.stringify, Object.keys, ...). */
export function containsWholeEnv(v: Val | undefined, depth = 0): { start: number; end: number } | undefined {
  if (!v || depth > 8) return undefined;
  if (v.t === 'env') return { start: v.start, end: v.end };
  if (v.t === 'obj') {
    if (v.envSpreads.length) return v.envSpreads[0];
    for (const p of v.props) {
      const hit = containsWholeEnv(p.value, depth + 1);
      if (hit) return hit;
    }
  }
  if (v.t === 'call' && v.callee !== PARAM_MARK) {
    // `.filter(...)` / `pick(...)` narrow the environment to an allowlist.
    if (/(^|\.)(filter|pick)$/.test(v.callee)) return undefined;
    // Vite `loadEnv(mode, dir, '')`: the empty prefix loads every variable, not only VITE_*.
    if (/(^|\.)loadEnv$/.test(v.callee) && emptyPrefix(v.args[2])) return { start: v.start, end: v.end };
    for (const a of v.args) if (containsWholeEnv(a, depth + 1)) return { start: v.start, end: v.end };
    if (v.receiver && containsWholeEnv(v.receiver, depth + 1)) return { start: v.start, end: v.end };
  }
  return undefined;
}

/** The innermost expression that is the whole environment (`process.env`, `...process.env`, `loadEnv(m, d, '')`). */
export function wholeEnvSource(v: Val | undefined, depth = 0): { start: number; end: number; kind: 'env' | 'spread' | 'loadEnv'; /** For `loadEnv`: the prefix argument. */ prefix?: { start: number; end: number } } | undefined {
  if (!v || depth > 8) return undefined;
  if (v.t === 'env') return { start: v.start, end: v.end, kind: 'env' };
  if (v.t === 'obj') {
    if (v.envSpreads.length) return { ...v.envSpreads[0], kind: 'spread' };
    for (const p of v.props) {
      const hit = wholeEnvSource(p.value, depth + 1);
      if (hit) return hit;
    }
  }
  if (v.t === 'call' && v.callee !== PARAM_MARK) {
    if (/(^|\.)(filter|pick)$/.test(v.callee)) return undefined;
    if (/(^|\.)loadEnv$/.test(v.callee) && emptyPrefix(v.args[2])) return { start: v.start, end: v.end, kind: 'loadEnv', prefix: { start: v.args[2].start, end: v.args[2].end } };
    for (const a of v.args) {
      const hit = wholeEnvSource(a, depth + 1);
      if (hit) return hit;
    }
    if (v.receiver) return wholeEnvSource(v.receiver, depth + 1);
  }
  return undefined;
}

/** True for a prefix value of `''` or an array containing `''` (no filtering at all). */
export function emptyPrefix(v: Val | undefined): boolean {
  if (!v) return false;
  if (v.t === 'lit') return v.v === '';
  if (v.t === 'arr') return v.items.some((i) => i.t === 'lit' && i.v === '');
  return false;
}

/** Range to edit for a quick fix of a property's production value: the literal when it is one, else the value expression. */
export function editRange(p: ConfigProperty): { start: number; end: number; literal: boolean } {
  const v = p.production;
  if (v && v.t === 'lit' && v.literal) return { start: v.start, end: v.end, literal: true };
  return { start: p.prop.value.start, end: p.prop.value.end, literal: false };
}
