/**
 * secretlint's module-level profiler keeps every performance entry it observes; the language
 * server lints on every keystroke, so findSecrets empties it after each lint (memory stays flat,
 * and the profiler's per-mark scan of all entries does not slow each lint down).
 */
import * as assert from 'node:assert/strict';
import { findSecrets } from '../../server/src/engine/content/secrets';

const TOKEN = `ghp_${'A1b2C3d4E5'.repeat(3)}abcdef`;

describe('secretlint profiler entries', () => {
  it('do not accumulate across lints, and findings are unchanged', async () => {
    const { secretLintProfiler } = (await import('@secretlint/profiler')) as unknown as { secretLintProfiler: { entries: unknown[]; measures: unknown[] } };
    const first = await findSecrets(`const t = "${TOKEN}";\n`, { relPath: 'src/a.js' });
    assert.ok(first.length > 0);
    for (let i = 0; i < 60; i++) {
      const again = await findSecrets(`const t = "${TOKEN}";\n${' '.repeat(i)}`, { relPath: 'src/a.js' });
      assert.deepEqual(again.map((m) => [m.start, m.end, m.provider]), first.map((m) => [m.start, m.end, m.provider]));
      // Keystrokes arrive in separate macrotasks; the profiler's observer delivers in between.
      await new Promise((r) => setTimeout(r, 1));
    }
    await new Promise((r) => setTimeout(r, 20)); // let the profiler's observer deliver what is pending
    assert.ok(secretLintProfiler.entries.length < 100, `profiler kept ${secretLintProfiler.entries.length} entries (about 36 per lint)`);
    assert.ok(secretLintProfiler.measures.length < 100, `profiler kept ${secretLintProfiler.measures.length} measures`);
  });
});
