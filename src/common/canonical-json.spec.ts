import fc from 'fast-check';
import { canonicalJson, contentHash, sha256Hex } from './canonical-json.js';

describe('canonical JSON (RFC 8785)', () => {
  it('orders keys and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"e":2,"f":1}]},"b":1}');
  });

  it('writes numbers the way ECMAScript does (RFC 8785 §3.2.2.3)', () => {
    expect(canonicalJson([1.0, -0, 1e21, 1e-7, 0.1 + 0.2, 100])).toBe('[1,0,1e+21,1e-7,0.30000000000000004,100]');
  });

  it('escapes only what JSON requires', () => {
    expect(canonicalJson('é\u2028"\n\u0001')).toBe('"é\u2028\\"\\n\\u0001"');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(/^value cannot be serialised as canonical JSON$/);
  });

  it('hashes the same content the same way whatever the key order (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const shuffled = Object.fromEntries(Object.entries(value).reverse());
        expect(contentHash(shuffled)).toBe(contentHash(value));
        expect(canonicalJson(JSON.parse(canonicalJson(value)))).toBe(canonicalJson(value));
      }),
    );
  });

  it('hashes with sha256 to lowercase hex', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
