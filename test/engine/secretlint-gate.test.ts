/**
 * Issue #20: the secretlint prefilter's regex runs only when the gitleaks keyword pass saw one of
 * SECRETLINT_GATE_WORDS. That is only sound if every prefilter match contains a gate word (case
 * aside): checked here on every alternative's shapes (fast-check), on the secret samples, and end
 * to end (findSecrets with the gate equals the prefilter's answer without it).
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { secretlintPrefilter, secretlintGateOpen, SECRETLINT_GATE_WORDS, findSecrets } from '../../server/src/engine/content/secrets';
import { SAMPLES } from './content-samples';

/** What the keyword pass reports for `text`: the gate words it contains, case-insensitively. */
const seenIn = (text: string) => new Set(SECRETLINT_GATE_WORDS.filter((w) => text.toLowerCase().includes(w)));

describe('secrets: secretlint prefilter gate (issue #20)', () => {
  it('every prefilter match contains a gate word (random texts around each alternative)', () => {
    const shapes = fc.constantFrom(
      'AKIA', 'A3TX', 'AGPA', 'AIDA', 'AROA', 'AIPA', 'ANPA', 'ANVA', 'ASIA', 'SECRET_ACCESS', 'secretAccess', 'Secret_access', 'PRIVATE KEY', 'private_key',
      'x-oauth-basic', '_authToken', 'npm_', 'xoxb-', 'xoxr-', 'xapp-', 'hooks.slack.com', '//user:pa-ss@', '//a:b@', 'T3BlbkFJ', 'sk-ant-', 'lin_api_', 'SG.',
      'shppa_', 'shpss_', 'ghp_', 'ghr_', 'github_pat_', 'ops_ey', 'db://', 'DB+SRV://', 'SqlX://', 'sql://', 'es://', 'ESQL://',
    );
    const noise = fc.constantFrom('', ' ', 'a', 'A', '/', ':', '@', '_', '-', '.', 'x', 'S', 's', 'e', 'E', 'K', 'I', '\n', 'é', '1');
    fc.assert(
      fc.property(fc.array(fc.oneof(shapes, noise, noise), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        if (secretlintPrefilter(text).length > 0) assert.ok(secretlintGateOpen(seenIn(text)), JSON.stringify(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('covers every secret sample the prefilter matches; and closes on plain code', () => {
    let matched = 0;
    for (const [name, value] of Object.entries(SAMPLES)) {
      for (const text of [`const x = "${value}";`, `aws_secret_access_key = "${value}"`]) {
        if (secretlintPrefilter(text).length === 0) continue;
        matched++;
        assert.ok(secretlintGateOpen(seenIn(text)), name);
      }
    }
    assert.ok(matched >= 10, `${matched} samples matched the prefilter`);
    // A trap: ordinary code keeps the gate shut (what makes the gate worth having).
    const code = 'export function add(a, b) { return a + b; } // adds two numbers\nconst list = [1, 2, 3].map((n) => n * 2);\n';
    assert.equal(secretlintGateOpen(seenIn(code)), false);
    assert.equal(secretlintPrefilter(code).length, 0);
  });

  it('findSecrets finds the same with the gate as secretlint alone does through the prefilter', async () => {
    let viaSecretlint = 0;
    for (const [name, value] of Object.entries(SAMPLES)) {
      const text = `module.exports = { k: "${value}" };\n// db://user:pw@host and AKIA in a comment\n`;
      const viaGate = (await findSecrets(text, { relPath: 'src/a.js' })).filter((m) => m.source !== 'gitleaks' && m.source !== 'leakguard');
      const alone = (await findSecrets(text, { relPath: 'src/a.js', withoutGitleaks: true })).filter((m) => m.source !== 'gitleaks' && m.source !== 'leakguard');
      assert.deepEqual(viaGate, alone, name);
      viaSecretlint += alone.length;
    }
    assert.ok(viaSecretlint >= 5, `${viaSecretlint} secretlint matches`);
  });
});
