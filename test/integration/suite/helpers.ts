// Helpers for the extension-host suite: event-driven waits with deadlines (no
// sleeps), diagnostic accessors, and workspace restoration after each test.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';

export const EXT_ID = 'leakguard.leakguard';
export const SOURCE = 'leakguard';
export const DEFAULT_MS = Number(process.env.LEAKGUARD_WAIT_MS ?? 30000);

export function root(): vscode.Uri {
  const folders = vscode.workspace.workspaceFolders;
  assert.ok(folders && folders.length === 1, 'exactly one workspace folder is open');
  return folders[0].uri;
}
export const file = (rel: string): vscode.Uri => vscode.Uri.joinPath(root(), ...rel.split('/'));

/** The rule id of a diagnostic: `code` is `{ value, target }` by contract, tolerate a bare value. */
export function ruleOf(d: vscode.Diagnostic): string | undefined {
  if (d.code === undefined) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}
export const ours = (ds: readonly vscode.Diagnostic[], rule?: string): vscode.Diagnostic[] =>
  ds.filter((d) => d.source === SOURCE && (rule === undefined || ruleOf(d) === rule));

export function describe(ds: readonly vscode.Diagnostic[]): string {
  if (!ds.length) return '(none)';
  return ds.map((d) => `${d.source}/${ruleOf(d)} ${vscode.DiagnosticSeverity[d.severity]} ` +
    `${d.range.start.line}:${d.range.start.character} ${d.message.slice(0, 80)}`).join('; ');
}

/**
 * Resolve with the diagnostics of `uri` once `pred` holds: checked now and on every
 * `languages.onDidChangeDiagnostics` for that uri; rejects after `ms`.
 */
