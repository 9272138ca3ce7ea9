import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client.js';
import type { Actor } from '../auth/actor.js';
import { PrismaService, type Tx } from '../prisma/prisma.service.js';
import { AuditSequencer } from './audit-sequencer.js';
import { findFirstBrokenLink, GENESIS_HASH, type SealedAuditRecord } from './audit-chain.js';

export interface AuditInput {
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  payload?: unknown;
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actor?: string;
  action?: string;
  from?: Date;
  to?: Date;
  afterSeq?: bigint;
  limit: number;
}

export interface VerifyReport {
  ok: boolean;
  /** Sealed events walked. */
  checked: number;
  /** Events not yet sealed (their transactions committed after the walk began). */
  pending: number;
  lastSeq: string;
  firstBrokenSeq: string | null;
}

const VERIFY_BATCH = 5000;

/** The head of an unsealed event's insert, for statements that write events themselves. */
export const AUDIT_INSERT = 'INSERT INTO audit_events (at, actor, actor_role, action, entity_type, entity_id, payload)';

/** Appends to and reads the hash-chained audit log. Appends happen inside the caller's
 *  transaction, so an event exists exactly when the change it records does. */
@Injectable()
export class AuditService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sequencer: AuditSequencer,
  ) {}

  /** Writes the event in the caller's transaction, unsealed; the sequencer links it into the
   *  chain once the transaction has committed (see AuditSequencer). */
  async append(tx: Tx, input: AuditInput): Promise<void> {
    await this.appendMany(tx, [input]);
  }

  /** Several events in one insert (a batch import writes hundreds at once). */
  async appendMany(tx: Tx, inputs: AuditInput[]): Promise<void> {
    if (inputs.length === 0) return;
    const at = new Date();
    await tx.auditEvent.createMany({
      data: inputs.map((input) => ({
        at,
        actor: input.actor.name,
        actorRole: input.actor.role,
        action: input.action,
        entityType: input.entityType,
        entityId: input.entityId,
        payload: (input.payload ?? null) as Prisma.InputJsonValue,
      })),
    });
    this.sequencer.kick();
  }

  /**
   * The same event as one SQL statement, for hot paths that write a change and its event in a
   * single round trip (a data-modifying CTE). `when` names a CTE whose rows decide whether the
   * event is written at all (e.g. "only if the status update matched"). Call `sealSoon()` after.
   */
  insertSql(input: AuditInput, when?: Prisma.Sql): Prisma.Sql {
    const row = Prisma.sql`${new Date()}::timestamptz, ${input.actor.name}, ${input.actor.role}, ${input.action},
      ${input.entityType}, ${input.entityId}, ${JSON.stringify(input.payload ?? null)}::jsonb`;
    const columns = Prisma.raw(AUDIT_INSERT);
    return when ? Prisma.sql`${columns} SELECT ${row} WHERE EXISTS (SELECT 1 FROM ${when})` : Prisma.sql`${columns} VALUES (${row})`;
  }

  sealSoon(): void {
    this.sequencer.kick();
  }

  /** Convenience for a change that is only an audit event (e.g. an auditor's replay). */
  async record(input: AuditInput): Promise<void> {
    await this.prisma.$transaction((tx) => this.append(tx, input));
  }

  /** Seals what is committed, then walks the whole chain from genesis. */
  async verify(): Promise<VerifyReport> {
    await this.sequencer.sealPending();
    let cursor = { seq: 0n, hash: GENESIS_HASH };
    let checked = 0;
    for (;;) {
      // Unsealed events (seq null) are not in the chain yet: they are counted apart.
      const batch = (await this.prisma.auditEvent.findMany({
        where: { seq: { gt: cursor.seq } },
        orderBy: { seq: 'asc' },
        take: VERIFY_BATCH,
      })) as SealedAuditRecord[];
      if (batch.length === 0) break;
      const broken = findFirstBrokenLink(cursor, batch);
      if (broken !== undefined) {
        checked += batch.findIndex((e) => e.seq === broken);
        const pending = await this.prisma.auditEvent.count({ where: { seq: null } });
        return { ok: false, checked, pending, lastSeq: cursor.seq.toString(), firstBrokenSeq: broken.toString() };
      }
      checked += batch.length;
      const last = batch[batch.length - 1];
      cursor = { seq: last.seq, hash: last.hash };
    }
    // An event removed from the end leaves the head pointing past the last row.
    const head = await this.prisma.auditHead.findUniqueOrThrow({ where: { id: 1 } });
    const pending = await this.prisma.auditEvent.count({ where: { seq: null } });
    if (head.seq !== cursor.seq || head.hash !== cursor.hash) {
      const firstBrokenSeq = (cursor.seq + 1n).toString();
      return { ok: false, checked, pending, lastSeq: cursor.seq.toString(), firstBrokenSeq };
    }
    return { ok: true, checked, pending, lastSeq: cursor.seq.toString(), firstBrokenSeq: null };
  }

  /** Every event about the given entities, in chain order (a timeline). */
  async eventsOf(entityIds: string[]) {
    await this.sequencer.sealPending();
    return this.prisma.auditEvent.findMany({ where: { entityId: { in: entityIds } }, orderBy: [{ seq: 'asc' }, { id: 'asc' }] });
  }

  /** Seals what is committed first, so a search sees every event in chain order. */
  async search(filter: AuditFilter) {
    await this.sequencer.sealPending();
    return this.prisma.auditEvent.findMany({
      where: {
        entityType: filter.entityType,
        entityId: filter.entityId,
        actor: filter.actor,
        action: filter.action,
        at: filter.from || filter.to ? { gte: filter.from, lte: filter.to } : undefined,
        seq: filter.afterSeq !== undefined ? { gt: filter.afterSeq } : { not: null },
      },
      orderBy: { seq: 'asc' },
      take: filter.limit,
    });
  }
}

/** The JSON form of an event (bigints as strings). */
export function auditEventJson(e: SealedAuditRecord) {
  return {
    seq: e.seq.toString(),
    at: e.at.toISOString(),
    actor: e.actor,
    actorRole: e.actorRole,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    payload: e.payload,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}
