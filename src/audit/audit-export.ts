import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { fromReversibleText, reversibleSpreadsheetText } from '../common/spreadsheet-text.js';
import { auditEventJson, type AuditFilter, type AuditService } from './audit.service.js';
import type { SealedAuditRecord } from './audit-chain.js';

export type AuditExportFormat = 'csv' | 'jsonl';

const CSV_COLUMNS = ['seq', 'at', 'actor', 'actorRole', 'action', 'entityType', 'entityId', 'payload', 'prevHash', 'hash'];
const EXPORT_BATCH = 2000;

/**
 * A CSV cell a spreadsheet will not run (an actor is a key's name, an entity id or payload anyone's
 * text). The export stays verifiable: the hash covers the value as stored, and exactly one leading
 * `'` was added to every cell that has one, which auditCsvValue takes off again (JSON lines carry
 * the values as stored, untouched).
 */
export const auditCsvCell = reversibleSpreadsheetText;

/** The value as stored (and hashed) from a cell of the CSV export. */
export const auditCsvValue = fromReversibleText;

/** One event's CSV cells, every one neutralised (the payload as JSON, as the hash takes it). */
function csvLine(e: ReturnType<typeof auditEventJson>): string[] {
  const { payload, ...text } = e;
  return CSV_COLUMNS.map((c) => auditCsvCell(c === 'payload' ? JSON.stringify(payload ?? null) : text[c as keyof typeof text]));
}

/** Streams the (filtered) log in seq order as CSV or JSON lines: shared by the API and the console. */
export async function writeAuditExport(
  audit: AuditService,
  filter: Omit<AuditFilter, 'limit'>,
  format: AuditExportFormat,
  res: Response,
): Promise<void> {
  res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
  res.setHeader('Content-Disposition', `attachment; filename="audit.${format}"`);
  if (format === 'csv') res.write(stringify([CSV_COLUMNS]));
  let page: AuditFilter = { ...filter, limit: EXPORT_BATCH };
  for (;;) {
    const batch = (await audit.search(page)).map((e) => auditEventJson(e as SealedAuditRecord));
    for (const e of batch) {
      res.write(format === 'csv' ? stringify([csvLine(e)]) : JSON.stringify(e) + '\n');
    }
    if (batch.length < EXPORT_BATCH) break;
    page = { ...page, afterSeq: BigInt(batch[batch.length - 1].seq) };
  }
  res.end();
}
