import { allAchieved201314 } from './quality-premium.examples.js';
import { qualityPremiumFactsSchema } from './quality-premium.facts.js';

/** The shared example with a local measure marked not assessed. */
const valid = () => {
  const facts = allAchieved201314();
  facts.measures.L2 = { notAssessed: true, reason: 'Not agreed with the area team in time' };
  return facts;
};

/** Dotted paths of the issues, the way intake names fields. */
function problems(input: unknown): string[] {
  const r = qualityPremiumFactsSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.') + (i.code === 'unrecognized_keys' ? `:${i.keys.join(',')}` : ''));
}

describe('Quality Premium facts schema', () => {
  it('accepts complete facts', () => {
    expect(problems(valid())).toEqual([]);
  });

  it('rejects wrong types, naming the field', () => {
    const f = valid();
    (f.measures.N2 as Record<string, unknown>).emergencyAdmissionsChangePct = '-1';
    (f.gateways.audit as Record<string, unknown>).qualifiedOpinion = 'no';
    expect(problems(f)).toEqual(['gateways.audit.qualifiedOpinion', 'measures.N2.emergencyAdmissionsChangePct']);
  });

  it('rejects unknown keys at every level, including __proto__', () => {
    expect(problems({ ...valid(), extra: 1 })).toEqual([':extra']);
    expect(problems(JSON.parse(JSON.stringify(valid()).replace('"gateways":{', '"gateways":{"__proto__":{"x":1},')))).toEqual(['gateways:__proto__']);
    const f = valid();
    (f.measures.N1 as Record<string, unknown>).pyll = 3;
    expect(problems(f)).toEqual(['measures.N1:pyll']);
    expect(problems({ ...valid(), measures: { ...valid().measures, N9: { value: 1 } } })).toEqual(['measures:N9']);
  });

  it('rejects percentages outside 0–100 and non-finite numbers', () => {
    const f = valid();
    f.standards.ae4HoursPct = 101;
    f.standards.cancer62DaysPct = Number.NaN;
    f.standards.rtt18WeeksIncompletePct = Number.POSITIVE_INFINITY;
    expect(problems(f).sort()).toEqual(['standards.ae4HoursPct', 'standards.cancer62DaysPct', 'standards.rtt18WeeksIncompletePct']);
  });

  it('rejects negative or fractional case counts and a non-integer population', () => {
    const f = { ...valid(), population: 1000.5 };
    f.measures.N4 = { mrsaCases: -1, cdiffCases: 1.5, cdiffThreshold: 3 };
    expect(problems(f).sort()).toEqual(['measures.N4.cdiffCases', 'measures.N4.mrsaCases', 'population']);
  });

  it('needs a reason for a measure not assessed, and no values beside it', () => {
    const f = valid();
    (f.measures as Record<string, unknown>).N1 = { notAssessed: true };
    (f.measures as Record<string, unknown>).N2 = { notAssessed: true, reason: 'Data withheld', emergencyAdmissionsChangePct: 1 };
    (f.measures as Record<string, unknown>).N3 = { fftRolledOutOnTime: true, fftScoreChange: 1, reason: 'stray' };
    (f.measures as Record<string, unknown>).L3 = { notAssessed: false, reason: 'x' };
    expect(problems(f)).toEqual([
      'measures.N1.reason',
      'measures.N2.emergencyAdmissionsChangePct',
      'measures.N3.reason',
      'measures.L3.notAssessed',
      'measures.L3.reason',
    ]);
  });

  it('needs the description of a local measure that was assessed', () => {
    const f = valid();
    f.measures.L1 = { met: true };
    expect(problems(f)).toEqual(['measures.L1.description']);
  });

  it('needs the reference of a serious quality failure', () => {
    const f = valid();
    (f.gateways as Record<string, unknown>).quality = { seriousFailure: true };
    expect(problems(f)).toEqual(['gateways.quality.reference']);
  });

  it("accepts a note, and refuses a provenance: that is the assessment's, set at intake", () => {
    expect(problems({ ...valid(), note: 'Generated for a demo' })).toEqual([]);
    expect(problems({ ...valid(), provenance: 'synthetic' })).toEqual([':provenance']);
  });
});
