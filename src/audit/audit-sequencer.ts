import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { hashAuditRecord } from './audit-chain.js';

const BATCH = 1000;
const INTERVAL_MS = 250;
/** A short pause after an append, so the appending transaction has committed when we look. */
const KICK_DELAY_MS = 15;

/**
 * Seals committed audit events into the chain, many per transaction, the way certificate-
 * transparency logs batch their entries: business transactions only insert their event, so they
 * no longer queue behind one lock. Any process may seal; the chain head's row lock makes them
 * take turns, and each batch links on from wherever the head stands.
 */
@Injectable()
export class AuditSequencer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditSequencer.name);
  private timer?: NodeJS.Timeout;
  private kicked?: NodeJS.Timeout;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(private readonly prisma: PrismaService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sealSoon(), INTERVAL_MS);
    this.timer.unref();
  }

  /** After workers have stopped (module destroy), before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.kicked);
    await this.running?.catch(() => undefined);
    // Leave nothing this process wrote unsealed.
    await this.sealPending().catch((e: Error) => this.logger.warn({ msg: 'final seal failed', error: e.message }));
  }

  /** Called after an append: seal shortly, once the caller's transaction has committed. */
  kick(): void {
    if (this.stopped || this.kicked) return;
    this.kicked = setTimeout(() => {
      this.kicked = undefined;
      void this.sealSoon();
    }, KICK_DELAY_MS);
    this.kicked.unref();
  }

  private async sealSoon(): Promise<void> {
    if (this.running || this.stopped) return;
    await this.sealPending().catch((e: Error) => this.logger.warn({ msg: 'sealing failed', error: e.message }));
  }

  /** Seals every committed, unsealed event; returns how many. Concurrent calls share one run. */
  sealPending(): Promise<number> {
    this.running ??= (async () => {
      try {
        let total = 0;
        for (;;) {
          const sealed = await this.sealBatch();
          total += sealed;
          if (sealed < BATCH) return total;
        }
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private sealBatch(): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const [head] = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
        SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE`;
      const pending = await tx.auditEvent.findMany({ where: { seq: null }, orderBy: { id: 'asc' }, take: BATCH });
      if (pending.length === 0) return 0;
      let { seq, hash } = head;
      const ids: string[] = [];
      const seqs: string[] = [];
      const prevHashes: string[] = [];
      const hashes: string[] = [];
      for (const event of pending) {
        const prevHash = hash;
        seq += 1n;
        hash = hashAuditRecord(prevHash, { ...event, seq });
        ids.push(event.id.toString());
        seqs.push(seq.toString());
        prevHashes.push(prevHash);
        hashes.push(hash);
      }
      await tx.$executeRaw`
        UPDATE audit_events AS e SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
        FROM unnest(${ids}::text[]::bigint[], ${seqs}::text[]::bigint[], ${prevHashes}::text[], ${hashes}::text[])
          AS v(id, seq, prev_hash, hash)
        WHERE e.id = v.id`;
      await tx.$executeRaw`UPDATE audit_head SET seq = ${seq}, hash = ${hash} WHERE id = 1`;
      return pending.length;
    }, { isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted });
  }
}
