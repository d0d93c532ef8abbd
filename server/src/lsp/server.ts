/**
 * The Leakguard language server: thin LSP handlers around the engine. Works in any LSP client
 * (VS Code over IPC; Neovim, Helix, eglot over stdio), so nothing VS Code-only lives here.
 *
 * State lives in one LeakguardServer object per connection (no globals), so a test can start a
 * fresh server per case.
 */
import * as path from 'node:path';
import { readFileSync, statSync, realpathSync } from 'node:fs';
import {
  type Connection,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  DidChangeWatchedFilesNotification,
  type WorkspaceEdit,
  type TextDocumentEdit,
  type CreateFile,
  type Hover,
  type HoverParams,
  type CodeLens,
  type CodeLensParams,
  Range,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Rule, FileRule, SeveritySetting, Fix } from '../engine/types';
import { OverlayFileSystem } from '../engine/safe/fs';
import { analyzeFolder, analyzeDocument, runFileRules, FindingSink, FileResultCache, type AnalysisResult, type UnitAnalysis, type FileInput } from '../engine/runner';
import { toPosix, isInside, relPosix } from '../engine/paths';
import { parseSuppressions, lineStartOffsets, lineOf } from '../engine/config/suppressions';
import { outsideReason } from '../engine/safe/write';
import { LineIndex, toDiagnostic, readData, fileUri, uriPath, embeddedUri, readEmbedded, type DiagnosticData } from './convert';
import { publishLenses, describesPublishSet, listUnitFiles, type PublishLens } from './publish-lens';
import { isConfigCrossLink } from '../engine/sourcemap/cross-links';
import { isSourceMapName } from '../engine/sourcemap/names';
import type { EmbeddedRef } from '../engine/types';
import { commentStyleFor } from './comments';
import { jsonAppend, jsonSet } from '../engine/fix-helpers';
import { CONFIG_FILE_NAME } from '../engine/config';
import { makeUnit } from '../engine/workspace';
import { scanEmbeddedSources } from '../engine/sourcemap/embedded';
import { describeInclusion } from '../engine/publish/describe';
import { toolLabel } from '../engine/publish/types';
import { excludeFromPackage, createConfiguration, addPrepublishGuard } from './commands';
import { RuleWorkerPool } from './worker-client';
import { publishedVersions, type PublishedVersionsParams, type PublishedVersionsResult } from './published-versions';
import { availableParallelism } from 'node:os';

export const FIX_ALL_KIND = 'source.fixAll.leakguard';

/** Opens a source embedded in a map (a `leakguard-embedded:` virtual document) at a line. */
export const OPEN_EMBEDDED_COMMAND = 'leakguard.openEmbeddedSource';
/** Server commands that change files: refused in an untrusted workspace. */
const WRITING_COMMANDS = new Set(['leakguard.excludeFromPackage', 'leakguard.createConfiguration', 'leakguard.addPrepublishGuard']);

export interface ServerSettings {
  enable: boolean;
  run: 'onType' | 'onSave';
  rules: Record<string, SeveritySetting>;
  maxFileSizeMB: number;
  codeAction: { disableRuleComment: { location: 'separateLine' | 'sameLine' } };
}

const DEFAULT_SETTINGS: ServerSettings = {
  enable: true,
  run: 'onType',
  rules: {},
  maxFileSizeMB: 0,
  codeAction: { disableRuleComment: { location: 'separateLine' } },
};

export interface ServerOptions {
  rules: readonly Rule[];
  docsUrl: (ruleId: string) => string;
  version: string;
  /**
   * The worker-thread entry (dist/analysis-worker.js) that runs file rules over large documents
   * off the main thread; it loads the rule registry itself, so pass it only with `rules` = that
   * registry. Absent: every document is analysed in-process.
   */
  workerScript?: string;
  /**
   * `--untrusted`: the workspace is untrusted until the client sends `leakguard/trust`, whatever the
   * initialize options say. Without it a stdio client is trusted unless it passes `trusted: false`.
   */
  untrusted?: boolean;
}

/** Documents larger than this (characters) are analysed in the worker thread as you type. */
export const LARGE_DOCUMENT = 1_000_000;

interface FolderState {
  root: string;
  result: AnalysisResult | undefined;
  generation: number;
  timer: NodeJS.Timeout | undefined;
  running: Promise<void> | undefined;
  rerun: boolean;
  /** File-rule results kept across analyses: a watched-file change re-scans only changed files. */
  cache: FileResultCache;
}

/** Files whose change alters publish sets or configuration: a folder re-analysis follows. */
const STRUCTURAL = /(^|\/)(package\.json|\.npmignore|\.gitignore|\.vscodeignore|\.leakguardrc\.json|\.npmrc|pnpm-workspace\.yaml|\.leakguard-baseline\.json)$/;

/** Starts Leakguard on a connection; returns the server object (tests inspect it). */
export function startServer(connection: Connection, options: ServerOptions): LeakguardServer {
  const server = new LeakguardServer(connection, options);
  server.listen();
  return server;
}

export class LeakguardServer {
  readonly documents = new TextDocuments(TextDocument);
  readonly fs = new OverlayFileSystem();
  private folders: FolderState[] = [];
  private settings: ServerSettings = DEFAULT_SETTINGS;
  private trusted = true;
  private supportsConfiguration = false;
  private supportsWatchDynamic = false;
  private supportsRelated = false;
  private supportsResourceOps = false;
  private supportsShowDocument = false;
  private supportsCodeLensRefresh = false;
  /** Files under each unit's packed folder, listed once per analysis (for "excludes N files"). */
  private readonly unitFiles = new WeakMap<UnitAnalysis, Promise<string[]>>();
  private readonly docFindings = new Map<string, { version: number; findings: Finding[] }>();
  /** What was last sent per URI (a serialisation of its diagnostics): unchanged lists are not re-sent. */
  private readonly lastSent = new Map<string, string>();
  /** Open documents with an as-you-type analysis scheduled on the next tick (it reads the latest version). */
  private readonly docScheduled = new Map<string, NodeJS.Immediate>();
  private shuttingDown = false;
  private worker: RuleWorkerPool | undefined;
  /** The worker job analysing each open document, cancelled when a newer version arrives. */
  private readonly docJobs = new Map<string, number>();
  /** A client command that shows a list of locations (the VS Code extension provides one). */
  private showReferencesCommand: string | undefined;

