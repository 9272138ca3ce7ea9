// Large batches through the API, and the checks every multi-process test makes: each assessment
// evaluated exactly once, nothing failed. Every item has its own (family, subject, period): a
// later assessment of the same key would supersede an earlier one, so repeating keys would make
// the expected end state depend on timing.
import { eventually, type TestApp } from './test-app.js';
import { interventionAssessment } from './intervention-facts.js';
import { qpAssessment, qpFacts } from './qp-facts.js';

const BATCH_LIMIT = 1000;
type Item = { family: string; subject: string; period: string; facts: object };

/** The ODS codes of the register's CCGs (211). */
export async function registerCodes(t: TestApp): Promise<string[]> {
  const codes = (await t.prisma.ccg.findMany({ select: { odsCode: true }, orderBy: { odsCode: 'asc' } })).map((c) => c.odsCode);
  if (codes.length === 0) throw new Error('the register is empty');
  return codes;
}

/** Quality Premium 2013/14 and 2014/15 of every CCG given (the two schemes' years). The 2014/15
 *  measures (M1–M5, L1) are marked not assessed: gateways and standards still apply. */
export function qpBothYears(subjects: string[]): Item[] {
  const notAssessed = { notAssessed: true, reason: 'not collected for this test' };
  const measures2014 = Object.fromEntries(['M1', 'M2', 'M3', 'M4', 'M5', 'L1'].map((m) => [m, notAssessed]));
  const year2014 = (subject: string) => ({ family: 'quality-premium', subject, period: '2014/15', facts: { ...qpFacts(), measures: measures2014 } });
  return subjects.flatMap((s) => [qpAssessment(s), year2014(s)]);
}

/** `count` intervention assessments with nothing to report: every CCG's 2013-Q1, then 2013-Q2, … */
export function interventionQuarters(subjects: string[], count: number): Item[] {
  return Array.from({ length: count }, (_, i) => {
    const q = Math.floor(i / subjects.length);
    return interventionAssessment(subjects[i % subjects.length], `${2013 + Math.floor(q / 4)}-Q${(q % 4) + 1}`);
  });
}

/** Submits the items (POST :batch, ≤ 1000 a request); every one must be queued. Returns the ids. */
export async function submitBatch(t: TestApp, items: Item[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < items.length; i += BATCH_LIMIT) {
    const res = await t
      .as('board')
      .post('/api/v1/assessments:batch')
      .send({ items: items.slice(i, i + BATCH_LIMIT) });
    const results = res.body.results as { id?: string; status: string }[] | undefined;
    const rejected = results?.filter((r) => r.status !== 'queued') ?? [];
    if (res.status !== 202 || !results || rejected.length > 0) {
      throw new Error(`batch answered ${res.status}: ${JSON.stringify(rejected.length > 0 ? rejected.slice(0, 3) : res.body)}`);
    }
    ids.push(...results.map((r) => r.id ?? ''));
  }
  return ids;
}

/** Assessments awaiting review now; throws at once if any has failed. */
export async function reviewedCount(t: TestApp): Promise<number> {
  const failed = await t.prisma.assessment.findFirst({ where: { status: 'failed' }, select: { id: true, error: true } });
  if (failed) throw new Error(`assessment ${failed.id} failed: ${failed.error}`);
  return t.prisma.assessment.count({ where: { status: 'awaiting_review' } });
}

/** Waits (polling, no sleep) until at least `atLeast` assessments await review; returns how many do. */
export function untilReviewed(t: TestApp, atLeast: number, timeoutMs: number): Promise<number> {
  return eventually(
    async () => {
      const n = await reviewedCount(t);
      return n >= atLeast ? n : undefined;
    },
    timeoutMs,
    `${atLeast} assessments awaiting review`,
  );
}

/**
 * Per assessment, how many evaluations, decisions and `evaluation.completed` events exist;
 * returns the ids where any count is not exactly 1, with the counts, so a failure names them.
 */
export async function notExactlyOnce(
  t: TestApp,
  ids: string[],
): Promise<{ id: string; evaluations: number; decisions: number; completed: number }[]> {
  const [evaluations, decisions, completed] = await Promise.all([
    t.prisma.evaluation.groupBy({ by: ['assessmentId'], where: { assessmentId: { in: ids } }, _count: { _all: true } }),
    t.prisma.decision.groupBy({ by: ['assessmentId'], where: { assessmentId: { in: ids } }, _count: { _all: true } }),
    t.prisma.auditEvent.groupBy({ by: ['entityId'], where: { action: 'evaluation.completed', entityId: { in: ids } }, _count: { _all: true } }),
  ]);
  const e = new Map(evaluations.map((r) => [r.assessmentId, r._count._all]));
  const d = new Map(decisions.map((r) => [r.assessmentId, r._count._all]));
  const c = new Map(completed.map((r) => [r.entityId, r._count._all]));
  return ids
    .map((id) => ({ id, evaluations: e.get(id) ?? 0, decisions: d.get(id) ?? 0, completed: c.get(id) ?? 0 }))
    .filter((r) => r.evaluations !== 1 || r.decisions !== 1 || r.completed !== 1);
}
