import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'ccg_session';
export const SIGN_IN_CSRF_COOKIE = 'ccg_sign_in_csrf';

/** The cookies of a request (no cookie-parser: one header, a few lines). */
export function readCookies(req: Pick<Request, 'headers'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // a malformed value is treated as absent
    }
  }
  return out;
}

/** httpOnly and SameSite=strict always; Secure whenever the request came over TLS. */
export function setCookie(req: Request, res: Response, name: string, value: string, maxAgeMs: number, path = '/'): void {
  res.cookie(name, value, { httpOnly: true, sameSite: 'strict', secure: req.secure, path, maxAge: maxAgeMs });
}

export function clearCookie(req: Request, res: Response, name: string, path = '/'): void {
  res.clearCookie(name, { httpOnly: true, sameSite: 'strict', secure: req.secure, path });
}
