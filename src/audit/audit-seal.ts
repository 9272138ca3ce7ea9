import type { Pool, QueryArrayResult } from 'pg';
import type { ChainHead } from './audit-checkpoint.js';
import { AS_TEXT, HASHED_COLUMNS, hashRow, type TextRow } from './audit-rows.js';

/** Events sealed per transaction: a backlog (a bulk import) goes in few, large batches. */
export const SEAL_BATCH = 5000;

/**
 * One round trip: lock the chain head, then read what is pending. Under READ COMMITTED each
 * statement takes a new snapshot, so the read, made once the lock is ours, sees every seal that
 * committed before, and no other sealer can seal until we commit.
 *
 * Pending events are found through the seq index (seq IS NULL) and sorted by id. `e.id + 0`
 * keeps the planner from walking the primary key from the oldest event past every sealed one,
 * which statistics taken during a backlog make look cheap. (Qualified columns: a bare
 * `ORDER BY id` would sort by the text output column of that name.)
 */
const LOCK_AND_READ = `BEGIN ISOLATION LEVEL READ COMMITTED;
SELECT seq::text, hash FROM audit_head WHERE id = 1 FOR UPDATE;
SELECT e.id::text, ${HASHED_COLUMNS} FROM audit_events e WHERE e.seq IS NULL ORDER BY e.id + 0 LIMIT ${SEAL_BATCH}`;

/** The second: the batch, in id order after the head, and the head moved to its last event.
 *  The head moves only if every event was sealed (the trigger refuses a second seal). */
const SEAL = `
  WITH sealed AS (
    UPDATE audit_events AS e SET seq = $1::int8 + v.n, prev_hash = v.prev_hash, hash = v.hash
    FROM unnest($2::int8[], $3::text[], $4::text[]) WITH ORDINALITY AS v(id, prev_hash, hash, n)
    WHERE e.id = v.id
    RETURNING 1)
  UPDATE audit_head SET seq = $1::int8 + cardinality($2::int8[]), hash = $5
  WHERE id = 1 AND (SELECT count(*) FROM sealed) = cardinality($2::int8[])`;

export interface SealResult {
  sealed: number;
  /** A full batch: more may be pending. */
  full: boolean;
  /** The chain head once the batch committed (checkpoints are signed over it). */
  head: ChainHead;
}

/** Seals up to SEAL_BATCH committed events in one transaction of three round trips (the third
 *  is COMMIT), on a connection of the pool. */
export async function sealBatch(pool: Pool): Promise<SealResult> {
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    // Several statements in one simple query answer with one result each.
    const results = (await client.query({ text: LOCK_AND_READ, rowMode: 'array', types: AS_TEXT })) as unknown as QueryArrayResult<TextRow>[];
    const [headSeq, headHash] = results[1].rows[0] as [string, string];
    const pending = results[2].rows;
    let seq = BigInt(headSeq);
    let hash = headHash;
    if (pending.length > 0) {
      const ids: string[] = [];
      const prevHashes: string[] = [];
      const hashes: string[] = [];
      for (const row of pending) {
        seq += 1n;
        prevHashes.push(hash);
        hash = hashRow(hash, seq.toString(), row, 1);
        ids.push(row[0] as string);
        hashes.push(hash);
      }
      const moved = await client.query({ name: 'audit-seal', text: SEAL, values: [headSeq, ids, prevHashes, hashes, hash] });
      if (moved.rowCount !== 1) throw new Error('audit seal: not every pending event could be sealed');
    }
    await client.query('COMMIT');
    return { sealed: pending.length, full: pending.length === SEAL_BATCH, head: { seq: seq.toString(), hash } };
  } catch (error) {
    failed = error as Error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // A connection that failed mid-transaction is not handed to anyone else.
    client.release(failed);
  }
}
