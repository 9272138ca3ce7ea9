import { DomainError } from '../../common/domain-error.js';
import {
  ageInDays,
  barrierPageView,
  barrierQueueView,
  ccgHomeView,
  dayInWords,
  dueInWords,
  listQueryOf,
  mayLink,
  parseBarrierQueueQuery,
  queueHref,
  queuePaging,
  raiseFormView,
  type BarrierView,
  type RegisterCcg,
} from './barrier-pages.view.js';

const TODAY = '2014-03-10';

const REGISTER: RegisterCcg[] = [
  { odsCode: '00C', name: 'NHS Darlington CCG', regionName: 'North of England', areaTeamName: 'Durham, Darlington and Tees' },
  { odsCode: '02N', name: 'NHS Airedale, Wharfedale and Craven CCG', regionName: 'North of England', areaTeamName: 'West Yorkshire' },
  { odsCode: '08H', name: 'NHS Islington CCG', regionName: 'London', areaTeamName: 'North Central and East London' },
];

type Over = Partial<Omit<BarrierView, 'nationalIssue'>> & { nationalIssue?: Partial<NonNullable<BarrierView['nationalIssue']>> | null };

/** A barrier as the service returns it; only what a test names differs. */
function barrier(over: Over = {}): BarrierView {
  const { nationalIssue, ...rest } = over;
  return {
    ref: 'BAR-2013-0001',
    ccg: { code: '00C', name: 'NHS Darlington CCG' },
    raisedOn: '2014-03-01',
    status: 'raised',
    objectives: [{ number: 14, title: 'Integrated care' }],
    actionArea: 'information-sharing-technology',
    otherReason: null,
    stopsLocally: 'Shared care plans live on paper.',
    nationalBodies: ['department-of-health'],
    evidence: [],
    triage: null,
    owner: null,
    responseDue: null,
    nationalIssue: nationalIssue
      ? {
          ref: 'NI-2014-0001',
          title: 'Records',
          status: 'open',
          mergedInto: null,
          owner: 'Digital',
          responseDue: null,
          responses: [],
          ...nationalIssue,
        }
      : null,
    rejections: [],
    withdrawn: null,
    createdBy: 'test-ccg-00C',
    createdAt: new Date('2014-03-01T09:00:00Z'),
    updatedAt: new Date('2014-03-01T09:00:00Z'),
    links: { self: '/api/v1/barriers/BAR-2013-0001' },
    ...rest,
  } as BarrierView;
}

const response = (id: string, text: string) => ({ id, text, nationalAction: null, respondedOn: '2014-03-05', respondedBy: 'test-board' });

describe('dates in words', () => {
  it('days, ages and due dates; overdue said in words', () => {
    expect(dayInWords('2013-08-01')).toBe('1 August 2013');
    expect(ageInDays('2014-03-10', TODAY)).toBe('raised today');
    expect(ageInDays('2014-03-09', TODAY)).toBe('1 day');
    expect(ageInDays('2014-02-08', TODAY)).toBe('30 days');
    expect(dueInWords('2014-03-05', 'triaged', TODAY)).toEqual({ text: '5 March 2014: overdue by 5 days', overdue: true });
    expect(dueInWords('2014-03-10', 'triaged', TODAY)).toEqual({ text: '10 March 2014: due today', overdue: false });
    expect(dueInWords('2014-03-11', 'triaged', TODAY)).toEqual({ text: '11 March 2014: in 1 day', overdue: false });
    // An answered barrier is not overdue, whatever its date.
    expect(dueInWords('2014-03-05', 'answered', TODAY)).toEqual({ text: '5 March 2014', overdue: false });
    expect(dueInWords(null, 'raised', TODAY)).toEqual({ text: 'not set', overdue: false });
  });
});

