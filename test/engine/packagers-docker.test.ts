/**
 * Container images (#21): the files of a build context that end up in the final image. Each fixture
 * is a context written here with the image file set expected from Docker's documented behaviour
 * (Dockerfile reference: COPY/ADD, multi-stage builds, .dockerignore, parser directives), written by
 * hand: image path → context file. Every stage starts `FROM scratch`, so the same fixtures can be
 * built offline by buildah (test/engine/packagers-docker-oracle.test.ts, when buildah can run).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiskFileSystem } from '../../server/src/engine/safe/fs';
import { compileDockerignore, detectDockerUnits, dockerignoreDecision, dockerImageSet, dockerUnit, explainDockerPath } from '../../server/src/engine/packagers/docker/index';
import { parseDockerfile } from '../../server/src/engine/packagers/docker/parse';

import { DOCKER_FIXTURES } from '../helpers/docker-fixtures';

function write(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, data] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), data);
  }
}

describe('packagers: container image file sets from Dockerfile + .dockerignore (#21)', () => {
  let base: string;
  before(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-docker-'));
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  it('has at least 15 fixtures', () => assert.ok(DOCKER_FIXTURES.length >= 15));

  DOCKER_FIXTURES.forEach((fx, i) => {
    it(fx.name, async () => {
      const root = path.join(base, `fx${i}`);
      write(root, fx.files);
      const unit = dockerUnit(`${root}/${fx.dockerfile ?? 'Dockerfile'}`);
      const set = await dockerImageSet(new DiskFileSystem(), unit, fx.opts);
      const got = Object.fromEntries(set.image.files.map((f) => [f.path, f.source]));
      assert.deepEqual(got, fx.expected);
      for (const p of fx.problems ?? []) assert.ok(set.image.problems.some((x) => x.includes(p)), `problem "${p}" in ${JSON.stringify(set.image.problems)}`);
      if (!fx.problems) assert.deepEqual(set.image.problems, []);
      for (const f of set.image.files) {
        assert.ok(f.reason.line && f.reason.line > 0, `${f.path} has the instruction line`);
        assert.match(f.reason.text, /line \d+ "/);
      }
    });
  });

  it('reasons name the instruction and the .dockerignore line that re-included the file; explain() names the line that excluded one', async () => {
    const root = path.join(base, 'explain');
    write(root, DOCKER_FIXTURES[4].files);
    const disk = new DiskFileSystem();
    const unit = dockerUnit(`${root}/Dockerfile`);
    const e = await explainDockerPath(disk, unit, 'README-secret.md');
    const a = e.artifacts[0];
    assert.equal(a.included, true);
    assert.deepEqual(a.paths, ['/d/README-secret.md']);
    assert.equal(a.reasons[0].line, 2);
    assert.equal(a.reasons[0].ignoreLine, 3);
    assert.match(a.reasons[0].text, /re-included by \.dockerignore line 3 "!README\*\.md"/);
    const no = await explainDockerPath(disk, unit, 'other.md');
    assert.equal(no.artifacts[0].included, false);
    assert.match(no.artifacts[0].exclusion ?? '', /\.dockerignore line 1 "\*\.md" excludes it/);
    const multi = path.join(base, 'explain2');
    write(multi, DOCKER_FIXTURES[6].files);
    const env = await explainDockerPath(disk, dockerUnit(`${multi}/Dockerfile`), '.env');
    assert.match(env.artifacts[0].exclusion ?? '', /no COPY\/ADD of the final stage/);
    const map = await explainDockerPath(disk, dockerUnit(`${multi}/Dockerfile`), 'dist/index.js.map');
    assert.equal(map.artifacts[0].reasons[0].kind, 'copy-from');
    assert.match(map.artifacts[0].reasons[0].text, /line 6 .* from stage builder/);
  });

  it('detect() finds Dockerfile, Containerfile, x.Dockerfile and Dockerfile.prod, not .dockerignore files', async () => {
    const root = path.join(base, 'detect');
    write(root, { Dockerfile: 'FROM scratch\n', 'svc/Containerfile': 'FROM scratch\n', 'svc/api.Dockerfile': 'FROM scratch\n', 'Dockerfile.prod': 'FROM scratch\n', 'api.Dockerfile.dockerignore': 'x', 'node_modules/m/Dockerfile': 'FROM scratch\n', 'notes.txt': '' });
    const units = await detectDockerUnits(new DiskFileSystem(), root);
    assert.deepEqual(units.map((u) => path.relative(root, u.dockerfile)).sort(), ['Dockerfile', 'Dockerfile.prod', 'svc/Containerfile', 'svc/api.Dockerfile']);
    assert.equal(units.find((u) => u.name === 'Containerfile')?.context, `${root}/svc`);
  });

  it('compose build: entries become units with their context, dockerfile, target and args; remote and outside contexts are skipped', async () => {
    const root = path.join(base, 'compose');
    write(root, {
      'compose.yaml': 'services:\n  web:\n    build: ./web\n  api:\n    build:\n      context: api\n      dockerfile: build/api.Dockerfile\n      target: prod\n      args:\n        SRC: lib\n  remote:\n    build: https://github.com/example/repo.git\n  outside:\n    build: ../elsewhere\n  db:\n    image: postgres\n',
      'web/Dockerfile': 'FROM scratch\nCOPY . /w/\n',
      'web/a.txt': 'a',
      'api/build/api.Dockerfile': 'FROM scratch AS dev\nARG SRC=src\nCOPY ${SRC} /dev/\nFROM dev AS prod\nCOPY x.txt /x.txt\nFROM scratch AS test\nCOPY . /t/\n',
      'api/lib/l.txt': 'l',
      'api/src/s.txt': 's',
      'api/x.txt': 'x',
      'bad/compose.yml': 'services: [:\n',
    });
    const disk = new DiskFileSystem();
    const units = (await detectDockerUnits(disk, root)).filter((u) => u.compose);
    assert.deepEqual(units.map((u) => u.compose?.service).sort(), ['api', 'web']);
    const api = units.find((u) => u.compose?.service === 'api');
    assert.equal(api?.context, `${root}/api`);
    const set = await dockerImageSet(disk, api!);
    assert.deepEqual(Object.fromEntries(set.image.files.map((f) => [f.path, f.source])), { '/dev/l.txt': 'lib/l.txt', '/x.txt': 'x.txt' });
    assert.equal(set.finalStage, 'prod');
  });

  it('bad input: a missing Dockerfile, no FROM, garbage, an unreadable archive give problems, never a throw', async () => {
    const root = path.join(base, 'bad');
    write(root, { 'Dockerfile': '\u0000garbage [[[\nCOPY\nFROM\n', 'bad.tar.gz': Buffer.from([0x1f, 0x8b, 1, 2, 3]) });
    const disk = new DiskFileSystem();
    const none = await dockerImageSet(disk, dockerUnit(`${root}/nope/Dockerfile`));
    assert.match(none.image.problems[0], /cannot read/);
    const s = await dockerImageSet(disk, dockerUnit(`${root}/Dockerfile`));
    assert.deepEqual(s.image.files, []);
    write(root, { Dockerfile: 'FROM scratch\nADD bad.tar.gz /x/\n' });
    const s2 = await dockerImageSet(disk, dockerUnit(`${root}/Dockerfile`));
    assert.deepEqual(Object.keys(Object.fromEntries(s2.image.files.map((f) => [f.path, 1]))), ['/x/bad.tar.gz']);
  });

  it('parser: continuation with the default backslash, a trailing escaped backslash, flags with quotes', () => {
    const p = parseDockerfile('FROM scratch\nCOPY --chmod=644 --from="builder" \\\n  a b /c/\nRUN echo \\\\\n');
    assert.equal(p.instructions[1].flags.get('from'), 'builder');
    assert.deepEqual(p.instructions[1].args, ['a', 'b', '/c/']);
    assert.equal(parseDockerfile('COPY --link --from=x a /b\n').instructions[0].flags.get('link'), 'true');
    assert.equal(p.instructions[1].line, 2);
    assert.equal(p.instructions.length, 3);
  });

  it('.dockerignore decisions match the documented examples one by one', () => {
    const lines = compileDockerignore('*/temp*\n*/*/temp*\ntemp?\n');
    const ex = (p: string): boolean => dockerignoreDecision(lines, p).excluded;
    assert.equal(ex('somedir/temporary.txt'), true);
    assert.equal(ex('somedir/temp'), true);
    assert.equal(ex('somedir/subdir/temporary.txt'), true);
    assert.equal(ex('tempa'), true);
    assert.equal(ex('tempab'), false);
    assert.equal(ex('temporary.txt'), false);
    assert.equal(ex('a/b/c/temp'), false);
    assert.equal(dockerignoreDecision(compileDockerignore('**/*.go'), 'a/b/c.go').excluded, true);
    assert.equal(dockerignoreDecision(compileDockerignore('docs\n'), 'docs/a/b.md').excluded, true);
    assert.equal(dockerignoreDecision(compileDockerignore('*.md\n!README.md\n'), 'README.md').line?.line, 2);
  });
});
