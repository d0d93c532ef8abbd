/**
 * secret-dotenv-in-publish-set: `.env` files (every variant) in what will be published.
 * npm ships `.env.production` whenever no ignore rule covers it, and vsce's own check only
 * matches the exact name `.env` (catalogue rule 37).
 */
import type { UnitRule } from '../server/src/engine/context';
import { causeOf, isDotenvPath, isDotenvTemplate, type PublishedFile, shannonEntropy, shippedFact } from '../server/src/engine/rule-kit';

const PLACEHOLDER = /^(|<[^>]*>|\$\{[^}]*\}|\$[A-Z_]+|x+|\*+|\.\.\.|changeme|change[-_]?me|todo|your[-_ ].*|replace[-_ ]?me.*|example.*|dummy.*|test.*|placeholder.*|none|null|false|true|\d{1,6}|localhost.*|https?:\/\/(localhost|127\.0\.0\.1|example\.(com|org))\S*)$/i;

/** Lines of an env template whose value looks like a real secret rather than a placeholder. */
export function realLookingValues(text: string): Array<{ key: string; line: number; start: number; end: number }> {
  const out: Array<{ key: string; line: number; start: number; end: number }> = [];
  let offset = 0;
  text.split('\n').forEach((raw, line) => {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*?)\s*$/.exec(raw.replace(/\r$/, ''));
    if (m) {
      let value = m[2];
      const hash = value.search(/\s#/);
      if (hash >= 0) value = value.slice(0, hash).trim();
      value = value.replace(/^(['"])(.*)\1$/, '$2');
      // A URL without credentials (`postgres://localhost:5432/app`) is configuration, not a secret.
      const plainUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !/:\/\/[^/@\s]*:[^/@\s]+@/.test(value);
      const local = /localhost|127\.0\.0\.1|example\.(com|org|net)/i.test(value);
      if (!PLACEHOLDER.test(value) && !plainUrl && !local && value.length >= 16 && shannonEntropy(value) >= 3.5) {
        const start = offset + raw.indexOf(m[2]);
        out.push({ key: m[1], line, start, end: start + m[2].length });
      }
    }
    offset += raw.length + 1;
  });
  return out;
}

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'secret-dotenv-in-publish-set',
    family: 'secret',
    description: '.env files (every variant, such as .env.production or .env-local) will be published.',
    defaultSeverity: 'error',
    fixable: 'safe',
    messages: {
      dotenv: '{{file}} will be published ({{cause}}). Environment files hold credentials; keep them out of the package.',
      template: '{{file}} is a template but {{key}} holds a value that looks real; it will be published.',
    },
  },
  async check(ctx) {
    const { unit, publishSet } = ctx;
    const envFiles: PublishedFile[] = [];
    const ignoreTexts = new Map<string, string | undefined>();
    for (const f of publishSet.files) {
      if (isDotenvPath(f.path)) envFiles.push(f);
      else if (isDotenvTemplate(f.path)) {
        const text = await ctx.readText(f.abs);
        if (text === undefined) continue;
        for (const v of realLookingValues(text)) {
          ctx.report({ messageId: 'template', data: { file: f.path, key: v.key }, file: f.abs, start: v.start, end: v.end, severity: 'warning', key: `${f.path}:${v.key}` });
        }
      }
    }
    if (envFiles.length === 0) return;
    for (const f of envFiles) {
      const r = f.reason;
      const ignoreFile = r.kind === 'not-ignored' || r.kind === 'negation' ? r.ignoreFile : undefined;
      if (ignoreFile && !ignoreTexts.has(ignoreFile)) ignoreTexts.set(ignoreFile, await ctx.readText(ignoreFile));
    }
    const fix = await ctx.exclude({ paths: envFiles.map((f) => f.path), globs: ['.env*'], keep: ['.env.example', '.env.sample', '.env.template'], what: '.env files' });
    for (const f of envFiles) {
      const cause = causeOf(unit, f, (abs) => ignoreTexts.get(abs));
      ctx.report({
        messageId: 'dotenv',
        data: { file: f.path, cause: cause.describe },
        file: cause.file,
        start: cause.start,
        end: cause.end,
        fix,
        related: [{ file: f.abs, start: 0, end: 0, message: `${f.path} will be published` }],
        key: f.path,
        facts: [shippedFact(f.abs)],
      });
    }
  },
};

export default rule;
