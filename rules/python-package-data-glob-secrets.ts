/**
 * python-package-data-glob-secrets: a package-data / include glob (pyproject.toml, setup.cfg,
 * MANIFEST.in `global-include`, `recursive-include`, `graft`) sweeps env files, keys or credential
 * files into the sdist or the wheel. Reported at the glob itself, naming the files it sweeps in.
 */
import type { UnitRule } from '../server/src/engine/context';
import type { Fix } from '../server/src/engine/types';
import { classifyCredentialFile, globSpan, isCredentialCandidate, isDotenvPath, isSecretStoreName, pythonUnitOf, shippedFact, tomlArrayAppend, type PublishedFile } from '../server/src/engine/rule-kit';

async function secretLike(f: PublishedFile, readText: (abs: string) => Promise<string | undefined>): Promise<boolean> {
  if (isDotenvPath(f.path) || isSecretStoreName(f.path)) return true;
  if (!isCredentialCandidate(f.path)) return false;
  return classifyCredentialFile(f.path, await readText(f.abs))?.level === 'error';
}

/** A reason that comes from a glob or a whole folder a person wrote (not a backend default). */
function sweeping(kind: string, text: string, pattern: string | undefined): boolean {
  if (!pattern) return false;
  if (/^MANIFEST\.in line \d+ "(graft|recursive-include|global-include)\b/.test(text)) return true;
  return /[*?[]/.test(pattern) && ['package-data', 'include', 'manifest-in', 'include-package-data', 'packages', 'only-include'].includes(kind);
}

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'python-package-data-glob-secrets',
    family: 'python',
    description: 'A package-data or include glob (pyproject.toml, setup.cfg, MANIFEST.in) sweeps env files, keys or credentials into the sdist or wheel.',
    defaultSeverity: 'error',
    fixable: 'safe',
    messages: {
      sweeps: 'The glob "{{pattern}}" sweeps {{files}} into the {{artifacts}}. Narrow the glob or exclude them.',
    },
  },
  async check(ctx) {
    const pu = pythonUnitOf(ctx.unit);
    if (!pu) return;
    const groups = new Map<string, { file: string; pattern: string; line?: number; files: PublishedFile[]; arts: Set<string> }>();
    for (const f of ctx.publishSet.files) {
      if (f.reason.kind !== 'packager' || !(await secretLike(f, ctx.readText))) continue;
      for (const s of f.reason.shipsIn) {
        const r = s.reason;
        if (!r.file || !sweeping(r.kind, r.text, r.pattern)) continue;
        const key = `${r.file}\0${r.line ?? ''}\0${r.pattern}`;
        const g = groups.get(key) ?? { file: r.file, pattern: r.pattern!, line: r.line, files: [], arts: new Set<string>() };
        if (!g.files.includes(f)) g.files.push(f);
        g.arts.add(s.artifact);
        groups.set(key, g);
      }
    }
    if (!groups.size) return;
    const all = [...new Set([...groups.values()].flatMap((g) => g.files))];
    let fix = await ctx.exclude({ paths: all.map((f) => f.path), what: 'secret files' });
    if (!fix) fix = await excludePackageData(pu.root, all, ctx.readText);
    for (const g of groups.values()) {
      const text = (await ctx.readText(g.file)) ?? '';
      const pattern = g.pattern.split(/\s+/).pop() ?? g.pattern;
      const span = globSpan(text, g.pattern, g.line);
      ctx.report({
        messageId: 'sweeps',
        data: { pattern, files: g.files.slice(0, 5).map((f) => f.path).join(', ') + (g.files.length > 5 ? ` and ${g.files.length - 5} more` : ''), artifacts: [...g.arts].sort().join(' and ') },
        file: g.file,
        start: span.start,
        end: span.end,
        fix,
        related: g.files.slice(0, 20).map((f) => ({ file: f.abs, start: 0, end: 0, message: `${f.path} ships` })),
        key: `${pattern}:${g.files.map((f) => f.path).sort().join(',')}`,
        facts: g.files.map((f) => shippedFact(f.abs)),
      });
    }
  },
};

/**
 * setuptools package-data from pyproject.toml reaches the wheel whatever MANIFEST.in says: the
 * packager's exclude cannot remove it, `[tool.setuptools.exclude-package-data]` can. The runner
 * re-checks this edit by recomputing the sets (pyproject.toml decides the publish set).
 */
async function excludePackageData(root: string, files: PublishedFile[], readText: (abs: string) => Promise<string | undefined>): Promise<Fix | undefined> {
  const py = `${root}/pyproject.toml`;
  let text = await readText(py);
  if (text === undefined) return undefined;
  const byPkg = new Map<string, string[]>();
  for (const f of files) {
    if (f.reason.kind !== 'packager') return undefined;
    const s = f.reason.shipsIn.find((x) => x.artifact === 'wheel' && x.reason.kind === 'package-data' && x.reason.file === py);
    const pkg = s && /^package data of (\S+) matching/.exec(s.reason.text)?.[1];
    if (!s || !pkg) return undefined;
    const prefix = `${pkg.split('.').join('/')}/`;
    if (!s.path.startsWith(prefix)) return undefined;
    byPkg.set(pkg, [...(byPkg.get(pkg) ?? []), s.path.slice(prefix.length)]);
  }
  for (const [pkg, inner] of byPkg) {
    const e = tomlArrayAppend(text, 'tool.setuptools.exclude-package-data', /^[A-Za-z0-9_-]+$/.test(pkg) ? pkg : JSON.stringify(pkg), inner);
    if (!e) return undefined;
    // Apply to the text so the next package's edit sees the table.
    for (const x of [...e].sort((a, b) => b.start - a.start)) text = text.slice(0, x.start) + x.newText + text.slice(x.end);
  }
  const original = (await readText(py)) ?? '';
  return { title: 'Exclude them in [tool.setuptools.exclude-package-data]', edits: [{ file: py, edits: [{ start: 0, end: original.length, newText: text }] }] };
}

export default rule;
