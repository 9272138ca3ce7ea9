import { parse } from 'csv-parse/sync';
import type { SealedAuditRecord } from '../../src/audit/audit-chain.js';
import { auditCsvValue } from '../../src/audit/audit-export.js';

/** The events of an audit CSV export, read back as a verifier outside the service reads them. */
export function auditRecordsFromCsv(csv: string): SealedAuditRecord[] {
  const [head, ...rows]: string[][] = parse(csv);
  return rows.map((cells) => {
    const v = Object.fromEntries(head.map((h, i) => [h, auditCsvValue(cells[i])]));
    return {
      seq: BigInt(v.seq),
      at: new Date(v.at),
      actor: v.actor,
      actorRole: v.actorRole,
      action: v.action,
      entityType: v.entityType,
      entityId: v.entityId,
      payload: JSON.parse(v.payload) as unknown,
      prevHash: v.prevHash,
      hash: v.hash,
    };
  });
}
