/**
 * `leakguard pack` on artifacts built by the real tools: a `.vsix` made by @vscode/vsce's own CLI
 * (`vsce package --no-dependencies`) and a `.tgz` made by `npm pack`. The archive is what ships, so
 * Leakguard must see exactly its entries: a planted `.env.production` and a map nobody excluded.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync, execFileSync } from 'node:child_process';
import { writeTree } from '../helpers/rule-tester';
import { readArchive } from '../../server/src/engine/publish/archive';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const VSCE = path.join(ROOT, 'node_modules/@vscode/vsce/vsce');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonOut {
  findings: Array<{ ruleId: string; file: string; severity: string; related?: Array<{ file: string }> }>;
  units: Array<{ name: string; files: number; bytes: number; tool: string }>;
}

/** Secret-looking content assembled at run time (STYLE.md: no scanner flags the repository). */
const envValue = () => ['API', '_KEY=', 'q7Zp', 'Lm2x', 'Rt9v', 'Wk4n', 'Bd8s'].join('');

describe('CLI: leakguard pack on real .vsix and .tgz artifacts', function () {
  this.timeout(120_000);
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run "npm run build" first');
  });

  it('a .vsix from the real vsce: finds the planted .env.production and the unexcluded map', () => {
    const dir = writeTree({
      'package.json': JSON.stringify(
        { name: 'leaky-ext', displayName: 'Leaky', publisher: 'leakguard-test', version: '0.0.1', license: 'MIT', repository: 'https://github.com/leakguard/leaky-ext', engines: { vscode: '^1.80.0' }, main: './dist/extension.js', activationEvents: [], contributes: {} },
        null,
        2,
      ),
      'dist/extension.js': 'exports.activate = () => {};\n//# sourceMappingURL=extension.js.map\n',
      'dist/extension.js.map': JSON.stringify({ version: 3, sources: ['../src/extension.ts'], sourcesContent: ['export function activate() {}\n'], mappings: 'AAAA' }),
      'src/extension.ts': 'export function activate() {}\n',
      '.env.production': `${envValue()}\n`,
      // Excludes the sources only: the map and the env file go through, as in many real extensions.
      '.vscodeignore': 'src/**\n',
      'README.md': '# Leaky\n\nA fixture.\n',
      'LICENSE': 'MIT\n',
    });
    const out = path.join(dir, 'leaky.vsix');
    const r = spawnSync(process.execPath, [VSCE, 'package', '--no-dependencies', '--out', out], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    // vsce's own check stops only a file named exactly `.env`: `.env.production` goes through.
    assert.equal(r.status, 0, `vsce package failed:\n${r.stdout}\n${r.stderr}`);
    assert.ok(fs.existsSync(out));

    const res = run(['pack', out, '--format', 'json'], dir);
    assert.equal(res.code, 1, res.stderr);
    const json = JSON.parse(res.stdout) as JsonOut;
    const dotenv = json.findings.filter((f) => f.ruleId === 'secret-dotenv-in-publish-set');
    assert.ok(dotenv.length >= 1, JSON.stringify(json.findings.map((f) => f.ruleId)));
    assert.equal(dotenv[0].severity, 'error');
    assert.ok([dotenv[0].file, ...(dotenv[0].related ?? []).map((x) => x.file)].some((f) => /\.env\.production$/.test(f)), JSON.stringify(dotenv[0]));
    // One finding per leak: the map is reported once (sourcemap-sources-content), the other rules' echoes are related locations.
    const maps = json.findings.filter((f) => f.ruleId.startsWith('sourcemap-'));
    assert.ok(maps.length >= 1, JSON.stringify(json.findings.map((f) => f.ruleId)));
    assert.ok([maps[0].file, ...(maps[0].related ?? []).map((x) => x.file)].some((f) => /dist\/extension\.js\.map$/.test(f)));
    // Nothing .vscodeignore excluded is reported: src/ is not in the archive.
    assert.ok(!json.findings.some((f) => /(^|\/)src\/extension\.ts$/.test(f.file)));
    assert.equal(json.units[0].name, 'leaky-ext');
    assert.equal(json.units[0].tool, 'archive');
    // Text output names the archive's own paths.
    const text = run(['pack', out], dir);
    assert.match(text.stdout, /\.env\.production/);
  });

  it('a .tgz from the real npm pack is analysed exactly as it ships (same entries, same bytes)', async () => {
    const dir = writeTree({
      'package.json': JSON.stringify({ name: 'leaky-lib', version: '1.0.0', main: 'dist/index.js', license: 'MIT' }, null, 2),
      'dist/index.js': 'module.exports = 1;\n',
      'dist/index.js.map': JSON.stringify({ version: 3, sources: ['../src/index.ts'], sourcesContent: ['export default 1;\n'], mappings: 'AAAA' }),
      '.env.production': `${envValue()}\n`,
      // Excluded by .npmignore: must not be reported, because it is not in the tarball.
      '.npmignore': 'secrets/\nsrc/\n',
      'secrets/id_rsa': 'not a key\n',
      'src/index.ts': 'export default 1;\n',
    });
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as Array<{ filename: string; entryCount: number; unpackedSize: number; files: Array<{ path: string; size: number }> }>;
    const tgz = path.join(dir, packed[0].filename);
    const shipped = packed[0].files.map((f) => f.path).sort();
    assert.ok(shipped.includes('.env.production') && shipped.includes('dist/index.js.map') && !shipped.some((p) => p.startsWith('secrets/')));

    // The archive reader sees exactly npm's entries and sizes.
    const archive = await readArchive(tgz);
    assert.deepEqual([...archive.entries.keys()].sort(), shipped);
    for (const f of packed[0].files) assert.equal(archive.entries.get(f.path)?.length, f.size, f.path);

    const res = run(['pack', tgz, '--format', 'json'], dir);
    assert.equal(res.code, 1, res.stderr);
    const json = JSON.parse(res.stdout) as JsonOut;
    assert.equal(json.units[0].files, packed[0].entryCount);
    assert.equal(json.units[0].bytes, packed[0].unpackedSize);
    const ids = new Set(json.findings.map((f) => f.ruleId));
    assert.ok(ids.has('secret-dotenv-in-publish-set'), [...ids].join());
    const mentioned = json.findings.flatMap((f) => [f.file, ...(f.related ?? []).map((x) => x.file)]);
    // One finding per leak: the map may be folded into the finding at its cause (no "files" allowlist).
    assert.ok(mentioned.some((f) => /dist\/index\.js\.map$/.test(f)), [...ids].join());
    // (`../src/index.ts` may appear: it is the map's embedded source, which does ship inside the map.)
    assert.ok(!mentioned.some((f) => /secrets\/id_rsa$/.test(f) || f === 'src/index.ts'), 'files npm left out are not reported');
  });
});
