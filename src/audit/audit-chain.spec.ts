import { findFirstBrokenLink, GENESIS_HASH, hashAuditRecord, type SealedAuditRecord } from './audit-chain.js';

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
