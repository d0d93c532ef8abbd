/**
 * Real-world check of the container packager (#21): for each Dockerfile given, its context is copied
 * to a temp folder and the Dockerfile rewritten so that buildah can build it offline: every external
 * base image becomes `scratch`, RUN and USER are dropped (nothing can run in scratch), `--chown` is
 * dropped (no /etc/passwd). COPY/ADD, stages, WORKDIR, ARG/ENV and the .dockerignore stay as they are,
 * so the files copied from the context are the ones the real Dockerfile copies. Then Leakguard's image
 * set is compared with the files in buildah's image (OCI layers).
 * `COPY --from=<external image>` lines are dropped too (that content is not from the context).
 *   usage: npx tsx scripts/verify-real-docker.ts <Dockerfile>...
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiskFileSystem } from '../server/src/engine/safe/fs';
import { dockerImageSet, dockerUnit } from '../server/src/engine/packagers/docker/index';
import { parseDockerfile } from '../server/src/engine/packagers/docker/parse';
import { buildah, imageFiles } from '../test/helpers/buildah';

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-realdocker-'));
  const bh = (args: string[]) => buildah(work, args, 300_000);
  let n = 0;
  try {
    for (const df of process.argv.slice(2)) {
      const ctx = path.dirname(path.resolve(df));
      const copy = path.join(work, `ctx${n++}`);
      fs.cpSync(ctx, copy, { recursive: true });
      const text = fs.readFileSync(df, 'utf8');
      const p = parseDockerfile(text);
      if (p.instructions.some((i) => i.heredocs.length && i.keyword !== 'RUN')) {
        console.log(`${df}: COPY/ADD heredocs, skipped`);
        continue;
      }
      const stages: string[] = [];
      const out: string[] = p.escape === '`' ? ['# escape=`'] : [];
      for (const ins of p.instructions) {
        if (ins.keyword === 'RUN' || ins.keyword === 'USER' || ins.keyword === 'ONBUILD' || ins.keyword === 'HEALTHCHECK') continue;
        if (ins.keyword === 'FROM') {
          const img = ins.args.find((a) => !a.startsWith('--')) ?? '';
          const as = /\s+as\s+(\S+)\s*$/i.exec(ins.text)?.[1];
          out.push(`FROM ${stages.includes(img.toLowerCase()) ? img : 'scratch'}${as ? ` AS ${as}` : ''}`);
          if (as) stages.push(as.toLowerCase());
          continue;
        }
        const from = ins.flags.get('from');
        // Files copied from another image are not from the context (and cannot be pulled here).
        if (from !== undefined && !stages.includes(from.toLowerCase()) && !/^\d+$/.test(from)) continue;
        out.push(ins.text.replace(/\s--(chown|link)(=\S+)?/g, ''));
      }
      const newDf = path.join(copy, path.basename(df));
      fs.writeFileSync(newDf, out.join('\n') + '\n');
      const ours = await dockerImageSet(new DiskFileSystem(), dockerUnit(newDf.split(path.sep).join('/'), copy.split(path.sep).join('/')));
      const b = bh(['build', '--isolation', 'chroot', '--layers=false', '-f', newDf, '-t', `lg-real${n}`, copy]);
      const rel = path.relative(process.cwd(), df);
      if (b.status !== 0 && /COPY --from=.*no such file or directory/s.test(b.stderr)) {
        console.log(`${rel}: the final stage copies files made by RUN in an earlier stage; not comparable offline (ours: ${ours.image.files.length} context files)`);
        continue;
      }
      if (b.status !== 0) {
        console.log(`${rel}: buildah failed: ${b.stderr.trim().split('\n').slice(-1)[0]} (ours: ${ours.image.files.length} files; problems: ${ours.image.problems.join('; ') || 'none'})`);
        continue;
      }
      const archive = path.join(work, `img${n}.tar`);
      bh(['push', `lg-real${n}`, `oci-archive:${archive}`]);
      const real = await imageFiles(archive);
      const mine = ours.image.files.map((f) => f.path).sort();
      const extra = mine.filter((x) => !real.includes(x));
      const missing = real.filter((x) => !mine.includes(x));
      console.log(`${rel}: ${extra.length + missing.length === 0 ? `equal (${real.length} files)` : `buildah ${real.length}, ours ${mine.length}; extra [${extra.slice(0, 4).join(', ')}] missing [${missing.slice(0, 4).join(', ')}]`}${fs.existsSync(path.join(ctx, '.dockerignore')) ? ' (.dockerignore)' : ''}${p.instructions.filter((i) => i.keyword === 'FROM').length > 1 ? ' (multi-stage)' : ''}`);
    }
  } finally {
    bh(['rmi', '--all', '--force']);
    fs.rmSync(work, { recursive: true, force: true });
  }
}
void main();
