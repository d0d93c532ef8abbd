/**
 * One finding per fact (issue #17 item 6). Several rules see the same leak from different places:
 * a shipped map is reported on the `files` entry, on the map itself, by sourcemap-in-publish-set,
 * by sourcemap-sources-content, by publish-missing-files-allowlist and by the tsconfig line that
 * produced it. Rules tag their reports with the facts they are about (`map:<abs path>`,
 * `file:<abs path>`); this post-pass keeps one finding per fact — the one at the cause — and turns
 * the others into related locations of it (the server still mirrors it onto an open artifact).
 */
import type { Finding, Fix } from './types';

/** The fact that a shipped file (a map, an .env file, a key) is in the publish set. */
export function shippedFact(abs: string): string {
  return `file:${abs}`;
}

function rank(f: Finding): number[] {
  const sev = f.severity === 'error' ? 0 : f.severity === 'warning' ? 1 : f.severity === 'info' ? 2 : 3;
  const onArtifact = (f.facts ?? []).some((x) => x === shippedFact(f.file)) ? 1 : 0;
  // Secrets keep their own finding (code scanning filters on secret-* rules); then build configuration, the root cause of maps.
  const family = f.ruleId.startsWith('secret-') ? 0 : f.ruleId.startsWith('config-') ? 1 : f.ruleId === 'sourcemap-sources-content' ? 2 : f.ruleId.startsWith('sourcemap-') ? 3 : 4;
  return [sev, onArtifact, family, -(f.facts?.length ?? 0)];
}

function compare(a: Finding, b: Finding): number {
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i] - rb[i];
  return 0;
}

/**
 * Keeps, for every fact, the first finding (by severity, then at a cause rather than on the artifact,
 * then secrets before build configuration before maps before the rest) and folds every finding whose
 * facts are all covered into the one covering its first fact: as a related location, with its fix
 * (when the kept one has none) and its suggestions. Findings without facts pass through untouched.
 */
export function mergeEchoes(findings: Finding[]): Finding[] {
  const tagged = findings.map((f, i) => ({ f, i })).filter((x) => (x.f.facts?.length ?? 0) > 0);
  if (tagged.length < 2) return findings;
  tagged.sort((a, b) => compare(a.f, b.f) || a.i - b.i);
  const owner = new Map<string, number>();
  const out = findings.slice() as Array<Finding | undefined>;
  for (const { f, i } of tagged) {
    const unitKey = f.unitId ?? f.unitRoot ?? '';
    const facts = (f.facts ?? []).map((x) => `${unitKey}\0${x}`);
    if (facts.some((x) => !owner.has(x))) {
      for (const x of facts) if (!owner.has(x)) owner.set(x, i);
      continue;
    }
    const p = owner.get(facts[0])!;
    const primary = out[p]!;
    const related = primary.related.some((r) => r.file === f.file && r.start === f.start && r.message.startsWith(f.ruleId))
      ? primary.related
      : [...primary.related, { file: f.file, start: f.start, end: f.end, message: `${f.ruleId}: ${f.message}` }];
    const suggestions = mergeFixes(primary.suggestions, [...(primary.fix || !f.fix ? (f.fix ? [f.fix] : []) : []), ...f.suggestions], primary.fix ?? f.fix);
    out[p] = { ...primary, related, fix: primary.fix ?? f.fix, suggestions };
    out[i] = undefined;
  }
  return out.filter((f): f is Finding => f !== undefined);
}

function mergeFixes(base: Fix[], more: Fix[], applied: Fix | undefined): Fix[] {
  const seen = new Set([...base.map((x) => x.title), ...(applied ? [applied.title] : [])]);
  const out = base.slice();
  for (const x of more) {
    if (seen.has(x.title)) continue;
    seen.add(x.title);
    out.push(x);
  }
  return out;
}
