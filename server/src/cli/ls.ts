/**
 * `leakguard ls [PATH] [--format text|json] [--tool npm|pnpm|yarn|vsce]` (#16): the publish set of
 * every packaging unit under PATH, one file per line with its size and why it ships, as the unit's
 * own packer selects it (npm pack, pnpm pack, yarn pack, vsce package). What users paste into bug
 * reports; the JSON shape is schemas/ls-output.schema.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DiskFileSystem } from '../engine/safe/fs';
import { discoverUnits, PACK_TOOLS, type PackTool, type PackagingUnit } from '../engine/workspace';
import { computePublishSet } from '../engine/publish/index';
import { toolLabel, type PublishSet } from '../engine/publish/types';
import { toPosix, relPosix } from '../engine/paths';
import { packagerFor } from '../engine/packagers/registry';
import { describeInclusion } from '../engine/publish/describe';

export const LS_HELP = `Usage: leakguard ls [PATH] [--format text|json] [--tool npm|pnpm|yarn|vsce]

Lists what each package under PATH (default: .) would publish: one file per line with its size
and why it ships, as the package's own packer selects it (npm pack, pnpm pack, yarn pack,
vsce package; a Python project's sdist and wheel; a container image's files, with the path
inside each artifact), then a totals line. Private packages are never published and are not listed.
  -f, --format FORMAT   text (default) or json: { version, root, units: [{ root, name, tool, files: [{ path, size, reason }] }] }
      --tool TOOL       list as this packer would, instead of the detected one
`;

/** Version of the `ls --format json` shape. */
export const LS_FORMAT_VERSION = 1;

/** One unit of `ls --format json`. */
export interface LsUnit {
  /** Folder of the unit's package.json, relative to PATH (`.` for PATH itself), `/` separators. */
  root: string;
  name: string | null;
  /** The packer: npm, pnpm, yarn or vsce; a Python build backend; docker. */
  tool: PackTool | Exclude<PublishSet['tool'], 'npm-packlist' | 'archive' | 'build-output'>;
  /** The packager (#21), for units that are not package.json ones: python, docker. */
  packager?: string;
  /** The manifest the unit comes from when it is not package.json (pyproject.toml, Dockerfile), relative to PATH. */
  manifest?: string;
  /** Python and containers: each artifact with every file's path inside it. */
  artifacts?: Array<{ artifact: string; files: Array<{ path: string; source: string; reason: string }> }>;
  /** The folder that is packed, relative to PATH, when it is not the unit's folder (publishConfig.directory). */
  packRoot?: string;
  files: Array<{ path: string; size: number; reason: string }>;
  problems: string[];
}

