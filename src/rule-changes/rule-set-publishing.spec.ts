import { toyRule, toyRuleSet, type ToyDoc } from '../../test/support/toy-rule-set.js';
import { DomainError } from '../common/domain-error.js';
import { publishedSource, standingRuleSets, type PublishedRuleSet } from '../rules/published-rule-sets.js';
import { effectiveRuleSet, parseRuleSet, type LoadedRuleSet } from '../rules/rule-set.loader.js';
import { checkCandidate } from './candidate.js';
import {
  approvalRefusal,
  asPublishProblem,
  notInForceRefusal,
  publishRefusal,
  standingOver,
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

describe('successive published versions: what publishing checks is what start-up checks', () => {
  // Publishing as the service does it: the versions as they stand (files, published ones in place),
  // the candidate checked there, what it takes over, and whether it would be in force.
  const publishOver = (files: LoadedRuleSet[], published: PublishedRuleSet[], proposalId: string, over: ToyDoc): PublishedRuleSet => {
    const standing = standingOver(files, published);
    const checked = checkCandidate(JSON.stringify(set('candidate', over).document), families, standing).set;
    const candidate = { ...checked, file: publishedSource(proposalId) };
    const next = { proposalId, set: candidate, takesOver: takenOver(candidate, standing).map((t) => t.hash) };
    const refusal = notInForceRefusal(files, published, next);
    if (refusal) throw refusal;
    return next;
  };
  const file2013 = set('toy/toy-2013.json', { effective: { from: '2013-04-01', to: '2014-03-31' } });
  const file2014 = set('toy/toy-2014.json', { id: 'toy-2014', effective: { from: '2014-04-01' } });
  const files = [file2013, file2014];
  const inForce = (published: PublishedRuleSet[], day: string) => {
    const { sets, conflicts } = standingRuleSets(files, published);
    expect(conflicts).toEqual([]);
    return effectiveRuleSet(sets, 'toy', day)?.file;
  };

  it('file → 1.1.0 → 1.2.0 of the same id: the second stands where the first stood, at start-up too', () => {
    const v11 = publishOver(files, [], 'p1', { version: '1.1.0', effective: file2013.document.effective });
    expect(v11.takesOver).toEqual([file2013.hash]);
    const v12 = publishOver(files, [v11], 'p2', { version: '1.2.0', effective: file2013.document.effective, changeReason: 'again' });
    expect(v12.takesOver).toEqual([v11.set.hash]);
    expect(inForce([v11, v12], '2013-04-01')).toBe('published/p2');
    expect(inForce([v11, v12], '2014-04-01')).toBe('toy/toy-2014.json');
    expect(standingRuleSets(files, [v11, v12]).sets.map((s) => s.file)).toEqual(['published/p2', 'toy/toy-2014.json']);
  });

  it('the latest of the chain written out by rules export, kept in the file’s place (or beside the first), starts', () => {
    const v11 = publishOver(files, [], 'p1', { version: '1.1.0', effective: file2013.document.effective });
    const v12 = publishOver(files, [v11], 'p2', { version: '1.2.0', effective: file2013.document.effective, changeReason: 'again' });
    const exported = (p: PublishedRuleSet, name: string) => ({ ...p.set, file: `toy/${name}` });
    for (const kept of [[exported(v12, 'toy-2013-1.2.0.json')], [exported(v11, 'toy-2013-1.1.0.json'), exported(v12, 'toy-2013-1.2.0.json')]]) {
      const { sets, conflicts } = standingRuleSets([...kept, file2014], [v11, v12]);
      expect(conflicts).toEqual([]);
      expect(effectiveRuleSet(sets, 'toy', '2013-04-01')?.hash).toBe(v12.set.hash);
    }
  });

  it('a later version of another id over part of the first’s dates: each in force on its own days', () => {
    const v11 = publishOver(files, [], 'p1', { version: '1.1.0', effective: file2013.document.effective });
    const part = publishOver(files, [v11], 'p2', { id: 'toy-2013-q3', effective: { from: '2013-10-01', to: '2014-03-31' }, changeReason: 'in year' });
    expect(part.takesOver).toEqual([v11.set.hash]);
    expect(inForce([v11, part], '2013-09-30')).toBe('published/p1');
    expect(inForce([v11, part], '2013-10-01')).toBe('published/p2');
  });

  it('a file a published version replaced is not checked against later ones (it is in force nowhere)', () => {
    // 1.1.0 ends in December; the next version starts in January, over the file's old dates only.
    const v11 = publishOver(files, [], 'p1', { version: '1.1.0', effective: { from: '2013-04-01', to: '2013-12-31' } });
    const q4 = publishOver(files, [v11], 'p2', { id: 'toy-2013-q4', effective: { from: '2014-01-01', to: '2014-03-31' } });
    expect(q4.takesOver).toEqual([]);
    expect(inForce([v11, q4], '2014-02-01')).toBe('published/p2');
  });

  it('still stops start-up when the file was changed since, naming it for each version it contradicts', () => {
    const v11 = publishOver(files, [], 'p1', { version: '1.1.0', effective: file2013.document.effective });
    const v12 = publishOver(files, [v11], 'p2', { version: '1.2.0', effective: file2013.document.effective, changeReason: 'again' });
    const edited = set('toy/toy-2013.json', { title: 'Toy rules, edited', effective: file2013.document.effective });
    const { sets, conflicts } = standingRuleSets([edited, file2014], [v11, v12]);
    expect(conflicts).toHaveLength(2);
    for (const [conflict, p] of [
      [conflicts[0], 'p1'],
      [conflicts[1], 'p2'],
    ]) {
      expect(conflict).toContain(`rules file toy/toy-2013.json (toy-2013@1.0.0, hash ${edited.hash})`);
      expect(conflict).toContain(`proposal ${p})`);
    }
    expect(sets.map((s) => s.file)).toEqual(['toy/toy-2013.json', 'toy/toy-2014.json']);
    // A process in that state refuses to publish over it (409 before anything is written).
    expect(() => publishOver([edited, file2014], [v11, v12], 'p3', { version: '1.3.0', effective: file2013.document.effective })).toThrow(
      expect.objectContaining({
        status: 409,
        issues: [expect.objectContaining({ field: 'candidate' }), expect.objectContaining({ field: 'candidate' })],
      }),
    );
  });

  it('refuses (409, before anything is written) a version start-up would leave out', () => {
    const v11 = publishOver(files, [], 'p1', { version: '1.1.0', effective: file2013.document.effective });
    // Recorded as taking over nothing, the file of 2014 it overlaps would contradict it.
    const late = set(publishedSource('p2'), { id: 'toy-2014-late', effective: { from: '2014-07-01' }, changeReason: 'late' });
    const refusal = notInForceRefusal(files, [v11], { proposalId: 'p2', set: late, takesOver: [] });
    expect(answer(refusal)).toEqual({ status: 409, fields: ['candidate'] });
    expect(refusal?.issues[0].message).toContain('toy/toy-2014.json');
    expect(notInForceRefusal(files, [v11], { proposalId: 'p2', set: late, takesOver: [file2014.hash] })).toBeUndefined();
  });
});
