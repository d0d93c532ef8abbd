/**
 * Import boundaries (#18): the engine never imports rules/, lsp/, cli/ or client/; rules import only
 * the rule kit and the engine's public types (engine/types.ts, engine/context.ts), other rules,
 * node: builtins and npm packages; the LSP server never imports the CLI. Static imports, `export …
 * from`, `require()` and dynamic `import()` all count.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const ENGINE = path.join(ROOT, 'server/src/engine');
const RULES = path.join(ROOT, 'rules');
const LSP = path.join(ROOT, 'server/src/lsp');
const CLI = path.join(ROOT, 'server/src/cli');
const CLIENT = path.join(ROOT, 'client');
/** What a rule may import from the engine: the kit and the public types. */
const RULE_ALLOWED = [path.join(ENGINE, 'rule-kit'), path.join(ENGINE, 'rule-kit/index'), path.join(ENGINE, 'types'), path.join(ENGINE, 'context')];

/**
 * Known violations outside the rule-kit work, to be emptied by the lead: `<file relative to the repo> -> <specifier>`.
 * Empty today; a line added here must say why and which issue removes it.
 */
const KNOWN_VIOLATIONS: readonly string[] = [];

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(p);
    return /\.[cm]?tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The module specifiers a source text imports (block comments and whole-line `//` comments are skipped). */
export function specifiers(text: string): string[] {
  const out: string[] = [];
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const m of code.matchAll(/(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)) out.push(m[1]);
  return out;
}

const inside = (abs: string, dir: string) => abs === dir || abs.startsWith(dir + path.sep);

/** The boundary a file's import crosses, or undefined when it is allowed. */
export function violation(file: string, spec: string): string | undefined {
  const relative = spec.startsWith('.');
  const target = relative ? path.resolve(path.dirname(file), spec) : undefined;
  if (inside(file, ENGINE) && target && [RULES, LSP, CLI, CLIENT].some((d) => inside(target, d))) return 'the engine imports rules/, lsp/, cli/ or client/';
  if (inside(file, LSP) && target && inside(target, CLI)) return 'the LSP server imports the CLI';
  if (inside(file, RULES)) {
    if (!relative) return spec.startsWith('vscode') ? 'a rule imports the editor API' : undefined; // node: builtins and npm packages
    const t = target!.replace(/\.[cm]?[jt]s$/, '');
    if (inside(t, RULES) && path.dirname(t) === RULES) return undefined; // another rule (shared helpers of a family)
    if (RULE_ALLOWED.includes(t)) return undefined;
    return 'a rule imports the engine past the rule kit (use engine/rule-kit, or engine/types / engine/context for types)';
  }
  return undefined;
}

describe('import boundaries', () => {
  it('engine ↛ rules/lsp/cli/client; rules → kit + public types only; lsp ↛ cli', () => {
    const found: string[] = [];
    for (const file of [...walk(ENGINE), ...walk(RULES), ...walk(LSP)]) {
      for (const spec of specifiers(fs.readFileSync(file, 'utf8'))) {
        const why = violation(file, spec);
        if (why) found.push(`${path.relative(ROOT, file).split(path.sep).join('/')} -> ${spec} (${why})`);
      }
    }
    const unexpected = found.filter((f) => !KNOWN_VIOLATIONS.some((k) => f.startsWith(k + ' (')));
    assert.deepEqual(unexpected, []);
    // A listed violation that is gone must leave the list, so the list only shrinks.
    const stale = KNOWN_VIOLATIONS.filter((k) => !found.some((f) => f.startsWith(k + ' (')));
    assert.deepEqual(stale, [], 'allowlisted violations that no longer exist: remove them from KNOWN_VIOLATIONS');
  });

  it('the checker catches each kind of crossing (it can fail)', () => {
    assert.match(violation(path.join(ENGINE, 'runner.ts'), '../../../rules/index') ?? '', /engine imports/);
    assert.match(violation(path.join(ENGINE, 'publish/npm.ts'), '../../lsp/server') ?? '', /engine imports/);
    assert.match(violation(path.join(ENGINE, 'x.ts'), '../cli/main') ?? '', /engine imports/);
    assert.match(violation(path.join(LSP, 'server.ts'), '../cli/describe') ?? '', /LSP server imports the CLI/);
    assert.match(violation(path.join(RULES, 'a.ts'), '../server/src/engine/fix-helpers') ?? '', /past the rule kit/);
    assert.match(violation(path.join(RULES, 'a.ts'), '../server/src/engine/sourcemap/unit-maps') ?? '', /past the rule kit/);
    assert.match(violation(path.join(RULES, 'a.ts'), 'vscode') ?? '', /editor API/);
    assert.equal(violation(path.join(RULES, 'a.ts'), '../server/src/engine/rule-kit'), undefined);
    assert.equal(violation(path.join(RULES, 'a.ts'), '../server/src/engine/types'), undefined);
    assert.equal(violation(path.join(RULES, 'a.ts'), '../server/src/engine/context'), undefined);
    assert.equal(violation(path.join(RULES, 'a.ts'), './publish-missing-private-internal'), undefined);
    assert.equal(violation(path.join(RULES, 'a.ts'), 'node:path'), undefined);
    assert.equal(violation(path.join(RULES, 'a.ts'), 'jsonc-parser'), undefined);
    assert.equal(violation(path.join(ENGINE, 'runner.ts'), './rule-kit'), undefined);
    assert.deepEqual(specifiers("import a from './a';\nexport { b } from \"./b\";\nconst c = require('./c');\nawait import('./d');\nimport './e';\n/** import x from './f'; */\n// import y from './g';"), ['./a', './b', './c', './d', './e']);
  });
});
