#!/usr/bin/env node
/**
 * `leakguard` command-line entry point (dist/cli.js): a small launcher in front of the CLI bundle.
 *
 * 1. V8's flags for a CLI run (./jit), before anything is compiled.
 * 2. The first file-pass worker starts loading (./prestart) while this thread loads the bundle.
 * 3. The bundle (dist/cli-bundle.js) is loaded with its code cache (./code-cache): `main` on the
 *    main thread; in a worker thread (the file-pass workers run this same file) `fileWorker`.
 *
 * `LEAKGUARD_BUILD_CODE_CACHE=1` is the build's step (scripts/build.mjs): the main thread writes the
 * bundle's code cache when the run ends. Nothing else ever writes it.
 */
import './jit';
import * as path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { loadBundle } from './code-cache';
import { prestartWorker, takePrestartedWorker, discardPrestartedWorker } from './prestart';
import type { CliDeps } from './io';

const BUNDLE = path.join(__dirname, 'cli-bundle.js');
const CACHE = path.join(__dirname, 'cli-bundle.cache');

type Bundle = { main(deps: Pick<CliDeps, 'workerScript' | 'takeWorker' | 'discardWorker'>): void; fileWorker(): void };

function load(): ReturnType<typeof loadBundle> | undefined {
  try {
    return loadBundle(BUNDLE, CACHE);
  } catch (e) {
    const detail = (e as NodeJS.ErrnoException)?.code === 'ENOENT' ? `${BUNDLE} is missing` : `${BUNDLE} failed to load: ${e instanceof Error ? e.message : String(e)}`;
    process.stderr.write(`leakguard: ${detail}; reinstall leakguard (or run "npm run build" in its repository).\n`);
    process.exitCode = 2;
    return undefined;
  }
}

if (isMainThread) {
  prestartWorker(process.argv.slice(2), process.env, __filename);
  const loaded = load();
  if (loaded) {
    if (process.env.LEAKGUARD_BUILD_CODE_CACHE === '1') process.on('exit', () => loaded.writeCache());
    (loaded.exports as unknown as Bundle).main({ workerScript: __filename, takeWorker: takePrestartedWorker, discardWorker: discardPrestartedWorker });
  } else discardPrestartedWorker();
} else {
  const loaded = load();
  if (loaded) (loaded.exports as unknown as Bundle).fileWorker();
}
