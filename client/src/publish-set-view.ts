/**
 * The Publish Set view (Explorer): per packaging unit, every file that will ship, with sizes,
 * totals and badges (maps, secrets, prompts), each explaining why it ships.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

import type { PublishedFileInfo, PublishedVersionInfo, PublishedVersionsInfo, UnitInfo } from '../../protocol';

// The wire shapes of `leakguard/publishSets` and `leakguard/publishedVersions` live in the shared protocol module.
export type { PublishedFileInfo, PublishedVersionInfo, PublishedVersionsInfo, UnitInfo };

type Node =
  | { type: 'unit'; unit: UnitInfo }
  | { type: 'folder'; unit: UnitInfo; prefix: string }
  | { type: 'file'; unit: UnitInfo; file: PublishedFileInfo }
  | { type: 'published'; unit: UnitInfo; info: PublishedVersionsInfo }
  | { type: 'version'; unit: UnitInfo; info: PublishedVersionsInfo; v: PublishedVersionInfo };

/** What leaked in a version, in a few words: "2 source maps (1906 sources), .env.production, 1 token". */
export function leakSummary(s: PublishedVersionInfo['summary']): string {
  const parts: string[] = [];
  if (s.sourceMaps.maps) parts.push(`${s.sourceMaps.maps} source map${s.sourceMaps.maps === 1 ? '' : 's'}${s.sourceMaps.sources ? ` (${s.sourceMaps.sources} sources)` : ''}`);
  parts.push(...s.env, ...s.keys);
  if (s.tokens) parts.push(`${s.tokens} token${s.tokens === 1 ? '' : 's'}`);
  if (s.prompts) parts.push(`${s.prompts} prompt${s.prompts === 1 ? '' : 's'}`);
  if (s.codenames) parts.push(`${s.codenames} codename${s.codenames === 1 ? '' : 's'}`);
  return parts.join(', ');
}

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
  /** "Published versions" per unit root: filled only when the user runs the audit command. */
  private readonly published = new Map<string, PublishedVersionsInfo>();
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

  /** Shows (or replaces) a unit's "Published versions" node; returns the nodes under it. */
  setPublished(info: PublishedVersionsInfo): Node[] {
    this.published.set(info.root, info);
    this.changed.fire(undefined);
    const unit = this.units.find((u) => u.root === info.root) ?? { root: info.root, name: info.name, kind: 'npm', tool: 'npm', visibility: '', files: [] };
    return this.getChildren({ type: 'published', unit, info });
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.type === 'published') {
      const leaked = node.info.versions.filter((v) => v.leaked).length;
      const item = new vscode.TreeItem('Published versions', node.info.versions.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      item.description = node.info.error ?? `${node.info.versions.length} on ${node.info.registry ?? 'the registry'}, ${leaked} leaked`;
      const secrets = node.info.secrets.map((s) => `- \`${s.fingerprint}\` ${s.what}: first ${s.first}, last ${s.last}`).join('\n');
      item.tooltip = new vscode.MarkdownString([node.info.error ?? `Audited like \`leakguard audit ${node.info.name ?? ''}\`.`, ...node.info.problems, ...(secrets ? ['Secrets to rotate (fingerprints, never values):', secrets] : [])].join('\n\n'));
      item.iconPath = new vscode.ThemeIcon(leaked ? 'warning' : 'history', leaked ? new vscode.ThemeColor('problemsErrorIcon.foreground') : undefined);
      item.contextValue = 'leakguardPublished';
      return item;
    }
    if (node.type === 'version') {
      const v = node.v;
      const item = new vscode.TreeItem(v.version, vscode.TreeItemCollapsibleState.None);
      const tags = v.distTags.length ? ` [${v.distTags.join(', ')}]` : '';
      const when = v.published ? v.published.slice(0, 10) : '';
      item.description = `${when}${tags} · ${v.status === 'failed' ? `not audited: ${v.error ?? ''}` : v.leaked ? `leaked ${leakSummary(v.summary)}` : 'clean'}${v.deprecated ? ' · deprecated' : ''}`;
      item.tooltip = new vscode.MarkdownString(
        [`**${node.info.name}@${v.version}**${tags}${when ? ` published ${when}` : ''}`, ...v.findings.map((f) => `- ${f.severity} \`${f.file}\`: ${f.message}`), ...(v.leaked && !v.deprecated ? [`\`npm deprecate ${node.info.name}@${v.version} "Leaked ${leakSummary(v.summary)}; do not use."\` (run it yourself after rotating the secrets)`] : [])].join('\n\n'),
      );
      item.iconPath = v.status === 'failed' ? new vscode.ThemeIcon('error') : v.leaked ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsErrorIcon.foreground')) : new vscode.ThemeIcon('pass');
      item.contextValue = v.leaked ? 'leakguardLeakedVersion' : 'leakguardVersion';
      return item;
    }
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
    if (node.type === 'file' || node.type === 'version') return [];
    if (node.type === 'published') return node.info.versions.map((v): Node => ({ type: 'version', unit: node.unit, info: node.info, v }));
    const published = node.type === 'unit' ? this.published.get(node.unit.root) : undefined;
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
    return [...(published ? [{ type: 'published', unit: node.unit, info: published } as Node] : []), ...[...folders].sort().map((p): Node => ({ type: 'folder', unit: node.unit, prefix: p })), ...files];
  }
}

export type PublishSetNode = Node;
