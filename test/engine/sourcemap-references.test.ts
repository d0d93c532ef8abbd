import * as assert from 'node:assert/strict';
import { findMapReferences, extractInlineMaps, parseSourceMap } from '../../server/src/engine/sourcemap';

const MAP = { version: 3, sources: ['../src/secret-plan.ts'], sourcesContent: ['export const plan = "internal";\n'], names: [], mappings: 'AAAA' };
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o), 'utf8').toString('base64');

describe('sourcemap: findMapReferences', () => {
  it('finds //#, /*# */, the legacy //@ and //# debugId with offsets', () => {
    const text = 'console.log(1);\n//# debugId=85314830-023f-4cf1-a267-535f4e37bb17\n//@ sourceMappingURL=old.js.map\n//# sourceMappingURL=cli.js.map\n';
    const refs = findMapReferences(text);
    assert.deepEqual(refs.map((r) => [r.kind, r.value, r.legacy, r.style, r.trailing]), [
      ['debugId', '85314830-023f-4cf1-a267-535f4e37bb17', false, 'line', true],
      ['sourceMappingURL', 'old.js.map', true, 'line', true],
      ['sourceMappingURL', 'cli.js.map', false, 'line', true],
    ]);
    const last = refs[2];
    assert.equal(text.slice(last.start, last.end), '//# sourceMappingURL=cli.js.map');
    assert.equal(text.slice(last.valueStart, last.valueEnd), 'cli.js.map');
    const css = 'a{color:red}\n/*# sourceMappingURL=app.css.map */\n';
    const cssRefs = findMapReferences(css, { language: 'css' });
    assert.deepEqual(cssRefs.map((r) => [r.value, r.style]), [['app.css.map', 'block']]);
    assert.equal(css.slice(cssRefs[0].start, cssRefs[0].end), '/*# sourceMappingURL=app.css.map */');
  });

  it('marks references followed by code as not trailing (concatenated bundles)', () => {
    const text = 'a();\n//# sourceMappingURL=a.js.map\nb();\n//# sourceMappingURL=b.js.map';
    assert.deepEqual(findMapReferences(text).map((r) => [r.value, r.trailing]), [
      ['a.js.map', false],
      ['b.js.map', true],
    ]);
  });

  it('ignores sourceMappingURL inside strings, templates and regexes (convert-source-map / source-map-support style)', () => {
    const trap = [
      `var commentRx = /^\\s*?\\/[\\/\\*][@#]\\s+?sourceMappingURL=data:(((?:application|text)\\/json)(?:;charset=([^;,]+?)?)?)?(?:;(base64))?,(.*?)$/mg;`,
      `var mapFileCommentRx = /(?:\\/\\/[@#][ \\t]+sourceMappingURL=([^\\s'"\`]+?)[ \\t]*$)|(?:\\/\\*[@#][ \\t]+sourceMappingURL=([^*]+?)[ \\t]*(?:\\*\\/){1}[ \\t]*$)/mg;`,
      `exports.toComment = function (o) { return "//# sourceMappingURL=" + o.url; };`,
      `const s = '//# sourceMappingURL=not-a-ref.js.map';`,
      'const t = `/*# sourceMappingURL=${name}.css.map */`;',
      'const u = `a ${ {x: "//# sourceMappingURL=nested.map"}.x } //# sourceMappingURL=tpl.map`;',
      `if (x) return /\\/\\/# sourceMappingURL=(.*)/.exec(s);`,
      `var re = /[/]\\/# sourceMappingURL=cls/g;`,
      `var inClass = /[ //# sourceMappingURL=class-trap]/.test(s);`,
      `var afterKeyword = typeof /[ //# sourceMappingURL=kw-trap]/;`,
      `var d = a / 2; var e = b / 3; // plain comment`,
    ].join('\n');
    assert.deepEqual(findMapReferences(trap), []);
    // ... and the same file with a real trailing comment still finds exactly that one.
    const withReal = trap + '\n//# sourceMappingURL=real.js.map\n';
    assert.deepEqual(findMapReferences(withReal).map((r) => r.value), ['real.js.map']);
  });

  it('handles division after ) and identifiers, and comments after regexes', () => {
    const text = 'x = (a) / b / c; y = /re\\/x[/]/g.test(z) // # sourceMappingURL=after-regex.map\n';
    assert.deepEqual(findMapReferences(text).map((r) => r.value), ['after-regex.map']);
    const hashbang = '#!/usr/bin/env node\n"use strict";\n//# sourceMappingURL=cli.js.map';
    assert.deepEqual(findMapReferences(hashbang).map((r) => r.value), ['cli.js.map']);
  });

  it('in CSS, // is not a comment and strings are skipped', () => {
    const css = 'a{background:url(//cdn.example.com/x.png)}\nb::after{content:"/*# sourceMappingURL=no.map */"}\n/*# sourceMappingURL=yes.css.map */';
    assert.deepEqual(findMapReferences(css, { language: 'css' }).map((r) => r.value), ['yes.css.map']);
  });

  it('finds a huge trailing inline data URL in linear time on a one-line 12 MB bundle', () => {
    const code = 'var a=1;'.repeat(1_500_000); // 12 MB, one line
    const payload = 'A'.repeat(4_000_000);
    const text = `${code}\n//# sourceMappingURL=data:application/json;base64,${payload}`;
    const refs = findMapReferences(text);
    assert.equal(refs.length, 1);
    assert.equal(refs[0].isDataUrl, true);
    assert.equal(refs[0].value.length, 'data:application/json;base64,'.length + payload.length);
  });
});