  constructor(
    readonly connection: Connection,
    private readonly options: ServerOptions,
  ) {}

  listen(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => void this.initialized());
    c.onShutdown(() => {
      this.shuttingDown = true;
      for (const f of this.folders) if (f.timer) clearTimeout(f.timer);
      for (const t of this.docScheduled.values()) clearImmediate(t);
      this.worker?.dispose();
    });
    c.onDidChangeConfiguration(() => void this.reloadSettings().then(() => this.analyzeAll()));
    c.onDidChangeWatchedFiles((p) => {
      for (const ch of p.changes) {
        const file = uriPath(ch.uri);
        if (!file || /\/\.git\//.test(file)) continue;
        // node_modules changes matter only for configs the analysis extends (an org config package).
        if (/\/node_modules\//.test(file) && !this.allUnits().some((u) => u.config.files.includes(file))) continue;
        for (const f of this.folders) if (isInside(f.root, file)) this.schedule(f, 100);
      }
    });
    c.onCodeAction((p) => this.guard<CodeAction[]>('codeAction', () => this.codeActions(p), []));
    c.onHover((p) => this.guard('hover', () => this.hover(p), null));
    c.onCodeLens((p) => this.guard<CodeLens[]>('codeLens', () => this.codeLenses(p), []));
    c.onExecuteCommand((p) => this.guard('executeCommand', () => this.executeCommand(p.command, p.arguments ?? []), null));
    c.onNotification('leakguard/trust', (p: { trusted?: boolean }) => {
      this.trusted = p?.trusted !== false;
      this.analyzeAll();
    });
    c.onRequest('leakguard/publishSets', (p: { uri?: string }) => this.guard('publishSets', () => this.publishSets(p?.uri), []));
    c.onRequest('leakguard/publishedVersions', (p: PublishedVersionsParams) => this.guard('publishedVersions', () => this.publishedVersions(p), null));
    c.onRequest('leakguard/embeddedSource', (p: { uri: string }) => this.guard('embeddedSource', () => this.embeddedSource(p.uri), null));

    this.documents.onDidOpen((e) => this.onDocument(e.document, true));
    this.documents.onDidChangeContent((e) => {
      if (this.settings.run === 'onType') this.onDocument(e.document, false);
      else this.fs.set(this.pathOf(e.document) ?? '', e.document.getText());
    });
    this.documents.onDidSave((e) => {
      if (this.settings.run === 'onSave') this.onDocument(e.document, false);
    });
    this.documents.onDidClose((e) => {
      const p = this.pathOf(e.document);
      if (p) this.fs.delete(p);
      const pending = this.docScheduled.get(e.document.uri);
      if (pending) clearImmediate(pending);
      this.docScheduled.delete(e.document.uri);
      this.docFindings.delete(e.document.uri);
      void this.publish();
    });
    this.documents.listen(this.connection);
  }

  private initialize(p: InitializeParams): InitializeResult {
    const cap = p.capabilities;
    this.supportsConfiguration = !!cap.workspace?.configuration;
    this.supportsWatchDynamic = !!cap.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    this.supportsRelated = !!cap.textDocument?.publishDiagnostics?.relatedInformation;
    this.supportsResourceOps = !!cap.workspace?.workspaceEdit?.resourceOperations?.includes('create');
    this.supportsShowDocument = !!cap.window?.showDocument?.support;
    this.supportsCodeLensRefresh = !!cap.workspace?.codeLens?.refreshSupport;
    const init = (p.initializationOptions ?? {}) as { trusted?: boolean; settings?: Partial<ServerSettings>; showReferencesCommand?: string };
    this.trusted = init.trusted !== false && !this.options.untrusted;
    this.showReferencesCommand = typeof init.showReferencesCommand === 'string' ? init.showReferencesCommand : undefined;
    if (init.settings) this.settings = mergeSettings(init.settings);
    const roots = p.workspaceFolders?.length
      ? p.workspaceFolders.map((w) => uriPath(w.uri)).filter((x): x is string => !!x)
      : [p.rootUri ? uriPath(p.rootUri) : p.rootPath ?? undefined].filter((x): x is string => !!x);
    this.folders = roots.map((root) => ({ root: toPosix(path.resolve(root)), result: undefined, generation: 0, timer: undefined, running: undefined, rerun: false, cache: new FileResultCache() }));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: ['leakguard.showDocumentation', 'leakguard.scanWorkspace', 'leakguard.excludeFromPackage', 'leakguard.createConfiguration', 'leakguard.addPrepublishGuard', OPEN_EMBEDDED_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'leakguard', version: this.options.version },
    };
  }

  private async initialized(): Promise<void> {
    if (this.supportsWatchDynamic) {
      void this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
    }
    if (this.connection.workspace && this.folders.length > 0) {
      try {
        this.connection.workspace.onDidChangeWorkspaceFolders((e) => {
          for (const r of e.removed) {
            const root = uriPath(r.uri);
            this.folders = this.folders.filter((f) => f.root !== root);
          }
          for (const a of e.added) {
            const root = uriPath(a.uri);
            if (root) {
              const f: FolderState = { root: toPosix(root), result: undefined, generation: 0, timer: undefined, running: undefined, rerun: false, cache: new FileResultCache() };
              this.folders.push(f);
              this.schedule(f, 0);
            }
          }
          void this.publish();
        });
      } catch {
        // The client did not announce workspace folder support.
      }
    }
    await this.reloadSettings();
    this.analyzeAll();
  }

  private async reloadSettings(): Promise<void> {
    if (!this.supportsConfiguration) return;
    try {
      const s = (await this.connection.workspace.getConfiguration('leakguard')) as Partial<ServerSettings> | null;
      if (s) this.settings = mergeSettings(s);
    } catch (e) {
      this.log(`Cannot read settings: ${String(e)}`);
    }
  }

  /** Re-analyses every workspace folder. */
  analyzeAll(): void {
    for (const f of this.folders) this.schedule(f, 0);
  }

