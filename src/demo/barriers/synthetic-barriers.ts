/*
 * A realistic, synthetic set of national barriers for the demonstration: CCGs of the real register,
 * in all four regions, raising barriers of the kinds the final mandate names (§2.9: measuring user
 * experience and seamless care, technology to share information, procurement, contracting and
 * pricing). Every barrier is labelled synthetic (its provenance, and "[Synthetic]" in its text);
 * no CCG raised them. Fixed, not seeded: the same register gives the same set everywhere.
 */

export const SYNTHETIC_MARK = '[Synthetic]';
const REGIONS = ['North of England', 'Midlands and East of England', 'London', 'South of England'] as const;

export interface SyntheticIssue {
  title: string;
  objectives: number[];
  actionArea: string;
  nationalBodies: string[];
  stopsLocally: string;
  /** How many CCGs of each region raise it, in REGIONS order. */
  perRegion: [number, number, number, number];
  firstRaisedOn: string;
  responseDue: string;
  response?: { text: string; nationalAction?: string; respondedOn: string };
  /** How many of the raising CCGs reject the response. */
  rejections?: number;
}

export interface SyntheticLone {
  objectives: number[];
  actionArea: string;
  nationalBodies: string[];
  stopsLocally: string;
  region: (typeof REGIONS)[number];
  raisedOn: string;
  /** Triaged national with this due date, or local / not a barrier. */
  triage: { kind: 'national'; responseDue: string } | { kind: 'local' | 'not-a-barrier' };
}

export const SYNTHETIC_ISSUES: readonly SyntheticIssue[] = [
  {
    title: 'Episode-based tariffs penalise joint frailty services',
    objectives: [13, 19],
    actionArea: 'contracting-and-pricing',
    nationalBodies: ['nhs-commissioning-board', 'monitor'],
    stopsLocally:
      'Payment by results pays the acute trust per admission, so the joint frailty service that keeps older people out of hospital would cost the trust its income.',
    perRegion: [5, 4, 2, 3],
    firstRaisedOn: '2013-05-14',
    responseDue: '2013-09-30',
  },
  {
    title: 'GP and hospital systems cannot share the care record',
    objectives: [14, 13],
    actionArea: 'information-sharing-technology',
    nationalBodies: ['nhs-commissioning-board', 'department-of-health'],
    stopsLocally:
      'Practice and hospital systems hold separate records, so the shared care plan for people with several long-term conditions is kept on paper.',
    perRegion: [4, 3, 2, 2],
    firstRaisedOn: '2013-06-03',
    responseDue: '2013-10-31',
    response: {
      text: 'The Board will publish interoperability standards for care records in 2014, with a fund for local integration projects.',
      nationalAction: 'Interoperability standards and a technology fund',
      respondedOn: '2013-10-21',
    },
  },
  {
    title: 'Procurement rules deter joint ventures with councils',
    objectives: [13, 16],
    actionArea: 'procurement',
    nationalBodies: ['monitor', 'local-government-association'],
    stopsLocally:
      'Legal advice is that a joint venture with the council for community services must go to open tender, which the council will not risk.',
    perRegion: [0, 3, 0, 3],
    firstRaisedOn: '2013-07-08',
    responseDue: '2013-11-15',
  },
  {
    title: 'Information governance blocks risk stratification',
    objectives: [14],
    actionArea: 'information-sharing-technology',
    nationalBodies: ['nhs-commissioning-board', 'department-of-health'],
    stopsLocally: 'Without a legal basis to link practice and hospital data, the CCG cannot identify the patients most at risk of admission.',
    perRegion: [2, 2, 2, 2],
    firstRaisedOn: '2013-04-22',
    responseDue: '2013-08-31',
    response: {
      text: 'Risk stratification may continue under the interim approval until the end of 2013.',
      respondedOn: '2013-08-28',
    },
    rejections: 3,
  },
  {
    title: 'No year-of-care payment for long-term conditions',
    objectives: [19, 2],
    actionArea: 'contracting-and-pricing',
    nationalBodies: ['monitor'],
    stopsLocally: 'Providers are paid per attendance for diabetes care, so the year-of-care model agreed with patients cannot be contracted.',
    perRegion: [1, 0, 1, 1],
    firstRaisedOn: '2013-08-12',
    responseDue: '2013-11-29',
  },
  {
    title: 'No national measure of people’s experience of joined-up care',
    objectives: [13, 4],
    actionArea: 'measurement-of-experience',
    nationalBodies: ['nhs-commissioning-board', 'public-health-england'],
    stopsLocally: 'The CCG cannot tell whether its integrated care pilots improve people’s experience: no survey asks about care across services.',
    perRegion: [0, 2, 0, 2],
    firstRaisedOn: '2013-09-16',
    responseDue: '2014-01-31',
  },
  {
    title: 'No standard contract for pooled personal health budgets',
    objectives: [13, 12],
    actionArea: 'contracting-and-pricing',
    nationalBodies: ['nhs-commissioning-board', 'local-government-association'],
    stopsLocally: 'Pooling health and social care budgets for personal health budgets needs a contract form neither the NHS nor the council has.',
    perRegion: [1, 1, 1, 0],
    firstRaisedOn: '2013-06-20',
    responseDue: '2013-10-15',
    response: { text: 'A model agreement for pooled personal budgets is published with this answer.', respondedOn: '2013-10-09' },
  },
];

