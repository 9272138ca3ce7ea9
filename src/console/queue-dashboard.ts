import type { NextFunction, Request, Response } from 'express';
import type { ConsoleSessionsService } from './console-sessions.service.js';
import { SESSION_COOKIE, readCookies } from './cookies.js';

export const QUEUE_DASHBOARD_ROUTE = '/admin/queues';

/** bull-board is plain Express middleware, outside Nest's guards: this lets only a signed-in
 *  admin's console session through (API keys do not open it). */
export function adminSessionOnly(sessions: ConsoleSessionsService) {
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
        } else if (session.role !== 'admin') {
          res.status(403).type('text').send(`role "${session.role}" may not open the queue dashboard (allowed: admin)`);
        } else {
          next();
        }
      })
      .catch(next);
  };
}