describe('parseBarrierQueueQuery', () => {
  const regions = ['London', 'North of England'];

  it('reads the filters, blanks as none, a region in the register’s spelling, page 1 unless given', () => {
    expect(parseBarrierQueueQuery({ status: 'triaged', actionArea: '', objective: '14', region: 'london' }, regions)).toEqual({
      filter: { status: 'triaged', actionArea: undefined, objective: 14, region: 'London' },
      page: 1,
    });
    expect(parseBarrierQueueQuery({ page: '3' }, regions).page).toBe(3);
    expect(parseBarrierQueueQuery({ page: '' }, regions).page).toBe(1);
    expect(listQueryOf({ status: 'triaged', objective: 14, region: 'London' })).toEqual({ status: 'triaged', objective: '14' });
  });

  it('a bad value or an unknown parameter is a 400 naming it', () => {
    const refusal = (q: Record<string, unknown>) => {
      try {
        parseBarrierQueueQuery(q, regions);
      } catch (error) {
        return error instanceof DomainError ? { status: error.status, fields: error.issues.map((i) => i.field) } : error;
      }
      return undefined;
    };
    expect(refusal({ status: 'lost' })).toEqual({ status: 400, fields: ['query.status'] });
    expect(refusal({ objective: '23' })).toEqual({ status: 400, fields: ['query.objective'] });
    expect(refusal({ region: 'Atlantis' })).toEqual({ status: 400, fields: ['query.region'] });
    expect(refusal({ ccgName: 'x' })).toEqual({ status: 400, fields: ['query.ccgName'] });
    for (const page of ['0', '-1', 'abc', '1.5', '100001']) expect(refusal({ page })).toEqual({ status: 400, fields: ['query.page'] });
  });
});

describe('paging the queue', () => {
  it('keeps the filter in each page’s link; page 1 needs no parameter', () => {
    expect(queueHref({}, 1)).toBe('/console/barriers');
    expect(queueHref({ status: 'raised', objective: 14, region: 'North of England' }, 2)).toBe(
      '/console/barriers?status=raised&objective=14&region=North+of+England&page=2',
    );
  });

  it('says where the page sits, with links either side', () => {
    const second = queuePaging({ actionArea: 'procurement' }, 2, 50, 1000);
    expect(second).toMatchObject({ page: 2, pages: 20, showing: 'Showing 51 to 100 of 1,000', nav: true, beyond: null });
    expect(second.prev).toEqual({ href: '/console/barriers?actionArea=procurement', label: 'Page 1 of 20' });
    expect(second.next).toEqual({ href: '/console/barriers?actionArea=procurement&page=3', label: 'Page 3 of 20' });
    expect(queuePaging({}, 2, 50, 60)).toMatchObject({ showing: 'Showing 51 to 60 of 60', next: null });
    expect(queuePaging({}, 1, 50, 10)).toMatchObject({ pages: 1, showing: 'Showing 1 to 10 of 10', prev: null, next: null, nav: false });
    expect(queuePaging({}, 1, 50, 0)).toMatchObject({ pages: 1, showing: null, nav: false, beyond: null });
  });

  it('a page past the end says so and links to the last', () => {
    expect(queuePaging({ status: 'raised' }, 5, 50, 60)).toMatchObject({
      showing: null,
      prev: null,
      next: null,
      beyond: { href: '/console/barriers?status=raised&page=2', label: 'There is no page 5: the last is page 2.' },
    });
  });
});

