import { fnv1a, mulberry32 } from '../seeded-random.js';
import {
  ASSURANCE_DOMAINS,
  STANDARD_IDS,
  type AssuranceRating,
  type InterventionFacts,
  type StandardId,
} from '../../intervention/intervention.facts.js';

/*
 * Synthetic quarterly facts for the 211 CCGs, for demos and the simulation. NOT real CCG
 * positions: the simulation submits them as synthetic assessments (`provenance: 'synthetic'` on
 * the assessment, which every document then shows). Each CCG follows one of four
 * profiles drawn from the seed and its ODS code: most are steady (level 0–1), some hover around
 * a standard, a few drift into deficit and climb, and very few fail and then recover.
 * The thresholds used to place values are the published 2013/14 ones; the rules decide the rest.
 */

const TARGETS: Record<StandardId, number> = {
  rtt18WeeksIncompletePct: 92,
  ae4HoursPct: 95,
  cancer2WeeksPct: 93,
  cancer62DaysPct: 85,
  ambulanceCatA8MinPct: 75,
  diagnostics6WeeksPct: 99,
};

export type SyntheticProfile = 'steady' | 'hovering' | 'drifting' | 'failing';

const round1 = (x: number) => Math.round(x * 10) / 10;
const clampPct = (x: number) => Math.min(100, Math.max(0, round1(x)));

export function profileOf(odsCode: string, seed: number): SyntheticProfile {
  const r = mulberry32(fnv1a(`${seed}:${odsCode}:profile`))();
  return r < 0.72 ? 'steady' : r < 0.88 ? 'hovering' : r < 0.97 ? 'drifting' : 'failing';
}

/** One CCG's facts for quarter number `i` (0 = the first simulated quarter). */
export function syntheticQuarterFacts(odsCode: string, i: number, seed: number): InterventionFacts {
  const profile = profileOf(odsCode, seed);
  const rand = mulberry32(fnv1a(`${seed}:${odsCode}:${i}`));
  const pick = mulberry32(fnv1a(`${seed}:${odsCode}:standard`));
  const weakStandard = STANDARD_IDS[Math.floor(pick() * STANDARD_IDS.length)];
  // Failing CCGs deteriorate for five quarters, then recover; drifting ones slide for three
  // quarters, then their recovery plans work.
  const trouble =
    profile === 'failing' ? (i < 5 ? i : Math.max(0, 9 - 2 * i)) : profile === 'drifting' ? (i < 4 ? i * 0.7 : Math.max(0, (6 - i) * 0.7)) : 0;

  const standards = Object.fromEntries(
    STANDARD_IDS.map((id) => {
      const headroom = id === 'diagnostics6WeeksPct' ? 0.2 + rand() * 0.7 : 0.8 + rand() * 3;
      let value = TARGETS[id] + headroom;
      if (id === weakStandard && (profile === 'hovering' || profile === 'failing'))
        value = TARGETS[id] - 1.2 + rand() * 1.6 - (profile === 'failing' ? 1 : 0);
      return [id, clampPct(value)];
    }),
  ) as Record<StandardId, number>;

  const ytd = profile === 'steady' || profile === 'hovering' ? round1(rand() * 0.8 - 0.2) : round1(0.1 - 0.45 * trouble - rand() * 0.2);
  const forecast = trouble >= 1.5 ? round1(-0.2 - 0.2 * trouble) : 0;
  const rating = (bad: boolean, worse: boolean): AssuranceRating => (worse ? 'not-assured' : bad ? 'assured-with-support' : 'assured');
  const assurance = Object.fromEntries(
    ASSURANCE_DOMAINS.map((d, k) => [d, rating(trouble >= 2 && k < 2, profile === 'failing' && trouble >= 3 && k === 3)]),
  ) as NonNullable<InterventionFacts['assurance']>;

  return {
    finance: { ytdVariancePct: ytd, forecastOutturnVariancePct: forecast, unplannedSupportRequested: profile === 'failing' && trouble >= 4 },
    standards,
    quality: {
      neverEvents: rand() < 0.03 ? 1 : 0,
      overdueSeriousIncidentInvestigations: rand() < 0.1 ? 1 : 0,
      regulatorEnforcementAtMainProvider: profile === 'failing' && trouble >= 2,
      mrsaCases: rand() < 0.05 ? 1 : 0,
    },
    governance: {
      accountableOfficerInPost: !(profile === 'failing' && trouble >= 4),
      auditOpinion: profile === 'failing' && trouble >= 3 ? 'qualified' : 'unqualified',
      conflictOfInterestBreach: false,
      openAuthorisationConditions: i < 2 && rand() < 0.1 ? 1 : 0,
      openAuthorisationDirections: 0,
    },
    assurance,
  };
}
