/**
 * Build-context fixtures for the container packager (#21), shared by packagers-docker.test.ts
 * (expected sets written by hand from Docker's documentation) and packagers-docker-oracle.test.ts
 * (the same fixtures built by buildah). Every stage starts `FROM scratch`: nothing is pulled.
 */
import { tarOf } from '../integration/suite/tar-writer';
import type { DockerOptions } from '../../server/src/engine/packagers/docker/index';


export interface DockerFixture {
  name: string;
  files: Record<string, string | Buffer>;
  dockerfile?: string;
  opts?: DockerOptions;
  /** image path → context file (for ADDed archives: the archive). */
  expected: Record<string, string>;
  /** Problems expected (substrings); none when absent. */
  problems?: string[];
}

const ENV_TOKEN = 'TOKEN=' + 'x'.repeat(8);

export const DOCKER_FIXTURES: DockerFixture[] = [
  {
    name: 'COPY . . without a .dockerignore ships .env and .git',
    files: { Dockerfile: 'FROM scratch\nWORKDIR /app\nCOPY . .\n', '.env': ENV_TOKEN, '.git/HEAD': 'ref\n', 'src/a.js': '1' },
    expected: { '/app/Dockerfile': 'Dockerfile', '/app/.env': '.env', '/app/.git/HEAD': '.git/HEAD', '/app/src/a.js': 'src/a.js' },
  },
  {
    name: "Docker's documented .dockerignore example: */temp*, */*/temp*, temp?",
    files: {
      Dockerfile: 'FROM scratch\nCOPY . /ctx/\n',
      '.dockerignore': '# comment\n*/temp*\n*/*/temp*\ntemp?\n',
      'somedir/temporary.txt': '1',
      'somedir/subdir/temporary.txt': '1',
      'a/b/c/temp1': '1',
      tempa: '1',
      tempab: '1',
      'temp.txt': '1',
      'somedir/keep.txt': '1',
    },
    expected: { '/ctx/Dockerfile': 'Dockerfile', '/ctx/.dockerignore': '.dockerignore', '/ctx/a/b/c/temp1': 'a/b/c/temp1', '/ctx/tempab': 'tempab', '/ctx/temp.txt': 'temp.txt', '/ctx/somedir/keep.txt': 'somedir/keep.txt' },
  },
  {
    name: 'documented: *.md then !README.md (root only: *.md does not match docs/x.md)',
    files: { Dockerfile: 'FROM scratch\nCOPY . /\n', '.dockerignore': '*.md\n!README.md\nDockerfile\n.dockerignore\n', 'README.md': '1', 'CHANGES.md': '1', 'docs/x.md': '1' },
    expected: { '/README.md': 'README.md', '/docs/x.md': 'docs/x.md' },
  },
  {
    name: 'documented: *.md, !README*.md, README-secret.md (the last matching line wins)',
    files: { Dockerfile: 'FROM scratch\nCOPY *.md /d/\n', '.dockerignore': '*.md\n!README*.md\nREADME-secret.md\n', 'README.md': '1', 'README-secret.md': '1', 'README-x.md': '1', 'other.md': '1' },
    expected: { '/d/README.md': 'README.md', '/d/README-x.md': 'README-x.md' },
  },
  {
    name: 'documented: *.md, README-secret.md, !README*.md (the secret README is re-included)',
    files: { Dockerfile: 'FROM scratch\nCOPY *.md /d/\n', '.dockerignore': '*.md\nREADME-secret.md\n!README*.md\n', 'README.md': '1', 'README-secret.md': '1', 'other.md': '1' },
    expected: { '/d/README.md': 'README.md', '/d/README-secret.md': 'README-secret.md' },
  },
  {
    name: '**/*.map excluded anywhere; an excluded folder with a re-included file inside; leading / and trailing / are cleaned',
    files: {
      Dockerfile: 'FROM scratch\nCOPY . /w\n',
      '.dockerignore': '**/*.map\nnode_modules\n!node_modules/keep/index.js\n/secret.txt\nbuild/\n.git\nDockerfile\n.dockerignore\n',
      'dist/a.js': '1',
      'dist/a.js.map': '{}',
      'a.map': '{}',
      'node_modules/x/index.js': '1',
      'node_modules/keep/index.js': '1',
      'node_modules/keep/other.js': '1',
      'secret.txt': 's',
      'build/out.o': 'o',
      '.git/config': 'c',
    },
    expected: { '/w/dist/a.js': 'dist/a.js', '/w/node_modules/keep/index.js': 'node_modules/keep/index.js' },
  },
  {
    name: 'multi-stage: only what the final stage copies from the builder',
    files: {
      Dockerfile: 'FROM scratch AS builder\nWORKDIR /src\nCOPY . .\n\nFROM scratch\nCOPY --from=builder /src/dist /app\nCOPY package.json /app/\n',
      '.env': ENV_TOKEN,
      'package.json': '{}',
      'src/index.ts': 'x',
      'dist/index.js': 'x',
      'dist/index.js.map': '{}',
    },
    expected: { '/app/index.js': 'dist/index.js', '/app/index.js.map': 'dist/index.js.map', '/app/package.json': 'package.json' },
  },
  {
    name: 'COPY --from=<index> of one file to a file destination (rename)',
    files: { Dockerfile: 'FROM scratch\nCOPY config/prod.json /etc/app.json\nCOPY tools /tools\n\nFROM scratch\nCOPY --from=0 /etc/app.json /config.json\n', 'config/prod.json': '{}', 'tools/t.sh': 't' },
    expected: { '/config.json': 'config/prod.json' },
  },
  {
    name: 'FROM <stage> inherits the stage; a third stage that is not built does not count',
    files: { Dockerfile: 'FROM scratch AS base\nCOPY a.txt /a.txt\n\nFROM base AS final\nCOPY b.txt /b.txt\n\nFROM scratch AS test\nCOPY tests /tests\n', 'a.txt': 'a', 'b.txt': 'b', 'tests/t.txt': 't' },
    opts: { target: 'final' },
    expected: { '/a.txt': 'a.txt', '/b.txt': 'b.txt' },
  },
  {
    name: 'wildcards: *.json, src/*.js, conf?.ini, and a wildcard matching folders copies their contents',
    files: {
      Dockerfile: 'FROM scratch\nWORKDIR /app\nCOPY *.json ./\nCOPY src/*.js /app/js/\nCOPY conf?.ini /etc/\nCOPY pkg* /opt/\n',
      'package.json': '{}',
      'tsconfig.json': '{}',
      'src/a.js': 'a',
      'src/a.ts': 'a',
      'src/deep/b.js': 'b',
      'conf1.ini': 'c',
      'conf10.ini': 'c',
      'pkga/x.txt': 'x',
      'pkgb/y/z.txt': 'z',
    },
    expected: {
      '/app/package.json': 'package.json',
      '/app/tsconfig.json': 'tsconfig.json',
      '/app/js/a.js': 'src/a.js',
      '/etc/conf1.ini': 'conf1.ini',
      '/opt/x.txt': 'pkga/x.txt',
      '/opt/y/z.txt': 'pkgb/y/z.txt',
    },
  },
  {
    name: 'ADD of a local tar.gz and a plain tar extracts them; other files are copied as they are',
    files: {
      Dockerfile: 'FROM scratch\nADD vendor.tar.gz /opt/\nADD assets.tar /srv/assets\nADD notes.txt /notes.txt\n',
      'vendor.tar.gz': tarOf({ 'lib/a.so': 'a', './lib/.env': ENV_TOKEN }, true),
      'assets.tar': tarOf({ 'img/logo.svg': '<svg/>' }, false),
      'notes.txt': 'n',
    },
    expected: { '/opt/lib/a.so': 'vendor.tar.gz', '/opt/lib/.env': 'vendor.tar.gz', '/srv/assets/img/logo.svg': 'assets.tar', '/notes.txt': 'notes.txt' },
  },
  {
    name: 'destinations: a file, a folder with /, several sources into a folder',
    files: { Dockerfile: 'FROM scratch\nCOPY a.txt /data\nCOPY b.txt /dir/\nCOPY c.txt d.txt /many/\nWORKDIR /w\nCOPY e.txt rel/\n', 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c', 'd.txt': 'd', 'e.txt': 'e' },
    expected: { '/data': 'a.txt', '/dir/b.txt': 'b.txt', '/many/c.txt': 'c.txt', '/many/d.txt': 'd.txt', '/w/rel/e.txt': 'e.txt' },
  },
  {
    name: 'ARG and ENV substitution in WORKDIR and COPY, with --build-arg overriding a default',
    files: { Dockerfile: 'ARG BASE=scratch\nFROM ${BASE}\nARG APP=/srv/app\nARG SRC=src\nENV CONF=config\nWORKDIR $APP\nCOPY ${SRC} ./code\nCOPY ${CONF:-nothing}/ ${APP}/conf/\n', 'src/a.py': 'a', 'lib/b.py': 'b', 'config/c.ini': 'c' },
    opts: { buildArgs: { SRC: 'lib' } },
    expected: { '/srv/app/code/b.py': 'lib/b.py', '/srv/app/conf/c.ini': 'config/c.ini' },
  },
  {
    name: 'escape directive, continuations with comment lines, JSON form with spaces',
    files: {
      Dockerfile: '# escape=`\nFROM scratch\nCOPY `\n  # a comment inside the continuation\n  a.txt `\n  /x/\nCOPY ["with space.txt", "/y/"]\n',
      'a.txt': 'a',
      'with space.txt': 'w',
    },
    expected: { '/x/a.txt': 'a.txt', '/y/with space.txt': 'with space.txt' },
  },
  {
    name: 'COPY of one file onto an existing folder (made by WORKDIR or an earlier COPY) lands inside it',
    files: { Dockerfile: 'FROM scratch\nWORKDIR /app\nCOPY requirements.txt /app\nCOPY lib/x.txt /srv/lib/x.txt\nCOPY y.txt /srv/lib\nCOPY z.txt /fresh\n', 'requirements.txt': 'r', 'lib/x.txt': 'x', 'y.txt': 'y', 'z.txt': 'z' },
    expected: { '/app/requirements.txt': 'requirements.txt', '/srv/lib/x.txt': 'lib/x.txt', '/srv/lib/y.txt': 'y.txt', '/fresh': 'z.txt' },
  },
  {
    name: 'heredoc bodies are not instructions and not context files',
    files: { Dockerfile: '# syntax=docker/dockerfile:1\nFROM scratch\nCOPY <<EOF /inline.txt\nCOPY secret.txt /not-an-instruction\nEOF\nCOPY b.txt /b.txt\n', 'secret.txt': 's', 'b.txt': 'b' },
    expected: { '/b.txt': 'b.txt' },
  },
  {
    name: '<Dockerfile>.dockerignore next to the Dockerfile wins over the context .dockerignore',
    dockerfile: 'app.Dockerfile',
    files: { 'app.Dockerfile': 'FROM scratch\nCOPY . /c/\n', 'app.Dockerfile.dockerignore': '*.log\n*.Dockerfile*\n', '.dockerignore': '*.txt\n', 'keep.txt': 'k', 'x.log': 'l' },
    expected: { '/c/keep.txt': 'keep.txt', '/c/.dockerignore': '.dockerignore' },
  },
  {
    name: 'sources outside the context, missing sources and remote ADD sources are reported, not listed',
    files: { Dockerfile: 'FROM scratch\nCOPY ../etc/passwd /p\nCOPY missing.txt /m\nADD https://user:pw@example.com/x.tgz /x/\nCOPY ok.txt /ok\n', 'ok.txt': 'o' },
    expected: { '/ok': 'ok.txt' },
    problems: ['outside the build context', 'no file of the context matches "missing.txt"', 'remote source https://***@example.com/x.tgz is not fetched'],
  },
  {
    name: 'a later COPY overwrites the same image path; lower-case keywords; COPY --chown/--chmod flags',
    files: { Dockerfile: 'from scratch\ncopy --chown=1000:1000 v1/app.conf /etc/app.conf\nCOPY --chmod=600 v2/app.conf /etc/app.conf\n', 'v1/app.conf': '1', 'v2/app.conf': '2' },
    expected: { '/etc/app.conf': 'v2/app.conf' },
  },
];