describe('barrierQueueView', () => {
  // One page as the service orders it: open barriers first, the most overdue at the top.
  const items = [
    barrier({ ref: 'BAR-2014-0003', status: 'triaged', responseDue: '2014-03-01', raisedOn: '2014-02-01' }),
    barrier({ ref: 'BAR-2014-0002', status: 'triaged', responseDue: '2014-03-20', ccg: { code: '08H', name: 'NHS Islington CCG' } }),
    barrier({ ref: 'BAR-2014-0004', status: 'raised', raisedOn: '2014-02-20' }),
    barrier({ ref: 'BAR-2014-0001', status: 'answered', responseDue: '2014-01-01' }),
  ];
  const page = { total: 4, overdue: 1, page: 1, limit: 50 };

  it('keeps the service’s order, each row in words, the count of all that match', () => {
    const view = barrierQueueView({ items, ...page, filter: {}, register: REGISTER, today: TODAY, mayRaise: true });
    expect(view.rows.map((r) => r.ref)).toEqual(['BAR-2014-0003', 'BAR-2014-0002', 'BAR-2014-0004', 'BAR-2014-0001']);
    expect(view.rows[0]).toMatchObject({
      ccg: 'NHS Darlington CCG (00C)',
      region: 'North of England',
      objectives: ['14. Integrated care'],
      area: 'Better use of technology to share information',
      status: 'Triaged',
      age: '37 days',
      due: '1 March 2014: overdue by 9 days',
      overdue: true,
    });
    expect(view.count).toBe('4 barriers, 1 overdue');
    expect(view.paging.showing).toBe('Showing 1 to 4 of 4');
    expect(view.board).toBe(true);
    const many = barrierQueueView({
      items,
      total: 1234,
      overdue: 1001,
      page: 2,
      limit: 50,
      filter: { region: 'London' },
      register: REGISTER,
      today: TODAY,
      mayRaise: true,
    });
    expect(many.count).toBe('1,234 barriers match the filter, 1,001 overdue');
    expect(many.paging.prev?.href).toBe('/console/barriers?region=London');
  });

  it('a ccg reader gets its own heading', () => {
    const own = barrierQueueView({
      items: [],
      ...page,
      total: 0,
      overdue: 0,
      filter: {},
      register: REGISTER,
      today: TODAY,
      ownCcg: REGISTER[0],
      mayRaise: true,
    });
    expect(own).toMatchObject({ board: false, heading: 'Barriers raised by NHS Darlington CCG', count: '0 barriers' });
  });
});

describe('ccgHomeView', () => {
  it('its decisions link to its own document route; each barrier shows the Board’s latest answer', () => {
    const view = ccgHomeView({
      ccg: REGISTER[0],
      standing: [
        { title: 'Authorisation', entries: [{ label: 'Status', value: 'Authorised' }] },
        { title: 'Empty', entries: [] },
      ],
      decisions: [
        { id: 'd1', family: 'quality-premium', period: '2013/14', status: 'issued', key: 'payable', overridden: false, createdAt: new Date() },
      ],
      familyTitle: (id) => (id === 'quality-premium' ? 'Quality Premium' : id),
      barriers: [
        barrier({
          status: 'answered',
          nationalIssue: { status: 'answered', responses: [response('r1', 'First'), response('r2', 'Standards are due in 2014.')] },
        }),
      ],
      today: TODAY,
    });
    expect(view.standing.map((s) => s.title)).toEqual(['Authorisation']);
    expect(view.decisions[0]).toMatchObject({ family: 'Quality Premium', documentHref: '/console/my-ccg/decisions/d1/document', status: 'Issued' });
    // The outcome in words, the key kept for the page's data-key.
    expect(view.decisions[0]).toMatchObject({ outcome: 'Payable', outcomeKey: 'payable' });
    expect(view.barriers[0].answer).toEqual({ text: 'Standards are due in 2014.', on: '5 March 2014' });
  });

  it('says an outcome in its family’s words when it is given them, the key spelt out when not', () => {
    const decision = {
      id: 'd2',
      family: 'intervention',
      period: '2013-Q2',
      status: 'issued',
      key: 'recovery-plan-notice',
      overridden: true,
      createdAt: new Date(),
    };
    const base = { ccg: REGISTER[0], standing: [], decisions: [decision], familyTitle: (id: string) => id, barriers: [], today: TODAY };
    expect(ccgHomeView(base).decisions[0].outcome).toBe('Recovery plan notice (changed on review)');
    expect(ccgHomeView({ ...base, outcomeWords: (family, key) => `${family}: ${key}` }).decisions[0].outcome).toBe(
      'intervention: recovery-plan-notice (changed on review)',
    );
  });

  it('says how many barriers there are in all only when it shows fewer', () => {
    const base = {
      ccg: REGISTER[0],
      standing: [],
      decisions: [],
      familyTitle: (id: string) => id,
      barriers: [barrier(), barrier({ ref: 'BAR-2013-0002' })],
      today: TODAY,
    };
    expect(ccgHomeView({ ...base, barrierTotal: 1234 }).barrierTotal).toBe('1,234');
    expect(ccgHomeView({ ...base, barrierTotal: 2 }).barrierTotal).toBeUndefined();
  });
});

