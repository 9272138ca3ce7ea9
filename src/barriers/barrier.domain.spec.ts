import {
  barrierResponseDueProblem,
  barrierStatus,
  earliestDay,
  evidenceRefusal,
  formatRef,
  issueDateProblem,
  issueStatus,
  linkRefusal,
  nextRefNumber,
  pageSlices,
  pastDateProblem,
  planLink,
  provenanceProblem,
  raisingCcg,
  rejectionDateProblem,
  rejectionRefusal,
  triageRefusal,
  withdrawRefusal,
  type BarrierState,
  type IssueState,
} from './barrier.domain.js';

const barrier = (over: Partial<BarrierState> = {}): BarrierState => ({
  ref: 'BAR-2013-0001',
  status: 'raised',
  triage: null,
  nationalIssueId: null,
  ...over,
});
const issue = (id: string, createdAt: string, over: Partial<IssueState> = {}): IssueState => ({
  id,
  ref: `NI-2013-${id}`,
  status: 'open',
  createdAt: new Date(createdAt),
  ...over,
});

describe('raising a barrier', () => {
  it('a ccg key raises for its own CCG, named or not, and never for another', () => {
    expect(raisingCcg('00C', undefined)).toEqual({ ccg: '00C' });
    expect(raisingCcg('00C', '00C')).toEqual({ ccg: '00C' });
    expect(raisingCcg('00C', '99E')).toEqual({ issue: { field: 'ccg', message: expect.stringContaining('00C') } });
  });

  it('Board staff must name the CCG they raise for', () => {
    expect(raisingCcg(undefined, '99E')).toEqual({ ccg: '99E' });
    expect(raisingCcg(undefined, undefined)).toEqual({ issue: expect.objectContaining({ field: 'ccg' }) });
  });

  it('refuses dates after today, naming the field', () => {
    expect(pastDateProblem('raisedOn', '2013-06-01', '2013-05-31')).toEqual(expect.objectContaining({ field: 'raisedOn' }));
    expect(pastDateProblem('raisedOn', '2013-05-31', '2013-05-31')).toBeUndefined();
    expect(pastDateProblem('raisedOn', undefined, '2013-05-31')).toBeUndefined();
  });

  it('leaves provenance to Board staff: a ccg key may not set it', () => {
    expect(provenanceProblem('ccg', 'synthetic')).toEqual(expect.objectContaining({ field: 'provenance' }));
    expect(provenanceProblem('ccg', 'submitted')).toEqual(expect.objectContaining({ field: 'provenance' }));
    expect(provenanceProblem('ccg', undefined)).toBeUndefined();
    expect(provenanceProblem('board', 'synthetic')).toBeUndefined();
    expect(provenanceProblem('admin', 'sample')).toBeUndefined();
  });

  it('numbers refs per prefix and year', () => {
    expect(formatRef('BAR', 2013, 1)).toBe('BAR-2013-0001');
    expect(formatRef('NI', 2014, 12345)).toBe('NI-2014-12345');
    expect(nextRefNumber([])).toBe(1);
    expect(nextRefNumber(['BAR-2013-0002', 'BAR-2013-0010', 'BAR-2013-0003'])).toBe(11);
  });
});

