// The panel judges each test once in a request: a request judging one test twice (agreeing and
// disagreeing at once) is refused naming the repeat, and writes neither judgement nor audit event.
import { STROKE_PERIOD, strokeProposalFacts } from '../support/reconfiguration-facts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const ref = 'RCF-2016-002';
const judge = (judgements: object[]) => t.as('panel').post(`/api/v1/proposals/${ref}/judgements`).send({ judgements });

async function written() {
  return { judgements: await t.prisma.reconfigurationJudgement.count(), audit: await t.prisma.auditEvent.count() };
}

describe('judgements of one request', () => {
  beforeAll(async () => {
    await t.submitAndWait({ family: 'reconfiguration', subject: ref, period: STROKE_PERIOD, facts: strokeProposalFacts() }, 'panel');
  });

  it('a test judged twice in one request is refused, naming the repeat, and nothing is written', async () => {
    const before = await written();
    const res = await judge([
      { test: 'T1', agree: true },
      { test: 'T1', agree: false, result: 'not-met', reason: 'contradiction here' },
    ]).expect(422);
    expect(res.body.issues).toEqual([{ field: 'judgements.1.test', message: 'T1 is judged twice in one request' }]);
    // The same judgement twice is a repeat too.
    const same = await judge([
      { test: 'T2', agree: true },
      { test: 'T4', agree: true },
      { test: 'T2', agree: true },
    ]).expect(422);
    expect(same.body.issues).toEqual([expect.objectContaining({ field: 'judgements.2.test' })]);
    expect(await written()).toEqual(before);
  });

  it('judging a test again in a later request stands: the latest counts', async () => {
    await judge([{ test: 'T1', agree: true }]).expect(201);
    await judge([{ test: 'T1', agree: false, result: 'not-met', reason: 'The panel finds the case for change unproven.' }]).expect(201);
    expect(await t.prisma.reconfigurationJudgement.count({ where: { proposalRef: ref, test: 'T1' } })).toBe(2);
  });
});
