/**
 * Issue #15 item 4 and issue #20: the confined file system reads a path only when its real path is
 * inside the workspace. Since #20 it answers most paths with one lstat (a folder reached without
 * links, an entry that is no link) instead of a realpath(3) per file. The attacker's links must
 * still be refused on that path, with the async disk, the synchronous disk, and a disk without the
 * fast path (the realpath answer every verdict is checked against).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfinedFileSystem, DiskFileSystem, SyncDiskFileSystem, type FileSystem } from '../../server/src/engine/safe/fs';

function tree(): { root: string; outside: string } {
  const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lg-conf-out-')));
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'outside secret');
  fs.mkdirSync(path.join(outside, 'dir'));
  fs.writeFileSync(path.join(outside, 'dir', 'x.txt'), 'outside x');
  fs.mkdirSync(path.join(outside, 'dir', 'deep'));
  fs.writeFileSync(path.join(outside, 'dir', 'deep', 'y.txt'), 'outside y');
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lg-conf-in-')));
  fs.writeFileSync(path.join(root, 'a.txt'), 'inside a');
  fs.mkdirSync(path.join(root, 'sub'));
  fs.writeFileSync(path.join(root, 'sub', 'b.txt'), 'inside b');
  fs.mkdirSync(path.join(root, 'sub', 'deeper'));
  fs.writeFileSync(path.join(root, 'sub', 'deeper', 'c.txt'), 'inside c');
  // Folder links below plain folders: a folder's state is worked out from the one above (#20).
  fs.symlinkSync(path.join(outside, 'dir'), path.join(root, 'sub', 'deeper', 'up-out'));
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link-out.txt'));
  fs.symlinkSync(path.join(root, 'a.txt'), path.join(root, 'link-in.txt'));
  fs.symlinkSync(path.join(outside, 'dir'), path.join(root, 'dir-out'));
  fs.symlinkSync(path.join(root, 'sub'), path.join(root, 'dir-in'));
  fs.symlinkSync('../../' + path.basename(outside) + '/secret.txt', path.join(root, 'sub', 'rel-out.txt'));
  fs.symlinkSync(path.join(root, 'dir-out'), path.join(root, 'sub', 'chain-out'));
  fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'dangling.txt'));
  return { root, outside };
}

/** The disk without `isLink`: ConfinedFileSystem then takes the realpath road for every path. */
function withoutFastPath(base: FileSystem & { realPath(p: string): Promise<string | undefined> }): FileSystem & { realPath(p: string): Promise<string | undefined> } {
  return { readFile: (p) => base.readFile(p), readText: (p) => base.readText(p), stat: (p) => base.stat(p), readDir: (p) => base.readDir(p), realPath: (p) => base.realPath(p) };
}

