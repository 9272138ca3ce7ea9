// Publishing a rule set under control (four eyes): proposed by one admin, approved by another,
// simulated as it stands, published; then in force in a worker process that was running before,
// without a restart, for new assessments of its period; replayed like a file version; written out
// by `rules export`; and a file in rules/ that contradicts it stops start-up naming both.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCcgRegister } from '../../src/ccgs/ccg-register.js';
import { ruleSetProposalListSchema, ruleSetProposalSchema, simulationRunSchema, type RuleSetProposalBody } from '../../src/common/api-responses.js';
import { projectRoot } from '../../src/common/project-root.js';
import { waitUntil } from '../../src/common/wait-until.js';
import { exportRuleSets } from '../../src/rule-changes/rule-set-export.js';
import { readPublishedRuleSets } from '../../src/rules/published-rule-sets.js';
import { loadRuleSetsFrom } from '../../src/rules/rule-set.loader.js';
import type { RuleSetDocument } from '../../src/rules/rule-set.schema.js';
import { interventionAssessment } from '../support/intervention-facts.js';
import { startTestApp, type AsKey } from '../support/test-app.js';
import { apiBesideWorkerProcesses, startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

jest.setTimeout(120_000);

const harness = apiBesideWorkerProcesses();
const rulesDir = join(projectRoot(), 'rules');
const ruleFile = (path: string): RuleSetDocument => JSON.parse(readFileSync(join(rulesDir, path), 'utf8')) as RuleSetDocument;
const YTD_RULE = 'finance: year-to-date variance worse than -0.5% of allocation';
const REASON = 'Year-to-date trigger tightened to -0.3% for 2014/15 after the 2013/14 outturn review';

/** Intervention from 2014/15 with the year-to-date trigger at -0.3 % (-0.5 % before): it starts
 *  inside the period of intervention-2013-14, which has no end date. */
function intervention201415(): RuleSetDocument {
  const candidate = ruleFile('intervention/intervention-2013-14.json');
  Object.assign(candidate, {
    id: 'intervention-2014-15',
    version: '1.0.0',
    title: 'Intervention thresholds from 2014/15',
    effective: { from: '2014-04-01' },
  });
  const rule = candidate.rules.find((r) => r.name === YTD_RULE)!;
  (rule.conditions as { all: { value: unknown }[] }).all[0].value = -0.3;
  return candidate;
}

/** Quality Premium versions after the files' last year (2015/16), for the in-year reason. */
function qp(id: string, effective: { from: string; to?: string }): RuleSetDocument {
  return { ...ruleFile('quality-premium/qp-2014-15.json'), id, version: '1.0.0', title: `Quality Premium ${id}`, effective };
}

let worker: WorkerProcess;
let secondAdmin: AsKey;
let ccgs: string[];
let fileHash: string;
let proposal: RuleSetProposalBody;
let evaluationId: string;
const tmp: string[] = [];

const admin = () => harness.api.as('admin');
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccg-publishing-'));
  tmp.push(dir);
  return dir;
};
const auditOf = async (entityId: string) =>
  (await harness.api.prisma.auditEvent.findMany({ where: { entityType: 'rule-set-proposal', entityId }, orderBy: { id: 'asc' } })).map((e) => [
    e.action,
    e.actor,
  ]);
const evaluationOf = (assessmentId: string) => harness.api.prisma.evaluation.findFirstOrThrow({ where: { assessmentId } });
const levelOf = (outcome: unknown) => (outcome as { level: number }).level;

