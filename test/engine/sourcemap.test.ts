import * as assert from 'node:assert/strict';
import {
  isSourceMapName,
  isConventionalSourceMapName,
  sniffSourceMap,
  parseSourceMap,
  embeddedSources,
  classifySources,
  absolutePathLeaks,
  countLines,
  contentDigest,
  embeddedSourcesOfFile,
  type ParsedMap,
} from '../../server/src/engine/sourcemap';

function mustParse(text: string): ParsedMap {
  const r = parseSourceMap(text);
  if (!r.ok) assert.fail(`expected a map, got problem: ${r.problem}`);
  return r.map;
}

/** esbuild's key order: sourcesContent comes before mappings. */
function esbuildMap(): string {
  return `{
  "version": 3,
  "sources": ["../src/index.ts", "../node_modules/lodash/lodash.js"],
  "sourcesContent": ["export const a = 1;\\nexport const b = 2;\\n", "module.exports = {};"],
  "mappings": "AAAA,OAAO;AACP",
  "names": ["a", "b"]
}`;
}

describe('sourcemap: names and sniffing', () => {
  it('recognises map names', () => {
    for (const p of ['cli.js.map', 'dist/a.css.map', 'types/x.d.ts.map', 'x.min.map', 'weird.map', 'C:\\x\\y.mjs.map']) {
      assert.equal(isSourceMapName(p), true, p);
    }
    for (const p of ['map.js', 'a.mapx', 'src/map/index.ts', 'dist/.map', 'roadmap']) assert.equal(isSourceMapName(p), false, p);
    assert.equal(isConventionalSourceMapName('cli.js.map'), true);
    assert.equal(isConventionalSourceMapName('x.d.ts.map'), true);
    assert.equal(isConventionalSourceMapName('level1.map'), false);
  });

  it('sniffs maps in any key order, index maps, and buffers', () => {
    assert.equal(sniffSourceMap(esbuildMap()), 'map');
    assert.equal(sniffSourceMap('{"mappings":";;AAAA","sources":[]}'), 'map');
    const big = '{"version":3,"sources":["a.ts"],"sourcesContent":["' + 'x'.repeat(10_000) + '"],"mappings":"AAAA"}';
    assert.equal(sniffSourceMap(big.slice(0, 4096)), 'map', 'esbuild order: mappings beyond the head');
    assert.equal(sniffSourceMap('{"version":3,"sections":[{"offset":{"line":0,"column":0},"map":{}}]}'), 'index-map');
    assert.equal(sniffSourceMap(Buffer.from('\ufeff' + esbuildMap())), 'map');
    assert.equal(sniffSourceMap(")]}'\n" + esbuildMap()), 'map');
  });

  it('does not sniff package.json, tsconfig, escaped text or garbage as maps', () => {
    assert.equal(sniffSourceMap('{"name":"x","version":"3.0.0","files":["dist"]}'), undefined);
    assert.equal(sniffSourceMap('{"compilerOptions":{"sourceMap":true}}'), undefined);
    assert.equal(sniffSourceMap('{"description":"has \\"mappings\\": \\"x\\" in it"}'), undefined);
    assert.equal(sniffSourceMap('[1,2,3]'), undefined);
    assert.equal(sniffSourceMap('not json at all'), undefined);
    assert.equal(sniffSourceMap(''), undefined);
    assert.equal(sniffSourceMap(new Uint8Array([0, 1, 2, 255])), undefined);
  });
});

