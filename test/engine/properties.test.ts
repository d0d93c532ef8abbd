/**
 * Property tests (fast-check) for the parsers and matchers the engine uses that have no property
 * test next to their own tests: random and mutated inputs never throw out of the engine and finish.
 * (Tokenizer, prompt scorer, source maps, config, suppressions and manifests have theirs elsewhere.)
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { readJsConfig } from '../../server/src/engine/build-config/js-config';
import { publishCommands, shellSegments } from '../../server/src/engine/build-config/scripts';
import { parseNpmrc } from '../../server/src/engine/registry/npmrc';
import { parseIgnoreRules, ignoreVerdict } from '../../server/src/engine/publish-helpers';
import { parsePnpmWorkspace } from '../../server/src/engine/workspace';
import { readArchiveBuffer } from '../../server/src/engine/publish/archive';
import { findInternalHosts, findFeatureFlags, findInternalCodePaths, findRegistryTokens, compileDenyList, findDenyListHits, findExtraSecrets, classifyCredentialFile } from '../../server/src/engine/content';
import { analyzeFolder } from '../../server/src/engine/runner';
import { DiskFileSystem } from '../../server/src/engine/safe/fs';
import { allRules } from '../../rules/index';
import { applyFixesToDisk } from '../../server/src/cli/fix';
import { writeTree } from '../helpers/rule-tester';
import { isInside, relPosix } from '../../server/src/engine/paths';

const RUNS = 300;
// Text that looks like what these parsers meet: config code, shell, ini, globs, with random noise.
const fragments = fc.constantFrom(
  'module.exports = {', 'export default defineConfig(', '({ mode }) => ({', 'sourcemap: true,', "devtool: 'source-map',", '...base,', '}', ')', ']', '[',
  'process.env.NODE_ENV === "production" ? ', ' : ', '`${x}`', '"', "'", '/* c */', '// c\n', '\n', 'npm run build && ', 'cross-env A=1 ', 'esbuild --sourcemap ',
  '@acme:registry=https://npm.acme.corp/', '//registry.npmjs.org/:_authToken=', '${NPM_TOKEN}', '!dist/**', '*.map', '/', '\\', '#', 'packages:', '  - a/*',
  'http://10.0.0.5/', 'api.int.acme.corp', 'feature("X")', 'growthbook.isOn("exp_y")', "USER_TYPE === 'ant'", 'String.fromCharCode(107,97)', '\\x6b', 'zephyrine',
);
const texty = fc.oneof(fc.string({ maxLength: 400 }), fc.array(fragments, { maxLength: 60 }).map((a) => a.join('')), fc.array(fc.oneof(fragments, fc.string({ maxLength: 8 })), { maxLength: 80 }).map((a) => a.join('')));

describe('property tests: engine parsers never throw', function () {
  this.timeout(120_000);

  it('JS/TS config reader (babel, error recovery) and script parsing', () => {
    fc.assert(fc.property(texty, (t) => {
      readJsConfig(t, 'vite.config.ts');
      readJsConfig(t, 'webpack.config.js', { env: { NODE_ENV: 'production' } });
      shellSegments(t);
      publishCommands(JSON.stringify({ scripts: { build: t, prepublishOnly: 'npm run build' } }));
      publishCommands(t);
    }), { numRuns: RUNS });
  });

  it('.npmrc, ignore files, pnpm-workspace.yaml', () => {
    fc.assert(fc.property(texty, fc.string({ maxLength: 60 }), (t, p) => {
      parseNpmrc(t);
      const rules = parseIgnoreRules(t);
      ignoreVerdict(rules, p.replace(/^\/+/, '') || 'a');
      parsePnpmWorkspace(t);
    }), { numRuns: RUNS });
  });

  it('content matchers (hosts, flags, gates, registry tokens, deny-list, extra secret formats, credential files)', () => {
    const deny = compileDenyList([{ pattern: 'zephyrine', kind: 'codename' }, { pattern: 'project[-_ ]?falcon', regex: true, kind: 'codename' }, { sha256: 'a'.repeat(64), kind: 'codename' }], { trusted: true });
    fc.assert(fc.property(texty, (t) => {
      findInternalHosts(t, { internalDomains: ['acme.corp', '*.int.acme.dev'], relPath: 'src/a.js' });
      findFeatureFlags(t, { unreleasedPatterns: ['^exp_'], trusted: true });
      findInternalCodePaths(t, { relPath: 'src/a.js' });
      findRegistryTokens(t, '.npmrc');
      findRegistryTokens(t, '.yarnrc.yml');
      findDenyListHits(t, deny);
      findExtraSecrets(t, 'src/a.js');
      classifyCredentialFile('id_rsa', t);
    }), { numRuns: RUNS });
  });

  it('archive reader: random and mutated bytes are rejected with an error, never a crash', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), fc.constantFrom('x.tgz', 'x.vsix'), async (bytes, name) => {
      const buf = Buffer.from(bytes);
      if (name.endsWith('.vsix')) buf.write('PK', 0);
      else if (buf.length > 2) { buf[0] = 0x1f; buf[1] = 0x8b; }
      try {
        await readArchiveBuffer(buf, `/tmp/${name}`);
      } catch (e) {
        assert.ok(e instanceof Error && e.message.length > 0);
      }
    }), { numRuns: 200 });
  });
});

