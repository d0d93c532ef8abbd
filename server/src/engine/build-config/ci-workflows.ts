/**
 * Where builds really run (issue #19): many projects publish from CI (`npm run build:prod && npm
 * publish` in a GitHub Actions step), so the scripts a workflow runs before its publish command are
 * publish-path builds even when no lifecycle script reaches them. Reads `.github/workflows/*.yml`
 * and `.gitlab-ci.yml` with the `yaml` library (data only; nothing is executed, sizes are capped).
 */
import { parseDocument } from 'yaml';
import { shellSegments } from './scripts';

/** A publish command in a CI step: the package managers' and the extension marketplaces'. */
const PUBLISH = /(?:^|[\s;&|(])(?:(?:npx|pnpm\s+(?:exec|dlx)|yarn\s+dlx|bunx)\s+)?(?:npm\s+publish|pnpm\s+(?:-r\s+|--recursive\s+)?publish|yarn\s+(?:npm\s+)?publish|bun\s+publish|(?:@vscode\/)?vsce\s+publish|ovsx\s+publish|changeset\s+publish|lerna\s+publish|semantic-release)\b/;

/** Bounds for hostile repositories: a workflow is a few KB; a thousand steps is already absurd. */
const MAX_BYTES = 512 * 1024;
const MAX_STEPS = 2_000;

export interface CiPublishPath {
  /** package.json script names run before (or as part of) a publish, e.g. `build:prod`. */
  scripts: string[];
  /** Workflow files that publish (relative names, for messages). */
  files: string[];
}

/** One job: its shell lines in order, and the jobs it needs. */
interface Job {
  lines: string[];
  needs: string[];
}

/**
 * The package.json scripts that CI runs before publishing: every `npm run X` / `pnpm X` / `yarn X` /
 * `bun run X` in the publishing job's steps up to and including the publish step, and in the jobs it
 * `needs`. `changesets/action`'s `publish:` input counts as a publish command.
 */
export function ciPublishScripts(workflows: ReadonlyArray<{ file: string; text: string }>, scriptNames: ReadonlySet<string>): CiPublishPath {
  const scripts = new Set<string>();
  const files: string[] = [];
  for (const wf of workflows) {
    if (wf.text.length > MAX_BYTES) continue;
    const jobs = readJobs(wf.file, wf.text);
    if (!jobs) continue;
    let publishes = false;
    const visit = (name: string, upTo: number | undefined, seen: Set<string>) => {
      const job = jobs.get(name);
      if (!job || seen.has(name)) return;
      seen.add(name);
      for (const need of job.needs) visit(need, undefined, seen);
      const lines = upTo === undefined ? job.lines : job.lines.slice(0, upTo + 1);
      for (const line of lines) for (const s of scriptsRun(line, scriptNames)) scripts.add(s);
    };
    for (const [name, job] of jobs) {
      const at = job.lines.findIndex((l) => PUBLISH.test(l) || scriptsRun(l, scriptNames).some((s) => /^(?:release|publish)(?:$|[:_-])/.test(s)));
      if (at < 0) continue;
      publishes = true;
      visit(name, at, new Set());
    }
    if (publishes) files.push(wf.file);
  }
  return { scripts: [...scripts].sort(), files };
}

function readJobs(file: string, text: string): Map<string, Job> | undefined {
  let doc: unknown;
  try {
    const parsed = parseDocument(text, { prettyErrors: false, strict: false, uniqueKeys: false });
    if (parsed.errors.length) return undefined;
    doc = parsed.toJS({ maxAliasCount: 50 });
  } catch {
    return undefined;
  }
  if (!isObject(doc)) return undefined;
  const jobs = new Map<string, Job>();
  let steps = 0;
  const gitlab = /(?:^|\/)\.gitlab-ci\.ya?ml$/.test(file);
  const entries = gitlab ? Object.entries(doc) : isObject(doc.jobs) ? Object.entries(doc.jobs) : [];
  for (const [name, raw] of entries) {
    if (!isObject(raw)) continue;
    const lines: string[] = [];
    const add = (v: unknown) => {
      if (typeof v === 'string' && steps++ < MAX_STEPS) lines.push(...v.split(/\r?\n/));
    };
    if (gitlab) {
      for (const key of ['before_script', 'script']) {
        const v = raw[key];
        if (Array.isArray(v)) v.forEach(add);
        else add(v);
      }
    } else if (Array.isArray(raw.steps)) {
      for (const step of raw.steps) {
        if (!isObject(step)) continue;
        add(step.run);
        // changesets/action runs its `publish:` input (e.g. `pnpm release`) as the publish command.
        if (typeof step.uses === 'string' && /^changesets\/action@/.test(step.uses) && isObject(step.with)) {
          if (typeof step.with.publish === 'string') add(`${step.with.publish} && changeset publish`);
          if (typeof step.with.version === 'string') add(step.with.version);
        }
      }
    }
    const needs = raw.needs;
    jobs.set(name, { lines, needs: Array.isArray(needs) ? needs.filter((n): n is string => typeof n === 'string') : typeof needs === 'string' ? [needs] : [] });
  }
  return jobs;
}

/** package.json script names a shell line runs: `npm run X`, `npm run-script X`, `pnpm [run] X`, `yarn [run] X`, `bun run X`. */
export function scriptsRun(line: string, scriptNames: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const seg of shellSegments(line)) {
    const w = seg.map((x) => x.text);
    let i = 0;
    while (i < w.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w[i])) i++; // env prefixes
    const tool = w[i];
    let name: string | undefined;
    if (tool === 'npm' && (w[i + 1] === 'run' || w[i + 1] === 'run-script')) name = firstNonFlag(w, i + 2);
    else if ((tool === 'pnpm' || tool === 'yarn' || tool === 'bun') && w[i + 1] === 'run') name = firstNonFlag(w, i + 2);
    else if (tool === 'pnpm' || tool === 'yarn') name = firstNonFlag(w, i + 1);
    if (name && scriptNames.has(name)) out.push(name);
  }
  return out;
}

function firstNonFlag(words: string[], from: number): string | undefined {
  for (let i = from; i < words.length; i++) {
    if (words[i] === '--filter' || words[i] === '-F' || words[i] === '-w' || words[i] === '--workspace') {
      if (words[i] !== '-w') i++;
      continue;
    }
    if (!words[i].startsWith('-')) return words[i];
  }
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
