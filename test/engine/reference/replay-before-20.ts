/**
 * Test oracle (issue #20), not product code: publish/replay.ts's rule matching as it was before
 * the shortcuts (minimatch's own match(), every folder tested for every file), kept verbatim.
 */
import type { IgnoreRule } from '../../../server/src/engine/publish/replay';

/** ignore-walk 8's match test for one rule (with `flipNegate`, a negation "matches" on a hit). */
export function ruleMatchesBefore(rule: IgnoreRule, entry: string, partial: boolean, entryBasename?: string): boolean {
  const isRelativeRule = !!entryBasename && rule.mm.globParts.some((part) => part.length <= (part.slice(-1)[0] ? 1 : 2));
  const m = rule.mm;
  return (
    m.match('/' + entry) ||
    m.match(entry) ||
    (partial &&
      (m.match('/' + entry + '/') ||
        m.match(entry + '/') ||
        (rule.negate && (m.match('/' + entry, true) || m.match(entry, true))) ||
        (isRelativeRule &&
          (m.match('/' + entryBasename + '/') ||
            m.match(entryBasename + '/') ||
            (rule.negate && (m.match('/' + entryBasename, true) || m.match(entryBasename, true)))))))
  );
}

/** ignore-walk 8 `filterEntry` for one rule set with no parent, returning the rule that decided. */
export function filterEntryBefore(rules: readonly IgnoreRule[], entry: string, partial: boolean, entryBasename?: string): { included: boolean; rule?: IgnoreRule } {
  let included = true;
  let decider: IgnoreRule | undefined;
  for (const rule of rules) {
    // A negation only matters once something excluded the entry, and vice versa.
    if (rule.negate === included) continue;
    if (ruleMatchesBefore(rule, entry, partial, entryBasename)) {
      included = rule.negate;
      decider = rule;
    }
  }
  return { included, rule: decider };
}

/**
 * The last line of a rule set that matches `relPath` (a file) or one of its folders, negation or
 * not: git's rule that the deepest ignore source with a matching pattern decides.
 */
export function lastMatchingRuleBefore(rules: readonly IgnoreRule[], relPath: string): IgnoreRule | undefined {
  const parts = relPath.split('/');
  let hit: IgnoreRule | undefined;
  for (const rule of rules) {
    const fileHit = ruleMatchesBefore(rule, relPath, false, parts.length > 1 ? parts[parts.length - 1] : undefined);
    const dirHit = parts.slice(0, -1).some((_, i) => ruleMatchesBefore(rule, parts.slice(0, i + 1).join('/'), true, i === 0 ? undefined : parts[i]));
    if (fileHit || dirHit) hit = rule;
  }
  return hit;
}


/** ignoreVerdict as it was (no folder cache): folders on the way first, then the file. */
export function ignoreVerdictBefore(rules: readonly IgnoreRule[], relPath: string): { ignored: boolean; rule?: IgnoreRule; folder?: string } {
  if (rules.length === 0) return { ignored: false };
  const parts = relPath.split('/');
  for (let i = 0; i < parts.length - 1; i++) {
    const dir = parts.slice(0, i + 1).join('/');
    const d = filterEntryBefore(rules, dir, true, i === 0 ? undefined : parts[i]);
    if (!d.included) return { ignored: true, rule: d.rule, folder: dir };
  }
  const f = filterEntryBefore(rules, relPath, false, parts.length > 1 ? parts[parts.length - 1] : undefined);
  return { ignored: !f.included, rule: f.rule };
}
