import { z } from 'zod';
import { amendment, amendReasonMissing, amendReasonWithAmends } from '../decisions/review.schemas.js';
import { FamilyProblemsError, type FactProblem, type FamilyOutcome } from '../rules/rule-family.js';
import { assuranceOf, TEST_RESULTS, type TestResult } from './reconfiguration.assurance.js';
import { isApplicable, type AssuranceAction, type ReconfigurationOutcome, type TestAssessment } from './reconfiguration.decider.js';

/*
 * The panel's side of a stage 2 assurance, as pure functions: a judgement per test (agree with the
 * engine, or another result with a reason), and the issued outcome, which keeps the engine's
 * result of every test beside the panel's and marks where they differ.
 */

const reason = z.string().trim().min(10, 'give a reason of at least 10 characters').max(4000);
const testId = z.string().regex(/^[A-Z][0-9]{1,2}$/, 'expected a test id such as T1');

/** One judgement as a panel member sends it. */
export const judgementInputSchema = z
  .strictObject({
    test: testId,
    agree: z.boolean(),
    result: z.enum(TEST_RESULTS).optional(),
    reason: reason.optional(),
  })
  .superRefine((j, ctx) => {
    if (!j.agree && j.result === undefined)
      ctx.addIssue({ code: 'custom', path: ['result'], message: 'a judgement that disagrees gives its own result' });
    if (!j.agree && j.reason === undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a judgement that disagrees gives a reason' });
    if (j.agree && j.result !== undefined)
      ctx.addIssue({ code: 'custom', path: ['result'], message: 'an agreeing judgement takes the engine result; leave result out' });
  });
export type JudgementInput = z.infer<typeof judgementInputSchema>;

/** Judgements of one request: each test judged once in it (the panel judges a test again in a
 *  later request, and the latest counts; two in one request would contradict each other or
 *  repeat themselves, with the same time). */
export const judgementsRequestSchema = z.strictObject({
  decisionId: z.uuid().optional(),
  judgements: z
    .array(judgementInputSchema)
    .min(1)
    .max(20)
    .superRefine((judgements, ctx) => {
      judgements.forEach((j, i) => {
        if (judgements.findIndex((k) => k.test === j.test) !== i)
          ctx.addIssue({ code: 'custom', path: [i, 'test'], message: `${j.test} is judged twice in one request` });
      });
    }),
});

const panelAction = z.strictObject({ test: testId, action: z.string().trim().min(3).max(2000), owner: z.string().trim().min(2).max(200) });
export type PanelActionInput = z.infer<typeof panelAction>;

/** A report for a submission whose report was issued already (resubmitted for the same date) is
 *  an amendment: it names the report that stands and says why, as any issued decision's does. */
export const issueRequestSchema = z
  .strictObject({
    decisionId: z.uuid().optional(),
    note: z.string().trim().max(4000).optional(),
    actions: z.array(panelAction).max(50).default([]),
    ...amendment,
  })
  .refine(amendReasonWithAmends, amendReasonMissing);

/** A stored judgement, as the report shows it. */
export const storedJudgementSchema = z.object({
  id: z.string(),
  judgedBy: z.string(),
  judgedAt: z.string(),
  agrees: z.boolean(),
  result: z.enum(TEST_RESULTS),
  reason: z.string().nullable(),
});
export type StoredJudgement = z.infer<typeof storedJudgementSchema>;

/** What the issue endpoint hands the shared review as the override body. */
export const panelOverrideSchema = z.strictObject({
  tests: z.record(testId, z.strictObject({ judgements: z.array(storedJudgementSchema).min(1) })),
  actions: z.array(panelAction).default([]),
  note: z.string().nullable().default(null),
});

/** Checks a judgement against the engine's view of the test; the problem names the field. */
export function judgementProblems(judgements: JudgementInput[], engine: ReconfigurationOutcome, at = 'judgements'): FactProblem[] {
  const problems: FactProblem[] = [];
  judgements.forEach((j, i) => {
    const test = engine.tests.find((t) => t.id === j.test);
    if (!test)
      problems.push({ path: `${at}.${i}.test`, message: `${j.test} is not a test of this assessment (${engine.tests.map((t) => t.id).join(', ')})` });
    else if (!isApplicable(test)) problems.push({ path: `${at}.${i}.test`, message: `${j.test} does not apply to this proposal` });
    else if (!j.agree && j.result === test.result)
      problems.push({ path: `${at}.${i}.result`, message: `the engine's result is also ${test.result}: send agree: true` });
  });
  return problems;
}

/** Applicable tests that have no judgement yet: the report cannot be issued while any remain. */
export function unjudgedTests(engine: ReconfigurationOutcome, judged: Iterable<string>): string[] {
  const have = new Set(judged);
  return engine.tests
    .filter(isApplicable)
    .map((t) => t.id)
    .filter((id) => !have.has(id));
}

/** The latest judgement of a test is the panel's result for it; earlier ones are kept and shown. */
const latest = (judgements: StoredJudgement[]): StoredJudgement =>
  [...judgements].sort((a, b) => a.judgedAt.localeCompare(b.judgedAt))[judgements.length - 1];

/**
 * The issued outcome: every applicable test carries the panel's judgements beside the engine's
 * result; the outcome (and the key) is folded from the panel's results. The engine's proposal
 * stays on the decision as it was.
 */
export function applyPanelResults(
  proposed: FamilyOutcome<ReconfigurationOutcome>,
  body: Record<string, unknown>,
): FamilyOutcome<ReconfigurationOutcome> {
  const req = panelOverrideSchema.parse(body);
  const engine = proposed.outcome;
  const problems: FactProblem[] = [];
  for (const id of unjudgedTests(engine, Object.keys(req.tests))) problems.push({ path: `tests.${id}`, message: `${id} has no panel judgement` });
  for (const id of Object.keys(req.tests)) {
    const t = engine.tests.find((x) => x.id === id);
    if (!t || !isApplicable(t)) problems.push({ path: `tests.${id}`, message: `${id} is not an applicable test of this assessment` });
  }
  req.actions.forEach((a, i) => {
    if (!engine.tests.some((t) => t.id === a.test && isApplicable(t)))
      problems.push({ path: `actions.${i}.test`, message: `${a.test} is not an applicable test of this assessment` });
  });
  if (problems.length > 0) throw new FamilyProblemsError(problems.map((p) => ({ field: p.path, message: p.message })));

  const panelActions: AssuranceAction[] = req.actions.map((a) => ({ ...a, citation: 'Stage 2 assurance panel', source: 'panel' }));
  const tests: TestAssessment[] = engine.tests.map((t) => {
    const judged = req.tests[t.id];
    if (!judged || !isApplicable(t)) return t;
    const last = latest(judged.judgements);
    const result: TestResult = last.result;
    // Engine actions stand where the panel also finds the test met with actions.
    const actions = [...(result === 'met-with-actions' ? t.actions : []), ...panelActions.filter((a) => a.test === t.id)];
    return { ...t, actions, panel: { result, agrees: result === t.result, reason: last.reason, judgements: judged.judgements } };
  });
  const withoutOwner = tests.filter((t) => t.panel?.result === 'met-with-actions' && t.actions.length === 0);
  if (withoutOwner.length > 0) {
    throw new FamilyProblemsError(
      withoutOwner.map((t) => ({ field: 'actions', message: `${t.id} is met with actions in the panel's judgement: give the action and its owner` })),
    );
  }
  const assurance = assuranceOf(tests.filter(isApplicable).map((t) => ({ kind: t.kind, result: t.panel?.result ?? t.result })));
  return {
    key: assurance,
    outcome: {
      ...engine,
      assurance,
      engineAssurance: engine.assurance,
      tests,
      actions: tests.flatMap((t) => t.actions),
      differences: tests.filter((t) => t.panel && !t.panel.agrees).map((t) => t.id),
      panelNote: req.note,
    },
  };
}
