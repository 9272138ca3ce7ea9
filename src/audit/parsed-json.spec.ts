import fc from 'fast-check';
import { canonicalJson } from '../common/canonical-json.js';
import { canonicalParsedJson, canonicalString } from './parsed-json.js';

/** The outcome of a call: its value, or that it threw. */
const outcome = (f: () => string): string => {
  try {
    return `= ${f()}`;
  } catch {
    return 'threw';
  }
};

describe('canonicalParsedJson', () => {
  it('writes what canonicalJson writes for any value JSON.parse gives', () => {
    const json = fc.jsonValue({ stringUnit: 'grapheme' });
    fc.assert(
      fc.property(json, (value) => {
        const parsed: unknown = JSON.parse(JSON.stringify(value));
        return canonicalParsedJson(parsed) === canonicalJson(parsed);
      }),
      { numRuns: 500 },
    );
  });

  it('orders keys by UTF-16 code units and writes numbers as ECMAScript does', () => {
    const parsed: unknown = JSON.parse('{"é":1,"b":[1e21,-0,0.1,1.0],"a":{"\\u20ac":"x","\\ud83d\\ude00":null,"10":true,"9":"\\n\\"q\\""}}');
    expect(canonicalParsedJson(parsed)).toBe(canonicalJson(parsed));
    expect(canonicalParsedJson(parsed)).toBe('{"a":{"10":true,"9":"\\n\\"q\\"","€":"x","😀":null},"b":[1e+21,0,0.1,1],"é":1}');
  });

  it('writes any string of UTF-16 code units as canonicalJson does, or refuses it as canonicalJson does', () => {
    const codeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 8 });
    const near = fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', '\u001f', '\u007f', '\u2028', '\ud83d', '\ude00', 'é'), maxLength: 6 });
    fc.assert(
      fc.property(fc.oneof(codeUnits, near), (s) => outcome(() => canonicalString(s)) === outcome(() => canonicalJson(s))),
      { numRuns: 2000 },
    );
  });

  it('refuses a lone surrogate, as canonicalJson does', () => {
    const parsed: unknown = JSON.parse('{"a":"\\ud800"}');
    expect(() => canonicalJson(parsed)).toThrow(/^Lone surrogate is not allowed$/);
    expect(() => canonicalParsedJson(parsed)).toThrow(/^Lone surrogate is not allowed$/);
  });
});
