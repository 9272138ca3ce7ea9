import type { Pool, PoolClient, QueryArrayResult } from 'pg';
import { GENESIS_HASH } from './audit-chain.js';
import type { Checkpoint } from './audit-checkpoint.js';
import { AS_TEXT, HASHED_COLUMNS, hashRow, type TextRow } from './audit-rows.js';

export interface VerifyReport {
  ok: boolean;
  /** Sealed events walked. */
  checked: number;
  /** Events not yet sealed (their transactions committed after the walk began). */
  pending: number;
  /** The last seq whose link and hash hold. */
  lastSeq: string;
  /** The first seq that is missing, altered, or no longer what a checkpoint says. */
  firstBrokenSeq: string | null;
  /** When broken: what is wrong at firstBrokenSeq. */
  problem?: VerifyProblem;
  /** The same in words, naming the seqs. */
  detail?: string;
  /** For a 'missing' problem: the first and last absent seq. */
  gap?: { from: string; to: string };
  /** When checkpoints were given: how many the chain was found to extend. */
  checkpointsMatched?: number;
}

/**
 * missing: seqs absent (deleted rows); duplicate: a seq seen twice; link: prevHash is not the
 * previous event's hash; hash: the event's content does not give its hash; head: audit_head does
 * not match the last event; beyond-head: rows past the head, which no seal put there;
 * checkpoint: the chain holds together but no longer extends a signed checkpoint (re-hashed).
 */
export type VerifyProblem = 'missing' | 'duplicate' | 'link' | 'hash' | 'head' | 'beyond-head' | 'checkpoint';

interface Break {
  seq: bigint;
  problem: VerifyProblem;
  detail: string;
  gap?: { from: string; to: string };
}

function missing(from: bigint, to: bigint, why: string): Break {
  const count = to - from + 1n;
  return {
    seq: from,
    problem: 'missing',
    detail: `gap ${from}–${to}: ${count} event${count === 1n ? '' : 's'} ${why}`,
    gap: { from: from.toString(), to: to.toString() },
  };
}

/** The checkpoints to hold the walk to, by seq. Their signatures are checked by the caller. */
export type ExpectedHead = Pick<Checkpoint, 'seq' | 'hash' | 'time'>;

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
 * seq whose link or hash does not hold, or where the chain no longer extends one of `checkpoints`.
 * Reads by keyset on seq, on one connection, and sends the next page's query before hashing the
 * current page, so PostgreSQL reads while we hash.
 */
export async function verifyChain(pool: Pool, checkpoints: ExpectedHead[] = []): Promise<VerifyReport> {
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    // Several statements in one simple query answer with one result each.
    const opened = (await client.query({ text: BEGIN, rowMode: 'array', types: AS_TEXT })) as unknown as QueryArrayResult<TextRow>[];
    const [headSeqText, headHash, maxSeq] = opened[3].rows[0] as [string, string, string | null];
    const headSeq = BigInt(headSeqText);
    const page = (after: bigint) => (after < headSeq ? readPage(client, after, after + PAGE < headSeq ? after + PAGE : headSeq) : PAST_HEAD);

    const expected = new ExpectedHeads(checkpoints);
    let seq = 0n;
    let hash = GENESIS_HASH;
    let checked = 0;
    let broken = expected.check('0', GENESIS_HASH);
    let next = broken ? PAST_HEAD : page(0n);
    walk: for (;;) {
      const { rows, upTo } = await next;
      if (upTo === undefined) break;
      // A page emptied by tampering is stepped over: the break is named at the gap.
      next = page(rows.length > 0 ? BigInt(rows[rows.length - 1][0] as string) : upTo);
      for (const row of rows) {
        const rowSeq = row[0] as string;
        const rowHash = row[2] as string;
        broken = brokenLink(seq, hash, row) ?? (rowSeq === expected.nextSeq ? expected.check(rowSeq, rowHash) : undefined);
        if (broken) {
          // The page already asked for is read before the connection moves on.
          await next;
          break walk;
        }
        seq += 1n;
        hash = rowHash;
        checked++;
      }
    }
    broken ??= brokenEnd(seq, hash, headSeq, headHash, maxSeq) ?? expected.beyond(seq);
    const pending = Number((await client.query({ text: PENDING, rowMode: 'array', types: AS_TEXT })).rows[0][0]);
    await client.query('COMMIT');
    const report: VerifyReport = { ok: !broken, checked, pending, lastSeq: seq.toString(), firstBrokenSeq: broken?.seq.toString() ?? null };
    // New fields only when they say something, so reports of an intact chain keep their old shape.
    if (broken) {
      report.problem = broken.problem;
      report.detail = broken.detail;
      if (broken.gap) report.gap = broken.gap;
    }
    if (checkpoints.length > 0) report.checkpointsMatched = expected.matched;
    return report;
  } catch (error) {
    failed = error as Error;
    throw error;
  } finally {
    // A connection that failed mid-walk (or mid-transaction) is not handed to anyone else.
    client.release(failed);
  }
}

