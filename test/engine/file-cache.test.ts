/**
 * The file-rule result cache (runner FileResultCache, kept by the language server across analyses):
 * an unchanged file is not re-scanned, and a cached result is dropped when the file, its
 * configuration (or a config file's raw text), the severity overrides or the rule set change.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFolder, analyzeDocument, FileResultCache } from '../../server/src/engine/runner';
import { OverlayFileSystem } from '../../server/src/engine/safe/fs';
import type { FileRule, FileRuleContext, Rule } from '../../server/src/engine/context';
import codename from '../../rules/prompt-internal-codename';
import { writeTree } from '../helpers/rule-tester';

/** Wraps a file rule and counts the files it ran on. */
function counting(rule: FileRule): { rule: FileRule; seen: string[] } {
  const seen: string[] = [];
  return { seen, rule: { ...rule, check: (ctx: FileRuleContext) => (ctx.path.endsWith('.js') && seen.push(path.basename(ctx.path)), rule.check(ctx)) } };
}

function tree(): string {
  return writeTree({
    'package.json': JSON.stringify({ name: 'app', version: '1.0.0', main: 'a.js', files: ['a.js', 'b.js'] }),
    'a.js': 'const model = "zephyrine";\n',
    'b.js': 'module.exports = 1;\n',
    '.leakguardrc.json': JSON.stringify({ denyList: ['zephyrine'] }),
  });
}

const ID = 'prompt-internal-codename';

