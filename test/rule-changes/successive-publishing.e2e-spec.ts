// Successive published versions over a rules/ file: qp-2013-14 (the file) is published over by
// 1.3.0, and 1.3.0 by 1.5.0, then part of 1.5.0's dates by another id. Each comes into force at
// once for new assessments of its period and in GET /api/v1/rulesets, here and in a process
// running beside without a restart; a process started afterwards on the same database starts and
// uses the latest; and decisions made under each version replay.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCcgRegister } from '../../src/ccgs/ccg-register.js';
import { ruleSetProposalSchema, type RuleSetProposalBody } from '../../src/common/api-responses.js';
import { projectRoot } from '../../src/common/project-root.js';
import type { RuleSetDocument } from '../../src/rules/rule-set.schema.js';
import { qpAssessment } from '../support/qp-facts.js';
import { eventually, startTestApp, type AsKey, type TestApp } from '../support/test-app.js';

jest.setTimeout(120_000);

const QP_FILE = 'quality-premium/qp-2013-14.json';
const ruleFile = (path: string): RuleSetDocument => JSON.parse(readFileSync(join(projectRoot(), 'rules', path), 'utf8')) as RuleSetDocument;
const qpFile = () => ruleFile(QP_FILE);
/** The file of the next year, untouched throughout. */
const NEXT_YEAR = `qp-2014-15@${ruleFile('quality-premium/qp-2014-15.json').version}`;

let t: TestApp;
/** An API process on the same database and Redis, running throughout: it hears of each publishing. */
let running: TestApp;
let secondAdmin: AsKey;
let ccgs: string[];
let fileHash: string;
const published: RuleSetProposalBody[] = [];
/** Evaluation ids of assessments made under each version, by hash. */
const evaluated = new Map<string, string>();

type Listed = { hash: string; id: string; version: string; file: string; origin: string; family: string };
const listed = async (app: TestApp): Promise<Listed[]> => (await app.as('auditor').get('/api/v1/rulesets').expect(200)).body as Listed[];
const qpListed = async (app: TestApp) =>
  (await listed(app))
    .filter((s) => s.family === 'quality-premium')
    .map((s) => `${s.id}@${s.version}`)
    .sort();

/** Propose (admin) → approve (another admin) → simulate (board) → publish (admin): 200 "published". */
async function publishCandidate(candidate: RuleSetDocument, changeReason?: string): Promise<RuleSetProposalBody> {
  const admin = t.as('admin');
  const proposal = ruleSetProposalSchema.parse(
    (
      await admin
        .post('/api/v1/rule-sets/proposals')
        .send({ candidate, ...(changeReason ? { changeReason } : {}) })
        .expect(201)
    ).body,
  );
  await secondAdmin.post(`/api/v1/rule-sets/proposals/${proposal.id}/approve`).send({}).expect(200);
  await t.as('board').post('/api/v1/rule-sets/simulations').send({ candidate: proposal.candidate }).expect(201);
  const done = ruleSetProposalSchema.parse((await admin.post(`/api/v1/rule-sets/proposals/${proposal.id}/publish`).send({}).expect(200)).body);
  expect(done.status).toBe('published');
  published.push(done);
  return done;
}

/** A new 2013/14 assessment of the next CCG, evaluated; its evaluation's rule-set hash. */
async function assessedUnder(app: TestApp): Promise<string> {
  const subject = ccgs.shift()!;
  const assessment = await app.submitAndWait(qpAssessment(subject));
  const evaluation = await app.prisma.evaluation.findFirstOrThrow({ where: { assessmentId: assessment.id } });
  evaluated.set(evaluation.ruleSetHash, evaluation.id);
  return evaluation.ruleSetHash;
}

beforeAll(async () => {
  t = await startTestApp();
  ccgs = readCcgRegister(t.config.CCG_REGISTER).map((c) => c.odsCode);
  secondAdmin = (await t.roleKey('admin', 'test-admin-two')).as;
  fileHash = (await listed(t)).find((s) => s.file === QP_FILE)!.hash;
  running = await startTestApp({ databaseUrl: t.config.DATABASE_URL, config: { ROLE: 'api' } });
});
afterAll(async () => {
  await running?.close();
  await t?.close();
});

