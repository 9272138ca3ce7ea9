import type { Response } from 'express';

/** Documents may not run scripts or load anything: they are printable records, nothing more. */
const DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

/** Sends a rendered document (a decision, the published principles) under that policy. */
export function sendDocument(res: Response, html: string): void {
  res.setHeader('Content-Security-Policy', DOCUMENT_CSP);
  res.type('html').send(html);
}
