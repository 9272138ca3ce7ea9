/*
 * The vocabulary of a stage 2 assurance, and the one fold from per-test results to the overall
 * outcome. The engine's decider and the panel's judgements both go through `assuranceOf`, so the
 * two outcomes shown side by side are reached the same way.
 */

/** A test's result, as the engine or the panel gives it. */
export const TEST_RESULTS = ['met', 'met-with-actions', 'not-met', 'insufficient-evidence'] as const;
export type TestResult = (typeof TEST_RESULTS)[number];

/** The overall outcome, which is also the decision's key. */
export const ASSURANCE = {
  assured: 'assured',
  withActions: 'assured-with-actions',
  notAssured: 'not-assured',
  moreEvidence: 'more-evidence-needed',
} as const;
export type Assurance = (typeof ASSURANCE)[keyof typeof ASSURANCE];
export const ASSURANCE_KEYS: readonly Assurance[] = Object.values(ASSURANCE);

/** `test`: one of the Secretary of State's tests (a veto); `check`: a priority or best-practice
 *  check (§5.15), which can add actions but never refuse assurance. */
export type TestKind = 'test' | 'check';

/**
 * Folds results into the outcome (reconfiguration.md, "Outcomes"): a test not met refers the
 * proposal back, whatever else is missing (more evidence cannot mend a failed test); a test
 * without evidence asks for more; a test met with actions, or a check not shown to be met,
 * assures with actions; otherwise assured.
 */
export function assuranceOf(results: readonly { kind: TestKind; result: TestResult }[]): Assurance {
  const tests = results.filter((r) => r.kind === 'test');
  if (tests.some((r) => r.result === 'not-met')) return ASSURANCE.notAssured;
  if (tests.some((r) => r.result === 'insufficient-evidence')) return ASSURANCE.moreEvidence;
  if (results.some((r) => r.result !== 'met')) return ASSURANCE.withActions;
  return ASSURANCE.assured;
}
