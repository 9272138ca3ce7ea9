// Audit log throughput, measured on an application the caller has started (real PostgreSQL and
// Redis). Each function returns events per second; none asserts a time.
import type { INestApplicationContext } from '@nestjs/common';
import { AuditSequencer } from '../src/audit/audit-sequencer.js';
import { AUDIT_INSERT, AuditService } from '../src/audit/audit.service.js';
import type { Actor } from '../src/auth/actor.js';
import { PrismaService } from '../src/prisma/prisma.service.js';

export interface ConcurrentBenchOptions {
  /** Callers appending at once, each in a loop. */
  concurrency: number;
  /** Events in all. */
  events: number;
  /** Stop the clock only once every event is sealed too (the rate the log sustains). */
  untilSealed?: boolean;
}

const BENCH_ACTOR: Actor = { name: 'bench', role: 'system' };

/** A payload of the size the evaluation path writes (ids, a rule-set hash, an outcome). */
const payload = (i: number) => ({
  evaluationId: `e-${i}`,
  decisionId: `d-${i}`,
  ruleSetHash: 'f'.repeat(64),
  ruleSet: 'quality-premium 2013/14',
  outcomeKey: 'partial',
  jobId: null,
});

/** `concurrency` loops share `events` calls of `work`, then (with untilSealed) everything is
 *  sealed; returns events per second, the sealing counted only with untilSealed. */
async function perSecond(app: INestApplicationContext, options: ConcurrentBenchOptions, work: (i: number) => Promise<unknown>): Promise<number> {
  const sequencer = app.get(AuditSequencer, { strict: false });
  await sequencer.sealPending();
  let next = 0;
  const loop = async () => {
    for (let i = next++; i < options.events; i = next++) await work(i);
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.events) }, loop));
  if (options.untilSealed) await sequencer.sealPending();
  const ms = performance.now() - start;
  await sequencer.sealPending();
  return (options.events * 1000) / ms;
}

/** Standalone events (`record()`), `concurrency` callers at once. The sequencer seals meanwhile,
 *  as it would in production. */
export async function benchAuditAppends(app: INestApplicationContext, options: ConcurrentBenchOptions): Promise<number> {
  const audit = app.get(AuditService, { strict: false });
  return perSecond(app, options, (i) =>
    audit.record({ actor: BENCH_ACTOR, action: 'bench.record', entityType: 'bench', entityId: `r${i}`, payload: payload(i) }),
  );
}

/** Business transactions that each append one event (`append(tx, …)`), `concurrency` at once:
 *  bounded by PostgreSQL commits and the pool, not by the audit log. */
export async function benchAuditTransactions(app: INestApplicationContext, options: ConcurrentBenchOptions): Promise<number> {
  const audit = app.get(AuditService, { strict: false });
  const prisma = app.get(PrismaService, { strict: false });
  return perSecond(app, options, (i) =>
    prisma.$transaction((tx) =>
      audit.append(tx, { actor: BENCH_ACTOR, action: 'bench.transaction', entityType: 'bench', entityId: `t${i}`, payload: payload(i) }),
    ),
  );
}

/** Inserts `events` unsealed events in one statement, as business transactions would have. */
async function insertUnsealed(app: INestApplicationContext, events: number): Promise<void> {
  await app.get(PrismaService, { strict: false }).pool.query(
    `${AUDIT_INSERT}
     SELECT now(), 'bench', 'system', 'bench.bulk', 'assessment', gen_random_uuid()::text,
            jsonb_build_object('evaluationId', gen_random_uuid(), 'decisionId', gen_random_uuid(), 'ruleSetHash', md5(g::text) || md5((-g)::text),
                               'ruleSet', 'quality-premium 2013/14', 'outcomeKey', 'partial', 'jobId', null)
     FROM generate_series(1, $1::int) AS g`,
    [events],
  );
}

export interface SealBenchResult {
  perSecond: number;
  /** This process's CPU time per sealed event (user + system), in microseconds. */
  clientMicrosPerEvent: number;
}

/** Seals `events` committed, unsealed events in one `sealPending()`. */
export async function benchAuditSeal(app: INestApplicationContext, { events }: { events: number }): Promise<SealBenchResult> {
  const sequencer = app.get(AuditSequencer, { strict: false });
  await sequencer.sealPending();
  await insertUnsealed(app, events);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const sealed = await sequencer.sealPending();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { perSecond: (sealed * 1000) / ms, clientMicrosPerEvent: (used.user + used.system) / sealed };
}

/** Makes the chain at least `events` sealed events long (a no-op when it already is). */
export async function ensureSealedChain(app: INestApplicationContext, events: number): Promise<void> {
  const sequencer = app.get(AuditSequencer, { strict: false });
  await sequencer.sealPending();
  const head = await app.get(PrismaService, { strict: false }).auditHead.findUniqueOrThrow({ where: { id: 1 } });
  const missing = events - Number(head.seq);
  if (missing <= 0) return;
  await insertUnsealed(app, missing);
  await sequencer.sealPending();
}

/** `audit verify` over a chain of at least `events` sealed events (made up first if missing). */
export async function benchAuditVerify(app: INestApplicationContext, { events }: { events: number }): Promise<number> {
  await ensureSealedChain(app, events);
  const audit = app.get(AuditService, { strict: false });
  const start = performance.now();
  const report = await audit.verify();
  const ms = performance.now() - start;
  if (!report.ok) throw new Error(`verify found the chain broken at seq ${report.firstBrokenSeq}`);
  return (report.checked * 1000) / ms;
}
