/**
 * Issue #20: the content matchers skip a regex scan when the shared keyword pass (gitleaks.ts
 * `keywordsIn`, one Aho-Corasick pass per text) saw none of the words every match must contain.
 * That is only sound if each gate covers its scan. Checked end to end: on random texts built from
 * the shapes each scan looks for (and near misses), every matcher returns exactly what it returns
 * with every gate forced open; each property must see real matches, so it cannot pass vacuously.
 * Also the pass itself: the words it reports are the registered words the text holds (ASCII case
 * aside), one text after another.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { keywordsIn, keywordGate, keywordGates } from '../../server/src/engine/content/gitleaks';
import { findInternalCodePaths, INTERNAL_PATH_GATES } from '../../server/src/engine/content/internal-code-paths';
import { findDenyListHits, compileDenyList, MARKER_GATE_WORDS } from '../../server/src/engine/content/deny-list';
import { findInternalHosts, HOST_GATES } from '../../server/src/engine/content/hosts';
import { findFeatureFlags } from '../../server/src/engine/content/feature-flags';
import assetRule, { ASSET_GATES } from '../../rules/prompt-asset-inlined';
import type { FileRuleContext } from '../../server/src/engine/context';
import type { Report } from '../../server/src/engine/types';

const noise = fc.constantFrom('', ' ', '  ', '\n', '"', "'", '`', '(', ')', '.', ':', '=', '==', '!', 'a', 'x', 'Z', '1', '0', '/', '-', '_', 'é', 'ſ', 'K', ',', '{', '}', ';', '@', '?', '&', '[', ']');

/** Runs `find` on random texts of `shapes` and noise with the gates as built and forced open; the answers must be equal. */
function sameWithGatesOpen<T>(shapes: string[], find: (text: string) => T[], runs = 3000): number {
  let matched = 0;
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.constantFrom(...shapes), noise, noise), { maxLength: 24 }), (parts) => {
      const text = parts.join('');
      const gated = find(text);
      keywordGates.open = true;
      let open: T[];
      try {
        open = find(text);
      } finally {
        keywordGates.open = false;
      }
      assert.deepEqual(gated, open, JSON.stringify(text));
      if (open.length > 0) matched++;
    }),
    { numRuns: runs },
  );
  return matched;
}

/** Lower-cases ASCII letters only: the pass (and a regex's /i without /u) never folds other letters onto ASCII. */
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