export const SYNTHETIC_LONE: readonly SyntheticLone[] = [
  {
    objectives: [19],
    actionArea: 'contracting-and-pricing',
    nationalBodies: ['monitor'],
    stopsLocally:
      'The marginal rate for emergency admissions is withheld from the trust but cannot be reinvested in the community services that would avoid them.',
    region: 'London',
    raisedOn: '2013-05-02',
    triage: { kind: 'national', responseDue: '2013-08-30' },
  },
  {
    objectives: [14],
    actionArea: 'information-sharing-technology',
    nationalBodies: ['department-of-health'],
    stopsLocally: 'Community pharmacists cannot read the summary care record of the patients they review.',
    region: 'North of England',
    raisedOn: '2013-11-04',
    triage: { kind: 'national', responseDue: '2014-02-28' },
  },
  {
    objectives: [13],
    actionArea: 'other',
    nationalBodies: ['nhs-commissioning-board'],
    stopsLocally: 'The local hospice and the acute trust disagree about who funds night sitting services.',
    region: 'South of England',
    raisedOn: '2013-07-22',
    triage: { kind: 'local' },
  },
  {
    objectives: [16],
    actionArea: 'procurement',
    nationalBodies: ['local-government-association'],
    stopsLocally: 'The council has not yet signed the section 75 agreement for the integrated equipment store.',
    region: 'Midlands and East of England',
    raisedOn: '2013-08-19',
    triage: { kind: 'not-a-barrier' },
  },
];

export interface PlannedBarrier {
  ccg: string;
  raisedOn: string;
  objectives: number[];
  actionArea: string;
  otherReason?: string;
  nationalBodies: string[];
  stopsLocally: string;
  evidence: { summary: string; source: string }[];
}

export interface BarrierPlan {
  issues: (SyntheticIssue & { barriers: PlannedBarrier[]; rejectingCcgs: string[] })[];
  lone: (SyntheticLone & { barrier: PlannedBarrier })[];
}

const addDays = (iso: string, days: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Which CCG raises what: each region's CCGs are taken in turn (so the issues are raised by different
 * CCGs where the region has enough), a week apart from the first raising.
 */
export function planSyntheticBarriers(register: readonly { odsCode: string; regionName: string }[]): BarrierPlan {
  const byRegion = new Map(
    REGIONS.map((r) => [
      r,
      register
        .filter((c) => c.regionName === r)
        .map((c) => c.odsCode)
        .sort(),
    ]),
  );
  for (const [region, codes] of byRegion)
    if (codes.length < 6) throw new Error(`the register has too few CCGs in ${region} for the synthetic barriers`);
  const next = new Map<string, number>(REGIONS.map((r) => [r, 0]));
  const take = (region: (typeof REGIONS)[number]): string => {
    const codes = byRegion.get(region)!;
    const i = next.get(region)!;
    next.set(region, i + 1);
    return codes[i % codes.length];
  };
  const text = (s: string) => `${SYNTHETIC_MARK} ${s}`;
  const evidence = (raisedOn: string) => [
    { summary: text(`Synthetic demonstration evidence: minutes of the CCG governing body of ${raisedOn}.`), source: 'synthetic demonstration data' },
  ];
  const barrier = (
    ccg: string,
    raisedOn: string,
    s: Pick<SyntheticIssue, 'objectives' | 'actionArea' | 'nationalBodies' | 'stopsLocally'>,
  ): PlannedBarrier => ({
    ccg,
    raisedOn,
    objectives: s.objectives,
    actionArea: s.actionArea,
    ...(s.actionArea === 'other' ? { otherReason: text('A local funding disagreement, not one of the national action areas.') } : {}),
    nationalBodies: s.nationalBodies,
    stopsLocally: text(s.stopsLocally),
    evidence: evidence(raisedOn),
  });
  return {
    issues: SYNTHETIC_ISSUES.map((issue) => {
      const ccgs = REGIONS.flatMap((region, r) => Array.from({ length: issue.perRegion[r] }, () => take(region)));
      return {
        ...issue,
        barriers: ccgs.map((ccg, i) => barrier(ccg, addDays(issue.firstRaisedOn, 7 * Math.floor(i / 3)), issue)),
        rejectingCcgs: ccgs.slice(0, issue.rejections ?? 0),
      };
    }),
    lone: SYNTHETIC_LONE.map((lone) => ({ ...lone, barrier: barrier(take(lone.region), lone.raisedOn, lone) })),
  };
}
