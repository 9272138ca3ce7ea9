// Quality Premium 2013/14 facts for e2e tests: everything achieved and met unless overridden.
export function qpFacts(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    population: 200000,
    gateways: {
      quality: { seriousFailure: false },
      financial: { overspentResourceLimit: false, unplannedDeficit: false, unplannedFinancialSupport: false },
      audit: { qualifiedOpinion: false },
    },
    measures: {
      N1: { pyllReductionPct: 3.5 },
      N2: { emergencyAdmissionsChangePct: -1.2 },
      N3: { fftRolledOutOnTime: true, fftScoreChange: 2 },
      N4: { mrsaCases: 0, cdiffCases: 20, cdiffThreshold: 30 },
      L1: { description: 'Reduce smoking in pregnancy', met: true },
      L2: { description: 'Increase dementia diagnosis rate', met: true },
      L3: { description: 'Reduce falls admissions in over-65s', met: true },
    },
    standards: { rtt18WeeksIncompletePct: 93.5, ae4HoursPct: 95.4, cancer62DaysPct: 86.1, ambulanceRed1Pct: 76.2 },
    ...overrides,
  };
}

export function qpAssessment(subject = '00C', facts: Record<string, unknown> = qpFacts()) {
  return { family: 'quality-premium', subject, period: '2013/14', facts };
}
