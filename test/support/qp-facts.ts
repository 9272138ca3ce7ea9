// Quality Premium 2013/14 facts for e2e tests: the shared all-achieved example with a population,
// and any top-level part replaced.
import { allAchieved201314 } from '../../src/quality-premium/quality-premium.examples.js';

export function qpFacts(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { population: 200000, ...allAchieved201314(), ...overrides };
}

export function qpAssessment(subject = '00C', facts: Record<string, unknown> = qpFacts()) {
  return { family: 'quality-premium', subject, period: '2013/14', facts };
}

/** A CCG's 2014/15, its measures (M1–M5, L1) marked not assessed: with a 2013/14 assessment a
 *  test holds two current proposals of one CCG (one per year) and can compare their facts. */
export function qpNextYearAssessment(subject: string) {
  const notAssessed = { notAssessed: true, reason: 'not collected for this test' };
  const measures = Object.fromEntries(['M1', 'M2', 'M3', 'M4', 'M5', 'L1'].map((m) => [m, notAssessed]));
  return { family: 'quality-premium', subject, period: '2014/15', facts: { ...qpFacts(), measures } };
}