describe('raiseFormView', () => {
  it('every objective and area with its input id; a ccg reader’s CCG is fixed', () => {
    const view = raiseFormView({ ownCcg: REGISTER[0], register: REGISTER });
    expect(view.objectives).toHaveLength(22);
    expect(view.objectives[0]).toMatchObject({ id: 'objective-1', value: '1' });
    expect(view.actionAreas.map((a) => a.id)).toEqual(['actionArea-1', 'actionArea-2', 'actionArea-3', 'actionArea-4', 'actionArea-5']);
    expect(view.nationalBodies[0]).toMatchObject({ id: 'nationalBody-1', label: 'NHS Commissioning Board' });
    expect(view.ccgs).toEqual([]);
    expect(view.title).toBe('Raise a barrier');
  });

  it('Board staff choose the CCG; values and errors come back onto the form', () => {
    const view = raiseFormView({
      register: REGISTER,
      values: {
        ccg: '08h',
        raisedOn: '',
        objectives: ['14'],
        actionArea: 'procurement',
        otherReason: '',
        stopsLocally: '',
        evidenceSummary: '',
        evidenceSource: '',
        nationalBodies: [],
      },
      problems: { errors: { stopsLocally: 'Say what' }, errorList: [{ href: '#stopsLocally', message: 'Say what' }] },
    });
    expect(view.ccgs.filter((c) => c.selected).map((c) => c.value)).toEqual(['08H']);
    expect(view.objectives.filter((o) => o.checked).map((o) => o.value)).toEqual(['14']);
    expect(view.actionAreas.find((a) => a.checked)?.value).toBe('procurement');
    expect(view.title).toBe('Error: Raise a barrier');
  });
});

