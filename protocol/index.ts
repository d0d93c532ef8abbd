/**
 * Leakguard's custom LSP methods, in one place: the method names as typed `RequestType` /
 * `NotificationType` constants with their parameters and results. The client (client/src) and the
 * server (server/src/lsp) both import these; no raw `leakguard/...` method string lives anywhere else.
 * Plain JSON shapes only: this module imports nothing from the engine, the server or vscode.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/** Client → server: the user trusted (or untrusted) the workspace; the server re-analyses. */
export interface TrustParams {
  trusted?: boolean;
}
export const TrustNotification = new NotificationType<TrustParams>('leakguard/trust');

/** One file a unit will publish, with why it ships and the rules with findings on it. */
export interface PublishedFileInfo {
  path: string;
  abs: string;
  size: number;
  /** Why the packer includes it ("files" entry, default include, ...). */
  why: string;
  rules: string[];
}

/** One packaging unit and its publish set. */
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

/** Client → server: the publish sets of every analysed unit, or of the units containing `uri`. */
export interface PublishSetsParams {
  uri?: string;
}
export const PublishSetsRequest = new RequestType<PublishSetsParams, UnitInfo[], void>('leakguard/publishSets');

/** Parameters of `leakguard/publishedVersions`. */
export interface PublishedVersionsParams {
  /** The unit's root folder (as in `leakguard/publishSets`). */
  root: string;
}

/** One version already on the registry, as `leakguard/publishedVersions` audits it. */
export interface PublishedVersionInfo {
  version: string;
  published?: string;
  distTags: string[];
  deprecated?: string;
  status: 'audited' | 'failed';
  error?: string;
  leaked: boolean;
  files?: number;
  bytes?: number;
  summary: { sourceMaps: { maps: number; sources: number }; env: string[]; keys: string[]; tokens: number; prompts: number; codenames: number };
  findings: Array<{ ruleId: string; severity: string; file: string; message: string }>;
}

/** The answer of `leakguard/publishedVersions` for one unit: audited versions newest first, or `error`. */
export interface PublishedVersionsInfo {
  root: string;
  name?: string;
  registry?: string;
  versions: PublishedVersionInfo[];
  secrets: Array<{ fingerprint: string; what: string; first: string; last: string; versions: string[] }>;
  problems: string[];
  /** One sentence for the user. */
  error?: string;
}

/**
 * Client → server, only when the user runs "Leakguard: Audit published versions" (the only request
 * that contacts a registry); null when the request failed.
 */
export const PublishedVersionsRequest = new RequestType<PublishedVersionsParams, PublishedVersionsInfo | null, void>('leakguard/publishedVersions');

/** Client → server: the text of a source embedded in a shipped map (a `leakguard-embedded:` URI). */
export interface EmbeddedSourceParams {
  uri: string;
}
export const EmbeddedSourceRequest = new RequestType<EmbeddedSourceParams, string | null, void>('leakguard/embeddedSource');

/** Server → client after each folder analysis (the language status item). */
export interface StatusParams {
  folder: string;
  units: number;
  files: number;
  bytes: number;
  ms: number;
  problems: number;
  trusted: boolean;
  /** Package folders not analysed (test fixtures, examples, vendored tools, units.exclude). */
  skipped?: string[];
}
export const StatusNotification = new NotificationType<StatusParams>('leakguard/status');
