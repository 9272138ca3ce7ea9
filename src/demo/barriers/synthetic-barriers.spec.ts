import { formatBarrierFigures } from './barrier-demo.js';
import { planSyntheticBarriers, SYNTHETIC_ISSUES, SYNTHETIC_MARK } from './synthetic-barriers.js';

const REGIONS = ['North of England', 'Midlands and East of England', 'London', 'South of England'];
/** A register of 40 CCGs, ten per region. */
const register = REGIONS.flatMap((regionName, r) =>
  Array.from({ length: 10 }, (_, i) => ({ odsCode: `${r}${String(i).padStart(2, '0')}`, regionName })),
);
const regionOf = new Map(register.map((c) => [c.odsCode, c.regionName]));

describe('the synthetic barriers', () => {
  const plan = planSyntheticBarriers(register);
  const all = [...plan.issues.flatMap((i) => i.barriers), ...plan.lone.map((l) => l.barrier)];

  it('are raised by CCGs of every region, each issue by distinct CCGs, as its plan says', () => {
    expect(new Set(all.map((b) => regionOf.get(b.ccg)))).toEqual(new Set(REGIONS));
    for (const issue of plan.issues) {
      const ccgs = issue.barriers.map((b) => b.ccg);
      expect(new Set(ccgs).size).toBe(ccgs.length);
      expect(REGIONS.map((r) => ccgs.filter((c) => regionOf.get(c) === r).length)).toEqual(issue.perRegion);
    }
    expect(plan.issues).toHaveLength(SYNTHETIC_ISSUES.length);
  });

  it('say they are synthetic, and are the same for the same register', () => {
    for (const b of all) {
      expect(b.stopsLocally.startsWith(SYNTHETIC_MARK)).toBe(true);
      expect(b.evidence.every((e) => e.summary.startsWith(SYNTHETIC_MARK))).toBe(true);
    }
    expect(planSyntheticBarriers([...register].reverse())).toEqual(plan);
  });

  it('reject a response only where the issue has one, by CCGs that raised it', () => {
    for (const issue of plan.issues) {
      if (!issue.response) expect(issue.rejectingCcgs).toEqual([]);
      for (const ccg of issue.rejectingCcgs) expect(issue.barriers.map((b) => b.ccg)).toContain(ccg);
    }
  });

  it('refuse a register too small to spread them', () => {
    expect(() => planSyntheticBarriers(register.filter((c) => c.regionName !== 'London'))).toThrow(/too few CCGs in London/);
  });
});

describe('the printed figures', () => {
  it('name the quarter, the counts and where the letter is, and say when they were stored before', () => {
    const figures = {
      quarter: '2013-Q3',
      barriers: 46,
      ccgs: 40,
      regions: 4,
      issues: 7,
      lone: 2,
      answered: 2,
      awaiting: 2,
      chased: 1,
      inLetter: 4,
      selectCommittee: 0,
    };
    const text = formatBarrierFigures(figures, false);
    expect(text).toContain('synthetic: 46 barriers raised by 40 CCGs in 4 regions');
    expect(text).toMatch(/escalated\s+4 into the quarterly letter/);
    expect(text).toContain('/api/v1/barriers/reports/annual?year=2013/14');
    expect(text).not.toContain('stored by an earlier run');
    expect(formatBarrierFigures(figures, true)).toContain('stored by an earlier run');
  });
});
