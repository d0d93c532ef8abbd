/**
 * Python packages: the sdist and wheel file sets of setuptools (with and without setuptools-scm),
 * hatchling, poetry-core and flit, computed from the project folder without running anything
 * (no setup.py, no build backend, no git). pyproject.toml is read with smol-toml, setup.cfg as an
 * ini file, setup.py only for a literal `packages=[...]` / `find_packages(...)`, MANIFEST.in with
 * setuptools' directives. Every file carries the reason it ships. Parity with Debian 12's backends
 * (setuptools 66, setuptools-scm 7, hatchling 1.12, poetry-core 1.4, flit_core 3.8) is tested in
 * test/engine/packagers-python.test.ts. Generated metadata (PKG-INFO, *.egg-info/, *.dist-info/,
 * poetry's generated setup.py) is not a project file and is not listed.
 */
import type { FileSystem } from '../../safe/fs';
import { parseIgnoreRules, ignoreVerdict, type IgnoreRule } from '../../publish-helpers';
import { artifactOf, type PackagerArtifact, type PackagerExplanation, type PackagerFile, type PackagerReason, type PackagerUnitBase } from '../types';
import { globToRegExp, walkFiles, type WalkedFile } from '../walk';
import { readGitIndex } from '../git-index';

// smol-toml ships a CommonJS build (`exports.require`) but declares its types for ESM only, which
// TypeScript (module Node16) refuses to import from CommonJS; the build bundles the CommonJS file.
const { parse: parseToml } = require('smol-toml') as { parse(text: string): unknown };

export type PythonBackend = 'setuptools' | 'hatchling' | 'poetry-core' | 'flit';

export interface PythonUnit extends PackagerUnitBase {
  packager: 'python';
  backend: PythonBackend;
  /** setuptools with setuptools-scm: the sdist takes every git-tracked file. */
  scm: boolean;
  version: string | undefined;
  pyproject: Record<string, unknown> | undefined;
  setupCfg: Ini | undefined;
}

export interface PythonPublishSet {
  unit: PythonUnit;
  sdist: PackagerArtifact;
  wheel: PackagerArtifact;
}

type Ini = Map<string, Map<string, string>>;

const SKIP_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules', '.tox', '.nox', '.venv', 'venv', '__pycache__', '.mypy_cache', '.pytest_cache']);

// ---------------------------------------------------------------------------------------------
// detect

/** Python projects under `folder` (its own pyproject.toml / setup.py / setup.cfg, and sub-folders up to `depth`). */
export async function detectPythonUnits(fs: FileSystem, folder: string, depth = 3): Promise<PythonUnit[]> {
  const out: PythonUnit[] = [];
  const visit = async (dir: string, d: number): Promise<void> => {
    const u = await pythonUnitAt(fs, dir);
    if (u) out.push(u);
    if (d <= 0) return;
    let entries;
    try {
      entries = await fs.readDir(dir);
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory && !e.isSymbolicLink && !SKIP_DIRS.has(e.name) && !e.name.startsWith('.') && e.name !== 'build' && e.name !== 'dist') await visit(`${dir}/${e.name}`, d - 1);
    }
  };
  await visit(folder.replace(/\/+$/, ''), depth);
  return out;
}

/** The Python unit whose project folder is `dir`, or undefined. */
export async function pythonUnitAt(fs: FileSystem, dir: string): Promise<PythonUnit | undefined> {
  const problems: string[] = [];
  const rawPy = await fs.readText(`${dir}/pyproject.toml`);
  // A hostile pyproject.toml is bounded: over 1 MiB it is reported, not parsed.
  const tooBig = rawPy !== undefined && rawPy.length > 1024 * 1024;
  const pyText = tooBig ? '' : rawPy;
  if (tooBig) problems.push('pyproject.toml is larger than 1 MiB; not parsed');
  const cfgText = await fs.readText(`${dir}/setup.cfg`);
  const setupPy = await fs.readText(`${dir}/setup.py`);
  if (pyText === undefined && setupPy === undefined) return undefined;
  let pyproject: Record<string, unknown> | undefined;
  if (pyText !== undefined) {
    try {
      pyproject = parseToml(pyText) as Record<string, unknown>;
    } catch (e) {
      problems.push(`pyproject.toml: ${String((e as Error).message ?? e).split('\n')[0]}`);
    }
  }
  const setupCfg = cfgText !== undefined ? parseIni(cfgText) : undefined;
  const bs = obj(pyproject?.['build-system']);
  const backendStr = str(bs?.['build-backend']) ?? '';
  const requires = arr(bs?.requires).map((r) => String(r).toLowerCase());
  let backend: PythonBackend = 'setuptools';
  if (backendStr.startsWith('hatchling')) backend = 'hatchling';
  else if (backendStr.startsWith('poetry')) backend = 'poetry-core';
  else if (backendStr.startsWith('flit_core')) backend = 'flit';
  else if (pyText !== undefined && backendStr === '' && setupPy === undefined && !pyproject?.project && !obj(obj(pyproject?.tool)?.setuptools)) {
    if (!requires.length) return undefined; // a tool-config-only pyproject.toml (black, ruff ...) is not a package
  }
  const tool = obj(pyproject?.tool);
  const scm =
    backend === 'setuptools' &&
    (requires.some((r) => /^setuptools[-_]scm\b/.test(r)) || !!tool?.setuptools_scm || !!tool?.['setuptools-scm'] || /use_scm_version\s*=/.test(setupPy ?? ''));
  const project = obj(pyproject?.project);
  const poetry = obj(tool?.poetry);
  const name = str(project?.name) ?? str(poetry?.name) ?? setupCfg?.get('metadata')?.get('name') ?? /\bname\s*=\s*['"]([^'"]+)['"]/.exec(setupPy ?? '')?.[1];
  const version = str(project?.version) ?? str(poetry?.version) ?? setupCfg?.get('metadata')?.get('version');
  return { packager: 'python', root: dir, manifestPath: pyText !== undefined ? `${dir}/pyproject.toml` : `${dir}/setup.py`, name, version, backend, scm, pyproject, setupCfg, problems };
}

