import * as assert from 'node:assert/strict';
import rule from '../../rules/config-webpack-devtool';
import { runOnTree } from '../helpers/rule-tester';

const pkg = (extra: object) => JSON.stringify({ name: 'app', version: '1.0.0', files: ['dist'], ...extra }, null, 2);

describe('config-webpack-devtool', () => {
  it('docs form: devtool source-map in a published dist', async () => {
    const cfg = `module.exports = { mode: 'production', devtool: 'source-map', output: { path: __dirname + '/dist' } };`;
    const { findings } = await runOnTree({ 'package.json': pkg({}), 'webpack.config.js': cfg }, { rules: [rule] });
    assert.equal(findings.length, 1);
    assert.equal(cfg.slice(findings[0].start, findings[0].end), `'source-map'`);
    assert.deepEqual(findings[0].suggestions.map((s) => s.edits[0].edits[0].newText), ['false', `'hidden-nosources-source-map'`]);
  });

  it('real form: (env, argv) function with a production ternary and path.resolve output', async () => {
    const cfg = `const path = require('path');\nmodule.exports = (env, argv) => ({ devtool: argv.mode === 'production' ? 'nosources-source-map' : 'eval-source-map', output: { path: path.resolve(__dirname, 'dist') } });`;
    const { findings } = await runOnTree({ 'package.json': pkg({}), 'webpack.config.js': cfg }, { rules: [rule] });
    assert.equal(findings.length, 1);
    assert.equal(cfg.slice(findings[0].start, findings[0].end), `'nosources-source-map'`);
    assert.match(findings[0].message, /conditionally/);
  });

  it('traps: dev-only config file, eval only in development, hidden-nosources into an unpublished folder', async () => {
    const a = await runOnTree({ 'package.json': pkg({}), 'webpack.dev.js': `module.exports = { devtool: 'eval-source-map' };` }, { rules: [rule] });
    assert.equal(a.findings.length, 0);
    const b = await runOnTree({ 'package.json': pkg({}), 'webpack.config.js': `const isProd = process.env.NODE_ENV === 'production';\nmodule.exports = { devtool: isProd ? false : 'eval' };` }, { rules: [rule] });
    assert.equal(b.findings.length, 0);
    const c = await runOnTree({ 'package.json': pkg({}), 'webpack.config.js': `module.exports = { devtool: 'hidden-nosources-source-map', output: { path: require('path').join(__dirname, 'out') } };` }, { rules: [rule] });
    assert.equal(c.findings.length, 1);
    assert.equal(c.findings[0].severity, 'info');
  });
});
