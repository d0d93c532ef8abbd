/**
 * Loads the CLI bundle with V8's code cache (issue #20).
 *
 * Compiling the 6 MB bundle, and then compiling lazily each of the few thousand functions a check
 * runs, cost every thread ~100 ms of a 1.6 s check: the main thread and each file-pass worker.
 * `npm run build` runs one check on a fixture and keeps V8's code cache of the bundle afterwards
 * (`dist/cli-bundle.cache`: the bytecode of every function that check ran); a thread then
 * deserialises that instead of parsing and compiling. Node 22's `module.enableCompileCache()`
 * does the same, but Node 20 has none, and caches written at run time (into the user's temporary
 * folder) are files another local process could plant; this one ships beside the bundle and is
 * only read.
 *
 * V8 accepts a cache only from the same V8 version and the same V8 flags (the launcher sets the same
 * interrupt budget before it loads); otherwise it compiles as usual. But V8 knows the source only by
 * its length, and it does not check the cache's bytes: a damaged cache aborts the process (a
 * native crash, found by this module's test). The file therefore carries two SHA-256 digests, of
 * the bundle it was made from and of V8's data, and is handed to V8 only when both match (~10 ms
 * for the 6 MB bundle). A missing, stale or damaged cache only costs the time it would have saved.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { createRequire } from 'node:module';

export interface LoadedBundle {
  /** The bundle's `module.exports`. */
  exports: Record<string, unknown>;
  /** True when a cache was there and V8 refused it; false when used; undefined when there was none. */
  cacheRejected: boolean | undefined;
  /** Writes V8's code cache of the bundle, as compiled so far, to `cacheFile` (the build's step). */
  writeCache(): void;
}

/**
 * Runs the CommonJS bundle `file` as Node's loader would (`module`, `exports`, `require` relative
 * to it, `__filename`, `__dirname`), compiled with the code cache in `cacheFile` when V8 accepts it.
 * The file holds the wrapper function itself, `(function (exports, require, module, __filename,
 * __dirname) { … })` (scripts/build.mjs writes it so): its text is compiled as read, where wrapping
 * it here would hold a second copy of the whole source during the run.
 */
export function loadBundle(file: string, cacheFile: string): LoadedBundle {
  // Read as text, as Node's loader does: read as bytes and then decoded, the same bundle raised the
  // peak memory of a check of a 60 MB map by 60 MB (measured; the digest of the text costs ~8 ms).
  const source = fs.readFileSync(file, 'utf8');
  const sourceDigest = sha256(source);
  let cacheFileBytes: Buffer | undefined;
  try {
    cacheFileBytes = fs.readFileSync(cacheFile);
  } catch {
    cacheFileBytes = undefined;
  }
  const cachedData = cacheFileBytes && verifiedPayload(cacheFileBytes, sourceDigest);
  const script = new vm.Script(source, { filename: file, cachedData });
  const cacheRejected = cacheFileBytes ? !cachedData || script.cachedDataRejected === true : undefined;
  const module = { exports: {} as Record<string, unknown> };
  const fn = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: unknown, filename: string, dirname: string) => void;
  fn.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return {
    exports: module.exports,
    cacheRejected,
    writeCache: () => {
      const payload = script.createCachedData();
      fs.writeFileSync(cacheFile, Buffer.concat([MAGIC, sourceDigest, sha256(payload), payload]));
    },
  };
}

/** The file's format and version (then the two digests, then V8's data). */
const MAGIC = Buffer.from('LGCC1\n', 'latin1');
const DIGEST = 32;

function sha256(data: string | Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/** V8's data from a cache file, when the file is whole and was made from the bundle with this digest. */
function verifiedPayload(file: Buffer, sourceDigest: Buffer): Buffer | undefined {
  const head = MAGIC.length + 2 * DIGEST;
  if (file.length <= head || !file.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (!file.subarray(MAGIC.length, MAGIC.length + DIGEST).equals(sourceDigest)) return undefined;
  const payload = file.subarray(head);
  return sha256(payload).equals(file.subarray(MAGIC.length + DIGEST, head)) ? payload : undefined;
}