describe('keyword gates (issue #20)', () => {
  it('texts of the same length, asked about in turns, each get their own answer', () => {
    const a = 'embargo'.padEnd(40, '.');
    const b = 'nothing to see here'.padEnd(40, '.');
    const big = 'x'.repeat(5 * 1024 * 1024) + ' internal use only';
    for (const text of [a, b, a, big, b, a, big, 'y'.repeat(big.length), big]) assert.equal(keywordsIn(text).has('embargo'), text.includes('embargo'), text.slice(0, 20));
    assert.ok(MARKER_GATE_WORDS.includes('embargo'), 'a registered word');
  });

  it('the shared pass reports the registered words a text holds, ASCII case aside, text after text', () => {
    const words = [...new Set([...MARKER_GATE_WORDS, ...Object.values(HOST_GATES).flat(), ...Object.values(INTERNAL_PATH_GATES).flat()])];
    const shapes = fc.constantFrom(...words, ...words.map((w) => w.toUpperCase()), 'İnternal', 'ınternal', 'K', 'do\u00a0not ', 'emb argo');
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(shapes, noise), { maxLength: 12 }).map((p) => p.join('')), { minLength: 1, maxLength: 4 }), (texts) => {
        // Several texts in a row, the first again, then all of them interleaved backwards: the pass
        // keeps the answers of the last few texts (a thread may run two files' rules at once).
        for (const text of [...texts, texts[0], ...[...texts].reverse(), texts[texts.length - 1]]) {
          const seen = keywordsIn(text);
          for (const w of words) assert.equal(seen.has(w), asciiLower(text).includes(w), `${w} in ${JSON.stringify(text)}`);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('keywordGate: true only when one of its words occurs (case aside)', () => {
    const gate = keywordGate(['Raw-Loader', '?raw']);
    assert.equal(gate("require('RAW-LOADER!./a.txt')"), true);
    assert.equal(gate("import a from './a.md?RAW'"), true);
    assert.equal(gate("import a from './a.md'"), false);
    assert.equal(gate('raw loader'), false);
  });

  it('internal code paths: the same matches with the gates as with none', () => {
    const shapes = [
      'process.env.USER_TYPE', 'process.env["INTERNAL"]', "process.env['STAFF']", 'process.env.INTERNAL_BETA', 'PROCESS.ENV.USER_TYPE', 'process.env',
      "USER_TYPE === 'ant'", "'ant' !== USER_TYPE", 'USER_TYPE', "'employee'", '"staff"', "'dogfood'", "'internal-user'", ' === ', ' != ',
      'isInternalUser', 'isEmployee', 'isStaffBuild', 'isDogfoodMode', 'internalOnly', 'staffOnly', 'Internal', 'Only', 'isInternal',
      '?debug=1', '&internal=true', '?backdoor=1', 'debug=', '@internal', '@internal ',
    ];
    const n = sameWithGatesOpen(shapes, (t) => [...findInternalCodePaths(t), ...findInternalCodePaths(t, { relPath: 'index.d.ts', markers: ['ant'] })]);
    assert.ok(n > 300, `${n} texts with matches`);
  });

  it('deny-list markers: the same hits with the gate as with none', () => {
    const shapes = ['@[MODEL LAUNCH]', '@[internal]', '@[DO NOT SHIP]', '@[do not release]', 'internal-only', 'Internal Only', 'INTERNAL ONLY', '@internal-only', 'DO NOT SHIP', 'do not share', 'Do not publish', 'please do not release', 'under embargo', 'EMBARGOED', 'embargo', 'do not', 'internal', '// ', '- '];
    const compiled = compileDenyList([], { trusted: true });
    const n = sameWithGatesOpen(shapes, (t) => findDenyListHits(t, compiled));
    assert.ok(n > 300, `${n} texts with hits`);
  });

  it('internal hosts: the same hosts with the gates as with none', () => {
    const shapes = [
      'https://db.corp.internal', 'http://10.0.0.5', 'git+ssh://u:p@build.lan', 'wss://x.svc', 'HTTPS://', '://', '"10.1.2.3"', "'192.168.1.20'", '172.16.0.9',
      '169.254.1.1', '100.64.3.3', '10.', '192.', 'fd12:3456::1', 'FC00:1:2::3', 'fd00::', '"api.prod.internal"', "'x.svc'", '"jenkins.build.corp"', '.cluster.local',
      '.home.arpa', 'a.localdomain', '.LOCAL', '"db.consul"', 'intranet', '.intranet',
    ];
    const n = sameWithGatesOpen(shapes, (t) => [...findInternalHosts(t), ...findInternalHosts(t, { relPath: 'src/a.ts' })]);
    assert.ok(n > 300, `${n} texts with hosts`);
  });

  it('feature flags: the same keys with the env gate as without', () => {
    const shapes = ['process.env.FEATURE_X', 'import.meta.env.VITE_FF_NEW', 'PROCESS.ENV.ENABLE_Y', 'env.', 'process.env.', 'ENABLE_', 'FEATURE_Z', 'import { feature } from "bun:bundle";', 'feature("KAIROS")', 'feature("x")', 'client.isOn("beta")'];
    const n = sameWithGatesOpen(shapes, (t) => findFeatureFlags(t));
    assert.ok(n > 300, `${n} texts with flags`);
  });

  it('feature flags: the call scan finds exactly what the regex it replaced found', () => {
    // The regex of rounds 1–3, with the same steps after it (method read backwards, member rule).
    const CALL_OPEN = /\(\s*(["'`])([A-Za-z0-9_.:\/-]{1,128})\1/g;
    const viaRegex = (text: string) => {
      const out: Array<{ start: number; key: string }> = [];
      for (const m of text.matchAll(CALL_OPEN)) {
        const before = text.slice(Math.max(0, m.index - 50), m.index).replace(/[ \t]*$/, '');
        const name = /[A-Za-z0-9_$]{0,40}$/.exec(before)![0];
        if (!['isOn', 'checkGate', 'feature', 'getValue'].includes(name)) continue;
        const lead = before.slice(0, before.length - name.length);
        const member = lead.endsWith('.');
        if (name === 'getValue' && !member) continue;
        if (name !== 'getValue' && /[A-Za-z0-9_$]$/.test(lead)) continue;
        if (name === 'feature' && !(text.includes('bun:bundle') || /^[A-Z][A-Z0-9_]{2,}$/.test(m[2]))) continue;
        out.push({ start: m.index + m[0].indexOf(m[2], 1), key: m[2] });
      }
      return out;
    };
    const key = fc.stringMatching(/^[A-Za-z0-9_.:\/-]{1,4}$/);
    const long = fc.integer({ min: 126, max: 131 }).map((n) => 'k'.repeat(n));
    const call = fc
      .tuple(fc.constantFrom('isOn', 'c.getValue', 'getValue', 'checkGate', 'feature', 'xfeature', 'c.feature', 'isOn ', ''), fc.constantFrom('(', '( ', '(\t\n', '(\r\f\v', '(\u00a0', '(\u2028', '(\u0085', 'x'), fc.constantFrom('"', "'", '`', ''), fc.oneof(key, long, fc.constantFrom('FLAG_ONE', 'a b', '')), fc.constantFrom('"', "'", '`', ')'))
      .map((p) => p.join(''));
    const part = fc.oneof(
      { arbitrary: call, weight: 4 },
      fc.constantFrom('isOn', 'c.getValue', 'getValue', 'checkGate', 'feature', 'xfeature', ' ', '\t', '\n', '\u00a0', '\u2028', '\ufeff', '(', '((', '"', "'", '`', ')', ',', 'é', '$', '(\'a"', 'bun:bundle', 'isOn(', 'c.getValue( ', 'feature(', 'checkGate \t(', 'isOn(\u00a0', '"beta"', "'beta'", '`K_X`', '"FLAG_ONE"', "'a b'", '"x\\"'),
      key,
      long,
    );
    let matched = 0;
    fc.assert(
      fc.property(fc.array(part, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const got = findFeatureFlags(text).filter((f) => f.sdk !== 'env').map((f) => ({ start: f.start, key: f.key }));
        assert.deepEqual(got, viaRegex(text), JSON.stringify(text));
        if (got.length) matched++;
      }),
      { numRuns: 4000 },
    );
    assert.ok(matched > 300, `${matched} texts with flags`);
  });

  it('prompt-asset-inlined: the same reports with the gates as with none', () => {
    const shapes = [
      "import p from './prompts/system.md?raw'", "require('raw-loader!./prompts/agent.txt')", "import('!!raw-loader!./system-prompt.md')", "import x from './prompts/a.md' with { type: 'text' }",
      "import y from './prompts/b.md' assert { type: \"text\" }", " with { type: 'text' }", "'.md': 'text'", '".prompt": "raw"', "'.txt': \"text'", "type: 'asset/source'", 'test: /\\.prompt$/',
      "test: /\\.md$/, ", "'raw-loader'", "loader: 'raw-loader'", "'rollup-plugin-string'", '"@rollup/plugin-string"', "string({ include: '**/*.prompt' })", "string({ include: ['**/*.md'] })",
      "import a from './prompts/c.md'", '?raw', 'raw', 'text',
    ];
    const run = (text: string) => {
      const reports: Report[] = [];
      const ctx = { text, path: '/w/src/index.ts', relPath: 'src/index.ts', shipped: true, report: (r: Report) => reports.push(r) } as unknown as FileRuleContext;
      void assetRule.check(ctx);
      return reports;
    };
    const n = sameWithGatesOpen(shapes, run);
    assert.ok(n > 300, `${n} texts with reports`);
    assert.deepEqual(Object.keys(ASSET_GATES).sort(), ['loaderEntry', 'rollup', 'specifier', 'webpack']);
  });
});