beforeAll(async () => {
  const { api, settings } = harness;
  ccgs = readCcgRegister(api.config.CCG_REGISTER).map((c) => c.odsCode);
  secondAdmin = (await api.roleKey('admin', 'test-admin-two')).as;
  // Started before anything is published; it reads its log lines' `hash` to show what it adopted.
  worker = await startWorkerProcess({ ...settings, LOG_LEVEL: 'info' });
  const listed = await api.as('auditor').get('/api/v1/rulesets').expect(200);
  fileHash = listed.body.find((s: { file: string }) => s.file === 'intervention/intervention-2013-14.json').hash;
});
afterAll(() => tmp.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('publishing under control', () => {
  it('before: 2014-Q1 is assessed under the file version', async () => {
    const before = await harness.api.submitAndWait(interventionAssessment(ccgs[0], '2014-Q1', { 'finance.ytdVariancePct': -0.4 }));
    const evaluation = await evaluationOf(before.id);
    expect(evaluation.ruleSetHash).toBe(fileHash);
    expect(levelOf(evaluation.outcome)).toBe(0);
  });

  it('proposes a candidate checked as a simulation checks it (422 with the JSON pointer), with its reason', async () => {
    // Starting inside intervention-2013-14's period without a reason: refused as a rules/ file would be.
    const refused = await admin().post('/api/v1/rule-sets/proposals').send({ candidate: intervention201415() }).expect(422);
    expect(refused.body.issues.map((i: { field: string }) => i.field)).toEqual(['/effective/from']);
    const bad = intervention201415();
    (bad.rules[3].conditions as { all: { operator: string }[] }).all[0].operator = 'roughly';
    const pointer = await admin().post('/api/v1/rule-sets/proposals').send({ candidate: bad, changeReason: REASON }).expect(422);
    expect(pointer.body.issues.map((i: { field: string }) => i.field)).toEqual(['/rules/3/conditions/all/0/operator']);
    // Only admins propose.
    await harness.api.as('board').post('/api/v1/rule-sets/proposals').send({ candidate: intervention201415(), changeReason: REASON }).expect(403);
    expect(await harness.api.prisma.ruleSetProposal.count()).toBe(0);

    const res = await admin().post('/api/v1/rule-sets/proposals').send({ candidate: intervention201415(), changeReason: REASON }).expect(201);
    proposal = ruleSetProposalSchema.parse(res.body);
    expect(proposal).toMatchObject({
      family: 'intervention',
      status: 'proposed',
      proposedBy: 'test-admin',
      changeReason: REASON,
      simulationRunId: null,
      ruleSet: { id: 'intervention-2014-15', version: '1.0.0', effective: { from: '2014-04-01' } },
    });
    expect(proposal.candidate).toMatchObject({ changeReason: REASON });
  });

  it('refuses approval by the proposer (403) and publishing without a simulation of the same hash (409)', async () => {
    const own = await admin().post(`/api/v1/rule-sets/proposals/${proposal.id}/approve`).send({}).expect(403);
    expect(own.body).toMatchObject({ error: 'FORBIDDEN', issues: [{ field: 'approvedBy' }] });
    const early = await admin().post(`/api/v1/rule-sets/proposals/${proposal.id}/publish`).send({}).expect(409);
    expect(early.body.issues.map((i: { field: string }) => i.field)).toEqual(['simulationRunId', 'status']);

    const approved = await secondAdmin.post(`/api/v1/rule-sets/proposals/${proposal.id}/approve`).send({ note: 'Read the diff.' }).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: 'test-admin-two', approvalNote: 'Read the diff.' });
    // Approved, still never simulated: the simulation alone is missing.
    const unsimulated = await admin().post(`/api/v1/rule-sets/proposals/${proposal.id}/publish`).send({}).expect(409);
    expect(unsimulated.body.issues).toEqual([{ field: 'simulationRunId', message: expect.stringContaining(proposal.hash) }]);
    // A run of other content (without the reason: another hash) is not this one's simulation.
    const other = { ...intervention201415(), changeReason: 'Another reason, so other content' };
    await harness.api.as('board').post('/api/v1/rule-sets/simulations').send({ candidate: other }).expect(201);
    await admin().post(`/api/v1/rule-sets/proposals/${proposal.id}/publish`).send({}).expect(409);
    await secondAdmin.post(`/api/v1/rule-sets/proposals/${proposal.id}/approve`).send({}).expect(409);
    expect((await harness.api.as('auditor').get(`/api/v1/rule-sets/proposals/${proposal.id}`).expect(200)).body.status).toBe('approved');
  });

  it('a simulation of the proposal’s content is recorded on it, and then it publishes', async () => {
    const sim = await harness.api.as('board').post('/api/v1/rule-sets/simulations').send({ candidate: proposal.candidate }).expect(201);
    const run = simulationRunSchema.parse(sim.body);
    expect(run.candidate.hash).toBe(proposal.hash);
    // The assessment made before: the candidate moves it to level 1.
    expect(run.rows.filter((r) => r.changed).map((r) => [r.subject, r.period])).toEqual([[ccgs[0], '2014-Q1']]);
    const read = ruleSetProposalSchema.parse((await harness.api.as('board').get(`/api/v1/rule-sets/proposals/${proposal.id}`).expect(200)).body);
    expect(read.simulationRunId).toBe(run.id);

    const published = ruleSetProposalSchema.parse(
      (await admin().post(`/api/v1/rule-sets/proposals/${proposal.id}/publish`).send({}).expect(200)).body,
    );
    expect(published).toMatchObject({ status: 'published', publishedBy: 'test-admin', simulationRunId: run.id });
    expect(published.takesOver).toEqual([
      { hash: fileHash, source: 'intervention/intervention-2013-14.json', id: 'intervention-2013-14', version: '1.0.0' },
    ]);
    await admin().post(`/api/v1/rule-sets/proposals/${proposal.id}/publish`).send({}).expect(409);
    await admin().post(`/api/v1/rule-sets/proposals/${proposal.id}/withdraw`).send({ reason: 'Too late to withdraw.' }).expect(409);

    const version = await harness.api.prisma.ruleSetVersion.findUniqueOrThrow({ where: { hash: proposal.hash } });
    expect(version).toMatchObject({ origin: 'published', source: `published/${proposal.id}`, family: 'intervention' });
    const listed = await harness.api.as('auditor').get('/api/v1/rulesets').expect(200);
    expect(listed.body).toEqual(expect.arrayContaining([expect.objectContaining({ hash: proposal.hash, origin: 'published' })]));
    expect(listed.body).toEqual(expect.arrayContaining([expect.objectContaining({ hash: fileHash, origin: 'file' })]));
  });

  it('audits each step: proposed, approved, simulated, published', async () => {
    expect(await auditOf(proposal.id)).toEqual([
      ['ruleset.proposal.proposed', 'test-admin'],
      ['ruleset.proposal.approved', 'test-admin-two'],
      ['ruleset.proposal.simulated', 'test-board'],
      ['ruleset.proposal.published', 'test-admin'],
    ]);
    const registered = await harness.api.prisma.auditEvent.findFirstOrThrow({ where: { entityType: 'ruleset', entityId: proposal.hash } });
    expect(registered).toMatchObject({
      action: 'ruleset.registered',
      payload: expect.objectContaining({ origin: 'published', proposal: proposal.id }),
    });
    const list = ruleSetProposalListSchema.parse(
      (await harness.api.as('auditor').get('/api/v1/rule-sets/proposals?status=published').expect(200)).body,
    );
    expect(list.items.map((p) => p.id)).toEqual([proposal.id]);
    await harness.api.as('auditor').get('/api/v1/rule-sets/proposals?status=live').expect(400);
  });

  it('the worker process started before publishing assesses its period under the published version, without a restart', async () => {
    // The worker hears the notification and reads the published versions again (its log says which).
    await waitUntil(async () => worker.output().includes(proposal.hash), {
      timeoutMs: 20_000,
      timedOut: () => `the worker process did not take up ${proposal.hash}:\n${worker.output()}`,
    });
    const after = await harness.api.submitAndWait(interventionAssessment(ccgs[1], '2014-Q1', { 'finance.ytdVariancePct': -0.4 }));
    const evaluation = await evaluationOf(after.id);
    expect(evaluation.ruleSetHash).toBe(proposal.hash);
    expect(levelOf(evaluation.outcome)).toBe(1);
    evaluationId = evaluation.id;
    // Before its effective date, the file version still stands.
    const earlier = await harness.api.submitAndWait(interventionAssessment(ccgs[2], '2013-Q4', { 'finance.ytdVariancePct': -0.4 }));
    expect((await evaluationOf(earlier.id)).ruleSetHash).toBe(fileHash);
    // The same process did the work (the API process runs no worker).
    await waitUntil(async () => worker.evaluated.has(after.id) && worker.evaluated.has(earlier.id), {
      timeoutMs: 10_000,
      timedOut: () => 'the worker process did not report its jobs',
    });
  });

  it('replays a decision made under the published version as for a file version', async () => {
    const replay = await harness.api.as('auditor').post(`/api/v1/evaluations/${evaluationId}/replay`).expect(200);
    expect(replay.body).toMatchObject({ ruleSetHash: proposal.hash, identical: true, verdict: 'same', stored: { outcome: { level: 1 } } });
  });
});

