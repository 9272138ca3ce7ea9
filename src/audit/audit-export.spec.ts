import { parse } from 'csv-parse/sync';
import type { Response } from 'express';
import fc from 'fast-check';
import { findFirstBrokenLink, GENESIS_HASH, hashAuditRecord, type SealedAuditRecord } from './audit-chain.js';
import { auditRecordsFromCsv } from '../../test/support/audit-csv.js';
import { auditCsvCell, auditCsvValue, writeAuditExport } from './audit-export.js';
import type { AuditService } from './audit.service.js';

/** A sealed chain of events whose text anyone could have chosen: a key's name, an entity id, a payload. */
function sealed(texts: { actor: string; entityId: string; payload: unknown }[]): SealedAuditRecord[] {
  let prevHash = GENESIS_HASH;
  return texts.map((t, i) => {
    const record = {
      seq: BigInt(i + 1),
      at: new Date(Date.UTC(2013, 3, 1, 9, 0, i)),
      actor: t.actor,
      actorRole: 'admin',
      action: 'api-key.created',
      entityType: 'api-key',
      entityId: t.entityId,
      payload: t.payload,
    };
    const event = { ...record, prevHash, hash: hashAuditRecord(prevHash, record) };
    prevHash = event.hash;
    return event;
  });
}

async function exportCsv(events: SealedAuditRecord[]): Promise<string> {
  const audit = { search: () => Promise.resolve(events) } as unknown as AuditService;
  let text = '';
  const res = { setHeader: () => undefined, write: (chunk: string) => (text += chunk), end: () => undefined } as unknown as Response;
  await writeAuditExport(audit, {}, 'csv', res);
  return text;
}

/** The events back from the CSV, as a verifier outside the service reads them. */
const readBack = auditRecordsFromCsv;

const FORMULA = /^[=+\-@\t\r]/;

describe('the audit log as CSV', () => {
  it('writes no cell a spreadsheet runs as a formula', async () => {
    const events = sealed([{ actor: '=HYPERLINK("http://x")', entityId: '+1', payload: -1 }]);
    const [, row] = parse(await exportCsv(events));
    expect(row[2]).toBe(`'=HYPERLINK("http://x")`);
    expect(row[6]).toBe("'+1");
    expect(row[7]).toBe("'-1");
    expect(row.filter((cell) => FORMULA.test(cell))).toEqual([]);
  });

  it('stays verifiable: every hash recomputes from the cells, a leading quote of its own kept', async () => {
    const events = sealed([
      { actor: '=HYPERLINK("http://x")', entityId: '@SUM(A1)', payload: { name: '=1+1' } },
      { actor: "'=quoted already", entityId: "'", payload: "'text" },
      { actor: '\tboard', entityId: '-5', payload: null },
      { actor: 'plain name', entityId: 'e1', payload: { n: 1 } },
    ]);
    const back = readBack(await exportCsv(events));
    expect(back.map((e) => e.actor)).toEqual(events.map((e) => e.actor));
    expect(back.map((e) => e.entityId)).toEqual(events.map((e) => e.entityId));
    expect(findFirstBrokenLink({ seq: 0n, hash: GENESIS_HASH }, back)).toBeUndefined();
  });

  it('a cell reads back as the value it was written from, whatever the value', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const cell = auditCsvCell(value);
        expect(FORMULA.test(cell)).toBe(false);
        expect(auditCsvValue(cell)).toBe(value);
      }),
    );
  });
});
