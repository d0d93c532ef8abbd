import * as assert from 'node:assert/strict';
import { releaseLargeText, LARGE_TEXT_BYTES } from '../../server/src/engine/memory';

describe('memory relief for large texts', () => {
  it('collects only after large texts, and never throws', () => {
    const before = process.memoryUsage().heapUsed;
    // Garbage the size of a large map's text, then released.
    let big: string | undefined = 'x'.repeat(LARGE_TEXT_BYTES) + String(Math.random());
    assert.ok(big.length > 0);
    big = undefined;
    releaseLargeText(LARGE_TEXT_BYTES);
    releaseLargeText(10);
    assert.ok(process.memoryUsage().heapUsed < before + LARGE_TEXT_BYTES, 'the released text was collected');
  });
});
