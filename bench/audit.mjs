/**
 * Bench item (6), `leakguard audit` (issue #22): time and peak RSS of auditing 200 published
 * versions of a generated package on a local verdaccio (127.0.0.1, no uplinks), first with an empty
 * tarball cache (downloads) and then again from the cache (resumed run). Called from run.mjs.
 *
 * The versions are published through the registry's own publish API (one PUT per version, what
 * `npm publish` sends) so 200 versions take seconds, not 200 npm runs. Versions 60–69 ship a map
 * with first-party sources and 150 a token, so the run reports leaks like a real audit would.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { pack as tarPack } from 'tar-stream';
import { rng } from './gen.mjs';

const VERSIONS = 200;
const NAME = 'bench-audit-fixture';

async function tgz(files) {
  const p = tarPack();
  for (const [name, body] of Object.entries(files)) p.entry({ name: `package/${name}` }, body);
  p.finalize();
  const chunks = [];
  for await (const c of p) chunks.push(c);
  return zlib.gzipSync(Buffer.concat(chunks));
}

const WORDS = 'alpha bravo cache delta entry fetch graph index judge kernel layer merge node order parse query route state token value'.split(' ');

/** A plain CommonJS module of about 2 kB from a seeded random source. */
function jsModule(r) {
  const w = () => WORDS[Math.floor(r() * WORDS.length)];
  const out = ['"use strict";'];
  for (let k = 0; k < 12; k++) out.push(`function ${w()}${k}(${w()}, ${w()}N) { return ${w()}N * ${Math.floor(r() * 1000)} + String(${JSON.stringify(w() + ' ' + w())}).length; }`);
  out.push(`module.exports = { ${WORDS.slice(0, 3).join(', ')}: ${Math.floor(r() * 100)} };`);
  return out.join('\n') + '\n';
}

function versionFiles(i) {
  const t = rng(1000 + i);
  const files = { 'package.json': JSON.stringify({ name: NAME, version: `1.${i}.0`, main: 'dist/index.js', license: 'UNLICENSED' }, null, 2), 'README.md': `# ${NAME}\n\nRelease ${i}.\n` };
  for (let f = 0; f < 30; f++) files[`dist/m${f}.js`] = jsModule(t);
  files['dist/index.js'] = jsModule(t);
  if (i >= 60 && i < 70) files['dist/index.js.map'] = JSON.stringify({ version: 3, file: 'index.js', sources: Array.from({ length: 20 }, (_, k) => `../src/m${k}.ts`), sourcesContent: Array.from({ length: 20 }, () => jsModule(t)), mappings: 'AAAA' });
  // Assembled from pieces: the repository holds no token.
  if (i === 150) files['dist/client.js'] = `module.exports = { auth: "${'gh' + 'p_' + 'A1b2'.repeat(9)}" };\n`;
  return files;
}

async function publishAll(reg) {
  for (let i = 0; i < VERSIONS; i++) {
    const version = `1.${i}.0`;
    const buf = await tgz(versionFiles(i));
    const file = `${NAME}-${version}.tgz`;
    const body = {
      _id: NAME,
      name: NAME,
      'dist-tags': { latest: version },
      versions: { [version]: { name: NAME, version, main: 'dist/index.js', _id: `${NAME}@${version}`, dist: { tarball: `${reg.url}${NAME}/-/${file}`, shasum: createHash('sha1').update(buf).digest('hex'), integrity: `sha512-${createHash('sha512').update(buf).digest('base64')}` } } },
      _attachments: { [file]: { content_type: 'application/octet-stream', data: buf.toString('base64'), length: buf.length } },
    };
    const res = await fetch(`${reg.url}${NAME}`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${reg.token}` }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`publishing ${version}: HTTP ${res.status} ${await res.text()}`);
  }
}

/** Runs item (6); stores `results.items['6']` and prints one line. */
export async function item6({ measure, log, results, CLI, REPO }) {
  // The test helper is TypeScript: load it through tsx's require hook (registered for this call only).
  const { register } = await import('tsx/cjs/api');
  const unregister = register();
  const { startLocalRegistry, npmEnv } = createRequire(import.meta.url)('../test/helpers/local-registry.ts');
  unregister();
  const reg = await startLocalRegistry();
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-bench-audit-'));
  try {
    const t0 = performance.now();
    await publishAll(reg);
    log(`(6) published ${VERSIONS} versions of ${NAME} in ${Math.round(performance.now() - t0)} ms; leakguard audit …`);
    const args = [CLI, 'audit', NAME, '--registry', reg.url, '--cache-dir', cache, '--format', 'json'];
    const env = npmEnv(reg);
    // Baseline: the registry alone (packument + every tarball, 4 at a time, as audit fetches them).
    const t1 = performance.now();
    const doc = await (await fetch(`${reg.url}${NAME}`, { headers: { authorization: `Bearer ${reg.token}` } })).json();
    const urls = Object.values(doc.versions).map((v) => v.dist.tarball);
    let k = 0;
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (k < urls.length) await (await fetch(urls[k++], { headers: { authorization: `Bearer ${reg.token}` } })).arrayBuffer();
    }));
    const registryOnlyMs = Math.round(performance.now() - t1);
    const cold = await measure(process.execPath, args, { cwd: REPO, env });
    const warm = await measure(process.execPath, args, { cwd: REPO, env });
    const parse = (r) => {
      try {
        return JSON.parse(r.stdout);
      } catch {
        throw new Error(`audit printed no JSON (exit ${r.code}): ${r.stderr}`);
      }
    };
    const a = parse(cold);
    const b = parse(warm);
    const leaked = a.versions.filter((v) => v.leaked).map((v) => v.version);
    const item = {
      workload: { versions: VERSIONS, filesPerVersion: 33, leakingVersions: leaked.length },
      cold: { ms: Math.round(cold.ms), rssMB: Math.round(cold.rssMB), audited: a.versions.filter((v) => v.status === 'audited').length },
      warm: { ms: Math.round(warm.ms), rssMB: Math.round(warm.rssMB), fromCache: b.versions.filter((v) => v.fromCache).length },
      registryOnlyMs,
      perVersionMs: Math.round((cold.ms / VERSIONS) * 10) / 10,
      secrets: a.secrets.map((s) => ({ kind: s.kind, first: s.first, last: s.last })),
      pass: a.versions.length === VERSIONS && leaked.length === 11,
    };
    results.items['6'] = item;
    console.log(`(6) audit ${VERSIONS} versions: cold ${item.cold.ms} ms / ${item.cold.rssMB} MB (the registry alone: ${registryOnlyMs} ms), from cache ${item.warm.ms} ms / ${item.warm.rssMB} MB; ${leaked.length} leaking versions found (expected 11)`);
  } finally {
    await reg.stop();
    fs.rmSync(cache, { recursive: true, force: true });
  }
}
