/**
 * buildah as the oracle for container image sets (#21), shared by the fixture parity test
 * (test/engine/packagers-docker-oracle.test.ts) and the real-repository check
 * (scripts/verify-real-docker.ts): buildah with its storage in a temp folder (vfs, `--isolation
 * chroot`, nothing pulled), and the regular files of a built image read from its OCI archive.
 */
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { extract } from 'tar-stream';

/** Runs buildah with its root, run root and HOME inside `dir`. */
export function buildah(dir: string, args: string[], timeout = 180_000): cp.SpawnSyncReturns<string> {
  return cp.spawnSync('buildah', ['--root', path.join(dir, 'root'), '--runroot', path.join(dir, 'run'), '--storage-driver', 'vfs', ...args], { encoding: 'utf8', timeout, env: { ...process.env, BUILDAH_ISOLATION: 'chroot', HOME: dir } });
}

/** buildah is installed and can build a `FROM scratch` image here (it needs root or user namespaces). */
export function buildahWorks(dir: string): boolean {
  if (cp.spawnSync('buildah', ['--version'], { stdio: 'ignore' }).status !== 0) return false;
  fs.mkdirSync(path.join(dir, 'probe'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'probe/Dockerfile'), 'FROM scratch\nCOPY Dockerfile /x\n');
  return buildah(dir, ['build', '--isolation', 'chroot', '-t', 'lg-probe', path.join(dir, 'probe')]).status === 0;
}

/** Entries of a tar (gzipped or not), read in memory. */
export async function tarEntries(buf: Buffer): Promise<Array<{ name: string; type: string; data: Buffer }>> {
  const tar = buf[0] === 0x1f && buf[1] === 0x8b ? zlib.gunzipSync(buf) : buf;
  const out: Array<{ name: string; type: string; data: Buffer }> = [];
  await new Promise<void>((resolve, reject) => {
    const ex = extract();
    ex.on('entry', (h, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        out.push({ name: h.name, type: h.type ?? 'file', data: Buffer.concat(chunks) });
        next();
      });
      stream.on('error', reject);
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
    ex.end(tar);
  });
  return out;
}

/** Regular files of the image in an OCI archive: layers applied in order, whiteouts honoured. */
export async function imageFiles(archive: string): Promise<string[]> {
  const outer = new Map((await tarEntries(fs.readFileSync(archive))).map((e) => [e.name.replace(/^\.\//, ''), e.data]));
  const blob = (digest: string): Buffer => outer.get(`blobs/${digest.replace(':', '/')}`) as Buffer;
  const index = JSON.parse((outer.get('index.json') as Buffer).toString()) as { manifests: Array<{ digest: string }> };
  const manifest = JSON.parse(blob(index.manifests[0].digest).toString()) as { layers: Array<{ digest: string }> };
  const files = new Set<string>();
  for (const l of manifest.layers) {
    for (const e of await tarEntries(blob(l.digest))) {
      const name = '/' + e.name.replace(/^\.?\/+/, '').replace(/\/$/, '');
      const base = name.slice(name.lastIndexOf('/') + 1);
      if (base.startsWith('.wh.')) {
        const gone = name.slice(0, name.lastIndexOf('/') + 1) + base.slice(4);
        for (const f of [...files]) if (f === gone || f.startsWith(gone + '/')) files.delete(f);
        continue;
      }
      if (e.type === 'file' || e.type === 'contiguous-file') files.add(name);
    }
  }
  return [...files].sort();
}
