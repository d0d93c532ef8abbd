/**
 * prompt-system-prompt-literal: LLM system-prompt-like strings in shipped code (catalogue §4.4
 * rule 30). Logical strings (concatenations, templates, joined arrays, pushed lines) are scored by
 * prompt-score.ts; a score at or above `minScore` is reported at the string's full range.
 * Claude Code's "You are Claude Code, …" prompts shipped in the minified cli.js itself, map or not.
 */
import * as path from 'node:path';
import { CONFIG_FILE_NAME, DEFAULT_MIN_LENGTH, DEFAULT_MIN_SCORE, DEFAULT_MIN_SHORT_LENGTH, excerpt, fileFix, findPrompts, formatBreakdown, hasInternalMarker, HIGH_CONFIDENCE_SCORE, isJsLike, jsonAppend, jsonSet, minimatch, toPosix } from '../server/src/engine/rule-kit';
import type { Fix } from '../server/src/engine/types';
import type { FileRule, FileRuleContext } from '../server/src/engine/context';

/** Reads a numeric option defensively (config values are user input). */
function numberOption(options: Record<string, unknown>, name: string, fallback: number): number {
  const v = options[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** True when the file (or the embedded source) matches an `allowPrompts` glob of the config. */
function allowed(ctx: FileRuleContext): boolean {
  const globs = ctx.config.allowPrompts;
  if (globs.length === 0) return false;
  const candidates = [toPosix(path.relative(ctx.config.baseDir, ctx.path)), ctx.relPath];
  if (ctx.embedded) candidates.push(ctx.embedded.source.replace(/^(?:webpack:\/\/\/?|\.\.?\/)+/, ''));
  return globs.some((g) => candidates.some((c) => minimatch(c, g, { dot: true })));
}

/** Escapes glob metacharacters so a literal path matches only itself under minimatch. */
function globEscape(p: string): string {
  return p.replace(/[*?[\]{}()!+@\\]/g, '\\$&');
}

/**
 * "Mark as intentionally public": appends the file (relative to the config's folder) to
 * `allowPrompts` of the nearest `.leakguardrc.json`, or creates one at the config base folder.
 * For a source embedded in a map, the original source path is listed (it is what `allowed` matches).
 */
export async function markPublicFix(ctx: FileRuleContext): Promise<Fix | undefined> {
  const configFile = ctx.config.files.at(-1);
  if (configFile && /(?:^|\/)node_modules\//.test(configFile)) return undefined;
  const base = configFile ? path.posix.dirname(toPosix(configFile)) : toPosix(ctx.config.baseDir);
  const rel = ctx.embedded ? ctx.embedded.source.replace(/^(?:webpack:\/\/\/?|\.\.?\/)+/, '') : toPosix(path.relative(base, ctx.path));
  if (!rel || rel.startsWith('../')) return undefined;
  const entry = globEscape(rel);
  const title = `Mark as intentionally public (add "${entry}" to allowPrompts in ${CONFIG_FILE_NAME})`;
  if (!configFile) return fileFix(title, `${base}/${CONFIG_FILE_NAME}`, [{ start: 0, end: 0, newText: JSON.stringify({ allowPrompts: [entry] }, null, 2) + '\n' }], true);
  const text = await ctx.readText?.(configFile);
  if (text === undefined) return undefined;
  if (ctx.config.allowPrompts.includes(entry)) return undefined;
  const edits = /"allowPrompts"\s*:\s*\[/.test(text) ? jsonAppend(text, ['allowPrompts'], entry) : jsonSet(text, ['allowPrompts'], [entry]);
  return edits.length ? fileFix(title, configFile, edits) : undefined;
}

const rule: FileRule = {
  kind: 'file',
  meta: {
    id: 'prompt-system-prompt-literal',
    family: 'prompt',
    description: 'A string in shipped code reads like an LLM system prompt; anything in a client bundle is public.',
    defaultSeverity: 'warning',
    visibilityScaled: true,
    fixable: 'suggestion',
    messages: {
      prompt: 'This {{kind}} reads like an LLM system prompt (score {{score}}, threshold {{minScore}}: {{breakdown}}){{shipsText}}: "{{excerpt}}". Keep proprietary prompts server-side, or list the file in "allowPrompts".',
      internalPrompt: 'This {{kind}} reads like an internal LLM system prompt (score {{score}}, threshold {{minScore}}: {{breakdown}}; marked "{{marker}}"){{shipsText}}: "{{excerpt}}".',
    },
    optionsSchema: {
      type: 'object',
      properties: {
        minScore: { type: 'number', default: DEFAULT_MIN_SCORE, description: 'Report strings scoring at least this much (high confidence from 8).' },
        minLength: { type: 'number', default: DEFAULT_MIN_LENGTH, description: 'Strings shorter than this many visible characters are reported only when compact (see minShortLength).' },
        minShortLength: { type: 'number', default: DEFAULT_MIN_SHORT_LENGTH, description: 'Strings from this length up to minLength are reported when persona, directives and model vocabulary appear together; set it to minLength (or raise minLength above 200) to turn that off.' },
      },
      additionalProperties: false,
    },
  },
  appliesTo: (p) => isJsLike(p) && !/\.(?:vue|svelte|astro)$/i.test(p),
  async check(ctx) {
    if (allowed(ctx)) return;
    const minScore = numberOption(ctx.options, 'minScore', DEFAULT_MIN_SCORE);
    const minLength = numberOption(ctx.options, 'minLength', DEFAULT_MIN_LENGTH);
    const minShortLength = numberOption(ctx.options, 'minShortLength', DEFAULT_MIN_SHORT_LENGTH);
    const hitPath = ctx.embedded ? ctx.embedded.source : ctx.relPath;
    const shipsText = ctx.shipped ? ' and will be published' : '';
    const hits = findPrompts(ctx.text, { path: hitPath, minScore, minLength, minShortLength });
    if (hits.length === 0) return;
    const markPublic = await markPublicFix(ctx);
    for (const hit of hits) {
      const s = hit.string;
      const marker = hasInternalMarker(s.text) ? /\b(?:internal use only|do not share|confidential|employees? only)\b/i.exec(s.text)?.[0] : undefined;
      const kind = s.kind === 'concat' ? 'concatenated string' : s.kind === 'array' || s.kind === 'array-join' ? 'array of strings' : s.kind === 'append' ? 'series of appended strings' : s.kind === 'template' ? 'template literal' : 'string';
      ctx.report({
        messageId: marker ? 'internalPrompt' : 'prompt',
        data: {
          kind,
          score: hit.score.score,
          minScore,
          breakdown: formatBreakdown(hit.score.signals),
          excerpt: excerpt(s.text),
          length: hit.score.length,
          confidence: hit.score.score >= HIGH_CONFIDENCE_SCORE ? 'high' : 'medium',
          shipsText,
          ...(marker ? { marker } : {}),
        },
        start: s.start,
        end: s.end,
        // The start of the text, not line numbers: stable across edits elsewhere in the file.
        key: `prompt:${excerpt(s.text, 80)}`,
        ...(markPublic ? { suggestions: [markPublic] } : {}),
        ...(marker ? { severity: 'error' as const } : {}),
      });
    }
  },
};

export default rule;
