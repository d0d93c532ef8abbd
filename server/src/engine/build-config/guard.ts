/**
 * Where the publish guard goes (issue #17 item 4): after every build step of the publish
 * lifecycle, so it checks what ships rather than the stale output of the previous build.
 *
 * npm publish runs prepublishOnly → prepack → prepare → (tarball) → postpack → upload; a failing
 * postpack stops the upload, and by then every build script has run, so the guard is the first
 * command of `postpack` (before any cleanup there). vsce package/publish runs `vscode:prepublish`
 * and then collects the files: the guard is the last command of that script. A guard an older
 * `leakguard init` put in front of a build is moved.
 */

export const GUARD = 'leakguard check --fail-on error';

/** One script change. */
export interface GuardChange {
  script: string;
  before: string | undefined;
  /** Undefined: remove the script (it held only an old guard). */
  after: string | undefined;
}

const isGuard = (segment: string) => /^\s*(?:npx\s+)?leakguard\s+(check|pack)\b/.test(segment);

function withoutGuard(script: string): string | undefined {
  const parts = script.split(/\s*&&\s*/);
  const kept = parts.filter((p) => !isGuard(p));
  return kept.length === parts.length ? script : kept.length ? kept.join(' && ') : undefined;
}

/** The script edits that put the guard after every build step; empty when it already is. */
export function planGuard(scriptsIn: unknown, isExtension: boolean): GuardChange[] {
  const scripts = scriptsIn && typeof scriptsIn === 'object' ? (scriptsIn as Record<string, unknown>) : {};
  const str = (k: string) => (typeof scripts[k] === 'string' ? (scripts[k] as string) : undefined);
  const changes: GuardChange[] = [];
  if (isExtension) {
    const existing = str('vscode:prepublish');
    if (existing !== undefined) {
      const parts = existing.split(/\s*&&\s*/);
      if (isGuard(parts[parts.length - 1])) return [];
    }
    const rest = existing !== undefined ? withoutGuard(existing) : undefined;
    changes.push({ script: 'vscode:prepublish', before: existing, after: rest ? `${rest} && ${GUARD}` : GUARD });
    return changes;
  }
  // An old guard in front of a build (prepublishOnly/prepack/prepare) checked the previous build's output.
  for (const k of ['prepublishOnly', 'prepack', 'prepare']) {
    const s = str(k);
    if (s === undefined) continue;
    const next = withoutGuard(s);
    if (next !== s) changes.push({ script: k, before: s, after: next });
  }
  const post = str('postpack');
  if (post === undefined || !isGuard(post.split(/\s*&&\s*/)[0])) {
    const rest = post !== undefined ? withoutGuard(post) : undefined;
    changes.push({ script: 'postpack', before: post, after: rest ? `${GUARD} && ${rest}` : GUARD });
  }
  return changes;
}
