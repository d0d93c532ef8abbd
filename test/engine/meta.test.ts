/**
 * Meta-tests: every registered rule has a doc page and a test file, ids are kebab-case and sorted,
 * message ids are camelCase; the engine and the rules never import the editor or LSP layers.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules, docsUrl } from '../../rules/index';

const ROOT = path.resolve(__dirname, '../..');
/** The rule table of /work/shared/DESIGN.md (section "Rule ids"), copied as data: both directions are checked below. */
const DESIGN_IDS = [
  'publish-missing-files-allowlist', 'publish-npmignore-shadows-gitignore', 'publish-gitignore-fallback', 'publish-dev-artifacts',
  'publish-internal-docs-and-agent-files', 'publish-prompt-files', 'publish-unbundled-source', 'publish-missing-private-internal',
  'publish-workspace-root-not-private', 'publish-config-public-access-internal-scope', 'publish-config-registry-mismatch',
  'publish-files-entry-issues', 'publish-size-anomaly', 'sourcemap-in-publish-set', 'sourcemap-sources-content',
  'sourcemap-inline-data-url', 'sourcemap-url-comment', 'sourcemap-absolute-paths', 'config-tsconfig-sourcemap',
  'config-webpack-devtool', 'config-vite-rollup-sourcemap', 'config-esbuild-sourcemap', 'config-tsup-tsdown-sourcemap',
  'config-bun-sourcemap', 'config-framework-sourcemap-defaults', 'config-vscodeignore-missing', 'config-vscodeignore-pattern',
  'config-vscodeignore-files-conflict', 'config-vsce-secret-bypass-flags', 'prompt-system-prompt-literal', 'prompt-asset-inlined',
  'prompt-internal-codename', 'prompt-unreleased-feature-flag', 'prompt-internal-host', 'prompt-internal-only-code-path',
  'secret-known-token-format', 'secret-dotenv-in-publish-set', 'secret-credential-file-in-publish-set',
  'secret-registry-token-literal', 'secret-build-env-inlining', 'leakguard-config-invalid',
];

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('rule registry (meta)', () => {
  it('is sorted by id, with unique kebab-case ids from DESIGN.md', () => {
    const ids = allRules.map((r) => r.meta.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.ok(DESIGN_IDS.includes(id), `${id} is not a DESIGN.md rule id`);
  });

  it('implements and registers every rule id of the DESIGN.md rule table (design → code)', () => {
    const registered = new Set(allRules.map((r) => r.meta.id));
    const missing = DESIGN_IDS.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], 'DESIGN.md rules with no registered implementation');
    assert.equal(allRules.length, DESIGN_IDS.length);
  });

  it('lists every registered rule in the schema (code → schema) and every schema rule is registered', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'leakguardrc.schema.json'), 'utf8')) as { definitions: { rules: { properties: Record<string, unknown> } } };
    const inSchema = Object.keys(schema.definitions.rules.properties).sort();
    assert.deepEqual(inSchema, allRules.map((r) => r.meta.id).sort());
  });

  for (const rule of allRules) {
    const id = rule.meta.id;
    it(`${id}: file name, docs page, test file, messages`, () => {
      assert.ok(fs.existsSync(path.join(ROOT, 'rules', `${id}.ts`)), 'rules/<id>.ts');
      const doc = path.join(ROOT, 'docs', 'rules', `${id}.md`);
      assert.ok(fs.existsSync(doc), `docs/rules/${id}.md`);
      assert.match(fs.readFileSync(doc, 'utf8'), new RegExp(`^# ${id}\\b`, 'm'));
      assert.ok(fs.existsSync(path.join(ROOT, 'test', 'rules', `${id}.test.ts`)), `test/rules/${id}.test.ts`);
      assert.ok(Object.keys(rule.meta.messages).length > 0);
      for (const m of Object.keys(rule.meta.messages)) assert.match(m, /^[a-z][a-zA-Z0-9]*$/, `message id ${m} is camelCase`);
      assert.ok(rule.meta.description.length > 10);
      assert.equal(docsUrl(id).endsWith(`/docs/rules/${id}.md`), true);
    });
  }
});

describe('layering (meta)', () => {
  it('server/src/engine and rules import neither vscode nor vscode-languageserver*, and the engine imports no rule', () => {
    const offenders: string[] = [];
    for (const file of [...walk(path.join(ROOT, 'server/src/engine')), ...walk(path.join(ROOT, 'rules'))]) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)) {
        const spec = m[1];
        if (spec === 'vscode' || spec.startsWith('vscode-languageserver') || spec.startsWith('vscode-languageclient') || spec.startsWith('vscode-jsonrpc')) offenders.push(`${path.relative(ROOT, file)} imports ${spec}`);
        if (file.includes(`${path.sep}engine${path.sep}`) && /(^|\/)rules(\/|$)/.test(spec)) offenders.push(`${path.relative(ROOT, file)} imports a rule (${spec})`);
        if (file.includes(`${path.sep}rules${path.sep}`) && /\/lsp\/|\/cli\//.test(spec)) offenders.push(`${path.relative(ROOT, file)} imports the server or CLI (${spec})`);
      }
    }
    assert.deepEqual(offenders, []);
  });
});
