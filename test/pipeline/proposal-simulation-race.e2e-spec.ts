// A simulation run is recorded only on proposals still open (proposed or approved) when it is
// written: one withdrawn (or published) meanwhile keeps what it had and gets no "simulated"
// event after its end. Reproduced deterministically: the withdrawal is held uncommitted while the
// run's recording waits on the proposal's row.
import { randomUUID } from 'node:crypto';
import { AuditService } from '../../src/audit/audit.service.js';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { recordSimulationOnProposals } from '../../src/rule-changes/proposal-simulations.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { gate, waitingOnLock as waitingOnLockIn } from '../support/lock-waits.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** Whether a statement of another session of this database is waiting on a lock. */
const waitingOnLock = () => waitingOnLockIn(t.prisma);

it('leaves a proposal withdrawn while the run was recorded alone, and records the run on the one still open', async () => {
  const hash = `test-${randomUUID()}`;
  const run = { id: randomUUID(), candidateHash: hash, counts: { changed: 0 } };
  await t.prisma.simulationRun.create({
    data: {
      id: run.id,
      family: 'intervention',
      candidateHash: hash,
      candidate: {},
      baselineHashes: [],
      periods: [],
      counts: run.counts,
      result: {},
      createdBy: 'test',
    },
  });
  const proposal = (id: string) => ({
    id,
    family: 'intervention',
    content: {},
    hash,
    ruleSetId: 'intervention-test',
    version: '1.0.0',
    effectiveFrom: new Date('2014-04-01T00:00:00Z'),
    proposedBy: 'test-admin',
  });
  const [withdrawn, open] = [randomUUID(), randomUUID()];
  await t.prisma.ruleSetProposal.createMany({ data: [proposal(withdrawn), proposal(open)] });

  const { opened: held, open: release } = gate();
  let wrote!: () => void;
  const written = new Promise<void>((resolve) => (wrote = resolve));
  const withdrawal = t.prisma.$transaction(
    async (tx) => {
      await tx.ruleSetProposal.update({
        where: { id: withdrawn },
        data: { status: 'withdrawn', withdrawnBy: 'test-admin', withdrawnAt: new Date() },
      });
      wrote();
      await held;
    },
    { timeout: 20_000 },
  );
  await Promise.race([written, withdrawal]);

  const audit = t.app.get(AuditService, { strict: false });
  const recording = t.prisma.$transaction((tx) => recordSimulationOnProposals(tx, audit, SYSTEM_ACTOR, run));
  await eventually(waitingOnLock, 10_000, 'the recording waiting on the withdrawn row');
  release();
  await withdrawal;

  expect(await recording).toEqual([open]);
  expect(await t.prisma.ruleSetProposal.findUniqueOrThrow({ where: { id: withdrawn } })).toMatchObject({
    status: 'withdrawn',
    simulationRunId: null,
  });
  expect(await t.prisma.ruleSetProposal.findUniqueOrThrow({ where: { id: open } })).toMatchObject({ status: 'proposed', simulationRunId: run.id });
  const events = await t.prisma.auditEvent.findMany({ where: { action: 'ruleset.proposal.simulated', entityId: { in: [withdrawn, open] } } });
  expect(events.map((e) => e.entityId)).toEqual([open]);
});
