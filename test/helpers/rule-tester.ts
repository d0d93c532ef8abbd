/**
 * Test harness for rules: write a small tree into a temp folder, analyse it with the real runner
 * (real publish sets, real config loading), return the findings.
 */
import * as fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeFolder, type AnalysisResult, type AnalyzeOptions } from '../../server/src/engine/runner';
import { DiskFileSystem } from '../../server/src/engine/safe/fs';
import type { FileRule, Finding, Rule, FileEdit } from '../../server/src/engine/types';
import { toPosix } from '../../server/src/engine/paths';
import { applyTextEdits } from '../../server/src/engine/fix-helpers';

/** Writes `tree` (relative path → content) into a fresh temp folder and returns its path (`/` separators). */
export function writeTree(tree: Record<string, string | Buffer>, dir?: string): string {
  const root = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lg-'));
  for (const [rel, content] of Object.entries(tree)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return toPosix(fs.realpathSync(root));
}

export interface RunOptions {
  rules: Rule[];
  /** Written as `.leakguardrc.json` at the root when given. */
  config?: object;
  extraFiles?: string[];
  trusted?: boolean;
  analyze?: Partial<AnalyzeOptions>;
}

/** Writes the tree and analyses it with only the given rules. */
export async function runOnTree(tree: Record<string, string | Buffer>, opts: RunOptions): Promise<{ root: string; findings: Finding[]; result: AnalysisResult }> {
  const files = { ...tree };
  if (opts.config) files['.leakguardrc.json'] = JSON.stringify(opts.config, null, 2);
  const root = writeTree(files);
  const result = await analyzeRoot(root, opts);
  return { root, findings: result.findings, result };
}

/** Analyses an existing folder with the given rules. */
export function analyzeRoot(root: string, opts: RunOptions): Promise<AnalysisResult> {
  return analyzeFolder({
    fs: new DiskFileSystem(),
    folder: root,
    rules: opts.rules,
    trusted: opts.trusted,
    extraFiles: opts.extraFiles?.map((f) => path.join(root, f)),
    ...opts.analyze,
  });
}

/** Runs one file rule on one text, as an open (not shipped) document in a bare folder. */
export async function runOnText(rule: FileRule, relPath: string, text: string, opts: { config?: object; trusted?: boolean } = {}): Promise<Finding[]> {
  const tree: Record<string, string> = { [relPath]: text };
  const { findings } = await runOnTree(tree, { rules: [rule], config: opts.config, extraFiles: [relPath], trusted: opts.trusted });
  return findings;
}

/** Applies a fix's edits to the files on disk (creating files marked `create`). */
export function applyFixOnDisk(edits: FileEdit[]): void {
  for (const fe of edits) {
    const before = fe.create && !fs.existsSync(fe.file) ? '' : fs.readFileSync(fe.file, 'utf8');
    fs.writeFileSync(fe.file, applyTextEdits(before, fe.edits));
  }
}

/** The engine's one edit applier, re-exported for tests. */
export { applyTextEdits };

/** Runs `npm pack --dry-run --json --ignore-scripts` in a folder and returns the sorted paths. */
export function npmPackFiles(dir: string): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const parsed = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
  return parsed[0].files.map((f) => f.path).sort();
}
