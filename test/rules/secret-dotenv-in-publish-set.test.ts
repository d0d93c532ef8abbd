import * as assert from 'node:assert/strict';
import rule from '../../rules/secret-dotenv-in-publish-set';
import { ruleTester, analyzeRoot, applyFixOnDisk, npmPackFiles, runOnTree } from '../helpers/rule-tester';
import type { Finding } from '../../server/src/engine/types';

const ID = 'secret-dotenv-in-publish-set';
const pkg = (extra: object = {}) => JSON.stringify({ name: 'svc', version: '1.0.0', main: 'index.js', ...extra }, null, 2);
// A value that looks real, assembled at run time so no scanner flags this repository.
const realish = () => ['k9', 'Qz', '7Lm', 'Xw2', 'Pp4', 'Tn8', 'Rv1', 'Hd6'].join('');

ruleTester(rule, {
  valid: [
    {
      name: 'templates with placeholder values, .environment.ts, an ignored .env',
      files: {
        'package.json': pkg(),
        'index.js': 'x',
        '.env.example': 'API_KEY=your-api-key-here\nDB_URL=postgres://localhost:5432/app\nPORT=3000\nSECRET=\n',
        'src/environment.ts': 'x',
        '.npmignore': '.env\n',
        '.env': 'A=1',
      },
    },
  ],
  invalid: [
    ...['.env', '.env.production', '.env-local', '.env.local', 'config/.env.staging', '.envrc', '.dev.vars', '.env.keys'].map((name) => ({
      name: `fires on ${name}`,
      files: { 'package.json': pkg(), 'index.js': 'x', [name]: 'A=1' },
      errors: 1,
      check: (f: Finding[]) => {
        assert.equal(f[0].severity, 'error');
        assert.ok(f[0].related[0].file.endsWith(name));
      },
    })),
    {
      name: 'a template whose value looks real is a warning',
      files: { 'package.json': pkg(), 'index.js': 'x', '.env.example': `API_KEY=${realish()}\nPORT=3000\n` },
      errors: [{ messageId: 'template', severity: 'warning' }],
    },
    {
      name: 'names the .npmignore that disabled .gitignore as the cause and the fix keeps .gitignore exclusions',
      files: { 'package.json': pkg(), 'index.js': 'x', '.gitignore': '.env*\n*.log\n', '.npmignore': 'test/\n', '.env.production': 'A=1', 'debug.log': 'x' },
      errors: [{ messageId: 'dotenv', file: '.npmignore' }],
      check: async (findings, root) => {
        const f = findings[0];
        assert.match(f.message, /disables \.gitignore/);
        assert.ok(f.fix);
        applyFixOnDisk(f.fix!.edits);
        assert.ok(!npmPackFiles(root).includes('.env.production'));
        assert.equal((await analyzeRoot(root, { rules: [rule] })).findings.filter((x) => x.ruleId === ID).length, 0);
      },
    },
  ],
});

describe(ID, () => {
  it('fix with no ignore files creates .npmignore from .gitignore-less defaults; with "files" adds a negation', async () => {
    const a = await runOnTree({ 'package.json': pkg(), 'index.js': 'x', '.env': 'A=1' }, { rules: [rule] });
    applyFixOnDisk(a.findings.find((x) => x.ruleId === ID)!.fix!.edits);
    assert.deepEqual(npmPackFiles(a.root), ['index.js', 'package.json']);
    const b = await runOnTree({ 'package.json': pkg({ files: ['index.js', 'conf'] }), 'index.js': 'x', 'conf/.env': 'A=1', 'conf/a.json': '{}' }, { rules: [rule] });
    const fb = b.findings.find((x) => x.ruleId === ID)!;
    assert.ok(fb, 'conf/.env ships through the "conf" entry');
    assert.match(fb.message, /"files" entry "conf"/);
    applyFixOnDisk(fb.fix!.edits);
    assert.deepEqual(npmPackFiles(b.root), ['conf/a.json', 'index.js', 'package.json']);
  });
});
