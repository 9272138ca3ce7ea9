import type { Response } from 'express';
import { DomainError } from '../common/domain-error.js';
import type { PrismaService } from '../prisma/prisma.service.js';

/** Documents may not run scripts or load anything: they are printable records, nothing more. */
const DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

/** Sends a rendered document (a decision, the published principles) under that policy. */
export function sendDocument(res: Response, html: string): void {
  res.setHeader('Content-Security-Policy', DOCUMENT_CSP);
  res.type('html').send(html);
}

/** Sends a decision's document exactly as stored: proposed, or as issued. */
export async function sendDecisionDocument(prisma: PrismaService, id: string, res: Response): Promise<void> {
  const decision = await prisma.decision.findUnique({ where: { id }, select: { document: true } });
  if (!decision) throw DomainError.notFound('decision', id);
  sendDocument(res, decision.document);
}