// ---------------------------------------------------------------------------------------------
// publish sets

/** The sdist and wheel file sets of `unit`, each file with its reason. Never throws. */
export async function pythonPublishSet(fs: FileSystem, unit: PythonUnit): Promise<PythonPublishSet> {
  // setuptools (distutils' findall) follows linked folders; every backend sees links to files as files.
  // Links that lead outside the project are never followed: reported, since the backend would ship their target.
  const tree = await walkFiles(fs, unit.root, (rel, name) => name === '.git' || name === '.hg', undefined, { followLinks: unit.backend === 'setuptools' ? 'dirs' : 'files' });
  const ctx: Ctx = { fs, unit, files: tree.files, fileSet: new Map(tree.files.map((f) => [f.rel, f])), dirs: tree.dirs, problems: [...unit.problems] };
  if (tree.truncated) ctx.problems.push('the project folder has too many files; the sets are incomplete');
  const outside: string[] = [];
  for (const l of tree.links) {
    const real = fs.realPath ? await fs.realPath(`${unit.root}/${l}`) : undefined;
    const rootReal = fs.realPath ? await fs.realPath(unit.root) : undefined;
    if (real && rootReal && !(real === rootReal || real.startsWith(`${rootReal}/`))) outside.push(l);
  }
  if (outside.length) ctx.problems.push(`symbolic links leading outside the project are not followed; the backend would ship what they point to: ${outside.slice(0, 3).join(', ')}${outside.length > 3 ? ' ...' : ''}`);
  try {
    switch (unit.backend) {
      case 'hatchling':
        return await hatchling(ctx);
      case 'poetry-core':
        return await poetry(ctx);
      case 'flit':
        return await flit(ctx);
      default:
        return await setuptools(ctx);
    }
  } catch (e) {
    ctx.problems.push(String(e));
    return { unit, sdist: artifactOf('sdist', unit.backend, [], ctx.problems), wheel: artifactOf('wheel', unit.backend, [], ctx.problems) };
  }
}

