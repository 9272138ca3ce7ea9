// The audit log's CSV export on real PostgreSQL: text anyone chose (a key's name, here a formula)
// reaches no spreadsheet as a formula, and the export stays verifiable: every hash recomputes from
// the cells, as from the JSON lines.
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { findFirstBrokenLink, hashAuditRecord, type SealedAuditRecord } from '../../src/audit/audit-chain.js';
import { auditCsvValue } from '../../src/audit/audit-export.js';
import { auditRecordsFromCsv } from '../support/audit-csv.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const FORMULA_NAME = '=HYPERLINK("http://x")';
const FORMULA = /^[=+\-@\t\r]/;

describe('the audit CSV export', () => {
  let csv: string;
  let jsonl: SealedAuditRecord[];

  beforeAll(async () => {
    const created = await t.as('admin').post('/api/v1/api-keys').send({ role: 'admin', name: FORMULA_NAME }).expect(201);
    // Used: what the key does is audited under its name (here, making a key named as a sum).
    await request(t.app.getHttpServer())
      .post('/api/v1/api-keys')
      .set('Authorization', `Bearer ${created.body.key}`)
      .send({ role: 'auditor', name: '-2+3' })
      .expect(201);
    csv = (await t.as('auditor').get('/api/v1/audit/export?format=csv').expect(200)).text;
    jsonl = (await t.as('auditor').get('/api/v1/audit/export?format=jsonl').expect(200)).text
      .trim()
      .split('\n')
      .map((line) => {
        const e = JSON.parse(line) as Record<string, string> & { payload: unknown };
        return { ...e, seq: BigInt(e.seq), at: new Date(e.at) } as SealedAuditRecord;
      });
  });

  it('writes the key’s name so that a spreadsheet shows it and does not run it', () => {
    const [head, ...rows] = parse(csv);
    const actor = head.indexOf('actor');
    const action = head.indexOf('action');
    const byKey = rows.filter((r) => auditCsvValue(r[actor]) === FORMULA_NAME);
    expect(byKey.map((r) => [r[actor], r[action]])).toEqual([[`'${FORMULA_NAME}`, 'api-key.created']]);
    expect(rows.flat().filter((cell) => FORMULA.test(cell))).toEqual([]);
    expect(jsonl.find((e) => e.action === 'api-key.created' && e.actor === FORMULA_NAME)).toBeDefined();
  });

  it('stays verifiable: the cells give back the values hashed, and every link holds', async () => {
    const events = auditRecordsFromCsv(csv);
    expect(events.map((e) => [e.seq, e.actor, e.hash])).toEqual(jsonl.map((e) => [e.seq, e.actor, e.hash]));
    for (const e of events) expect(hashAuditRecord(e.prevHash, e)).toBe(e.hash);
    expect(findFirstBrokenLink({ seq: events[0].seq - 1n, hash: events[0].prevHash }, events)).toBeUndefined();
    expect((await t.as('auditor').get('/api/v1/audit/verify').expect(200)).body).toMatchObject({ ok: true });
  });
});