  private schedule(f: FolderState, delay: number): void {
    if (this.shuttingDown) return;
    if (f.timer) clearTimeout(f.timer);
    f.timer = setTimeout(() => {
      f.timer = undefined;
      void this.runFolder(f);
    }, delay);
  }

  private async runFolder(f: FolderState): Promise<void> {
    if (f.running) {
      f.rerun = true;
      f.generation++;
      return;
    }
    const gen = ++f.generation;
    const t0 = Date.now();
    f.running = (async () => {
      try {
        if (!this.settings.enable) {
          f.result = undefined;
          return;
        }
        const openDocs = this.documents.all().map((d) => this.pathOf(d)).filter((p): p is string => !!p && isInside(f.root, p));
        const result = await analyzeFolder({
          fs: this.fs,
          folder: f.root,
          rules: this.options.rules,
          trusted: this.trusted,
          ruleOverrides: this.ruleOverrides(),
          extraFiles: openDocs,
          isCancelled: () => f.generation !== gen || this.shuttingDown,
          cache: f.cache,
          maxFileSize: this.settings.maxFileSizeMB > 0 ? this.settings.maxFileSizeMB * 1024 * 1024 : undefined,
        });
        if (f.generation !== gen) return;
        f.result = result;
        // Folder analysis covers open documents too; drop stale as-you-type results.
        for (const d of this.documents.all()) {
          const p = this.pathOf(d);
          if (p && isInside(f.root, p)) this.docFindings.delete(d.uri);
        }
        for (const p of result.problems) this.log(p);
        void this.connection.sendNotification('leakguard/status', {
          folder: f.root,
          units: result.stats.units,
          files: result.stats.files,
          bytes: result.stats.bytes,
          ms: Date.now() - t0,
          problems: result.problems.length,
          trusted: this.trusted,
          skipped: (result.skipped ?? []).map((s) => s.folder),
        });
      } catch (e) {
        this.log(`Analysis of ${f.root} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    })();
    await f.running;
    f.running = undefined;
    await this.publish();
    if (this.supportsCodeLensRefresh && !this.shuttingDown) void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    if (f.rerun) {
      f.rerun = false;
      this.schedule(f, 0);
    }
  }

  private onDocument(doc: TextDocument, opened: boolean): void {
    const p = this.pathOf(doc);
    if (!p) return;
    this.fs.set(p, doc.getText());
    const folder = this.folders.find((f) => isInside(f.root, p));
    if (!folder) return;
    if (STRUCTURAL.test(p) || !folder.result) {
      this.schedule(folder, opened ? 50 : 150);
      return;
    }
    // As you type: file rules on this document only; the folder result stays for the rest. No fixed
    // debounce: the analysis runs on the next tick and reads the latest version then, so a burst of
    // edits costs one analysis; a result computed on a superseded version is dropped.
    const uri = doc.uri;
    const job = this.docJobs.get(uri);
    if (job !== undefined) this.worker?.cancel(job); // superseded: stop it between two rules
    if (this.docScheduled.has(uri)) return;
    this.docScheduled.set(
      uri,
      setImmediate(() => {
        this.docScheduled.delete(uri);
        const latest = this.documents.get(uri);
        if (latest && !this.shuttingDown) void this.analyzeOpenDocument(folder, latest);
      }),
    );
  }

  /** The as-you-type path: file rules over one document. */
  async analyzeOpenDocument(folder: FolderState, doc: TextDocument): Promise<void> {
    const p = this.pathOf(doc);
    if (!p || !this.settings.enable) return;
    const version = doc.version;
    const text = doc.getText();
    const large = text.length > LARGE_DOCUMENT && !!this.options.workerScript;
    try {
      const owner = this.ownerOf(folder, p);
      const { findings, problems, cancelled } = await analyzeDocument({
        fs: this.fs,
        folder: folder.root,
        rules: this.options.rules,
        owner,
        trusted: this.trusted,
        ruleOverrides: this.ruleOverrides(),
        path: p,
        text,
        // Hashing 10 MB on every keystroke buys nothing: large documents are not cached.
        cache: large ? undefined : folder.cache,
        runFileRules: large ? (job) => this.inWorker(doc.uri, job) : undefined,
      });
      if (cancelled) return;
      problems.forEach((m) => this.log(m));
      const current = this.documents.get(doc.uri);
      if (!current || current.version !== version) return; // a newer version is on its way
      // Only this document (and open documents its old or new findings mirror onto) can change.
      const targets = new Set<string>([p]);
      for (const f of [...(this.docFindings.get(doc.uri)?.findings ?? []), ...findings]) for (const r of f.related) if (!r.embedded) targets.add(r.file);
      this.docFindings.set(doc.uri, { version, findings });
      await this.publish(targets);
    } catch (e) {
      this.log(`Analysis of ${p} failed: ${String(e)}`);
    }
  }

  /** File rules over a large document in the worker thread; in-process when the worker is unavailable. */
  private async inWorker(uri: string, job: { rules: readonly FileRule[]; input: FileInput; ua: UnitAnalysis; folder: string }): Promise<{ findings: Finding[]; problems: string[] } | undefined> {
    const ruleOverrides = this.ruleOverrides();
    try {
      // One worker per core, at most two: the main thread idles while they run.
      this.worker ??= new RuleWorkerPool(this.options.workerScript!, Math.min(2, availableParallelism()), (p) => this.fs.readText(p), (m) => this.log(m));
      const { id, result } = this.worker.run({ ...job, ruleOverrides });
      this.docJobs.set(uri, id);
      try {
        return await result;
      } finally {
        if (this.docJobs.get(uri) === id) this.docJobs.delete(uri);
      }
    } catch (e) {
      if (this.shuttingDown) return undefined;
      this.log(`Analysis worker failed (${e instanceof Error ? e.message : String(e)}); analysing ${job.input.abs} in-process`);
      const findings: Finding[] = [];
      const problems: string[] = [];
      const opts = { ruleOverrides, fs: this.fs };
      await runFileRules(job.rules, job.input, job.ua, opts, job.folder, new FindingSink(findings, opts, job.folder, problems));
      return { findings, problems };
    }
  }

  private ownerOf(folder: FolderState, abs: string): UnitAnalysis | undefined {
    let best: UnitAnalysis | undefined;
    for (const ua of folder.result?.units ?? []) if (isInside(ua.unit.root, abs) && (!best || ua.unit.root.length > best.unit.root.length)) best = ua;
    return best;
  }

  private ruleOverrides(): Map<string, SeveritySetting> {
    const m = new Map<string, SeveritySetting>();
    for (const [k, v] of Object.entries(this.settings.rules ?? {})) {
      const sev = (v as string) === 'warn' ? 'warning' : v;
      if (['off', 'error', 'warning', 'info', 'hint'].includes(sev as string)) m.set(k, sev as SeveritySetting);
    }
    return m;
  }

  /** All findings currently known, by file. */
  currentFindings(): Map<string, Finding[]> {
    const byFile = new Map<string, Finding[]>();
    const add = (f: Finding) => {
      const list = byFile.get(f.file) ?? [];
      list.push(f);
      byFile.set(f.file, list);
    };
    const fileRuleIds = new Set(this.options.rules.filter((r) => r.kind === 'file').map((r) => r.meta.id));
    const overridden = new Set<string>();
    for (const [uri] of this.docFindings) {
      const p = uriPath(uri);
      if (p) overridden.add(p);
    }
    for (const f of this.folders) {
      for (const finding of f.result?.findings ?? []) {
        if (overridden.has(finding.file) && fileRuleIds.has(finding.ruleId) && !finding.embedded) continue;
        add(finding);
      }
    }
    for (const { findings } of this.docFindings.values()) findings.forEach(add);
    return byFile;
  }

  /**
   * Publishes diagnostics for every file with findings and clears files that no longer have any;
   * with `only` (absolute paths), computes just those files' diagnostics (the as-you-type path).
   * A URI whose diagnostics are the same as last sent is not sent again.
   */
  async publish(only?: ReadonlySet<string>): Promise<void> {
    if (this.shuttingDown) return;
    const byFile = this.currentFindings();
    const diagnostics = new Map<string, Diagnostic[]>();
    const textCache = new Map<string, LineIndex | undefined>();
    const openIndex = new Map<string, LineIndex>();
    const docIndex = (doc: TextDocument): LineIndex => {
      let idx = openIndex.get(doc.uri);
      if (!idx) openIndex.set(doc.uri, (idx = new LineIndex(doc.getText())));
      return idx;
    };
    const indexFor = async (file: string): Promise<{ index: LineIndex | undefined; version: number | null }> => {
      const doc = this.documents.get(fileUri(file));
      if (doc) return { index: docIndex(doc), version: doc.version };
      if (!textCache.has(file)) {
        const st = await this.fs.stat(file);
        const text = st && st.size < 5_000_000 ? await this.fs.readText(file) : undefined;
        textCache.set(file, text !== undefined ? new LineIndex(text) : undefined);
      }
      return { index: textCache.get(file), version: null };
    };
    for (const [file, findings] of byFile) {
      const own = !only || only.has(file);
      const mirrors = !isSourceMapName(file) && (!only || findings.some((f) => f.related.some((r) => only.has(r.file))));
      if (!own && !mirrors) continue;
      const { index, version } = await indexFor(file);
      const uri = fileUri(file);
      const list = diagnostics.get(uri) ?? [];
      for (const f of findings) {
        if (own) list.push(toDiagnostic(f, index, version, this.options.docsUrl, (rf) => textCache.get(rf), this.supportsRelated));
        // Shown on the artifact too when it is open (DESIGN: artifact findings on the cause and on the artifact).
        // A finding that already sits on a map is not mirrored back onto its cause or config.
        if (!mirrors) continue;
        for (const r of f.related) {
          // Cross-links from an artifact to the config line that built it are not mirrored onto the config.
          if (r.embedded || r.file === file || isConfigCrossLink(r)) continue;
          if (only && !only.has(r.file)) continue;
          const rdoc = this.documents.get(fileUri(r.file));
          if (!rdoc) continue;
          const rl = diagnostics.get(rdoc.uri) ?? [];
          const d = toDiagnostic({ ...f, start: 0, end: 0, related: [{ file, start: f.start, end: f.end, message: 'cause' }] }, docIndex(rdoc), rdoc.version, this.options.docsUrl, () => index, this.supportsRelated);
          (d.data as DiagnosticData).mirror = true;
          (d.data as DiagnosticData).fix = undefined;
          rl.push(d);
          diagnostics.set(rdoc.uri, rl);
        }
      }
      if (own) diagnostics.set(uri, list);
    }
    if (only) {
      for (const file of only) {
        const uri = fileUri(file);
        if (!diagnostics.has(uri) && this.lastSent.has(uri)) diagnostics.set(uri, []);
      }
    } else {
      for (const uri of this.lastSent.keys()) if (!diagnostics.has(uri)) diagnostics.set(uri, []);
    }
    for (const [uri, list] of diagnostics) {
      const key = list.length > 0 ? JSON.stringify(list) : '';
      if ((this.lastSent.get(uri) ?? '') === key && (key !== '' || !this.lastSent.has(uri))) {
        if (key === '') this.lastSent.delete(uri);
        continue;
      }
      if (key) this.lastSent.set(uri, key);
      else this.lastSent.delete(uri);
      await this.connection.sendDiagnostics({ uri, diagnostics: list });
    }
  }

  private codeActions(p: CodeActionParams): CodeAction[] | Promise<CodeAction[]> {
    const doc = this.documents.get(p.textDocument.uri);
    const file = uriPath(p.textDocument.uri);
    if (!doc || !file) return [];
    const only = p.context.only;
    const wantsFixAll = only?.some((k) => k === FIX_ALL_KIND || k === CodeActionKind.SourceFixAll || k === CodeActionKind.Source);
    if (wantsFixAll) {
      // Fix-all (also run on save by editor.codeActionsOnSave) writes without asking: not in an untrusted workspace (issue #15 item 11).
      if (!this.trusted) return [];
      return this.fixAllAction(doc, file).then((action) => (action ? [action] : []));
    }
    if (only && !only.some((k) => k === CodeActionKind.QuickFix || k.startsWith('quickfix'))) return [];
    const actions: CodeAction[] = [];
    const ours = p.context.diagnostics.filter((d) => d.source === 'leakguard');
    const seenRules = new Set<string>();
    const fixActions = new Map<string, CodeAction>();
    const index = new LineIndex(doc.getText());
    for (const d of ours) {
      const data = readData(d);
      if (!data) continue;
      if (data.docVersion !== null && data.docVersion !== doc.version) continue; // stale: refused, not misapplied
      const fixes = [...(data.fix ? [data.fix] : []), ...data.suggestions];
      fixes.forEach((fix, i) => {
        // One action per distinct fix, as vscode-eslint does: two diagnostics with the same fix share it.
        const key = `${fix.title}\0${JSON.stringify(fix.edits)}`;
        const same = fixActions.get(key);
        if (same) {
          same.diagnostics = [...(same.diagnostics ?? []), d];
          return;
        }
        const edit = this.workspaceEdit(fix);
        if (!edit) return;
        // Only a rule's safe fix (Report.fix) may be preferred: a suggestion is never applied by "auto fix" (issue #18 item 5).
        const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: i === 0 && !!data.fix && !data.mirror, edit };
        fixActions.set(key, action);
        actions.push(action);
      });
      if (seenRules.has(data.ruleId)) continue;
      seenRules.add(data.ruleId);
      const sameRule = this.findingsForFile(file).filter((f) => f.ruleId === data.ruleId && f.fix);
      if (sameRule.length > 1) {
        const merged = mergeFixes(sameRule.map((f) => f.fix!));
        const edit = merged && this.workspaceEdit(merged);
        if (edit) actions.push({ title: `Fix all ${data.ruleId} problems`, kind: CodeActionKind.QuickFix, edit });
      }
      if (data.embedded) actions.push(openEmbeddedAction(data.embedded, d));
      actions.push(...this.disableActions(doc, file, d, data, index));
      const occurrences = this.occurrencesAction(file, d, data);
      if (occurrences) actions.push(occurrences);
      actions.push({ title: `Show documentation for ${data.ruleId}`, kind: CodeActionKind.QuickFix, command: { title: 'Show documentation', command: 'leakguard.showDocumentation', arguments: [data.ruleId] } });
    }
    return actions;
  }

  private disableActions(doc: TextDocument, file: string, d: Diagnostic, data: DiagnosticData, index: LineIndex): CodeAction[] {
    const style = commentStyleFor(file, doc.languageId);
    if (!style) return this.ignoreInConfigAction(file, data.ruleId);
    const text = doc.getText();
    const line = d.range.start.line;
    const lineStart = index.offset({ line, character: 0 });
    const indent = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))![0];
    const directives = parseSuppressions(text);
    const starts = lineStartOffsets(text);
    const existing = directives.find((x) => x.kind === 'disable-next-line' && x.line === line - 1);
    const uri = doc.uri;
    const actions: CodeAction[] = [];
    const tde = (edits: { start: number; end: number; newText: string }[]): WorkspaceEdit => ({
      documentChanges: [{ textDocument: { uri, version: doc.version }, edits: edits.map((e) => ({ range: index.range(e.start, e.end), newText: e.newText })) }],
    });
    if (existing && !existing.rules.includes(data.ruleId)) {
      actions.push({ title: `Disable ${data.ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: tde([{ start: existing.rulesEnd, end: existing.rulesEnd, newText: `, ${data.ruleId}` }]) });
    } else if (!existing) {
      const sameLine = this.settings.codeAction.disableRuleComment.location === 'sameLine' && style.line;
      if (sameLine) {
        const eol = text.indexOf('\n', lineStart);
        const end = eol < 0 ? text.length : text[eol - 1] === '\r' ? eol - 1 : eol;
        actions.push({ title: `Disable ${data.ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: tde([{ start: end, end, newText: ` ${style.wrap(`leakguard-disable-line ${data.ruleId}`)}` }]) });
      } else {
        actions.push({
          title: `Disable ${data.ruleId} for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          edit: tde([{ start: lineStart, end: lineStart, newText: `${indent}${style.wrap(`leakguard-disable-next-line ${data.ruleId}`)}\n` }]),
        });
      }
    }
    const fileDirective = directives.find((x) => x.kind === 'disable-file' && lineOf(starts, x.start) < 5);
    if (fileDirective && !fileDirective.rules.includes(data.ruleId) && fileDirective.rules.length > 0) {
      actions.push({ title: `Disable ${data.ruleId} for the entire file`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: tde([{ start: fileDirective.rulesEnd, end: fileDirective.rulesEnd, newText: `, ${data.ruleId}` }]) });
    } else if (!fileDirective) {
      const at = text.startsWith('#!') ? text.indexOf('\n') + 1 : 0;
      actions.push({ title: `Disable ${data.ruleId} for the entire file`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: tde([{ start: at, end: at, newText: `${style.wrap(`leakguard-disable-file ${data.ruleId}`)}\n` }]) });
    }
    return actions;
  }

  /**
   * "Open all occurrences" of a deny-listed codename: every finding of the same rule and term across
   * the workspace, shown through the client's references view (offered when the client has one).
   */
  private occurrencesAction(file: string, d: Diagnostic, data: DiagnosticData): CodeAction | undefined {
    if (!this.showReferencesCommand || data.ruleId !== 'prompt-internal-codename') return undefined;
    const all = [...this.currentFindings().values()].flat();
    const self = all.find((f) => f.fingerprint === data.fingerprint && f.file === file);
    const label = self?.data.label;
    if (typeof label !== 'string') return undefined;
    const same = all.filter((f) => f.ruleId === data.ruleId && f.data.label === label);
    if (same.length < 2) return undefined;
    const locations = same.map((f) => {
      const doc = this.documents.get(fileUri(f.file));
      const text = doc?.getText() ?? (f.embedded ? undefined : this.diskText(f.file));
      const range = text !== undefined ? new LineIndex(text).range(f.start, f.end) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      return { uri: fileUri(f.file), range };
    });
    return {
      title: `Open all ${same.length} occurrences of "${label}"`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      command: { title: 'Open all occurrences', command: this.showReferencesCommand, arguments: [fileUri(file), d.range.start, locations] },
    };
  }

  /** JSON has no comments: "Ignore RULE in .leakguardrc.json" writes an `ignore` entry `RULE:path`. */
  private ignoreInConfigAction(file: string, ruleId: string): CodeAction[] {
    const folder = this.folders.find((f) => isInside(f.root, file));
    if (!folder) return [];
    const owner = this.ownerOf(folder, file);
    const configFile = owner?.config.files.at(-1) ?? `${owner?.unit.root ?? folder.root}/${CONFIG_FILE_NAME}`;
    const base = path.posix.dirname(configFile);
    const entry = `${ruleId}:${relPosix(base, file)}`;
    const text = this.documents.get(fileUri(configFile))?.getText() ?? this.fs.get(configFile) ?? this.diskText(configFile);
    const title = `Ignore ${ruleId} in ${CONFIG_FILE_NAME}`;
    const fix: Fix =
      text === undefined
        ? { title, edits: [{ file: configFile, create: true, edits: [{ start: 0, end: 0, newText: JSON.stringify({ ignore: [entry] }, null, 2) + '\n' }] }] }
        : { title, edits: [{ file: configFile, edits: /"ignore"\s*:/.test(text) ? jsonAppend(text, ['ignore'], entry) : jsonSet(text, ['ignore'], [entry]) }] };
    const edit = this.workspaceEdit(fix);
    return edit ? [{ title, kind: CodeActionKind.QuickFix, edit }] : [];
  }

  /**
   * `source.fixAll.leakguard`: safe fixes for one document, recomputed by re-running the engine on
   * the edited text until nothing is left to fix (never by merging stale edits). Only edits to this
   * document are applied; fixes that edit other files stay single quick fixes.
   */
  private async fixAllAction(doc: TextDocument, file: string): Promise<CodeAction | undefined> {
    const folder = this.folders.find((f) => isInside(f.root, file));
    if (!folder) return undefined;
    const original = doc.getText();
    let text = original;
    for (let round = 0; round < 10; round++) {
      const findings = await this.findingsForText(folder, file, text);
      const fixes = findings.filter((f) => f.file === file && f.fix && f.fix.edits.every((e) => e.file === file && !e.create)).map((f) => f.fix!);
      const merged = mergeFixes(fixes);
      if (!merged) break;
      const next = applyTextEdits(text, merged.edits[0].edits);
      if (next === text) break;
      text = next;
    }
    if (text === original) return undefined;
    const index = new LineIndex(original);
    return {
      title: 'Fix all auto-fixable Leakguard problems',
      kind: FIX_ALL_KIND,
      edit: { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: [{ range: index.range(0, original.length), newText: text }] }] },
    };
  }

