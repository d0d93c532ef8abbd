/**
 * Test harness for rules: write a small tree into a temp folder, analyse it with the real runner
 * (real publish sets, real config loading), return the findings.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeFolder, type AnalysisResult, type AnalyzeOptions } from '../../server/src/engine/runner';
import { DiskFileSystem } from '../../server/src/engine/safe/fs';
import type { Finding, FileEdit } from '../../server/src/engine/types';
import type { FileRule, Rule } from '../../server/src/engine/context';
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

/** One expected finding of a {@link ruleTester} invalid case: only the fields given are compared. */
export interface ExpectedError {
  messageId: string;
  severity?: Finding['severity'];
  /** Compared key by key (a subset of the finding's data). */
  data?: Record<string, unknown>;
  /** The reported text: the slice between start and end of `code`, or of the finding's file in `files`. */
  text?: string;
  /** The finding's file, relative to the tree root. */
  file?: string;
}

/** A case: one text as an open document (`code` + `filename`, file rules) or a tree (`files`) with the real publish set. */
export interface TesterCase {
  name?: string;
  code?: string;
  /** Path of `code` in the bare folder; default `src/a.ts`. */
  filename?: string;
  files?: Record<string, string | Buffer>;
  /** Written as `.leakguardrc.json`. */
  config?: object;
  /** Workspace trust (default: trusted). */
  trusted?: boolean;
  /** Extra assertions on the rule's findings (after the table's checks), for what a table cannot say. */
  check?: (findings: Finding[], root: string) => void | Promise<void>;
}

export interface InvalidCase extends TesterCase {
  /** In the order the rule reports them; a number only counts. */
  errors: ExpectedError[] | number;
}

/**
 * ESLint-style table tests for one rule: every `valid` case must report nothing, every `invalid`
 * case exactly its `errors` (message ids, and any severity/data/text/file given). Declares one
 * mocha `describe` with an `it` per case.
 */
export function ruleTester(rule: Rule, cases: { valid: TesterCase[]; invalid: InvalidCase[] }): void {
  const id = rule.meta.id;
  const run = async (c: TesterCase): Promise<{ findings: Finding[]; root: string }> => {
    if (c.code !== undefined) {
      if (rule.kind !== 'file') throw new Error(`${id}: a code case needs a file rule; give files instead`);
      const rel = c.filename ?? 'src/a.ts';
      const { root, findings } = await runOnTree({ [rel]: c.code, ...c.files }, { rules: [rule], config: c.config, extraFiles: [rel], trusted: c.trusted });
      return { root, findings: findings.filter((f) => f.ruleId === id) };
    }
    if (!c.files) throw new Error(`${id}: a case needs code or files`);
    const { root, findings } = await runOnTree(c.files, { rules: [rule], config: c.config, trusted: c.trusted });
    return { root, findings: findings.filter((f) => f.ruleId === id) };
  };
  const label = (c: TesterCase, i: number) => c.name ?? (c.code !== undefined ? `${c.filename ?? 'src/a.ts'}: ${c.code.slice(0, 60).replace(/\n/g, '⏎')}` : `tree #${i + 1}`);
  describe(`${id} (rule tester)`, () => {
    cases.valid.forEach((c, i) => {
      it(`valid: ${label(c, i)}`, async () => {
        const { findings, root } = await run(c);
        assert.deepEqual(findings.map((f) => `${f.messageId}: ${f.message}`), []);
        await c.check?.(findings, root);
      });
    });
    cases.invalid.forEach((c, i) => {
      it(`invalid: ${label(c, i)}`, async () => {
        const { findings, root } = await run(c);
        const summary = JSON.stringify(findings.map((f) => [f.messageId, f.severity, f.message]));
        if (typeof c.errors === 'number') assert.equal(findings.length, c.errors, summary);
        else {
          assert.deepEqual(findings.map((f) => f.messageId), c.errors.map((e) => e.messageId), summary);
          c.errors.forEach((e, j) => {
            const f = findings[j];
            if (e.severity) assert.equal(f.severity, e.severity, `error ${j} severity`);
            for (const [k, v] of Object.entries(e.data ?? {})) assert.deepEqual(f.data[k], v, `error ${j} data.${k}`);
            if (e.text !== undefined) {
              const source = c.code ?? c.files?.[toPosix(path.relative(root, f.file))];
              assert.equal(typeof source === 'string' ? source.slice(f.start, f.end) : undefined, e.text, `error ${j} text`);
            }
            if (e.file !== undefined) assert.equal(toPosix(path.relative(root, f.file)), e.file, `error ${j} file`);
          });
        }
        await c.check?.(findings, root);
      });
    });
  });
}
