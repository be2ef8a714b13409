import { describe, expect, it } from 'vitest';
import { canonicalJson, sameJson } from './canonical-json.js';

/** The IEEE 754 double whose big-endian bits are `hex`. */
function double(hex: string): number {
  return Buffer.from(hex, 'hex').readDoubleBE(0);
}

describe('canonicalJson (RFC 8785)', () => {
  it('writes the example of section 3.2.2 byte for byte', () => {
    // The input text exactly as the RFC prints it, parsed the way any JSON reader would.
    const input = String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`;
    expect(canonicalJson(JSON.parse(input))).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  it('sorts keys by UTF-16 code units, as in section 3.2.3', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('puts a surrogate pair before U+FB33 (code-unit order, not code-point order)', () => {
    // U+1F600 is D83D DE00 in UTF-16, which sorts below FB33 though the code point is larger.
    expect(canonicalJson({ '\ufb33': 1, '\u{1f600}': 2 })).toBe('{"\u{1f600}":2,"\ufb33":1}');
    expect(canonicalJson({ b: 1, B: 2, a: 3, A: 4, aa: 5, '': 6 })).toBe(
      '{"":6,"A":4,"B":2,"a":3,"aa":5,"b":1}',
    );
  });

  it('sorts the keys of nested objects and keeps array order', () => {
    const value = { z: [{ b: 1, a: [3, 2, 1] }, 'x'], a: { y: null, x: { d: true, c: false } } };
    expect(canonicalJson(value)).toBe(
      '{"a":{"x":{"c":false,"d":true},"y":null},"z":[{"a":[3,2,1],"b":1},"x"]}',
    );
  });

  it('writes no whitespace and escapes strings as JSON.stringify does', () => {
    expect(canonicalJson({ a: [1, 2], b: 'line\nbreak\ttab "q" \\ \u0001 \u007f é' })).toBe(
      '{"a":[1,2],"b":"line\\nbreak\\ttab \\"q\\" \\\\ \\u0001 \u007f é"}',
    );
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson('')).toBe('""');
  });

  it.each([
    // Appendix B of RFC 8785: the IEEE 754 bits and the text every implementation must produce.
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('writes the number with bits %s as %s (Appendix B)', (bits, text) => {
    expect(canonicalJson(double(bits))).toBe(text);
  });

  it.each([
    [1e21, '1e+21'],
    [1e20, '100000000000000000000'],
    [0.000001, '0.000001'],
    [0.0000001, '1e-7'],
    [-0, '0'],
    [-1.5, '-1.5'],
    [100, '100'],
    [4.5, '4.5'],
  ])('writes %s as %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
    expect(canonicalJson({ n: value })).toBe(`{"n":${text}}`);
  });

  it.each([NaN, Infinity, -Infinity])('rejects %s, which JSON cannot represent', (value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
    expect(() => canonicalJson({ a: [1, { b: value }] })).toThrow(TypeError);
  });

  it('rejects strings with a lone surrogate, which are not Unicode (section 3.2.2.2)', () => {
    for (const bad of ['\ud800', 'a\udead', '\ude00\ud83d', 'x\ud83d']) {
      expect(() => canonicalJson(bad)).toThrow(TypeError);
      expect(() => canonicalJson({ [bad]: 1 })).toThrow(TypeError);
      expect(() => canonicalJson([{ k: bad }])).toThrow(TypeError);
    }
    expect(canonicalJson('\ud83d\ude00')).toBe('"\u{1f600}"');
  });

  it('leaves out undefined members and refuses values JSON has no form for', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson(10n)).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
    expect(() => canonicalJson(Symbol('s'))).toThrow(TypeError);
  });

  it('gives equal output for equal values whatever the insertion order', () => {
    const one = { id: 'x', at: '2026-01-01T00:00:00.000Z', fields: ['a', 'b'], n: 1 };
    const two = { n: 1, fields: ['a', 'b'], at: '2026-01-01T00:00:00.000Z', id: 'x' };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
  });
});

describe('sameJson', () => {
  // Each pair answers as comparing their canonical forms would.
  const pairs: [unknown, unknown][] = [
    [
      { a: 1, b: [1, { c: null }] },
      { b: [1, { c: null }], a: 1 },
    ],
    [{ a: 1, b: undefined }, { a: 1 }],
    [{ a: 1 }, { a: 1, b: 2 }],
    [
      { a: 1, b: 2 },
      { a: 1, c: 2 },
    ],
    [
      [1, 2],
      [2, 1],
    ],
    [[1, 2], { 0: 1, 1: 2 }],
    [[], {}],
    [{ a: null }, { a: {} }],
    [0, -0],
    ['1', 1],
    [{ a: [{ lat: 1.5, lon: 2 }] }, JSON.parse('{"a":[{"lon":2,"lat":1.5}]}')],
    [{ a: [{ lat: 1.5, lon: 2 }] }, { a: [{ lat: 1.5, lon: 2.1 }] }],
  ];
  it.each(pairs)('compares %j and %j as their canonical forms', (a, b) => {
    const same = canonicalJson(a) === canonicalJson(b);
    expect(sameJson(a, b)).toBe(same);
    expect(sameJson(b, a)).toBe(same);
  });
});
