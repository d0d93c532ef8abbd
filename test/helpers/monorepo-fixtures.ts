/**
 * Monorepo fixture shapes for the packer parity tests (#16), laid out as an npm workspace, a pnpm
 * workspace or a yarn berry project. Secrets are assembled at run time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toPosix } from '../../server/src/engine/paths';
import type { OracleTool } from './pack-oracle';

export type Tree = Record<string, string | object | { symlink: string }>;

export interface Fixture {
  name: string;
  /** Project-root files besides each manager's markers (root package.json, pnpm-workspace.yaml, .yarnrc.yml). */
  root?: Tree;
  /** Package folders (relative to the root) and their trees; `package.json` may be an object. */
  packages: Record<string, Tree>;
  globs?: string[];
  /** Where `npm pack` must run when it is not the package folder (publishConfig.directory, packed by lerna/changesets). */
  npmPackDir?: Record<string, string>;
  /** Where the packers run when it is not the package folder (a symbolic link to it). */
  packAt?: Record<string, string>;
  /** Extra files after the packages (symbolic links to package folders). */
  after?: Tree;
  /** The packers that accept this layout (default: all three). */
  tools?: OracleTool[];
  /** Folders scanned besides the root and the package folder (default: `packages`). */
  scans?: string[];
}

const pj = (o: object) => o;
const env = () => ['A', '=', '1'].join('') + '\n';

export const FIXTURES: Fixture[] = [
  {
    name: 'issue #16 reproduction: root .gitignore, package without files or ignore file',
    root: { '.gitignore': '.env\n.env.*\ndist/\n*.log\n' },
    packages: {
      'packages/core': { 'package.json': pj({ name: '@fx/core', version: '1.0.0', main: 'dist/index.js' }), '.env.local': env(), 'build.log': 'log\n', 'dist/index.js': 'module.exports = 1;\n', 'dist/index.js.map': '{}', 'src/index.ts': 'export {};\n' },
    },
  },
  {
    name: 'nested ignore files (.npmignore beats .gitignore in the same folder)',
    packages: {
      'packages/core': {
        'package.json': pj({ name: '@fx/nested', version: '1.0.0', main: 'index.js' }),
        '.npmignore': '*.map\n',
        'index.js': '1\n',
        'lib/.gitignore': 'secret.txt\n',
        'lib/secret.txt': 's\n',
        'lib/a.js': '1\n',
        'lib/a.js.map': '{}',
        'other/.npmignore': 'x.log\n',
        'other/.gitignore': 'y.log\n',
        'other/x.log': 'x\n',
        'other/y.log': 'y\n',
      },
    },
  },
  {
    name: 'negations in an ignore file, also under an excluded folder',
    packages: {
      'packages/core': {
        'package.json': pj({ name: '@fx/neg', version: '1.0.0', main: 'index.js' }),
        '.npmignore': '*.log\n!keep.log\nconfig/\n!config/public.json\n',
        'index.js': '1\n',
        'a.log': 'a\n',
        'keep.log': 'k\n',
        'config/public.json': '{}',
        'config/private.json': '{}',
      },
    },
  },
  {
    name: '"files" with a ! entry',
    packages: {
      'packages/core': {
        'package.json': pj({ name: '@fx/files-neg', version: '1.0.0', main: 'dist/a.js', files: ['dist', '!dist/**/*.map', 'README.md'] }),
        'dist/a.js': '1\n',
        'dist/a.js.map': '{}',
        'dist/sub/b.js': '1\n',
        'dist/sub/b.js.map': '{}',
        'README.md': '# r\n',
        'src/a.ts': 'export {};\n',
      },
    },
  },
  {
    name: 'publishConfig.directory',
    packages: {
      'packages/core': {
        'package.json': pj({ name: '@fx/pubdir', version: '1.0.0', main: 'src/index.ts', publishConfig: { directory: 'out' } }),
        'src/index.ts': 'export {};\n',
        '.env': env(),
        'out/package.json': pj({ name: '@fx/pubdir', version: '1.0.0', main: 'index.js' }),
        'out/index.js': '1\n',
        'out/index.js.map': '{}',
      },
    },
    npmPackDir: { 'packages/core': 'packages/core/out' },
  },
  {
    name: 'bin and main outside "files"',
    packages: {
      'packages/core': {
        'package.json': pj({ name: '@fx/bin', version: '1.0.0', main: 'index.js', bin: { fxbin: 'bin/cli.js' }, files: ['lib'] }),
        'bin/cli.js': '#!/usr/bin/env node\n',
        'bin/helper.js': '1\n',
        'index.js': '1\n',
        'lib/a.js': '1\n',
        'other.js': '1\n',
      },
    },
  },
  {
    name: 'a package with its own .gitignore under a root .gitignore',
    root: { '.gitignore': '*.log\n' },
    packages: {
      'packages/core': {
        'package.json': pj({ name: '@fx/own-gitignore', version: '1.0.0', main: 'index.js' }),
        '.gitignore': '*.secret\ncoverage/\n',
        'app.secret': 's\n',
        'coverage/x.json': '{}',
        'debug.log': 'd\n',
        'index.js': '1\n',
      },
    },
  },
  {
    name: 'symbolic links inside a package',
    packages: {
      'packages/core': {
        'package.json': pj({ name: '@fx/links', version: '1.0.0', main: 'index.js' }),
        'index.js': '1\n',
        'real/data.txt': 'd\n',
        'link.txt': { symlink: 'index.js' },
        'linkdir': { symlink: 'real' },
      },
    },
  },
  {
    name: 'README, LICENSE, CHANGELOG and strict excludes next to "files"',
    packages: {
      'packages/core': {
        'package.json': pj({ name: '@fx/always', version: '1.0.0', main: 'dist/a.js', files: ['dist'] }),
        'README.md': '# r\n',
        'LICENSE': 'MIT\n',
        'CHANGELOG.md': '# c\n',
        'docs/guide.md': 'g\n',
        'dist/a.js': '1\n',
        '.npmrc': 'x=1\n',
        'package-lock.json': '{}',
      },
    },
  },
  {
    name: 'a package without LICENSE in a repository that has one',
    root: { LICENSE: 'MIT\n' },
    packages: {
      'packages/core': { 'package.json': pj({ name: '@fx/rootlicense', version: '1.0.0', main: 'index.js' }), 'index.js': '1\n', 'notes.txt': 'n\n' },
    },
  },
  {
    name: 'publishConfig overrides of main and bin',
    packages: {
      'packages/core': {
        'package.json': pj({ name: '@fx/pubcfg', version: '1.0.0', main: 'src/index.ts', files: ['lib'], publishConfig: { main: 'dist/index.js', bin: { fxpub: 'dist/cli.js' } } }),
        'dist/index.js': '1\n',
        'dist/cli.js': '1\n',
        'dist/extra.js': '1\n',
        'src/index.ts': 'export {};\n',
        'lib/a.js': '1\n',
      },
    },
  },
  {
    name: 'two levels of workspaces with ignore files in between',
    root: { '.gitignore': '*.log\n', 'packages/.gitignore': '*.tmp\n', 'packages/group/.npmignore': 'notes.md\n' },
    globs: ['packages/*', 'packages/group/*'],
    packages: {
      'packages/a': { 'package.json': pj({ name: '@fx/a', version: '1.0.0', main: 'index.js' }), 'index.js': '1\n', 'a.tmp': 't\n', 'a.log': 'l\n' },
      'packages/group/b': { 'package.json': pj({ name: '@fx/b', version: '1.0.0', main: 'index.js' }), 'index.js': '1\n', 'b.tmp': 't\n', 'notes.md': 'n\n', 'b.log': 'l\n' },
    },
  },
  {
    name: 'root .npmignore next to a root .gitignore',
    root: { '.npmignore': '*.md\n', '.gitignore': '.env\n' },
    packages: {
      'packages/core': { 'package.json': pj({ name: '@fx/rootnpmignore', version: '1.0.0', main: 'index.js' }), 'index.js': '1\n', 'README.md': '# r\n', 'notes.md': 'n\n', '.env': env() },
    },
  },
  {
    name: '"files" with globs and dot folders',
    packages: {
      'packages/core': {
        'package.json': pj({ name: '@fx/dotfiles', version: '1.0.0', main: 'dist/a.js', files: ['dist/**/*.js', '.config/settings.json'] }),
        'dist/a.js': '1\n',
        'dist/a.d.ts': 'export {};\n',
        'dist/deep/b.js': '1\n',
        '.config/settings.json': '{}',
        '.config/secret.json': '{}',
        '.npmrc': 'x=1\n',
      },
    },
  },
  {
    // A workspace folder that is a symbolic link (packages/linked → ../vendor/linked): npm -w reads
    // the root .gitignore for it; scanning packages/ alone cannot follow the link out of that folder.
    name: 'a symlinked workspace folder',
    root: { '.gitignore': '*.log\n' },
    packages: {
      'vendor/linked': { 'package.json': pj({ name: '@fx/linked', version: '1.0.0', main: 'index.js' }), 'index.js': '1\n', 'debug.log': 'l\n' },
    },
    after: { 'packages/linked': { symlink: '../vendor/linked' } },
    packAt: { 'vendor/linked': 'packages/linked' },
    // yarn refuses to pack it ("doesn't seem to be part of the project").
    tools: ['npm', 'pnpm'],
    scans: [],
  },
];