/** Until the process running throughout lists `expected` (it reads again on the notification). */
const heardBy = (expected: string[]) =>
  eventually(
    async () => JSON.stringify(await qpListed(running)) === JSON.stringify(expected),
    15_000,
    `the running process to list ${expected.join(', ')}`,
  );

describe('a published version over one that took over a file', () => {
  it('the first, 1.3.0 over the file, is in force for 2013/14', async () => {
    expect(await assessedUnder(t)).toBe(fileHash);
    const first = await publishCandidate({ ...qpFile(), version: '1.3.0' });
    expect(first.takesOver).toEqual([{ hash: fileHash, source: QP_FILE, id: 'qp-2013-14', version: qpFile().version }]);
    expect(await assessedUnder(t)).toBe(first.hash);
    await heardBy(['qp-2013-14@1.3.0', NEXT_YEAR]);
  });

  it('the second, 1.5.0 over 1.3.0, takes effect at once: new assessments, the rule-set list', async () => {
    const [first] = published;
    const second = await publishCandidate({ ...qpFile(), version: '1.5.0' }, 'Restated for the 2013/14 outturn, second revision');
    expect(second.takesOver).toEqual([{ hash: first.hash, source: `published/${first.id}`, id: 'qp-2013-14', version: '1.3.0' }]);
    expect(await assessedUnder(t)).toBe(second.hash);
    const rows = await listed(t);
    expect(rows.find((s) => s.hash === second.hash)).toMatchObject({ origin: 'published', file: `published/${second.id}` });
    expect(rows.map((s) => s.hash)).not.toContain(first.hash);
    expect(await qpListed(t)).toEqual(['qp-2013-14@1.5.0', NEXT_YEAR]);
    await heardBy(['qp-2013-14@1.5.0', NEXT_YEAR]);
  });

  it('a process started afterwards on the same database starts, on the second version', async () => {
    const [, second] = published;
    const beside = await startTestApp({ databaseUrl: t.config.DATABASE_URL, config: { QUEUE_PREFIX: `${t.config.QUEUE_PREFIX}-beside` } });
    try {
      expect(await qpListed(beside)).toEqual(['qp-2013-14@1.5.0', NEXT_YEAR]);
      expect(await assessedUnder(beside)).toBe(second.hash);
    } finally {
      await beside.close();
    }
  });

  it('a third, of another id over part of the second’s dates, is in force there, here and after a restart', async () => {
    const [, second] = published;
    const third = await publishCandidate(
      {
        ...qpFile(),
        id: 'qp-2013-14-q1-q3',
        title: 'Quality Premium 2013/14, April to December',
        effective: { from: '2013-04-01', to: '2013-12-31' },
      },
      'The first three quarters judged again after the data review',
    );
    expect(third.takesOver?.map((o) => o.hash)).toEqual([second.hash]);
    expect(await assessedUnder(t)).toBe(third.hash);
    expect(await qpListed(t)).toEqual(['qp-2013-14-q1-q3@1.1.0', 'qp-2013-14@1.5.0', NEXT_YEAR]);
    await heardBy(['qp-2013-14-q1-q3@1.1.0', 'qp-2013-14@1.5.0', NEXT_YEAR]);
    const beside = await startTestApp({ databaseUrl: t.config.DATABASE_URL, config: { QUEUE_PREFIX: `${t.config.QUEUE_PREFIX}-again` } });
    try {
      expect(await qpListed(beside)).toEqual(['qp-2013-14-q1-q3@1.1.0', 'qp-2013-14@1.5.0', NEXT_YEAR]);
      expect(await assessedUnder(beside)).toBe(third.hash);
    } finally {
      await beside.close();
    }
  });

  it('decisions made under the file and under each published version replay the same', async () => {
    expect([...evaluated.keys()].sort()).toEqual([fileHash, ...published.map((p) => p.hash)].sort());
    for (const [hash, evaluationId] of evaluated) {
      const replay = await t.as('auditor').post(`/api/v1/evaluations/${evaluationId}/replay`).expect(200);
      expect(replay.body).toMatchObject({ ruleSetHash: hash, identical: true, verdict: 'same' });
    }
  });
});
