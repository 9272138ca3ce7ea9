// Business transactions write audit events unsealed; the sequencer links them into one chain.
import { Client } from 'pg';
import { AuditSequencer } from '../../src/audit/audit-sequencer.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { ROLE: 'api' } });
});
afterAll(() => t.close());

const actor = { name: 'sealing-test', role: 'admin' as const };

describe('audit sealing', () => {
  it('seals events from many concurrent transactions into one gapless chain', async () => {
    const audit = t.app.get(AuditService, { strict: false });
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        t.prisma.$transaction((tx) => audit.append(tx, { actor, action: 'test.concurrent', entityType: 'test', entityId: `e${i}`, payload: { i } })),
      ),
    );
    const report = await audit.verify();
    expect(report).toMatchObject({ ok: true, pending: 0, firstBrokenSeq: null });
    const seqs = (await t.prisma.auditEvent.findMany({ select: { seq: true }, orderBy: { seq: 'asc' } })).map((e) => Number(e.seq));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(await t.prisma.auditEvent.count({ where: { action: 'test.concurrent' } })).toBe(60);
  });

  it('lets the database seal an unsealed event once and change nothing else', async () => {
    const sequencer = t.app.get(AuditSequencer, { strict: false });
    await sequencer.sealPending();
    const db = new Client({ connectionString: t.config.DATABASE_URL });
    await db.connect();
    try {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO audit_events (at, actor, actor_role, action, entity_type, entity_id, payload)
         VALUES (now(), 'x', 'admin', 'test.unsealed', 'test', 'u1', '{}') RETURNING id`,
      );
      const id = rows[0].id;
      // Content of an unsealed event is as fixed as that of a sealed one.
      await expect(db.query(`UPDATE audit_events SET payload = '{"forged":true}' WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
      expect(await sequencer.sealPending()).toBe(1);
      const sealed = await db.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_events WHERE id = $1', [id]);
      expect(sealed.rows[0].hash).toMatch(/^[0-9a-f]{64}$/);
      // Once sealed, not even the seal may change.
      await expect(db.query(`UPDATE audit_events SET hash = repeat('0', 64) WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
      expect(await sequencer.sealPending()).toBe(0);
    } finally {
      await db.end();
    }
    expect((await t.app.get(AuditService, { strict: false }).verify()).ok).toBe(true);
  });
});