  /** Findings for `file` as if its text were `text` (file rules, and unit rules of its unit). */
  private async findingsForText(folder: FolderState, file: string, text: string): Promise<Finding[]> {
    const overlay = new OverlayFileSystem(this.fs);
    overlay.set(file, text);
    const owner = this.ownerOf(folder, file);
    const doc = await analyzeDocument({ fs: overlay, folder: folder.root, rules: this.options.rules, owner, trusted: this.trusted, ruleOverrides: this.ruleOverrides(), path: file, text });
    if (!owner) return doc.findings;
    const unit = owner.unit.manifestPath === file ? makeUnit(file, text) : owner.unit;
    unit.workspaceRoot = owner.unit.workspaceRoot;
    unit.npmWorkspaceRoot = owner.unit.npmWorkspaceRoot;
    unit.tool = owner.unit.tool;
    if (unit !== owner.unit) unit.workspaces = owner.unit.workspaces;
    const result = await analyzeFolder({ fs: overlay, folder: folder.root, rules: this.options.rules.filter((r) => r.kind === 'unit'), trusted: this.trusted, ruleOverrides: this.ruleOverrides(), units: [unit] });
    return [...doc.findings, ...result.findings];
  }

  private findingsForFile(file: string): Finding[] {
    return this.currentFindings().get(file) ?? [];
  }