describe('barrierPageView: the forms each reader may use', () => {
  const forms = (v: ReturnType<typeof barrierPageView>) =>
    Object.entries({
      evidence: v.evidenceForm,
      withdraw: v.withdrawForm,
      reject: v.rejectForm,
      triage: v.triageForm,
      link: v.linkForm,
      respond: v.respondForm,
    })
      .filter(([, f]) => f)
      .map(([k]) => k);

  it('a raised barrier: the CCG adds evidence or withdraws; Board staff add evidence, triage and link', () => {
    expect(forms(barrierPageView({ barrier: barrier(), role: 'ccg', today: TODAY }))).toEqual(['evidence', 'withdraw']);
    expect(forms(barrierPageView({ barrier: barrier(), role: 'board', today: TODAY }))).toEqual(['evidence', 'triage', 'link']);
    expect(forms(barrierPageView({ barrier: barrier(), role: 'auditor', today: TODAY }))).toEqual([]);
  });

  it('answered: the CCG may reject the latest response once; Board staff respond again', () => {
    const answered = barrier({
      status: 'answered',
      triage: { kind: 'national', reason: 'r', by: 'b', at: new Date() },
      nationalIssue: { responses: [response('r1', 'Done')] },
    });
    expect(forms(barrierPageView({ barrier: answered, role: 'ccg', today: TODAY }))).toEqual(['evidence', 'withdraw', 'reject']);
    const rejected = { ...answered, rejections: [{ responseId: 'r1', reason: 'No', rejectedOn: '2014-03-06', rejectedBy: 'c' }] } as BarrierView;
    const view = barrierPageView({ barrier: rejected, role: 'ccg', today: TODAY });
    expect(forms(view)).toEqual(['evidence', 'withdraw']);
    expect(view.responses[0].rejection).toEqual({ reason: 'No', on: '6 March 2014', by: 'c' });
    expect(forms(barrierPageView({ barrier: answered, role: 'admin', today: TODAY }))).toEqual(['evidence', 'link', 'respond']);
  });

  it('withdrawn or triaged local: nothing to link; withdrawn: nothing at all', () => {
    const local = barrier({ status: 'triaged', triage: { kind: 'local', reason: 'r', by: 'b', at: new Date() } });
    expect(forms(barrierPageView({ barrier: local, role: 'board', today: TODAY }))).toEqual(['evidence', 'triage']);
    expect(forms(barrierPageView({ barrier: barrier({ status: 'withdrawn' }), role: 'board', today: TODAY }))).toEqual([]);
    expect(forms(barrierPageView({ barrier: barrier({ status: 'withdrawn' }), role: 'ccg', today: TODAY }))).toEqual([]);
  });

  it('link candidates are the service’s, with a note when there are more; merged issues are not offered', () => {
    const self = barrier({ ref: 'BAR-2014-0001', nationalIssue: { ref: 'NI-2014-0001' } });
    const candidate = (ref: string) => ({
      ref,
      ccg: { code: '08H', name: 'NHS Islington CCG' },
      objectives: [14],
      actionArea: 'information-sharing-technology',
    });
    const view = barrierPageView({
      barrier: self,
      role: 'board',
      today: TODAY,
      candidates: {
        barriers: [candidate('BAR-2014-0005')],
        total: 1,
        issues: [
          { ref: 'NI-2014-0001', title: 'Records', status: 'open' },
          { ref: 'NI-2014-0002', title: 'Tariffs', status: 'answered' },
          { ref: 'NI-2014-0003', title: 'Old', status: 'merged' },
        ],
      },
    });
    expect(view.linkForm?.candidates.map((c) => c.value)).toEqual(['BAR-2014-0005']);
    expect(view.linkForm?.candidates[0].label).toBe('BAR-2014-0005: NHS Islington CCG; objectives 14; Better use of technology to share information');
    expect(view.linkForm?.more).toBeNull();
    expect(view.linkForm?.issues.map((i) => i.value)).toEqual(['NI-2014-0002']);
    expect(view.linkForm?.title).toBe('Records');

    const capped = barrierPageView({
      barrier: self,
      role: 'board',
      today: TODAY,
      candidates: { barriers: [candidate('BAR-2014-0005')], total: 1500, issues: [] },
    });
    expect(capped.linkForm?.more).toBe(
      'Showing the first 1 of 1,500 barriers that could be linked, by reference. Find others in the triage queue by action area or objective.',
    );
  });

  it('mayLink: not a withdrawn barrier, nor one triaged local or not a barrier', () => {
    expect(mayLink(barrier())).toBe(true);
    expect(mayLink(barrier({ status: 'withdrawn' }))).toBe(false);
    expect(mayLink(barrier({ status: 'triaged', triage: { kind: 'local', reason: 'r', by: 'b', at: new Date() } }))).toBe(false);
    expect(mayLink(barrier({ status: 'triaged', triage: { kind: 'national', reason: 'r', by: 'b', at: new Date() } }))).toBe(true);
  });

  it('errors go to their form by slot; the triage form starts from the triage recorded', () => {
    const triaged = barrier({
      status: 'triaged',
      owner: 'Digital',
      responseDue: '2014-04-01',
      triage: { kind: 'national', reason: 'All CCGs', by: 'b', at: new Date() },
    });
    const view = barrierPageView({
      barrier: triaged,
      role: 'board',
      today: TODAY,
      problems: { errors: { 'triage.reason': 'Give the reason' }, errorList: [{ href: '#triage-reason', message: 'Give the reason' }] },
    });
    expect(view.errors).toEqual({ triage: { reason: 'Give the reason' } });
    expect(view.triageForm).toMatchObject({ triage: 'national', reason: 'All CCGs', owner: 'Digital', responseDue: '2014-04-01' });
    expect(view.triageForm?.kinds.find((k) => k.checked)?.value).toBe('national');
    expect(view.triage).toMatchObject({ kind: 'A national barrier', due: '1 April 2014: in 22 days', overdue: false });
    expect(view.title).toBe('Error: Barrier BAR-2013-0001');
  });
});
