import { DomainError } from '../common/domain-error.js';
import { parseRuleSet } from '../rules/rule-set.loader.js';
import {
  approvalRefusal,
  changeReasonRefusal,
  publishRefusal,
  takenOver,
  withChangeReason,
  withdrawalRefusal,
  type ProposalState,
} from './rule-set-publishing.js';

const proposal = (over: Partial<ProposalState> = {}): ProposalState => ({
  status: 'proposed',
  hash: 'a'.repeat(64),
  proposedBy: 'admin-one',
  simulationRunId: null,
  ...over,
});
const answer = (error: DomainError | undefined) => error && { status: error.status, fields: error.issues.map((i) => i.field) };

describe('who may approve', () => {
  it('never the proposer (403), whatever the state', () => {
    expect(answer(approvalRefusal(proposal(), 'admin-one'))).toEqual({ status: 403, fields: ['approvedBy'] });
    expect(answer(approvalRefusal(proposal({ status: 'approved' }), 'admin-one'))).toEqual({ status: 403, fields: ['approvedBy'] });
  });

  it('another admin, once, while it is proposed', () => {
    expect(approvalRefusal(proposal(), 'admin-two')).toBeUndefined();
    for (const status of ['approved', 'published', 'withdrawn'] as const) {
      expect(answer(approvalRefusal(proposal({ status }), 'admin-two'))).toEqual({ status: 409, fields: ['status'] });
    }
  });
});

describe('what publishing needs', () => {
  it('a simulation run of the same content and an approval, naming each that is missing (409)', () => {
    expect(answer(publishRefusal(proposal()))).toEqual({ status: 409, fields: ['simulationRunId', 'status'] });
    expect(answer(publishRefusal(proposal({ status: 'approved' })))).toEqual({ status: 409, fields: ['simulationRunId'] });
    expect(answer(publishRefusal(proposal({ simulationRunId: 'run' })))).toEqual({ status: 409, fields: ['status'] });
    expect(publishRefusal(proposal({ status: 'approved', simulationRunId: 'run' }))).toBeUndefined();
  });

  it('is refused once published or withdrawn', () => {
    for (const status of ['published', 'withdrawn'] as const) {
      expect(answer(publishRefusal(proposal({ status, simulationRunId: 'run' })))).toEqual({ status: 409, fields: ['status'] });
    }
  });

  it('withdrawal before publishing only', () => {
    expect(withdrawalRefusal(proposal())).toBeUndefined();
    expect(withdrawalRefusal(proposal({ status: 'approved' }))).toBeUndefined();
    expect(answer(withdrawalRefusal(proposal({ status: 'published' })))).toEqual({ status: 409, fields: ['status'] });
    expect(answer(withdrawalRefusal(proposal({ status: 'withdrawn' })))).toEqual({ status: 409, fields: ['status'] });
  });
});

type Doc = Record<string, unknown>;
const set = (file: string, over: Doc) =>
  parseRuleSet(
    file,
    JSON.stringify({
      family: 'toy',
      id: 'toy-2013',
      version: '1.0.0',
      title: 'Toy rules',
      effective: { from: '2013-04-01' },
      source: 'the toy guide',
      rules: [
        {
          name: 'a',
          conditions: { all: [{ fact: 'score', operator: 'greaterThan', value: 1 }] },
          event: { type: 'finding', params: { citation: 'toy guide §1.1', reason: 'A score above one is a finding.' } },
        },
      ],
      ...over,
    }),
  );
const open2013 = set('toy/toy-2013.json', {});
const other = set('other/x.json', { family: 'other', id: 'x' });

describe('the change reason (draft mandate §1.9)', () => {
  it('is needed when a version starts inside a period another covers (422 naming changeReason)', () => {
    const inYear = set('candidate', { id: 'toy-2013-q3', effective: { from: '2013-10-01' } });
    const refusal = changeReasonRefusal(inYear, [open2013, other]);
    expect(answer(refusal)).toEqual({ status: 422, fields: ['changeReason'] });
    expect(refusal?.message).toContain('toy-2013@1.0.0');
    expect(
      changeReasonRefusal(set('candidate', { id: 'toy-2013-q3', effective: { from: '2013-10-01' }, changeReason: 'in year' }), [open2013]),
    ).toBeUndefined();
  });

  it('is not needed for a new version of the same id (it takes that one’s place) or another family', () => {
    expect(changeReasonRefusal(set('candidate', { version: '1.1.0', effective: { from: '2013-10-01' } }), [open2013])).toBeUndefined();
    expect(changeReasonRefusal(set('candidate', { family: 'other', id: 'y', effective: { from: '2013-10-01' } }), [open2013])).toBeUndefined();
  });

  it('comes with the proposal into the content, or is refused when the candidate gives another', () => {
    expect(withChangeReason({ id: 'x' }, 'because')).toEqual({ id: 'x', changeReason: 'because' });
    expect(withChangeReason({ id: 'x', changeReason: 'because' }, 'because')).toEqual({ id: 'x', changeReason: 'because' });
    expect(withChangeReason({ id: 'x' }, undefined)).toEqual({ id: 'x' });
    let refused: unknown;
    try {
      withChangeReason({ changeReason: 'one' }, 'two');
    } catch (error) {
      refused = error;
    }
    expect(answer(refused as DomainError)).toEqual({ status: 422, fields: ['changeReason'] });
  });
});

describe('what a published version takes over', () => {
  it('the versions of its family with the same id or overlapping dates', () => {
    const inYear = set('candidate', { id: 'toy-2013-q3', effective: { from: '2013-10-01' }, changeReason: 'in year' });
    const later = set('toy/toy-2020.json', { id: 'toy-2020', effective: { from: '2020-04-01' }, changeReason: 'later' });
    expect(takenOver(inYear, [open2013, other, later])).toEqual([
      { hash: open2013.hash, source: 'toy/toy-2013.json', id: 'toy-2013', version: '1.0.0' },
      { hash: later.hash, source: 'toy/toy-2020.json', id: 'toy-2020', version: '1.0.0' },
    ]);
  });
});
