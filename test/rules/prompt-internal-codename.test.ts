import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import rule from '../../rules/prompt-internal-codename';
import { ruleTester } from '../helpers/rule-tester';

const pkg = JSON.stringify({ name: 'cli', version: '1.0.0', main: 'dist/cli.js' });
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const codes = [...'fennec'].map((c) => c.charCodeAt(0)).join(',');
const falcon = { denyList: [{ pattern: 'project[-_ ]?falcon', regex: true }, 'kairos'] };

ruleTester(rule, {
  valid: [
    { name: 'regex entries are ignored in untrusted workspaces', filename: 'a.ts', code: 'const x = "projectFalcon";', config: falcon, trusted: false },
    { name: 'ordinary words that contain a term do not fire', filename: 'a.ts', code: 'const kairosity = "internal use"; // shipping soon', config: falcon },
    // @sentry/core 8.47.0 build/cjs/semanticAttributes.js: TypeScript's @internal tag is not a marker.
    { name: '"@internal only meant for internal SDK usage" JSDoc', filename: 'build/cjs/semanticAttributes.js', code: '/**\n * A custom span name.\n *\n * @internal only meant for internal SDK usage\n * @hidden\n */\nconst SPAN_NAME = "sdk.custom_span_name";\n' },
    // Issue #23, vuejs/core README: "do not share" as a verb is prose.
    { name: '"do not share" as a verb', filename: 'README.md', code: 'In some cases, transformers of each block in an SFC do not share the same execution context.\n' },
  ],
  invalid: [
    {
      name: 'codenames in the map but not in the bundle, as Claude Code 2.1.88 shipped them',
      files: {
        'package.json': pkg,
        'dist/cli.js': 'var a="m";',
        'dist/cli.js.map': JSON.stringify({ version: 3, sources: ['../src/model.ts'], sourcesContent: ['export const MODEL = "capybara-v2"; // @[MODEL LAUNCH]\n'], mappings: '', names: [] }),
      },
      config: { denyList: ['capybara'] },
      // Both in the embedded source (codename + marker) and once on the map file's own text.
      errors: 3,
      check: (f) => {
        const embedded = f.filter((x) => x.embedded?.source === '../src/model.ts');
        assert.deepEqual(embedded.map((x) => x.messageId).sort(), ['codename', 'marker']);
        assert.ok(!f.some((x) => x.file.endsWith('cli.js') && !x.embedded));
      },
    },
    {
      name: 'hashed entries, fromCharCode and the path',
      filename: 'src/features/fennec/index.ts',
      code: `const n = String.fromCharCode(${codes});\n`,
      config: { denyList: [{ sha256: sha('fennec') }] },
      errors: 2,
      check: (mine) => {
        assert.deepEqual(mine.map((x) => x.messageId).sort(), ['codename', 'codenameInPath']);
        // The label of a hashed entry is never spelled out (the path message quotes the user's own path).
        assert.ok(mine.filter((x) => x.messageId === 'codename').every((x) => !x.message.includes('fennec') && /sha256:/.test(x.message)), 'hashed terms are never spelled out');
      },
    },
    { name: 'regex entries apply in trusted workspaces', filename: 'a.ts', code: 'const x = "projectFalcon";', config: falcon, errors: 1 },
    { name: 'the prose marker stays', filename: 'dist/a.js', code: '// Internal only: do not document\n', errors: [{ messageId: 'marker' }] },
    ...['// Do not share: launch plan\n', 'Internal notes, do not share.\n', 'Please do not share this file.\n', 'NOTES — DO NOT SHARE\n'].map((code) => ({ name: `marker: ${code.trim()}`, filename: 'notes.md', code, errors: 1 })),
  ],
});
