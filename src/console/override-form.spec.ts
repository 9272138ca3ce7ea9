import { z } from 'zod';
import { labelFor, outcomeFromForm, overrideFields, penceFrom, plainFields } from './override-form.js';
import { plainMessage } from './plain-words.js';

describe('override form derived from a family override schema', () => {
  const schema = z.strictObject({
    payablePence: z.number().int().min(0),
    level: z.enum(['none', 'informal', 'formal']),
    notify: z.boolean().optional(),
    note: z.string().optional(),
    conditions: z.array(z.object({ id: z.string() })).optional(),
  });

  it('gives one typed input per property, required where the schema requires it', () => {
    const fields = overrideFields(schema);
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['outcome.payablePence', 'money', true],
      ['outcome.level', 'choice', true],
      ['outcome.notify', 'boolean', false],
      ['outcome.note', 'text', false],
      ['outcome.conditions', 'json', false],
    ]);
    expect(fields[1].choices).toEqual(['none', 'informal', 'formal']);
    expect(fields[0]).toMatchObject({ label: 'Payable (£)', hint: 'in pounds, e.g. £250,000.50; at least £0.00' });
  });

  it('converts posted text to the types the schema checks, leaving bad values for it to name', () => {
    const fields = overrideFields(schema);
    const outcome = outcomeFromForm(fields, {
      'outcome.payablePence': '£1,500.25',
      'outcome.level': 'formal',
      'outcome.notify': 'true',
      'outcome.note': '',
      'outcome.conditions': '[{"id":"c1"}]',
    });
    expect(outcome).toEqual({ payablePence: 150025, level: 'formal', notify: true, conditions: [{ id: 'c1' }] });
    expect(schema.safeParse(outcome).success).toBe(true);
    expect(outcomeFromForm(fields, { 'outcome.payablePence': 'lots' })).toEqual({ payablePence: 'lots' });
  });

  it('keeps a minus sign, so that the schema says the amount must be £0 or more', () => {
    const fields = overrideFields(schema);
    expect(outcomeFromForm(fields, { 'outcome.payablePence': '-5' })).toEqual({ payablePence: -500 });
    expect(outcomeFromForm(fields, { 'outcome.payablePence': '-lots' })).toEqual({ payablePence: '-lots' });
  });

  it('names each field for its messages: money an amount in pounds, a choice of outcome keys what the Board decides', () => {
    const described = plainFields(overrideFields(schema), (key) => ['none', 'informal', 'formal'].includes(key));
    const say = (name: string, value: unknown) => {
      const issue = schema.shape[name as keyof typeof schema.shape].safeParse(value).error!.issues[0];
      return plainMessage(issue.message, described.get(`outcome.${name}`));
    };
    expect(say('payablePence', 'abc')).toBe('Enter an amount in pounds, like £250,000');
    expect(say('payablePence', -500)).toBe('Enter an amount of £0 or more');
    expect(say('level', undefined)).toBe('Choose what the Board decides');
    expect(say('notify', 'maybe')).toBe('Choose yes or no for notify');
    expect(say('note', 5)).toBe('Enter a note as text');
    expect(say('conditions', 'x')).toBe('This must be a list, not text');
    // Choices that are not the family's outcome keys are named by their label.
    expect(plainFields(overrideFields(schema), () => false).get('outcome.level')).toEqual({ kind: 'choice', noun: 'a level' });
  });

  it('falls back to one JSON field for a schema that is not an object', () => {
    const fields = overrideFields(z.union([z.object({ a: z.number() }), z.object({ b: z.string() })]));
    expect(fields).toEqual([expect.objectContaining({ name: 'outcome', kind: 'json' })]);
    expect(outcomeFromForm(fields, { outcome: '{"a":1}' })).toEqual({ a: 1 });
  });

  it('reads pounds as reviewers type them, into pence', () => {
    expect(penceFrom('£250,000')).toBe(25_000_000);
    expect(penceFrom('250000.5')).toBe(25_000_050);
    expect(penceFrom('0.07')).toBe(7);
    for (const bad of ['-5', '£1.234', 'lots', '', '1e6']) expect(penceFrom(bad)).toBeUndefined();
  });

  it('labels camelCase names in words', () => {
    expect(labelFor('payablePence')).toBe('Payable pence');
  });
});
