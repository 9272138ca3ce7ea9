import { AUDIT_INSERT } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import type { Tx } from '../prisma/prisma.service.js';

/**
 * One decision per (family, subject, period) is current. A family's period says what its
 * decisions are about: a CCG's year (Quality Premium), quarter (intervention), wave
 * (authorisation) or month (authorisation reviews), a proposal's submission (reconfiguration).
 */
export interface DecisionKey {
  family: string;
  subject: string;
  period: string;
}

export const keyOf = (k: DecisionKey): string => JSON.stringify([k.family, k.subject, k.period]);

/** Serialises writers of the same keys until the transaction ends (in key order: no deadlocks),
 *  so two assessments of one key arriving at once cannot both stay pending. */
export async function lockKeys(tx: Tx, keys: DecisionKey[]): Promise<void> {
  const unique = [...new Set(keys.map(keyOf))].sort();
  if (unique.length === 0) return;
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k ORDER BY k`, unique);
}

/**
 * The newly written assessments supersede every earlier one of their keys that is not decided
 * yet: those assessments and their pending proposals become `superseded` (out of the review
 * queue), each with an audit event naming the assessment that superseded it. A worker still
 * evaluating one of them will find it superseded and write nothing.
 *
 * Two statements, not one: the first waits for any worker's save that holds an older row, and
 * only a statement begun after that wait sees the proposal the save committed (a statement's
 * snapshot is taken when it starts, so one statement would leave that proposal current).
 */
export async function supersedeEarlier(tx: Tx, newIds: string[], actor: Actor): Promise<number> {
  if (newIds.length === 0) return 0;
  const older = await tx.$queryRawUnsafe<{ id: string; by: string }[]>(
    `WITH fresh AS (SELECT id, family, subject, period FROM assessments WHERE id = ANY($1::text[]::uuid[]))
     UPDATE assessments a SET status = 'superseded', updated_at = now()
     FROM fresh
     WHERE a.family = fresh.family AND a.subject = fresh.subject AND a.period = fresh.period
       AND NOT (a.id = ANY($1::text[]::uuid[])) AND a.status IN ('queued', 'evaluating', 'awaiting_review', 'failed')
     RETURNING a.id::text AS id, fresh.id::text AS by`,
    newIds,
  );
  if (older.length === 0) return 0;
  return tx.$executeRawUnsafe(
    `WITH older AS (SELECT * FROM unnest($1::text[]::uuid[], $2::text[]::uuid[]) AS o(id, by)),
     proposals AS (
       UPDATE decisions d SET status = 'superseded' FROM older
       WHERE d.assessment_id = older.id AND d.status = 'proposed'
       RETURNING d.id, d.assessment_id)
     ${AUDIT_INSERT}
     SELECT $3::timestamptz, $4, $5, 'assessment.superseded', 'assessment', older.id::text,
            jsonb_build_object('supersededBy', older.by, 'proposalSuperseded', p.id)
     FROM older LEFT JOIN proposals p ON p.assessment_id = older.id`,
    older.map((o) => o.id),
    older.map((o) => o.by),
    new Date(),
    actor.name,
    actor.role,
  );
}
