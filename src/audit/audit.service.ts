import type { KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type FieldIssue } from '../common/domain-error.js';
import { GroupCommit } from '../common/group-commit.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PrismaService, type Tx } from '../prisma/prisma.service.js';
import { AUDIT_INSERT, auditRowJson, INSERT_ROWS, rowsJson, type AuditInput } from './audit-insert.js';
import { AuditSequencer } from './audit-sequencer.js';
import type { SealedAuditRecord } from './audit-chain.js';
import { signatureProblem, type ChainHead, type Checkpoint } from './audit-checkpoint.js';
import { verifyChain, type VerifyReport } from './audit-verifier.js';
import { checkpointKeys, type CheckpointKeys } from './checkpoint-settings.js';

export { AUDIT_INSERT, type AuditInput, type VerifyReport };

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

/** Standalone events written together: up to 1000 per statement, two statements in flight
 *  so that one gathers while the other commits. */
const STANDALONE_BATCHING = { maxBatch: 1000, maxInFlight: 2 };

/** Appends to and reads the hash-chained audit log. Appends happen inside the caller's
 *  transaction, so an event exists exactly when the change it records does. */
@Injectable()
export class AuditService {
  /** record()'s events, many callers' to one multi-row insert (group commit). */
  private readonly standalone = new GroupCommit<string, void>((rows) => this.insertStandalone(rows), STANDALONE_BATCHING);

  private readonly keys: CheckpointKeys;

  constructor(
    private readonly prisma: PrismaService,
    private readonly sequencer: AuditSequencer,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.keys = checkpointKeys(config);
  }

  /** Writes the event in the caller's transaction, unsealed; the sequencer links it into the
   *  chain once the transaction has committed (see AuditSequencer). */
  async append(tx: Tx, input: AuditInput): Promise<void> {
    await this.appendMany(tx, [input]);
  }

  /** Several events in one insert (a batch import writes hundreds at once). */
  async appendMany(tx: Tx, inputs: AuditInput[]): Promise<void> {
    if (inputs.length === 0) return;
    const at = new Date();
    // Fixed statement text; the events travel as its one bound parameter.
    await tx.$executeRawUnsafe(INSERT_ROWS, rowsJson(inputs.map((input) => auditRowJson(input, at))));
    this.sequencer.kick();
  }

  sealSoon(): void {
    this.sequencer.kick();
  }

  /** A change that is only an audit event (e.g. an auditor's replay), in a transaction of its
   *  own: concurrent callers' events share one insert, and each call resolves once its event
   *  has committed. A bad event fails its own call only (GroupCommit retries the rest alone). */
  async record(input: AuditInput): Promise<void> {
    await this.standalone.submit(auditRowJson(input, new Date()));
    this.sequencer.kick();
  }

  private async insertStandalone(rows: string[]): Promise<void[]> {
    // One statement is one implicit transaction: committed when the query returns.
    await this.prisma.pool.query({ name: 'audit-record', text: INSERT_ROWS, values: [rowsJson(rows)] });
    return rows.map(() => undefined);
  }

  /**
   * Seals what is committed, then walks the whole chain from genesis. Given signed checkpoints,
   * the chain must also still pass through each: their signatures are checked first (against
   * `publicKey`, by default the configured one), and a bad one is refused naming
   * `field(i).signature` or `.keyId`.
   */
  async verify(checkpoints: Checkpoint[] = [], options: { publicKey?: KeyObject; field?: (index: number) => string } = {}): Promise<VerifyReport> {
    if (checkpoints.length > 0)
      this.checkSignatures(checkpoints, options.publicKey ?? this.keys.publicKey, options.field ?? ((i) => `checkpoints.${i}`));
    await this.sequencer.sealPending();
    return verifyChain(this.prisma.pool, checkpoints);
  }

  /** A signed checkpoint of the chain head, once what is committed is sealed. */
  async checkpoint(): Promise<Checkpoint> {
    if (!this.keys.sign)
      throw new DomainError('NOT_CONFIGURED', 'no checkpoint key is configured: set AUDIT_CHECKPOINT_KEY (make one with `audit keygen`)');
    await this.sequencer.sealPending();
    const { rows } = await this.prisma.pool.query<ChainHead>('SELECT seq::text AS seq, hash FROM audit_head WHERE id = 1');
    return this.keys.sign(rows[0]);
  }

  private checkSignatures(checkpoints: Checkpoint[], publicKey: KeyObject | undefined, field: (index: number) => string): void {
    if (!publicKey)
      throw new DomainError(
        'NOT_CONFIGURED',
        'no public key to check checkpoint signatures: set AUDIT_CHECKPOINT_PUBLIC_KEY (or AUDIT_CHECKPOINT_KEY)',
      );
    const issues: FieldIssue[] = [];
    checkpoints.forEach((checkpoint, i) => {
      const problem = signatureProblem(checkpoint, publicKey);
      if (problem) issues.push({ field: [field(i), problem.field].filter(Boolean).join('.'), message: problem.message });
    });
    if (issues.length > 0) throw DomainError.invalid(issues);
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
