import { toyRule, toyRuleSet, type ToyDoc } from '../../test/support/toy-rule-set.js';
import { DomainError } from '../common/domain-error.js';
import { parseRuleSet } from '../rules/rule-set.loader.js';
import { checkCandidate } from './candidate.js';
import {
  approvalRefusal,
  asPublishProblem,
  publishRefusal,
  takenOver,
  withChangeReason,
  withdrawalRefusal,
  type ProposalState,
} from './rule-set-publishing.js';

const proposal = (over: Partial<ProposalState> = {}): ProposalState => ({
  status: 'proposed',
  hash: 'a'.repeat(64),
  proposedBy: 'admin',
  proposedByKey: 'key-1',
  simulationRunId: null,
  ...over,
});
const answer = (error: DomainError | undefined) => error && { status: error.status, fields: error.issues.map((i) => i.field) };

const proposerKey = { name: 'admin', keyId: 'key-1' };
const otherKey = { name: 'admin-two', keyId: 'key-2' };

describe('who may approve', () => {
  it('never the proposer’s key (403), whatever the state or the name it goes by', () => {
    expect(answer(approvalRefusal(proposal(), proposerKey))).toEqual({ status: 403, fields: ['approvedBy'] });
    expect(answer(approvalRefusal(proposal({ status: 'approved' }), proposerKey))).toEqual({ status: 403, fields: ['approvedBy'] });
    expect(answer(approvalRefusal(proposal({ proposedBy: 'renamed' }), proposerKey))).toEqual({ status: 403, fields: ['approvedBy'] });
  });

  it('another key, once, while it is proposed, even of the same name (names are not unique)', () => {
    expect(approvalRefusal(proposal(), otherKey)).toBeUndefined();
    expect(approvalRefusal(proposal(), { name: 'admin', keyId: 'key-3' })).toBeUndefined();
    for (const status of ['approved', 'published', 'withdrawn'] as const) {
      expect(answer(approvalRefusal(proposal({ status }), otherKey))).toEqual({ status: 409, fields: ['status'] });
    }
  });

  it('by name where the proposer’s key was not recorded: a matching name is refused', () => {
    const legacy = proposal({ proposedByKey: null });
    expect(answer(approvalRefusal(legacy, { name: 'admin', keyId: 'key-3' }))).toEqual({ status: 403, fields: ['approvedBy'] });
    expect(approvalRefusal(legacy, otherKey)).toBeUndefined();
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

const set = (file: string, over: ToyDoc) =>
  parseRuleSet(file, JSON.stringify(toyRuleSet({ effective: { from: '2013-04-01' }, rules: [toyRule('a')], ...over })));
const open2013 = set('toy/toy-2013.json', {});
const other = set('other/x.json', { family: 'other', id: 'x' });

const families = { find: (id: string) => (id === 'toy' ? ({ id: 'toy' } as never) : undefined) };
const publishing = (candidate: ReturnType<typeof set>, standing: ReturnType<typeof set>[]) => {
  try {
    checkCandidate(JSON.stringify(candidate.document), families, standing);
    return undefined;
  } catch (error) {
    return asPublishProblem(error) as DomainError;
  }
};

describe('the change reason (draft mandate §1.9)', () => {
  it('is needed when a version starts inside a period another covers (422 naming changeReason)', () => {
    const inYear = set('candidate', { id: 'toy-2013-q3', effective: { from: '2013-10-01' } });
    const refusal = publishing(inYear, [open2013, other]);
    expect(answer(refusal)).toEqual({ status: 422, fields: ['changeReason'] });
    expect(refusal?.message).toContain('toy-2013@1.0.0');
    expect(
      publishing(set('candidate', { id: 'toy-2013-q3', effective: { from: '2013-10-01' }, changeReason: 'in year' }), [open2013]),
    ).toBeUndefined();
  });

  it('is needed inside a longer period with a shorter version between (neighbours alone miss it)', () => {
    const q2 = set('toy/toy-2013-q2.json', {
      id: 'toy-2013-q2',
      effective: { from: '2013-07-01', to: '2013-09-30' },
      changeReason: 'second quarter',
    });
    const later = set('candidate', { id: 'toy-2014', effective: { from: '2014-04-01' } });
    expect(answer(publishing(later, [open2013, q2]))).toEqual({ status: 422, fields: ['changeReason'] });
  });

  it('is not needed for a new version of the same id (it takes that one’s place) or another family', () => {
    expect(publishing(set('candidate', { version: '1.1.0', effective: { from: '2013-10-01' } }), [open2013])).toBeUndefined();
  });

  it('leaves other problems as they are: an end running into a later version names /effective/to', () => {
    const later = set('toy/toy-2014.json', { id: 'toy-2014', effective: { from: '2014-04-01' } });
    const runsOn = set('candidate', { effective: { from: '2013-04-01', to: '2014-06-30' } });
    expect(answer(publishing(runsOn, [later]))).toEqual({ status: 422, fields: ['/effective/to'] });
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
