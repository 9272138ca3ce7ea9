import { z } from 'zod';
import { zodIssues } from '../common/validation.js';
import { fieldFromPath, plainIssue, plainMessage, readZodMessage, withoutZodWording, type PlainField, type ZodIssueFacts } from './plain-words.js';

/** zod's own message for `value` under `schema`, as the API words it (src/common/validation.ts). */
function zodMessage(schema: z.ZodType, value: unknown): string {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error(`${JSON.stringify(value)} is accepted`);
  return zodIssues(parsed.error)[0].message;
}

/** The console's words for `value` under `schema`, for `field`. */
const words = (schema: z.ZodType, value: unknown, field?: PlainField): string => plainMessage(zodMessage(schema, value), field);

const pence = z.number().int().min(0);
const amount: PlainField = { kind: 'money', noun: 'an amount' };

describe('zod issues in plain words', () => {
  it('reads each kind of issue back from zod’s message', () => {
    expect(readZodMessage(zodMessage(z.number(), 'abc'))).toEqual({ code: 'invalid_type', expected: 'number', received: 'string' });
    expect(readZodMessage(zodMessage(z.enum(['a', 'b-c']), undefined))).toEqual({ code: 'invalid_value', values: ['a', 'b-c'] });
    expect(readZodMessage(zodMessage(z.literal('a'), 'x'))).toEqual({ code: 'invalid_value', values: ['a'] });
    expect(readZodMessage(zodMessage(z.string().max(100), 'x'.repeat(101)))).toEqual({
      code: 'too_big',
      origin: 'string',
      limit: 100,
      inclusive: true,
      exact: false,
    });
    expect(readZodMessage(zodMessage(z.number().gt(0), 0))).toEqual({
      code: 'too_small',
      origin: 'number',
      limit: 0,
      inclusive: false,
      exact: false,
    });
    expect(readZodMessage(zodMessage(pence, 1e22))).toMatchObject({ code: 'too_big', origin: 'int', limit: Number.MAX_SAFE_INTEGER });
    expect(readZodMessage(zodMessage(z.uuid(), 'x'))).toEqual({ code: 'invalid_format', format: 'uuid' });
    expect(readZodMessage(zodMessage(z.iso.date(), 'x'))).toEqual({ code: 'invalid_format', format: 'date' });
    expect(readZodMessage(zodMessage(z.string().regex(/^a$/), 'x'))).toEqual({ code: 'invalid_format', format: 'regex' });
    expect(readZodMessage(zodMessage(z.number().multipleOf(5), 7))).toEqual({ code: 'not_multiple_of', divisor: 5 });
    expect(readZodMessage(zodMessage(z.strictObject({}), { b: 1, c: 2 }))).toEqual({ code: 'unrecognized_keys', keys: ['b', 'c'] });
    expect(readZodMessage(zodMessage(z.union([z.string(), z.number()]), true))).toEqual({ code: 'invalid' });
    // A schema's own words, or a service's, are not zod's.
    for (const own of ['give a reason of at least 10 characters', 'ends before periods.from', 'unknown CCG', 'Invalid']) {
      expect(readZodMessage(own)).toBeUndefined();
    }
  });

  it('money: pounds, never pence', () => {
    expect(words(pence, 'abc', amount)).toBe('Enter an amount in pounds, like £250,000');
    expect(words(pence, undefined, amount)).toBe('Enter an amount in pounds, like £250,000');
    expect(words(pence, -500, amount)).toBe('Enter an amount of £0 or more');
    expect(words(pence, 1e22, amount)).toBe('Enter an amount of £90,071,992,547,409.91 or less');
    expect(words(z.number().int().max(25_000_050), 25_000_051, amount)).toBe('Enter an amount of £250,000.50 or less');
    expect(words(pence, 1.5, amount)).toBe('Enter an amount in pounds, like £250,000');
    // A `…Pence` field the form did not describe is an amount too.
    expect(plainMessage(zodMessage(pence, 'abc'), fieldFromPath('outcome.payablePence'))).toBe('Enter an amount in pounds, like £250,000');
  });

  it('text: missing, too short, too long, given twice, not text', () => {
    const name: PlainField = { noun: 'a name' };
    const text = z.string().trim().min(2).max(100);
    expect(words(text, undefined, name)).toBe('Enter a name');
    expect(words(text, 'x', name)).toBe('Enter at least 2 characters for the name');
    expect(words(text, 'x'.repeat(5000), name)).toBe('Enter a name of 100 characters or fewer');
    expect(words(z.string().max(2000), 'x'.repeat(2001), { noun: 'a note' })).toBe('Enter a note of 2,000 characters or fewer');
    expect(words(z.string().min(3), 'ab', { noun: 'an action' })).toBe('Enter at least 3 characters for the action');
    expect(words(z.string().min(1), '', name)).toBe('Enter a name');
    expect(words(z.string().length(3), 'ab', { noun: 'a code' })).toBe('Enter exactly 3 characters for the code');
    expect(words(z.string(), ['a', 'b'], { noun: 'the first period' })).toBe('Enter the first period only once');
    expect(words(z.string(), 5, name)).toBe('Enter a name as text');
    expect(words(z.string().regex(/^\d{4}\/\d{2}$/), '2013', { noun: 'a year', example: '2013/14' })).toBe(
      'Enter a year in the right format, like 2013/14',
    );
    expect(words(z.iso.date(), '2013-02-30', { noun: 'the date raised' })).toBe('Enter the date raised as a real date, like 2013-08-01');
  });

  it('choices: one sentence whatever was wrong', () => {
    const role: PlainField = { kind: 'choice', noun: 'a role' };
    expect(words(z.enum(['board', 'panel']), undefined, role)).toBe('Choose a role');
    expect(words(z.enum(['board', 'panel']), 'king', role)).toBe('Choose a role');
    expect(words(z.enum(['answered', 'chase-owner']), undefined, { kind: 'choice', missing: 'Choose what the Board decides' })).toBe(
      'Choose what the Board decides',
    );
    expect(words(z.boolean(), undefined, { kind: 'boolean', missing: "Choose whether you agree with the engine's result" })).toBe(
      "Choose whether you agree with the engine's result",
    );
    // Without a field, a choice is still a choice.
    expect(plainMessage(zodMessage(z.enum(['a', 'b']), 'c'))).toBe('Choose one of the options');
  });

  it('numbers and lists', () => {
    const level: PlainField = { kind: 'integer', noun: 'a level' };
    expect(words(z.number().int().min(0).max(5), 6, level)).toBe('Enter a level of 5 or less');
    expect(words(z.number().int(), 'two', level)).toBe('Enter a level as a whole number');
    expect(words(z.number().gt(0), 0, { noun: 'a share' })).toBe('Enter a share of more than 0');
    expect(words(z.number().multipleOf(5), 7, { noun: 'a count' })).toBe('Enter a count as a multiple of 5');
    const objectives: PlainField = { kind: 'list', noun: 'a mandate objective' };
    expect(words(z.array(z.number()).min(1), [], objectives)).toBe('Choose at least one mandate objective');
    expect(words(z.array(z.number()).min(2), [1], objectives)).toBe('Choose at least 2 mandate objectives');
    expect(words(z.array(z.number()).max(2), [1, 2, 3], objectives)).toBe('Choose 2 mandate objectives or fewer');
  });

  it('a field of the page’s own, and keys the form does not take', () => {
    expect(words(z.uuid(), 'x', { kind: 'hidden' })).toBe('This form is out of date: reload the page and try again');
    expect(words(z.uuid(), 'x', { kind: 'hidden', missing: 'Reload the page' })).toBe('Reload the page');
    expect(words(z.strictObject({}), { colour: 'red' })).toBe('Remove "colour": this form does not take it');
  });

  it('a value inside a JSON document is described where it is', () => {
    const json: PlainField = { kind: 'json' };
    expect(words(z.number(), 'x', json)).toBe('This must be a number, not text');
    expect(words(z.number(), undefined, json)).toBe('This is missing');
    expect(words(z.enum(['all', 'any']), 'some', json)).toBe('This must be one of "all", "any"');
    expect(words(z.string().min(3), 'ab', json)).toBe('This must have at least 3 characters');
    expect(words(z.array(z.string()).max(2), ['a', 'b', 'c'], json)).toBe('This must have 2 items or fewer');
    expect(words(z.number().max(100), 101, json)).toBe('This must be 100 or less');
    expect(words(z.number().gt(0), 0, json)).toBe('This must be more than 0');
    expect(words(z.strictObject({}), { b: 1 }, json)).toBe('Remove "b": it is not a key this takes');
  });

  it('a message not in zod’s words is shown as it is, as a sentence', () => {
    expect(plainMessage('give a reason of at least 10 characters', { noun: 'a reason' })).toBe('Give a reason of at least 10 characters');
    expect(plainMessage('expected a quarter of the financial year like 2013-Q3')).toBe('Enter a quarter of the financial year like 2013-Q3');
    expect(plainMessage('not valid JSON', { kind: 'json' })).toBe('Not valid JSON');
  });

  it('tells zod’s wording left in a message in words, keeping a label before it', () => {
    expect(withoutZodWording('Action 1: Too small: expected string to have >=3 characters')).toBe('Action 1: Enter at least 3 characters');
    expect(withoutZodWording('outcome.payablePence: Invalid input: expected number, received string')).toBe(
      'outcome.payablePence: Enter an amount in pounds, like £250,000',
    );
    expect(withoutZodWording('Say what the barrier stops locally')).toBe('Say what the barrier stops locally');
  });

  it('names a field by its path', () => {
    expect(fieldFromPath('note')).toEqual({ noun: 'a note' });
    expect(fieldFromPath('actions.2.owner')).toEqual({ noun: 'an owner' });
    expect(fieldFromPath('outcome.amendReason')).toEqual({ noun: 'an amend reason' });
    expect(fieldFromPath('(body)')).toEqual({});
  });

  it('has a sentence, in no zod words, for every kind of issue', () => {
    const issues: ZodIssueFacts[] = [
      { code: 'invalid_type', expected: 'number', received: 'string' },
      { code: 'invalid_value', values: ['a'] },
      { code: 'too_small', origin: 'number', limit: 1, inclusive: true, exact: false },
      { code: 'too_big', origin: 'array', limit: 1, inclusive: true, exact: false },
      { code: 'invalid_format', format: 'email' },
      { code: 'not_multiple_of', divisor: 2 },
      { code: 'unrecognized_keys', keys: ['x'] },
      { code: 'invalid' },
    ];
    for (const issue of issues) {
      for (const field of [{}, { noun: 'a value' }, { kind: 'json' as const }]) {
        expect(plainIssue(issue, field)).toMatch(/^[A-Z]/);
        expect(plainIssue(issue, field)).not.toMatch(/Invalid|expected|Too (big|small)|<=|>=/);
      }
    }
  });
});
