import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  parseSourceMap,
  findMapReferences,
  extractInlineMaps,
  sniffSourceMap,
  classifySources,
  absolutePathLeaks,
  embeddedSources,
} from '../../server/src/engine/sourcemap';

/** A Claude-Code-shaped map: first-party under ../src/, third-party under ../node_modules/, full sourcesContent. */
function bigMap(firstParty: number, thirdParty: number, linesPerSource: number): { text: string; lines: number } {
  const sources: string[] = [];
  const contents: string[] = [];
  for (let i = 0; i < firstParty + thirdParty; i++) {
    const first = i < firstParty;
    sources.push(first ? `../src/area${i % 40}/file${i}.ts` : `../node_modules/lib${i % 200}/index${i}.js`);
    const body: string[] = [];
    for (let l = 0; l < linesPerSource; l++) body.push(`export const v${l} = call("${first ? 'internal' : 'lib'}-${i}-${l}", ${l}); // ünïcode ✓`);
    contents.push(body.join('\n') + '\n');
  }
  return {
    text: JSON.stringify({ version: 3, sources, sourcesContent: contents, mappings: 'AAAA,SAAS;'.repeat(500_000), names: [] }),
    lines: firstParty * linesPerSource,
  };
}

describe('sourcemap: large and hostile input', () => {
  it('parses and classifies a generated ~40 MB map with full sourcesContent', () => {
    const { text, lines } = bigMap(1906, 2850, 110);
    assert.ok(text.length > 35_000_000, `map is ${text.length} chars`);
    const r = parseSourceMap(text);
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.map.sources.length, 4756);
    assert.equal([...embeddedSources(r.map)].length, 4756);
    assert.equal(r.map.mappingsLength, 5_000_000);
    const { summary } = classifySources(r.map, { mapPath: '/pkg/cli.js.map', unitRoot: '/pkg', shippedPaths: new Set(['cli.js', 'package.json']) });
    assert.equal(summary.firstPartyEmbedded, 1906);
    assert.equal(summary.exposed, 1906);
    assert.equal(summary.exposedLines, lines);
    assert.equal(summary.thirdParty, 2850);
    assert.equal(summary.topFolders[0].folder, '../src/');
    assert.equal(summary.topFolders.length, 1);
    assert.deepEqual(absolutePathLeaks(r.map), []);
    // Truncating the same big map is a problem, not a throw.
    const cut = parseSourceMap(text.slice(0, text.length - 1000));
    assert.equal(cut.ok, false);
    assert.match((cut as { problem: string }).problem, /truncated/);
  });

  it('never throws on random or mutated input (property)', () => {
    const seedMap = JSON.stringify({
      version: 3,
      sections: [{ offset: { line: 0, column: 0 }, map: { version: 3, sources: ['a.ts', null], sourcesContent: ['x', 1], names: ['n'], mappings: 'AA', ignoreList: ['z', 0] } }],
    });
    const seedJs = `a();//# sourceMappingURL=data:application/json;base64,${Buffer.from(seedMap).toString('base64')}\n/*# sourceMappingURL=x.map */ \`\${/re/}\` '//# debugId=1'`;
    const mutated = fc
      .tuple(fc.constantFrom(seedMap, seedJs), fc.array(fc.tuple(fc.nat(), fc.nat(8), fc.string({ maxLength: 6 })), { maxLength: 6 }))
      .map(([seed, edits]) => {
        let s = seed;
        for (const [at, del, ins] of edits) {
          const p = at % (s.length + 1);
          s = s.slice(0, p) + ins + s.slice(p + del);
        }
        return s;
      });
    const jsonish = fc.json().map((j) => `{"version":3,"sources":${j},"sourcesContent":${j},"sections":${j},"mappings":${j}}`);
    const input = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), mutated, jsonish, fc.json());
    fc.assert(
      fc.property(input, (s) => {
        const r = parseSourceMap(s);
        if (r.ok) {
          classifySources(r.map, { mapPath: 'dist/x.js.map', unitRoot: '/pkg', shippedPaths: new Set() });
          absolutePathLeaks(r.map);
        } else assert.equal(typeof r.problem, 'string');
        for (const ref of findMapReferences(s)) assert.ok(ref.start < ref.end && ref.valueEnd <= s.length);
        findMapReferences(s, { language: 'css' });
        for (const m of extractInlineMaps(s)) {
          assert.ok((m.text === undefined) !== (m.problem === undefined));
          if (m.text !== undefined) parseSourceMap(m.text);
        }
        sniffSourceMap(s);
      }),
      { numRuns: 1500 },
    );
  });

  it('handles deep nesting and pathological values without throwing', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    assert.equal(parseSourceMap(deep).ok, false);
    let nested: unknown = { version: 3, sources: ['deep.ts'], mappings: '' };
    for (let i = 0; i < 100; i++) nested = { version: 3, sections: [{ offset: { line: 0, column: 0 }, map: nested }] };
    const r = parseSourceMap(JSON.stringify(nested));
    assert.ok(r.ok && r.map.warnings.some((w) => /nested deeper/.test(w)));
    assert.deepEqual(findMapReferences('/'.repeat(100_000)), []);
    assert.deepEqual(findMapReferences('`${'.repeat(50_000)), []);
    const junk = extractInlineMaps('data:application/json;base64,'.repeat(10_000));
    assert.ok(junk.every((m) => m.problem !== undefined && !m.referenced));
  });
});
