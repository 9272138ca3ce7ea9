// Bad input gets a clear 4xx naming the field and writes nothing: no assessment, no audit event,
// no job.
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { qpAssessment, qpFacts } from '../support/qp-facts.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { ROLE: 'api', BODY_LIMIT: '64kb' } });
});
afterAll(() => t.close());

async function counts() {
  const [assessments, audit, jobs] = await Promise.all([
    t.prisma.assessment.count(),
    t.prisma.auditEvent.count(),
    t.queue().getJobCountByTypes('waiting', 'active', 'delayed', 'completed', 'failed'),
  ]);
  return { assessments, audit, jobs };
}

function withMeasures(measures: Record<string, unknown>) {
  const facts = qpFacts();
  return qpAssessment('00C', { ...facts, measures: { ...(facts.measures as object), ...measures } });
}

const cases: [string, () => object | string, number, RegExp][] = [
  ['a missing measure value', () => withMeasures({ N2: {} }), 422, /facts\.measures\.N2/],
  [
    'a missing measure',
    () => {
      const b = qpAssessment();
      delete (b.facts.measures as Record<string, unknown>).N4;
      return b;
    },
    422,
    /facts\.measures\.N4/,
  ],
  ['a wrong type', () => withMeasures({ N1: { pyllReductionPct: 'lots' } }), 422, /facts\.measures\.N1\.pyllReductionPct/],
  [
    'a percentage over 100',
    () => qpAssessment('00C', qpFacts({ standards: { rtt18WeeksIncompletePct: 101, ae4HoursPct: 95, cancer62DaysPct: 85, ambulanceRed1Pct: 75 } })),
    422,
    /facts\.standards\.rtt18WeeksIncompletePct/,
  ],
  ['an unknown fact', () => qpAssessment('00C', qpFacts({ mood: 'good' })), 422, /facts/],
  ['an unknown CCG', () => qpAssessment('ZZZ'), 404, /CCG "ZZZ"/],
  ['an unknown family', () => ({ ...qpAssessment(), family: 'astrology' }), 422, /family/],
  ['a period no rule set covers', () => ({ ...qpAssessment(), period: '2019/20' }), 422, /period/],
  ['a malformed period', () => ({ ...qpAssessment(), period: 'last year' }), 422, /period/],
  [
    'a missing subject',
    () => {
      const { subject: _s, ...rest } = qpAssessment();
      return rest;
    },
    422,
    /subject/,
  ],
  [
    'a __proto__ key',
    () => `{"family":"quality-premium","subject":"00C","period":"2013/14","facts":{"__proto__":{"polluted":true}}}`,
    400,
    /__proto__/,
  ],
  ['malformed JSON', () => '{"family": "quality-premium",', 400, /not valid JSON/],
  ['an oversized body', () => ({ ...qpAssessment(), facts: qpFacts({ note: 'x'.repeat(100_000) }) }), 413, /larger than the limit/],
];

describe('intake refuses bad input and writes nothing', () => {
  it.each(cases)('%s', async (_name, body, status, message) => {
    const before = await counts();
    const payload = body();
    const req = t.as('board').post('/api/v1/assessments').set('Content-Type', 'application/json');
    const res = await req.send(typeof payload === 'string' ? payload : JSON.stringify(payload)).expect(status);
    const said = [res.body.message, ...(res.body.issues ?? []).map((i: { field: string }) => i.field)].join(' ');
    expect(said).toMatch(message);
    expect(await counts()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a request without a key, and a read-only role', async () => {
    const before = await counts();
    await request(t.app.getHttpServer()).post('/api/v1/assessments').send(qpAssessment()).expect(401);
    const res = await t.as('auditor').post('/api/v1/assessments').send(qpAssessment()).expect(403);
    expect(res.body.message).toMatch(/auditor/);
    expect(await counts()).toEqual(before);
  });
});

describe('a body wrong in several places at once', () => {
  // Intake checks family → period → rule set → subject → facts schema → checkFacts → loadContext →
  // engineFacts and reports the first problem found (the order on fakes:
  // src/assessments/intake-validation-order.spec.ts); here through the real application.
  it('names the first problem only, then the next as each is mended, and writes nothing', async () => {
    const before = await counts();
    const facts = qpFacts({ mood: 'good' });
    // The fields named (a field with two problems, e.g. a period of the wrong form, is named once here).
    const fields = async (body: object, status: number) => [
      ...new Set(
        ((await t.as('board').post('/api/v1/assessments').send(body).expect(status)).body.issues ?? []).map((i: { field: string }) => i.field),
      ),
    ];
    expect(await fields({ ...qpAssessment('ZZZ', facts), family: 'astrology', period: 'last year' }, 422)).toEqual(['family']);
    expect(await fields({ ...qpAssessment('ZZZ', facts), period: 'last year' }, 422)).toEqual(['period']);
    expect(await fields({ ...qpAssessment('ZZZ', facts), period: '2019/20' }, 422)).toEqual(['period']);
    expect(await fields(qpAssessment('ZZZ', facts), 404)).toEqual(['subject']);
    expect(await fields(qpAssessment('00C', facts), 422)).toEqual(['facts.mood']);
    expect(await counts()).toEqual(before);
  });
});

describe('Idempotency-Key', () => {
  it('answers a repeat with the first response and creates one assessment', async () => {
    const before = await t.prisma.assessment.count();
    const first = await t.as('board').post('/api/v1/assessments').set('Idempotency-Key', 'idem-key-0001').send(qpAssessment()).expect(202);
    const again = await t.as('board').post('/api/v1/assessments').set('Idempotency-Key', 'idem-key-0001').send(qpAssessment()).expect(202);
    expect(again.body).toEqual(first.body);
    expect(await t.prisma.assessment.count()).toBe(before + 1);
  });

  it('refuses the same key with a different body (409)', async () => {
    await t.as('board').post('/api/v1/assessments').set('Idempotency-Key', 'idem-key-0002').send(qpAssessment('00C')).expect(202);
    const res = await t.as('board').post('/api/v1/assessments').set('Idempotency-Key', 'idem-key-0002').send(qpAssessment('01A')).expect(409);
    expect(res.body.issues[0].field).toBe('Idempotency-Key');
  });

  it('holds under concurrent repeats', async () => {
    const before = await t.prisma.assessment.count();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => t.as('board').post('/api/v1/assessments').set('Idempotency-Key', 'idem-key-0003').send(qpAssessment())),
    );
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([202]));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await t.prisma.assessment.count()).toBe(before + 1);
  });
});

describe('batch intake', () => {
  it('writes the good rows and reports the bad ones by index and field', async () => {
    const before = await t.prisma.assessment.count();
    const res = await t
      .as('board')
      .post('/api/v1/assessments:batch')
      .send({
        items: [qpAssessment('00C'), qpAssessment('ZZZ'), withMeasures({ N1: { pyllReductionPct: 'x' } }), qpAssessment('01A')],
      })
      .expect(207);
    expect(res.body).toMatchObject({ queued: 2, rejected: 2 });
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['queued', 'rejected', 'rejected', 'queued']);
    expect(res.body.results[2].issues[0].field).toBe('facts.measures.N1.pyllReductionPct');
    expect(await t.prisma.assessment.count()).toBe(before + 2);
  });
});

describe('ids in paths', () => {
  it('answers a malformed id with 400 naming it, and an unknown one with 404', async () => {
    const bad = await t.as('board').get('/api/v1/assessments/not-a-uuid').expect(400);
    expect(bad.body.issues[0].field).toBe('id');
    await t.as('board').get('/api/v1/decisions/00000000-0000-4000-8000-000000000000').expect(404);
  });
});