describe('sourcemap: parseSourceMap', () => {
  it('parses esbuild key order with sourcesContent before mappings', () => {
    const map = mustParse(esbuildMap());
    assert.equal(map.kind, 'regular');
    assert.equal(map.sources.length, 2);
    assert.equal(map.sources[0].source, '../src/index.ts');
    assert.equal(map.sources[0].content, 'export const a = 1;\nexport const b = 2;\n');
    assert.deepEqual(map.sources[1].jsonPath, ['sources', 1]);
    assert.deepEqual(map.names, ['a', 'b']);
    assert.equal(map.mappingsLength, 'AAAA,OAAO;AACP'.length);
    assert.deepEqual(map.warnings, []);
  });

  it('parses rollup maps with file, sourceRoot, debugId and ignoreList', () => {
    const map = mustParse(
      JSON.stringify({
        version: 3,
        file: 'bundle.js',
        sourceRoot: '../',
        sources: ['src/main.ts', 'node_modules/tslib/tslib.es6.js', null],
        sourcesContent: ['main()', 'tslib', null],
        names: ['main', 42],
        mappings: 'AAAA',
        ignoreList: [1],
        x_google_ignoreList: [2],
        debugId: '85314830-023f-4cf1-a267-535f4e37bb17',
      }),
    );
    assert.equal(map.file, 'bundle.js');
    assert.equal(map.sourceRoot, '../');
    assert.equal(map.debugId, '85314830-023f-4cf1-a267-535f4e37bb17');
    assert.deepEqual(map.sources.map((s) => s.ignored), [false, true, true]);
    assert.equal(map.sources[2].source, '');
    assert.equal(map.sources[2].content, null);
    assert.deepEqual(map.names, ['main'], 'non-string names are dropped');
  });

  it('flattens nested index maps with each section\'s sources, content, names and ignore list', () => {
    const text = JSON.stringify({
      version: 3,
      sections: [
        { offset: { line: 0, column: 0 }, map: { version: 3, sourceRoot: 'a/', sources: ['one.ts'], sourcesContent: ['1'], names: ['x'], mappings: 'AA' } },
        {
          offset: { line: 10, column: 0 },
          map: {
            version: 3,
            sections: [
              { offset: { line: 0, column: 0 }, map: { version: 3, sources: ['two.ts', 'node_modules/z.js'], sourcesContent: ['2\n2', 'z'], names: ['y'], mappings: 'AAAA', ignoreList: [1] } },
            ],
          },
        },
        { offset: { line: 20, column: 0 }, url: 'other.js.map' },
      ],
    });
    const map = mustParse(text);
    assert.equal(map.kind, 'index');
    assert.equal(map.sectionCount, 4);
    assert.deepEqual(map.sources.map((s) => [s.index, s.source, s.sourceRoot, s.content, s.ignored]), [
      [0, 'one.ts', 'a/', '1', false],
      [1, 'two.ts', '', '2\n2', false],
      [2, 'node_modules/z.js', '', 'z', true],
    ]);
    assert.deepEqual(map.sources[1].jsonPath, ['sections', 1, 'map', 'sections', 0, 'map', 'sources', 0]);
    assert.deepEqual(map.names, ['x', 'y']);
    assert.deepEqual(map.sectionUrls, ['other.js.map']);
    assert.equal(map.mappingsLength, 6);
  });

  it('reads webpack and tsc inlineSources maps', () => {
    const webpack = mustParse(
      JSON.stringify({
        version: 3,
        file: 'main.js',
        mappings: 'AAAA',
        sources: ['webpack://my-app/./src/index.ts', 'webpack://my-app/webpack/bootstrap', 'webpack://my-app/./node_modules/react/index.js'],
        sourcesContent: ['app', 'boot', 'react'],
        names: [],
        sourceRoot: '',
      }),
    );
    assert.equal(webpack.sources.length, 3);
    const tsc = mustParse('{"version":3,"file":"index.js","sourceRoot":"","sources":["../src/index.ts"],"names":[],"mappings":"AAAA","sourcesContent":["const x: number = 1;"]}');
    assert.equal(tsc.sources[0].content, 'const x: number = 1;');
  });

  it('gives clear problems for truncated maps, JSON that is not a map, and non-JSON', () => {
    const full = esbuildMap();
    const truncated = parseSourceMap(full.slice(0, Math.floor(full.length / 2)));
    assert.equal(truncated.ok, false);
    assert.match((truncated as { problem: string }).problem, /truncated/i);
    const notMap = parseSourceMap('{"name":"pkg","version":"1.0.0"}');
    assert.equal(notMap.ok, false);
    assert.match((notMap as { problem: string }).problem, /not a source map/i);
    const arr = parseSourceMap('[1,2]');
    assert.match((arr as { problem: string }).problem, /array/);
    const notJson = parseSourceMap('GIF89a\u0000\u0001 binary');
    assert.equal(notJson.ok, false);
    assert.match((notJson as { problem: string }).problem, /not JSON/);
    const empty = parseSourceMap('');
    assert.equal(empty.ok, false);
    const broken = parseSourceMap('{"version":3,"sources":[}');
    assert.equal(broken.ok, false);
    assert.match((broken as { problem: string }).problem, /not valid JSON/);
    assert.equal(parseSourceMap(undefined as unknown as string).ok, false);
  });

  it('warns (without failing) on version and length oddities', () => {
    const map = mustParse('{"version":2,"sources":["a","b"],"sourcesContent":["x"],"mappings":""}');
    assert.equal(map.sources[1].content, null);
    assert.equal(map.warnings.length, 2);
  });

  it('strips the XSSI prologue and a BOM', () => {
    assert.equal(mustParse(")]}'\n" + esbuildMap()).sources.length, 2);
    assert.equal(mustParse('\ufeff' + esbuildMap()).sources.length, 2);
  });

  it('iterates embedded sources only', () => {
    const map = mustParse('{"version":3,"sources":["a.ts","b.ts","c.ts"],"sourcesContent":["A",null,"C"],"mappings":"","names":["n"]}');
    assert.deepEqual([...embeddedSources(map)].map((e) => [e.sourceIndex, e.source, e.content]), [
      [0, 'a.ts', 'A'],
      [2, 'c.ts', 'C'],
    ]);
  });
});

