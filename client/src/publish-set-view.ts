/**
 * The Publish Set view (Explorer): per packaging unit, every file that will ship, with sizes,
 * totals and badges (maps, secrets, prompts), each explaining why it ships.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

export interface PublishedFileInfo {
  path: string;
  abs: string;
  size: number;
  why: string;
  rules: string[];
}

export interface UnitInfo {
  root: string;
  name?: string;
  kind: string;
  tool: string;
  /** The packer whose rules made the set: "npm pack", "pnpm pack", "yarn pack", "vsce package". */
  packer?: string;
  visibility: string;
  files: PublishedFileInfo[];
}

type Node = { type: 'unit'; unit: UnitInfo } | { type: 'folder'; unit: UnitInfo; prefix: string } | { type: 'file'; unit: UnitInfo; file: PublishedFileInfo };

/** Human size: 1.2 MB, 340 kB, 12 B. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${bytes} B`;
}

function badges(rules: string[]): string[] {
  const out = new Set<string>();
  for (const r of rules) {
    if (r === 'sourcemap-sources-content') out.add('sources');
    else if (r.startsWith('sourcemap-')) out.add('map');
    else if (r.startsWith('secret-')) out.add('secret');
    else if (r.startsWith('prompt-')) out.add('prompt');
    else out.add('finding');
  }
  return [...out];
}

export class PublishSetProvider implements vscode.TreeDataProvider<Node> {
  private units: UnitInfo[] = [];
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly load: () => Promise<UnitInfo[]>) {}

  async refresh(): Promise<void> {
    try {
      this.units = (await this.load()).filter((u) => u.kind !== 'private');
    } catch {
      this.units = [];
    }
    this.changed.fire(undefined);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.type === 'unit') {
      const total = node.unit.files.reduce((n, f) => n + f.size, 0);
      const item = new vscode.TreeItem(node.unit.name ?? path.basename(node.unit.root), vscode.TreeItemCollapsibleState.Collapsed);
      const packer = node.unit.packer ?? node.unit.tool;
      item.description = `${node.unit.files.length} files, ${formatSize(total)} · ${packer}`;
      item.tooltip = `${node.unit.root}\n${node.unit.kind === 'vscode-extension' ? 'VS Code extension' : 'npm package'}, files selected as ${packer} does · ${node.unit.visibility}`;
      item.contextValue = 'leakguardUnit';
      item.iconPath = new vscode.ThemeIcon('package');
      return item;
    }
    if (node.type === 'folder') {
      const files = node.unit.files.filter((f) => f.path.startsWith(node.prefix));
      const item = new vscode.TreeItem(path.posix.basename(node.prefix.replace(/\/$/, '')), vscode.TreeItemCollapsibleState.Collapsed);
      item.description = `${files.length} files, ${formatSize(files.reduce((n, f) => n + f.size, 0))}`;
      item.iconPath = vscode.ThemeIcon.Folder;
      return item;
    }
    const f = node.file;
    const item = new vscode.TreeItem(path.posix.basename(f.path), vscode.TreeItemCollapsibleState.None);
    const b = badges(f.rules);
    item.description = `${formatSize(f.size)}${b.length ? ` · ${b.join(' · ')}` : ''}`;
    item.tooltip = new vscode.MarkdownString(`**${f.path}** (${formatSize(f.size)})\n\nShips (${node.unit.packer ?? node.unit.tool}) because it is ${f.why}.${f.rules.length ? `\n\nFindings: ${[...new Set(f.rules)].join(', ')}` : ''}`);
    item.resourceUri = vscode.Uri.file(f.abs);
    item.contextValue = 'leakguardFile';
    item.command = { title: 'Reveal', command: 'vscode.open', arguments: [vscode.Uri.file(f.abs)] };
    if (b.includes('secret') || b.includes('sources')) item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    return item;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.units.map((unit) => ({ type: 'unit', unit }));
    if (node.type === 'file') return [];
    const prefix = node.type === 'folder' ? node.prefix : '';
    const folders = new Set<string>();
    const files: Node[] = [];
    for (const f of node.unit.files) {
      if (!f.path.startsWith(prefix)) continue;
      const rest = f.path.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash >= 0) folders.add(prefix + rest.slice(0, slash + 1));
      else files.push({ type: 'file', unit: node.unit, file: f });
    }
    return [...[...folders].sort().map((p): Node => ({ type: 'folder', unit: node.unit, prefix: p })), ...files];
  }
}

export type PublishSetNode = Node;
