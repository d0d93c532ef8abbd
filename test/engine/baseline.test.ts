/**
 * The baseline: accepted findings survive edits that move them, new ones are not accepted, and
 * `leakguard baseline --prune` drops entries whose findings were fixed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { runCli, type CliIo } from '../../server/src/cli/main';
import { parseBaseline, serializeBaseline, createBaseline, applyBaseline, BASELINE_FILE_NAME } from '../../server/src/engine/config/baseline';
import type { Finding } from '../../server/src/engine/types';
import codename from '../../rules/prompt-internal-codename';
import configInvalid from '../../rules/leakguard-config-invalid';
import { docsUrl } from '../../rules/index';
import { writeTree, analyzeRoot } from '../helpers/rule-tester';

const rules = [codename, configInvalid];
const ID = 'prompt-internal-codename';

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, isTTY: false, env: {} };
  const code = await runCli(args, io, { rules, docsUrl, version: '0.0.0-test' });
  return { code, stdout, stderr };
}

function tree(): string {
  return writeTree({
    'package.json': JSON.stringify({ name: 'cli', version: '1.0.0', main: 'cli.js', files: ['cli.js', 'lib.js'] }),
    'cli.js': 'const model = "zephyrine";\n',
    'lib.js': 'module.exports = 1;\n',
    '.leakguardrc.json': JSON.stringify({ denyList: ['zephyrine'] }),
  });
}

const codenames = async (root: string) => (await analyzeRoot(root, { rules })).findings.filter((f) => f.ruleId === ID);

describe('baseline', () => {
  it('a baselined finding is info, survives being moved to another line, and new findings are not accepted', async () => {
    const root = tree();
    assert.equal((await cli(['check'], root)).code, 1);
    const written = await cli(['baseline'], root);
    assert.equal(written.code, 0, written.stderr);
    assert.equal(written.stdout, `${BASELINE_FILE_NAME}: 1 accepted finding (1 added, 0 removed).\n`);
    const file = JSON.parse(fs.readFileSync(`${root}/${BASELINE_FILE_NAME}`, 'utf8'));
    assert.deepEqual(Object.keys(file.entries[0]), ['ruleId', 'path', 'fingerprint', 'count']);
    assert.equal(file.entries[0].path, 'cli.js');
    assert.doesNotMatch(JSON.stringify(file), /"line"/);

    const [before] = await codenames(root);
    assert.equal(before.baselined, true);
    assert.equal(before.severity, 'info');
    assert.equal((await cli(['check'], root)).code, 0, 'baselined findings do not fail the build');

    // Move it down ten lines and further right: still accepted.
    fs.writeFileSync(`${root}/cli.js`, `${'// header\n'.repeat(10)}function f() {\n  const model = "zephyrine";\n}\n`);
    const [moved] = await codenames(root);
    assert.ok(moved.start > before.start + 100);
    assert.equal(moved.fingerprint, before.fingerprint);
    assert.equal(moved.baselined, true);

    // A second occurrence in the same file and one in another file are new: errors.
    fs.writeFileSync(`${root}/cli.js`, 'const model = "zephyrine";\nconst again = "zephyrine";\n');
    fs.writeFileSync(`${root}/lib.js`, 'module.exports = "zephyrine";\n');
    const three = await codenames(root);
    assert.deepEqual(three.map((f) => [f.file.slice(root.length + 1), f.severity, !!f.baselined]), [
      ['cli.js', 'info', true],
      ['cli.js', 'error', false],
      ['lib.js', 'error', false],
    ]);
    assert.equal((await cli(['check'], root)).code, 1);
  });

  it('after a fix, --prune removes the entry and accepts nothing new', async () => {
    const root = tree();
    assert.equal((await cli(['baseline'], root)).code, 0);
    fs.writeFileSync(`${root}/cli.js`, 'const model = "public-model";\n');
    fs.writeFileSync(`${root}/lib.js`, 'module.exports = "zephyrine";\n');
    const pruned = await cli(['baseline', '.', '--prune'], root);
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.equal(pruned.stdout, `${BASELINE_FILE_NAME}: 0 accepted findings (0 added, 1 removed).\n`);
    assert.deepEqual(JSON.parse(fs.readFileSync(`${root}/${BASELINE_FILE_NAME}`, 'utf8')).entries, []);
    const [fresh] = await codenames(root);
    assert.equal(fresh.baselined, undefined, 'the lib.js finding was not accepted by --prune');
    assert.equal(fresh.severity, 'error');
    // Without --prune the current findings are accepted.
    assert.match((await cli(['baseline'], root)).stdout, /1 accepted finding \(1 added, 0 removed\)/);
  });

  it('"baseline" in the config names the file; a broken baseline is a configuration error at its place (exit 2)', async () => {
    const root = tree();
    fs.writeFileSync(`${root}/.leakguardrc.json`, JSON.stringify({ denyList: ['zephyrine'], baseline: 'tools/accepted.json' }));
    fs.mkdirSync(`${root}/tools`);
    assert.equal((await cli(['baseline'], root)).code, 0);
    assert.ok(fs.existsSync(`${root}/tools/accepted.json`));
    assert.ok(!fs.existsSync(`${root}/${BASELINE_FILE_NAME}`));
    assert.equal((await codenames(root))[0].baselined, true);

    fs.writeFileSync(`${root}/tools/accepted.json`, '{\n  "version": 1,\n  "entries": [ { "ruleId": 3 } ]\n}\n');
    const r = await cli(['check'], root);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /tools\/accepted\.json:3:\d+\s+error\s+A baseline entry needs "ruleId" and "fingerprint"\./);
    assert.equal((await cli(['baseline'], root)).code, 2, 'no baseline is written over a broken one');
  });

  it('entries count identical findings; parse → serialize is stable', () => {
    const f = (fp: string, file = '/r/a.js'): Finding => ({ ruleId: ID, messageId: 'x', message: 'x', data: {}, severity: 'error', file, start: 0, end: 0, suggestions: [], related: [], fingerprint: fp });
    const b = createBaseline([f('aa'), f('aa'), f('bb', '/r/b.js')], '/r');
    assert.deepEqual(b.entries.map((e) => [e.path, e.fingerprint, e.count]), [['a.js', 'aa', 2], ['b.js', 'bb', 1]]);
    const text = serializeBaseline(b);
    assert.equal(serializeBaseline(parseBaseline(text).baseline), text);
    const marked = applyBaseline([f('aa'), f('aa'), f('aa'), f('cc')], b);
    assert.deepEqual(marked.map((m) => !!m.baselined), [true, true, false, false]);
    const pruned = createBaseline([f('aa')], '/r', { previous: b, prune: true });
    assert.deepEqual(pruned.entries.map((e) => [e.fingerprint, e.count]), [['aa', 1]]);
  });
});
