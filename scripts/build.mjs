// Bundles the extension, the language server and the CLI into dist/ with esbuild.
// Type-checking is `tsc -b` (run first by `npm run build`); esbuild only bundles.
// No source maps: Leakguard must pass its own check.
import * as esbuild from 'esbuild';
import { rmSync, chmodSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { common } from './esbuild-options.mjs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  // Worker thread of the language server: file rules over large documents (server/src/lsp/worker-client.ts).
  esbuild.build({ ...common, entryPoints: ['server/src/lsp/analysis-worker.ts'], outfile: 'dist/analysis-worker.js' }),
  // The CLI: a small launcher (dist/cli.js, the bin) and the bundle it loads with V8's code cache
  // (server/src/cli/code-cache.ts). The bundle runs through vm.Script, which has no loader for
  // import(): esbuild turns the one dynamic import of a builtin (secretlint's P12 rule) into require.
  esbuild.build({ ...common, entryPoints: ['server/src/cli/launch.ts'], outfile: 'dist/cli.js' }),
  // The bundle is written as the function Node's loader would wrap it in, so the launcher compiles
  // the file's text as it is (no wrapped copy of a 6 MB string: 60 MB less peak memory on a map).
  esbuild.build({
    ...common,
    entryPoints: ['server/src/cli.ts'],
    outfile: 'dist/cli-bundle.js',
    supported: { 'dynamic-import': false },
    banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
    footer: { js: '})' },
  }),
]);
chmodSync('dist/cli.js', 0o755);
chmodSync('dist/server.js', 0o755);

// The code cache: one check of the editor tests' fixture workspace (four packages: a shipped map
// with its sources, a system prompt, a broken config) compiles what a check runs; the launcher keeps
// V8's cache of it when the run ends. Made by this Node (V8 refuses it anywhere else, and a check
// then compiles as before).
const warm = spawnSync(process.execPath, ['dist/cli.js', 'check', 'test/integration/fixtures/workspace', '--jobs', '0', '--format', 'json'], {
  env: { ...process.env, LEAKGUARD_BUILD_CODE_CACHE: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
// The fixture has findings at error level and a broken config (exit 1 or 2); dist/ was emptied above,
// so a cache there is this run's.
if (warm.error || warm.status === null || warm.status > 2 || !existsSync('dist/cli-bundle.cache')) {
  console.error(`build: the code cache was not written (${warm.error?.message ?? `exit ${warm.status}`})`);
  process.exit(1);
}
