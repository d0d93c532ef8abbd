/**
 * Document sync: open documents are overlaid on the disk (the engine reads the editor's text), and
 * as you type only the file rules run on the changed document (in the worker thread when large);
 * a structural file (package.json, ignore files, config) re-analyses its folder instead.
 */
import { availableParallelism } from 'node:os';
import type { Connection } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../engine/types';
import type { FileRule } from '../engine/context';
import { analyzeDocument, runFileRules, FindingSink, type UnitAnalysis, type FileInput } from '../engine/runner';
import { isInside } from '../engine/paths';
import { RuleWorkerPool } from './worker-client';
import type { FolderState, LeakguardServer } from './server';

/** Documents larger than this (characters) are analysed in the worker thread as you type. */
export const LARGE_DOCUMENT = 1_000_000;

/** Files whose change alters publish sets or configuration: a folder re-analysis follows. */
const STRUCTURAL = /(^|\/)(package\.json|\.npmignore|\.gitignore|\.vscodeignore|\.leakguardrc\.json|\.npmrc|pnpm-workspace\.yaml|\.leakguard-baseline\.json)$/;


export function registerDocumentSync(connection: Connection, s: LeakguardServer): void {
  s.documents.onDidOpen((e) => onDocument(s, e.document, true));
  s.documents.onDidChangeContent((e) => {
    if (s.settings.run === 'onType') onDocument(s, e.document, false);
    else s.fs.set(s.pathOf(e.document) ?? '', e.document.getText());
  });
  s.documents.onDidSave((e) => {
    if (s.settings.run === 'onSave') onDocument(s, e.document, false);
  });
  s.documents.onDidClose((e) => {
    const p = s.pathOf(e.document);
    if (p) s.fs.delete(p);
    const pending = s.docScheduled.get(e.document.uri);
    if (pending) clearImmediate(pending);
    s.docScheduled.delete(e.document.uri);
    s.docFindings.delete(e.document.uri);
    void s.publish();
  });
  s.documents.listen(connection);
}

function onDocument(s: LeakguardServer, doc: TextDocument, opened: boolean): void {
  const p = s.pathOf(doc);
  if (!p) return;
  s.fs.set(p, doc.getText());
  const folder = s.folders.find((f) => isInside(f.root, p));
  if (!folder) return;
  if (STRUCTURAL.test(p) || !folder.result) {
    s.schedule(folder, opened ? 50 : 150);
    return;
  }
  // As you type: file rules on this document only; the folder result stays for the rest. No fixed
  // debounce: the analysis runs on the next tick and reads the latest version then, so a burst of
  // edits costs one analysis; a result computed on a superseded version is dropped.
  const uri = doc.uri;
  const job = s.docJobs.get(uri);
  if (job !== undefined) s.worker?.cancel(job); // superseded: stop it between two rules
  if (s.docScheduled.has(uri)) return;
  s.docScheduled.set(
    uri,
    setImmediate(() => {
      s.docScheduled.delete(uri);
      const latest = s.documents.get(uri);
      if (latest && !s.shuttingDown) void analyzeOpenDocument(s, folder, latest);
    }),
  );
}

/** The as-you-type path: file rules over one document. */
export async function analyzeOpenDocument(s: LeakguardServer, folder: FolderState, doc: TextDocument): Promise<void> {
  const p = s.pathOf(doc);
  if (!p || !s.settings.enable) return;
  const version = doc.version;
  const text = doc.getText();
  const large = text.length > LARGE_DOCUMENT && !!s.options.workerScript;
  try {
    const owner = s.ownerOf(folder, p);
    const { findings, problems, cancelled } = await analyzeDocument({
      fs: s.fs,
      folder: folder.root,
      rules: s.options.rules,
      owner,
      trusted: s.trusted,
      ruleOverrides: s.ruleOverrides(),
      path: p,
      text,
      // Hashing 10 MB on every keystroke buys nothing: large documents are not cached.
      cache: large ? undefined : folder.cache,
      runFileRules: large ? (job) => inWorker(s, doc.uri, job) : undefined,
    });
    if (cancelled) return;
    problems.forEach((m) => s.log(m));
    const current = s.documents.get(doc.uri);
    if (!current || current.version !== version) return; // a newer version is on its way
    // Only this document (and open documents its old or new findings mirror onto) can change.
    const targets = new Set<string>([p]);
    for (const f of [...(s.docFindings.get(doc.uri)?.findings ?? []), ...findings]) for (const r of f.related) if (!r.embedded) targets.add(r.file);
    s.docFindings.set(doc.uri, { version, findings });
    await s.publish(targets);
  } catch (e) {
    s.log(`Analysis of ${p} failed: ${String(e)}`);
  }
}

/** File rules over a large document in the worker thread; in-process when the worker is unavailable. */
async function inWorker(s: LeakguardServer, uri: string, job: { rules: readonly FileRule[]; input: FileInput; ua: UnitAnalysis; folder: string }): Promise<{ findings: Finding[]; problems: string[] } | undefined> {
  const ruleOverrides = s.ruleOverrides();
  try {
    // One worker per core, at most two: the main thread idles while they run.
    s.worker ??= new RuleWorkerPool(s.options.workerScript!, Math.min(2, availableParallelism()), (p) => s.fs.readText(p), (m) => s.log(m));
    const { id, result } = s.worker.run({ ...job, ruleOverrides });
    s.docJobs.set(uri, id);
    try {
      return await result;
    } finally {
      if (s.docJobs.get(uri) === id) s.docJobs.delete(uri);
    }
  } catch (e) {
    if (s.shuttingDown) return undefined;
    s.log(`Analysis worker failed (${e instanceof Error ? e.message : String(e)}); analysing ${job.input.abs} in-process`);
    const findings: Finding[] = [];
    const problems: string[] = [];
    const opts = { ruleOverrides, fs: s.fs };
    await runFileRules(job.rules, job.input, job.ua, opts, job.folder, new FindingSink(findings, opts, job.folder, problems));
    return { findings, problems };
  }
}
