import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import rule from '../../rules/container-dockerignore-missing';
import { analyzeRoot, applyFixOnDisk, runOnTree, writeTree, ruleTester } from '../helpers/rule-tester';
import { DOCKER_FIXTURES } from '../helpers/docker-fixtures';

const imageFiles = async (root: string): Promise<string[]> => {
  const r = await analyzeRoot(root, { rules: [rule] });
  return r.units.find((u) => u.unit.packager === 'docker')!.publishSet.files.map((f) => f.path).sort();
};

describe('container-dockerignore-missing', () => {
  it('fires on COPY . . without a .dockerignore, names the leaks, and the verified fix creates one that keeps them out (CMD entry point still ships)', async () => {
    const dockerfile = 'FROM node:20\nWORKDIR /app\nCOPY package.json .\nCOPY . .\nCMD ["node", "dist/server.js"]\n';
    const { root, findings } = await runOnTree({ Dockerfile: dockerfile, 'package.json': '{"name":"srv","private":true}', '.env': 'A=1\n', '.git/HEAD': 'ref\n', 'dist/server.js': '1', 'src/a.ts': '1' }, { rules: [rule] });
    assert.equal(findings.length, 1);
    const f = findings[0];
    assert.equal(f.file, path.join(root, 'Dockerfile'));
    assert.equal(f.start, dockerfile.indexOf('COPY . .'));
    assert.equal(f.end, dockerfile.indexOf('COPY . .') + 'COPY . .'.length);
    assert.match(f.message, /Line 4 copies the whole build context/);
    assert.match(f.message, /\.env, \.git\/HEAD/);
    assert.equal(f.severity, 'warning');
    assert.ok(f.fix?.verified, 'a verified exclude fix');
    applyFixOnDisk(f.fix!.edits);
    const after = await imageFiles(root);
    assert.ok(!after.includes('.env') && !after.some((p) => p.startsWith('.git/')), after.join(','));
    assert.ok(after.includes('dist/server.js'), 'the CMD entry point still ships');
    const again = await analyzeRoot(root, { rules: [rule] });
    assert.deepEqual(again.findings, [], 'a .dockerignore now exists');
  });

  it('the "narrow the COPY" suggestion copies the named top-level entries; the leaks leave the image and the app stays', async () => {
    const dockerfile = 'FROM node:20\nWORKDIR /app\nCOPY --chown=node . .\nCMD ["node", "dist/server.js"]\n';
    const { root, findings } = await runOnTree({ Dockerfile: dockerfile, '.env': 'A=1\n', '.git/HEAD': 'ref\n', 'dist/server.js': '1', 'package.json': '{}' }, { rules: [rule] });
    const s = findings[0].suggestions.find((x) => /Copy only/.test(x.title));
    assert.ok(s, findings[0].suggestions.map((x) => x.title).join('|'));
    applyFixOnDisk(s.edits);
    const text = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    assert.match(text, /COPY --chown=node package\.json \.\/\nCOPY --chown=node dist \.\/dist\n/);
    const after = await imageFiles(root);
    assert.deepEqual(after, ['dist/server.js', 'package.json']);
  });

  it('ADD of the whole context fires too; with nothing sensitive it is info', async () => {
    const { findings } = await runOnTree({ Dockerfile: 'FROM scratch\nADD . /srv/\n', 'a.txt': 'a' }, { rules: [rule] });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'info');
    assert.match(findings[0].message, /including whatever is added to the folder later/);
  });


  it('on the shared build-context fixtures: fires only where the whole context reaches the image without an ignore file', async () => {
    const fired: string[] = [];
    for (const fx of DOCKER_FIXTURES) {
      const { findings } = await runOnTree(fx.files, { rules: [rule] });
      if (findings.length) fired.push(fx.name);
    }
    assert.deepEqual(fired, ['COPY . . without a .dockerignore ships .env and .git']);
  });
});

ruleTester(rule, {
  valid: [
    { name: 'a .dockerignore exists', files: { Dockerfile: 'FROM scratch\nCOPY . /app\n', '.dockerignore': '.git\n', 'a.txt': 'a' } },
    { name: 'a Containerfile with a .containerignore', files: { Containerfile: 'FROM scratch\nCOPY . /app\n', '.containerignore': '.git\n', 'a.txt': 'a' } },
    { name: '<Dockerfile>.dockerignore next to api.Dockerfile', files: { 'api.Dockerfile': 'FROM scratch\nCOPY . /app\n', 'api.Dockerfile.dockerignore': '.git\n', 'a.txt': 'a' } },
    { name: 'only a build stage copies the context (the final stage copies dist/ from it)', files: { Dockerfile: 'FROM scratch AS build\nCOPY . /src\nFROM scratch\nCOPY --from=build /src/dist /app\n', '.env': 'A=1', 'dist/a.js': '1' } },
    { name: 'narrow COPY lines', files: { Dockerfile: 'FROM scratch\nCOPY dist /app\nCOPY package.json /app/\n', '.env': 'A=1', 'dist/a.js': '1', 'package.json': '{}' } },
  ],
  invalid: [],
});
