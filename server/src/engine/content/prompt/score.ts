/**
 * Scores how much a text looks like an LLM system prompt (catalogue §4.4 rule 30). Every point
 * comes with a named signal so a hover can show why: persona opener, LLM-API context, directive
 * density, structure markers, assistant vocabulary, length; minus licence text, log/error/help
 * sinks, diagnostic "You are using/calling/not …" phrasing, i18n catalogs and link lists.
 *
 * Claude Code's prompts ("You are Claude Code, …") shipped in the minified cli.js itself, with or
 * without the source map (catalogue §1.5): this is the detector that would have said so.
 */
import { logicalStringsOf, stringContext, type LogicalString, type StringContext } from './strings';
import { jsxForPath, SUBSTITUTION } from './tokenize';

export interface PromptSignal {
  /** Stable signal id: `persona`, `api-context`, `directives`, `structure`, … */
  signal: string;
  points: number;
  /** Short human detail ("3 hits", "role: system", "new SystemMessage"). */
  detail?: string;
}

export interface PromptScore {
  score: number;
  signals: PromptSignal[];
  /**
   * A short text (< DEFAULT_MIN_LENGTH) with strong structure: persona, directives and model
   * vocabulary together, or a persona in an LLM slot (`system:`, `role: "user"`, `SYSTEM_PROMPT`).
   */
  compact?: boolean;
  /** Visible length (whitespace runs collapsed). */
  length: number;
}

/** What the scorer needs to know about a candidate text. */
export interface PromptCandidate {
  text: string;
  /** See {@link StringContext}. */
  key?: string;
  callee?: string;
  role?: string;
  tag?: string;
  nearby?: string;
  /** Path of the file (relative), for i18n-catalog signals. */
  path?: string;
}

/** Report threshold (catalogue: report at ≥ 5, high confidence at ≥ 8). */
export const DEFAULT_MIN_SCORE = 5;
export const HIGH_CONFIDENCE_SCORE = 8;
/** Candidates shorter than this (visible characters) are scored only with strong structural signals. */
export const DEFAULT_MIN_LENGTH = 200;
/**
 * Issue #19: a 199-character system prompt used to ship unseen. Strings from this length up to
 * `minLength` are scored too, and count only when persona, directives and model vocabulary all
 * appear (`compact-prompt`); their density signals cannot add up in so few words.
 */
export const DEFAULT_MIN_SHORT_LENGTH = 60;
/** Only this much of a huge text is searched for signals (length still counts in full). */
const SCAN_WINDOW = 100_000;

