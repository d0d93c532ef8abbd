/**
 * config-vscodeignore-pattern: `.vscodeignore` lines that do not do what a gitignore user expects
 * under vsce's semantics (minimatch `{ dot: true }`, no matchBase, `/**` appended to patterns whose
 * last segment has no `*`, negations win whatever their order) — catalogue rule 27, verified with
 * vsce `listFiles`: `*.map` misses `dist/extension.js.map`; `**`, `!dist/**`, `**\/*.map` still
 * packages the map.
 */
import { fileFix, isSensitivePath, minimatch, type PublishedFile } from '../server/src/engine/rule-kit';
import type { Fix, TextEdit } from '../server/src/engine/types';
import type { UnitRule } from '../server/src/engine/context';
import { isLeakyExtensionFile, manifestAssets } from './config-vscodeignore-missing';

/** One non-empty, non-comment line of an ignore file, with the offsets of its trimmed text. */
export interface IgnoreLine {
  text: string;
  /** 1-based, as in publish-set reasons. */
  line: number;
  start: number;
  end: number;
}

/** Splits an ignore file into pattern lines (vsce: trimmed, `#` comments and blank lines dropped). */
export function ignoreLines(text: string): IgnoreLine[] {
  const out: IgnoreLine[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  let line = 1;
  for (;;) {
    const m = re.exec(text);
    const end = m ? m.index : text.length;
    const raw = text.slice(start, end);
    const t = raw.trim();
    if (t && !t.startsWith('#')) {
      const s = start + raw.indexOf(t);
      out.push({ text: t, line, start: s, end: s + t.length });
    }
    if (!m) break;
    start = m.index + m[0].length;
    line++;
  }
  return out;
}

/** A matcher with vsce's semantics for one pattern (without its `!`). */
export function vsceMatcher(pattern: string): (p: string) => boolean {
  const variants = /(^|\/)[^/]*\*[^/]*$/.test(pattern) ? [pattern] : [pattern, /\/$/.test(pattern) ? `${pattern}**` : `${pattern}/**`];
  return (p) => variants.some((v) => minimatch(p, v, { dot: true }));
}

const SAMPLES = ['dist/extension.js.map', 'extension.js.map', '.env', '.env.production', 'src/.env'];

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'config-vscodeignore-pattern',
    family: 'config',
    description: '.vscodeignore patterns that do not do what gitignore users expect: root-only globs, negations that re-include maps or secrets, patterns that match nothing.',
    defaultSeverity: 'warning',
    fixable: 'safe',
    messages: {
      rootOnly: '"{{pattern}}" matches only at the extension root (vsce uses no matchBase): {{count}} files still ship, such as {{examples}}. Use "{{better}}".',
      reincludes: '"{{pattern}}" re-includes {{count}} files that must not ship ({{examples}}); in vsce a negation wins over every ignore line, whatever the order.',
      reincludesKind: '"{{pattern}}" re-includes {{what}} whatever the other lines say (a negation wins in vsce).',
      noEffect: '"{{pattern}}" matches nothing in vsce ({{why}}); "{{better}}" would {{effect}}.',
    },
  },
  async check(ctx) {
    const { unit, publishSet } = ctx;
    const m = unit.manifest;
    if (!m || unit.kind !== 'vscode-extension') return;
    const file = `${unit.root}/.vscodeignore`;
    const text = await ctx.readText(file);
    if (text === undefined) return;
    const lines = ignoreLines(text);
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const entries = [m.main, m.browser].filter((v): v is string => typeof v === 'string').map((v) => v.replace(/^\.\//, ''));
    const assets = manifestAssets(m, publishSet).map((a) => a.replace(/\/\*\*$/, ''));
    const needed = (p: string) => entries.includes(p) || entries.includes(`${p.replace(/\.js$/, '')}`) || assets.some((a) => p === a || p.startsWith(a + '/'));
    const examples = (fs: PublishedFile[]) => (fs.length <= 3 ? fs.map((f) => f.path).join(', ') : `${fs.slice(0, 3).map((f) => f.path).join(', ')} and ${fs.length - 3} more`);
    const notNegated = publishSet.files.filter((f) => f.reason.kind !== 'negation' && f.reason.kind !== 'always');
    const replaceLine = (l: IgnoreLine, newText: string): TextEdit[] => [{ start: l.start, end: l.end, newText }];

    for (const l of lines) {
      const negated = l.text.startsWith('!');
      const pattern = negated ? l.text.slice(1) : l.text;

      // (c) patterns that can never match: a leading "/" or "./", or backslashes.
      if (/^\.?\//.test(pattern) || pattern.includes('\\')) {
        const better = pattern.replace(/\\/g, '/').replace(/^\.?\/+/, '');
        const why = pattern.includes('\\') ? 'vsce matches "/" paths, a backslash escapes' : 'paths are relative, without a leading "/"';
        const match = vsceMatcher(better);
        const hits = negated ? [] : notNegated.filter((f) => match(f.path));
        const fix = fileFix(`Rewrite to "${negated ? '!' : ''}${better}"`, file, replaceLine(l, `${negated ? '!' : ''}${better}`));
        const safe = !negated && hits.length > 0 && !hits.some((f) => needed(f.path));
        ctx.report({
          messageId: 'noEffect',
          data: { pattern: l.text, why, better: `${negated ? '!' : ''}${better}`, effect: negated ? 're-include what it names' : hits.length ? `exclude ${hits.length} files that ship now (${examples(hits)})` : 'exclude what it names' },
          file, start: l.start, end: l.end,
          severity: hits.length ? 'warning' : 'info',
          ...(safe ? { fix } : { suggestions: [fix] }),
          key: `noEffect:${l.text}`,
        });
        continue;
      }

      if (!negated) {
        // (a) basename globs and bare .env meant for any depth.
        const glob = /^[^/]*\*[^/]*$/.test(pattern) && !pattern.startsWith('**');
        const env = /^\.env$/i.test(pattern);
        if (!glob && !env) continue;
        const better = env ? '**/.env*' : `**/${pattern}`;
        const own = vsceMatcher(pattern);
        const wide = vsceMatcher(better);
        const hits = notNegated.filter((f) => wide(f.path) && !own(f.path));
        if (hits.length === 0) continue; // Trap: root-only on purpose (`*.vsix`, `*.code-workspace`).
        const fix = fileFix(`Rewrite to "${better}"`, file, replaceLine(l, better));
        const safe = hits.every((f) => isLeakyExtensionFile(f.path) || /\.(log|orig|swp|tmp)$/i.test(f.path)) && !hits.some((f) => needed(f.path));
        ctx.report({
          messageId: 'rootOnly',
          data: { pattern, better, count: hits.length, examples: examples(hits) },
          file, start: l.start, end: l.end,
          ...(safe ? { fix } : { suggestions: [fix] }),
          related: hits.slice(0, 20).map((f) => ({ file: f.abs, start: 0, end: 0, message: `${f.path} will be packaged` })),
          key: `rootOnly:${pattern}`,
        });
        continue;
      }

      // (b) negations that re-include maps, env files, keys or TypeScript sources.
      const match = vsceMatcher(pattern);
      const viaLine = publishSet.files.filter((f) => f.reason.kind === 'negation' && f.reason.line === l.line);
      const leaky = viaLine.filter((f) => isLeakyExtensionFile(f.path));
      const explicit = /\.map|\.env/i.test(pattern) && SAMPLES.some((s) => match(s));
      if (leaky.length === 0 && !explicit) continue;
      const severity = leaky.some((f) => isSensitivePath(f.path)) || (explicit && leaky.length === 0) ? 'error' : 'warning';
      const keep = viaLine.filter((f) => !isLeakyExtensionFile(f.path));
      let fix: Fix;
      if (keep.length === 0) {
        // Nothing legitimate comes in through this line: drop it (with its line break).
        const next = text.slice(l.end).match(/^[^\S\r\n]*(\r\n|\r|\n)?/)![0].length;
        fix = fileFix(`Remove "${l.text}"`, file, [{ start: l.start, end: l.end + next, newText: '' }]);
      } else {
        // The folder part before the first glob segment: `!dist/**` and `!dist` → `dist`.
        const segs = pattern.replace(/\/+$/, '').split('/');
        const firstGlob = segs.findIndex((seg) => /[*?[{]/.test(seg));
        const dir = (firstGlob < 0 ? segs : segs.slice(0, firstGlob)).join('/');
        const narrowed = new Set<string>();
        for (const f of keep) {
          const base = f.path.slice(f.path.lastIndexOf('/') + 1);
          const dot = base.lastIndexOf('.');
          narrowed.add(dot > 0 ? `!${dir ? dir + '/' : ''}**/*${base.slice(dot)}` : `!${f.path}`);
        }
        fix = fileFix(`Narrow to ${[...narrowed].join(', ')}`, file, replaceLine(l, [...narrowed].sort().join(eol)));
      }
      ctx.report({
        messageId: leaky.length ? 'reincludes' : 'reincludesKind',
        data: { pattern: l.text, count: leaky.length, examples: examples(leaky), what: /\.map/i.test(pattern) ? 'source maps' : '.env files' },
        file, start: l.start, end: l.end,
        severity,
        fix,
        related: leaky.slice(0, 20).map((f) => ({ file: f.abs, start: 0, end: 0, message: `${f.path} will be packaged` })),
        key: `reincludes:${l.text}`,
      });
    }
  },
};

export default rule;