describe('sourcemap: extractInlineMaps', () => {
  it('decodes base64 and percent-encoded maps, with offsets of the data URL', () => {
    const url = `data:application/json;charset=utf-8;base64,${b64(MAP)}`;
    const text = `console.log(1);\n//# sourceMappingURL=${url}\n`;
    const [m] = extractInlineMaps(text);
    assert.equal(text.slice(m.start, m.end), url);
    assert.equal(m.encoding, 'base64');
    assert.equal(m.charset, 'utf-8');
    assert.equal(m.context, 'comment');
    assert.equal(m.referenced, true);
    const parsed = parseSourceMap(m.text!);
    assert.equal(parsed.ok && parsed.map.sources[0].content, MAP.sourcesContent[0]);

    const pct = `a{}\n/*# sourceMappingURL=data:application/json,${encodeURIComponent(JSON.stringify(MAP))} */`;
    const [p] = extractInlineMaps(pct);
    assert.equal(p.encoding, 'percent');
    assert.deepEqual(JSON.parse(p.text!), MAP);
    assert.equal(pct.slice(p.end, p.end + 3), ' */');
  });

  it('finds two inline maps in one concatenated file', () => {
    const other = { ...MAP, sources: ['../src/other.ts'] };
    const text = `a();\n//# sourceMappingURL=data:application/json;base64,${b64(MAP)}\nb();\n//# sourceMappingURL=data:application/json;base64,${b64(other)}\n`;
    const maps = extractInlineMaps(text);
    assert.equal(maps.length, 2);
    assert.deepEqual(maps.map((m) => JSON.parse(m.text!).sources[0]), ['../src/secret-plan.ts', '../src/other.ts']);
    assert.ok(maps[0].end < maps[1].start);
  });

  it('finds maps inside webpack eval("...") strings, base64 and escaped percent-encoding', () => {
    const module = `console.log("hi");\n//# sourceURL=webpack-internal:///./src/a.js\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${b64(MAP)}\n//# sourceURL=webpack-internal:///./src/a.js\n`;
    const bundle = `var __webpack_modules__ = { "./src/a.js": (() => { eval(${JSON.stringify(module)}); }) };`;
    const maps = extractInlineMaps(bundle);
    assert.equal(maps.length, 1);
    assert.equal(maps[0].context, 'string');
    assert.deepEqual(JSON.parse(maps[0].text!), MAP);
    // ... and findMapReferences does not count it: it is inside a string.
    assert.deepEqual(findMapReferences(bundle), []);

    const quoteMap = { ...MAP, sourcesContent: ["it's 'quoted'"] };
    const pctModule = `x();\n//# sourceMappingURL=data:application/json,${encodeURIComponent(JSON.stringify(quoteMap))}\n`;
    const single = `eval('${pctModule.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}')`;
    const [q] = extractInlineMaps(single);
    assert.equal(q.context, 'string');
    assert.deepEqual(JSON.parse(q.text!), quoteMap);
  });

  it('gives problems for broken base64 and broken percent-encoding, never throws', () => {
    const bad = extractInlineMaps('//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozfQ!!==\n');
    assert.equal(bad.length, 1);
    assert.equal(bad[0].text, undefined);
    assert.match(bad[0].problem!, /base64/);
    const truncated = extractInlineMaps('//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozf\n');
    assert.match(truncated[0].problem!, /truncated/);
    const midPad = extractInlineMaps('//# sourceMappingURL=data:application/json;base64,ab==cd\n');
    assert.match(midPad[0].problem!, /padding/);
    const pct = extractInlineMaps('//# sourceMappingURL=data:application/json,%7B%ZZ\n');
    assert.match(pct[0].problem!, /percent/);
  });

  it('skips empty payloads and non-JSON data URLs (convert-source-map\'s own code)', () => {
    const code = `exports.toComment = function () { return '//# sourceMappingURL=data:application/json;charset=utf-8;base64,' + b64; };\nvar img = "data:image/png;base64,iVBORw0KGgo=";`;
    assert.deepEqual(extractInlineMaps(code), []);
    const unref = extractInlineMaps(`fetch("data:application/json;base64,${b64({ a: 1 })}")`);
    assert.equal(unref.length, 1);
    assert.equal(unref[0].referenced, false);
    assert.equal(unref[0].context, 'other');
  });

  it('decodes an 18 MB inline map at the end of a bundle (Claude Code, February 2025)', () => {
    const content = 'export const line = "x";\n'.repeat(500_000); // 12.5 MB of source
    const map = { version: 3, sources: ['../src/main.ts'], sourcesContent: [content], mappings: 'AAAA' };
    const payload = b64(map);
    const text = `#!/usr/bin/env node\nvar a=1;\n//# sourceMappingURL=data:application/json;base64,${payload}\n`;
    assert.ok(payload.length > 16_000_000);
    const [m] = extractInlineMaps(text);
    const parsed = parseSourceMap(m.text!);
    assert.ok(parsed.ok);
    assert.equal(parsed.ok && parsed.map.sources[0].content!.length, content.length);
  });
});
