// Leakguard inside a real VS Code extension host (code-server 4.99.4 / VS Code
// 1.99.3 here; desktop VS Code through run-electron.ts). Every test opens files
// of the fixture workspace (a per-run temp copy of ../fixtures/workspace) and
// waits on diagnostics events with deadlines; teardown restores the workspace.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  EXT_ID, SOURCE, apply, cleared, describe, diagnostic, file, open, ours, pollUntil,
  restoreWorkspace, ruleOf, waitForAnyDiagnostic, waitForCodeAction, waitForDiagnostics,
} from './helpers';

const ALLOWLIST = 'publish-missing-files-allowlist';
const PROMPT = 'prompt-system-prompt-literal';
const MAP = 'sourcemap-in-publish-set';
const CONFIG = 'leakguard-config-invalid';

suite('Leakguard in a real VS Code extension host', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(EXT_ID);
    console.log(`[lg-suite] vscode ${vscode.version} (${vscode.env.appName}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'}, ` +
      `remote ${vscode.env.remoteName ?? 'none'}), node ${process.version}, ${EXT_ID} from ${ext?.extensionPath}`);
  });
  teardown(restoreWorkspace);

  test('activates on its own in a workspace that contains a package.json', async () => {
    const ext = vscode.extensions.getExtension(EXT_ID);
    assert.ok(ext, `${EXT_ID} is installed`);
    // activation event workspaceContains:**/package.json, nothing opened by the test
    await pollUntil(() => ext.isActive, `${EXT_ID} to activate`);
  });

  test('contributes its commands and settings', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['leakguard.restartServer', 'leakguard.showOutput']) assert.ok(commands.includes(c), `command ${c} registered`);
    await vscode.commands.executeCommand('leakguard.showOutput');
    const cfg = vscode.workspace.getConfiguration('leakguard');
    assert.equal(typeof cfg.inspect('enable')?.defaultValue, 'boolean', 'leakguard.enable is a boolean setting');
    assert.ok(['onType', 'onSave'].includes(String(cfg.inspect('run')?.defaultValue)), 'leakguard.run defaults to onType or onSave');
    assert.ok(cfg.inspect('trace.server') !== undefined && cfg.inspect('trace.server')?.defaultValue !== undefined, 'leakguard.trace.server has a default');
    assert.equal(typeof cfg.inspect('rules')?.defaultValue, 'object', 'leakguard.rules is an object setting');
  });

  test('reports a package.json without a "files" allowlist: source, code, severity, doc link', async () => {
    const { uri, doc } = await open('leaky-cli/package.json');
    const d = await diagnostic(uri, ALLOWLIST);
    assert.equal(d.source, SOURCE);
    assert.ok(typeof d.code === 'object' && d.code !== null, `code is { value, target }, got ${JSON.stringify(d.code)}`);
    const code = d.code as { value: string | number; target: vscode.Uri };
    assert.equal(code.value, ALLOWLIST);
    assert.ok(code.target instanceof vscode.Uri, 'code.target is a Uri (codeDescription.href)');
    assert.match(code.target.scheme, /^https?$/);
    assert.ok(code.target.toString().includes(ALLOWLIST), `doc link names the rule: ${code.target}`);
    // a CLI with no "files" that ships a map with sourcesContent is a publish blocker
    assert.ok([vscode.DiagnosticSeverity.Error, vscode.DiagnosticSeverity.Warning].includes(d.severity),
      `severity is Error or Warning, got ${vscode.DiagnosticSeverity[d.severity]}`);
    assert.ok(d.message.length > 10, 'has a message');
    assert.ok(doc.validateRange(d.range).isEqual(d.range), 'range lies inside the document');
  });

  test('suggestion "Add a \\"files\\" allowlist" is offered but not preferred, applies, and clears the diagnostic', async () => {
    const { uri, doc } = await open('leaky-cli/package.json');
    const d = await diagnostic(uri, ALLOWLIST);
    const fix = await waitForCodeAction(uri, d.range, (a) => a.title.startsWith('Add a "files" allowlist'),
      '"Add a \\"files\\" allowlist …"', vscode.CodeActionKind.QuickFix.value);
    // A suggestion, not a safe fix: an unsafe suggestion is never preferred (issue #18 item 5).
    assert.notEqual(fix.isPreferred, true, 'the allowlist suggestion is not preferred');
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind quickfix, got ${fix.kind?.value}`);
    console.log(`[lg-suite]     "${fix.title}": edits ${fix.edit ? fix.edit.entries().map(([u, es]) => `${vscode.workspace.asRelativePath(u)} x${es.length}`).join(', ') : 'none'}` +
      `${fix.command ? `, command ${fix.command.command}` : ''}`);
    await apply(fix);
    const pkg = JSON.parse(doc.getText());
    assert.ok(Array.isArray(pkg.files) && pkg.files.length > 0, `"files" added: ${JSON.stringify(pkg.files)}`);
    assert.equal(pkg.name, 'leaky-cli', 'the rest of package.json is untouched');
    assert.deepEqual(pkg.bin, { leaky: 'dist/cli.js' });
    await cleared(uri, ALLOWLIST); // re-validated from the unsaved buffer (run: onType)
  });

  test('"Disable prompt-system-prompt-literal for this line" inserts a disable comment', async () => {
    const { uri, doc } = await open('prompt-app/src/prompt.ts');
    const d = await diagnostic(uri, PROMPT);
    const line = d.range.start.line;
    const lineText = doc.lineAt(line).text;
    const disable = await waitForCodeAction(uri, d.range, (a) => a.title === `Disable ${PROMPT} for this line`, `"Disable ${PROMPT} for this line"`);
    await apply(disable);
    const at = doc.getText().split(/\r?\n/).indexOf(lineText);
    assert.ok(at > 0, 'the flagged line is still there');
    assert.match(doc.lineAt(at - 1).text, new RegExp(`^\\s*// leakguard-disable-next-line ${PROMPT}\\b`),
      'comment inserted on the line above');
    await cleared(uri, PROMPT);
  });

  test('a leakguard.rules change applies without a restart (severity, then off, then back)', async () => {
    const { uri } = await open('leaky-cli/package.json');
    const before = await diagnostic(uri, ALLOWLIST);
    const cfg = () => vscode.workspace.getConfiguration('leakguard');
    await cfg().update('rules', { [ALLOWLIST]: 'info' }, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(uri, (ds) => ours(ds, ALLOWLIST).some((x) => x.severity === vscode.DiagnosticSeverity.Information),
      `${ALLOWLIST} at severity Information`);
    await cfg().update('rules', { [ALLOWLIST]: 'off' }, vscode.ConfigurationTarget.Workspace);
    await cleared(uri, ALLOWLIST);
    await cfg().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(uri, (ds) => ours(ds, ALLOWLIST).some((x) => x.severity === before.severity),
      `${ALLOWLIST} back at ${vscode.DiagnosticSeverity[before.severity]}`);
  });

  test('a new .map file in a published folder produces a sourcemap-in-publish-set finding', async () => {
    const { uri } = await open('map-pkg/package.json');
    const map = file('map-pkg/dist/extra.js.map');
    const mentions = (u: vscode.Uri, d: vscode.Diagnostic) => u.toString() === map.toString() ||
      d.message.includes('extra.js.map') || (d.relatedInformation ?? []).some((r) => r.location.uri.toString() === map.toString());
    const pre = ours(vscode.languages.getDiagnostics(uri), MAP).concat(ours(vscode.languages.getDiagnostics(map), MAP));
    assert.equal(pre.length, 0, `no ${MAP} for map-pkg before the map exists: ${describe(pre)}`);
    await vscode.workspace.fs.writeFile(map, Buffer.from(JSON.stringify({
      version: 3, file: 'extra.js', sources: ['../src/extra.ts'], names: [], mappings: 'AAAA',
    })));
    const [where, d] = await waitForAnyDiagnostic((u, x) => x.source === SOURCE && ruleOf(x) === MAP &&
      u.toString().startsWith(file('map-pkg').toString()) && mentions(u, x), `${MAP} for map-pkg/dist/extra.js.map`);
    console.log(`[lg-suite]     finding on ${vscode.workspace.asRelativePath(where)}: ${d.message}`);
    await vscode.workspace.fs.delete(map);
    await pollUntil(() => !vscode.languages.getDiagnostics().some(([u, ds]) => ds.some((x) => x.source === SOURCE && ruleOf(x) === MAP && mentions(u, x))),
      `${MAP} to go away once extra.js.map is deleted`);
  });

  test('.leakguardrc.json errors are shown in that file, at the bad entry', async () => {
    const { uri, doc } = await open('bad-config/.leakguardrc.json');
    const d = await diagnostic(uri, CONFIG);
    const badLine = doc.getText().split('\n').findIndex((l) => l.includes('no-such-rule'));
    assert.ok(d.range.start.line <= badLine && badLine <= d.range.end.line,
      `diagnostic ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} covers line ${badLine} ("no-such-rule")`);
    assert.ok(/no-such-rule/.test(d.message), `message names the unknown rule: ${d.message}`);
  });

  test('fixing .leakguardrc.json clears leakguard-config-invalid', async () => {
    const { uri, doc, editor } = await open('bad-config/.leakguardrc.json');
    await diagnostic(uri, CONFIG);
    const start = doc.getText().indexOf('no-such-rule');
    await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(start), doc.positionAt(start + 'no-such-rule'.length)), 'publish-missing-files-allowlist'));
    await doc.save();
    await cleared(uri, CONFIG);
  });

  test('leakguard.restartServer restarts the server and the diagnostics come back', async () => {
    const { uri } = await open('leaky-cli/package.json');
    await diagnostic(uri, ALLOWLIST);
    const seen: number[] = [];
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) seen.push(ours(vscode.languages.getDiagnostics(uri), ALLOWLIST).length);
    });
    try {
      await vscode.commands.executeCommand('leakguard.restartServer');
      await pollUntil(() => seen.length > 0 && seen[seen.length - 1] > 0, `${ALLOWLIST} to be published again after the restart`);
      console.log(`[lg-suite]     diagnostics events after restart: ${JSON.stringify(seen)}`);
    } finally { sub.dispose(); }
    // the new server answers requests
    const d = await diagnostic(uri, ALLOWLIST);
    await waitForCodeAction(uri, d.range, (a) => a.title.startsWith('Add a "files" allowlist'), 'from the restarted server',
      vscode.CodeActionKind.QuickFix.value);
  });

  test('every editor command of the issue is registered; the Publish Set view shows what ships', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['leakguard.scanWorkspace', 'leakguard.showPublishSet', 'leakguard.verifyWithNpmPack', 'leakguard.auditPublishedVersions', 'leakguard.fixAll',
      'leakguard.createConfiguration', 'leakguard.addPrepublishGuard', 'leakguard.restartServer', 'leakguard.showOutput']) {
      assert.ok(commands.includes(c), `command ${c} registered`);
    }
    await vscode.commands.executeCommand('leakguard.showPublishSet');
  });

  test('"Audit published versions" adds a Published versions node from the package\'s registry (a listener on 127.0.0.1)', async () => {
    const http = await import('node:http');
    const zlib = await import('node:zlib');
    const { createHash } = await import('node:crypto');
    // A minimal tar (ustar headers) of package/<name> entries, gzipped: the registry's tarballs.
    const tgz = (files: Record<string, string>) => {
      const parts: Buffer[] = [];
      for (const [name, text] of Object.entries(files)) {
        const body = Buffer.from(text);
        const h = Buffer.alloc(512);
        h.write(`package/${name}`, 0, 100);
        h.write('0000644\0', 100);
        h.write('0000000\0', 108);
        h.write('0000000\0', 116);
        h.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
        h.write('00000000000\0', 136);
        h.write('        ', 148);
        h.write('0', 156);
        h.write('ustar\0', 257);
        h.write('00', 263);
        let sum = 0;
        for (const b of h) sum += b;
        h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
        parts.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
      }
      return zlib.gzipSync(Buffer.concat([...parts, Buffer.alloc(1024)]));
    };
    const NAME = 'pv-int-fixture';
    const manifest = (v: string) => JSON.stringify({ name: NAME, version: v, main: 'index.js', license: 'UNLICENSED' });
    const tarballs: Record<string, Buffer> = {
      '1.0.0': tgz({ 'package.json': manifest('1.0.0'), 'index.js': 'module.exports = 1;\n' }),
      '1.1.0': tgz({ 'package.json': manifest('1.1.0'), 'index.js': 'module.exports = 2;\n', '.env.production': 'API_URL=https://api.internal\n' }),
    };
    let authorization: string | undefined;
    const server = http.createServer((req, res) => {
      authorization ??= req.headers.authorization;
      const m = /^\/pv-int-fixture\/-\/pv-int-fixture-(\d+\.\d+\.\d+)\.tgz$/.exec(req.url ?? '');
      if (req.url === `/${NAME}`) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({
          name: NAME,
          'dist-tags': { latest: '1.1.0' },
          time: { '1.0.0': '2025-01-02T00:00:00Z', '1.1.0': '2025-02-03T00:00:00Z' },
          versions: Object.fromEntries(Object.entries(tarballs).map(([v, b]) => [v, { version: v, dist: { tarball: `http://127.0.0.1:${port}/${NAME}/-/${NAME}-${v}.tgz`, integrity: `sha512-${createHash('sha512').update(b).digest('base64')}` } }])),
        }));
      } else if (m && tarballs[m[1]]) res.end(tarballs[m[1]]);
      else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      await vscode.workspace.fs.writeFile(file('pv-pkg/package.json'), new TextEncoder().encode(JSON.stringify({ name: NAME, version: '1.2.0', main: 'index.js', files: ['index.js'], publishConfig: { registry: `http://127.0.0.1:${port}/` } }, null, 2)));
      await vscode.workspace.fs.writeFile(file('pv-pkg/index.js'), new TextEncoder().encode('module.exports = 3;\n'));
      // The server re-analyses the folder when the new package.json appears; then the command finds the unit.
      type Answer = { error?: string; problems: string[]; rows: Array<{ label: string; description: string }> } | undefined;
      let rows: Array<{ label: string; description: string }> | undefined;
      await pollUntil(async () => {
        rows = (await vscode.commands.executeCommand<Answer>('leakguard.auditPublishedVersions', file('pv-pkg').fsPath))?.rows;
        return rows && rows.length > 0;
      }, 'the Published versions rows', 60_000, 1000);
      assert.deepEqual(rows!.map((r) => r.label), ['1.1.0', '1.0.0']);
      assert.match(rows![0].description, /^2025-02-03 \[latest\] · leaked \.env\.production/);
      assert.match(rows![1].description, /^2025-01-02 · clean/);
      assert.equal(authorization, undefined, 'no token: the user has none for this registry');
    } finally {
      server.close();
      // Leave no unit behind for the next tests (commands over every unit would edit it): remove the
      // package and wait until the server no longer knows it.
      await vscode.workspace.fs.delete(file('pv-pkg'), { recursive: true });
      await pollUntil(async () => /No analysed package/.test((await vscode.commands.executeCommand<{ error?: string } | undefined>('leakguard.auditPublishedVersions', file('pv-pkg').fsPath))?.error ?? ''), 'pv-pkg to leave the analysis', 30_000, 500);
    }
  });

  test('"Add prepublish guard" adds leakguard check after the build (postpack) through a workspace edit', async () => {
    const { uri, doc } = await open('map-pkg/package.json');
    await pollUntil(() => vscode.languages.getDiagnostics(uri) !== undefined, 'diagnostics for map-pkg');
    await vscode.commands.executeCommand('leakguard.addPrepublishGuard', {});
    await pollUntil(() => /"postpack": "leakguard check --fail-on error"/.test(doc.getText()), 'the guard in map-pkg/package.json');
  });

  test('Fix all (source.fixAll.leakguard) applies safe fixes only and is idempotent', async () => {
    const { uri, doc } = await open('map-pkg/package.json');
    // A .env next to the published files: the safe fix adds "!**/.env*" to "files".
    await vscode.workspace.fs.writeFile(file('map-pkg/dist/.env'), new TextEncoder().encode('A=1\n'));
    await diagnostic(uri, 'secret-dotenv-in-publish-set');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('leakguard.fixAll');
    await pollUntil(() => doc.getText().includes('"!**/.env*"'), 'the safe fix in "files"');
    await cleared(uri, 'secret-dotenv-in-publish-set');
    const before = doc.getText();
    await vscode.commands.executeCommand('leakguard.fixAll');
    assert.equal(doc.getText(), before, 'a second fix-all changes nothing');
  });
});