/** Why `relPath` (relative to the project folder) is or is not in the sdist and the wheel. */
export async function explainPythonPath(fs: FileSystem, unit: PythonUnit, relPath: string): Promise<PackagerExplanation> {
  const set = await pythonPublishSet(fs, unit);
  const rel = relPath.startsWith(unit.root + '/') ? relPath.slice(unit.root.length + 1) : relPath.replace(/^\.\//, '');
  return {
    path: rel,
    artifacts: [set.sdist, set.wheel].map((a) => {
      const hits = a.files.filter((f) => f.source === rel);
      return {
        artifact: a.artifact,
        tool: a.tool,
        included: hits.length > 0,
        paths: hits.map((h) => h.path),
        reasons: hits.map((h) => h.reason),
        exclusion: hits.length ? undefined : `not selected by ${a.tool}'s ${a.artifact} rules${a.problems.length ? ` (${a.problems[0]})` : ''}`,
      };
    }),
  };
}

interface Ctx {
  fs: FileSystem;
  unit: PythonUnit;
  files: WalkedFile[];
  fileSet: Map<string, WalkedFile>;
  dirs: Set<string>;
  problems: string[];
}

function file(ctx: Ctx, path: string, source: string, reason: PackagerReason): PackagerFile {
  return { path, source, abs: `${ctx.unit.root}/${source}`, size: ctx.fileSet.get(source)?.size ?? 0, reason };
}

const LICENSE_RE = /^(LICEN[CS]E|COPYING|NOTICE|AUTHORS)/;

// ---------------------------------------------------------------------------------------------
// setuptools (66) and setuptools-scm (7)

interface PkgInfo {
  /** dotted name */
  name: string;
  /** folder relative to the root */
  dir: string;
}

async function setuptools(ctx: Ctx): Promise<PythonPublishSet> {
  const { unit } = ctx;
  const root = unit.root;
  const py = `${root}/pyproject.toml`;
  const tool = obj(obj(unit.pyproject?.tool)?.setuptools);
  const opts = unit.setupCfg?.get('options');
  const setupPyText = (await ctx.fs.readText(`${root}/setup.py`)) ?? '';
  const hasProjectTable = !!obj(unit.pyproject?.project);

  // package_dir
  const packageDir = new Map<string, string>();
  for (const [k, v] of Object.entries(obj(tool?.['package-dir']) ?? {})) packageDir.set(k, String(v).replace(/^\.\/?|\/$/g, ''));
  if (!tool?.['package-dir'] && opts?.get('package_dir')) for (const [k, v] of cfgDict(opts.get('package_dir') as string)) packageDir.set(k, v.replace(/^\.\/?|\/$/g, ''));
  const pyDirMatch = /package_dir\s*=\s*\{\s*['"]{2}\s*:\s*['"]([^'"]+)['"]\s*\}/.exec(setupPyText);
  if (!packageDir.size && pyDirMatch) packageDir.set('', pyDirMatch[1]);

  // packages
  let packages: PkgInfo[] = [];
  let pyModules: string[] = [];
  let pkgSource = 'automatic discovery';
  const pkgDirOf = (dotted: string): string => {
    const parts = dotted.split('.');
    for (let i = parts.length; i >= 0; i--) {
      const k = parts.slice(0, i).join('.');
      if (packageDir.has(k)) return [packageDir.get(k) as string, ...parts.slice(i)].filter(Boolean).join('/');
    }
    return parts.join('/');
  };
  const find = (where: string, include: string[], exclude: string[], namespaces: boolean): PkgInfo[] => findPackages(ctx, where, include, exclude, namespaces);
  const toolPackages = tool?.packages;
  const cfgPackages = opts?.get('packages');
  if (Array.isArray(toolPackages)) {
    packages = toolPackages.map((p) => ({ name: String(p), dir: pkgDirOf(String(p)) }));
    pkgSource = 'pyproject.toml [tool.setuptools] packages';
  } else if (obj(toolPackages)?.find !== undefined) {
    const f = obj(obj(toolPackages)?.find) ?? {};
    const where = arr(f.where).map(String);
    packages = (where.length ? where : ['.']).flatMap((w) => find(w.replace(/^\.\/?|\/$/g, ''), arr(f.include).map(String), arr(f.exclude).map(String), f.namespaces !== false));
    pkgSource = 'pyproject.toml [tool.setuptools.packages.find]';
  } else if (cfgPackages !== undefined && cfgPackages.trim() !== '') {
    const v = cfgPackages.trim();
    if (v === 'find:' || v === 'find_namespace:') {
      const f = unit.setupCfg?.get('options.packages.find');
      const where = (f?.get('where') ?? '').trim().replace(/^\.\/?|\/$/g, '') || packageDir.get('') || '';
      packages = find(where, cfgList(f?.get('include')), cfgList(f?.get('exclude')), v === 'find_namespace:');
    } else packages = cfgList(v).map((p) => ({ name: p, dir: pkgDirOf(p) }));
    pkgSource = 'setup.cfg [options] packages';
  } else if (/\bpackages\s*=\s*\[([^\]]*)\]/.test(setupPyText)) {
    const list = /\bpackages\s*=\s*\[([^\]]*)\]/.exec(setupPyText)?.[1] ?? '';
    packages = [...list.matchAll(/['"]([^'"]+)['"]/g)].map((m) => ({ name: m[1], dir: pkgDirOf(m[1]) }));
    pkgSource = 'setup.py packages';
  } else if (/\bpackages\s*=\s*find_(namespace_)?packages\s*\(/.test(setupPyText)) {
    const m = /\bpackages\s*=\s*find_(namespace_)?packages\s*\(([^)]*)\)/.exec(setupPyText);
    const where = /(?:where\s*=\s*)?['"]([^'"]+)['"]/.exec(m?.[2] ?? '')?.[1] ?? packageDir.get('') ?? '';
    const exclude = [...(/exclude\s*=\s*[[(]([^\])]*)[\])]/.exec(m?.[2] ?? '')?.[1] ?? '').matchAll(/['"]([^'"]+)['"]/g)].map((x) => x[1]);
    packages = find(where.replace(/^\.\/?|\/$/g, ''), [], exclude, !!m?.[1]);
    pkgSource = 'setup.py find_packages()';
  } else {
    const pm = arr(tool?.['py-modules']).map(String);
    const cm = cfgList(opts?.get('py_modules'));
    if (pm.length || cm.length) {
      pyModules = pm.length ? pm : cm;
      pkgSource = 'py-modules';
    } else {
      // setuptools' automatic discovery: src-layout, then flat-layout (tests/docs/... excluded).
      const srcDir = packageDir.get('') ?? (ctx.dirs.has('src') ? 'src' : undefined);
      if (srcDir !== undefined) {
        if (!packageDir.has('')) packageDir.set('', srcDir);
        packages = find(srcDir, [], [], true);
        pyModules = ctx.files.filter((f) => f.rel.startsWith(`${srcDir}/`) && /^[A-Za-z_]\w*\.py$/.test(f.rel.slice(srcDir.length + 1))).map((f) => f.rel.slice(srcDir.length + 1, -3));
        pkgSource = `automatic discovery (src-layout, ${srcDir}/)`;
      } else {
        packages = find('', [], [], true).filter((p) => !FLAT_EXCLUDE.some((re) => re.test(p.name)));
        pyModules = ctx.files.filter((f) => /^[A-Za-z_]\w*\.py$/.test(f.rel) && !FLAT_MODULE_EXCLUDE.test(f.rel.slice(0, -3))).map((f) => f.rel.slice(0, -3));
        const tops = new Set([...packages.map((p) => p.name.split('.')[0]), ...pyModules]);
        if (tops.size > 1) ctx.problems.push(`setuptools refuses to build: multiple top-level packages/modules discovered in a flat layout (${[...tops].sort().join(', ')})`);
        pkgSource = 'automatic discovery (flat-layout)';
      }
    }
  }
  const reasonPkg = (what: string): PackagerReason => ({ kind: 'package-module', text: `${what} (packages from ${pkgSource})`, file: hasProjectTable || tool ? py : opts ? `${root}/setup.cfg` : `${root}/setup.py` });

  // modules
  const wheel: PackagerFile[] = [];
  const sdistBase: Array<{ source: string; reason: PackagerReason }> = [];
  for (const pkg of packages) {
    for (const f of ctx.files) {
      const d = dirOf(f.rel);
      if (d === pkg.dir && f.rel.endsWith('.py') && !(pkg.dir === '' && f.rel === 'setup.py')) {
        const r = reasonPkg(`module of package ${pkg.name}`);
        wheel.push(file(ctx, `${pkg.name.split('.').join('/')}/${baseOf(f.rel)}`, f.rel, r));
        sdistBase.push({ source: f.rel, reason: r });
      }
    }
  }
  const modBase = packageDir.get('') ?? '';
  for (const m of pyModules) {
    const src = modBase ? `${modBase}/${m.split('.').join('/')}.py` : `${m.split('.').join('/')}.py`;
    if (!ctx.fileSet.has(src)) continue;
    const r = reasonPkg(`module ${m}`);
    wheel.push(file(ctx, `${m.split('.').join('/')}.py`, src, r));
    sdistBase.push({ source: src, reason: r });
  }

  // package_data
  const pkgData = new Map<string, string[]>();
  for (const [k, v] of Object.entries(obj(tool?.['package-data']) ?? {})) pkgData.set(k, arr(v).map(String));
  for (const [k, v] of unit.setupCfg?.get('options.package_data') ?? []) pkgData.set(k, cfgList(v));
  const exclData = new Map<string, string[]>();
  for (const [k, v] of Object.entries(obj(tool?.['exclude-package-data']) ?? {})) exclData.set(k, arr(v).map(String));
  for (const [k, v] of unit.setupCfg?.get('options.exclude_package_data') ?? []) exclData.set(k, cfgList(v));
  const dataFor = (pkg: PkgInfo): Array<{ rel: string; reason: PackagerReason }> => {
    const pats = [...(pkgData.get('') ?? []), ...(pkgData.get('*') ?? []), ...(pkgData.get(pkg.name) ?? [])];
    const out: Array<{ rel: string; reason: PackagerReason }> = [];
    for (const pat of pats) {
      const re = globToRegExp(pat, { recursive: true, dotAll: false });
      for (const f of ctx.files) {
        if (!f.rel.startsWith(pkg.dir ? `${pkg.dir}/` : '')) continue;
        const inner = pkg.dir ? f.rel.slice(pkg.dir.length + 1) : f.rel;
        if (re.test(inner)) out.push({ rel: f.rel, reason: { kind: 'package-data', text: `package data of ${pkg.name} matching "${pat}"`, file: tool?.['package-data'] ? py : `${root}/setup.cfg`, pattern: pat } });
      }
    }
    return out;
  };
  const excludedData = (pkg: PkgInfo, rel: string): boolean => {
    const pats = [...(exclData.get('') ?? []), ...(exclData.get('*') ?? []), ...(exclData.get(pkg.name) ?? [])];
    const inner = pkg.dir ? rel.slice(pkg.dir.length + 1) : rel;
    return pats.some((p) => globToRegExp(p, { recursive: true, dotAll: true }).test(inner));
  };
  const pkgOfFile = (rel: string): PkgInfo | undefined => {
    let best: PkgInfo | undefined;
    for (const p of packages) if ((p.dir === '' || rel.startsWith(`${p.dir}/`)) && (!best || p.dir.length > best.dir.length)) best = p;
    return best;
  };
  const wheelPathOf = (pkg: PkgInfo, rel: string): string => `${pkg.name.split('.').join('/')}/${pkg.dir ? rel.slice(pkg.dir.length + 1) : rel}`;
  for (const pkg of packages) {
    for (const d of dataFor(pkg)) {
      if (excludedData(pkg, d.rel)) continue;
      if (pkgOfFile(d.rel) !== pkg && d.rel.endsWith('.py')) continue;
      const owner = pkgOfFile(d.rel) ?? pkg;
      wheel.push(file(ctx, wheelPathOf(owner, d.rel), d.rel, d.reason));
      sdistBase.push({ source: d.rel, reason: d.reason });
    }
  }

  // sdist defaults
  const cfgLic = unit.setupCfg?.get('metadata')?.get('license_files') ?? unit.setupCfg?.get('metadata')?.get('license-files');
  const licenseGlobs = Array.isArray(tool?.['license-files']) ? arr(tool?.['license-files']).map(String) : cfgLic !== undefined ? cfgList(cfgLic) : undefined;
  for (const f of ctx.files) {
    if (dirOf(f.rel) !== '') continue;
    if (/^README(\.(rst|txt|md))?$/.test(f.rel)) sdistBase.push({ source: f.rel, reason: { kind: 'default', text: 'README is always in a setuptools sdist' } });
    else if (f.rel === 'setup.py' || f.rel === 'setup.cfg' || f.rel === 'pyproject.toml' || f.rel === 'MANIFEST.in') sdistBase.push({ source: f.rel, reason: { kind: 'default', text: `${f.rel} is always in a setuptools sdist` } });
    else if (!licenseGlobs && LICENSE_RE.test(f.rel)) sdistBase.push({ source: f.rel, reason: { kind: 'license', text: 'license files (LICEN[CS]E*, COPYING*, NOTICE*, AUTHORS*) ship by default' } });
  }
  for (const g of licenseGlobs ?? []) {
    const re = globToRegExp(g, { recursive: true, dotAll: false });
    for (const f of ctx.files) if (re.test(f.rel)) sdistBase.push({ source: f.rel, reason: { kind: 'license', text: `license-files "${g}"`, file: tool?.['license-files'] ? py : `${root}/setup.cfg`, pattern: g } });
  }
  for (const f of ctx.files) if (/^test\/test[^/]*\.py$/.test(f.rel)) sdistBase.push({ source: f.rel, reason: { kind: 'default', text: 'distutils default: test/test*.py' } });

  // setuptools-scm: every tracked file
  if (unit.scm) {
    const idx = await readGitIndex(ctx.fs, root);
    if (!idx) ctx.problems.push('setuptools-scm: no git repository found; the sdist then has only the default files');
    else {
      const prefix = root === idx.top ? '' : root.slice(idx.top.length + 1) + '/';
      for (const p of idx.paths) {
        if (!p.startsWith(prefix)) continue;
        const rel = p.slice(prefix.length);
        if (ctx.fileSet.has(rel)) sdistBase.push({ source: rel, reason: { kind: 'scm-tracked', text: 'tracked by git: setuptools-scm puts every tracked file in the sdist', file: `${idx.top}/.git/index` } });
      }
    }
  }

  // MANIFEST.in
  const manifest = new Map<string, PackagerReason>();
  for (const b of sdistBase) if (!manifest.has(b.source)) manifest.set(b.source, b.reason);
  const mText = await ctx.fs.readText(`${root}/MANIFEST.in`);
  if (mText !== undefined) applyManifestIn(ctx, mText, manifest);
  // prune: VCS folders, build/, *.egg-info
  for (const k of [...manifest.keys()]) if (/(^|\/)(RCS|CVS|\.svn|\.hg|\.git|\.bzr|_darcs)\//.test(k) || k.startsWith('build/') || /(^|\/)[^/]*\.egg-info\//.test(k) || k.startsWith('dist/')) manifest.delete(k);

  // include_package_data: data files of the sdist manifest that sit inside a package folder.
  const ipdCfg = opts?.get('include_package_data');
  const ipd = tool?.['include-package-data'] !== undefined ? tool['include-package-data'] === true : ipdCfg !== undefined ? /^(true|1|yes|on)$/i.test(ipdCfg.trim()) : hasProjectTable || !!tool;
  if (ipd) {
    const moduleSources = new Set(wheel.map((w) => w.source));
    for (const [rel, why] of manifest) {
      if (moduleSources.has(rel)) continue;
      const pkg = pkgOfFile(rel);
      if (!pkg) continue;
      if (rel.endsWith('.py') && dirOf(rel) === pkg.dir) continue;
      if (excludedData(pkg, rel)) continue;
      wheel.push(file(ctx, wheelPathOf(pkg, rel), rel, { kind: 'include-package-data', text: `include_package_data: inside package ${pkg.name} and in the sdist (${why.text})`, file: why.file, line: why.line, pattern: why.pattern }));
    }
  }
  const sdist = [...manifest].map(([rel, reason]) => file(ctx, rel, rel, reason));
  return { unit, sdist: artifactOf('sdist', unit.scm ? 'setuptools+setuptools-scm' : 'setuptools', sdist, ctx.problems), wheel: artifactOf('wheel', 'setuptools', wheel, ctx.problems) };
}

