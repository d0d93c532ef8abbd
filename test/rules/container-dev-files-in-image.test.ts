import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import rule from '../../rules/container-dev-files-in-image';
import { analyzeRoot, applyFixOnDisk, runOnTree, ruleTester } from '../helpers/rule-tester';
import { DOCKER_FIXTURES } from '../helpers/docker-fixtures';
import { allRules } from '../../rules/index';

describe('container-dev-files-in-image', () => {
  it('fires on the COPY line for .git/, node_modules/.cache, *.tsbuildinfo and Terraform state; the verified fix keeps them out of the image', async () => {
    const dockerfile = 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "dist/server.js"]\n';
    const { root, findings } = await runOnTree({
      Dockerfile: dockerfile,
      '.git/HEAD': 'ref\n',
      '.git/config': '[core]\n',
      'node_modules/.cache/babel/x.json': '{}',
      'node_modules/lib/index.js': '1',
      'tsconfig.tsbuildinfo': '{}',
      'infra/terraform.tfstate': '{}',
      'dist/server.js': '1',
    }, { rules: [rule] });
    assert.equal(findings.length, 1);
    const f = findings[0];
    assert.equal(f.file, path.join(root, 'Dockerfile'));
    assert.equal(f.start, dockerfile.indexOf('COPY . .'));
    assert.match(f.message, /\.git\/, infra\/terraform\.tfstate, node_modules\/\.cache\/, tsconfig\.tsbuildinfo \(5 files\)/);
    assert.match(f.message, /Dockerfile line 3 "COPY \. \."/);
    assert.ok(f.fix?.verified);
    applyFixOnDisk(f.fix!.edits);
    const r = await analyzeRoot(root, { rules: [rule] });
    assert.deepEqual(r.findings, []);
    const files = r.units.find((u) => u.unit.packager === 'docker')!.publishSet.files.map((x) => x.path);
    assert.ok(files.includes('dist/server.js') && files.includes('node_modules/lib/index.js'), files.join(','));
  });

  it('names the line that copies them when it is not a whole-context COPY', async () => {
    const dockerfile = 'FROM scratch\nCOPY src /src\nCOPY web /web\n';
    const { findings } = await runOnTree({ Dockerfile: dockerfile, 'src/a.js': '1', 'web/.next/cache/x': '1', 'web/index.html': '1' }, { rules: [rule] });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].start, dockerfile.indexOf('COPY web'));
    assert.match(findings[0].message, /web\/\.next\/cache\//);
  });


  it('on the shared build-context fixtures the container family fires only on the one that copies .git/ and .env without an ignore file', async () => {
    const family = allRules.filter((r) => r.meta.family === 'container');
    const fired: string[] = [];
    for (const fx of DOCKER_FIXTURES) {
      const { findings } = await runOnTree(fx.files, { rules: family });
      for (const f of findings) fired.push(`${fx.name} | ${f.ruleId}`);
    }
    assert.deepEqual(fired.sort(), ['COPY . . without a .dockerignore ships .env and .git | container-dev-files-in-image', 'COPY . . without a .dockerignore ships .env and .git | container-dockerignore-missing']);
  });
});

ruleTester(rule, {
  valid: [
    { name: '.dockerignore excludes .git and *.tsbuildinfo', files: { Dockerfile: 'FROM scratch\nCOPY . /app\n', '.dockerignore': '.git\n**/*.tsbuildinfo\n', '.git/HEAD': 'r', 'a.tsbuildinfo': '{}' } },
    { name: 'plain node_modules, .github/, .gitignore, names that merely contain "git"', files: { Dockerfile: 'FROM scratch\nCOPY . /app\n', 'node_modules/x/index.js': '1', '.github/workflows/ci.yml': 'x', '.gitignore': 'x', 'digit.txt': '1', 'git/readme': '1' } },
    { name: 'only a build stage copies .git/', files: { Dockerfile: 'FROM scratch AS b\nCOPY . /src\nFROM scratch\nCOPY --from=b /src/dist /app\n', '.git/HEAD': 'r', 'dist/a.js': '1' } },
  ],
  invalid: [],
});
