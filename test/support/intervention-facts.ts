// Intervention facts for e2e tests: a CCG with nothing to report unless changed. `changes` maps
// `domain.field` to a value, e.g. {'finance.ytdVariancePct': -1.2}.
export function interventionFacts(changes: Record<string, unknown> = {}): Record<string, Record<string, unknown>> {
  const facts: Record<string, Record<string, unknown>> = {
    finance: { ytdVariancePct: 0.2, forecastOutturnVariancePct: 0, unplannedSupportRequested: false },
    standards: {
      rtt18WeeksIncompletePct: 93.8,
      ae4HoursPct: 95.6,
      cancer2WeeksPct: 94.9,
      cancer62DaysPct: 86.7,
      ambulanceCatA8MinPct: 76.4,
      diagnostics6WeeksPct: 99.3,
    },
    quality: { neverEvents: 0, overdueSeriousIncidentInvestigations: 0, regulatorEnforcementAtMainProvider: false, mrsaCases: 0 },
    governance: {
      accountableOfficerInPost: true,
      auditOpinion: 'unqualified',
      conflictOfInterestBreach: false,
      openAuthorisationConditions: 0,
      openAuthorisationDirections: 0,
    },
    assurance: {
      clinicalFocus: 'assured',
      patientEngagement: 'assured',
      plans: 'assured',
      governance: 'assured',
      collaboration: 'assured',
      leadership: 'assured',
    },
  };
  for (const [path, value] of Object.entries(changes)) {
    const [domain, field] = path.split('.');
    facts[domain][field] = value;
  }
  return facts;
}

export const interventionAssessment = (subject: string, period: string, changes: Record<string, unknown> = {}) => ({
  family: 'intervention',
  subject,
  period,
  facts: interventionFacts(changes),
});
