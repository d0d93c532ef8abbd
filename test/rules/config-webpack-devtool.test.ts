import * as assert from 'node:assert/strict';
import rule from '../../rules/config-webpack-devtool';
import { ruleTester } from '../helpers/rule-tester';

const pkg = (extra: object) => JSON.stringify({ name: 'app', version: '1.0.0', files: ['dist'], ...extra }, null, 2);
const text = (f: { suggestions: Array<{ edits: Array<{ edits: Array<{ newText: string }> }> }> }) => f.suggestions.map((s) => s.edits[0].edits[0].newText);

ruleTester(rule, {
  valid: [
    { name: 'a dev-only config file', files: { 'package.json': pkg({}), 'webpack.dev.js': `module.exports = { devtool: 'eval-source-map' };` } },
    { name: 'eval only in development', files: { 'package.json': pkg({}), 'webpack.config.js': `const isProd = process.env.NODE_ENV === 'production';\nmodule.exports = { devtool: isProd ? false : 'eval' };` } },
  ],
  invalid: [
    {
      name: 'docs form: devtool source-map in a published dist',
      files: { 'package.json': pkg({}), 'webpack.config.js': `module.exports = { mode: 'production', devtool: 'source-map', output: { path: __dirname + '/dist' } };` },
      errors: [{ messageId: 'devtool', text: `'source-map'` }],
      check: (f) => {
        assert.deepEqual(text(f[0]), ['false', `'hidden-nosources-source-map'`]);
      },
    },
    {
      name: 'real form: (env, argv) function with a production ternary and path.resolve output',
      files: { 'package.json': pkg({}), 'webpack.config.js': `const path = require('path');\nmodule.exports = (env, argv) => ({ devtool: argv.mode === 'production' ? 'nosources-source-map' : 'eval-source-map', output: { path: path.resolve(__dirname, 'dist') } });` },
      errors: [{ messageId: 'devtool', text: `'nosources-source-map'` }],
      check: (f) => assert.match(f[0].message, /conditionally/),
    },
    {
      name: 'hidden-nosources into an unpublished folder is info',
      files: { 'package.json': pkg({}), 'webpack.config.js': `module.exports = { devtool: 'hidden-nosources-source-map', output: { path: require('path').join(__dirname, 'out') } };` },
      errors: [{ messageId: 'devtool', severity: 'info' }],
    },
  ],
});
