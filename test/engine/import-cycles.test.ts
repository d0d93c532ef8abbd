/**
 * No import circles (#18 item 3): over server/src, rules/, protocol/ and client/src, no module reaches
 * itself through relative imports. Value imports (what runs at load time) may never form a circle;
 * `import type` edges count too, with one documented exception: the LSP feature modules name the
 * server's state type (`import type { LeakguardServer } from './server'`), the handler-context
 * pattern of vscode-stylelint's modules, erased at compile time.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const DIRS = ['server/src', 'rules', 'protocol', 'client/src'].map((d) => path.join(ROOT, d));
const LSP_SERVER = path.join(ROOT, 'server/src/lsp/server.ts');

interface Edge {
  to: string;
  typeOnly: boolean;
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

function resolve(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec.replace(/\.js$/, ''));
  for (const c of [`${base}.ts`, path.join(base, 'index.ts'), base]) if (c.endsWith('.ts') && fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  return undefined;
}

/** Relative imports of a source text; `import type {…}` / `export type {…}` are type-only, as are imports whose every name says `type`. */
export function edgesOf(file: string, text: string): Edge[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: Edge[] = [];
  for (const m of code.matchAll(/^\s*(import|export)\s+(type\s+)?([^;'"]*?)\s*from\s*['"](\.[^'"]*)['"]/gm)) {
    const to = resolve(file, m[4]);
    if (!to) continue;
    const names = /^\{([^}]*)\}$/.exec(m[3].trim());
    const allTyped = !!names && names[1].split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '));
    out.push({ to, typeOnly: !!m[2] || allTyped });
  }
  for (const m of code.matchAll(/\b(?:require|import)\(\s*['"](\.[^'"]*)['"]\s*\)/g)) {
    const to = resolve(file, m[1]);
    if (to) out.push({ to, typeOnly: false });
  }
  return out;
}

/** Strongly connected components of more than one module (or a module importing itself), Tarjan's algorithm. */
export function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

function graphOf(files: string[], keep: (from: string, e: Edge) => boolean): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of files) g.set(f, edgesOf(f, fs.readFileSync(f, 'utf8')).filter((e) => keep(f, e)).map((e) => e.to));
  return g;
}

const show = (found: string[][]) => found.map((c) => c.map((f) => path.relative(ROOT, f)).join(' ↔ ')).join('\n');

describe('import circles (#18)', () => {
  const files = DIRS.flatMap(walk);

  it('finds the modules to check', () => {
    assert.ok(files.length > 150, `only ${files.length} modules found`);
  });

  it('no circle of value imports anywhere', () => {
    const found = cycles(graphOf(files, (_f, e) => !e.typeOnly));
    assert.deepEqual(found, [], `value-import circles:\n${show(found)}`);
  });

  it('no circle of type imports either, apart from the LSP modules naming the server state type', () => {
    const lspDir = path.dirname(LSP_SERVER);
    const found = cycles(graphOf(files, (f, e) => !(e.typeOnly && e.to === LSP_SERVER && path.dirname(f) === lspDir)));
    assert.deepEqual(found, [], `import circles:\n${show(found)}`);
  });

  it('the checker sees a planted circle, type-only or not, and ignores a chain', () => {
    const a = path.join(ROOT, 'server/src/engine/types.ts');
    const b = path.join(ROOT, 'server/src/engine/context.ts');
    const c = path.join(ROOT, 'server/src/engine/paths.ts');
    assert.equal(cycles(new Map([[a, [b]], [b, [a]]])).length, 1);
    assert.equal(cycles(new Map([[a, [b]], [b, [c]], [c, [a]]]))[0].length, 3);
    assert.equal(cycles(new Map([[a, [b]], [b, [c]], [c, []]])).length, 0);
    assert.deepEqual(
      edgesOf(b, "import type { Fix } from './types';\nimport { a, type B } from './paths';\nexport type { X } from './types';\nimport { type Y } from './paths';\n").map((e) => [path.basename(e.to), e.typeOnly]),
      [['types.ts', true], ['paths.ts', false], ['types.ts', true], ['paths.ts', true]],
    );
  });
});
