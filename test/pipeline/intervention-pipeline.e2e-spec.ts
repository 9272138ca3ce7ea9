// The intervention family through the one pipeline: quarterly facts, history read from the
// CCG's issued quarters, the ladder, a level-4 proposal that waits for a human, the dashboard,
// the Quality Premium link, out-of-order quarters, and the published principles.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/common/project-root.js';
import { loadRuleSetsFrom } from '../../src/rules/rule-set.loader.js';
import { interventionAssessment } from '../support/intervention-facts.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function submitAndWait(body: object) {
  const assessment = await t.submitAndWait(body);
  const evaluation = await t.as('auditor').get(`/api/v1/evaluations/${assessment.evaluations[0].id}`).expect(200);
  return { assessment, decisionId: assessment.decisions[0].id, evaluation: evaluation.body };
}

describe('intervention intake', () => {
  it('refuses a percentage over 100 and an unknown rating, naming the fields, and writes nothing', async () => {
    const before = await t.prisma.assessment.count();
    const over = await t
      .as('board')
      .post('/api/v1/assessments')
      .send(interventionAssessment('00C', '2013-Q1', { 'standards.ae4HoursPct': 101 }))
      .expect(422);
    expect(over.body.issues.map((i: { field: string }) => i.field)).toEqual(['facts.standards.ae4HoursPct']);
    const rating = await t
      .as('board')
      .post('/api/v1/assessments')
      .send(interventionAssessment('00C', '2013-Q1', { 'assurance.plans': 'partly' }))
      .expect(422);
    expect(rating.body.issues.map((i: { field: string }) => i.field)).toEqual(['facts.assurance.plans']);
    const quarter = await t.as('board').post('/api/v1/assessments').send(interventionAssessment('00C', '2013-Q5')).expect(422);
    expect(quarter.body.issues[0].field).toBe('period');
    expect(await t.prisma.assessment.count()).toBe(before);
  });
});