describe('sourcemap: classifySources', () => {
  const root = '/work/pkg';

  it('reports a Claude-Code-like map: first-party under ../src/ exposed, node_modules third-party', () => {
    const sources = ['../src/a.ts', '../src/utils/b.ts', '../vendor/v.ts', '../node_modules/x/index.js'];
    const map = mustParse(JSON.stringify({ version: 3, sources, sourcesContent: ['a\nb\nc\n', 'one', 'v', 'lib\nlib'], mappings: '' }));
    const { sources: out, summary } = classifySources(map, { mapPath: `${root}/cli.js.map`, unitRoot: root, shippedPaths: new Set(['cli.js', 'package.json']) });
    assert.deepEqual(out.map((s) => s.resolvedPath), ['../src/a.ts', '../src/utils/b.ts', '../vendor/v.ts', '../node_modules/x/index.js']);
    assert.deepEqual(out.map((s) => s.origin), ['first-party', 'first-party', 'first-party', 'third-party']);
    assert.deepEqual(out.map((s) => s.exposed), [true, true, true, false]);
    assert.equal(summary.firstPartyEmbedded, 3);
    assert.equal(summary.exposed, 3);
    assert.equal(summary.exposedLines, 3 + 1 + 1);
    assert.equal(summary.totalLines, 7);
    assert.equal(summary.thirdParty, 1);
    assert.equal(summary.commonFolder, '../');
    assert.deepEqual(summary.topFolders, [
      { folder: '../src/', count: 2 },
      { folder: '../vendor/', count: 1 },
    ]);
  });

  it('does not count sources that ship anyway (by path or identical bytes) as exposed', () => {
    const map = mustParse(JSON.stringify({ version: 3, sources: ['../src/a.ts', '../lib/b.js', 'c.js'], sourcesContent: ['A', 'B', 'C'], mappings: '' }));
    const digests = new Map([[contentDigest('B'), 'dist/b-copy.js']]);
    const { sources, summary } = classifySources(map, { mapPath: 'dist/index.js.map', unitRoot: root, shippedPaths: new Set(['src/a.ts', 'dist/c.js']), shippedDigests: digests });
    assert.deepEqual(sources.map((s) => s.resolvedPath), ['src/a.ts', 'lib/b.js', 'dist/c.js']);
    assert.deepEqual(sources.map((s) => s.shippedAs), ['src/a.ts', 'dist/b-copy.js', 'dist/c.js']);
    assert.equal(summary.exposed, 0);
    assert.equal(summary.firstPartyEmbedded, 3);
  });

  it('resolves webpack:// paths against the project, sourceRoot and file:// against the map', () => {
    const map = mustParse(
      JSON.stringify({
        version: 3,
        sources: [
          'webpack://my-app/./src/x.ts',
          'webpack:///./src/y.ts',
          'webpack://my-app/webpack/bootstrap',
          'webpack://my-app/./node_modules/react/index.js',
          'file:///work/pkg/src/z.ts',
          'webpack:///Users/alice/dev/app/src/w.ts',
          '\u0000commonjsHelpers.js',
          'https://cdn.example.com/lib.js',
        ],
        sourcesContent: ['x', 'y', 'boot', 'react', 'z', 'w', 'h', 'cdn'],
        mappings: '',
      }),
    );
    const { sources, summary } = classifySources(map, { mapPath: `${root}/dist/main.js.map`, unitRoot: root, shippedPaths: new Set() });
    assert.deepEqual(sources.map((s) => s.resolvedPath), ['src/x.ts', 'src/y.ts', undefined, 'node_modules/react/index.js', 'src/z.ts', '/Users/alice/dev/app/src/w.ts', undefined, undefined]);
    assert.deepEqual(sources.map((s) => s.origin), ['first-party', 'first-party', 'synthetic', 'third-party', 'first-party', 'first-party', 'synthetic', 'third-party']);
    assert.equal(summary.exposed, 4);
    const withRoot = mustParse(JSON.stringify({ version: 3, sourceRoot: '../src', sources: ['a.ts'], sourcesContent: ['a'], mappings: '' }));
    assert.equal(classifySources(withRoot, { mapPath: 'dist/a.js.map', unitRoot: root, shippedPaths: new Set() }).sources[0].resolvedPath, 'src/a.ts');
  });

  // rxjs@7.8.1 dist/bundles/rxjs.umd.js.map: rollup inlined tslib as `../cjs/tslib/tslib.es6.js`.
  it('classifies inlined runtime helpers as third-party even outside node_modules/', () => {
    const helpers = [
      '../cjs/tslib/tslib.es6.js',
      '../../\u0000commonjsHelpers.js',
      '\u0000rollupPluginBabelHelpers.js',
      '_virtual/_commonjsHelpers.js',
      '(webpack)/buildin/global.js',
      'webpack/runtime/define property getters',
      'vendor/regenerator-runtime/runtime.js',
      'shims/core-js/modules/es.array.iterator.js',
      'helpers/@babel/runtime/helpers/esm/defineProperty.js',
      '../@swc/helpers/esm/_class_call_check.js',
      '/@vite/client',
      'vite/preload-helper.js',
    ];
    const map = mustParse(JSON.stringify({ version: 3, sources: [...helpers, '../cjs/internal/umd.js', '../src/tslib-utils.ts'], sourcesContent: [...helpers.map(() => 'helper'), 'umd', 'mine'], mappings: '' }));
    const { sources, summary } = classifySources(map, { mapPath: 'dist/bundles/rxjs.umd.js.map', unitRoot: root, shippedPaths: new Set() });
    assert.deepEqual(sources.filter((s) => s.origin === 'first-party').map((s) => s.source), ['../cjs/internal/umd.js', '../src/tslib-utils.ts']);
    assert.ok(sources.slice(0, helpers.length).every((s) => s.origin !== 'first-party' && !s.exposed));
    assert.equal(summary.exposed, 2);
  });

  it('matches an absolute CI path to a shipped file by suffix', () => {
    const map = mustParse(JSON.stringify({ version: 3, sources: ['/home/runner/work/pkg/pkg/lib/a.js'], sourcesContent: ['a'], mappings: '' }));
    const { sources } = classifySources(map, { mapPath: 'lib/a.min.js.map', unitRoot: root, shippedPaths: new Set(['lib/a.js']) });
    assert.equal(sources[0].shippedAs, 'lib/a.js');
    assert.equal(sources[0].exposed, false);
  });

  it('treats ignoreList entries as third-party and maps without content as not exposed', () => {
    const map = mustParse(JSON.stringify({ version: 3, sources: ['../src/a.ts', '../src/gen.ts'], sourcesContent: [null, 'g'], ignoreList: [1], mappings: '' }));
    const { summary } = classifySources(map, { mapPath: 'dist/x.js.map', unitRoot: root, shippedPaths: new Set() });
    assert.equal(summary.exposed, 0);
    assert.equal(summary.thirdParty, 1);
    assert.equal(summary.commonFolder, '');
  });

  it('counts lines like an editor', () => {
    assert.equal(countLines(''), 0);
    assert.equal(countLines('a'), 1);
    assert.equal(countLines('a\n'), 1);
    assert.equal(countLines('a\nb'), 2);
    assert.equal(countLines('a\r\nb\r\n'), 2);
  });
});

