/**
 * The engine's shared vocabulary: severities, findings, fixes and the rule API.
 *
 * Offsets inside, positions at the edge: everything here speaks UTF-16 code-unit offsets into a
 * file's text (what JavaScript strings index) and absolute file paths with `/` separators. Only the
 * LSP layer and the CLI formatters turn offsets into lines and columns.
 */

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

export type RuleFamily = 'publish' | 'sourcemap' | 'config' | 'prompt' | 'secret' | 'leakguard';

/** A plain text edit on one file: replace `[start, end)` with `newText`. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** Edits to one file. `create` means the file does not exist yet and `edits` hold its whole text. */
export interface FileEdit {
  /** Absolute path, `/` separators. */
  file: string;
  edits: TextEdit[];
  create?: boolean;
}

/** A fix: one or more file edits applied together. */
export interface Fix {
  /** Short imperative title, shown in the lightbulb menu: "Add a \"files\" allowlist". */
  title: string;
  edits: FileEdit[];
  /** Set when the publish set was recomputed with the fix applied and it kept the leak out and every entry point in. */
  verified?: boolean;
}

/** A location related to a finding, e.g. a shipped artifact or the original source inside a map. */
export interface RelatedLocation {
  /** Absolute path of the file on disk (or the map file for embedded sources). */
  file: string;
  start?: number;
  end?: number;
  /** 0-based line, used when no offsets are known (embedded sources, huge files). */
  line?: number;
  /** 0-based column, with `line`. */
  column?: number;
  message: string;
  /** Set when the location is inside a source embedded in a source map. */
  embedded?: EmbeddedRef;
}

/** Points into `sourcesContent[sourceIndex]` of a map (external file or inline data URL). */
export interface EmbeddedRef {
  /** Absolute path of the file holding the map (the `.map`, or the `.js` with an inline map). */
  mapFile: string;
  /** Index of the inline map within its file (0 for external maps). */
  mapIndex: number;
  sourceIndex: number;
  /** `sources[sourceIndex]` as written in the map. */
  source: string;
  /** 0-based line inside the embedded text. */
  line: number;
  column: number;
}

/** What a rule reports (before the runner resolves severity and message text). */
export interface Report {
  messageId: string;
  data?: Record<string, string | number>;
  /** Absolute path of the file the finding sits on. Defaults to the context's file. */
  file?: string;
  start?: number;
  end?: number;
  /** Safe fix: applied by fix-all, `--fix` and on save. Only when the rule's meta says `fixable: 'safe'`. */
  fix?: Fix;
  /** Unsafe alternatives, offered one by one in the lightbulb menu only. */
  suggestions?: Fix[];
  related?: RelatedLocation[];
  /** Overrides the rule's default severity for this one report (e.g. "error when sensitive files ship"). */
  severity?: Severity;
  /**
   * Stable identity of the finding within its file for baselines and SARIF fingerprints; must not
   * contain line numbers. Defaults to the matched text of `[start, end)`.
   */
  key?: string;
  /** Set when the finding comes from a source embedded in a map: reported at the map, related to the original. */
  embedded?: EmbeddedRef;
  /**
   * The leaks this report is about (`file:<abs>` of a shipped map, .env, key …): findings that share
   * them are one leak, reported once at its cause with the others as related locations (facts.ts).
   */
  facts?: string[];
}

/** A finding after the runner resolved configuration, severity and wording. */
export interface Finding {
  ruleId: string;
  messageId: string;
  message: string;
  data: Record<string, string | number>;
  severity: Severity;
  file: string;
  start: number;
  end: number;
  fix?: Fix;
  suggestions: Fix[];
  related: RelatedLocation[];
  /** Root folder of the packaging unit this finding belongs to, when there is one. */
  unitRoot?: string;
  /** rule + path + content hash; no line numbers. */
  fingerprint: string;
  embedded?: EmbeddedRef;
  /** True when the finding matched a baseline entry (then reported as info). */
  baselined?: boolean;
  /** The leaks it is about (see Report.facts). */
  facts?: string[];
}

export interface RuleMeta {
  id: string;
  family: RuleFamily;
  /** One sentence, shown in docs, SARIF and the settings UI. */
  description: string;
  defaultSeverity: Severity;
  /** 'safe': the rule offers safe fixes; 'suggestion': unsafe suggestions only. */
  fixable?: 'safe' | 'suggestion';
  /** Message templates by id; `{{name}}` is replaced with `data.name`. */
  messages: Record<string, string>;
  /** sourcemap-* and prompt-* rules move one level with the visibility policy (DESIGN.md). */
  visibilityScaled?: boolean;
  /**
   * Findings about source maps a build writes or ships are info for an open-source package whose
   * sources are public anyway (OSI licence and a public repository), with the reason in the message
   * (issue #23: sindresorhus/ky ships maps with sources on purpose). Config settings win.
   */
  openSourceInfo?: boolean;
  /** JSON schema of the rule's options object (the second element of `["error", {...}]`). */
  optionsSchema?: Record<string, unknown>;
  /** Opt-in rules (network) are off unless configured. */
  optIn?: boolean;
}

// The rule API (UnitRule, FileRule, Rule and the contexts they see) lives in context.ts, which
// imports this file; nothing here imports back (no import circle, issue #18).
