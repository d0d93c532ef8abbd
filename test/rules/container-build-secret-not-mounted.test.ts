import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import rule from '../../rules/container-build-secret-not-mounted';
import { analyzeRoot, applyFixOnDisk, runOnTree, ruleTester } from '../helpers/rule-tester';

describe('container-build-secret-not-mounted', () => {
  it('fires on RUN reading a secret ARG, ENV copying it, echo > .npmrc left in a layer, and COPY id_rsa + RUN rm', async () => {
    const dockerfile = [
      'FROM node:20',
      'ARG NPM_TOKEN',
      'RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc',
      'ENV NPM_TOKEN=$NPM_TOKEN',
      'RUN printf "machine github.com password x" > /root/.netrc',
      'COPY id_rsa /root/.ssh/id_rsa',
      'RUN git clone git@github.com:acme/private.git && rm /root/.ssh/id_rsa',
      '',
    ].join('\n');
    const { findings } = await runOnTree({ Dockerfile: dockerfile, id_rsa: 'x' }, { rules: [rule] });
    const got = findings.map((f) => `${dockerfile.slice(0, f.start).split('\n').length}:${f.messageId}`).sort();
    assert.deepEqual(got, ['3:runUsesArg', '4:envFromArg', '5:runWritesCredential', '6:copyThenRemove']);
    const copy = findings.find((f) => f.messageId === 'copyThenRemove')!;
    assert.match(copy.message, /id_rsa is copied in here and removed on line 7: it stays in this COPY layer/);
    const run = findings.find((f) => f.messageId === 'runUsesArg')!;
    assert.equal(dockerfile.slice(run.start, run.end), '${NPM_TOKEN}');
  });

  it('a secret ARG that RUN lines follow without naming it (they still record it); RUN writing it into .npmrc left in the layer; a build stage only is info', async () => {
    const dockerfile = [
      'FROM node:16-alpine AS build',
      'ARG NPM_TOKEN',
      'COPY package.json yarn.lock ./',
      'RUN yarn install',
      'FROM node:16-alpine',
      'ARG GITHUB_TOKEN',
      'RUN echo "//npm.pkg.github.com/:_authToken=${GITHUB_TOKEN}" >> .npmrc',
      'RUN npm install',
      'ARG PIP_PASSWORD',
      'RUN sed -i "s|_PW_|${PIP_PASSWORD}|" /root/.pypirc && pip install -r requirements.txt',
      '',
    ].join('\n');
    const { findings } = await runOnTree({ Dockerfile: dockerfile, 'package.json': '{}', 'yarn.lock': '' }, { rules: [rule] });
    const got = findings.map((f) => `${dockerfile.slice(0, f.start).split('\n').length}:${f.messageId}:${f.severity}:${dockerfile.slice(f.start, f.end)}`).sort();
    assert.deepEqual(got, ['10:runWritesSecret:warning:${PIP_PASSWORD}', '2:argInHistory:info:NPM_TOKEN', '7:runWritesSecret:warning:${GITHUB_TOKEN}']);
    assert.match(findings.find((f) => f.messageId === 'runWritesSecret')!.message, /into \.npmrc and does not remove it/);
  });

  it('the --mount=type=secret suggestion is offered (never as the fix) and makes the finding go away', async () => {
    const dockerfile = 'FROM node:20\nARG NPM_TOKEN\nRUN npm config set //registry.npmjs.org/:_authToken $NPM_TOKEN && npm ci\n';
    const { root, findings } = await runOnTree({ Dockerfile: dockerfile }, { rules: [rule] });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].fix, undefined);
    const s = findings[0].suggestions[0];
    assert.match(s.title, /secret mount/);
    applyFixOnDisk(s.edits);
    assert.match(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'), /^RUN --mount=type=secret,id=npm-token,env=NPM_TOKEN npm config/m);
    assert.deepEqual((await analyzeRoot(root, { rules: [rule] })).findings, []);
  });
});

ruleTester(rule, {
  valid: [
    { name: 'secret mounts (env= and id=), a non-secret ARG, a .npmrc written and removed in the same RUN, a COPY never removed (secret-credential-file-in-publish-set), a later stage without the ARG', files: { '.npmrc': 'x', Dockerfile: [
        'FROM node:20 AS build',
        'ARG VERSION=1',
        'ARG NPM_TOKEN',
        'RUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci --token=$NPM_TOKEN',
        'RUN --mount=type=secret,id=NPM_TOKEN echo "$(cat /run/secrets/NPM_TOKEN)"',
        'RUN echo "registry=https://r.example.com/" > .npmrc && npm ci && rm -f .npmrc',
        'RUN echo $VERSION > /version',
        'COPY .npmrc /app/.npmrc',
        'FROM node:20',
        'RUN echo $NPM_TOKEN',
        '',
      ].join('\n') } },
    { name: 'a global ARG (before FROM) is not visible to RUN', files: { Dockerfile: 'ARG NPM_TOKEN\nFROM node:20\nRUN npm ci\n' } },
  ],
  invalid: [
    { name: 'RUN reads a secret ARG', files: { Dockerfile: 'FROM node:20\nARG NPM_TOKEN\nRUN npm ci --token=$NPM_TOKEN\n' }, errors: [{ messageId: 'runUsesArg', severity: 'warning', file: 'Dockerfile' }] },
    { name: 'RUN reads a secret ENV', files: { Dockerfile: 'FROM node:20\nENV NPM_TOKEN=x\nRUN npm ci --token=$NPM_TOKEN\n' }, errors: [{ messageId: 'runUsesEnv', severity: 'warning' }] },
  ],
});
