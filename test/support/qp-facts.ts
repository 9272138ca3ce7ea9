// Quality Premium 2013/14 facts for e2e tests: the shared all-achieved example with a population,
// and any top-level part replaced.
import { allAchieved201314 } from '../../src/quality-premium/quality-premium.examples.js';

export function qpFacts(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { population: 200000, ...allAchieved201314(), ...overrides };
}

export function qpAssessment(subject = '00C', facts: Record<string, unknown> = qpFacts()) {
  return { family: 'quality-premium', subject, period: '2013/14', facts };
}