describe('state transitions', () => {
  it('evidence and withdrawal are refused once withdrawn', () => {
    for (const status of ['raised', 'triaged', 'answered'] as const) {
      expect(evidenceRefusal(barrier({ status }))).toBeUndefined();
      expect(withdrawRefusal(barrier({ status }))).toBeUndefined();
    }
    expect(evidenceRefusal(barrier({ status: 'withdrawn' }))).toMatch(/withdrawn/);
    expect(withdrawRefusal(barrier({ status: 'withdrawn' }))).toMatch(/already withdrawn/);
  });

  it('triage is open until the Board has answered, and a linked barrier stays national', () => {
    expect(triageRefusal(barrier(), 'local')).toBeUndefined();
    expect(triageRefusal(barrier({ status: 'triaged', triage: 'local' }), 'national')).toBeUndefined();
    expect(triageRefusal(barrier({ status: 'withdrawn' }), 'national')).toMatch(/withdrawn/);
    expect(triageRefusal(barrier({ status: 'answered', triage: 'national' }), 'national')).toMatch(/answered/);
    expect(triageRefusal(barrier({ status: 'triaged', triage: 'national', nationalIssueId: 'i1' }), 'not-a-barrier')).toMatch(/national issue/);
    expect(triageRefusal(barrier({ status: 'triaged', triage: 'national', nationalIssueId: 'i1' }), 'national')).toBeUndefined();
  });

  it('only barriers that may be national are linked', () => {
    expect(linkRefusal(barrier())).toBeUndefined();
    expect(linkRefusal(barrier({ status: 'triaged', triage: 'national' }))).toBeUndefined();
    expect(linkRefusal(barrier({ status: 'triaged', triage: 'local' }))).toMatch(/local/);
    expect(linkRefusal(barrier({ status: 'triaged', triage: 'not-a-barrier' }))).toMatch(/not-a-barrier/);
    expect(linkRefusal(barrier({ status: 'withdrawn' }))).toMatch(/withdrawn/);
  });

  it('a CCG rejects the latest response once, and only an answered barrier', () => {
    const answered = barrier({ status: 'answered', triage: 'national', nationalIssueId: 'i1' });
    expect(rejectionRefusal(answered, 'r2', ['r1'])).toBeUndefined();
    expect(rejectionRefusal(answered, 'r2', ['r1', 'r2'])).toMatch(/already rejected/);
    expect(rejectionRefusal(answered, undefined, [])).toMatch(/no response/);
    expect(rejectionRefusal(barrier({ status: 'triaged', triage: 'national' }), 'r1', [])).toMatch(/no response/);
  });

  it('derives the status: withdrawn over answered over triaged over raised', () => {
    expect(barrierStatus({ withdrawn: false, triage: null, answered: false })).toBe('raised');
    expect(barrierStatus({ withdrawn: false, triage: 'national', answered: false })).toBe('triaged');
    expect(barrierStatus({ withdrawn: false, triage: 'national', answered: true })).toBe('answered');
    expect(barrierStatus({ withdrawn: false, triage: null, answered: true })).toBe('answered');
    expect(barrierStatus({ withdrawn: true, triage: 'national', answered: true })).toBe('withdrawn');
    expect(issueStatus(0)).toBe('open');
    expect(issueStatus(2)).toBe('answered');
  });
});

describe('dates that contradict each other', () => {
  it('a barrier response cannot be due before the barrier was raised; the same day or later can', () => {
    expect(barrierResponseDueProblem('responseDue', '2012-01-01', '2013-05-01')).toEqual({
      field: 'responseDue',
      message: expect.stringContaining('2013-05-01'),
    });
    expect(barrierResponseDueProblem('responseDue', '2013-04-30', '2013-05-01')).toMatchObject({ field: 'responseDue' });
    expect(barrierResponseDueProblem('responseDue', '2013-05-01', '2013-05-01')).toBeUndefined();
    expect(barrierResponseDueProblem('responseDue', '2013-10-31', '2013-05-01')).toBeUndefined();
    expect(barrierResponseDueProblem('responseDue', undefined, '2013-05-01')).toBeUndefined();
  });

  it('the earliest of some days, compared as calendar days', () => {
    expect(earliestDay(['2013-09-01', '2013-05-01', '2014-01-01'])).toBe('2013-05-01');
    expect(earliestDay([])).toBeUndefined();
  });

  it("an issue's response (or its due date) cannot come before its earliest barrier was raised", () => {
    const raised = ['2013-09-01', '2013-05-01'];
    expect(issueDateProblem('respondedOn', '2013-04-02', raised, 'a response')).toEqual({
      field: 'respondedOn',
      message: expect.stringContaining('2013-05-01'),
    });
    expect(issueDateProblem('responseDue', '2013-04-30', raised, 'a response due date')).toMatchObject({ field: 'responseDue' });
    // Between the earliest and the latest barrier: a later barrier joined an issue already answered.
    expect(issueDateProblem('respondedOn', '2013-06-01', raised, 'a response')).toBeUndefined();
    expect(issueDateProblem('respondedOn', '2013-05-01', raised, 'a response')).toBeUndefined();
    expect(issueDateProblem('responseDue', undefined, raised, 'a response due date')).toBeUndefined();
    expect(issueDateProblem('respondedOn', '2013-04-02', [], 'a response')).toBeUndefined();
  });

  it('a rejection cannot come before the response it rejects, nor before the barrier was raised', () => {
    const r = { respondedOn: '2013-06-01', raisedOn: '2013-07-15' };
    expect(rejectionDateProblem('2013-05-31', r)).toEqual({ field: 'rejectedOn', message: expect.stringContaining('response') });
    expect(rejectionDateProblem('2013-07-01', r)).toEqual({ field: 'rejectedOn', message: expect.stringContaining('raised') });
    expect(rejectionDateProblem('2013-07-15', r)).toBeUndefined();
    expect(rejectionDateProblem('2013-06-01', { respondedOn: '2013-06-01', raisedOn: '2013-05-01' })).toBeUndefined();
  });
});

