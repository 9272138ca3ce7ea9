import type { QualityPremiumFacts } from './quality-premium.facts.js';

/**
 * A complete set of 2013/14 facts in which every gateway passes, every measure is achieved and
 * every standard is met (worked check 1 of the domain reference). Tests and examples make their
 * variants from a fresh copy of it.
 */
export function allAchieved201314(): QualityPremiumFacts {
  return {
    gateways: {
      quality: { seriousFailure: false },
      financial: { overspentResourceLimit: false, unplannedDeficit: false, unplannedFinancialSupport: false },
      audit: { qualifiedOpinion: false },
    },
    measures: {
      N1: { pyllReductionPct: 4.1 },
      N2: { emergencyAdmissionsChangePct: -0.8 },
      N3: { fftRolledOutOnTime: true, fftScoreChange: 2.5 },
      N4: { mrsaCases: 0, cdiffCases: 40, cdiffThreshold: 48 },
      L1: { description: 'Dementia diagnosis rate', met: true },
      L2: { description: 'Stroke unit stays', met: true },
      L3: { description: 'Smoking in pregnancy', met: true },
    },
    standards: { rtt18WeeksIncompletePct: 94.2, ae4HoursPct: 95.6, cancer62DaysPct: 87, ambulanceRed1Pct: 76.1 },
  };
}
