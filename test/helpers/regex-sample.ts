/**
 * A seeded sampler of strings that match a JavaScript regex (the subset gitleaks-rules.ts uses:
 * literals, classes, groups, alternation, quantifiers, \\b, lookarounds skipped). Used by the
 * property tests of the secret formats and by scripts/verify-secrets.mjs. Output is random text,
 * never a real credential.
 */
let seed = 0x2545f491;
/** Restarts the sequence (tests are reproducible). */
export function reseed(s: number): void {
  seed = s >>> 0 || 1;
}
const rnd = (n: number): number => {
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed % n;
};
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const CLASS_ESC: Record<string, string> = { w: ALNUM + '_', d: '0123456789', s: ' ', W: '-', D: 'a', S: 'a' };

/** A random string matching the JS regex `src` (the subset gitleaks-rules.ts uses). */
export function sampleRegex(src: string): string {
  let i = 0;
  function alt(): () => string {
    const branches: Array<Array<() => string>> = [[]];
    while (i < src.length && src[i] !== ')') {
      if (src[i] === '|') { branches.push([]); i++; continue; }
      branches[branches.length - 1].push(quantified());
    }
    const b = branches[rnd(branches.length)];
    return () => b.map((f) => f()).join('');
  }
  function quantified(): () => string {
    const atom = atomParser();
    let min = 1, max = 1;
    const q = /^(?:\{(\d+)(?:(,)(\d*))?\}|([*+?]))\??/.exec(src.slice(i));
    if (q) {
      i += q[0].length;
      if (q[4] === '*') [min, max] = [0, 3];
      else if (q[4] === '+') [min, max] = [1, 4];
      else if (q[4] === '?') [min, max] = [0, 1];
      else { min = +q[1]; max = q[2] ? (q[3] ? +q[3] : min + 4) : min; }
    }
    // Prefer the upper part of the range: long secrets have the entropy gitleaks asks for.
    return () => { const n = max === min ? min : min + Math.max(0, Math.floor((max - min) * 0.6) + rnd(Math.ceil((max - min) * 0.4) + 1)); let s = ''; for (let k = 0; k < Math.min(n, max); k++) s += atom(); return s; };
  }
  function atomParser(): () => string {
    const c = src[i];
    if (c === '(') {
      i++;
      let look = false;
      if (src.startsWith('?:', i)) i += 2;
      else if (src.startsWith('?<', i) && src[i + 2] !== '=' && src[i + 2] !== '!') i = src.indexOf('>', i) + 1;
      else if (src[i] === '?') { look = true; i += 2; if (src[i - 1] === '<') i++; }
      const inner = alt();
      i++; // ')'
      return look ? () => '' : inner;
    }
    if (c === '[') return charClass();
    if (c === '\\') {
      const n = src[i + 1];
      i += 2;
      if (n === 'b' || n === 'B') return () => '';
      if (CLASS_ESC[n]) { const set = CLASS_ESC[n]; return () => set[rnd(set.length)]; }
      if (n === 'x') { const ch = String.fromCharCode(parseInt(src.slice(i, i + 2), 16)); i += 2; return () => ch; }
      const lit = ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[n] ?? n;
      return () => lit;
    }
    if (c === '^' || c === '$') { i++; return () => ''; }
    if (c === '.') { i++; return () => ALNUM[rnd(ALNUM.length)]; }
    i++;
    return () => c;
  }
  function charClass(): () => string {
    i++;
    let neg = false;
    if (src[i] === '^') { neg = true; i++; }
    let set = '';
    while (src[i] !== ']') {
      let ch: string;
      if (src[i] === '\\') {
        const n = src[i + 1];
        i += 2;
        if (CLASS_ESC[n]) { set += n === 's' ? ' \t' : CLASS_ESC[n]; continue; }
        if (n === 'x') { ch = String.fromCharCode(parseInt(src.slice(i, i + 2), 16)); i += 2; }
        else ch = ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[n] ?? n;
      } else ch = src[i++];
      if (src[i] === '-' && src[i + 1] !== ']') {
        i++;
        let hi = src[i++];
        if (hi === '\\') { hi = src[i] === 'x' ? String.fromCharCode(parseInt(src.slice(i + 1, i + 3), 16)) : src[i]; i += src[i] === 'x' ? 3 : 1; }
        for (let k = ch.charCodeAt(0); k <= hi.charCodeAt(0); k++) set += String.fromCharCode(k);
      } else set += ch;
    }
    i++;
    if (neg) { const pool = ALNUM + ' =:;,'; const allowed = [...pool].filter((x) => !set.includes(x)); return () => allowed[rnd(allowed.length)] ?? ' '; }
    const chars = [...new Set(set)].filter((x) => x !== '\n' && x !== '\r' || set.length === 1);
    return () => chars[rnd(chars.length)];
  }
  const f = alt();
  return f();
}

