/**
 * The real language server (dist/server.js) over JSON-RPC on stdio: hovers and code lenses on
 * package.json `files` entries and ignore-file lines, "Open embedded source" for findings inside a
 * map's sourcesContent (window/showDocument + leakguard/embeddedSource), the prompt score breakdown
 * in hovers, and config ↔ artifact cross-links.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { Diagnostic, CodeAction } from 'vscode-languageserver-protocol/node';
import { writeTree } from '../helpers/rule-tester';
import { SAMPLE_PROMPT } from '../helpers/samples';
import { startServer, killAll, type LspClient } from '../helpers/lsp-client';
import { EmbeddedSourceRequest } from '../../protocol';

const PROMPT = SAMPLE_PROMPT;

async function start(root: string): Promise<LspClient> {
  const { client, capabilities } = await startServer(root);
  assert.ok(capabilities.codeLensProvider, 'the server announces code lenses');
  assert.ok((capabilities.executeCommandProvider as { commands: string[] } | undefined)?.commands.includes('leakguard.openEmbeddedSource'));
  return client;
}

/** Line and character of the first occurrence of `needle` in `text` (plus `shift` characters). */
function positionOf(text: string, needle: string, shift = 1): { line: number; character: number } {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} in text`);
  const before = text.slice(0, i + shift);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

describe('language server: hovers, code lenses, embedded sources, cross-links (JSON-RPC)', function () {
  this.timeout(60_000);
  afterEach(killAll);

  it('package.json "files" entries: code lens and hover say what each entry ships or excludes', async () => {
    const pkg = JSON.stringify({ name: 'lib', version: '1.0.0', files: ['dist', 'docs', '!dist/**/*.map', 'nothing-here'] }, null, 2) + '\n';
    const root = writeTree({
      'package.json': pkg,
      'dist/a.js': '1',
      'dist/b.js': '2',
      'dist/a.js.map': JSON.stringify({ version: 3, sources: ['../src/a.ts'], mappings: '' }),
      'docs/guide.md': '# guide',
      'src/a.ts': 'export {}',
    });
    const c = await start(root);
    const uri = c.open(path.join(root, 'package.json'), 'json');
    await c.analysed();
    const lenses = await c.lenses(uri);
    const titles = lenses.map((l) => l.command?.title);
    assert.deepEqual(titles, [
      'matches 2 shipped files (dist/a.js, dist/b.js)',
      'matches 1 shipped file (docs/guide.md)',
      'excludes 1 file (dist/a.js.map)',
      'matches no shipped files',
    ]);
    const at = positionOf(pkg, '"dist"');
    assert.equal(lenses[0].range.start.line, at.line);
    const hover = await c.hover(uri, at.line, at.character);
    assert.match(hover ?? '', /"files" entry #1 "dist" matches 2 shipped files/);
    assert.match(hover ?? '', /- `dist\/b\.js`/);
    const neg = positionOf(pkg, '"!dist');
    assert.match((await c.hover(uri, neg.line, neg.character)) ?? '', /excludes 1 file:\n\n- `dist\/a\.js\.map`/);
    assert.equal(await c.shutdown(), 0);
  });

  it('.npmignore and .vscodeignore lines: "excludes N files" and "re-includes N shipped files"', async () => {
    const npmignore = '# build inputs\n*.map\nsrc/*.ts\n!src/public.ts\n';
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'lib', version: '1.0.0', main: 'dist/x.js' }, null, 2),
      '.npmignore': npmignore,
      'dist/x.js': '1',
      'dist/x.js.map': JSON.stringify({ version: 3, sources: [], mappings: '' }),
      'dist/y.js.map': JSON.stringify({ version: 3, sources: [], mappings: '' }),
      'src/a.ts': 'a',
      'src/public.ts': 'p',
      '.gitignore': 'node_modules\n',
      'ext/package.json': JSON.stringify({ name: 'ext', version: '1.0.0', publisher: 'p', engines: { vscode: '^1.90.0' }, main: 'out/e.js' }, null, 2),
      'ext/.vscodeignore': 'src/**\n**/*.map\n',
      'ext/out/e.js': '1',
      'ext/out/e.js.map': '{}',
      'ext/src/e.ts': 'e',
      'ext/src/f.ts': 'f',
    });
    const c = await start(root);
    const uri = c.open(path.join(root, '.npmignore'), 'ignore');
    await c.analysed();
    const titles = (await c.lenses(uri)).map((l) => [l.range.start.line, l.command?.title]);
    assert.deepEqual(titles, [
      // npm packs the nested ext/ folder too: its map is excluded by the same line.
      [1, 'excludes 3 files (dist/x.js.map, dist/y.js.map, ext/out/e.js.map)'],
      [2, 'excludes 1 file (src/a.ts)'],
      [3, 're-includes 1 shipped file (src/public.ts)'],
    ]);
    assert.match((await c.hover(uri, 3, 2)) ?? '', /line 4 of \.npmignore \("!src\/public\.ts"\) re-includes 1 shipped file/);
    assert.doesNotMatch((await c.hover(uri, 0, 2)) ?? '', /\*\*Leakguard\*\*: line 1/, 'comment lines have no publish-set hover');
    const git = c.open(path.join(root, '.gitignore'), 'ignore');
    assert.deepEqual((await c.lenses(git)).map((l) => l.command?.title), ['not used: the .npmignore in this folder replaces it']);
    const vsc = c.open(path.join(root, 'ext/.vscodeignore'), 'ignore');
    assert.deepEqual((await c.lenses(vsc)).map((l) => l.command?.title), ['excludes 2 files (src/e.ts, src/f.ts)', 'excludes 1 file (out/e.js.map)']);
    assert.equal(await c.shutdown(), 0);
  });

  it('"Open embedded source" opens the leakguard-embedded document at the line; leakguard/embeddedSource serves the text', async () => {
    const embedded = `// cli entry\n${PROMPT}export const banner = "DO NOT SHIP this build";\n`;
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'leaky-cli', version: '1.0.0', main: 'dist/cli.js' }, null, 2),
      'dist/cli.js': 'console.log(1);\n',
      'dist/cli.js.map': JSON.stringify({ version: 3, sources: ['../src/vendor.ts', '../src/cli.ts'], sourcesContent: ['export const v = 1;\n', embedded], mappings: '' }),
    });
    const c = await start(root);
    const mapUri = c.open(path.join(root, 'dist/cli.js.map'), 'json');
    const diags = await c.waitFor(mapUri, (d) => d.some((x) => x.code === 'prompt-system-prompt-literal') && d.some((x) => x.code === 'prompt-internal-codename'));
    for (const code of ['prompt-system-prompt-literal', 'prompt-internal-codename']) {
      const d = diags.find((x) => x.code === code)!;
      assert.ok(d.relatedInformation?.some((r) => r.location.uri.startsWith('leakguard-embedded:')), `${code}: related location in the embedded source`);
      const actions = (await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: mapUri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
      const open = actions.find((a) => a.title.startsWith('Open embedded source'));
      assert.ok(open, `an "Open embedded source" action among ${actions.map((a) => a.title).join(' | ')}`);
      const line = code === 'prompt-internal-codename' ? embedded.split('\n').findIndex((l) => l.includes('DO NOT SHIP')) : 2;
      assert.equal(open!.title, `Open embedded source sources[1] at line ${line + 1} (../src/cli.ts)`);
      assert.equal(open!.command?.command, 'leakguard.openEmbeddedSource');
      const before = c.shown.length;
      const r = (await c.conn.sendRequest('workspace/executeCommand', { command: open!.command!.command, arguments: open!.command!.arguments })) as { opened: boolean };
      assert.equal(r.opened, true);
      await c.until(() => c.shown.length > before, 'window/showDocument');
      const shown = c.shown.at(-1)!;
      assert.match(shown.uri, /^leakguard-embedded:/);
      assert.equal(shown.selection?.start.line, line);
      assert.equal(shown.uri, d.relatedInformation!.find((x) => x.location.uri.startsWith('leakguard-embedded:'))!.location.uri);
      const text = (await c.conn.sendRequest(EmbeddedSourceRequest, { uri: shown.uri })) as string | null;
      assert.equal(text, embedded);
    }
    assert.equal(await c.shutdown(), 0);
  });

  it('hover on a prompt-system-prompt-literal finding shows the score breakdown', async () => {
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'agent', version: '1.0.0', main: 'src/prompts.js' }, null, 2),
      'src/prompts.js': PROMPT,
    });
    const c = await start(root);
    const uri = c.open(path.join(root, 'src/prompts.js'), 'javascript');
    const diags = await c.waitFor(uri, (d) => d.some((x) => x.code === 'prompt-system-prompt-literal'));
    const d = diags.find((x) => x.code === 'prompt-system-prompt-literal')!;
    const hover = (await c.hover(uri, d.range.start.line, d.range.start.character + 2)) ?? '';
    assert.match(hover, /\*\*prompt-system-prompt-literal\*\*/);
    assert.match(hover, /\*\*Score \d+\*\* \(threshold \d+\):\n\n- persona \+3\n- api-context \+3/);
    assert.equal(await c.shutdown(), 0);
  });

  it('cross-links: the tsconfig finding points at the shipped maps, the map finding at the tsconfig line', async () => {
    const tsconfig = JSON.stringify({ compilerOptions: { outDir: 'dist', sourceMap: true, inlineSources: true } }, null, 2) + '\n';
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'lib', version: '1.0.0', main: 'dist/index.js', files: ['dist'], scripts: { build: 'tsc' } }, null, 2) + '\n',
      'tsconfig.json': tsconfig,
      'src/index.ts': 'export const a = 1;\n',
      'dist/index.js': 'exports.a = 1;\n//# sourceMappingURL=index.js.map\n',
      'dist/index.js.map': JSON.stringify({ version: 3, file: 'index.js', sources: ['../src/index.ts'], sourcesContent: ['export const a = 1;\n'], mappings: '' }),
    });
    const c = await start(root);
    const tsUri = URI.file(path.join(root, 'tsconfig.json')).toString();
    const mapUri = URI.file(path.join(root, 'dist/index.js.map')).toString();
    const ts = await c.waitFor(tsUri, (d) => d.some((x) => x.code === 'config-tsconfig-sourcemap'));
    const sm = ts.find((x) => x.code === 'config-tsconfig-sourcemap' && /"sourceMap"/.test(x.message))!;
    assert.match(sm.message, /1 published source map in dist\/ came from here \(dist\/index\.js\.map\); dist\/ ships because of "files" entry "dist"\./);
    assert.ok(sm.relatedInformation?.some((r) => r.location.uri === mapUri && /dist\/index\.js\.map .* is published/.test(r.message)));
    assert.ok(sm.relatedInformation?.some((r) => r.location.uri.endsWith('/package.json') && /ships because of "files" entry "dist"/.test(r.message)));
    const onMap = await c.waitFor(mapUri, (d) => d.some((x) => x.code === 'sourcemap-in-publish-set'));
    for (const code of ['sourcemap-in-publish-set', 'sourcemap-sources-content']) {
      const d = onMap.find((x) => x.code === code);
      assert.ok(d, code);
      const link = d!.relatedInformation?.find((r) => r.location.uri === tsUri && /produced by the build configuration/.test(r.message));
      assert.ok(link, `${code} links to tsconfig.json: ${JSON.stringify(d!.relatedInformation)}`);
      assert.equal(link!.location.range.start.line, positionOf(tsconfig, '"sourceMap"').line);
    }
    assert.equal(await c.shutdown(), 0);
  });
});