describe('the change reason and withdrawal', () => {
  it('refuses to publish a version starting inside a period another covers without a reason (422 naming changeReason)', async () => {
    const year = ruleSetProposalSchema.parse(
      (
        await admin()
          .post('/api/v1/rule-sets/proposals')
          .send({ candidate: qp('qp-2015-16', { from: '2015-04-01', to: '2016-03-31' }) })
          .expect(201)
      ).body,
    );
    // Proposed while nothing covered 2015-10-01: no reason was needed then.
    const half = ruleSetProposalSchema.parse(
      (
        await admin()
          .post('/api/v1/rule-sets/proposals')
          .send({ candidate: qp('qp-2015-16-h2', { from: '2015-10-01', to: '2016-03-31' }) })
          .expect(201)
      ).body,
    );
    for (const p of [year, half]) {
      await secondAdmin.post(`/api/v1/rule-sets/proposals/${p.id}/approve`).send({}).expect(200);
      await harness.api.as('board').post('/api/v1/rule-sets/simulations').send({ candidate: p.candidate }).expect(201);
    }
    await admin().post(`/api/v1/rule-sets/proposals/${year.id}/publish`).send({}).expect(200);
    const refused = await admin().post(`/api/v1/rule-sets/proposals/${half.id}/publish`).send({}).expect(422);
    expect(refused.body.issues).toEqual([{ field: 'changeReason', message: expect.stringContaining('qp-2015-16@1.0.0') }]);

    const withdrawn = await secondAdmin
      .post(`/api/v1/rule-sets/proposals/${half.id}/withdraw`)
      .send({ reason: 'Needs a stated reason.' })
      .expect(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawnBy: 'test-admin-two', withdrawnReason: 'Needs a stated reason.' });
    await admin().post(`/api/v1/rule-sets/proposals/${half.id}/withdraw`).send({ reason: 'Again.' }).expect(409);
    await admin().post(`/api/v1/rule-sets/proposals/${half.id}/publish`).send({}).expect(409);
    expect((await auditOf(half.id)).map(([action]) => action)).toEqual([
      'ruleset.proposal.proposed',
      'ruleset.proposal.approved',
      'ruleset.proposal.simulated',
      'ruleset.proposal.withdrawn',
    ]);
  });

  it('names the field of a bad body, and 404s an unknown proposal', async () => {
    const missing = await admin().post(`/api/v1/rule-sets/proposals/${proposal.id}/withdraw`).send({}).expect(422);
    expect(missing.body.issues.map((i: { field: string }) => i.field)).toEqual(['reason']);
    const extra = await admin()
      .post('/api/v1/rule-sets/proposals')
      .send({ candidate: qp('qp-x', { from: '2020-04-01' }), colour: 'red' })
      .expect(422);
    expect(extra.body.issues.map((i: { field: string }) => i.field)).toEqual(['colour']);
    await admin().post('/api/v1/rule-sets/proposals/00000000-0000-4000-8000-000000000000/approve').send({}).expect(404);
    await admin().post('/api/v1/rule-sets/proposals/not-a-uuid/approve').send({}).expect(400);
  });
});

