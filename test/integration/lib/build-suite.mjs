// Compile the extension-host suite (suite/*.ts) to CommonJS in out/integration/suite/
// with esbuild (no bundling: `vscode` is provided by the extension host and
// `mocha` resolves from the repository's node_modules).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../../..');
export const SUITE_OUT = path.join(REPO, 'out/integration/suite');

/** @returns {Promise<string>} absolute path of the compiled index.js (extensionTestsPath) */
export async function buildSuite() {
  const src = path.join(REPO, 'test/integration/suite');
  fs.rmSync(SUITE_OUT, { recursive: true, force: true });
  await build({
    entryPoints: fs.readdirSync(src).filter((f) => f.endsWith('.ts')).map((f) => path.join(src, f)),
    outdir: SUITE_OUT, bundle: false, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning',
  });
  return path.join(SUITE_OUT, 'index.js');
}
