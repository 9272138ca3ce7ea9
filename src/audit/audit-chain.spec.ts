import fc from 'fast-check';
import { canonicalJson, sha256Hex } from '../common/canonical-json.js';
import { findFirstBrokenLink, GENESIS_HASH, hashAuditRecord, type AuditRecord, type SealedAuditRecord } from './audit-chain.js';
import { hashRow } from './audit-rows.js';

function chain(n: number): SealedAuditRecord[] {
  const out: SealedAuditRecord[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const record = {
      seq: BigInt(i),
      at: new Date(Date.UTC(2013, 3, 1, 9, 0, i)),
      actor: 'board-1',
      actorRole: 'board',
      action: 'assessment.created',
      entityType: 'assessment',
      entityId: `a${i}`,
      payload: { n: i, nested: { b: 2, a: 1 } },
    };
    const hash = hashAuditRecord(prev, record);
    out.push({ ...record, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

const genesis = { seq: 0n, hash: GENESIS_HASH };

describe('audit chain', () => {
  it('accepts an intact chain', () => {
    expect(findFirstBrokenLink(genesis, chain(5))).toBeUndefined();
  });

  it('does not depend on the key order of the payload', () => {
    const [e] = chain(1);
    const reordered = { ...e, payload: { nested: { a: 1, b: 2 }, n: 1 } };
    expect(hashAuditRecord(GENESIS_HASH, reordered)).toBe(e.hash);
  });

  it('names the seq whose payload was changed', () => {
    const events = chain(5);
    events[2] = { ...events[2], payload: { n: 999 } };
    expect(findFirstBrokenLink(genesis, events)).toBe(3n);
  });

  it('names the seq after a removed event', () => {
    const events = chain(5);
    events.splice(1, 1);
    expect(findFirstBrokenLink(genesis, events)).toBe(3n);
  });

  it('names the first event of a chain re-hashed from the middle without its successor', () => {
    const events = chain(4);
    const forged = { ...events[1], actor: 'someone-else' };
    forged.hash = hashAuditRecord(forged.prevHash, forged);
    events[1] = forged;
    expect(findFirstBrokenLink(genesis, events)).toBe(3n);
  });
});

/** hashAuditRecord as first written: sha256 of prevHash + canonicalJson of the whole object. */
function referenceHash(prevHash: string, r: AuditRecord): string {
  const record = {
    seq: r.seq.toString(),
    at: r.at.toISOString(),
    actor: r.actor,
    actorRole: r.actorRole,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    payload: r.payload ?? null,
  };
  return sha256Hex(prevHash + canonicalJson(record));
}

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const record = fc.record({
  seq: fc.bigInt({ min: 1n, max: 2n ** 62n }),
  at: fc.date({ noInvalidDate: true }),
  actor: text,
  actorRole: text,
  action: text,
  entityType: text,
  entityId: text,
  payload: fc.option(fc.jsonValue({ stringUnit: 'grapheme', maxDepth: 3 }), { nil: undefined }),
});

describe('hashAuditRecord', () => {
  it('gives, bit for bit, the hash it gave when it serialised the whole object generically', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
        record,
        (prev, r) => hashAuditRecord(prev, r) === referenceHash(prev, r),
      ),
    );
  });

  it('keeps the generic form for a payload without a JSON form, and refuses a lone surrogate as before', () => {
    const [e] = chain(1);
    const withoutJson = { ...e, payload: { toJSON: () => undefined } };
    expect(hashAuditRecord(GENESIS_HASH, withoutJson)).toBe(referenceHash(GENESIS_HASH, withoutJson));
    expect(() => referenceHash(GENESIS_HASH, { ...e, actor: '\ud800' })).toThrow(/^Lone surrogate is not allowed$/);
    expect(() => hashAuditRecord(GENESIS_HASH, { ...e, actor: '\ud800' })).toThrow(/^Lone surrogate is not allowed$/);
  });
});

describe('hashRow (an event read as text)', () => {
  it('hashes the event as hashAuditRecord hashes it read through Prisma', () => {
    fc.assert(
      fc.property(record, fc.nat(2), (r, indent) => {
        // PostgreSQL's jsonb text spaces its output: the hash must not depend on layout.
        const row = [
          'x',
          String(r.at.getTime()),
          r.actor,
          r.actorRole,
          r.action,
          r.entityType,
          r.entityId,
          JSON.stringify(r.payload ?? null, null, indent),
        ];
        return hashRow(GENESIS_HASH, r.seq.toString(), row, 1) === referenceHash(GENESIS_HASH, r);
      }),
    );
  });
});