export const TOOLS: OracleTool[] = ['npm', 'pnpm', 'yarn'];

function write(root: string, tree: Tree): void {
  for (const [rel, v] of Object.entries(tree)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    if (v && typeof v === 'object' && 'symlink' in v && typeof v.symlink === 'string') fs.symlinkSync(v.symlink, abs);
    else fs.writeFileSync(abs, typeof v === 'string' ? v : JSON.stringify(v, null, 2) + '\n');
  }
}

/** Lays a fixture out as a project of `tool`; returns the real path of its root. */
export function layout(fx: Fixture, tool: OracleTool, base: string): string {
  const root = path.join(base, `${tool}-${FIXTURES.indexOf(fx)}`);
  fs.mkdirSync(root, { recursive: true });
  const globs = fx.globs ?? ['packages/*'];
  const rootPj: Record<string, unknown> = { name: 'fixture-root', version: '0.0.0', private: true };
  if (tool === 'npm') rootPj.workspaces = globs;
  if (tool === 'yarn') Object.assign(rootPj, { workspaces: globs, packageManager: 'yarn@4.18.1' });
  const markers: Tree = { 'package.json': rootPj };
  if (tool === 'pnpm') markers['pnpm-workspace.yaml'] = `packages:\n${globs.map((g) => `  - '${g}'\n`).join('')}`;
  if (tool === 'yarn') Object.assign(markers, { '.yarnrc.yml': 'enableTelemetry: false\n', 'yarn.lock': '' });
  write(root, { ...markers, ...(fx.root ?? {}) });
  for (const [dir, tree] of Object.entries(fx.packages)) write(path.join(root, dir), tree);
  if (fx.after) write(root, fx.after);
  return toPosix(fs.realpathSync(root));
}

