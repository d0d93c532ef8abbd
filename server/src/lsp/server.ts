/**
 * The Leakguard language server: thin LSP handlers around the engine. Works in any LSP client
 * (VS Code over IPC; Neovim, Helix, eglot over stdio), so nothing VS Code-only lives here.
 *
 * State lives in one LeakguardServer object per connection (no globals), so a test can start a
 * fresh server per case. This file is the wiring: capabilities, workspace folders, settings and
 * folder analysis scheduling; each LSP feature registers its handlers from its own module
 * (document-sync, diagnostics, code-actions, hover, code-lens, execute-command, custom-requests).
 */
import * as path from 'node:path';
import { type Connection, TextDocuments, TextDocumentSyncKind, type InitializeParams, type InitializeResult, CodeActionKind, DidChangeWatchedFilesNotification, CodeLensRefreshRequest, type WorkspaceEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { StatusNotification } from '../../../protocol';
import type { Finding, SeveritySetting, Fix } from '../engine/types';
import type { Rule } from '../engine/context';
import { OverlayFileSystem } from '../engine/safe/fs';
import { analyzeFolder, FileResultCache, type AnalysisResult, type UnitAnalysis } from '../engine/runner';
import { toPosix, isInside } from '../engine/paths';
import { uriPath, type DiagnosticData } from './convert';
import { RuleWorkerPool } from './worker-client';
import { DEFAULT_SETTINGS, mergeSettings, ruleOverridesOf, type ServerSettings } from './settings';
import { currentFindings, publishDiagnostics } from './diagnostics';
import { FIX_ALL_KIND, registerCodeActions } from './code-actions';
import { workspaceEdit } from './edits';
import { registerHover } from './hover';
import { registerCodeLens } from './code-lens';
import { registerCommands } from './execute-command';
import { SERVER_COMMANDS } from './command-ids';
import { registerCustomRequests } from './custom-requests';
import { registerDocumentSync } from './document-sync';

export { LARGE_DOCUMENT } from './document-sync';

export { FIX_ALL_KIND, mergeFixes } from './code-actions';
export { OPEN_EMBEDDED_COMMAND } from './command-ids';
export type { ServerSettings } from './settings';

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

export interface FolderState {
  root: string;
  result: AnalysisResult | undefined;
  generation: number;
  timer: NodeJS.Timeout | undefined;
  running: Promise<void> | undefined;
  rerun: boolean;
  /** File-rule results kept across analyses: a watched-file change re-scans only changed files. */
  cache: FileResultCache;
}

/** Starts Leakguard on a connection; returns the server object (tests inspect it). */
export function startServer(connection: Connection, options: ServerOptions): LeakguardServer {
  const server = new LeakguardServer(connection, options);
  server.listen();
  return server;
}

export class LeakguardServer {
  readonly documents = new TextDocuments(TextDocument);
  readonly fs = new OverlayFileSystem();
  folders: FolderState[] = [];
  settings: ServerSettings = DEFAULT_SETTINGS;
  trusted = true;
  supportsConfiguration = false;
  supportsWatchDynamic = false;
  supportsRelated = false;
  supportsResourceOps = false;
  supportsShowDocument = false;
  supportsCodeLensRefresh = false;
  /** Files under each unit's packed folder, listed once per analysis (for "excludes N files"). */
  readonly unitFiles = new WeakMap<UnitAnalysis, Promise<string[]>>();
  readonly docFindings = new Map<string, { version: number; findings: Finding[] }>();
  /** What was last sent per URI (a serialisation of its diagnostics): unchanged lists are not re-sent. */
  readonly lastSent = new Map<string, string>();
  /** Open documents with an as-you-type analysis scheduled on the next tick (it reads the latest version). */
  readonly docScheduled = new Map<string, NodeJS.Immediate>();
  shuttingDown = false;
  worker: RuleWorkerPool | undefined;
  /** The worker job analysing each open document, cancelled when a newer version arrives. */
  readonly docJobs = new Map<string, number>();
  /** A client command that shows a list of locations (the VS Code extension provides one). */
  showReferencesCommand: string | undefined;

  constructor(
    readonly connection: Connection,
    readonly options: ServerOptions,
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
    registerCodeActions(c, this);
    registerHover(c, this);
    registerCodeLens(c, this);
    registerCommands(c, this);
    registerCustomRequests(c, this);

    registerDocumentSync(c, this);
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
        executeCommandProvider: { commands: SERVER_COMMANDS },
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

  schedule(f: FolderState, delay: number): void {
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
        void this.connection.sendNotification(StatusNotification, {
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
    if (this.supportsCodeLensRefresh && !this.shuttingDown) void this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    if (f.rerun) {
      f.rerun = false;
      this.schedule(f, 0);
    }
  }

  ownerOf(folder: FolderState, abs: string): UnitAnalysis | undefined {
    let best: UnitAnalysis | undefined;
    for (const ua of folder.result?.units ?? []) if (isInside(ua.unit.root, abs) && (!best || ua.unit.root.length > best.unit.root.length)) best = ua;
    return best;
  }

  ruleOverrides(): Map<string, SeveritySetting> {
    return ruleOverridesOf(this.settings);
  }

  findingsForFile(file: string): Finding[] {
    return this.currentFindings().get(file) ?? [];
  }

  allUnits(): UnitAnalysis[] {
    return this.folders.flatMap((f) => f.result?.units ?? []);
  }

  /** All findings currently known, by file. */
  currentFindings(): Map<string, Finding[]> {
    return currentFindings(this);
  }

  /** Publishes diagnostics (see diagnostics.ts); `only`: just these files and their mirrors. */
  publish(only?: ReadonlySet<string>): Promise<void> {
    return publishDiagnostics(this, only);
  }

  /** Converts an engine fix into a versioned workspace edit; undefined when it cannot be expressed. */
  workspaceEdit(fix: Fix): WorkspaceEdit | undefined {
    return workspaceEdit(this, fix);
  }

  pathOf(doc: TextDocument): string | undefined {
    return uriPath(doc.uri);
  }

  async guard<T>(what: string, fn: () => T | Promise<T>, fallback: T): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      this.log(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  }

  log(message: string): void {
    this.connection.console.log(message);
  }
}





export type { DiagnosticData };

