import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client.js';
import type { Actor } from '../auth/actor.js';
import { PrismaService, type Tx } from '../prisma/prisma.service.js';
import { findFirstBrokenLink, GENESIS_HASH, hashAuditRecord, type SealedAuditRecord } from './audit-chain.js';

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
  checked: number;
  lastSeq: string;
  firstBrokenSeq: string | null;
}

const VERIFY_BATCH = 5000;

/** Appends to and reads the hash-chained audit log. Appends happen inside the caller's
 *  transaction, so an event exists exactly when the change it records does. */
@Injectable()
export class AuditService {
  constructor(private readonly prisma: PrismaService) {}

  /** Locks the chain head, links the event to it and moves the head: one order for all writers. */
  async append(tx: Tx, input: AuditInput): Promise<bigint> {
    const [head] = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
      SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE`;
    const record = {
      seq: head.seq + 1n,
      at: new Date(),
      actor: input.actor.name,
      actorRole: input.actor.role,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      // Round-trip through JSON so the hashed payload is exactly what jsonb will give back.
      payload: JSON.parse(JSON.stringify(input.payload ?? null)) as Prisma.InputJsonValue,
    };
    const hash = hashAuditRecord(head.hash, record);
    await tx.auditEvent.create({ data: { ...record, prevHash: head.hash, hash } });
    await tx.auditHead.update({ where: { id: 1 }, data: { seq: record.seq, hash } });
    return record.seq;
  }

  /** Convenience for a change that is only an audit event (e.g. an auditor's replay). */
  async record(input: AuditInput): Promise<bigint> {
    return this.prisma.$transaction((tx) => this.append(tx, input));
  }

  async verify(): Promise<VerifyReport> {
    let cursor = { seq: 0n, hash: GENESIS_HASH };
    let checked = 0;
    for (;;) {
      const batch = await this.prisma.auditEvent.findMany({
        where: { seq: { gt: cursor.seq } },
        orderBy: { seq: 'asc' },
        take: VERIFY_BATCH,
      });
      if (batch.length === 0) break;
      const broken = findFirstBrokenLink(cursor, batch as SealedAuditRecord[]);
      if (broken !== undefined) {
        checked += batch.findIndex((e) => e.seq === broken);
        return { ok: false, checked, lastSeq: cursor.seq.toString(), firstBrokenSeq: broken.toString() };
      }
      checked += batch.length;
      const last = batch[batch.length - 1];
      cursor = { seq: last.seq, hash: last.hash };
    }
    // An event removed from the end leaves the head pointing past the last row.
    const head = await this.prisma.auditHead.findUniqueOrThrow({ where: { id: 1 } });
    if (head.seq !== cursor.seq || head.hash !== cursor.hash) {
      const firstBrokenSeq = (cursor.seq + 1n).toString();
      return { ok: false, checked, lastSeq: cursor.seq.toString(), firstBrokenSeq };
    }
    return { ok: true, checked, lastSeq: cursor.seq.toString(), firstBrokenSeq: null };
  }

  search(filter: AuditFilter) {
    return this.prisma.auditEvent.findMany({
      where: {
        entityType: filter.entityType,
        entityId: filter.entityId,
        actor: filter.actor,
        action: filter.action,
        at: filter.from || filter.to ? { gte: filter.from, lte: filter.to } : undefined,
        seq: filter.afterSeq !== undefined ? { gt: filter.afterSeq } : undefined,
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