describe("a CCG's eight quarters", () => {
  // 18 weeks missed from the start; a deficit from 2013-Q4 to 2014-Q2; everything clear after.
  const missed = { 'standards.rtt18WeeksIncompletePct': 91.1 };
  const deficit = { ...missed, 'finance.ytdVariancePct': -1.2 };
  const plan: [string, Record<string, unknown>, number, string][] = [
    ['2013-Q1', missed, 0, 'checkpoint-note'],
    ['2013-Q2', missed, 1, 'monitoring-letter'],
    ['2013-Q3', missed, 2, 'recovery-plan-notice'],
    ['2013-Q4', deficit, 3, 'directions-notice'],
    ['2014-Q1', deficit, 3, 'directions-notice'],
    ['2014-Q2', deficit, 4, 'board-proposal'],
    ['2014-Q3', {}, 3, 'directions-notice'],
    ['2014-Q4', {}, 2, 'recovery-plan-notice'],
  ];

  it('climbs the ladder to a Board proposal that waits for a human, then comes down one level per clear quarter', async () => {
    const levels: number[] = [];
    for (const [quarter, changes, level, key] of plan) {
      const { assessment, decisionId, evaluation } = await submitAndWait(interventionAssessment('02N', quarter, changes));
      expect({ quarter, key: evaluation.outcomeKey, level: evaluation.outcome.level }).toEqual({ quarter, key, level });
      levels.push(evaluation.outcome.level);

      if (quarter === '2013-Q4') {
        // The explanation names the quarters of history it used.
        expect(evaluation.outcome.history.quartersUsed).toEqual(['2013-Q1', '2013-Q2', '2013-Q3']);
        expect(evaluation.outcome.history.standardsMissed[0].quarters).toEqual(['2013-Q1', '2013-Q2', '2013-Q3', '2013-Q4']);
        const doc = await t.as('board').get(`/api/v1/decisions/${decisionId}/document`).expect(200);
        expect(doc.text).toContain('section 14Z21');
        expect(doc.text).toContain('Earlier quarters used: 2013-Q1, 2013-Q2, 2013-Q3.');
      }
      if (level === 4) {
        expect(evaluation.outcome.humanDecisionRequired).toBe(true);
        const doc = await t.as('board').get(`/api/v1/decisions/${decisionId}/document`).expect(200);
        expect(doc.text).toContain('Board decision required');
        // Nothing is recorded for the quarter until a person decides it. The worker's part ends
        // when its job completes (job id = assessment id), after the evaluation is written: wait
        // for that, then the proposal must still be unissued, with no issue or level event for it
        // and no record (which only the issuing transaction writes).
        await eventually(async () => (await t.queue().getJobState(assessment.id)) === 'completed', 20_000, `evaluation job of ${quarter} completed`);
        expect(await t.prisma.decision.findUniqueOrThrow({ where: { id: decisionId }, select: { status: true, reviewedBy: true } })).toEqual({
          status: 'proposed',
          reviewedBy: null,
        });
        expect(await t.prisma.auditEvent.findMany({ where: { entityType: 'decision', entityId: decisionId }, select: { action: true } })).toEqual([]);
        const levelEvents = {
          entityType: 'intervention-quarter',
          AND: [{ payload: { path: ['ccg'], equals: '02N' } }, { payload: { path: ['quarter'], equals: quarter } }],
        };
        expect(await t.prisma.auditEvent.count({ where: levelEvents })).toBe(0);
        expect(await t.prisma.interventionQuarter.count({ where: { ccgCode: '02N', quarter } })).toBe(0);
        const queue = await t.as('board').get('/api/v1/assessments?status=awaiting_review&family=intervention').expect(200);
        expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(assessment.id);
      }
      const confirmed = await t
        .as('board')
        .post(`/api/v1/decisions/${decisionId}/confirm`)
        .send({ note: `checkpoint ${quarter}` })
        .expect(200);
      expect(confirmed.body).toMatchObject({ status: 'issued', key });
      const record = await t.prisma.interventionQuarter.findUniqueOrThrow({ where: { ccgCode_quarter: { ccgCode: '02N', quarter } } });
      expect(record).toMatchObject({ level, decisionId, issuedBy: 'test-board' });
      expect(await t.prisma.auditEvent.count({ where: { entityId: record.id, action: 'intervention.level.recorded' } })).toBe(1);
    }
    expect(levels).toEqual([0, 1, 2, 3, 3, 4, 3, 2]);
    // The register's view of the CCG shows the level in force.
    const ccg = await t.as('auditor').get('/api/v1/ccgs/02N').expect(200);
    expect(ccg.body.status.intervention).toMatchObject({ quarter: plan[plan.length - 1][0], level: 2, overridden: false });
    expect(ccg.body.status.intervention.levels.map((p: { value: number }) => p.value)).toEqual([0, 1, 2, 3, 3, 4, 3, 2]);

    const dashboard = await t.as('auditor').get('/api/v1/intervention/dashboard?quarter=2014-Q2').expect(200);
    expect(dashboard.body.quarters).toEqual([
      expect.objectContaining({ quarter: '2014-Q2', issued: 1, levels: { 0: 0, 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 } }),
    ]);
    const all = await t.as('auditor').get('/api/v1/intervention/dashboard').expect(200);
    expect(all.body.quarters.map((q: { quarter: string }) => q.quarter)).toEqual(plan.map((p) => p[0]));

    // The Quality Premium link: at level 3 or above in 2013/14 (from 2013-Q4), and 2014/15.
    const link = await t.as('auditor').get('/api/v1/intervention/ccgs/02N/levels?year=2013/14').expect(200);
    expect(link.body).toMatchObject({ reached: true, quarters: ['2013-Q4'], minLevel: 3, highestLevel: 3 });

    // A quarter earlier than one already issued is refused, naming the period, and nothing is written.
    const before = await t.prisma.assessment.count();
    const late = await t.as('board').post('/api/v1/assessments').send(interventionAssessment('02N', '2014-Q2')).expect(422);
    expect(late.body.issues[0]).toMatchObject({ field: 'period', message: expect.stringContaining('2014-Q3, 2014-Q4') });
    expect(await t.prisma.assessment.count()).toBe(before);
    expect((await t.as('auditor').get('/api/v1/audit/verify').expect(200)).body.ok).toBe(true);
  });

  it('replays an evaluation that read history without touching the database', async () => {
    const e = await t.prisma.evaluation.findFirstOrThrow({ where: { assessment: { subject: '02N', period: '2014-Q2' } } });
    const replay = await t.as('auditor').post(`/api/v1/evaluations/${e.id}/replay`).expect(200);
    expect(replay.body).toMatchObject({ identical: true, verdict: 'same' });
  });

  it('says so when the quarter before is missing, instead of guessing', async () => {
    const { evaluation } = await submitAndWait(interventionAssessment('09C', '2013-Q3', { 'standards.ae4HoursPct': 90 }));
    expect(evaluation.outcome.history).toMatchObject({ quartersUsed: [], missingQuarters: ['2013-Q2'] });
    expect(evaluation.outcome.history.statement).toContain('2013-Q2 is not on record');
  });

  it('lets a reviewer override a level with a reason; the record keeps the proposal', async () => {
    const { decisionId } = await submitAndWait(interventionAssessment('00C', '2013-Q1', { 'finance.ytdVariancePct': -0.7 }));
    const res = await t
      .as('board')
      .post(`/api/v1/decisions/${decisionId}/override`)
      .send({ reason: 'variance explained by a one-off accrual', outcome: { level: 0 } })
      .expect(200);
    expect(res.body).toMatchObject({ key: 'checkpoint-note', overridden: true });
    expect(
      await t.prisma.interventionQuarter.findUniqueOrThrow({ where: { ccgCode_quarter: { ccgCode: '00C', quarter: '2013-Q1' } } }),
    ).toMatchObject({ level: 0, proposedLevel: 1, overridden: true });
    const bad = await submitAndWait(interventionAssessment('00D', '2013-Q1'));
    const refused = await t
      .as('board')
      .post(`/api/v1/decisions/${bad.decisionId}/override`)
      .send({ reason: 'testing a bad level', outcome: { level: 6 } })
      .expect(422);
    expect(refused.body.issues[0].field).toBe('outcome.level');
  });
});