describe('linking (planLink)', () => {
  it('opens a new issue for barriers under none, and needs a title for it', () => {
    const bs = [
      { id: 'b1', nationalIssueId: null },
      { id: 'b2', nationalIssueId: null },
    ];
    expect(planLink(bs, [], 'Tariff pays per episode')).toEqual({ target: { kind: 'new' }, join: ['b1', 'b2'], merge: [] });
    expect(planLink(bs, [], undefined)).toEqual({ issue: expect.objectContaining({ field: 'title' }) });
  });

  it('joins barriers to the one issue already involved', () => {
    const plan = planLink(
      [
        { id: 'b1', nationalIssueId: 'i1' },
        { id: 'b2', nationalIssueId: null },
      ],
      [issue('i1', '2013-05-01')],
      undefined,
    );
    expect(plan).toEqual({ target: { kind: 'existing', id: 'i1' }, join: ['b2'], merge: [] });
  });

  it('folds several issues into the oldest, which keeps its barriers', () => {
    const plan = planLink(
      [
        { id: 'b1', nationalIssueId: 'i2' },
        { id: 'b2', nationalIssueId: 'i1' },
        { id: 'b3', nationalIssueId: 'i3' },
        { id: 'b4', nationalIssueId: null },
      ],
      [issue('i2', '2013-06-01'), issue('i1', '2013-05-01'), issue('i3', '2013-07-01')],
      'ignored for an existing issue',
    );
    expect(plan).toEqual({ target: { kind: 'existing', id: 'i1' }, join: ['b1', 'b3', 'b4'], merge: ['i2', 'i3'] });
  });

  it('breaks a tie in age by reference, so the fold does not depend on the order asked', () => {
    const issues = [issue('0002', '2013-05-01'), issue('0001', '2013-05-01')];
    const a = planLink(
      [
        { id: 'b1', nationalIssueId: '0002' },
        { id: 'b2', nationalIssueId: '0001' },
      ],
      issues,
      undefined,
    );
    const b = planLink(
      [
        { id: 'b2', nationalIssueId: '0001' },
        { id: 'b1', nationalIssueId: '0002' },
      ],
      [...issues].reverse(),
      undefined,
    );
    expect(a).toEqual(expect.objectContaining({ target: { kind: 'existing', id: '0001' }, merge: ['0002'] }));
    expect(b).toEqual(expect.objectContaining({ target: { kind: 'existing', id: '0001' }, merge: ['0002'] }));
  });

  it('is nothing to do when every barrier is under the issue already', () => {
    expect(planLink([{ id: 'b1', nationalIssueId: 'i1' }], [issue('i1', '2013-05-01')], undefined)).toEqual({
      target: { kind: 'existing', id: 'i1' },
      join: [],
      merge: [],
    });
  });
});

describe('paging the triage queue (pageSlices)', () => {
  it('takes each page from the bands in order, straddling two where it must', () => {
    // 60 open, 30 answered, 10 withdrawn; pages of 50.
    expect(pageSlices([60, 30, 10], 0, 50)).toEqual([{ band: 0, skip: 0, take: 50 }]);
    expect(pageSlices([60, 30, 10], 50, 50)).toEqual([
      { band: 0, skip: 50, take: 10 },
      { band: 1, skip: 0, take: 30 },
      { band: 2, skip: 0, take: 10 },
    ]);
    expect(pageSlices([60, 30, 10], 70, 20)).toEqual([{ band: 1, skip: 10, take: 20 }]);
  });

  it('skips empty bands; a page past the end takes nothing', () => {
    expect(pageSlices([0, 0, 5], 0, 50)).toEqual([{ band: 2, skip: 0, take: 5 }]);
    expect(pageSlices([60, 30, 10], 100, 50)).toEqual([]);
    expect(pageSlices([], 0, 50)).toEqual([]);
  });
});
