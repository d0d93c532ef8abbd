/**
 * Issue #15 item 12: "Verify with npm pack" runs the user's npm, and a project .npmrc must not
 * choose where it writes or what it runs. The extension's runner (client/src/npm-pack.ts, free of
 * vscode so it runs here) is given the attacker's repository: logs-dir, cache and userconfig
 * pointing out of the workspace, and a prepack script.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { npmPackDryRun, npmPackInvocation, quoteForCmd } from '../../client/src/npm-pack';
import { cleanEnv } from './attacker';

function hostile(): { parent: string; ws: string } {
  const parent = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'lg-sec-npm-'));
  const ws = path.join(parent, 'ws');
  fs.mkdirSync(ws);
  fs.writeFileSync(path.join(ws, 'package.json'), JSON.stringify({ name: 'npm-victim', version: '1.0.0', main: 'index.js', scripts: { prepack: 'node -e "require(\'fs\').writeFileSync(\'../ran-prepack\', \'1\')"' } }));
  fs.writeFileSync(path.join(ws, 'index.js'), '1;\n');
  fs.writeFileSync(path.join(ws, 'evil-user.npmrc'), `logs-dir=../outside-logs-2\n`);
  fs.writeFileSync(path.join(ws, '.npmrc'), ['logs-dir=../outside-logs', 'cache=../outside-cache', 'ignore-scripts=false', `userconfig=${path.join(ws, 'evil-user.npmrc')}`, ''].join('\n'));
  return { parent, ws };
}

describe('security: npm pack verification runs npm with a clean configuration (#15 item 12)', function () {
  this.timeout(120_000);
  before(function () {
    try {
      execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['--version'], { shell: process.platform === 'win32' });
    } catch {
      this.skip(); // no npm on this machine
    }
  });

  it('a project .npmrc logs-dir / cache / userconfig outside the workspace creates nothing there; no script runs', async () => {
    const { parent, ws } = hostile();
    const env = cleanEnv({ npm_config_logs_dir: path.join(parent, 'outside-env-logs'), npm_config_ignore_scripts: 'false' });
    const r = await npmPackDryRun(ws, env);
    assert.deepEqual(r.error, undefined, 'npm pack ran');
    assert.deepEqual([...(r.files ?? [])].sort(), ['evil-user.npmrc', 'index.js', 'package.json'].sort(), 'and listed the package');
    assert.deepEqual(fs.readdirSync(parent).sort(), ['ws'], 'nothing was created next to the workspace (logs, cache, script output)');
  });

  it('the invocation: user config, temp logs and cache, --ignore-scripts, no npm_config_* inherited; quoted with a shell on Windows', () => {
    const { ws } = hostile();
    const env = cleanEnv({ npm_config_userconfig: path.join(ws, 'evil-user.npmrc'), NPM_CONFIG_CACHE: '/elsewhere' });
    const inv = npmPackInvocation(ws, env, '/tmp/lg-x', 'linux');
    assert.equal(inv.file, 'npm');
    assert.ok(inv.args.includes('--ignore-scripts'));
    assert.ok(inv.args.includes(`--userconfig=${path.join(env.HOME!, '.npmrc')}`), `the user's own file, not the one inside the package: ${inv.args.join(' ')}`);
    assert.ok(inv.args.some((a) => a.startsWith('--logs-dir=/tmp/lg-x')));
    assert.ok(Object.keys(inv.options.env).every((k) => !/^npm_config_/i.test(k)));
    assert.equal(inv.options.cwd, ws);
    assert.equal(inv.options.shell, false);
    const win = npmPackInvocation('C:\\Users\\A B\\pkg', { USERPROFILE: 'C:\\Users\\A B' }, 'C:\\Temp\\lg x', 'win32');
    assert.equal(win.file, 'npm.cmd');
    assert.equal(win.options.shell, true);
    assert.ok(win.args.every((a) => a.startsWith('"') && a.endsWith('"')), win.args.join(' '));
    assert.equal(quoteForCmd('a "b" c'), '"a ""b"" c"');
  });
});
