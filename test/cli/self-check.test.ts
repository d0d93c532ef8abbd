/**
 * Leakguard passes its own check: `leakguard check .` on this repository and `leakguard pack` on
 * its own .vsix (built by the real vsce) report nothing at error level.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { readArchive } from '../../server/src/engine/publish/archive';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

describe('self-check', function () {
  this.timeout(180_000);

  it('leakguard check . on this repository: nothing at error level', () => {
    const r = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json', '--fail-on', 'error'], { cwd: ROOT, encoding: 'utf8' });
    const out = JSON.parse(r.stdout) as { findings: Array<{ severity: string; ruleId: string; file: string }> };
    assert.deepEqual(out.findings.filter((f) => f.severity === 'error'), []);
    assert.equal(r.status, 0, r.stderr);
  });

  it('leakguard pack on its own .vsix (made by vsce): nothing at error level, and no maps or sources inside', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lg-vsix-')), 'leakguard.vsix');
    const vsce = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '-o', out], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(vsce.status, 0, vsce.stderr + vsce.stdout);
    const r = spawnSync(process.execPath, [CLI, 'pack', out, '--config', '.leakguardrc.json', '--format', 'json', '--fail-on', 'error'], { cwd: ROOT, encoding: 'utf8' });
    const res = JSON.parse(r.stdout) as { findings: Array<{ severity: string }>; units: Array<{ files: number }> };
    assert.deepEqual(res.findings.filter((f) => f.severity === 'error'), []);
    assert.equal(r.status, 0, r.stderr);
    const list = [...(await readArchive(out)).entries.keys()];
    assert.ok(list.includes('dist/server.js'));
    assert.ok(list.includes('images/icon.png'));
    assert.ok(!list.some((p) => p.endsWith('.map') || p.startsWith('src/') || p.startsWith('server/') || p.startsWith('test/') || p.startsWith('node_modules/')), list.join(','));
  });
});
