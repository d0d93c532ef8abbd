/**
 * Code actions: quick fixes (a rule's fix and suggestions; only the safe fix may be preferred),
 * "Fix all RULE problems", disable comments or a config `ignore` entry, "Open all occurrences",
 * "Open embedded source", documentation, and `source.fixAll.leakguard` (re-runs the engine).
 */
import * as path from 'node:path';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Connection, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { EmbeddedRef, Finding, Fix } from '../engine/types';
import { OverlayFileSystem } from '../engine/safe/fs';
import { analyzeFolder, analyzeDocument } from '../engine/runner';
import { isInside, relPosix } from '../engine/paths';
import { parseSuppressions, lineStartOffsets, lineOf } from '../engine/config/suppressions';
import { applyTextEdits, jsonAppend, jsonSet } from '../engine/fix-helpers';
import { CONFIG_FILE_NAME } from '../engine/config';
import { makeUnit } from '../engine/workspace';
import { LineIndex, readData, fileUri, uriPath, type DiagnosticData } from './convert';
import { commentStyleFor } from './comments';
import { currentFindings } from './diagnostics';
import { diskText, workspaceEdit } from './edits';
import { OPEN_EMBEDDED_COMMAND } from './command-ids';
import type { FolderState, LeakguardServer } from './server';

export const FIX_ALL_KIND = 'source.fixAll.leakguard';

export function registerCodeActions(connection: Connection, s: LeakguardServer): void {
  connection.onCodeAction((p) => s.guard<CodeAction[]>('codeAction', () => codeActions(s, p), []));
}

export function codeActions(s: LeakguardServer, p: CodeActionParams): CodeAction[] | Promise<CodeAction[]> {
  const doc = s.documents.get(p.textDocument.uri);
  const file = uriPath(p.textDocument.uri);
  if (!doc || !file) return [];
  const only = p.context.only;
  const wantsFixAll = only?.some((k) => k === FIX_ALL_KIND || k === CodeActionKind.SourceFixAll || k === CodeActionKind.Source);
  if (wantsFixAll) {
    // Fix-all (also run on save by editor.codeActionsOnSave) writes without asking: not in an untrusted workspace (issue #15 item 11).
    if (!s.trusted) return [];
    return fixAllAction(s, doc, file).then((action) => (action ? [action] : []));
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
      const edit = workspaceEdit(s, fix);
      if (!edit) return;
      // Only a rule's safe fix (Report.fix) may be preferred: a suggestion is never applied by "auto fix" (issue #18 item 5).
      const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: i === 0 && !!data.fix && !data.mirror, edit };
      fixActions.set(key, action);
      actions.push(action);
    });
    if (seenRules.has(data.ruleId)) continue;
    seenRules.add(data.ruleId);
    const sameRule = s.findingsForFile(file).filter((f) => f.ruleId === data.ruleId && f.fix);
    if (sameRule.length > 1) {
      const merged = mergeFixes(sameRule.map((f) => f.fix!));
      const edit = merged && workspaceEdit(s, merged);
      if (edit) actions.push({ title: `Fix all ${data.ruleId} problems`, kind: CodeActionKind.QuickFix, edit });
    }
    if (data.embedded) actions.push(openEmbeddedAction(data.embedded, d));
    actions.push(...disableActions(s, doc, file, d, data, index));
    const occurrences = occurrencesAction(s, file, d, data);
    if (occurrences) actions.push(occurrences);
    actions.push({ title: `Show documentation for ${data.ruleId}`, kind: CodeActionKind.QuickFix, command: { title: 'Show documentation', command: 'leakguard.showDocumentation', arguments: [data.ruleId] } });
  }
  return actions;
}