describe('security: the confined file system refuses links out of the workspace on its fast path (#15, #20)', () => {
  const { root, outside } = tree();
  const expected: Record<string, string | undefined> = {
    'a.txt': 'inside a',
    'sub/b.txt': 'inside b',
    'link-in.txt': 'inside a',
    'dir-in/b.txt': 'inside b',
    'link-out.txt': undefined,
    'dir-out/x.txt': undefined,
    'sub/rel-out.txt': undefined,
    'sub/chain-out/x.txt': undefined,
    'dangling.txt': undefined,
    'missing.txt': undefined,
    'sub/deeper/c.txt': 'inside c',
    'dir-in/deeper/c.txt': 'inside c',
    'dir-out/deep/y.txt': undefined,
    'sub/deeper/up-out/x.txt': undefined,
    'sub/deeper/up-out/deep/y.txt': undefined,
    'dir-in/deeper/up-out/deep/y.txt': undefined,
    // Under a folder with no real path (missing, a file, a dangling link): answered without a realpath per file (#20).
    'no-such-dir/deeper/x.txt': undefined,
    'a.txt/x.txt': undefined,
    'dangling.txt/x.txt': undefined,
  };
  const bases: Array<[string, () => FileSystem & { realPath(p: string): Promise<string | undefined> }]> = [
    ['async disk', () => new DiskFileSystem()],
    ['synchronous disk', () => new SyncDiskFileSystem()],
    ['disk without the fast path', () => withoutFastPath(new DiskFileSystem())],
  ];
  for (const [name, make] of bases) {
    it(`${name}: reads inside, refuses every link out (text, bytes, stat, listing)`, async () => {
      const c = new ConfinedFileSystem(make(), [root]);
      for (const [rel, want] of Object.entries(expected)) {
        const abs = path.join(root, rel);
        assert.equal(await c.readText(abs), want, rel);
        assert.equal((await c.readFile(abs))?.toString('utf8'), want, rel);
        assert.equal((await c.stat(abs)) !== undefined, want !== undefined, `stat ${rel}`);
      }
      await assert.rejects(c.readDir(path.join(root, 'dir-out')), /links outside the workspace/);
      assert.deepEqual((await c.readDir(path.join(root, 'dir-in'))).map((e) => e.name).sort(), ['b.txt', 'chain-out', 'deeper', 'rel-out.txt']);
      await assert.rejects(c.readDir(path.join(root, 'sub', 'deeper', 'up-out', 'deep')), /links outside the workspace/);
      // A root that is itself reached through a link: its files are inside by real path.
      const viaLink = path.join(outside, 'to-root');
      fs.symlinkSync(root, viaLink);
      try {
        const c2 = new ConfinedFileSystem(make(), [viaLink]);
        assert.equal(await c2.readText(path.join(viaLink, 'a.txt')), 'inside a');
        assert.equal(await c2.readText(path.join(viaLink, 'link-out.txt')), undefined);
      } finally {
        fs.unlinkSync(viaLink);
      }
    });
  }

  it('the fast path gives the realpath answer for every path of the tree (files, folders, links)', async () => {
    const all: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        all.push(p, path.join(p, 'x.txt'), path.join(p, 'b.txt'));
        if (e.isDirectory()) walk(p);
      }
    };
    walk(root);
    const fast = new ConfinedFileSystem(new SyncDiskFileSystem(), [root]);
    const slow = new ConfinedFileSystem(withoutFastPath(new SyncDiskFileSystem()), [root]);
    let refused = 0;
    for (const p of all) {
      const a = await fast.allowed(p);
      assert.equal(a, await slow.allowed(p), p);
      if (!a) refused++;
    }
    assert.ok(refused >= 4, `${refused} paths refused`);
  });
});

describe('the synchronous disk reads whole files with one read (#20)', () => {
  it('gives readFileSync\'s bytes: empty, small, large, a file the size of its buffer, and files whose size says 0 (/proc)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-read-'));
    const disk = new SyncDiskFileSystem();
    const sizes = [0, 1, 4095, 4096, 65_537, 3_000_001];
    for (const n of sizes) {
      const p = path.join(dir, `f${n}`);
      const bytes = Buffer.alloc(n);
      for (let i = 0; i < n; i++) bytes[i] = (i * 31 + n) & 0xff;
      fs.writeFileSync(p, bytes);
      assert.deepEqual(await disk.readFile(p), bytes, `${n} bytes`);
      const noFollow = await disk.readFileNoFollow(p);
      assert.ok(Buffer.isBuffer(noFollow) && noFollow.equals(bytes), `${n} bytes, no-follow`);
    }
    // A regular file whose stat says 0 bytes while it has more: the read goes on to the end.
    if (fs.existsSync('/proc/self/maps')) {
      const viaDisk = (await disk.readFile('/proc/self/maps'))!.toString('latin1');
      const direct = fs.readFileSync('/proc/self/maps', 'latin1');
      assert.ok(viaDisk.length > 100, `${viaDisk.length} bytes`);
      // The maps of this process change between the two reads only in counters; the first line stays.
      assert.equal(viaDisk.split('\n')[0], direct.split('\n')[0]);
    }
    assert.equal(await disk.readFile(dir), undefined, 'a folder reads nothing');
    assert.equal(await disk.readFile(path.join(dir, 'missing')), undefined);
  });
});

