import fc from 'fast-check';
import { findOversizedInteger, findUnsafeValue, MAX_JSON_DEPTH } from './unsafe-json.js';

const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

describe('findUnsafeValue', () => {
  it('passes any JSON value free of bad strings, within the depth limit (property)', () => {
    const clean = fc
      .jsonValue({ maxDepth: 5 })
      .filter((v) => !/\\u0000|\\ud[89a-f]/i.test(JSON.stringify(v)) && !/"(__proto__|constructor|prototype)":/.test(JSON.stringify(v)));
    fc.assert(fc.property(clean, (v) => expect(findUnsafeValue(v)).toBeUndefined()));
  });

  it('names the first bad value in document order, keys included', () => {
    const body = JSON.parse('{"a":[1,{"b":"ok","c\\u0000":1}],"d":"\\ud800"}');
    expect(findUnsafeValue(body, 'facts')).toEqual({ field: 'facts.a.1.c\\u0000', message: expect.stringMatching(/key contains a NUL/) });
    expect(findUnsafeValue({ a: 'x', d: '\ud800' })).toEqual({ field: 'd', message: expect.stringMatching(/unpaired UTF-16 surrogate/) });
    expect(findUnsafeValue({ n: [Infinity] })).toEqual({ field: 'n.0', message: expect.stringMatching(/beyond the range of a double/) });
    expect(findUnsafeValue(JSON.parse('{"x":{"__proto__":{}}}'))).toEqual({ field: 'x.__proto__', message: 'forbidden key' });
    expect(findUnsafeValue('\u0000')).toEqual({ field: '(body)', message: expect.stringMatching(/NUL/) });
  });

  it('keeps paired surrogates (an emoji) and every other character', () => {
    expect(findUnsafeValue({ 'key 😀': 'café 😀 \u0001 \uffff' })).toBeUndefined();
    expect(findUnsafeValue('\udc00\ud800')).toBeDefined();
  });

  it('refuses nesting beyond the limit without recursing, however deep', () => {
    expect(findUnsafeValue(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(findUnsafeValue(nested(MAX_JSON_DEPTH + 1))?.message).toMatch(/nested deeper than 32/);
    const deep = findUnsafeValue(nested(200_000), 'facts');
    expect(deep?.field).toBe(`facts${'.0'.repeat(MAX_JSON_DEPTH)}`);
  });
});

describe('findOversizedInteger', () => {
  it('names a query value beyond int8, alone or repeated', () => {
    expect(findOversizedInteger({ afterSeq: '9223372036854775807' }, 'query')).toBeUndefined();
    expect(findOversizedInteger({ afterSeq: '-9223372036854775808' }, 'query')).toBeUndefined();
    expect(findOversizedInteger({ afterSeq: '9223372036854775808' }, 'query')?.field).toBe('query.afterSeq');
    expect(findOversizedInteger({ page: ['1', '-99999999999999999999'] }, 'query')?.field).toBe('query.page');
    expect(findOversizedInteger('99999999999999999999', 'query.limit')?.field).toBe('query.limit');
    expect(findOversizedInteger({ subject: '00C', n: '1e400' }, 'query')).toBeUndefined();
  });
});