export function disableActions(s: LeakguardServer, doc: TextDocument, file: string, d: Diagnostic, data: DiagnosticData, index: LineIndex): CodeAction[] {
  const style = commentStyleFor(file, doc.languageId);
  if (!style) return ignoreInConfigAction(s, file, data.ruleId);
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
    const sameLine = s.settings.codeAction.disableRuleComment.location === 'sameLine' && style.line;
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
export function occurrencesAction(s: LeakguardServer, file: string, d: Diagnostic, data: DiagnosticData): CodeAction | undefined {
  if (!s.showReferencesCommand || data.ruleId !== 'prompt-internal-codename') return undefined;
  const all = [...currentFindings(s).values()].flat();
  const self = all.find((f) => f.fingerprint === data.fingerprint && f.file === file);
  const label = self?.data.label;
  if (typeof label !== 'string') return undefined;
  const same = all.filter((f) => f.ruleId === data.ruleId && f.data.label === label);
  if (same.length < 2) return undefined;
  const locations = same.map((f) => {
    const doc = s.documents.get(fileUri(f.file));
    const text = doc?.getText() ?? (f.embedded ? undefined : diskText(s, f.file));
    const range = text !== undefined ? new LineIndex(text).range(f.start, f.end) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { uri: fileUri(f.file), range };
  });
  return {
    title: `Open all ${same.length} occurrences of "${label}"`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    command: { title: 'Open all occurrences', command: s.showReferencesCommand, arguments: [fileUri(file), d.range.start, locations] },
  };
}

/** JSON has no comments: "Ignore RULE in .leakguardrc.json" writes an `ignore` entry `RULE:path`. */
export function ignoreInConfigAction(s: LeakguardServer, file: string, ruleId: string): CodeAction[] {
  const folder = s.folders.find((f) => isInside(f.root, file));
  if (!folder) return [];
  const owner = s.ownerOf(folder, file);
  const configFile = owner?.config.files.at(-1) ?? `${owner?.unit.root ?? folder.root}/${CONFIG_FILE_NAME}`;
  const base = path.posix.dirname(configFile);
  const entry = `${ruleId}:${relPosix(base, file)}`;
  const text = s.documents.get(fileUri(configFile))?.getText() ?? s.fs.get(configFile) ?? diskText(s, configFile);
  const title = `Ignore ${ruleId} in ${CONFIG_FILE_NAME}`;
  const fix: Fix =
    text === undefined
      ? { title, edits: [{ file: configFile, create: true, edits: [{ start: 0, end: 0, newText: JSON.stringify({ ignore: [entry] }, null, 2) + '\n' }] }] }
      : { title, edits: [{ file: configFile, edits: /"ignore"\s*:/.test(text) ? jsonAppend(text, ['ignore'], entry) : jsonSet(text, ['ignore'], [entry]) }] };
  const edit = workspaceEdit(s, fix);
  return edit ? [{ title, kind: CodeActionKind.QuickFix, edit }] : [];
}

/**
 * `source.fixAll.leakguard`: safe fixes for one document, recomputed by re-running the engine on
 * the edited text until nothing is left to fix (never by merging stale edits). Only edits to this
 * document are applied; fixes that edit other files stay single quick fixes.
 */
export async function fixAllAction(s: LeakguardServer, doc: TextDocument, file: string): Promise<CodeAction | undefined> {
  const folder = s.folders.find((f) => isInside(f.root, file));
  if (!folder) return undefined;
  const original = doc.getText();
  let text = original;
  for (let round = 0; round < 10; round++) {
    const findings = await findingsForText(s, folder, file, text);
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
export async function findingsForText(s: LeakguardServer, folder: FolderState, file: string, text: string): Promise<Finding[]> {
  const overlay = new OverlayFileSystem(s.fs);
  overlay.set(file, text);
  const owner = s.ownerOf(folder, file);
  const doc = await analyzeDocument({ fs: overlay, folder: folder.root, rules: s.options.rules, owner, trusted: s.trusted, ruleOverrides: s.ruleOverrides(), path: file, text });
  if (!owner) return doc.findings;
  const unit = owner.unit.manifestPath === file ? makeUnit(file, text) : owner.unit;
  unit.workspaceRoot = owner.unit.workspaceRoot;
  unit.npmWorkspaceRoot = owner.unit.npmWorkspaceRoot;
  unit.tool = owner.unit.tool;
  if (unit !== owner.unit) unit.workspaces = owner.unit.workspaces;
  const result = await analyzeFolder({ fs: overlay, folder: folder.root, rules: s.options.rules.filter((r) => r.kind === 'unit'), trusted: s.trusted, ruleOverrides: s.ruleOverrides(), units: [unit] });
  return [...doc.findings, ...result.findings];
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