describe('property test: path helpers', () => {
  it('relPosix and isInside answer as path.relative does, fast path or not (issue #20)', () => {
    const segment = fc.constantFrom('a', 'b', 'ab', '.', '..', '', 'a.b', '.a', 'a..', '...', '..a', 'a b', 'é', 'node_modules');
    const abs = fc.tuple(fc.boolean(), fc.array(segment, { maxLength: 5 }), fc.boolean()).map(([lead, segs, trail]) => (lead || segs.length === 0 ? '/' : '') + segs.join('/') + (trail ? '/' : ''));
    // Often the second path extends the first, where the fast path applies.
    const pair = fc.oneof(fc.tuple(abs, abs), fc.tuple(abs, fc.array(segment, { minLength: 1, maxLength: 4 })).map(([a, rest]) => [a, `${a.replace(/\/$/, '')}/${rest.join('/')}`] as [string, string]));
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const rel = path.relative(a, b);
        assert.equal(relPosix(a, b), rel, `relPosix(${a}, ${b})`);
        assert.equal(isInside(a, b), rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel)), `isInside(${a}, ${b})`);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('property test: fix-all is idempotent', function () {
  this.timeout(300_000);
  // Random packages made of leak features; applying the safe fixes until stable, then once more,
  // changes nothing the second time, and what was fixed stays fixed.
  const feature = fc.constantFrom('env', 'envProd', 'map', 'npmignore', 'gitignore', 'files', 'filesDir', 'log', 'agent', 'nestedEnv');
  it('applying safe fixes twice changes nothing the second time', async () => {
    await fc.assert(fc.asyncProperty(fc.uniqueArray(feature, { minLength: 1, maxLength: 6 }), async (features: string[]) => {
      const has = (f: string) => features.includes(f);
      const manifest: Record<string, unknown> = { name: 'p', version: '1.0.0', main: 'dist/index.js', license: 'MIT', repository: 'github:a/b' };
      if (has('files')) manifest.files = ['dist', 'conf'];
      if (has('filesDir')) manifest.files = ['dist/', 'conf/'];
      const tree: Record<string, string> = { 'package.json': JSON.stringify(manifest, null, 2) + '\n', 'dist/index.js': 'module.exports = 1;\n' };
      if (has('env')) tree['.env'] = 'A=1\n';
      if (has('envProd')) tree['.env.production'] = 'B=2\n';
      if (has('nestedEnv')) tree['conf/.env.local'] = 'C=3\n';
      if (has('map')) tree['dist/index.js.map'] = JSON.stringify({ version: 3, sources: ['../src/index.ts'], sourcesContent: ['export default 1;\n'], mappings: '' });
      if (has('npmignore')) tree['.npmignore'] = 'test/\n';
      if (has('gitignore')) tree['.gitignore'] = '.env*\n*.log\n';
      if (has('log')) tree['debug.log'] = 'x\n';
      if (has('agent')) tree['CLAUDE.md'] = '# notes\n';
      const root = writeTree(tree);
      const analyze = async () => (await analyzeFolder({ fs: new DiskFileSystem(), folder: root, rules: allRules })).findings;
      const isDotenv = (f: { ruleId: string }) => f.ruleId === 'secret-dotenv-in-publish-set';
      const before = await analyze();
      const firstRound = await applyFixesToDisk(before, analyze, root);
      // A shipped .env always has a safe fix (catalogue rule 37): the property is not vacuous.
      if (before.some(isDotenv)) {
        assert.ok(firstRound.applied.length > 0, `a safe fix was applied for ${features.join(',')}`);
        assert.deepEqual((await analyze()).filter(isDotenv).map((f) => f.message), [], 'the .env leak is fixed');
      }
      const snapshot = (dir: string) => JSON.stringify(walk(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
      const first = snapshot(root);
      const second = await applyFixesToDisk(await analyze(), analyze, root);
      assert.deepEqual(second.applied, [], `nothing left to fix: ${JSON.stringify(second.applied)}`);
      assert.equal(snapshot(root), first);
    }), { numRuns: 25 });
  });
});

function walk(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))])).sort();
}
