import { DomainError } from '../common/domain-error.js';
import { parseOrThrow } from '../common/validation.js';
import { raiseBarrierSchema, triageSchema } from './barrier.schemas.js';

const valid = () => ({
  objectives: [13, 19],
  actionArea: 'contracting-and-pricing',
  stopsLocally: 'Episode tariffs pay the hospital per admission, so a joint frailty service loses it income.',
  nationalBodies: ['nhs-commissioning-board', 'monitor'],
});

const fieldsOf = (body: unknown, schema: Parameters<typeof parseOrThrow>[0] = raiseBarrierSchema): string[] => {
  try {
    parseOrThrow(schema, body);
    return [];
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.status).toBe(422);
    return error.issues.map((i) => i.field);
  }
};

describe('a barrier as raised', () => {
  it('accepts a complete body', () => {
    expect(fieldsOf(valid())).toEqual([]);
    expect(fieldsOf({ ...valid(), ccg: '00c' })).toEqual([]);
    expect(parseOrThrow(raiseBarrierSchema, { ...valid(), ccg: '00c' }).ccg).toBe('00C');
  });

  it('names an unknown objective, and one named twice', () => {
    expect(fieldsOf({ ...valid(), objectives: [23] })).toEqual(['objectives.0']);
    expect(fieldsOf({ ...valid(), objectives: [14, 0] })).toEqual(['objectives.1']);
    expect(fieldsOf({ ...valid(), objectives: [14, 14] })).toEqual(['objectives.1']);
    expect(fieldsOf({ ...valid(), objectives: [] })).toEqual(['objectives']);
  });

  it('names an unknown action area and an unknown national body', () => {
    expect(fieldsOf({ ...valid(), actionArea: 'workforce' })).toEqual(['actionArea']);
    expect(fieldsOf({ ...valid(), nationalBodies: ['monitor', 'nice'] })).toEqual(['nationalBodies.1']);
  });

  it('wants a reason exactly for `other`', () => {
    expect(fieldsOf({ ...valid(), actionArea: 'other' })).toEqual(['otherReason']);
    expect(fieldsOf({ ...valid(), actionArea: 'other', otherReason: 'It is about workforce planning, which none covers.' })).toEqual([]);
    expect(fieldsOf({ ...valid(), otherReason: 'It is about workforce planning, which none covers.' })).toEqual(['otherReason']);
  });

  it('refuses fields it does not know', () => {
    expect(fieldsOf({ ...valid(), status: 'answered' })).toEqual(['status']);
  });

  it('refuses a date raised before the CCGs were established (1 April 2013)', () => {
    expect(fieldsOf({ ...valid(), raisedOn: '2013-03-31' })).toEqual(['raisedOn']);
    expect(fieldsOf({ ...valid(), raisedOn: '1999-01-01' })).toEqual(['raisedOn']);
    expect(fieldsOf({ ...valid(), raisedOn: '2013-04-01' })).toEqual([]);
  });
});

describe('a triage', () => {
  it('needs an owner and a due date for a national barrier only', () => {
    expect(fieldsOf({ triage: 'national', reason: 'Tariff design is national.' }, triageSchema).sort()).toEqual(['owner', 'responseDue']);
    expect(fieldsOf({ triage: 'local', reason: 'The local contract can pay for it.' }, triageSchema)).toEqual([]);
    expect(fieldsOf({ triage: 'maybe', reason: 'The local contract can pay for it.' }, triageSchema)).toEqual(['triage']);
  });
});
