// Bundles the extension, the language server and the CLI into dist/ with esbuild.
// Type-checking is `tsc -b` (run first by `npm run build`); esbuild only bundles.
// No source maps: Leakguard must pass its own check.
import * as esbuild from 'esbuild';
import { readFileSync, rmSync, chmodSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
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

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  // Worker thread of the language server: file rules over large documents (server/src/lsp/worker-client.ts).
  esbuild.build({ ...common, entryPoints: ['server/src/lsp/analysis-worker.ts'], outfile: 'dist/analysis-worker.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js' }),
]);
chmodSync('dist/cli.js', 0o755);
chmodSync('dist/server.js', 0o755);
