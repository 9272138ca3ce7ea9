import type { CustomTypesConfig } from 'pg';
import { hashAuditFields } from './audit-chain.js';
import { canonicalParsedJson } from './parsed-json.js';

/** Every column as PostgreSQL's text: no Date, bigint or JSON value is built only to be undone. */
export const AS_TEXT: CustomTypesConfig = { getTypeParser: () => (text: string) => text };

/** A row read with AS_TEXT and rowMode 'array'. */
export type TextRow = (string | null)[];

/**
 * The fields an event's hash covers, as text, in the order hashRow() reads them. `at` comes as
 * epoch milliseconds (timestamptz(3) holds nothing finer), which gives the very Date, and so the
 * very ISO string, that reading it through Prisma gives.
 */
export const HASHED_COLUMNS = `(extract(epoch FROM at) * 1000)::int8, actor, actor_role, action, entity_type, entity_id, payload`;

/** The hash of the event whose HASHED_COLUMNS start at `row[from]`, as seq `seq` after `prevHash`:
 *  what hashAuditRecord() gives for the same event read through Prisma. */
export function hashRow(prevHash: string, seq: string, row: TextRow, from: number): string {
  const at = new Date(Number(row[from])).toISOString();
  const payload = canonicalParsedJson(JSON.parse(row[from + 6] as string));
  const fields = {
    actor: row[from + 1] as string,
    actorRole: row[from + 2] as string,
    action: row[from + 3] as string,
    entityType: row[from + 4] as string,
    entityId: row[from + 5] as string,
  };
  return hashAuditFields(prevHash, seq, at, fields, payload);
}
