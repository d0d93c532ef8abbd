import * as assert from 'node:assert/strict';
import { releaseLargeText, LARGE_TEXT_BYTES } from '../../server/src/engine/safe/memory';

describe('memory relief for large texts', () => {
  it('collects after a large text is released (heap back near where it was), is a no-op for small ones', () => {
    const before = process.memoryUsage().heapUsed;
    // About 100 MB of garbage, like the strings a parsed 60 MB map leaves behind (without a
    // collection V8 keeps it: measured +115 MB here).
    let garbage: string[] | undefined = Array.from({ length: 1 << 20 }, (_, i) => `source ${i} ${Math.random()}`);
    assert.equal(garbage.length, 1 << 20);
    garbage = undefined;
    releaseLargeText(10);
    releaseLargeText(LARGE_TEXT_BYTES);
    const grown = process.memoryUsage().heapUsed - before;
    assert.ok(grown < 40 * 1024 * 1024, `heap grew ${(grown / 1048576).toFixed(1)} MB after the collection`);
  });
});