describe('sourcemap: absolutePathLeaks', () => {
  it('names users and CI systems in sources, sourceRoot and file', () => {
    const map = mustParse(
      JSON.stringify({
        version: 3,
        file: '/home/runner/work/app/app/dist/cli.js',
        sources: [
          '/Users/alice/code/app/src/a.ts',
          'webpack:///home/bob/app/src/b.ts',
          'C:\\Users\\Carol\\app\\src\\c.ts',
          'file:///builds/group/app/src/d.ts',
          '/var/lib/jenkins/workspace/app/src/e.ts',
          '/github/workspace/src/f.ts',
          '/root/app/g.ts',
          '/opt/app/h.ts',
          'webpack:///./src/ok.ts',
          '../src/ok2.ts',
          'https://example.com/x.js',
        ],
        mappings: '',
      }),
    );
    const leaks = absolutePathLeaks(map);
    const byValue = new Map(leaks.map((l) => [l.value, l]));
    assert.equal(leaks.length, 9);
    assert.equal(byValue.get('/Users/alice/code/app/src/a.ts')?.user, 'alice');
    assert.equal(byValue.get('webpack:///home/bob/app/src/b.ts')?.user, 'bob');
    assert.equal(byValue.get('C:\\Users\\Carol\\app\\src\\c.ts')?.user, 'Carol');
    assert.equal(byValue.get('file:///builds/group/app/src/d.ts')?.ci, 'GitLab CI');
    assert.equal(byValue.get('/var/lib/jenkins/workspace/app/src/e.ts')?.ci, 'Jenkins');
    assert.equal(byValue.get('/github/workspace/src/f.ts')?.ci, 'GitHub Actions');
    assert.equal(byValue.get('/root/app/g.ts')?.kind, 'root-home');
    assert.equal(byValue.get('/opt/app/h.ts')?.kind, 'other');
    const file = leaks.find((l) => l.where === 'file');
    assert.equal(file?.ci, 'GitHub Actions');
    assert.equal(file?.kind, 'ci');
    assert.equal(byValue.get('/Users/alice/code/app/src/a.ts')?.sourceIndex, 0);
  });

  it('reports an absolute sourceRoot once instead of every source, and ignores sourceRoot "/"', () => {
    const map = mustParse(JSON.stringify({ version: 3, sourceRoot: '/home/dave/proj/', sources: ['a.ts', 'b.ts'], mappings: '' }));
    const leaks = absolutePathLeaks(map);
    assert.deepEqual(leaks.map((l) => [l.where, l.user]), [['sourceRoot', 'dave']]);
    const slash = mustParse(JSON.stringify({ version: 3, sourceRoot: '/', sources: ['a.ts'], mappings: '' }));
    assert.deepEqual(absolutePathLeaks(slash), []);
    const runner = mustParse(JSON.stringify({ version: 3, sources: ['/home/runner/work/a/a/src/x.ts'], mappings: '' }));
    assert.deepEqual(absolutePathLeaks(runner).map((l) => [l.kind, l.user, l.ci]), [['ci', undefined, 'GitHub Actions']]);
  });
});

