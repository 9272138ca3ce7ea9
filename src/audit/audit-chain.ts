import { canonicalJson, sha256Hex } from '../common/canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields an event's hash covers. */
export interface AuditRecord {
  seq: bigint;
  at: Date;
  actor: string;
  actorRole: string;
  action: string;
  entityType: string;
  entityId: string;
  payload: unknown;
}

export interface SealedAuditRecord extends AuditRecord {
  prevHash: string;
  hash: string;
}

/** hash = sha256(prevHash + canonical JSON of the event). seq is a string in the canonical form
 *  so that the hash does not depend on how a driver returns bigints. */
export function hashAuditRecord(prevHash: string, record: AuditRecord): string {
  return sha256Hex(
    prevHash +
      canonicalJson({
        seq: record.seq.toString(),
        at: record.at.toISOString(),
        actor: record.actor,
        actorRole: record.actorRole,
        action: record.action,
        entityType: record.entityType,
        entityId: record.entityId,
        payload: record.payload ?? null,
      }),
  );
}

export interface ChainCursor {
  seq: bigint;
  hash: string;
}

/** Checks a run of consecutive events after `from`. Returns the first seq whose link or hash
 *  does not hold, or undefined. */
export function findFirstBrokenLink(from: ChainCursor, events: SealedAuditRecord[]): bigint | undefined {
  let cursor = from;
  for (const e of events) {
    if (e.seq !== cursor.seq + 1n || e.prevHash !== cursor.hash || hashAuditRecord(e.prevHash, e) !== e.hash) {
      return e.seq;
    }
    cursor = { seq: e.seq, hash: e.hash };
  }
  return undefined;
}