function human(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${bytes} B`;
}

/** Control characters in file names would rewrite the terminal: show them escaped. */
function safe(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function unitTool(unit: PackagingUnit, set: PublishSet): LsUnit['tool'] {
  // vsce, pnpm, yarn and the packagers of #21 name themselves; npm-packlist is npm (or vsce when forced).
  if (set.tool !== 'npm-packlist' && set.tool !== 'archive' && set.tool !== 'build-output') return set.tool;
  return unit.tool === 'vsce' ? 'vsce' : 'npm';
}

/** Runs `leakguard ls`; returns the exit status (2 for usage errors and when PATH holds no unit). */
export async function runLs(args: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void; cwd: string }, usage: (msg: string) => Error): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', short: 'f' }, tool: { type: 'string' } } });
  } catch (e) {
    throw usage((e as Error).message.replace(/\. To specify.*$/s, '.'));
  }
  const format = parsed.values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw usage(`--format must be text or json (got "${format}").`);
  const tool = parsed.values.tool as PackTool | undefined;
  if (tool !== undefined && !PACK_TOOLS.includes(tool)) throw usage(`--tool must be npm, pnpm, yarn or vsce (got "${tool}").`);
  if (parsed.positionals.length > 1) throw usage('ls takes at most one PATH.');
  const p = parsed.positionals[0] ?? '.';
  const root = toPosix(path.resolve(io.cwd, p));
  let st: fs.Stats;
  try {
    st = fs.statSync(root);
  } catch {
    throw usage(`${p}: no such folder.`);
  }
  if (!st.isDirectory()) throw usage(`${p} is not a folder.`);
  const disk = new DiskFileSystem();
  const { units, problems } = await discoverUnits(disk, root, { tool });
  if (units.length === 0) throw usage(`no package.json or extension manifest found under ${p} (nor pyproject.toml, setup.py, Dockerfile or compose file)`);
  const out: LsUnit[] = [];
  for (const unit of units) {
    if (unit.kind === 'private') continue;
    const set = await computePublishSet(disk, unit);
    out.push({
      root: relPosix(root, unit.root) || '.',
      name: unit.name ?? null,
      tool: unitTool(unit, set),
      ...(set.packRoot && set.packRoot !== unit.root ? { packRoot: relPosix(root, set.packRoot) || '.' } : {}),
      ...(set.artifacts ? { packager: packagerFor(unit).id, manifest: relPosix(root, unit.manifestPath), artifacts: set.artifacts.map((a) => ({ artifact: a.artifact, files: a.files.map((f) => ({ path: f.path, source: f.source, reason: f.reason.text })) })) } : {}),
      files: set.files.map((f) => ({ path: f.path, size: f.size, reason: describeInclusion(f.reason, set.packRoot ?? unit.root) })),
      problems: set.problems,
    });
  }
  const skipped = units.length - out.length;
  if (format === 'json') {
    io.stdout(JSON.stringify({ version: LS_FORMAT_VERSION, root, units: out, problems }, null, 2) + '\n');
    return 0;
  }
  const lines: string[] = [];
  let files = 0;
  let bytes = 0;
  for (const u of out) {
    const size = u.files.reduce((n, f) => n + f.size, 0);
    files += u.files.length;
    bytes += size;
    const label = toolLabel(u.tool === 'npm' ? 'npm-packlist' : u.tool);
    const where = u.manifest ? safe(u.manifest) : safe(u.root);
    lines.push(`${safe(u.name ?? '(unnamed)')} (${where}${u.packRoot ? `, packs ${safe(u.packRoot)}` : ''}): ${label}, ${u.files.length} file${u.files.length === 1 ? '' : 's'}, ${human(size)}`);
    const width = Math.max(0, ...u.files.map((f) => human(f.size).length));
    if (u.artifacts) {
      // One block per artifact (sdist, wheel, image), with the path inside it; the reason is the source file's.
      const bySource = new Map(u.files.map((f) => [f.path, f]));
      for (const a of u.artifacts) {
        lines.push(`  ${a.artifact}: ${a.files.length} file${a.files.length === 1 ? '' : 's'}`);
        for (const f of a.files) {
          const src = bySource.get(f.source);
          lines.push(`    ${human(src?.size ?? 0).padStart(width)}  ${safe(f.path)}${f.path !== f.source ? ` ← ${safe(f.source)}` : ''}  ${safe(f.reason)}`);
        }
      }
      for (const pr of u.problems) lines.push(`  ! ${safe(pr)}`);
      lines.push('');
      continue;
    }
    for (const f of u.files) lines.push(`  ${human(f.size).padStart(width)}  ${safe(f.path)}  ${safe(f.reason)}`);
    for (const pr of u.problems) lines.push(`  ! ${safe(pr)}`);
    lines.push('');
  }
  lines.push(`total: ${out.length} unit${out.length === 1 ? '' : 's'}, ${files} file${files === 1 ? '' : 's'}, ${human(bytes)}${skipped ? ` (${skipped} private package${skipped === 1 ? '' : 's'} not listed: never published)` : ''}`);
  io.stdout(lines.join('\n') + '\n');
  for (const pr of problems) io.stderr(`leakguard: ${safe(pr)}\n`);
  return 0;
}