const FLAT_EXCLUDE = ['ci', 'bin', 'debian', 'doc', 'docs', 'documentation', 'manpages', 'news', 'newsfragments', 'changelog', 'test', 'tests', 'unit_test', 'unit_tests', 'example', 'examples', 'scripts', 'tools', 'util', 'utils', 'python', 'build', 'dist', 'venv', 'env', 'requirements', 'tasks', 'fabfile', 'site_scons', 'benchmark', 'benchmarks', 'exercise', 'exercises', 'htmlcov', '[._]*'].map(
  (n) => new RegExp(`^${n === '[._]*' ? '[._][^.]*' : n}(\\..*)?$`),
);
const FLAT_MODULE_EXCLUDE = /^(setup|conftest|test|tests|example|examples|build|toxfile|noxfile|pavement|dodo|tasks|fabfile|[Ss][Cc]onstruct|conanfile|manage|benchmark|benchmarks|exercise|exercises|docs?|[._].*)$|^(test_.*|.*_test)$/;

function findPackages(ctx: Ctx, where: string, include: string[], exclude: string[], namespaces: boolean): PkgInfo[] {
  const out: PkgInfo[] = [];
  const fnm = (pat: string): RegExp => new RegExp(`^${pat.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  const incRe = (include.length ? include : ['*']).map(fnm);
  const excRe = exclude.map(fnm);
  const walk = (dir: string, dotted: string): void => {
    const children = [...ctx.dirs].filter((d) => dirOf(d) === dir).sort();
    for (const child of children) {
      const name = baseOf(child);
      if (name.includes('.') || name === '__pycache__') continue;
      const isPkg = ctx.fileSet.has(`${child}/__init__.py`);
      if (!isPkg && !namespaces) continue;
      const full = dotted ? `${dotted}.${name}` : name;
      if (incRe.some((r) => r.test(full)) && !excRe.some((r) => r.test(full))) out.push({ name: full, dir: child });
      walk(child, full);
    }
  };
  walk(where, '');
  return out;
}

/** setuptools' MANIFEST.in directives over the project files, editing `manifest` (source → reason). */
function applyManifestIn(ctx: Ctx, text: string, manifest: Map<string, PackagerReason>): void {
  const file = `${ctx.unit.root}/MANIFEST.in`;
  const lines = text.split(/\r?\n/);
  // Continuation lines with a trailing backslash join.
  const all = ctx.files.map((f) => f.rel);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/#.*$/, '').trim();
    if (!raw) continue;
    const words = raw.split(/\s+/);
    const action = words[0];
    const reason = (pattern: string): PackagerReason => ({ kind: 'manifest-in', text: `MANIFEST.in line ${i + 1} "${raw}"`, file, line: i + 1, pattern });
    const pat = (p: string): RegExp => globToRegExp(p, { recursive: true, dotAll: true });
    const under = (dir: string, rel: string): boolean => dir === '' || dir === '.' || rel.startsWith(`${dir.replace(/\/$/, '')}/`);
    const rest = words.slice(1);
    switch (action) {
      case 'include':
        for (const p of rest) for (const r of all) if (pat(p).test(r)) manifest.set(r, reason(p));
        break;
      case 'exclude':
        for (const p of rest) for (const r of [...manifest.keys()]) if (pat(p).test(r)) manifest.delete(r);
        break;
      case 'global-include':
        for (const p of rest) for (const r of all) if (globToRegExp(p, { dotAll: true }).test(baseOf(r)) || pat(`**/${p}`).test(r)) manifest.set(r, reason(p));
        break;
      case 'global-exclude':
        for (const p of rest) for (const r of [...manifest.keys()]) if (globToRegExp(p, { dotAll: true }).test(baseOf(r)) || pat(`**/${p}`).test(r)) manifest.delete(r);
        break;
      case 'recursive-include': {
        const [dir, ...ps] = rest;
        for (const p of ps) for (const r of all) if (under(dir, r) && pat(`**/${p}`).test(dir === '.' ? r : r.slice(dir.replace(/\/$/, '').length + 1))) manifest.set(r, reason(`${dir} ${p}`));
        break;
      }
      case 'recursive-exclude': {
        const [dir, ...ps] = rest;
        for (const p of ps) for (const r of [...manifest.keys()]) if (under(dir, r) && pat(`**/${p}`).test(dir === '.' ? r : r.slice(dir.replace(/\/$/, '').length + 1))) manifest.delete(r);
        break;
      }
      case 'graft':
        for (const d of rest) for (const r of all) if (under(d, r) || pat(`${d}/**`).test(r)) manifest.set(r, reason(d));
        break;
      case 'prune':
        for (const d of rest) for (const r of [...manifest.keys()]) if (under(d, r) || pat(`${d}/**`).test(r)) manifest.delete(r);
        break;
      default:
        ctx.problems.push(`MANIFEST.in line ${i + 1}: unknown action "${action}"`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// hatchling (1.12)

async function hatchling(ctx: Ctx): Promise<PythonPublishSet> {
  const { unit } = ctx;
  const py = `${unit.root}/pyproject.toml`;
  const build = obj(obj(obj(unit.pyproject?.tool)?.hatch)?.build) ?? {};
  const targets = obj(build.targets) ?? {};
  const gitRules = await vcsIgnoreRules(ctx, false);
  const project = obj(unit.pyproject?.project) ?? {};
  const readme = typeof project.readme === 'string' ? project.readme : str(obj(project.readme)?.file);
  const licenseFile = str(obj(project.license)?.file);
  const target = (which: 'sdist' | 'wheel'): PackagerFile[] => {
    const t = obj(targets[which]) ?? {};
    const pick = (k: string): string[] | undefined => (t[k] !== undefined ? arr(t[k]).map(String) : build[k] !== undefined ? arr(build[k]).map(String) : undefined);
    const where = (k: string): string => (t[k] !== undefined ? `[tool.hatch.build.targets.${which}] ${k}` : `[tool.hatch.build] ${k}`);
    const include = pick('include');
    const exclude = pick('exclude') ?? [];
    const artifacts = pick('artifacts') ?? [];
    let onlyInclude = pick('only-include');
    let packages = pick('packages');
    const sources = new Map<string, string>();
    if (which === 'wheel' && !include && !onlyInclude && !packages) {
      const n = (unit.name ?? '').toLowerCase().replace(/[-_.]+/g, '_');
      if (ctx.fileSet.has(`${n}/__init__.py`)) packages = [n];
      else if (ctx.fileSet.has(`src/${n}/__init__.py`)) packages = [`src/${n}`];
      else if (ctx.fileSet.has(`${n}.py`)) onlyInclude = [`${n}.py`];
      else if (ctx.fileSet.has(`src/${n}.py`)) onlyInclude = [`src/${n}.py`];
      else ctx.problems.push(`hatchling refuses to build the wheel: no ${n}/__init__.py, src/${n}/__init__.py or ${n}.py (set [tool.hatch.build.targets.wheel] packages)`);
    }
    if (packages) {
      onlyInclude = [...(onlyInclude ?? []), ...packages];
      for (const p of packages) sources.set(p.replace(/\/$/, ''), baseOf(p.replace(/\/$/, '')));
    }
    const incRules = include ? parseIgnoreRules(include.join('\n')) : undefined;
    const excRules = parseIgnoreRules(['*.py[cdo]', '/dist', ...exclude].join('\n'));
    const artRules = parseIgnoreRules(artifacts.join('\n'));
    const out: PackagerFile[] = [];
    const always = new Set<string>();
    if (which === 'sdist') {
      always.add('pyproject.toml');
      if (ctx.fileSet.has('.gitignore')) always.add('.gitignore');
      if (readme) always.add(readme);
      if (licenseFile) always.add(licenseFile);
      for (const f of ctx.files) if (dirOf(f.rel) === '' && LICENSE_RE.test(f.rel)) always.add(f.rel);
    }
    for (const f of ctx.files) {
      const rel = f.rel;
      if (always.has(rel)) {
        out.push(file(ctx, rel, rel, { kind: 'always', text: `${rel} is always in a hatchling sdist`, file: py }));
        continue;
      }
      let reason: PackagerReason;
      if (onlyInclude) {
        const hit = onlyInclude.find((o) => rel === o.replace(/\/$/, '') || rel.startsWith(`${o.replace(/\/$/, '')}/`));
        if (!hit) continue;
        reason = { kind: packages?.includes(hit) ? 'packages' : 'only-include', text: `${where(packages?.includes(hit) ? 'packages' : 'only-include')} "${hit}"`, file: py, pattern: hit };
      } else if (incRules) {
        const v = ignoreVerdict(incRules, rel);
        if (!v.ignored) continue;
        reason = { kind: 'include', text: `${where('include')} "${v.rule?.pattern}"`, file: py, pattern: v.rule?.pattern };
      } else reason = { kind: 'default', text: `hatchling ${which}: everything not excluded` };
      if (ignoreVerdict(excRules, rel).ignored) continue;
      const isArtifact = artRules.length > 0 && ignoreVerdict(artRules, rel).ignored;
      if (gitRules && !isArtifact) {
        const v = ignoreVerdict(gitRules.rules, rel);
        if (v.ignored) continue;
      } else if (isArtifact) reason = { kind: 'artifact', text: `${where('artifacts')}: shipped although ignored by git`, file: py };
      if (gitRules && reason.kind === 'default') reason = { ...reason, ignoreFile: gitRules.file, text: `${reason.text}; .gitignore did not exclude it` };
      let outPath = rel;
      for (const [src, dst] of sources) if (rel === src || rel.startsWith(`${src}/`)) outPath = dst + rel.slice(src.length);
      out.push(file(ctx, outPath, rel, reason));
    }
    return out;
  };
  const sdist = target('sdist');
  const wheel = target('wheel');
  return { unit, sdist: artifactOf('sdist', 'hatchling', sdist, ctx.problems), wheel: artifactOf('wheel', 'hatchling', wheel, ctx.problems) };
}

/** The project's `.gitignore` rules (root one; hatchling and poetry read git's ignore rules). */
async function vcsIgnoreRules(ctx: Ctx, needRepo: boolean): Promise<{ rules: IgnoreRule[]; file: string } | undefined> {
  if (needRepo && !(await readGitIndex(ctx.fs, ctx.unit.root))) return undefined;
  const f = `${ctx.unit.root}/.gitignore`;
  const text = await ctx.fs.readText(f);
  if (text === undefined) return undefined;
  return { rules: parseIgnoreRules(text), file: f };
}

// ---------------------------------------------------------------------------------------------
// poetry-core (1.4)

async function poetry(ctx: Ctx): Promise<PythonPublishSet> {
  const { unit } = ctx;
  const py = `${unit.root}/pyproject.toml`;
  const cfg = obj(obj(unit.pyproject?.tool)?.poetry) ?? {};
  const git = await vcsIgnoreRules(ctx, true);
  const excludes = arr(cfg.exclude).map(String);
  const excluded = (rel: string): boolean => excludes.some((e) => globToRegExp(e, { recursive: true, dotAll: true }).test(rel) || rel.startsWith(`${e.replace(/\/$/, '')}/`)) || (!!git && ignoreVerdict(git.rules, rel).ignored);
  const sdist: PackagerFile[] = [];
  const wheel: PackagerFile[] = [];
  let packages = arr(cfg.packages).map((p) => obj(p) ?? {});
  if (!packages.length) {
    const n = (unit.name ?? '').replace(/-/g, '_').toLowerCase();
    for (const cand of [n, `src/${n}`]) {
      const base = cand.startsWith('src/') ? 'src' : undefined;
      if (ctx.dirs.has(cand)) packages = [{ include: n, from: base }];
      else if (ctx.fileSet.has(`${cand}.py`)) packages = [{ include: `${n}.py`, from: base }];
      if (packages.length) break;
    }
    if (!packages.length) ctx.problems.push(`poetry-core refuses to build: no package or module named ${n} (set [tool.poetry] packages)`);
  }
  for (const p of packages) {
    const from = str(p.from)?.replace(/\/$/, '');
    const inc = str(p.include) ?? '';
    const pat = from ? `${from}/${inc}` : inc;
    const formats = p.format === undefined ? ['sdist', 'wheel'] : arr(p.format).length ? arr(p.format).map(String) : [String(p.format)];
    const re = globToRegExp(pat, { recursive: true, dotAll: true });
    for (const f of ctx.files) {
      const rel = f.rel;
      if (!(re.test(rel) || [...ancestors(rel)].some((a) => re.test(a)))) continue;
      if (/(^|\/)__pycache__\//.test(rel) || rel.endsWith('.pyc') || excluded(rel)) continue;
      const reason: PackagerReason = { kind: 'packages', text: `[tool.poetry] packages include "${inc}"${from ? ` from "${from}"` : ''}`, file: py, pattern: inc };
      if (formats.includes('sdist')) sdist.push(file(ctx, rel, rel, reason));
      if (formats.includes('wheel')) wheel.push(file(ctx, from ? rel.slice(from.length + 1) : rel, rel, reason));
    }
  }
  for (const item of arr(cfg.include)) {
    const o = typeof item === 'string' ? { path: item } : (obj(item) ?? {});
    const pat = str(o.path) ?? '';
    const formats = o.format === undefined ? ['sdist', 'wheel'] : arr(o.format).length ? arr(o.format).map(String) : [String(o.format)];
    const re = globToRegExp(pat, { recursive: true, dotAll: true });
    for (const f of ctx.files) {
      const rel = f.rel;
      if (!(re.test(rel) || [...ancestors(rel)].some((a) => re.test(a)))) continue;
      if (/(^|\/)__pycache__\//.test(rel) || rel.endsWith('.pyc')) continue;
      const reason: PackagerReason = { kind: 'include', text: `[tool.poetry] include "${pat}"`, file: py, pattern: pat };
      if (formats.includes('sdist')) sdist.push(file(ctx, rel, rel, reason));
      if (formats.includes('wheel')) wheel.push(file(ctx, rel, rel, reason));
    }
  }
  for (const f of ctx.files) {
    if (dirOf(f.rel) !== '') continue;
    if (f.rel === 'pyproject.toml') sdist.push(file(ctx, f.rel, f.rel, { kind: 'always', text: 'pyproject.toml is always in a poetry sdist' }));
    const readme = cfg.readme;
    const readmes = readme === undefined ? [] : arr(readme).length ? arr(readme).map(String) : [String(readme)];
    if (readmes.includes(f.rel)) sdist.push(file(ctx, f.rel, f.rel, { kind: 'readme', text: '[tool.poetry] readme', file: py }));
    if (/^(LICEN[CS]E|COPYING)/.test(f.rel)) sdist.push(file(ctx, f.rel, f.rel, { kind: 'license', text: 'poetry ships LICENSE*/COPYING* files' }));
  }
  return { unit, sdist: artifactOf('sdist', 'poetry-core', sdist, ctx.problems), wheel: artifactOf('wheel', 'poetry-core', wheel, ctx.problems) };
}

// ---------------------------------------------------------------------------------------------
// flit_core (3.8)

async function flit(ctx: Ctx): Promise<PythonPublishSet> {
  const { unit } = ctx;
  const py = `${unit.root}/pyproject.toml`;
  const flitCfg = obj(obj(unit.pyproject?.tool)?.flit) ?? {};
  const name = str(obj(flitCfg.module)?.name) ?? (unit.name ?? '').replace(/-/g, '_');
  let mod: { path: string; base: string; dir: boolean } | undefined;
  for (const base of ['', 'src']) {
    const p = base ? `${base}/${name}` : name;
    if (ctx.dirs.has(p) && ctx.fileSet.has(`${p}/__init__.py`)) mod = { path: p, base, dir: true };
    else if (ctx.fileSet.has(`${p}.py`)) mod = { path: `${p}.py`, base, dir: false };
    if (mod) break;
  }
  const sdist: PackagerFile[] = [];
  const wheel: PackagerFile[] = [];
  if (!mod) ctx.problems.push(`flit refuses to build: no module or package named ${name}`);
  else {
    for (const f of ctx.files) {
      const rel = f.rel;
      if (!(rel === mod.path || rel.startsWith(`${mod.path}/`))) continue;
      if (/(^|\/)__pycache__\//.test(rel) || rel.endsWith('.pyc')) continue;
      const reason: PackagerReason = { kind: 'module', text: `flit ships every file of module ${name} (hidden files too)`, file: py };
      wheel.push(file(ctx, mod.base ? rel.slice(mod.base.length + 1) : rel, rel, reason));
      sdist.push(file(ctx, rel, rel, reason));
    }
  }
  const project = obj(unit.pyproject?.project) ?? {};
  const readme = typeof project.readme === 'string' ? project.readme : str(obj(project.readme)?.file);
  const lic = str(obj(project.license)?.file);
  for (const x of ['pyproject.toml', readme, lic]) if (x && ctx.fileSet.has(x)) sdist.push(file(ctx, x, x, { kind: 'always', text: `${x} is always in a flit sdist`, file: py }));
  const sd = obj(flitCfg.sdist) ?? {};
  const excl = arr(sd.exclude).map(String);
  const isExcl = (rel: string): boolean => excl.some((e) => globToRegExp(e, { recursive: true, dotAll: true }).test(rel) || rel.startsWith(`${e.replace(/\/$/, '')}/`));
  for (const inc of arr(sd.include).map(String)) {
    const re = globToRegExp(inc.replace(/\/+$/, ''), { recursive: true, dotAll: true });
    for (const f of ctx.files) if ((re.test(f.rel) || [...ancestors(f.rel)].some((a) => re.test(a))) && !/(^|\/)__pycache__\//.test(f.rel) && !f.rel.endsWith('.pyc')) sdist.push(file(ctx, f.rel, f.rel, { kind: 'include', text: `[tool.flit.sdist] include "${inc}"`, file: py, pattern: inc }));
  }
  const sdistKept = sdist.filter((f) => f.reason.kind === 'always' || !isExcl(f.source));
  return { unit, sdist: artifactOf('sdist', 'flit', sdistKept, ctx.problems), wheel: artifactOf('wheel', 'flit', wheel, ctx.problems) };
}

// ---------------------------------------------------------------------------------------------
// small helpers

function* ancestors(rel: string): Generator<string> {
  const parts = rel.split('/');
  for (let i = 1; i < parts.length; i++) yield parts.slice(0, i).join('/');
}
function dirOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? '' : rel.slice(0, i);
}
function baseOf(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}
function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** setup.cfg as Python's configparser reads it: sections, `key = value`, indented continuation lines. */
export function parseIni(text: string): Ini {
  const out: Ini = new Map();
  let sec: Map<string, string> | undefined;
  let key: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(line) || !line.trim()) {
      continue;
    }
    const s = /^\[([^\]]+)\]\s*$/.exec(line);
    if (s) {
      sec = out.get(s[1].trim()) ?? new Map();
      out.set(s[1].trim(), sec);
      key = undefined;
      continue;
    }
    if (/^\s/.test(line) && sec && key !== undefined) {
      sec.set(key, `${sec.get(key)}\n${line.trim()}`);
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (kv && sec) {
      key = kv[1].trim();
      sec.set(key, kv[2].trim());
    }
  }
  return out;
}
function cfgList(v: string | undefined): string[] {
  return (v ?? '')
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
function cfgDict(v: string): Array<[string, string]> {
  return cfgList(v)
    .map((l) => /^([^=]*?)\s*=\s*(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => [m[1].trim(), m[2].trim()]);
}
