import type { IncomingHttpHeaders } from 'node:http';
import { DomainError } from '../common/domain-error.js';

/** What a request says about the page that sent it (OWASP: "verifying origin with standard
 *  headers"). `missing` is left to the caller: console forms still carry their CSRF token, the
 *  queue dashboard's API has no token and refuses it. */
export type OriginVerdict = { kind: 'same' } | { kind: 'missing' } | { kind: 'foreign'; presented: string };

export interface OriginCheckedRequest {
  headers: IncomingHttpHeaders;
  /** `http` or `https`, as Express derives it (honouring `trust proxy` when it is set). */
  protocol: string;
}

const originOf = (url: string): string | undefined => {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
};

/** The origins our own pages are served from: the one the browser addressed (scheme + Host
 *  header, so it follows whatever name the service is reached by) and, behind a proxy that
 *  changes the host or terminates TLS, the configured public origin. A cross-site page cannot
 *  change the Host header its victim's browser sends, so trusting it here is safe. */
export function ownOrigins(req: OriginCheckedRequest, publicOrigin?: string): string[] {
  const host = req.headers.host;
  const addressed = host ? originOf(`${req.protocol}://${host}`) : undefined;
  return [addressed, publicOrigin && originOf(publicOrigin)].filter((o): o is string => !!o);
}

/** Origin when the browser sent one, else Referer; "null" (sandboxed frames, privacy redirects)
 *  and anything unparsable count as foreign. */
export function checkOrigin(req: OriginCheckedRequest, publicOrigin?: string): OriginVerdict {
  const header = (name: 'origin' | 'referer') => {
    const value = req.headers[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const presented = header('origin') ?? header('referer');
  if (presented === undefined) return { kind: 'missing' };
  const origin = originOf(presented);
  return origin && ownOrigins(req, publicOrigin).includes(origin)
    ? { kind: 'same' }
    : { kind: 'foreign', presented: origin ?? presented.slice(0, 100) };
}

/** The refusal every caller shows, so a proxy set-up that needs PUBLIC_ORIGIN says so. */
export function foreignOriginMessage(verdict: Extract<OriginVerdict, { kind: 'foreign' }>): string {
  return `This request was sent from another site (${verdict.presented}), so it was refused. Open the console at its own address and try again; if the service is behind a proxy, set PUBLIC_ORIGIN to the address people use.`;
}

/** For console forms: a foreign sender is refused (the console's error page shows why). With
 *  neither header the form's CSRF token stands alone: current browsers send Origin on every POST,
 *  so only a non-browser client, which holds no victim's cookie, sends neither. */
export function refuseForeignOrigin(req: OriginCheckedRequest, publicOrigin?: string): void {
  const verdict = checkOrigin(req, publicOrigin);
  if (verdict.kind === 'foreign') throw new DomainError('FORBIDDEN', foreignOriginMessage(verdict));
}