describe('sourcemap: embeddedSourcesOfFile', () => {
  it('yields sources of external maps (index maps too), of sniffed .json maps and of inline maps, with names', () => {
    const ext = embeddedSourcesOfFile('/p/cli.js.map', esbuildMap());
    assert.deepEqual(ext.sources.map((s) => [s.mapIndex, s.sourceIndex, s.source]), [
      [0, 0, '../src/index.ts'],
      [0, 1, '../node_modules/lodash/lodash.js'],
    ]);
    assert.deepEqual(ext.names, [{ mapIndex: 0, names: ['a', 'b'] }]);
    const index = JSON.stringify({ version: 3, sections: [{ offset: { line: 0, column: 0 }, map: JSON.parse(esbuildMap()) }] });
    assert.equal(embeddedSourcesOfFile('/p/x.json', index).sources.length, 2);
    assert.equal(embeddedSourcesOfFile('/p/package.json', '{"name":"x","version":"3.0.0"}').sources.length, 0);
    const b = Buffer.from(esbuildMap()).toString('base64');
    const js = `a();\n//# sourceMappingURL=data:application/json;base64,eyJ2!\nb();\n//# sourceMappingURL=data:application/json;base64,${b}\n`;
    const inline = embeddedSourcesOfFile('/p/cli.js', js);
    assert.deepEqual([...new Set(inline.sources.map((s) => s.mapIndex))], [1], 'index among data URLs, the broken one is #0');
    assert.equal(inline.sources[0].mapFile, '/p/cli.js');
    assert.deepEqual(embeddedSourcesOfFile('/p/readme.md', js).sources, []);
    assert.deepEqual(embeddedSourcesOfFile('/p/broken.js.map', '{"version":3,').sources, []);
  });
});
