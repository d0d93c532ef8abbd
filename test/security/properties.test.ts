/**
 * Done-means of issue #15: fast-check generates hostile configurations (regexes and globs with
 * nesting and repetition) and runs them on adversarial inputs. The properties run in a child
 * process (hostile-patterns.property.ts) under a generous overall deadline: a pattern that hung
 * would be killed there and fail here, instead of freezing mocha.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { runTs } from './hostile-run';

describe('security: property tests on generated hostile regexes and globs', function () {
  this.timeout(300_000);

  it('every generated regex and glob compiles or is refused with a message, and matching adversarial inputs finishes within the budget', () => {
    const r = runTs(path.join(__dirname, 'hostile-patterns.property.ts'), ['200'], 240_000);
    assert.equal(r.timedOut, false, `the properties did not finish within 240 s (a pattern hangs)\n${r.stderr.slice(-2000)}`);
    assert.equal(r.code, 0, r.stderr.slice(-4000));
    const counts = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>;
    assert.equal(counts.regexes, 200);
    assert.ok(counts.compiled > 100, 'most generated regexes run on the linear engine');
    assert.ok(counts.oracleChecks > 100, 'RE2 and V8 agree on short inputs (the engine really matches)');
    assert.ok(counts.globsRefused > 0 && counts.globsRefused < counts.globs, 'some globs are refused, others matched');
    assert.ok(counts.matches > 0);
  });
});
