import { fnv1a, mulberry32 } from '../seeded-random.js';
import type { QualityPremiumFacts } from '../../quality-premium/quality-premium.facts.js';

/*
 * Synthetic 2013/14 Quality Premium facts for demos and benchmarks. NOT real CCG performance:
 * the demo submits them as synthetic assessments (`provenance: 'synthetic'` on the assessment,
 * which every document then shows), and each facts object's note says so too. Calibrated so that
 * a run over the 211 CCGs of the 2013 register lands near the real 2013/14 national picture
 * (about 31 % of the pot paid, about 28 CCGs at nothing, the best at 87.5 % of its maximum).
 *
 * Each CCG's facts depend only on the seed and its ODS code, so a subset or a reordering of the
 * register gives the same facts for the same CCG.
 */

function normal(rand: () => number): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Knuth's method; fine for the small means used here. */
function poisson(rand: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rand(); p > limit; p *= rand()) k++;
  return k;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const clampPct = (x: number): number => Math.min(100, Math.max(0, round1(x)));

/**
 * Calibration. A CCG has one latent "grip" shared by its measures (well-run CCGs tend to do well
 * across the board); each measure's score is `LATENT·grip + noise`, standard normal, and the
 * measure is achieved when the score clears `cut` (so P(achieved) = 1 − Φ(cut)).
 */
const LATENT = 0.25;
const NOISE = Math.sqrt(1 - LATENT * LATENT);
const CUT = {
  N1: 0, // ~50 % reduce PYLL by 3.2 %
  N2: 0.3, // ~38 % hold avoidable admissions
  N3: -0.05, // ~52 % improve FFT score (before the roll-out condition)
  N4: 0.3, // ~38 % stay within the C. difficile threshold (before MRSA)
  L: -0.45, // ~67 % meet each local measure
  rtt18w: -1.3, // ~90 % meet 18 weeks
  ae4h: 0.05, // ~48 % meet A&E four hours (a hard winter)
  cancer62d: -1.05, // ~85 % meet cancer 62 days
  ambulanceRed1: -0.5, // ~69 % meet ambulance Red 1
};
const GATEWAY_FAILURE = { quality: 0.025, financial: 0.075, audit: 0.01 };
/** MRSA bacteraemia cases a year per 100,000 registered patients: with zero tolerance, most
 *  CCGs above a small size have at least one, which is why N4 was rarely achieved. */
const MRSA_PER_100K = 1.1;
const FFT_ROLLED_OUT = 0.85;

const LOCAL_PRIORITIES = [
  'Increase the proportion of people with dementia who have a diagnosis',
  'Reduce emergency readmissions within 30 days of discharge',
  'Increase the uptake of NHS Health Checks in the most deprived quintile',
  'Reduce the number of people dying in hospital who wished to die at home',
  'Increase the proportion of stroke patients spending 90 % of their stay on a stroke unit',
  'Reduce smoking in pregnancy at time of delivery',
  'Increase the recording of care plans for people with severe mental illness',
  'Reduce falls-related hospital admissions in people aged 65 and over',
  'Increase the proportion of diabetic patients receiving all nine care processes',
  'Reduce inappropriate antibiotic prescribing in primary care',
];

export function syntheticQualityPremiumFacts(ccgs: { odsCode: string; registeredPop2013: number }[], seed: number): Map<string, QualityPremiumFacts> {
  const out = new Map<string, QualityPremiumFacts>();
  for (const ccg of ccgs) {
    const rand = mulberry32((seed >>> 0) ^ fnv1a(ccg.odsCode));
    const grip = normal(rand);
    const score = (): number => LATENT * grip + NOISE * normal(rand);
    const margin = (cut: number): number => score() - cut;

    const overspend = rand() < GATEWAY_FAILURE.financial;
    const financialKind = Math.floor(rand() * 3);
    const qualityFailure = rand() < GATEWAY_FAILURE.quality;
    const qualified = rand() < GATEWAY_FAILURE.audit;

    const cdiffThreshold = Math.max(5, Math.round((ccg.registeredPop2013 / 100_000) * (18 + rand() * 14)));
    const n4 = margin(CUT.N4);
    const localPicks = [0, 1, 2].map(() => LOCAL_PRIORITIES[Math.floor(rand() * LOCAL_PRIORITIES.length)]);
    const local = (description: string) => ({ description, met: margin(CUT.L) > 0 });

    out.set(ccg.odsCode, {
      note: `Synthetic facts (seed ${seed}); not real performance of ${ccg.odsCode}.`,
      gateways: {
        quality: qualityFailure ? { seriousFailure: true, reference: `SYNTHETIC-QF-${ccg.odsCode}` } : { seriousFailure: false },
        financial: {
          overspentResourceLimit: overspend && financialKind === 0,
          unplannedDeficit: overspend && financialKind === 1,
          unplannedFinancialSupport: overspend && financialKind === 2,
        },
        audit: { qualifiedOpinion: qualified },
      },
      measures: {
        N1: { pyllReductionPct: round1(3.2 + 2 * margin(CUT.N1)) },
        N2: { emergencyAdmissionsChangePct: round1(-1.5 * margin(CUT.N2)) },
        N3: { fftRolledOutOnTime: rand() < FFT_ROLLED_OUT, fftScoreChange: round1(1.5 * margin(CUT.N3)) },
        N4: {
          mrsaCases: poisson(rand, (ccg.registeredPop2013 / 100_000) * MRSA_PER_100K),
          cdiffCases: Math.max(0, Math.round(cdiffThreshold * (1 - 0.15 * n4))),
          cdiffThreshold,
        },
        L1: local(localPicks[0]),
        L2: local(localPicks[1]),
        L3: local(localPicks[2]),
      },
      standards: {
        rtt18WeeksIncompletePct: clampPct(92 + 1.5 * margin(CUT.rtt18w)),
        ae4HoursPct: clampPct(95 + 1.5 * margin(CUT.ae4h)),
        cancer62DaysPct: clampPct(85 + 3 * margin(CUT.cancer62d)),
        ambulanceRed1Pct: clampPct(75 + 3 * margin(CUT.ambulanceRed1)),
      },
    });
  }
  return out;
}
