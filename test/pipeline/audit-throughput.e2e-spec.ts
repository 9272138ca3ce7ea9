// The audit log under load: standalone events written by group commit, sealing shared by
// concurrent callers and processes, and verify over a chain longer than one page.
import { Client } from 'pg';
import { AuditSequencer } from '../../src/audit/audit-sequencer.js';
import { AUDIT_INSERT, AuditService } from '../../src/audit/audit.service.js';
import { hashAuditRecord } from '../../src/audit/audit-chain.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const actor = { name: 'throughput-test', role: 'admin' as const };

let t: TestApp;
let audit: AuditService;
let sequencer: AuditSequencer;
beforeAll(async () => {
  t = await startTestApp({ config: { ROLE: 'api' } });
  audit = t.app.get(AuditService, { strict: false });
  sequencer = t.app.get(AuditSequencer, { strict: false });
});
afterAll(() => t.close());

/** A superuser session, as an attacker with the database's keys would have. */
async function asSuperuser<T>(work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: t.config.DATABASE_URL });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/** `events` unsealed events in one statement, as many business transactions would leave them. */
async function insertUnsealed(events: number, action: string): Promise<void> {
  await t.prisma.pool.query(
    `${AUDIT_INSERT} SELECT now(), 'bulk', 'system', $2, 'test', 'b' || g, jsonb_build_object('g', g, 'text', 'é ' || g) FROM generate_series(1, $1::int) g`,
    [events, action],
  );
}

describe('record()', () => {
  it('stores every one of many concurrent events once, in few statements, sealed into one gapless chain that verifies', async () => {
    const callers = 200;
    const perCaller = 10;
    const statements = jest.spyOn(t.prisma.pool, 'query');
    let inserts: number;
    try {
      await Promise.all(
        Array.from({ length: callers }, async (_, c) => {
          for (let i = 0; i < perCaller; i++)
            await audit.record({ actor, action: 'test.record', entityType: 'test', entityId: `c${c}-${i}`, payload: { c, i } });
        }),
      );
      inserts = statements.mock.calls.filter(([q]) => typeof q === 'object' && (q as { name?: string }).name === 'audit-record').length;
    } finally {
      statements.mockRestore();
    }
    expect(inserts).toBeGreaterThan(0);
    expect(inserts).toBeLessThan((callers * perCaller) / 10);

    const report = await audit.verify();
    const stored = await t.prisma.auditEvent.findMany({ where: { action: 'test.record' }, select: { id: true, seq: true, entityId: true } });
    expect(stored).toHaveLength(callers * perCaller);
    expect(new Set(stored.map((e) => e.entityId)).size).toBe(callers * perCaller);
    expect(stored.every((e) => e.seq !== null)).toBe(true);
    const all = await t.prisma.auditEvent.findMany({ select: { seq: true }, orderBy: { seq: 'asc' } });
    expect(all.map((e) => Number(e.seq))).toEqual(all.map((_, i) => i + 1));
    expect(report).toEqual({ ok: true, checked: all.length, pending: 0, lastSeq: String(all.length), firstBrokenSeq: null });
  });

  it('seals events in the order they were written', async () => {
    for (let i = 0; i < 25; i++) await audit.record({ actor, action: 'test.order', entityType: 'test', entityId: `o${i}` });
    await sequencer.sealPending();
    const events = await t.prisma.auditEvent.findMany({ where: { action: 'test.order' }, orderBy: { seq: 'asc' }, select: { entityId: true } });
    expect(events.map((e) => e.entityId)).toEqual(Array.from({ length: 25 }, (_, i) => `o${i}`));
  });

  it('fails a bad event alone: the events that shared its statement commit', async () => {
    const before = await t.prisma.auditEvent.count({ where: { action: 'test.group' } });
    // jsonb cannot hold \u0000: PostgreSQL refuses the statement carrying it, the rest is retried alone.
    const payloads: unknown[] = Array.from({ length: 40 }, (_, i) => ({ i }));
    payloads[17] = { text: 'nul \u0000 byte' };
    payloads[29] = { n: 1n };
    const results = await Promise.allSettled(
      payloads.map((payload, i) => audit.record({ actor, action: 'test.group', entityType: 'test', entityId: `g${i}`, payload })),
    );
    expect(results.map((r, i) => (r.status === 'rejected' ? i : -1)).filter((i) => i >= 0)).toEqual([17, 29]);
    const stored = await t.prisma.auditEvent.findMany({ where: { action: 'test.group' }, select: { entityId: true } });
    expect(stored).toHaveLength(before + 38);
    expect(stored.map((e) => e.entityId)).not.toContain('g17');
    expect((await audit.verify()).ok).toBe(true);
  });
});

