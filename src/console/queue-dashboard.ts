import type { NextFunction, Request, Response } from 'express';
import type { ConsoleSessionsService } from './console-sessions.service.js';
import { SESSION_COOKIE, readCookies } from './cookies.js';
import { checkOrigin, foreignOriginMessage } from './same-origin.js';

export const QUEUE_DASHBOARD_ROUTE = '/admin/queues';

const READING = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a change to the dashboard's JSON API (retry, clean, promote, pause, empty, add ...) is
 * refused, or undefined when it provably came from the dashboard's own page.
 *
 * bull-board's UI is a prebuilt React app whose axios client sends no custom header and has no
 * hook (uiConfig or script) to add one, so a per-session token cannot be carried. Instead, as
 * OWASP accepts for such clients: (1) Origin, or Referer without it, must be ours, and neither
 * is refused (its XHRs always send Origin); (2) the request must be one a cross-site page cannot
 * send without a CORS preflight, which this service never grants: PUT/PATCH/DELETE, or POST with
 * a JSON body (an HTML form can only post urlencoded, multipart or text/plain); and (3) the
 * session cookie is SameSite=Strict (cookies.ts), so another site's request does not carry it.
 */
export function crossSiteChangeRefusal(req: Request, publicOrigin?: string): string | undefined {
  if (READING.has(req.method)) return undefined;
  const verdict = checkOrigin(req, publicOrigin);
  if (verdict.kind === 'foreign') return foreignOriginMessage(verdict);
  if (verdict.kind === 'missing') return 'changes to the queue dashboard need an Origin or Referer header from its own page';
  if (req.method === 'POST' && !req.is('application/json')) return 'changes to the queue dashboard must be sent as application/json';
  return undefined;
}

/** bull-board is plain Express middleware, outside Nest's guards: this lets only a signed-in
 *  admin's console session through (API keys do not open it), and changes only from its page. */
export function adminDashboardGate(sessions: ConsoleSessionsService, publicOrigin?: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    sessions
      .resolve(readCookies(req)[SESSION_COOKIE])
      .then((session) => {
        if (!session) {
          // The dashboard's own API calls get a plain 401; only a page load is sent to sign in.
          const mode = req.headers['sec-fetch-mode'];
          const pageLoad = mode ? mode === 'navigate' : req.accepts(['html', 'json']) === 'html';
          if (pageLoad) res.redirect(303, '/console/sign-in');
          else res.status(401).type('text').send('sign in to the console first');
          return;
        }
        // A ccg session, as on every page outside its own, finds nothing here (404, not 403).
        if (session.role === 'ccg') {
          res.status(404).type('text').send('not found');
          return;
        }
        if (session.role !== 'admin') {
          res.status(403).type('text').send(`role "${session.role}" may not open the queue dashboard (allowed: admin)`);
          return;
        }
        const refusal = crossSiteChangeRefusal(req, publicOrigin);
        if (refusal) res.status(403).type('text').send(refusal);
        else next();
      })
      .catch(next);
  };
}
