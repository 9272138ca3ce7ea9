import { z } from 'zod';
import { FamilyProblemsError } from '../rules/rule-family.js';
import { DomainError } from './domain-error.js';
import { parseOrThrow, withFieldPrefix, withFieldPrefixAsync } from './validation.js';

/** The DomainError a call throws (any other outcome fails the test). */
function refusal(work: () => unknown): DomainError {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('accepted');
}

const problems = (...fields: string[]) => new FamilyProblemsError(fields.map((field) => ({ field, message: `bad ${field || 'input'}` })));

describe('withFieldPrefix', () => {
  it('returns what the hook returns', () => {
    expect(withFieldPrefix('items.3', () => 42)).toBe(42);
  });

  it('turns a FamilyProblemsError into a 422 naming each field under the prefix', () => {
    const e = refusal(() =>
      withFieldPrefix('items.3', () => {
        throw problems('facts.measures.N2.value', 'period');
      }),
    );
    expect({ code: e.code, status: e.status }).toEqual({ code: 'UNPROCESSABLE', status: 422 });
    expect(e.issues).toEqual([
      { field: 'items.3.facts.measures.N2.value', message: 'bad facts.measures.N2.value' },
      { field: 'items.3.period', message: 'bad period' },
    ]);
    expect(e.message).toBe('items.3.facts.measures.N2.value: bad facts.measures.N2.value; items.3.period: bad period');
  });

  it('names the field alone without a prefix, the prefix itself for an empty field, and the body when both are empty', () => {
    const fields = (prefix: string, field: string) =>
      refusal(() =>
        withFieldPrefix(prefix, () => {
          throw problems(field);
        }),
      ).issues.map((i) => i.field);
    expect(fields('', 'facts.population')).toEqual(['facts.population']);
    expect(fields('outcome', '')).toEqual(['outcome']);
    expect(fields('', '')).toEqual(['(body)']);
  });

  it('answers with the code it is given', () => {
    const e = refusal(() =>
      withFieldPrefix(
        '',
        () => {
          throw problems('facts.x');
        },
        'INVALID_FACTS',
      ),
    );
    expect({ code: e.code, status: e.status }).toEqual({ code: 'INVALID_FACTS', status: 422 });
  });

  it('passes every other error through untouched, a DomainError included', () => {
    const domain = new DomainError('CONFLICT', 'already issued');
    const crash = new TypeError('cannot read x');
    for (const error of [domain, crash]) {
      expect(() =>
        withFieldPrefix('outcome', () => {
          throw error;
        }),
      ).toThrow(error);
      try {
        withFieldPrefix('outcome', () => {
          throw error;
        });
      } catch (thrown) {
        expect(thrown).toBe(error);
      }
    }
  });
});

describe('withFieldPrefixAsync', () => {
  it('does the same for an async hook', async () => {
    await expect(withFieldPrefixAsync('items.0', async () => 'ok')).resolves.toBe('ok');
    await expect(
      withFieldPrefixAsync(
        'items.0',
        async () => {
          throw problems('period');
        },
        'INVALID_FACTS',
      ),
    ).rejects.toMatchObject({ code: 'INVALID_FACTS', issues: [{ field: 'items.0.period', message: 'bad period' }] });
    const crash = new RangeError('boom');
    await expect(
      withFieldPrefixAsync('items.0', async () => {
        throw crash;
      }),
    ).rejects.toBe(crash);
  });
});

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
