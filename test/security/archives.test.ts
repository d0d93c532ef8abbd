/**
 * Issue #15 item 9: `leakguard pack` inflated archives without limits (a 194 KB .tgz took 664 MB).
 * Bombs are built at test time; the built CLI must refuse them with a message that names the
 * archive and the limit, exit 2, and keep its peak memory far below what the bomb unpacks to
 * (measured in the child from its own VmHWM, not guessed; see test/helpers/peak-rss.ts).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './hostile-run';
import { writeTgzBomb, writeTgzManyEntries, zipBomb } from './archive-bombs';
import { readArchiveBuffer, ArchiveLimitError, DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from '../../server/src/engine/publish/archive';

import { PEAK_RSS_MIB_EXPR } from '../helpers/peak-rss';

const MiB = 1024 * 1024;

/** A preload that prints the child's peak RSS (MiB) on stderr when it exits. */
function rssPreload(dir: string): string {
  const file = path.join(dir, 'rss.cjs');
  fs.writeFileSync(file, `process.on('exit', () => process.stderr.write('\\nmaxrss=' + ${PEAK_RSS_MIB_EXPR} + '\\n'));\n`);
  return file;
}
const peak = (stderr: string) => Number(/maxrss=(\d+)/.exec(stderr)?.[1] ?? NaN);

describe('security: archive bombs fail clearly with bounded memory (issue #15 item 9)', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-bomb-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a .tgz of a few hundred KB that unpacks to 1 GiB (one entry) is refused at the per-entry limit, peak RSS far below 1 GiB', async () => {
    const file = path.join(dir, 'one-gib.tgz');
    const size = await writeTgzBomb(file, 1024 * MiB, 1);
    assert.ok(size < 2 * MiB, `the bomb is small (${size} bytes)`);
    const r = runCli(['pack', file], dir, 120_000, ['-r', rssPreload(dir)]);
    assert.equal(r.timedOut, false);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /one-gib\.tgz: entry "package\/blob-0\.bin" unpacks to more than 256 MiB \(the limit for one entry\); not analysed\./);
    assert.ok(peak(r.stderr) < 256, `peak RSS ${peak(r.stderr)} MiB`);
  });

  it('entries each under the per-entry limit but together over the total stop at the total (--max-unpacked-size), memory bounded by it', async () => {
    const file = path.join(dir, 'many.tgz');
    await writeTgzBomb(file, 40 * MiB, 8); // 320 MiB unpacked, each entry 40 MiB
    const r = runCli(['pack', file, '--max-unpacked-size', '64MB'], dir, 120_000, ['-r', rssPreload(dir)]);
    assert.equal(r.timedOut, false);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /many\.tgz: unpacks to more than 64 MiB \(the limit for all entries; --max-unpacked-size changes it\); not analysed\./);
    assert.ok(peak(r.stderr) < 64 + 160, `peak RSS ${peak(r.stderr)} MiB`);
  });

  it('a real package under the limits is still analysed (trap: the limits do not refuse normal archives)', async () => {
    const file = path.join(dir, 'fine.tgz');
    await writeTgzBomb(file, 2 * MiB, 2);
    const r = runCli(['pack', file, '--format', 'json', '--fail-on', 'never'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { units: Array<{ files: number }> }).units[0].files, 3);
  });

  it('an entry-count bomb and a .vsix over the limits are refused with the limit named', async () => {
    const limits: ArchiveLimits = { maxTotalBytes: 8 * MiB, maxEntryBytes: 4 * MiB, maxEntries: 50 };
    const many = path.join(dir, 'entries.tgz');
    await writeTgzManyEntries(many, 60);
    await assert.rejects(readArchiveBuffer(fs.readFileSync(many), many, limits), (e: Error) => e instanceof ArchiveLimitError && /more than 50 entries \(the limit\)/.test(e.message));
    // Honest sizes: refused from the declared size, before inflating.
    await assert.rejects(readArchiveBuffer(zipBomb('big.bin', 6 * MiB), 'x.vsix', limits), (e: Error) => e instanceof ArchiveLimitError && /"extension\/big\.bin" unpacks to more than 4 MiB/.test(e.message));
    // A lying zip (declares 1 KiB, inflates to 6 MiB): stopped while inflating, never accepted.
    await assert.rejects(readArchiveBuffer(zipBomb('liar.bin', 6 * MiB, 1024), 'y.vsix', limits));
    // Within limits: read.
    const ok = await readArchiveBuffer(zipBomb('small.bin', 1 * MiB), 'z.vsix', limits);
    assert.equal(ok.entries.get('small.bin')?.length, 1 * MiB);
    assert.deepEqual(DEFAULT_ARCHIVE_LIMITS, { maxTotalBytes: 512 * MiB, maxEntryBytes: 256 * MiB, maxEntries: 100_000 });
  });

  it('CLI: a .vsix over --max-unpacked-size exits 2 naming the archive and the limit', () => {
    const file = path.join(dir, 'bomb.vsix');
    fs.writeFileSync(file, zipBomb('extension.js', 3 * MiB));
    const r = runCli(['pack', file, '--max-unpacked-size', '1MB'], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /bomb\.vsix: entry "extension\/extension\.js" unpacks to more than 1 MiB \(the limit for one entry\); not analysed\./);
    const bad = runCli(['pack', file, '--max-unpacked-size', 'lots'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--max-unpacked-size expects a size such as 2GiB or 300MB/);
  });
});
