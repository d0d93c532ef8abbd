import * as assert from 'node:assert/strict';
import rule from '../../rules/prompt-asset-inlined';
import { runOnTree, runOnText } from '../helpers/rule-tester';

const ID = 'prompt-asset-inlined';

async function ids(relPath: string, text: string): Promise<Array<[string, string]>> {
  const f = (await runOnText(rule, relPath, text)).filter((x) => x.ruleId === ID);
  return f.map((x) => [x.messageId, x.severity]);
}

describe(ID, () => {
  it('fires on ?raw, import attributes and inline raw-loader imports of prompt files', async () => {
    const text = [
      "import system from './prompts/system.md?raw';",
      "import review from '../review.prompt.md?raw';",
      "import agent from './agent/system-prompt.txt' with { type: 'text' };",
      "const inst = require('!!raw-loader!./instructions.md');",
      "const later = await import('./prompts/tools.yaml?raw');",
    ].join('\n');
    const f = (await runOnText(rule, 'src/agent.ts', text)).filter((x) => x.ruleId === ID);
    assert.deepEqual(f.map((x) => [x.messageId, x.data.target, x.data.how]), [
      ['rawImport', './prompts/system.md', '?raw'],
      ['rawImport', '../review.prompt.md', '?raw'],
      ['rawImport', './agent/system-prompt.txt', "type: 'text'"],
      ['rawImport', './instructions.md', 'raw-loader'],
      ['rawImport', './prompts/tools.yaml', '?raw'],
    ]);
    assert.ok(f.every((x) => x.severity === 'warning'));
    // The finding sits on the specifier.
    assert.equal(text.slice(f[0].start, f[0].end), './prompts/system.md?raw');
  });

  it('says when the importing file ships', async () => {
    const { findings } = await runOnTree(
      { 'package.json': JSON.stringify({ name: 'agent', version: '1.0.0', main: 'index.js' }), 'index.js': "import p from './prompts/system.md?raw';\n" },
      { rules: [rule] },
    );
    const f = findings.filter((x) => x.ruleId === ID);
    assert.equal(f.length, 1);
    assert.match(f[0].message, /will be published/);
  });

  it('fires on bundler loaders aimed at prompt files (warning) and on blanket markdown/text loaders (info)', async () => {
    assert.deepEqual(await ids('build.mjs', "await esbuild.build({ entryPoints: ['src/cli.ts'], bundle: true, loader: { '.prompt': 'text', '.md': 'text' } });"), [
      ['promptLoader', 'warning'],
      ['textLoader', 'info'],
    ]);
    assert.deepEqual(await ids('webpack.config.js', "module.exports = { module: { rules: [{ test: /prompts\\/.*\\.md$/, type: 'asset/source' }] } };"), [['promptLoader', 'warning']]);
    assert.deepEqual(await ids('webpack.config.js', "module.exports = { module: { rules: [{ test: /\\.txt$/, use: 'raw-loader' }] } };"), [['textLoader', 'info']]);
    assert.deepEqual(await ids('rollup.config.mjs', "import { string } from 'rollup-plugin-string';\nexport default { plugins: [string({ include: 'src/prompts/**/*.md' })] };"), [['promptLoader', 'warning']]);
  });

  it('does not fire on other raw imports, plain imports, other loaders or ?raw outside imports (traps)', async () => {
    const text = [
      "import shader from './shader.glsl?raw';",
      "import readme from '../README.md?raw';",
      "import logo from './prompts/logo.svg?url';",
      "import { SYSTEM } from './prompts/system';",
      "import data from './prompts/config.json' with { type: 'json' };",
      "const help = 'append ?raw to ./prompts/system.md to inline it';",
      "// import old from './prompts/old.md?raw' is gone",
    " * import older from './prompts/older.md?raw'",
    ].join('\n');
    const f = (await runOnText(rule, 'src/app.ts', text)).filter((x) => x.ruleId === ID);
    assert.deepEqual(f.map((x) => x.data.target), []);
    assert.deepEqual(await ids('build.mjs', "esbuild.build({ loader: { '.css': 'text', '.svg': 'dataurl', '.md': 'file' } });"), []);
    assert.deepEqual(await ids('webpack.config.js', "module.exports = { module: { rules: [{ test: /\\.css$/, type: 'asset/source' }, { test: /\\.png$/, type: 'asset/resource' }] } };"), []);
    assert.deepEqual(await ids('rollup.config.mjs', "export default { plugins: [string({ include: '**/*.md' })] };"), [], 'no string plugin import');
    assert.deepEqual(await ids('README.md', "import p from './prompts/system.md?raw';"), [], 'not a JS file');
  });
});
