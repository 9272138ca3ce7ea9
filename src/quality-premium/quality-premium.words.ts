import { factLabel, type FactWording, type FactWords } from '../rules/condition-words.js';

/*
 * How the Quality Premium's documents name the facts its rules read. Keyed by the last part of a
 * fact's name (`measures.N4.mrsaCases` → `mrsaCases`): the row already names the measure, and a
 * field means the same in every scheme. The tests themselves are never written here: they are
 * read from the rules' conditions (see `testInWords`).
 */
const FIELDS: Readonly<Record<string, FactWording>> = {
  seriousFailure: { label: 'serious quality failure in the year' },
  overspentResourceLimit: { label: 'spending above the approved resource limit' },
  unplannedDeficit: { label: 'unplanned deficit' },
  unplannedFinancialSupport: { label: 'unplanned financial support' },
  qualifiedOpinion: { label: 'qualified audit opinion' },
  levelReached: { label: 'intervention at or above the gateway level' },
  pyllReductionPct: { label: 'reduction in potential years of life lost', unit: '%' },
  emergencyAdmissionsChangePct: { label: 'change in avoidable emergency admissions', unit: '%' },
  fftScoreChange: { label: 'change in the Friends and Family Test score' },
  fftRolledOutOnTime: { label: 'Friends and Family Test rolled out on time by every relevant provider' },
  mrsaCases: { label: 'MRSA bacteraemia cases' },
  cdiffCases: { label: 'C. difficile cases' },
  cdiffThreshold: { label: "the CCG's C. difficile threshold" },
  met: { label: 'agreed improvement met' },
  localPrematureMortalityMet: { label: 'locally agreed premature-mortality priority met' },
  iaptAccessRatePct: { label: 'people with anxiety or depression entering psychological therapies', unit: '%' },
  fftActedOn2013Results: { label: 'acted on the 2013/14 Friends and Family Test results' },
  fftRolledOut: { label: 'supported the Friends and Family Test roll-out' },
  localPatientExperienceImproved: { label: 'local patient-experience indicator improved' },
  medicationIncidentReportingChangePct: { label: 'change in reporting of medication-related safety incidents', unit: '%' },
  rtt18WeeksIncompletePct: { label: 'patients on incomplete pathways waiting under 18 weeks from referral', unit: '%' },
  ae4HoursPct: { label: 'A&E patients admitted, transferred or discharged within four hours', unit: '%' },
  cancer62DaysPct: { label: 'patients first treated for cancer within 62 days of an urgent GP referral', unit: '%' },
  ambulanceRed1Pct: { label: 'Category A (Red 1) ambulance calls answered within 8 minutes', unit: '%' },
};

/** The words for a Quality Premium fact; a field not listed is spelt out from its name. */
export const qualityPremiumFactWords: FactWords = (fact) => {
  const field = fact.slice(fact.lastIndexOf('.') + 1);
  return FIELDS[field] ?? { label: factLabel(field) };
};
