/**
 * config-vsce-secret-bypass-flags: `vsce package|publish` with `--allow-package-all-secrets`,
 * `--allow-package-env-file` or `--allow-package-secrets <names>` in package.json scripts or CI
 * files. Since the May 2025 releases vsce runs secretlint on every packaged file and refuses to
 * package on a finding; these flags switch that last gate off (microsoft/vscode-vsce#1136, #1144,
 * #1145, #1152; Wiz's marketplace secrets research; catalogue rule 29).
 */
import type { Severity, TextEdit } from '../server/src/engine/types';
import type { UnitRule } from '../server/src/engine/context';
import { fileFix, readScripts, shellSegments, type Word } from '../server/src/engine/rule-kit';

const FLAGS: Record<string, Severity> = {
  '--allow-package-all-secrets': 'warning',
  '--allow-package-env-file': 'warning',
  // The narrow form the catalogue recommends for a known false positive: still worth seeing.
  '--allow-package-secrets': 'info',
};

/**
 * CI files looked for in the unit folder. The rule context cannot list folders, so GitHub
 * workflows are found by their usual names only.
 */
const CI_FILES = [
  'azure-pipelines.yml', 'azure-pipelines.yaml', '.gitlab-ci.yml', '.travis.yml', 'appveyor.yml', 'bitbucket-pipelines.yml', '.circleci/config.yml',
  ...['release', 'publish', 'ci', 'main', 'build', 'deploy', 'marketplace', 'vsce', 'package', 'extension'].flatMap((n) => [`.github/workflows/${n}.yml`, `.github/workflows/${n}.yaml`]),
];

/** A bypass flag in a vsce command: the flag word, its value words, and the word before it. */
export interface BypassFlag {
  flag: string;
  words: Word[];
  before: Word;
}

/** Finds bypass flags in the segments of one command line (only in `vsce` / `@vscode/vsce` commands). */
export function bypassFlags(segments: Word[][]): BypassFlag[] {
  const out: BypassFlag[] = [];
  for (const words of segments) {
    // `vsce`, `node_modules/.bin/vsce`, `@vscode/vsce`, `@vscode/vsce@3.6.0`.
    const vsceAt = words.findIndex((w) => /^vsce(@\S+)?$/.test(w.text.split(/[\\/]/).pop() ?? ''));
    if (vsceAt < 0) continue;
    for (let i = vsceAt + 1; i < words.length; i++) {
      const [name, inline] = words[i].text.split('=', 2);
      if (!(name in FLAGS)) continue;
      let j = i;
      // commander's variadic `<secrets...>` takes the following words up to the next option.
      if (name === '--allow-package-secrets' && inline === undefined) while (j + 1 < words.length && !words[j + 1].text.startsWith('-')) j++;
      out.push({ flag: name, words: words.slice(i, j + 1), before: words[i - 1] });
      i = j;
    }
  }
  return out;
}

const rule: UnitRule = {
  kind: 'unit',
  meta: {
    id: 'config-vsce-secret-bypass-flags',
    family: 'config',
    description: 'vsce is run with flags that switch off its secret and .env checks (--allow-package-all-secrets, --allow-package-env-file, --allow-package-secrets).',
    defaultSeverity: 'warning',
    fixable: 'safe',
    messages: {
      allSecrets: '"--allow-package-all-secrets" in {{where}} lets vsce package any secret it finds. Remove it; for one known false positive use --allow-package-secrets <name>.',
      envFile: '"--allow-package-env-file" in {{where}} lets vsce package .env files. Remove it and keep .env out of the package.',
      namedSecrets: '"{{text}}" in {{where}} lets vsce package these secret kinds; prefer fixing the file or a secretlint allow-list.',
    },
  },
  async check(ctx) {
    const { unit } = ctx;
    const report = (flag: BypassFlag, file: string, where: string) => {
      const first = flag.words[0];
      const last = flag.words[flag.words.length - 1];
      const text = flag.words.map((w) => w.text).join(' ');
      const edits: TextEdit[] = [{ start: flag.before.end, end: last.end, newText: '' }];
      ctx.report({
        messageId: flag.flag === '--allow-package-all-secrets' ? 'allSecrets' : flag.flag === '--allow-package-env-file' ? 'envFile' : 'namedSecrets',
        data: { where, text },
        file,
        start: first.start,
        end: last.end,
        severity: FLAGS[flag.flag],
        fix: fileFix(`Remove "${text}"`, file, edits),
        key: `${where}:${flag.flag}`,
      });
    };
    for (const [script, entry] of readScripts(unit.manifestText)) {
      for (const flag of bypassFlags(shellSegments(entry.value, entry.map))) report(flag, unit.manifestPath, `the "${script}" script`);
    }
    for (const rel of CI_FILES) {
      const file = `${unit.root}/${rel}`;
      const text = await ctx.readText(file);
      if (text === undefined || !text.includes('--allow-package')) continue;
      let offset = 0;
      for (const line of text.split('\n')) {
        if (line.includes('--allow-package') && /vsce/.test(line)) {
          const map = Array.from({ length: line.length + 1 }, (_, i) => offset + i);
          // YAML list items and `run:` keys are not part of the command.
          const cmd = line.replace(/^(\s*-\s+)?(\s*run:\s*\|?\s*)?/, (m) => ' '.repeat(m.length));
          for (const flag of bypassFlags(shellSegments(cmd, map))) report(flag, file, rel);
        }
        offset += line.length + 1;
      }
    }
  },
};

export default rule;
