import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withTable } from '../../scripts/rule-table';

describe('README (meta)', () => {
  const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  it('has an up-to-date rule table (run: npx tsx scripts/rule-table.ts --write)', () => {
    assert.equal(readme, withTable(readme));
  });
  it('starts with the two set-up commands', () => {
    const firstScreen = readme.split('\n').slice(0, 40).join('\n');
    assert.match(firstScreen, /npm ci/);
    assert.match(firstScreen, /npm test/);
    assert.match(firstScreen, /npx leakguard check \./);
  });
});