/** Why the event in `row` does not follow the one at `seq` with `hash`, or undefined. */
function brokenLink(seq: bigint, hash: string, row: TextRow): Break | undefined {
  const [rowSeq, prevHash, rowHash] = row as [string, string | null, string | null];
  const expectedSeq = seq + 1n;
  if (rowSeq !== expectedSeq.toString()) {
    const at = BigInt(rowSeq);
    return at > expectedSeq
      ? missing(expectedSeq, at - 1n, `missing: the chain goes from seq ${seq} to seq ${rowSeq}`)
      : { seq: at, problem: 'duplicate', detail: `seq ${rowSeq} appears more than once` };
  }
  if (prevHash !== hash) return { seq: expectedSeq, problem: 'link', detail: `seq ${rowSeq}'s prevHash is not the hash of seq ${seq}` };
  if (hashRow(prevHash, rowSeq, row, 3) !== rowHash)
    return { seq: expectedSeq, problem: 'hash', detail: `seq ${rowSeq}'s content does not give its stored hash (the event was altered)` };
  return undefined;
}

/** Once the walk is through: events removed from the end leave it short of the head, and a row
 *  past the head is in no chain. */
function brokenEnd(seq: bigint, hash: string, headSeq: bigint, headHash: string, maxSeq: string | null): Break | undefined {
  if (seq < headSeq) return missing(seq + 1n, headSeq, `missing at the end: the chain stops at seq ${seq}, the head is at seq ${headSeq}`);
  if (hash !== headHash) return { seq: seq + 1n, problem: 'head', detail: `audit_head records a hash for seq ${headSeq} other than that event's` };
  if (maxSeq !== null && BigInt(maxSeq) > headSeq)
    return {
      seq: headSeq + 1n,
      problem: 'beyond-head',
      detail: `events up to seq ${maxSeq} lie past the head (seq ${headSeq}): no seal put them there`,
    };
  return undefined;
}

/** Signed checkpoints the walk must pass through, in seq order. */
class ExpectedHeads {
  private readonly heads: ExpectedHead[];
  private next = 0;
  matched = 0;

  constructor(checkpoints: ExpectedHead[]) {
    this.heads = [...checkpoints].sort((a, b) => compareSeq(a.seq, b.seq));
  }

  /** The seq of the next checkpoint: one string comparison per event while walking. */
  get nextSeq(): string | undefined {
    return this.heads[this.next]?.seq;
  }

  /** Checks every checkpoint at `seq` against the event there (seq 0: genesis). */
  check(seq: string, hash: string): Break | undefined {
    for (; this.heads[this.next]?.seq === seq; this.next++) {
      const head = this.heads[this.next];
      if (head.hash !== hash) {
        return {
          seq: BigInt(seq),
          problem: 'checkpoint',
          detail: `seq ${seq} has hash ${hash}, but the checkpoint signed at ${head.time} says ${head.hash}: an event at or before seq ${seq} was changed after it, and the chain re-hashed`,
        };
      }
      this.matched++;
    }
    return undefined;
  }

  /** A checkpoint past the end of an otherwise sound chain: the chain was cut back. */
  beyond(lastSeq: bigint): Break | undefined {
    const head = this.heads[this.heads.length - 1];
    if (!head || BigInt(head.seq) <= lastSeq) return undefined;
    return missing(
      lastSeq + 1n,
      BigInt(head.seq),
      `missing: the chain ends at seq ${lastSeq}, but the checkpoint signed at ${head.time} vouches for seq ${head.seq}`,
    );
  }
}

const compareSeq = (a: string, b: string): number => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

/** Queued on the client at once, so the request is on its way while the caller hashes. */
async function readPage(client: PoolClient, after: bigint, upTo: bigint): Promise<Page> {
  const result = await client.query<TextRow>({
    name: 'audit-verify-page',
    text: PAGE_SQL,
    values: [after.toString(), upTo.toString()],
    rowMode: 'array',
    types: AS_TEXT,
  });
  return { rows: result.rows, upTo };
}
