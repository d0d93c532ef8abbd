// esbuild options shared by every bundle of this repository (scripts/build.mjs, and the scripts
// bundled the way the CLI is: the bench's in-process ones, bench/run.mjs, and the child of
// test/engine/tokenize-gc.test.ts).
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

export const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // jsonc-parser's UMD build hides its requires from bundlers; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  define: { __LEAKGUARD_VERSION__: JSON.stringify(pkg.version) },
  // Optional native or unused modules some dependencies try to require.
  external: ['vscode'],
};