describe('published principles', () => {
  const thresholdsOf = (rulesDir: string) => {
    const set = loadRuleSetsFrom(rulesDir).find((s) => s.document.family === 'intervention')!;
    const out: string[] = [];
    const walk = (n: Record<string, unknown>) => {
      for (const m of ['all', 'any']) if (Array.isArray(n[m])) (n[m] as Record<string, unknown>[]).forEach(walk);
      if (typeof n.fact === 'string') out.push(Array.isArray(n.value) ? (n.value as unknown[]).join(' or ') : String(n.value));
    };
    set.document.rules.forEach((r) => walk(r.conditions));
    const p = set.document.parameters as { standards: Record<string, { threshold: number }> };
    return { set, conditions: out, standards: Object.values(p.standards).map((s) => `${s.threshold}%`) };
  };

  it('lists every rule and every threshold of the rule set in force, beside the ruleset routes', async () => {
    const res = await t.as('auditor').get('/api/v1/rulesets/intervention/principles').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const { set, conditions, standards } = thresholdsOf(join(projectRoot(), 'rules'));
    expect(res.text).toContain(set.hash);
    for (const rule of set.document.rules) expect(res.text).toContain(rule.name.replace(/'/g, '&#x27;'));
    for (const value of conditions) expect(res.text).toContain(`<strong>${value}</strong>`);
    for (const s of standards) expect(res.text).toContain(s);
    // The generic ruleset routes still answer as before.
    await t.as('auditor').get(`/api/v1/rulesets/${set.hash}`).expect(200);
    await t.as('auditor').get('/api/v1/rulesets/intervention').expect(404);
    await t.as('auditor').get('/api/v1/rulesets/intervention/principles?colour=red').expect(400);
  });

  it('changes when a threshold changes', async () => {
    const rulesDir = mkdtempSync(join(tmpdir(), 'rules-'));
    cpSync(join(projectRoot(), 'rules'), rulesDir, { recursive: true });
    const file = join(rulesDir, 'intervention', 'intervention-2013-14.json');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('"value": -0.5');
    writeFileSync(file, text.replace('"value": -0.5', '"value": -0.75').replace('"threshold": 92,', '"threshold": 91.5,'));
    const edited = await startTestApp({ databaseUrl: t.config.DATABASE_URL, config: { ROLE: 'api', RULES_DIR: rulesDir } });
    try {
      const before = await t.as('auditor').get('/api/v1/rulesets/intervention/principles').expect(200);
      const after = await edited.as('auditor').get('/api/v1/rulesets/intervention/principles').expect(200);
      expect(before.text).toContain('<strong>-0.5</strong>');
      expect(before.text).not.toContain('-0.75');
      expect(after.text).toContain('<strong>-0.75</strong>');
      expect(after.text).not.toContain('<strong>-0.5</strong>');
      expect(after.text).toContain('91.5%');
      expect(after.text).toContain(thresholdsOf(rulesDir).set.hash);
    } finally {
      await edited.app.close();
    }
  });
});
