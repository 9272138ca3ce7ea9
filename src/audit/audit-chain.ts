import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { canonicalJson } from '../common/canonical-json.js';
import { canonicalString as str } from './parsed-json.js';

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

/** The text fields of an event, as stored. */
export type AuditTextFields = Pick<AuditRecord, 'actor' | 'actorRole' | 'action' | 'entityType' | 'entityId'>;

/** hash = sha256(prevHash + canonical JSON of the event). seq is a string in the canonical form
 *  so that the hash does not depend on how a driver returns bigints. */
export function hashAuditRecord(prevHash: string, record: AuditRecord): string {
  const seq = record.seq.toString();
  const at = record.at.toISOString();
  const payload = canonicalize(record.payload ?? null);
  // A payload with no JSON form (toJSON giving undefined) drops out of the object: the generic path.
  if (payload === undefined || !textFields(record)) {
    const { actor, actorRole, action, entityType, entityId } = record;
    return sha256(prevHash + canonicalJson({ seq, at, actor, actorRole, action, entityType, entityId, payload: record.payload ?? null }));
  }
  return hashAuditFields(prevHash, seq, at, record, payload);
}

/**
 * The same hash from the event's parts, the payload already in canonical JSON. The object is
 * written out in RFC 8785 key order (action < actor < actorRole < at < entityId < entityType <
 * payload < seq by UTF-16 code units), which gives the bytes canonicalJson() gives for it,
 * without sorting and re-serialising eight keys per event: verifying and sealing hash every event.
 */
export function hashAuditFields(prevHash: string, seq: string, at: string, f: AuditTextFields, payloadJson: string): string {
  return sha256(
    `${prevHash}{"action":${str(f.action)},"actor":${str(f.actor)},"actorRole":${str(f.actorRole)},"at":${str(at)},` +
      `"entityId":${str(f.entityId)},"entityType":${str(f.entityType)},"payload":${payloadJson},"seq":${str(seq)}}`,
  );
}

const sha256 = (text: string): string => hash('sha256', text, 'hex');

function textFields(r: AuditTextFields): boolean {
  return (
    typeof r.actor === 'string' &&
    typeof r.actorRole === 'string' &&
    typeof r.action === 'string' &&
    typeof r.entityType === 'string' &&
    typeof r.entityId === 'string'
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
