/**
 * container-dockerignore-missing: `COPY . .` (or ADD of the whole build context) with no
 * `.dockerignore`: everything in the folder — `.env`, `.git/`, keys, caches, source maps — goes into
 * the image that is pushed to a registry (hadolint has no rule for it; #21 item 3).
 */
import type { UnitRule } from '../server/src/engine/context';
import type { Fix } from '../server/src/engine/types';
import { devFileGroup, dockerUnitOf, ignoreFileCandidates, instructionSpan, isSecretStoreName, isSensitivePath, narrowCopyText, parseDockerfile, wholeContextCopies, type PublishedFile } from '../server/src/engine/rule-kit';

/** Files shipped by the instruction at `line` of `dockerfile`. */
export function shippedBy(files: readonly PublishedFile[], dockerfile: string, line: number): PublishedFile[] {
  return files.filter((f) => f.reason.kind === 'packager' && f.reason.shipsIn.some((s) => s.reason.file === dockerfile && s.reason.line === line));
}

function leaky(rel: string): boolean {
  return isSensitivePath(rel) || isSecretStoreName(rel) || devFileGroup(rel) !== undefined;
}

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'container-dockerignore-missing',
    family: 'container',
    description: 'COPY or ADD of the whole build context without a .dockerignore: every file of the folder goes into the image.',
    defaultSeverity: 'warning',
    fixable: 'safe',
    messages: {
      missing: 'Line {{line}} copies the whole build context into the image and there is no .dockerignore: {{count}} files reach the final image, among them {{examples}}.',
      missingQuiet: 'Line {{line}} copies the whole build context into the image and there is no .dockerignore: {{count}} files reach the final image, including whatever is added to the folder later (.env, keys, .git/).',
    },
  },
  async check(ctx) {
    const du = dockerUnitOf(ctx.unit);
    if (!du) return;
    for (const c of ignoreFileCandidates(du)) if (await ctx.exists(c)) return;
    const text = ctx.unit.manifestText;
    const parsed = parseDockerfile(text);
    for (const { ins } of wholeContextCopies(parsed)) {
      const shipped = shippedBy(ctx.publishSet.files, du.dockerfile, ins.line);
      if (!shipped.length) continue; // only a build stage copies it; nothing of it reaches the image
      const bad = shipped.filter((f) => leaky(f.path));
      const span = instructionSpan(text, parsed, ins);
      let fix: Fix | undefined;
      if (bad.length) {
        const folders = new Set<string>();
        const globs = new Set<string>();
        for (const f of bad) {
          const g = devFileGroup(f.path);
          if (g?.folder) folders.add(g.folder);
          else if (g?.glob) globs.add(g.glob);
          else if (/(^|\/)\.env/.test(f.path)) globs.add('.env*');
        }
        fix = await ctx.exclude({ paths: bad.map((f) => f.path), folders: [...folders], globs: [...globs], keep: ['.env.example', '.env.sample', '.env.template'], what: 'secrets and dev files' });
      }
      // Narrow the COPY to the top-level entries that are not leaks (a suggestion: the app may need more).
      const keepFiles = new Set<string>();
      const keepDirs = new Set<string>();
      const badTop = new Set(bad.map((f) => f.path.split('/')[0]).filter((t) => bad.some((b) => b.path === t || b.path.startsWith(`${t}/`)) && !shipped.some((s) => (s.path === t || s.path.startsWith(`${t}/`)) && !leaky(s.path))));
      for (const f of shipped) {
        const top = f.path.split('/')[0];
        if (badTop.has(top) || /^(Dockerfile|Containerfile)/.test(top) || top === '.dockerignore') continue;
        if (f.path.includes('/')) keepDirs.add(top);
        else if (!leaky(f.path)) keepFiles.add(top);
      }
      const narrowed = narrowCopyText(ins, { files: [...keepFiles].sort(), dirs: [...keepDirs].sort() });
      const suggestions: Fix[] = narrowed ? [{ title: `Copy only ${[...keepFiles, ...keepDirs].length} named entries instead of the whole context`, edits: [{ file: du.dockerfile, edits: [{ start: span.start, end: span.end, newText: narrowed }] }] }] : [];
      const examples = bad.slice(0, 5).map((f) => f.path).join(', ') + (bad.length > 5 ? ` and ${bad.length - 5} more` : '');
      ctx.report({
        messageId: bad.length ? 'missing' : 'missingQuiet',
        data: { line: ins.line, count: shipped.length, examples },
        file: du.dockerfile,
        start: span.start,
        end: span.end,
        severity: bad.length ? undefined : 'info',
        fix,
        suggestions,
        related: bad.slice(0, 20).map((f) => ({ file: f.abs, start: 0, end: 0, message: `${f.path} reaches the image` })),
        key: `${ins.text}`,
      });
    }
  },
};

export default rule;
