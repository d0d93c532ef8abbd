/**
 * The custom LSP methods live in one shared module (protocol/) that client and server import
 * (issue #18 item 2): no raw `leakguard/...` method string elsewhere, and the server's LSP layer
 * never imports from the CLI.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as protocol from '../../protocol';

const repo = path.resolve(__dirname, '../..');

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'fixtures') out.push(...tsFiles(p));
    } else if (/\.(ts|js|lua)$/.test(e.name)) out.push(p);
  }
  return out;
}

describe('shared LSP protocol module', () => {
  const methods = (Object.values(protocol) as unknown[])
    .filter((v): v is { method: string } => typeof v === 'object' && v !== null && typeof (v as { method?: unknown }).method === 'string')
    .map((v) => v.method);

  it('declares every custom method once, under leakguard/', () => {
    assert.deepEqual([...methods].sort(), ['leakguard/embeddedSource', 'leakguard/publishSets', 'leakguard/publishedVersions', 'leakguard/status', 'leakguard/trust']);
  });

  it('no raw method string outside protocol/ (client, server, tests)', () => {
    const offenders: string[] = [];
    for (const dir of ['client/src', 'server/src', 'test']) {
      for (const f of tsFiles(path.join(repo, dir))) {
        if (f.endsWith('protocol.test.ts')) continue;
        const text = fs.readFileSync(f, 'utf8');
        for (const m of methods) if (text.includes(`'${m}'`) || text.includes(`"${m}"`)) offenders.push(`${path.relative(repo, f)}: ${m}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('server/src/lsp imports nothing from cli/', () => {
    const offenders = tsFiles(path.join(repo, 'server/src/lsp')).filter((f) => /from '\.\.\/cli\//.test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(offenders.map((f) => path.relative(repo, f)), []);
  });
});