describe('sealPending()', () => {
  it('seals an event committed while a run was under way, not only what that run had read', async () => {
    await asSuperuser(async (locker) => {
      // Hold a committed, unsealed event's row: the run that reads it waits at its update, having
      // read. (The periodic seal may take an event between its commit and our lock: take another.)
      for (;;) {
        const { rows } = await locker.query<{ id: string }>(
          `${AUDIT_INSERT} VALUES (now(), 'x', 'admin', 'test.first', 'test', 'first', 'null') RETURNING id`,
        );
        await locker.query('BEGIN');
        const locked = await locker.query('SELECT 1 FROM audit_events WHERE id = $1 AND seq IS NULL FOR UPDATE', [rows[0].id]);
        if (locked.rowCount === 1) break;
        await locker.query('ROLLBACK');
      }
      const running = sequencer.sealPending();
      await waitForSealerBlockedOn(locker);
      await audit.record({ actor, action: 'test.second', entityType: 'test', entityId: 'second' });
      const later = sequencer.sealPending();
      await locker.query('COMMIT');
      await running;
      await later;
    });
    const second = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'test.second' } });
    expect(second.seq).not.toBeNull();
  });

  it('lets two processes seal the same backlog into one gapless chain', async () => {
    const other = await startTestApp({ databaseUrl: t.config.DATABASE_URL, config: { ROLE: 'api' } });
    try {
      const otherAudit = other.app.get(AuditService, { strict: false });
      const otherSequencer = other.app.get(AuditSequencer, { strict: false });
      await insertUnsealed(12_000, 'test.two-sealers');
      await Promise.all([
        sequencer.sealPending(),
        otherSequencer.sealPending(),
        ...Array.from({ length: 100 }, (_, i) =>
          (i % 2 ? audit : otherAudit).record({ actor, action: 'test.two-sealers', entityType: 'test', entityId: `r${i}` }),
        ),
      ]);
      await Promise.all([sequencer.sealPending(), otherSequencer.sealPending()]);
      const { rows } = await t.prisma.pool.query<{ n: string; sealed: string; max: string }>(
        `SELECT count(*) AS n, count(seq) AS sealed, max(seq) AS max FROM audit_events`,
      );
      expect(rows[0].sealed).toBe(rows[0].n);
      expect(rows[0].max).toBe(rows[0].n);
      expect(await otherAudit.verify()).toMatchObject({ ok: true, checked: Number(rows[0].n), pending: 0 });
    } finally {
      await other.close();
    }
  });
});