  /** Converts an engine fix into a versioned workspace edit; undefined when it cannot be expressed. */
  workspaceEdit(fix: Fix): WorkspaceEdit | undefined {
    const changes: (TextDocumentEdit | CreateFile)[] = [];
    for (const fe of fix.edits) {
      // Never an edit outside the workspace folders by real path, nor through a link (issue #15 item 4).
      const folder = this.folders.find((f) => isInside(f.root, fe.file));
      if (!folder || outsideReason(folder.root, fe.file)) return undefined;
      const uri = fileUri(fe.file);
      const doc = this.documents.get(uri);
      if (fe.create && !doc) {
        if (!this.supportsResourceOps) return undefined;
        changes.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
        const idx = new LineIndex('');
        changes.push({ textDocument: { uri, version: null }, edits: fe.edits.map((e) => ({ range: idx.range(0, 0), newText: e.newText })) });
        continue;
      }
      const text = doc ? doc.getText() : this.fs.get(fe.file);
      if (text === undefined && !doc) {
        // Not open: positions come from the disk text read at analysis time.
        const cached = this.diskText(fe.file);
        if (cached === undefined) return undefined;
        const idx = new LineIndex(cached);
        changes.push({ textDocument: { uri, version: null }, edits: fe.edits.map((e) => ({ range: idx.range(e.start, e.end), newText: e.newText })) });
        continue;
      }
      const idx = new LineIndex(text ?? '');
      changes.push({ textDocument: { uri, version: doc ? doc.version : null }, edits: fe.edits.map((e) => ({ range: idx.range(e.start, e.end), newText: e.newText })) });
    }
    return { documentChanges: changes };
  }

