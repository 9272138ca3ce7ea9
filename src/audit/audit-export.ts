import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { auditEventJson, type AuditFilter, type AuditService } from './audit.service.js';
import type { SealedAuditRecord } from './audit-chain.js';

export type AuditExportFormat = 'csv' | 'jsonl';

const CSV_COLUMNS = ['seq', 'at', 'actor', 'actorRole', 'action', 'entityType', 'entityId', 'payload', 'prevHash', 'hash'];
const EXPORT_BATCH = 2000;

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
      res.write(
        format === 'csv'
          ? stringify([CSV_COLUMNS.map((c) => (c === 'payload' ? JSON.stringify(e.payload) : e[c as keyof typeof e]))])
          : JSON.stringify(e) + '\n',
      );
    }
    if (batch.length < EXPORT_BATCH) break;
    page = { ...page, afterSeq: BigInt(batch[batch.length - 1].seq) };
  }
  res.end();
}