describe('file-rule result cache', () => {
  it('a run cancelled between two rules of a file keeps no partial result: the next run finds everything (the server\'s rerun after a didOpen)', async () => {
    const root = tree();
    const other: FileRule = { kind: 'file', meta: { ...codename.meta, id: 'zz-first', messages: {} }, check: () => undefined };
    const cache = new FileResultCache();
    const fsys = new OverlayFileSystem();
    const fresh = await analyzeFolder({ fs: fsys, folder: root, rules: [other, codename as FileRule] });
    assert.ok(fresh.findings.some((f) => f.ruleId === ID && f.file.endsWith('a.js')));
    // Cancelled right after the first rule of every file ran: each file's result is partial.
    let calls = 0;
    const cancelAfterFirstRule: FileRule = { ...other, check: () => void calls++ };
    await analyzeFolder({ fs: fsys, folder: root, rules: [cancelAfterFirstRule, codename as FileRule], cache, isCancelled: () => calls > 0 });
    const rerun = await analyzeFolder({ fs: fsys, folder: root, rules: [cancelAfterFirstRule, codename as FileRule], cache });
    assert.deepEqual(rerun.findings.filter((f) => f.ruleId === ID).map((f) => path.basename(f.file)), fresh.findings.filter((f) => f.ruleId === ID).map((f) => path.basename(f.file)));
  });

  it('a second analysis of unchanged files re-scans nothing and gives the same findings', async () => {
    const root = tree();
    const c = counting(codename as FileRule);
    const cache = new FileResultCache();
    const fsys = new OverlayFileSystem();
    const first = await analyzeFolder({ fs: fsys, folder: root, rules: [c.rule], cache });
    assert.deepEqual(c.seen.sort(), ['a.js', 'b.js']);
    c.seen.length = 0;
    const second = await analyzeFolder({ fs: fsys, folder: root, rules: [c.rule], cache });
    assert.deepEqual(c.seen, []);
    assert.equal(cache.hits, 3); // a.js, b.js, package.json
    assert.deepEqual(second.findings, first.findings);
    assert.equal(second.findings.filter((f) => f.ruleId === ID).length, 1);
    // The same analysis without a cache agrees.
    const plain = await analyzeFolder({ fs: fsys, folder: root, rules: [c.rule] });
    assert.deepEqual(plain.findings, first.findings);
  });

  it('a changed file is re-scanned, and only that file', async () => {
    const root = tree();
    const c = counting(codename as FileRule);
    const cache = new FileResultCache();
    const fsys = new OverlayFileSystem();
    await analyzeFolder({ fs: fsys, folder: root, rules: [c.rule], cache });
    c.seen.length = 0;
    fs.writeFileSync(path.join(root, 'b.js'), 'module.exports = "zephyrine";\n');
    const r = await analyzeFolder({ fs: fsys, folder: root, rules: [c.rule], cache });
    assert.deepEqual(c.seen, ['b.js']);
    assert.equal(r.findings.filter((f) => f.ruleId === ID).length, 2);
    // An open-document overlay is a change too.
    c.seen.length = 0;
    fsys.set(path.join(root, 'a.js'), 'const model = "nothing";\n');
    const r2 = await analyzeFolder({ fs: fsys, folder: root, rules: [c.rule], cache });
    assert.deepEqual(c.seen, ['a.js']);
    assert.equal(r2.findings.filter((f) => f.ruleId === ID).length, 1);
  });

  it('a configuration change (semantic, or only the config file text) drops every cached result', async () => {
    const root = tree();
    const c = counting(codename as FileRule);
    const cache = new FileResultCache();
    const fsys = new OverlayFileSystem();
    await analyzeFolder({ fs: fsys, folder: root, rules: [c.rule], cache });
    c.seen.length = 0;
    fs.writeFileSync(path.join(root, '.leakguardrc.json'), JSON.stringify({ denyList: ['other'] }));
    const r = await analyzeFolder({ fs: fsys, folder: root, rules: [c.rule], cache });
    assert.deepEqual(c.seen.sort(), ['a.js', 'b.js']);
    assert.equal(r.findings.filter((f) => f.ruleId === ID).length, 0);
    // Same meaning, different text: fixes carry offsets into the config file, so results are recomputed.
    c.seen.length = 0;
    fs.writeFileSync(path.join(root, '.leakguardrc.json'), JSON.stringify({ denyList: ['other'] }, null, 2));
    await analyzeFolder({ fs: fsys, folder: root, rules: [c.rule], cache });
    assert.deepEqual(c.seen.sort(), ['a.js', 'b.js']);
    // The manifest is part of what a file rule sees.
    c.seen.length = 0;
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.1', main: 'a.js', files: ['a.js', 'b.js'] }));
    await analyzeFolder({ fs: fsys, folder: root, rules: [c.rule], cache });
    assert.deepEqual(c.seen.sort(), ['a.js', 'b.js']);
  });

  it('severity overrides, trust and the rule set are part of the key', async () => {
    const root = tree();
    const c = counting(codename as FileRule);
    const cache = new FileResultCache();
    const fsys = new OverlayFileSystem();
    await analyzeFolder({ fs: fsys, folder: root, rules: [c.rule], cache });
    c.seen.length = 0;
    const off = await analyzeFolder({ fs: fsys, folder: root, rules: [c.rule], cache, ruleOverrides: new Map([[ID, 'off']]) });
    assert.equal(off.findings.filter((f) => f.ruleId === ID).length, 0);
    const info = await analyzeFolder({ fs: fsys, folder: root, rules: [c.rule], cache, ruleOverrides: new Map([[ID, 'info']]) });
    assert.deepEqual(info.findings.filter((f) => f.ruleId === ID).map((f) => f.severity), ['info']);
    assert.ok(c.seen.length >= 2, 'an override change re-ran the rule');
    c.seen.length = 0;
    await analyzeFolder({ fs: fsys, folder: root, rules: [c.rule], cache, trusted: false });
    assert.deepEqual(c.seen.sort(), ['a.js', 'b.js']);
    // A different rule set (here: the same id, another implementation) is a different key.
    const d = counting(codename as FileRule);
    await analyzeFolder({ fs: fsys, folder: root, rules: [d.rule], cache });
    assert.deepEqual(d.seen.sort(), ['a.js', 'b.js']);
    const e = counting(codename as FileRule);
    await analyzeFolder({ fs: fsys, folder: root, rules: [d.rule, e.rule] as Rule[], cache });
    assert.deepEqual(e.seen.sort(), ['a.js', 'b.js']);
  });

  it('slots of files that left the publish set are dropped; analyzeDocument shares the cache', async () => {
    const root = tree();
    const c = counting(codename as FileRule);
    const cache = new FileResultCache();
    const fsys = new OverlayFileSystem();
    const r = await analyzeFolder({ fs: fsys, folder: root, rules: [c.rule], cache });
    assert.equal(cache.size, 3);
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', main: 'a.js', files: ['a.js'] }));
    await analyzeFolder({ fs: fsys, folder: root, rules: [c.rule], cache });
    assert.equal(cache.size, 2);
    c.seen.length = 0;
    const owner = r.units[0];
    const text = 'const model = "zephyrine";\n';
    const a = path.join(root, 'a.js').split(path.sep).join('/');
    const d1 = await analyzeDocument({ fs: fsys, folder: root, rules: [c.rule], owner, path: a, text, cache });
    const d2 = await analyzeDocument({ fs: fsys, folder: root, rules: [c.rule], owner, path: a, text, cache });
    assert.deepEqual(c.seen, ['a.js']);
    assert.deepEqual(d2.findings, d1.findings);
    const d3 = await analyzeDocument({ fs: fsys, folder: root, rules: [c.rule], owner, path: a, text: 'const x = 1;\n', cache });
    assert.deepEqual(c.seen, ['a.js', 'a.js']);
    assert.equal(d3.findings.length, 0);
  });
});