const PERSONA = /^\s*(?:#+\s*)?(?:(?:you are|you're)\s+(\S+)(?:\s+(\S+))?|you will (?:act|serve) as\b|act as\b|your (?:role|task|job|goal|purpose|mission) is\b|as an? (?:ai|llm|assistant|expert|language model)\b)/i;
/** "You are using the development build", "You are not logged in": diagnostics, not personas. */
const DIAGNOSTIC_YOU_ARE = /^(?:using|calling|not|trying|attempting|running|about|currently|viewing|logged|signed|offline|seeing|no|already|passing|importing|rendering|accessing|on|in|here|connected|missing|now\s+(?:logged|signed|offline|connected))$/i;
const API_KEY = /^(?:system|systemPrompt|system_prompt|systemMessage|system_message|systemInstruction|system_instruction|instructions|developerMessage|developer_message|preamble)$/i;
const API_IDENT = /(?:SYSTEM|SYS)_?PROMPT|PROMPT(?:_?(?:TEXT|TEMPLATE))?$|INSTRUCTIONS?$|PREAMBLE|^llm_?(?:content|prompt|input)$/i;
/** `otpPrompt`, `errorInstructions`, `upgradeInstructions`: a prompt for a person, not a model. */
const UI_IDENT = /^_*(?:err(?:or)?|otp|password|passphrase|pin|confirm|login|logout|auth|upgrade|install|setup|shell|input|readline|inquirer)/i;
/** `{ role: "user", content }`, `["human", …]`: a message to a model (a prompt template), short of a system prompt. */
const LLM_MESSAGE_ROLE = /^(?:user|assistant|human|ai|model)$/i;
const API_CALLEE = /(?:^|\.|\s)(?:SystemMessage|SystemMessagePromptTemplate\.fromTemplate|SystemMessagePromptTemplate|ChatPromptTemplate\.fromMessages|fromTemplate|PromptTemplate)$/;
const NEARBY_LLM = /\b(?:anthropic|openai|messages\.create|chat\.completions|completions\.create|generateText|streamText|generateObject|SystemMessage|systemPrompt|system_prompt|max_tokens|maxTokens|claude-[\w.-]+|gpt-[\w.-]+|gemini-[\w.-]+|llama|mistral|ollama|role\s*:\s*["'`](?:system|developer)["'`])/i;
const DIRECTIVE = /\b(?:you (?:must|should|will|are|can(?:not|'t)?|may not)|do not|don't|never|always|make sure|ensure that|under no circumstances)\b/gi;
const STRUCTURE_TAG = /<\/?(?:system(?:[-_]reminder)?|instructions?|rules?|context|examples?|tools?|tool_use|thinking|output_format|persona|guidelines|constraints|task|role|(?:primary_)?objective|user_(?:query|request|input)|policy(?:_spec)?)>/i;
const STRUCTURE_HEADER = /^#{1,3}\s*(?:role|instructions|rules|guidelines|constraints|output(?: format| requirements)?|examples|tone|tools|safety|task|goal|mandates|core mandates|workflow)\b/im;
const STRUCTURE_CAPS = /\b(?:IMPORTANT|CRITICAL):/;
const NUMBERED_RULES = /(?:^|\n)\s*1[.)]\s+\S[^\n]*\n(?:[^\n]*\n)*?\s*2[.)]\s+\S[^\n]*\n(?:[^\n]*\n)*?\s*3[.)]\s+\S/;
const ASSISTANT_VOCAB = /\b(?:assistant|the user|user's|tool calls?|function calls?|respond(?:ing)?|response format|json schema)\b/gi;
/**
 * Words that address or describe a model at work: its tools, the conversation, the user it serves.
 * Counted together with ASSISTANT_VOCAB; help text, warnings and docs rarely use them densely.
 */
const MODEL_VOCAB = /\b(?:the user(?:'s)?|tools?|tool[_ ](?:use|call|result)s?|(?:sub-?)?agents?|llm|the model|conversation|context window|system prompt|prompt injection|instructions)\b/gi;
/** A tool description written for a model: "Use this tool to …", "This tool lets …", "the `read_file` tool". */
const TOOL_DESCRIPTION = /^\W{0,4}(?:[Uu]se this tool|[Tt]his tool (?:is|will|can|lets|allows|should)|[A-Z][a-z]+s\b[^.\n]{0,120}\.\s+(?:Usage:|- |You (?:can|must|should|may)\b|By default\b|This tool\b|The tool\b|IMPORTANT\b))|\bthe `[\w-]+` tool\b/;
/** Opens with a task for a model: "Summarize the following …", "Given a user question, …", "Please analyze …". */
const TASK_OPENER = /^\W{0,4}(?:please\s+)?(?:summari[sz]e|analy[sz]e|generate|extract|classify|categori[sz]e|rate|rewrite|translate|evaluate|determine (?:whether|if)|given (?:a|an|the) (?:user|list|conversation|question|following|set)|complete the following|follow the (?:user's )?instructions|read and follow|respond (?:only )?with)\b/i;
/** Frames the reader as an agent: "You have access to …", "Your sole function is …", "You have been asked to …". */
const AGENT_FRAMING = /\byou have access to (?:the following|these|several|a (?:set|number|list) of|an? \w+ (?:tools?|browser|sandbox|shell|terminal)|the `)|\byou have been (?:asked|given|provided|assigned)\b|\byour (?:core function|sole (?:function|purpose|objective)|job|task|goal|role|purpose|mission|objective) is\b|\bas an? (?:ai|llm|agent|language model)\b/i;
/** Tags only a model reads (HTML has none of them). */
const LLM_TAG = /<\/?(?:system[-_]reminder|system|tool_use|tool_result|function_calls|user_(?:query|request|input)|instructions)>/i;
/** Prompt sources live in `prompts/`, `system-prompt.ts`, `*Prompt.js` (a weak signal; bundles have no such path). */
const PROMPT_PATH = /(?:^|\/)(?:prompts?|system[-_]?prompts?)(?:\/|[-_.][\w.-]*$)|[-_.]prompts?\.[cm]?[jt]sx?$|(?:^|\/)[\w-]*Prompts?\.[cm]?[jt]sx?$/;
/** Code, CSS or markup that happens to contain prose (generated files, HTML pages, style sheets). */
const CODE_PUNCT = /[;{}=]/g;
const CODE_LINE = /^\s*(?:import\s|export\s|const\s|let\s|var\s|function[\s(]|return\s|declare\s|(?:type|interface)\s+\w+(?:<[^>\n]*>)?\s*[={]|\/\/|\/\*|\*\/|<\/?(?:!doctype|html|head|body|div|meta|script|style|link)\b|[.#:\[][\w-][^\n{]*\{\s*$)/gm;
const LICENSE = /Licensed under the Apache License|Permission is hereby granted|SPDX-License-Identifier|THE SOFTWARE IS PROVIDED|GNU (?:Lesser )?General Public License|Redistribution and use in source and binary forms/i;
const SINK_CALLEE = /^(?:console\.\w+|new \w*Error|\w*Error|(?:\w+\.)*(?:description|help|usage|epilog|epilogue|example|describe|option|command|warn|warning|error|log|info|debug|alert|confirm|prompt|printWarning|invariant|deprecate|stderr\.write|stdout\.write|fail|throw\w*|log[A-Z]\w*|(?:warn|print|notify|report)[A-Z]\w*))$/;
/**
 * Keys whose value is shown to a person. Not `text`: `{ type: "text", text }` is the content block
 * of the Anthropic and MCP message formats, so prompts sit under it as often as UI copy does.
 */
const SINK_KEY = /^(?:description|desc|describe|help|usage|epilog|message|msg|error|errorMessage|warning|title|label|placeholder|tooltip|hint|summary|details?)$/i;
/** `HELP_TEXT`, `usageText`, `USAGE`: CLI help kept in a constant, printed later. */
const HELP_IDENT = /^(?:\w*_)?(?:HELP|USAGE)(?:_?(?:TEXT|MESSAGE|MSG|STRING))?$|^\w*(?:help|usage)(?:Text|Message|Msg|String)$/i;
const USAGE_HEAD = /^\s*(?:Usage|USAGE|Synopsis|SYNOPSIS):?\s+(?:\$\s*)?[\w@./-]+/;
const I18N_PATH = /(?:^|\/)(?:locales?|i18n|l10n|lang|langs|languages|translations?|messages)\//i;
const URL = /\bhttps?:\/\/[^\s"'<>)]+/g;
const INTERNAL_MARKER = /\b(?:internal use only|do not share|confidential|employees? only)\b/i;

/** Cheap gate for short candidates: the persona opener must be there (scorePrompt decides the rest). */
const SHORT_PERSONA = /^\W{0,8}(?:#+\s*)?(?:you are|you're|act as|your (?:role|task|job|goal) is|as an? (?:ai|llm|assistant))\b/i;

/** Counts regex hits, bounded. */
function countHits(re: RegExp, text: string, max = 1000): number {
  re.lastIndex = 0;
  let n = 0;
  while (n < max && re.exec(text)) n++;
  re.lastIndex = 0;
  return n;
}

/** Visible length: whitespace runs count as one character. */
function visibleLength(text: string): number {
  let n = 0;
  let ws = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isWs = c === 32 || c === 9 || c === 10 || c === 13;
    if (isWs) {
      if (!ws) n++;
      ws = true;
    } else {
      n++;
      ws = false;
    }
  }
  return ws && n > 0 ? n - 1 : n;
}

/** True when the text reads like prose (words and spaces), not base64, code or data. */
export function looksLikeProse(text: string): boolean {
  const sample = text.slice(0, 4000);
  if (sample.length === 0) return false;
  let spaces = 0;
  let letters = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 32 || c === 10) spaces++;
    else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c > 127) letters++;
  }
  return spaces / sample.length >= 0.08 && (letters + spaces) / sample.length >= 0.6;
}

/** Scores one candidate. Never throws. */
export function scorePrompt(c: PromptCandidate): PromptScore {
  const signals: PromptSignal[] = [];
  const add = (signal: string, points: number, detail?: string) => {
    if (points !== 0) signals.push({ signal, points, detail });
  };
  const full = typeof c.text === 'string' ? c.text : '';
  const text = full.length > SCAN_WINDOW ? full.slice(0, SCAN_WINDOW) : full;
  const length = visibleLength(full);

  // Persona opener, in the first 200 characters (after a leading placeholder, if any).
  // Leading structure (`<instructions>`, `# Role`) may come before the opener.
  const head = text.slice(0, 300).replace(/^(?:\s*(?:\$\{…\}|<[\w-]+>|#{1,3} [^\n]*\n))*\s*/, '').slice(0, 200);
  const persona = PERSONA.exec(head);
  let diagnostic = false;
  if (persona) {
    const next = persona[1];
    if (next !== undefined && DIAGNOSTIC_YOU_ARE.test(next.replace(/[^\w]/g, ''))) diagnostic = true;
    else add('persona', 3, persona[0].trim().slice(0, 40));
  } else if (/^\s*(?:you are|you're)\s+(\S+)/i.test(text.slice(0, 200))) diagnostic = DIAGNOSTIC_YOU_ARE.test(/^\s*(?:you are|you're)\s+(\S+)/i.exec(text)![1]);
  // Model-directed vocabulary, counted once: it also cancels the "You are running …" penalty,
  // which in a prompt describes the model's sandbox rather than warning a person.
  const vocab = countHits(ASSISTANT_VOCAB, text, 100);
  const modelWords = countHits(MODEL_VOCAB, text, 100);
  if (diagnostic && vocab + modelWords < 2) add('diagnostic-phrasing', -2, 'reads like a warning or status message');

  // LLM-API context.
  const key = c.key ?? '';
  let api: string | undefined;
  if (c.role && /^(?:system|developer)$/i.test(c.role)) api = `role: ${c.role}`;
  else if (key && API_KEY.test(key)) api = `${key}:`;
  else if (key && API_IDENT.test(key) && !UI_IDENT.test(key)) api = key;
  else if (c.callee && API_CALLEE.test(c.callee)) api = c.callee;
  if (api) add('api-context', 3, api);
  else if (c.role && LLM_MESSAGE_ROLE.test(c.role)) add('llm-message', 2, `role: ${c.role}`);
  else if (c.nearby && NEARBY_LLM.test(c.nearby)) add('llm-nearby', 1, NEARBY_LLM.exec(c.nearby)![0].slice(0, 40));

  const llmSlot = !!api || !!(c.role && LLM_MESSAGE_ROLE.test(c.role));

  // Directive density: +1 per two hits, at most +3.
  const directives = countHits(DIRECTIVE, text, 100);
  add('directives', Math.min(3, Math.floor(directives / 2)), `${directives} hits`);

  // Structure markers.
  const structure = STRUCTURE_TAG.exec(text)?.[0] ?? STRUCTURE_HEADER.exec(text)?.[0] ?? STRUCTURE_CAPS.exec(text)?.[0] ?? (NUMBERED_RULES.test(text.slice(0, 20_000)) ? 'numbered rules' : undefined);
  if (structure) add('structure', 2, structure.trim().slice(0, 40));

  if (vocab >= 3) add('assistant-vocabulary', 1, `${vocab} hits`);
  // Talking to a model about its tools, the user and the conversation: +1 from 3 words, +2 from 8
  // (per 1,000 characters at least 2, so a long manual that mentions "tools" now and then stays out).
  const density = (modelWords * 1000) / Math.max(1, Math.min(text.length, SCAN_WINDOW));
  if (modelWords >= 3 && density >= 2) add('model-vocabulary', modelWords >= 8 ? 2 : 1, `${modelWords} hits`);
  const tool = TOOL_DESCRIPTION.exec(text.slice(0, 2000));
  if (tool) add('tool-description', 1, tool[0].trim().slice(0, 40));
  const task = TASK_OPENER.exec(text.slice(0, 300).replace(/^(?:\s*(?:\$\{…\}|#{1,3} [^\n]*\n))*\s*/, ''));
  if (task) add('task-opener', 1, task[0].trim().slice(0, 40));
  if (!persona || diagnostic) {
    const framing = AGENT_FRAMING.exec(text.slice(0, 2000));
    if (framing) add('agent-framing', 1, framing[0].trim().slice(0, 40));
  }
  const llmTag = LLM_TAG.exec(text);
  if (llmTag) add('llm-tag', 1, llmTag[0]);
  if (c.path && PROMPT_PATH.test(c.path)) add('prompt-path', 1, c.path);

  if (length >= 1000) add('length', length >= 4000 ? 2 : 1, `${length} chars`);
  // A short text that is unmistakably addressed to a model: a persona, two directives, two words of
  // model vocabulary. Those density signals cannot add up in under 200 characters.
  const compact = length < DEFAULT_MIN_LENGTH && !!persona && !diagnostic && directives >= 2 && vocab + modelWords >= 2;
  if (compact) add('compact-prompt', 2, 'persona, directives and model vocabulary in a short text');

  // Negative signals.
  if (LICENSE.test(text)) add('license-text', -5);
  const codeLines = countHits(CODE_LINE, text, 1000);
  const lines = Math.max(1, countHits(/\n/g, text, 100_000) + 1);
  const punct = countHits(CODE_PUNCT, text, 100_000);
  if ((codeLines >= 3 && codeLines / lines >= 0.2) || punct / Math.max(1, length) >= 0.03) add('code-or-markup', -2, codeLines >= 3 ? `${codeLines} code lines` : `${punct} of ;{}=`);
  if (c.callee && SINK_CALLEE.test(c.callee)) add('message-sink', -3, c.callee);
  else if (key && SINK_KEY.test(key) && !api) add('message-sink', -3, `${key}:`);
  else if ((key && HELP_IDENT.test(key)) || USAGE_HEAD.test(text)) add('help-text', -3, key && HELP_IDENT.test(key) ? key : 'Usage:');
  if (c.path && I18N_PATH.test(c.path)) add('i18n-catalog', -3, c.path);
  else if (key && /^[\w-]+(?:\.[\w-]+){2,}$/.test(key)) add('i18n-catalog', -2, key);
  const urls = text.match(URL);
  if (urls && urls.length >= 3) {
    const urlChars = urls.reduce((n, u) => n + u.length, 0);
    if (urls.length >= 6 || urlChars / Math.max(1, text.length) > 0.15) add('link-list', -2, `${urls.length} URLs`);
  }

  const score = signals.reduce((n, s) => n + s.points, 0);
  // A short text also counts when a persona sits in an LLM slot (`system:`, `role: "user"`, `…_PROMPT`).
  const strongShort = compact || (!!persona && !diagnostic && llmSlot);
  return { score, signals, length, ...(strongShort ? { compact: true } : {}) };
}

/** Formats a breakdown for messages and hovers: `persona +3, api-context +3, directives +2`. */
export function formatBreakdown(signals: readonly PromptSignal[]): string {
  return signals.map((s) => `${s.signal} ${s.points > 0 ? '+' : ''}${s.points}`).join(', ');
}

/** True when the text carries an internal-only marker (catalogue: then the finding is an error). */
export function hasInternalMarker(text: string): boolean {
  return INTERNAL_MARKER.test(text.slice(0, SCAN_WINDOW));
}

/** First `max` characters with whitespace collapsed, for messages. */
export function excerpt(text: string, max = 120): string {
  const flat = text.slice(0, max * 4).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export interface PromptHit {
  string: LogicalString;
  context: StringContext;
  score: PromptScore;
}

export interface FindPromptsOptions {
  /** File path (relative), used for JSX detection and i18n signals. */
  path?: string;
  minScore?: number;
  minLength?: number;
  /** Shorter strings down to this length count only when `compact` (see DEFAULT_MIN_SHORT_LENGTH). */
  minShortLength?: number;
}

/**
 * Finds system-prompt-like strings in JS/TS source: logical strings of at least `minLength`
 * visible characters that read like prose and score at least `minScore`. Never throws.
 */
export function findPrompts(source: string, opts: FindPromptsOptions = {}): PromptHit[] {
  const minScore = opts.minScore ?? DEFAULT_MIN_SCORE;
  const minLength = opts.minLength ?? DEFAULT_MIN_LENGTH;
  // Raising minLength above the default means "only long texts": the short path is then off.
  const minShort = minLength > DEFAULT_MIN_LENGTH ? minLength : Math.min(minLength, opts.minShortLength ?? DEFAULT_MIN_SHORT_LENGTH);
  const hits: PromptHit[] = [];
  try {
    // Strings shorter than minShort are never scored: the grouper leaves the standalone ones out.
    const { scan, strings } = logicalStringsOf(source, { jsx: opts.path ? jsxForPath(opts.path) : true, comments: false }, minShort);
    for (const s of strings) {
      if (s.text.length < minShort || !looksLikeProse(s.text)) continue;
      // Short strings are many: only those opening with a persona are worth a full score.
      if (s.text.length < minLength && !SHORT_PERSONA.test(s.text.slice(0, 120))) continue;
      const context = stringContext(scan, s);
      const score = scorePrompt({ text: s.text, key: context.key, callee: context.callee, role: context.role, tag: context.tag, nearby: context.nearby, path: opts.path });
      const longEnough = score.length >= minLength || (score.length >= minShort && score.compact === true);
      if (longEnough && score.score >= minScore) hits.push({ string: s, context, score });
    }
  } catch {
    // Defensive: a lexer bug must never take the server down; report nothing for this file.
  }
  return hits;
}

export { SUBSTITUTION };
