import { z } from 'zod';
import { parseOrThrow } from './validation.js';
import { refusal } from '../../test/support/refusal.js';

describe('parseOrThrow', () => {
  const schema = z.strictObject({ name: z.string().min(1), size: z.number().int(), tags: z.array(z.string()).optional() });

  it('returns the parsed value', () => {
    expect(parseOrThrow(schema, { name: 'x', size: 1 })).toEqual({ name: 'x', size: 1 });
  });

  it('names every bad field, under the prefix, with a 422', () => {
    const e = refusal(() => parseOrThrow(schema, { name: '', size: 1.5, tags: ['a', 2] }, 'items.1'));
    expect({ code: e.code, status: e.status }).toEqual({ code: 'UNPROCESSABLE', status: 422 });
    expect(e.issues.map((i) => i.field)).toEqual(['items.1.name', 'items.1.size', 'items.1.tags.1']);
  });

  it('names an unknown key by its own path, and a value at the root by the prefix, or as the body', () => {
    expect(refusal(() => parseOrThrow(schema, { name: 'x', size: 1, colour: 'red' }, 'outcome')).issues.map((i) => i.field)).toEqual([
      'outcome.colour',
    ]);
    expect(refusal(() => parseOrThrow(z.string(), 42, 'period')).issues.map((i) => i.field)).toEqual(['period']);
    expect(refusal(() => parseOrThrow(schema, 'text')).issues.map((i) => i.field)).toEqual(['(body)']);
  });

  it('answers with the code it is given', () => {
    expect(refusal(() => parseOrThrow(schema, {}, 'facts', 'INVALID_FACTS')).code).toBe('INVALID_FACTS');
  });

  it('refuses an unsafe value first, with a 400 naming it, even where the schema would refuse other fields', () => {
    const body: unknown = JSON.parse('{"name": "", "size": "big", "tags": ["ok", "a\\u0000b"], "__proto__": {"polluted": true}}');
    const e = refusal(() => parseOrThrow(schema, body, 'items.2'));
    expect({ code: e.code, status: e.status }).toEqual({ code: 'BAD_REQUEST', status: 400 });
    expect(e.issues).toEqual([{ field: 'items.2.tags.1', message: 'contains a NUL character (\\u0000), which cannot be stored' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a forbidden key and a number beyond a double before the schema runs', () => {
    const proto: unknown = JSON.parse('{"name": "x", "size": 1, "__proto__": {}}');
    expect(refusal(() => parseOrThrow(schema, proto))).toMatchObject({
      code: 'BAD_REQUEST',
      issues: [{ field: '__proto__', message: 'forbidden key' }],
    });
    const huge: unknown = JSON.parse('{"name": "x", "size": 1e309}');
    expect(refusal(() => parseOrThrow(schema, huge, 'facts')).issues).toEqual([
      { field: 'facts.size', message: 'a number beyond the range of a double (about ±1.8e308)' },
    ]);
  });
});