export function waitForDiagnostics(uri: vscode.Uri, pred: (ds: vscode.Diagnostic[]) => boolean, what: string, ms = DEFAULT_MS): Promise<vscode.Diagnostic[]> {
  const key = uri.toString();
  return new Promise((resolve, reject) => {
    let settled = false;
    const check = () => {
      if (settled) return;
      const ds = vscode.languages.getDiagnostics(uri);
      if (pred(ds)) { settled = true; sub.dispose(); clearTimeout(timer); resolve(ds); }
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => { if (e.uris.some((u) => u.toString() === key)) check(); });
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true; sub.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for ${what} on ${vscode.workspace.asRelativePath(uri)}; ` +
        `diagnostics now: ${describe(vscode.languages.getDiagnostics(uri))}`));
    }, ms);
    check();
  });
}

/** Like waitForDiagnostics, over every uri: resolves with the first [uri, diagnostic] that matches. */
export function waitForAnyDiagnostic(match: (uri: vscode.Uri, d: vscode.Diagnostic) => boolean, what: string, ms = DEFAULT_MS): Promise<[vscode.Uri, vscode.Diagnostic]> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const check = () => {
      if (settled) return;
      for (const [uri, ds] of vscode.languages.getDiagnostics()) {
        const d = ds.find((x) => match(uri, x));
        if (d) { settled = true; sub.dispose(); clearTimeout(timer); resolve([uri, d]); return; }
      }
    };
    const sub = vscode.languages.onDidChangeDiagnostics(check);
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true; sub.dispose();
      const all = vscode.languages.getDiagnostics().filter(([, ds]) => ds.length)
        .map(([u, ds]) => `${vscode.workspace.asRelativePath(u)}: ${describe(ds)}`).join(' | ');
      reject(new Error(`timed out after ${ms} ms waiting for ${what}; all diagnostics: ${all || '(none)'}`));
    }, ms);
    check();
  });
}

/** Poll with a deadline, for state that has no event (e.g. Extension.isActive). */
export async function pollUntil<T>(fn: () => T | Promise<T>, what: string, ms = DEFAULT_MS, every = 50): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

export async function open(rel: string): Promise<{ uri: vscode.Uri; doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const uri = file(rel);
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { uri, doc, editor };
}

/** Wait for one Leakguard diagnostic of `rule` on `uri` and return it. */
export async function diagnostic(uri: vscode.Uri, rule: string, ms = DEFAULT_MS): Promise<vscode.Diagnostic> {
  const ds = await waitForDiagnostics(uri, (x) => ours(x, rule).length > 0, `a ${rule} diagnostic`, ms);
  return ours(ds, rule)[0];
}
export const cleared = (uri: vscode.Uri, rule: string, ms = DEFAULT_MS) =>
  waitForDiagnostics(uri, (x) => ours(x, rule).length === 0, `${rule} to disappear`, ms);

/**
 * All code actions at `range` (every provider, as the lightbulb sees them). VS Code rethrows a
 * provider's cancellation (e.g. TypeScript's while tsserver is still loading the project) as
 * "Canceled" for the whole request, so retry that until the deadline.
 */
export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string, ms = DEFAULT_MS): Promise<vscode.CodeAction[]> {
  const end = Date.now() + ms;
  let all: (vscode.CodeAction | vscode.Command)[] | undefined;
  for (;;) {
    try {
      all = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, kind);
      break;
    } catch (e) {
      if (!/Canceled/.test(String((e as Error)?.message ?? e)) || Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // a bare Command has a string `command`; a CodeAction has an optional Command object there
  return (all ?? []).filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string');
}

/**
 * The first code action at `range` that matches `pred`, polling until the deadline. The
 * marker service in the workbench learns about a diagnostic one RPC hop after the extension
 * host does, and the lightbulb (like this poll) only shows actions once it has.
 */
export async function waitForCodeAction(uri: vscode.Uri, range: vscode.Range, pred: (a: vscode.CodeAction) => boolean,
  what: string, kind?: string, ms = DEFAULT_MS): Promise<vscode.CodeAction> {
  const end = Date.now() + ms;
  for (;;) {
    const actions = await codeActions(uri, range, kind, Math.max(0, end - Date.now()));
    const hit = actions.find(pred);
    if (hit) return hit;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for code action ${what}; got: ${actions.map((a) => a.title).join(' | ') || '(none)'}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Apply a code action the way the lightbulb does: its edit, then its command. */
export async function apply(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `workspace.applyEdit(${action.title}) failed`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  assert.ok(action.edit || action.command, `code action "${action.title}" has neither edit nor command`);
}

/**
 * Put the workspace back as the fixture had it: revert dirty editors, close them,
 * reset the `leakguard.*` workspace settings, and restore files on disk from the
 * pristine fixture (LEAKGUARD_FIXTURE_PRISTINE), deleting files a test created.
 */
export async function restoreWorkspace(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && doc.uri.scheme === 'file') {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const cfg = vscode.workspace.getConfiguration('leakguard');
  for (const key of ['rules', 'enable', 'run']) {
    if (cfg.inspect(key)?.workspaceValue !== undefined) await cfg.update(key, undefined, vscode.ConfigurationTarget.Workspace);
  }
  const pristine = process.env.LEAKGUARD_FIXTURE_PRISTINE;
  if (!pristine) return;
  const ws = root().fsPath;
  const keep = new Set(walkRel(pristine));
  for (const rel of walkRel(ws)) {
    if (rel.startsWith(`.vscode${path.sep}`)) continue;
    if (!keep.has(rel)) await vscode.workspace.fs.delete(vscode.Uri.file(path.join(ws, rel)));
  }
  for (const rel of keep) {
    const want = fs.readFileSync(path.join(pristine, rel));
    const target = path.join(ws, rel);
    if (!fs.existsSync(target) || !fs.readFileSync(target).equals(want)) {
      await vscode.workspace.fs.writeFile(vscode.Uri.file(target), want);
    }
  }
}

function walkRel(base: string): string[] {
  const out: string[] = [];
  const rec = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) rec(p); else out.push(path.relative(base, p));
    }
  };
  rec(base);
  return out;
}