  private diskText(file: string): string | undefined {
    try {
      // Small config and ignore files only; read synchronously so code actions stay synchronous.
      const folder = this.folders.find((f) => isInside(f.root, file));
      if (!folder || outsideReason(folder.root, file)) return undefined; // not through links, not outside
      const st = statSync(file);
      return st.size < 5_000_000 ? readFileSync(file, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  }

  private async hover(p: HoverParams): Promise<Hover | null> {
    const file = uriPath(p.textDocument.uri);
    const doc = this.documents.get(p.textDocument.uri);
    if (!file || !doc) return null;
    const index = new LineIndex(doc.getText());
    const offset = index.offset(p.position);
    const hits = this.findingsForFile(file).filter((f) => f.start <= offset && offset <= f.end && f.end > f.start);
    const lines = hits.map((f) => {
      const extra = typeof f.data.breakdown === 'string' ? `\n\n${renderBreakdown(f.data)}` : '';
      const rel = f.related.length ? `\n\n${f.related.slice(0, 5).map((r) => `- ${r.message}`).join('\n')}` : '';
      return `**${f.ruleId}** (${f.severity}): ${f.message}${extra}${rel}\n\n[Documentation](${this.options.docsUrl(f.ruleId)})`;
    });
    const lens = (await this.lensesFor(file, doc.getText())).find((l) => l.start <= offset && offset <= l.end);
    if (lens) lines.push(lens.detail);
    if (lines.length === 0) return null;
    return { contents: { kind: 'markdown', value: lines.join('\n\n---\n\n') } };
  }

  /** Code lenses on package.json `files` entries and ignore-file lines: what each one does to the package. */
  private async codeLenses(p: CodeLensParams): Promise<CodeLens[]> {
    const file = uriPath(p.textDocument.uri);
    const doc = this.documents.get(p.textDocument.uri);
    if (!file || !doc) return [];
    const text = doc.getText();
    const index = new LineIndex(text);
    // `command` with an empty id: a label only (clients render it and do nothing on click).
    return (await this.lensesFor(file, text)).map((l) => ({ range: index.range(l.start, l.end), command: { title: l.title, command: '' } }));
  }

  /** The publish-set lenses of a file, from the last analysis of the unit that owns it. */
  private async lensesFor(file: string, text: string): Promise<PublishLens[]> {
    if (!this.settings.enable) return [];
    const folder = this.folders.find((f) => isInside(f.root, file));
    if (!folder?.result) return [];
    let best: UnitAnalysis | undefined;
    for (const ua of folder.result.units) {
      if (!describesPublishSet(ua, file)) continue;
      if (file === ua.unit.manifestPath) {
        best = ua;
        break;
      }
      if (!best || ua.unit.root.length > best.unit.root.length) best = ua;
    }
    if (!best) return [];
    const ua = best;
    const listFiles = () => {
      let pr = this.unitFiles.get(ua);
      if (!pr) {
        pr = listUnitFiles(this.fs, ua.publishSet.packRoot ?? ua.unit.root);
        this.unitFiles.set(ua, pr);
      }
      return pr;
    };
    return publishLenses(ua, file, text, listFiles);
  }

  private async executeCommand(command: string, args: unknown[]): Promise<unknown> {
    // Commands that write (or would run anything) wait until the user trusts the workspace (issue #15 item 11).
    if (!this.trusted && WRITING_COMMANDS.has(command)) return { applied: false, reason: 'Trust this workspace to let Leakguard change files (Manage Workspace Trust).' };
    switch (command) {
      case 'leakguard.showDocumentation': {
        const id = String(args[0] ?? '');
        if (!this.options.rules.some((r) => r.meta.id === id) && id !== 'leakguard-config-invalid') return null;
        await this.connection.window.showDocument({ uri: this.options.docsUrl(id), external: true });
        return null;
      }
      case 'leakguard.scanWorkspace':
        this.analyzeAll();
        return null;
      case OPEN_EMBEDDED_COMMAND: {
        const emb = readEmbedded(args[0]);
        if (!emb) return { opened: false, reason: 'no embedded source given' };
        if (!this.supportsShowDocument) return { opened: false, reason: 'the client cannot show documents (window/showDocument)' };
        const at = { line: emb.line, character: emb.column };
        const r = await this.connection.window.showDocument({ uri: embeddedUri(emb.mapFile, emb.mapIndex, emb.sourceIndex, emb.source), takeFocus: true, selection: Range.create(at, at) });
        return { opened: r.success };
      }
      case 'leakguard.excludeFromPackage': {
        const a = args[0] as { unitRoot?: string; path?: string } | undefined;
        const ua = this.allUnits().find((u) => u.unit.root === a?.unitRoot);
        if (!ua || typeof a?.path !== 'string') return { applied: false, reason: 'unknown package' };
        if (!ua.publishSet.byPath.has(a.path)) return { applied: false, reason: `${a.path} is already excluded` };
        return this.applyFix(await excludeFromPackage(ua, a.path, this.fs), `no edit of this package's files keeps ${a.path} out while every entry point still ships`);
      }
      case 'leakguard.createConfiguration': {
        const a = args[0] as { folder?: string } | undefined;
        const f = this.folders.find((x) => x.root === a?.folder) ?? this.folders[0];
        if (!f) return { applied: false, reason: 'no workspace folder' };
        return this.applyFix(await createConfiguration(f.root, f.result?.units ?? [], (p) => this.fs.readText(p)), `${CONFIG_FILE_NAME} already exists`);
      }
      case 'leakguard.addPrepublishGuard': {
        const a = args[0] as { unitRoot?: string } | undefined;
        const units = this.allUnits().filter((u) => (a?.unitRoot ? u.unit.root === a.unitRoot : u.unit.kind !== 'private'));
        const fixes = units.map((u) => addPrepublishGuard(u)).filter((x): x is Fix => !!x);
        if (fixes.length === 0) return { applied: false, reason: 'every package already runs leakguard before publishing' };
        return this.applyFix(mergeFixes(fixes), '');
      }
      default:
        return null;
    }
  }

  private allUnits(): UnitAnalysis[] {
    return this.folders.flatMap((f) => f.result?.units ?? []);
  }

  private async applyFix(fix: Fix | undefined, nothingToDo: string): Promise<{ applied: boolean; reason?: string }> {
    if (!fix) return { applied: false, reason: nothingToDo };
    const edit = this.workspaceEdit(fix);
    if (!edit) return { applied: false, reason: 'the client cannot create files' };
    const r = await this.connection.workspace.applyEdit({ label: fix.title, edit });
    return { applied: r.applied, reason: r.failureReason };
  }

  private publishSets(uri?: string): unknown[] {
    const file = uri ? uriPath(uri) : undefined;
    const out: unknown[] = [];
    for (const f of this.folders) {
      for (const ua of f.result?.units ?? []) {
        if (file && !isInside(ua.unit.root, file)) continue;
        const findingsByFile = new Map<string, string[]>();
        for (const fd of f.result?.findings ?? []) {
          for (const r of [{ file: fd.file }, ...fd.related]) {
            const l = findingsByFile.get(r.file) ?? [];
            l.push(fd.ruleId);
            findingsByFile.set(r.file, l);
          }
        }
        out.push({
          root: ua.unit.root,
          name: ua.unit.name,
          kind: ua.unit.kind,
          tool: ua.publishSet.tool,
          packer: toolLabel(ua.publishSet.tool),
          visibility: ua.visibility,
          files: ua.publishSet.files.map((pf) => ({ path: pf.path, abs: pf.abs, size: pf.size, why: describeInclusion(pf.reason, ua.unit.root), rules: [...new Set(findingsByFile.get(pf.abs) ?? [])] })),
        });
      }
    }
    return out;
  }

  /** Only on the user's request (a palette command), and never in an untrusted workspace (issue #22). */
  private async publishedVersions(p: PublishedVersionsParams): Promise<PublishedVersionsResult> {
    const given = typeof p?.root === 'string' ? p.root : '';
    let root = given;
    try {
      root = toPosix(realpathSync(given));
    } catch {
      // not on disk: matched as given
    }
    if (!this.trusted) return { root, versions: [], secrets: [], problems: [], error: 'Trust this workspace to audit its published versions.' };
    for (const f of this.folders) {
      const ua = f.result?.units.find((u) => u.unit.root === root || u.unit.root === given);
      if (ua) return publishedVersions(ua, this.fs, this.options.rules, f.root);
    }
    return { root: given, versions: [], secrets: [], problems: [], error: `No analysed package at ${given}.` };
  }

  private async embeddedSource(uri: string): Promise<string | null> {
    try {
      const q = JSON.parse(decodeURIComponent(uri.slice(uri.indexOf('?') + 1))) as { map: string; m: number; s: number };
      // Only a map that ships in an analysed publish set, inside its workspace folder by real path (issue #15 item 7).
      if (typeof q.map !== 'string') return null;
      const map = toPosix(path.resolve(q.map));
      const folder = this.folders.find((f) => isInside(f.root, map));
      if (!folder?.result || outsideReason(folder.root, map)) return null;
      if (!folder.result.units.some((ua) => ua.publishSet.files.some((f) => toPosix(f.abs) === map))) return null;
      const text = await this.fs.readText(map);
      if (text === undefined) return null;
      const hit = scanEmbeddedSources(map, text).find((e) => e.mapIndex === q.m && e.sourceIndex === q.s);
      return hit?.content ?? null;
    } catch {
      return null;
    }
  }

  private pathOf(doc: TextDocument): string | undefined {
    return uriPath(doc.uri);
  }

  private async guard<T>(what: string, fn: () => T | Promise<T>, fallback: T): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      this.log(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  }

  private log(message: string): void {
    this.connection.console.log(message);
  }
}

/** "Open embedded source sources[i] at line N": shows the original text inside the map at the finding. */
function openEmbeddedAction(emb: EmbeddedRef, d: Diagnostic): CodeAction {
  return {
    title: `Open embedded source sources[${emb.sourceIndex}] at line ${emb.line + 1} (${emb.source})`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    command: { title: 'Open embedded source', command: OPEN_EMBEDDED_COMMAND, arguments: [emb] },
  };
}

/** The score breakdown of a prompt finding (`persona +3, api-context +3`) as a hover list. */
function renderBreakdown(data: Record<string, string | number>): string {
  const parts = String(data.breakdown).split(/,\s*/).filter(Boolean);
  const head = data.score !== undefined ? `**Score ${data.score}**${data.minScore !== undefined ? ` (threshold ${data.minScore})` : ''}` : '**Score breakdown**';
  return `${head}:\n\n${parts.map((x) => `- ${x}`).join('\n')}`;
}

function mergeSettings(s: Partial<ServerSettings>): ServerSettings {
  return {
    enable: s.enable !== false,
    run: s.run === 'onSave' ? 'onSave' : 'onType',
    rules: s.rules && typeof s.rules === 'object' ? s.rules : {},
    maxFileSizeMB: typeof s.maxFileSizeMB === 'number' && s.maxFileSizeMB > 0 ? s.maxFileSizeMB : 0,
    codeAction: { disableRuleComment: { location: s.codeAction?.disableRuleComment?.location === 'sameLine' ? 'sameLine' : 'separateLine' } },
  };
}

/** Merges fixes into one, dropping edits that overlap an earlier one (the next run picks them up). */
export function mergeFixes(fixes: Fix[]): Fix | undefined {
  const byFile = new Map<string, { start: number; end: number; newText: string }[]>();
  const created = new Set<string>();
  for (const fix of fixes) {
    const candidate = fix.edits.flatMap((fe) => fe.edits.map((e) => ({ file: fe.file, e })));
    const overlaps = candidate.some(({ file, e }) => (byFile.get(file) ?? []).some((x) => e.start < x.end && x.start < e.end || (e.start === x.start && e.end === x.end)));
    if (overlaps) continue;
    for (const fe of fix.edits) {
      if (fe.create) created.add(fe.file);
      const list = byFile.get(fe.file) ?? [];
      list.push(...fe.edits);
      byFile.set(fe.file, list);
    }
  }
  if (byFile.size === 0) return undefined;
  return { title: 'Fix all', edits: [...byFile].map(([file, edits]) => ({ file, edits, ...(created.has(file) ? { create: true } : {}) })) };
}

export type { DiagnosticData };

/** Applies non-overlapping offset edits to a text. */
function applyTextEdits(text: string, edits: { start: number; end: number; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
