import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import rule from '../../rules/container-secret-in-build-arg';
import { analyzeRoot, applyFixOnDisk, runOnTree, ruleTester } from '../helpers/rule-tester';

/** Test values assembled at run time so the repository passes secret scanning. */
const GH = 'ghp_' + 'aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5';
const PW = 'Tr0ub4dor' + '-and-3';
const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A JWT shape with the given role (Supabase-style), assembled at run time. */
const jwt = (role: string): string => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iss: 'supabase', ref: 'abcdefghijklmnopqrst', role, iat: 1758626643, exp: 2074202643 })}.${'Q'.repeat(43)}`;

describe('container-secret-in-build-arg', () => {
  it('fires on ARG/ENV with a secret-looking name and a literal value, and on a known token format whatever the name; never prints the value', async () => {
    const dockerfile = `FROM python:3.12\nARG API_KEY=${PW}\nENV DB_PASSWORD="${PW}" \\\n    MODE=prod\nENV GH ${GH}\nENV SECRET_KEY_BASE=${PW}x\n`;
    const { root, findings } = await runOnTree({ Dockerfile: dockerfile }, { rules: [rule] });
    const got = findings.map((f) => `${f.message.split(' ').slice(0, 2).join(' ')}|${dockerfile.slice(f.start, f.end) === '' ? 'EMPTY' : 'span'}|${f.severity}`);
    assert.deepEqual(got, ['ARG API_KEY|span|warning', 'ENV DB_PASSWORD|span|warning', 'ENV GH|span|warning', 'ENV SECRET_KEY_BASE|span|warning']);
    assert.equal(dockerfile.slice(findings[0].start, findings[0].end), PW);
    assert.equal(dockerfile.slice(findings[1].start, findings[1].end), PW, 'inside the quotes');
    assert.equal(dockerfile.slice(findings[2].start, findings[2].end), GH);
    assert.match(findings[2].message, /holds a github token/);
    for (const f of findings) {
      assert.ok(!f.message.includes(PW) && !f.message.includes(GH), 'the value is never printed');
      assert.ok(!f.fingerprint.includes(PW));
      assert.equal(f.file, path.join(root, 'Dockerfile'));
    }
    // The suggestion removes the ARG default.
    const s = findings[0].suggestions[0];
    assert.match(s.title, /Remove the default value of ARG API_KEY/);
    applyFixOnDisk(s.edits);
    assert.match(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'), /^ARG API_KEY\n/m);
    const again = await analyzeRoot(root, { rules: [rule] });
    assert.equal(again.findings.length, 3);
  });

  it('a privileged JWT (service_role) whatever the name; the public anon key and local default database credentials are not secrets (found on public Dockerfiles)', async () => {
    const dockerfile = `FROM python:3.12\nENV SUPABASE_KEY="${jwt('anon')}"\nENV SUPABASE_KEY_ROLE="${jwt('service_role')}"\nENV DATABASE_URL="postgresql://postgres:postgres@db:5432/mydb"\nENV SECRET_KEY="ThisisNotRealKey"\n`;
    const { findings } = await runOnTree({ Dockerfile: dockerfile }, { rules: [rule] });
    assert.deepEqual(findings.map((f) => `${f.message.split(' ').slice(0, 2).join(' ')}|${f.severity}`), ['ENV SUPABASE_KEY_ROLE|error']);
    assert.match(findings[0].message, /holds a JWT \(privileged role\) token/);
  });
});

ruleTester(rule, {
  valid: [
    { name: 'no value', files: { Dockerfile: 'FROM node:20\n' + 'ARG NPM_TOKEN' + '\n' } },
    { name: 'an empty value', files: { Dockerfile: 'FROM node:20\n' + 'ARG GITHUB_TOKEN=""' + '\n' } },
    { name: 'a variable reference', files: { Dockerfile: 'FROM node:20\n' + 'ENV API_KEY=${API_KEY}' + '\n' } },
    { name: 'a placeholder', files: { Dockerfile: 'FROM node:20\n' + 'ENV PASSWORD=changeme' + '\n' } },
    { name: 'the path of a secret file', files: { Dockerfile: 'FROM node:20\n' + 'ENV TOKEN_FILE=/run/secrets/token' + '\n' } },
    { name: 'a name that only mentions a secret (_METHOD)', files: { Dockerfile: 'FROM node:20\n' + 'ENV AUTH_METHOD=oauth2-client-credentials' + '\n' } },
    { name: 'a name that only mentions a secret (_NAME)', files: { Dockerfile: 'FROM node:20\n' + 'ENV SECRET_NAME=prod-database-password' + '\n' } },
    { name: 'a number', files: { Dockerfile: 'FROM node:20\n' + 'ENV PASSWORD_MIN_LENGTH=12' + '\n' } },
    { name: 'non-secret names', files: { Dockerfile: 'FROM node:20\n' + 'ENV NODE_ENV=production PORT=8080' + '\n' } },
    { name: 'a non-secret name with a long value', files: { Dockerfile: 'FROM node:20\n' + 'ARG VERSION=1.2.3-very-long-build-identifier' + '\n' } },
    { name: 'a header name (_HEADER)', files: { Dockerfile: 'FROM node:20\n' + 'ENV API_KEY_HEADER=X-Api-Key' + '\n' } },
  ],
  invalid: [
    { name: 'a GitHub token in ENV, whatever the name', files: { Dockerfile: `FROM node:20\nENV GH_VALUE=${GH}\n` }, errors: [{ messageId: 'format', severity: 'warning', file: 'Dockerfile' }] },
    { name: 'a literal password in ARG', files: { Dockerfile: `FROM node:20\nARG DB_PASSWORD=${PW}\n` }, errors: [{ messageId: 'name', severity: 'warning', file: 'Dockerfile' }] },
  ],
});
