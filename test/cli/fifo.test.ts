/**
 * A named pipe in a hostile tree (`dist/pipe.js`, `.npmrc`) must not hang `leakguard check`: the
 * CLI's disk opens files non-blocking and reads regular files only (issue #20 moved the CLI to
 * synchronous reads, where a blocking open of a FIFO would stall the whole run; the thread-pool
 * reads before it hung too: this test timed out on the old main).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

describe('cli: check with named pipes in the tree', function () {
  this.timeout(60_000);
  const canFifo = process.platform !== 'win32' && spawnSync('mkfifo', ['--help']).error === undefined;

  for (const jobs of ['0', '2']) {
    it(`finishes and still reports the regular files (--jobs ${jobs})`, function () {
      if (!canFifo) this.skip(); // no mkfifo (Windows): nothing to test
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-fifo-'));
      try {
        fs.mkdirSync(path.join(dir, 'dist'));
        fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'fifo-pkg', version: '1.0.0', main: 'dist/index.js', license: 'MIT' }));
        const token = 'ghp' + '_' + 'aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3k'.slice(0, 32) + '0042';
        fs.writeFileSync(path.join(dir, 'dist/index.js'), `module.exports = '${token}';\n`);
        for (const p of ['dist/pipe.js', '.npmrc', 'dist/pipe.js.map']) assert.equal(spawnSync('mkfifo', [path.join(dir, p)]).status, 0);
        const r = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json', '--fail-on', 'never', '--jobs', jobs], { cwd: dir, encoding: 'utf8', timeout: 30_000, env: { ...process.env, LEAKGUARD_JOBS: '' } });
        assert.notEqual(r.signal, 'SIGTERM', 'check hung on a named pipe (killed after 30 s)');
        assert.equal(r.status, 0, r.stderr);
        const json = JSON.parse(r.stdout);
        assert.ok(json.findings.some((f: { ruleId: string }) => f.ruleId === 'secret-known-token-format'), JSON.stringify(json.findings.map((f: { ruleId: string }) => f.ruleId)));
        assert.ok(!r.stdout.includes(token) && !r.stderr.includes(token), 'the token is never printed');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