describe('four eyes is per API key, not per key name', () => {
  // Key names are not unique. "Not the proposer" means another API key than the one that
  // proposed: the same key is refused whatever other keys share its name, and two keys of one
  // name are two approvers (who holds which key is settled when keys are issued, audited).
  it('refuses the proposer’s key though another key shares its name, and lets two keys of one name approve each other', async () => {
    const namesake = await harness.api.roleKey('admin', 'test-admin');
    const propose = async (as: typeof secondAdmin, id: string, from: string) =>
      ruleSetProposalSchema.parse(
        (
          await as
            .post('/api/v1/rule-sets/proposals')
            .send({ candidate: qp(id, { from, to: `${Number(from.slice(0, 4)) + 1}-03-31` }) })
            .expect(201)
        ).body,
      );
    const mine = await propose(admin(), 'qp-2040-41', '2040-04-01');
    const theirs = await propose(namesake.as, 'qp-2041-42', '2041-04-01');

    const own = await admin().post(`/api/v1/rule-sets/proposals/${mine.id}/approve`).send({}).expect(403);
    expect(own.body).toMatchObject({ error: 'FORBIDDEN', issues: [{ field: 'approvedBy' }] });
    await namesake.as.post(`/api/v1/rule-sets/proposals/${theirs.id}/approve`).send({}).expect(403);

    const approvedByNamesake = await namesake.as.post(`/api/v1/rule-sets/proposals/${mine.id}/approve`).send({}).expect(200);
    expect(approvedByNamesake.body).toMatchObject({ status: 'approved', proposedBy: 'test-admin', approvedBy: 'test-admin' });
    await admin().post(`/api/v1/rule-sets/proposals/${theirs.id}/approve`).send({}).expect(200);

    const rows = await harness.api.prisma.ruleSetProposal.findMany({ where: { id: { in: [mine.id, theirs.id] } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(mine.id)).toMatchObject({ approvedByKey: namesake.id, proposedByKey: expect.any(String) });
    expect(byId.get(mine.id)?.proposedByKey).not.toBe(namesake.id);
    expect(byId.get(theirs.id)).toMatchObject({ proposedByKey: namesake.id, approvedByKey: byId.get(mine.id)?.proposedByKey });

    // Left unpublished: the versions below are the two published above.
    for (const p of [mine, theirs]) {
      await secondAdmin.post(`/api/v1/rule-sets/proposals/${p.id}/withdraw`).send({ reason: 'Only checking who approves.' }).expect(200);
    }
  });
});

describe('files and published versions', () => {
  it('rules export writes each published version as a file that loads with the same hash; start-up takes the two as one', async () => {
    const out = tempDir();
    cpSync(rulesDir, out, { recursive: true });
    const report = exportRuleSets(await readPublishedRuleSets(harness.api.prisma), out);
    expect(report).toEqual({
      written: ['intervention/intervention-2014-15-1.0.0.json', 'quality-premium/qp-2015-16-1.0.0.json'],
      unchanged: [],
      refused: [],
    });
    const exported = loadRuleSetsFrom(out).find((s) => s.file === 'intervention/intervention-2014-15-1.0.0.json');
    expect(exported?.hash).toBe(proposal.hash);
    expect(exportRuleSets(await readPublishedRuleSets(harness.api.prisma), out).unchanged).toHaveLength(2);

    // A process on these files and the same database starts, the exported file standing for the published version.
    const beside = await startTestApp({ databaseUrl: harness.api.config.DATABASE_URL, config: { ROLE: 'api', RULES_DIR: out } });
    try {
      const listed = await beside.as('auditor').get('/api/v1/rulesets').expect(200);
      expect(listed.body.find((s: { hash: string }) => s.hash === proposal.hash)).toMatchObject({
        file: 'intervention/intervention-2014-15-1.0.0.json',
        origin: 'file',
      });
    } finally {
      await beside.close();
    }
  });

  it('a file that overlaps a published version it was not published over stops start-up, naming both', async () => {
    const dir = tempDir();
    cpSync(rulesDir, dir, { recursive: true });
    const late = { ...intervention201415(), id: 'intervention-2014-late', effective: { from: '2014-07-01' }, changeReason: 'A file written apart' };
    writeFileSync(join(dir, 'intervention', 'intervention-2014-late.json'), JSON.stringify(late, null, 2));
    const started = startWorkerProcess({ ...harness.settings, RULES_DIR: dir });
    await expect(started).rejects.toThrow(/exited \(1\) before it was ready/);
    const message = await started.catch((error: Error) => error.message);
    expect(message).toContain('intervention/intervention-2014-late.json');
    expect(message).toContain(proposal.hash);
    expect(message).toContain(`proposal ${proposal.id}`);
    // The running worker is the one started at the beginning, never restarted.
    expect(worker.output()).not.toContain('worker process failed to start');
  });
});

describe('the order of publishing', () => {
  it('is the order published under the lock (published_seq), whatever the clocks say', async () => {
    const published = await harness.api.prisma.ruleSetProposal.findMany({ where: { status: 'published' }, orderBy: { publishedSeq: 'asc' } });
    expect(published.map((p) => [p.ruleSetId, p.publishedSeq])).toEqual([
      ['intervention-2014-15', 1],
      ['qp-2015-16', 2],
    ]);
    const [first, second] = published;
    const order = async () => (await readPublishedRuleSets(harness.api.prisma)).map((p) => p.proposalId);
    expect(await order()).toEqual([first.id, second.id]);
    // Were the first stamped later than the second (a clock that stepped back), it still comes first.
    await harness.api.prisma.ruleSetProposal.update({
      where: { id: first.id },
      data: { publishedAt: new Date(second.publishedAt!.getTime() + 60_000) },
    });
    try {
      expect(await order()).toEqual([first.id, second.id]);
    } finally {
      await harness.api.prisma.ruleSetProposal.update({ where: { id: first.id }, data: { publishedAt: first.publishedAt } });
    }
    // Only a published row has a place in the order.
    const withdrawn = await harness.api.prisma.ruleSetProposal.findFirstOrThrow({ where: { status: 'withdrawn' } });
    await expect(harness.api.prisma.ruleSetProposal.update({ where: { id: withdrawn.id }, data: { publishedSeq: 3 } })).rejects.toThrow(
      /published_seq_check/,
    );
  });
});
