/**
 * Issue #15 items 3 and 10: what Leakguard prints. A repository's .npmrc holds a registry URL with
 * a password; no output format, diagnostic or hover may show it, and no fix may copy it into the
 * published package.json. File names carry terminal escape sequences (OSC 52 clipboard write, line
 * erase, C1 CSI, DEL); no text output may pass them to the terminal raw.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeTree } from '../helpers/rule-tester';
import { startServer, killAll } from '../helpers/lsp-client';
import { CLI, SERVER, runCli, cleanEnv } from './attacker';

// Assembled at run time: the repository holds no credential.
const PASSWORD = ['Pw', 'd9', 'Q'.repeat(12), 'zz'].join('');
const credRepo = () =>
  writeTree({
    '.npmrc': `@acme:registry=https://ci:${PASSWORD}@npm.acme.internal/\n`,
    'package.json': JSON.stringify({ name: '@acme/tool', version: '1.0.0', main: 'index.js', files: ['index.js'], publishConfig: { registry: 'https://other.example.com/' } }, null, 2) + '\n',
    'index.js': 'module.exports = 1;\n',
  });

describe('security: URL credentials are never printed nor copied (#15 item 3)', function () {
  this.timeout(120_000);
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  });
  afterEach(() => killAll());

  for (const format of ['text', 'json', 'sarif', 'github']) {
    it(`--format ${format} reports the mismatch without the password`, () => {
      const dir = credRepo();
      const r = runCli(['check', '--format', format], dir);
      assert.match(r.stdout, /publish-config-registry-mismatch/, `the finding is reported (the test is not vacuous): ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, /npm\.acme\.internal/, 'the registry host is still named');
      assert.ok(!(r.stdout + r.stderr).includes(PASSWORD), `no password in ${format} output`);
      if (format === 'sarif') assert.ok(!JSON.stringify(JSON.parse(r.stdout).runs[0].results.map((x: { fixes?: unknown }) => x.fixes)).includes('acme.internal'), 'no SARIF fix carries the URL');
    });
  }

  it('--fix does not copy the credential into package.json', () => {
    const dir = credRepo();
    const r = runCli(['check', '--fix'], dir);
    const pj = fs.readFileSync(path.join(dir, 'package.json'), 'utf8');
    assert.ok(!pj.includes(PASSWORD), `package.json stays free of credentials: ${pj}`);
    assert.ok(!(r.stdout + r.stderr).includes(PASSWORD));
  });

  it('language server: diagnostics, hovers and code actions carry no password', async () => {
    const dir = credRepo();
    const { client: c } = await startServer(dir, { env: cleanEnv(), serverPath: SERVER });
    const uri = c.open(path.join(dir, 'package.json'), 'json');
    const diags = await c.waitFor(uri, (d) => d.some((x) => x.code === 'publish-config-registry-mismatch'));
    const d = diags.find((x) => x.code === 'publish-config-registry-mismatch')!;
    assert.ok(!JSON.stringify(c.diags.get(uri)).includes(PASSWORD), 'no password in any diagnostic (message, related, data)');
    const hover = await c.hover(uri, d.range.start.line, d.range.start.character + 1);
    assert.match(hover ?? '', /publish-config-registry-mismatch/);
    assert.ok(!(hover ?? '').includes(PASSWORD), 'no password in the hover');
    const actions = await c.codeActions(uri, d.range, [d]);
    assert.ok(!JSON.stringify(actions).includes(PASSWORD), 'no code action writes the password');
    assert.equal(await c.shutdown(), 0);
  });
});

describe('security: control characters in file names never reach the terminal raw (#15 item 10)', function () {
  this.timeout(120_000);
  // OSC 52 (write "evil" to the clipboard), erase line + carriage return, C1 CSI (U+009B), DEL, BEL.
  const OSC52 = '\x1b]52;c;ZXZpbA==\x07';
  const ERASE = '\x1b[2K\r';
  const C1 = '\u009b31m';
  const NAME = `${OSC52}${ERASE}${C1}\x7f.env`;
  const hostile = () => {
    const dir = writeTree({ 'package.json': JSON.stringify({ name: 'ctl', version: '1.0.0', main: 'index.js' }, null, 2), 'index.js': '1;\n' });
    fs.writeFileSync(path.join(dir, NAME), 'A=1\n');
    return dir;
  };
  const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/; // anything but \n and \t

  before(function () {
    if (process.platform === 'win32') this.skip(); // such names cannot be created there
  });

  for (const format of ['text', 'github']) {
    it(`--format ${format}: the hostile name is reported, escaped`, () => {
      const r = runCli(['check', '--format', format], hostile());
      assert.match(r.stdout, /\\u001b\]52;c;ZXZpbA==\\u0007/, `the name is shown escaped: ${JSON.stringify(r.stdout)}`);
      assert.doesNotMatch(r.stdout, RAW, 'no raw control character on stdout');
      assert.doesNotMatch(r.stderr, RAW, 'none on stderr');
    });
  }

  it('text with colors on: only Leakguard\'s own color sequences are raw', () => {
    const env = cleanEnv();
    delete env.NO_COLOR;
    const r = runCli(['check', '--format', 'text'], hostile(), env);
    // Not a TTY here, so no colors; escape sequences from the name must still be escaped.
    assert.doesNotMatch(r.stdout.replace(/\x1b\[(?:0|1|2|31|32|33|36)m/g, ''), RAW);
  });

  for (const format of ['json', 'sarif']) {
    it(`--format ${format}: valid JSON that round-trips the name, no raw C1/DEL bytes`, () => {
      const r = runCli(['check', '--format', format], hostile());
      assert.doesNotMatch(r.stdout, RAW);
      const parsed = JSON.parse(r.stdout);
      // The parsed JSON holds the exact name (ESC and all): escaping changed the bytes, not the value.
      assert.ok(JSON.stringify(parsed).includes('\\u001b]52;c;ZXZpbA==\\u0007'), `the exact name is kept inside JSON: ${r.stdout.slice(0, 400)}`);
      assert.ok(JSON.stringify(parsed).includes('\u009b31m'), 'C1 CSI kept as a value');
    });
  }

  it('explain and the --fix report escape the name too', () => {
    const dir = hostile();
    const e = runCli(['explain', NAME], dir);
    assert.doesNotMatch(e.stdout + e.stderr, RAW);
    const f = runCli(['check', '--fix'], dir);
    assert.doesNotMatch(f.stdout + f.stderr, RAW);
  });
});