describe('probes of a folder listed in the run are answered from its listing (#20)', () => {
  /** The synchronous disk, counting what reaches it. */
  class CountingDisk extends SyncDiskFileSystem {
    opens: string[] = [];
    lstats: string[] = [];
    override async readFileNoFollow(absPath: string): Promise<Buffer | undefined | 'link'> {
      this.opens.push(path.basename(absPath));
      return super.readFileNoFollow(absPath);
    }
    override async lstat(absPath: string): Promise<Awaited<ReturnType<SyncDiskFileSystem['lstat']>>> {
      this.lstats.push(path.basename(absPath));
      return super.lstat(absPath);
    }
  }

  function setup(): { root: string; disk: CountingDisk; confined: ConfinedFileSystem } {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lg-conf-list-')));
    fs.writeFileSync(path.join(root, 'a.txt'), 'inside a');
    fs.writeFileSync(path.join(root, '.npmignore'), 'dist/\n');
    fs.mkdirSync(path.join(root, 'sub'));
    fs.writeFileSync(path.join(root, 'sub', 'b.txt'), 'inside b');
    const disk = new CountingDisk();
    return { root, disk, confined: new ConfinedFileSystem(disk, [root]) };
  }

  it('a name the listing lacks is missing without an open or lstat; listed names, other folders and other cases still go to the disk', async () => {
    const { root, disk, confined } = setup();
    await confined.readDir(root);
    assert.equal(await confined.readText(path.join(root, 'missing.txt')), undefined);
    assert.equal(await confined.stat(path.join(root, '.gitignore')), undefined);
    assert.equal(await confined.readFile(path.join(root, 'build.js')), undefined);
    assert.deepEqual([...disk.opens, ...disk.lstats].filter((n) => n !== path.basename(root)), [], 'no probe of a missing name reached the disk');
    // Present names are read, as before.
    assert.equal(await confined.readText(path.join(root, 'a.txt')), 'inside a');
    assert.equal(await confined.readText(path.join(root, '.npmignore')), 'dist/\n');
    assert.equal((await confined.stat(path.join(root, 'a.txt')))?.size, 8);
    // A folder this run did not list: the disk answers.
    assert.equal(await confined.readText(path.join(root, 'sub', 'missing.txt')), undefined);
    assert.equal(await confined.readText(path.join(root, 'sub', 'b.txt')), 'inside b');
    assert.ok(disk.opens.includes('missing.txt'), 'an unlisted folder is asked');
    // Another case of a listed name (a case-insensitive disk would open it) and a non-ASCII name: the disk answers.
    disk.opens.length = 0;
    assert.equal(await confined.readText(path.join(root, 'A.TXT')), undefined);
    assert.equal(await confined.readText(path.join(root, 'é.txt')), undefined);
    assert.deepEqual(disk.opens, ['A.TXT', 'é.txt']);
  });

  it('the listing is the run\'s: a file made after it is missing for this instance and there for the next run', async () => {
    const { root, disk, confined } = setup();
    await confined.readDir(root);
    fs.writeFileSync(path.join(root, 'late.txt'), 'late');
    assert.equal(await confined.readText(path.join(root, 'late.txt')), undefined);
    // Listing the folder again (as a new walk would) sees it.
    await confined.readDir(root);
    assert.equal(await confined.readText(path.join(root, 'late.txt')), 'late');
    const next = new ConfinedFileSystem(disk, [root]);
    assert.equal(await next.readText(path.join(root, 'late.txt')), 'late');
  });

  it('an overlay (the editor\'s unsaved documents) keeps no listing: every probe reaches it', async () => {
    const { root } = setup();
    let asked = 0;
    const base = new SyncDiskFileSystem();
    const overlay = { readFile: (p: string) => base.readFile(p), readText: (p: string) => (asked++, base.readText(p)), stat: (p: string) => base.stat(p), readDir: (p: string) => base.readDir(p), realPath: (p: string) => base.realPath(p) };
    const confined = new ConfinedFileSystem(overlay, [root]);
    await confined.readDir(root);
    assert.equal(await confined.readText(path.join(root, 'missing.txt')), undefined);
    assert.equal(asked, 1);
  });
});
