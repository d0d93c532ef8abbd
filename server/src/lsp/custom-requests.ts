/**
 * Leakguard's custom methods (protocol/): `leakguard/trust`, `leakguard/publishSets`,
 * `leakguard/publishedVersions`, `leakguard/embeddedSource`.
 */
import * as path from 'node:path';
import { realpathSync } from 'node:fs';
import type { Connection } from 'vscode-languageserver/node';
import { EmbeddedSourceRequest, PublishedVersionsRequest, PublishSetsRequest, TrustNotification, type PublishedVersionsInfo, type PublishedVersionsParams } from '../../../protocol';
import { toPosix, isInside } from '../engine/paths';
import { outsideReason } from '../engine/safe/write';
import { scanEmbeddedSources } from '../engine/sourcemap/embedded';
import { publishedVersions as auditPublishedVersions } from './published-versions';
import { publishSets } from './publish-sets';
import type { LeakguardServer } from './server';

export function registerCustomRequests(connection: Connection, s: LeakguardServer): void {
  connection.onNotification(TrustNotification, (p) => {
    s.trusted = p?.trusted !== false;
    s.analyzeAll();
  });
  connection.onRequest(PublishSetsRequest, (p) => s.guard('publishSets', () => publishSets(s, p?.uri), []));
  connection.onRequest(PublishedVersionsRequest, (p) => s.guard('publishedVersions', () => publishedVersions(s, p), null));
  connection.onRequest(EmbeddedSourceRequest, (p) => s.guard('embeddedSource', () => embeddedSource(s, p.uri), null));
}

/** Only on the user's request (a palette command), and never in an untrusted workspace (issue #22). */
export async function publishedVersions(s: LeakguardServer, p: PublishedVersionsParams): Promise<PublishedVersionsInfo> {
  const given = typeof p?.root === 'string' ? p.root : '';
  let root = given;
  try {
    root = toPosix(realpathSync(given));
  } catch {
    // not on disk: matched as given
  }
  if (!s.trusted) return { root, versions: [], secrets: [], problems: [], error: 'Trust this workspace to audit its published versions.' };
  for (const f of s.folders) {
    const ua = f.result?.units.find((u) => u.unit.root === root || u.unit.root === given);
    if (ua) return auditPublishedVersions(ua, s.fs, s.options.rules, f.root);
  }
  return { root: given, versions: [], secrets: [], problems: [], error: `No analysed package at ${given}.` };
}

export async function embeddedSource(s: LeakguardServer, uri: string): Promise<string | null> {
  try {
    const q = JSON.parse(decodeURIComponent(uri.slice(uri.indexOf('?') + 1))) as { map: string; m: number; s: number };
    // Only a map that ships in an analysed publish set, inside its workspace folder by real path (issue #15 item 7).
    if (typeof q.map !== 'string') return null;
    const map = toPosix(path.resolve(q.map));
    const folder = s.folders.find((f) => isInside(f.root, map));
    if (!folder?.result || outsideReason(folder.root, map)) return null;
    if (!folder.result.units.some((ua) => ua.publishSet.files.some((f) => toPosix(f.abs) === map))) return null;
    const text = await s.fs.readText(map);
    if (text === undefined) return null;
    const hit = scanEmbeddedSources(map, text).find((e) => e.mapIndex === q.m && e.sourceIndex === q.s);
    return hit?.content ?? null;
  } catch {
    return null;
  }
}