describe('verify()', () => {
  it('still verifies a chain sealed the way events were sealed before (hashAuditRecord over rows read through Prisma)', async () => {
    const payloads = [
      null,
      { b: 2, a: 1, é: 'ü', 'z"q': ['\n', '\\', '😀', '\u001f'] },
      // eslint-disable-next-line no-loss-of-precision -- on purpose: a number past 2^53, stored and hashed as JavaScript holds it
      { n: [1e21, 0.1, -0, 3.141592653589793, 12345678901234567890] },
      ['x', { '10': 1, '9': 2, '€': 3 }],
      'a string',
      42,
    ];
    // Written and sealed in one transaction, so that no sealer of today's can seal them first.
    await t.prisma.$transaction(async (tx) => {
      await audit.appendMany(
        tx,
        payloads.map((payload, i) => ({
          actor: { name: 'Zoë ☃', role: 'auditor' },
          action: 'test.legacy',
          entityType: 'test',
          entityId: `l${i}`,
          payload,
        })),
      );
      const [head] = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE`;
      let { seq, hash } = head;
      for (const event of await tx.auditEvent.findMany({ where: { seq: null }, orderBy: { id: 'asc' } })) {
        const prevHash = hash;
        seq += 1n;
        hash = hashAuditRecord(prevHash, { ...event, seq });
        await tx.$executeRaw`UPDATE audit_events SET seq = ${seq}, prev_hash = ${prevHash}, hash = ${hash} WHERE id = ${event.id}`;
      }
      await tx.$executeRaw`UPDATE audit_head SET seq = ${seq}, hash = ${hash} WHERE id = 1`;
    });
    expect(await t.prisma.auditEvent.count({ where: { action: 'test.legacy', seq: { not: null } } })).toBe(payloads.length);
    expect(await audit.verify()).toMatchObject({ ok: true, firstBrokenSeq: null });
  });

  it('names the first broken seq of a chain of several pages after rows are tampered with', async () => {
    await insertUnsealed(25_000, 'test.long');
    const report = await audit.verify();
    expect(report).toMatchObject({ ok: true, pending: 0 });
    const length = report.checked;
    expect(length).toBeGreaterThan(25_000);

    await asSuperuser(async (db) => {
      await db.query('SET session_replication_role = replica');
      await db.query(`UPDATE audit_events SET payload = '{"forged":true}' WHERE seq = $1`, [length - 50]);
    });
    expect(await audit.verify()).toMatchObject({
      ok: false,
      firstBrokenSeq: String(length - 50),
      checked: length - 51,
      lastSeq: String(length - 51),
    });

    // An earlier break is the one named; a gap is named by its first missing seq, even when it
    // was a whole page's worth.
    await asSuperuser(async (db) => {
      await db.query('SET session_replication_role = replica');
      await db.query('DELETE FROM audit_events WHERE seq BETWEEN 12001 AND 22000');
    });
    expect(await audit.verify()).toMatchObject({ ok: false, firstBrokenSeq: '12001', problem: 'missing', checked: 12_000 });
    await asSuperuser(async (db) => {
      await db.query('SET session_replication_role = replica');
      await db.query('DELETE FROM audit_events WHERE seq = $1', [6_001]);
    });
    expect(await audit.verify()).toMatchObject({ ok: false, firstBrokenSeq: '6001', problem: 'missing', checked: 6_000 });
  });

  it('names the first missing seq when the last events are removed, and a row beyond the head', async () => {
    const other = await startTestApp({ config: { ROLE: 'api' } });
    try {
      const otherAudit = other.app.get(AuditService, { strict: false });
      await Promise.all(
        Array.from({ length: 30 }, (_, i) => otherAudit.record({ actor, action: 'test.tail', entityType: 'test', entityId: `t${i}` })),
      );
      const { checked } = await otherAudit.verify();
      const db = new Client({ connectionString: other.config.DATABASE_URL });
      await db.connect();
      try {
        await db.query('SET session_replication_role = replica');
        // A forged event past the head, linked and hashed correctly: but no seal put it there.
        const { rows } = await db.query<{ seq: string; hash: string }>('SELECT seq::text, hash FROM audit_events WHERE seq = $1', [checked]);
        const forged = await db.query<{ id: string }>(
          `INSERT INTO audit_events (seq, at, actor, actor_role, action, entity_type, entity_id, payload, prev_hash, hash)
           VALUES ($1, now(), 'x', 'admin', 'test.forged', 'test', 'f', 'null', $2, repeat('f', 64)) RETURNING id`,
          [checked + 1, rows[0].hash],
        );
        const event = await other.prisma.auditEvent.findUniqueOrThrow({ where: { id: BigInt(forged.rows[0].id) } });
        await db.query('UPDATE audit_events SET hash = $1 WHERE id = $2', [
          hashAuditRecord(rows[0].hash, { ...event, seq: BigInt(checked + 1) }),
          forged.rows[0].id,
        ]);
        expect(await otherAudit.verify()).toMatchObject({ ok: false, firstBrokenSeq: String(checked + 1), checked });
        await db.query('DELETE FROM audit_events WHERE seq >= $1', [checked - 1]);
      } finally {
        await db.end();
      }
      expect(await otherAudit.verify()).toMatchObject({ ok: false, firstBrokenSeq: String(checked - 1), checked: checked - 2 });
    } finally {
      await other.close();
    }
  });
});

/** Until a backend of this database waits on the lock `locker` holds. */
async function waitForSealerBlockedOn(locker: Client): Promise<void> {
  const lockerPid = (await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  for (let i = 0; i < 200; i++) {
    const { rows } = await t.prisma.pool.query(`SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`, [lockerPid]);
    if (rows.length > 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the sealer never reached the locked row');
}
