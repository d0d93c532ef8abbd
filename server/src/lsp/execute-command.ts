/** `workspace/executeCommand`: the server's commands; those that write wait for workspace trust. */
import { Range, type Connection } from 'vscode-languageserver/node';
import type { Fix } from '../engine/types';
import { CONFIG_FILE_NAME } from '../engine/config';
import { embeddedUri, readEmbedded } from './convert';
import { excludeFromPackage, createConfiguration, addPrepublishGuard } from './commands';
import { applyFix } from './edits';
import { mergeFixes } from './code-actions';
import type { LeakguardServer } from './server';
import { OPEN_EMBEDDED_COMMAND, WRITING_COMMANDS } from './command-ids';


export function registerCommands(connection: Connection, s: LeakguardServer): void {
  connection.onExecuteCommand((p) => s.guard('executeCommand', () => executeCommand(s, p.command, p.arguments ?? []), null));
}

export async function executeCommand(s: LeakguardServer, command: string, args: unknown[]): Promise<unknown> {
  // Commands that write (or would run anything) wait until the user trusts the workspace (issue #15 item 11).
  if (!s.trusted && WRITING_COMMANDS.has(command)) return { applied: false, reason: 'Trust this workspace to let Leakguard change files (Manage Workspace Trust).' };
  switch (command) {
    case 'leakguard.showDocumentation': {
      const id = String(args[0] ?? '');
      if (!s.options.rules.some((r) => r.meta.id === id) && id !== 'leakguard-config-invalid') return null;
      await s.connection.window.showDocument({ uri: s.options.docsUrl(id), external: true });
      return null;
    }
    case 'leakguard.scanWorkspace':
      s.analyzeAll();
      return null;
    case OPEN_EMBEDDED_COMMAND: {
      const emb = readEmbedded(args[0]);
      if (!emb) return { opened: false, reason: 'no embedded source given' };
      if (!s.supportsShowDocument) return { opened: false, reason: 'the client cannot show documents (window/showDocument)' };
      const at = { line: emb.line, character: emb.column };
      const r = await s.connection.window.showDocument({ uri: embeddedUri(emb.mapFile, emb.mapIndex, emb.sourceIndex, emb.source), takeFocus: true, selection: Range.create(at, at) });
      return { opened: r.success };
    }
    case 'leakguard.excludeFromPackage': {
      const a = args[0] as { unitRoot?: string; path?: string } | undefined;
      const ua = s.allUnits().find((u) => u.unit.root === a?.unitRoot);
      if (!ua || typeof a?.path !== 'string') return { applied: false, reason: 'unknown package' };
      if (!ua.publishSet.byPath.has(a.path)) return { applied: false, reason: `${a.path} is already excluded` };
      return applyFix(s, await excludeFromPackage(ua, a.path, s.fs), `no edit of this package's files keeps ${a.path} out while every entry point still ships`);
    }
    case 'leakguard.createConfiguration': {
      const a = args[0] as { folder?: string } | undefined;
      const f = s.folders.find((x) => x.root === a?.folder) ?? s.folders[0];
      if (!f) return { applied: false, reason: 'no workspace folder' };
      return applyFix(s, await createConfiguration(f.root, f.result?.units ?? [], (p) => s.fs.readText(p)), `${CONFIG_FILE_NAME} already exists`);
    }
    case 'leakguard.addPrepublishGuard': {
      const a = args[0] as { unitRoot?: string } | undefined;
      const units = s.allUnits().filter((u) => (a?.unitRoot ? u.unit.root === a.unitRoot : u.unit.kind !== 'private'));
      const fixes = units.map((u) => addPrepublishGuard(u)).filter((x): x is Fix => !!x);
      if (fixes.length === 0) return { applied: false, reason: 'every package already runs leakguard before publishing' };
      return applyFix(s, mergeFixes(fixes), '');
    }
    default:
      return null;
  }
}
