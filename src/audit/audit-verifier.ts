import type { Pool, PoolClient, QueryArrayResult } from 'pg';
import { GENESIS_HASH } from './audit-chain.js';
import { AS_TEXT, HASHED_COLUMNS, hashRow, type TextRow } from './audit-rows.js';

export interface VerifyReport {
  ok: boolean;
  /** Sealed events walked. */
  checked: number;
  /** Events not yet sealed (their transactions committed after the walk began). */
  pending: number;
  /** The last seq whose link and hash hold. */
  lastSeq: string;
  firstBrokenSeq: string | null;
}

/** Seqs per page. */
const PAGE = 10_000n;

/**
 * Opens the walk: the head and the highest seq in one snapshot (a sealer moves both in one
 * transaction, so a row beyond the head is one no seal put there). The page query must walk the
 * seq index in order whatever the statistics say: just after a bulk load they can make a bitmap
 * scan and an on-disk sort of the whole range look cheaper, at ten times the cost.
 */
const BEGIN = `BEGIN READ ONLY;
SET LOCAL enable_bitmapscan = off;
SET LOCAL enable_sort = off;
SELECT h.seq::text, h.hash, (SELECT max(seq) FROM audit_events)::text FROM audit_head h WHERE h.id = 1`;
/** A range of seqs up to the head read first: events sealed after the walk began are left out.
 *  (Qualified: a bare `ORDER BY seq` would sort by the text output column of that name.) */
const PAGE_SQL = `SELECT e.seq::text, e.prev_hash, e.hash, ${HASHED_COLUMNS} FROM audit_events e
  WHERE e.seq > $1::int8 AND e.seq <= $2::int8 ORDER BY e.seq`;
const PENDING = `SELECT count(*) FROM audit_events WHERE seq IS NULL`;

/** A page of the walk: its rows, and the seq it reached (undefined once past the head). */
interface Page {
  rows: TextRow[];
  upTo?: bigint;
}
const PAST_HEAD: Promise<Page> = Promise.resolve({ rows: [] });

/**
 * Walks the chain from genesis to the head as it stood when the walk began, and names the first
 * seq whose link or hash does not hold. Reads by keyset on seq, on one connection, and sends the
 * next page's query before hashing the current page, so PostgreSQL reads while we hash.
 */
export async function verifyChain(pool: Pool): Promise<VerifyReport> {
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    // Several statements in one simple query answer with one result each.
    const opened = (await client.query({ text: BEGIN, rowMode: 'array', types: AS_TEXT })) as unknown as QueryArrayResult<TextRow>[];
    const [headSeqText, headHash, maxSeq] = opened[3].rows[0] as [string, string, string | null];
    const headSeq = BigInt(headSeqText);
    const page = (after: bigint) => (after < headSeq ? readPage(client, after, after + PAGE < headSeq ? after + PAGE : headSeq) : PAST_HEAD);

    let seq = 0n;
    let hash = GENESIS_HASH;
    let checked = 0;
    let broken: bigint | null = null;
    let next = page(0n);
    walk: for (;;) {
      const { rows, upTo } = await next;
      if (upTo === undefined) break;
      // A page emptied by tampering is stepped over: the break is named at the row after the gap.
      next = page(rows.length > 0 ? BigInt(rows[rows.length - 1][0] as string) : upTo);
      for (const row of rows) {
        const [rowSeq, prevHash, rowHash] = row as [string, string | null, string | null];
        if (rowSeq !== (seq + 1n).toString() || prevHash !== hash || hashRow(prevHash, rowSeq, row, 3) !== rowHash) {
          broken = BigInt(rowSeq);
          // The page already asked for is read before the connection moves on.
          await next;
          break walk;
        }
        seq += 1n;
        hash = rowHash;
        checked++;
      }
    }
    // Events removed from the end leave the walk short of the head; a row past the head is in no chain.
    if (broken === null && (seq !== headSeq || hash !== headHash || (maxSeq !== null && maxSeq !== headSeqText))) broken = seq + 1n;
    const pending = Number((await client.query({ text: PENDING, rowMode: 'array', types: AS_TEXT })).rows[0][0]);
    await client.query('COMMIT');
    return { ok: broken === null, checked, pending, lastSeq: seq.toString(), firstBrokenSeq: broken?.toString() ?? null };
  } catch (error) {
    failed = error as Error;
    throw error;
  } finally {
    // A connection that failed mid-walk (or mid-transaction) is not handed to anyone else.
    client.release(failed);
  }
}

/** Queued on the client at once, so the request is on its way while the caller hashes. */
async function readPage(client: PoolClient, after: bigint, upTo: bigint): Promise<Page> {
  const result = await client.query<TextRow>({ name: 'audit-verify-page', text: PAGE_SQL, values: [after.toString(), upTo.toString()], rowMode: 'array', types: AS_TEXT });
  return { rows: result.rows, upTo };
}
