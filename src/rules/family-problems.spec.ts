import { DomainError } from '../common/domain-error.js';
import { withFieldPrefix, withFieldPrefixAsync } from './family-problems.js';
import { FamilyProblemsError } from './rule-family.js';
import { refusal } from '../../test/support/refusal.js';

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
