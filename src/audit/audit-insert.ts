import type { Actor } from '../auth/actor.js';

export interface AuditInput {
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  payload?: unknown;
}

/** The head of an unsealed event's insert, for statements that write events themselves. */
export const AUDIT_INSERT = 'INSERT INTO audit_events (at, actor, actor_role, action, entity_type, entity_id, payload)';

/**
 * Any number of unsealed events from one JSON array parameter (auditRowJson() objects): one
 * fixed statement whatever the count, and JSON.stringify is native. JSON null and a payload
 * with no JSON form both come out as SQL NULL here, and are stored as JSON null.
 */
export const INSERT_ROWS = `${AUDIT_INSERT}
  SELECT at, actor, actor_role, action, entity_type, entity_id, coalesce(payload, 'null')
  FROM json_to_recordset($1::json)
    AS r(at timestamptz, actor text, actor_role text, action text, entity_type text, entity_id text, payload jsonb)`;

/** One event as an element of INSERT_ROWS's array. Throws at once on a payload JSON cannot
 *  carry (a bigint, a cycle), so that it fails its own caller, not a batch. */
export function auditRowJson(input: AuditInput, at: Date): string {
  return JSON.stringify({
    at,
    actor: input.actor.name,
    actor_role: input.actor.role,
    action: input.action,
    entity_type: input.entityType,
    entity_id: input.entityId,
    payload: input.payload ?? null,
  });
}

export const rowsJson = (rows: string[]): string => `[${rows.join(',')}]`;
