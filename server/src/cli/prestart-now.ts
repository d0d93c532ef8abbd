/**
 * Side effect only, the CLI entry's second import (after ./jit): starts the first file-pass worker
 * before the rest of the bundle is evaluated (see ./prestart). Bundled, this file's folder is dist/,
 * where dist/analysis-worker.js is; run from sources there is no worker script and nothing starts.
 */
import * as path from 'node:path';
import { prestartWorker } from './prestart';

prestartWorker(process.argv.slice(2), process.env, path.join(__dirname, 'analysis-worker.js'));
