import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../common/database-unavailable.js';
import { DomainError, type FieldIssue } from '../common/domain-error.js';
import { SignInRequired } from './console-auth.guard.js';
import { ConsoleRenderer } from './console-renderer.js';
import type { ConsoleRequest } from './console-session.js';
import { ConsoleSessionsService } from './console-sessions.service.js';
import { readCookies, SESSION_COOKIE } from './cookies.js';

const TITLES: Record<number, string> = {
  400: 'There is a problem with the request',
  403: 'You cannot do that',
  404: 'Page not found',
  409: 'Someone got there first',
  413: 'What you sent is too large',
  415: 'The form could not be read',
  422: 'There is a problem',
  429: 'Too many requests',
  503: 'The service is briefly unavailable',
};

/** The answer the API's filter would give to an error no console route caught (the body parser's,
 *  an unknown path): its status and `{message, issues}`. */
export interface Refusal {
  status: number;
  body: Record<string, unknown>;
}

/** An error as a console page: status, title, one message and any further points, all in words. */
export interface ErrorPage {
  status: number;
  title: string;
  message: string;
  details: string[];
}

const ADDRESS = 'The page address is not right';
const FORM = 'The form could not be read';
const NO_PAGE = 'There is no page at this address.';

const sentence = (s: string): string => (s ? s[0].toUpperCase() + s.slice(1) : s);
const stop = (s: string): string => (/[.!?)]$/.test(s) ? s : `${s}.`);

/** What a parameter of a console address must be, where the schema's own words say it badly. */
const PARAMETER_WANTS: Record<string, string> = {
  page: 'a whole number from 1',
  year: 'a financial year like 2013/14',
  quarter: 'a quarter like 2013-Q3 (Q1 is April to June)',
};

/** A field as a reader would name it: the address's parameter without its `query.` prefix, a
 *  form's field with its parts as words. */
const nameOf = (field: string): string =>
  field
    .replace(/^query\.?/, '')
    .split('.')
    .join(' ');

/**
 * One refused field in plain words: zod's and Nest's wording (`Invalid input: expected number,
 * received NaN`) as what the field must be; our own messages, which already speak in words,
 * after the field's name. Never a field path.
 */
export function plainIssue(issue: FieldIssue): string {
  const name = nameOf(issue.field);
  const m = issue.message;
  const wants = PARAMETER_WANTS[name];
  if (/received array|single value/.test(m)) return `choose one ${name} at a time`;
  if (/received undefined/.test(m)) return wants ? `${name} is missing: it must be ${wants}` : `${name} is missing`;
  const unknownKeys = /^Unrecognized keys?: (.+)$/.exec(m);
  if (unknownKeys) return `this page takes no ${unknownKeys[1].replace(/"/g, '')}`;
  const zod = /^(Invalid input|Invalid option|Too small|Too big|Invalid)\b/.test(m);
  if (zod && wants) return `${name} must be ${wants}`;
  let match: RegExpExecArray | null;
  if ((match = /^Invalid input: expected (int|number)/.exec(m))) return `${name} must be ${match[1] === 'int' ? 'a whole number' : 'a number'}`;
  if ((match = /^Too (small|big): expected number to be [<>]=?(-?[\d.]+)/.exec(m))) {
    return `${name} must be ${match[2]} or ${match[1] === 'small' ? 'more' : 'less'}`;
  }
  if ((match = /^Too (small|big): expected string to have [<>]=?(\d+) characters?/.exec(m))) {
    return `${name} must be ${match[1] === 'small' ? 'at least' : 'at most'} ${match[2]} characters`;
  }
  if ((match = /^Invalid option: expected one of (.+)$/.exec(m))) return `${name} must be one of ${match[1].replace(/"/g, '').split('|').join(', ')}`;
  if (zod) return `${name} is not in the right form`;
  if ((match = /^expected (.+)$/.exec(m))) return `${name} must be ${match[1]}`;
  if (/^(contains|is|has|must|does) /.test(m)) return `${name} ${m}`;
  if (/^(a|an|nested) /.test(m)) return `${name} is ${m}`;
  if (m === 'forbidden key') return `${name} is a name no form or address may use`;
  if (m.startsWith('this key ')) return `the name of a field ${m.slice('this key '.length)}`;
  // Our own words: as they are where they name the field already (`"Atlantis" is not a region`).
  const spoken = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return m.toLowerCase().includes(spoken) ? m : `${name}: ${m}`;
}

/** What a 404 says was not found: `unknown decision` → "We could not find that decision". */
function notFoundMessage(error: DomainError): string {
  const what = error.issues.map((i) => /^unknown (.+)$/.exec(i.message)?.[1]).find(Boolean) ?? /^(.+?) "[^"]*" not found$/.exec(error.message)?.[1];
  return what ? `We could not find that ${what}.` : error.message;
}

/** A refusal naming fields (a DomainError's issues), as a lead sentence and the fields in words. */
function withIssues(lead: string, issues: readonly FieldIssue[]): { message: string; details: string[] } {
  const plain = issues.map(plainIssue);
  // A parameter given twice says so on its own: the address is otherwise right.
  if (plain.length === 1 && plain[0].startsWith('choose one ')) return { message: sentence(stop(plain[0])), details: [] };
  if (plain.length === 1) return { message: `${lead}: ${stop(plain[0])}`, details: [] };
  return { message: `${lead}:`, details: plain.map((p) => sentence(stop(p))) };
}

/** The words of a refusal the body parser (or the router) gave before any console route ran: the
 *  API's message, said to a reader of a form. */
function beforeRoute(exception: unknown, refusal: Refusal): { message: string; details: string[] } {
  // The body parser's own error, as thrown or as the cause of the HttpException Nest made of it.
  const error = ((exception instanceof HttpException ? exception.cause : undefined) ?? exception) as { type?: unknown; field?: unknown };
  if (error?.type === 'form.text.invalid') {
    const field = typeof error.field === 'string' ? ` (the field “${error.field}”)` : '';
    return { message: `${FORM}: a field contains text that is not valid${field}. Nothing was saved.`, details: [] };
  }
  const field = (refusal.body.issues as FieldIssue[] | undefined)?.[0]?.field;
  const message = typeof refusal.body.message === 'string' ? refusal.body.message : '';
  switch (refusal.status) {
    case 404:
      return { message: NO_PAGE, details: [] };
    case 413:
      return { message: 'What you sent is larger than the limit. Nothing was saved: shorten the text and try again.', details: [] };
    case 415:
      return {
        message:
          field === 'Content-Encoding'
            ? `${FORM}: it was sent compressed in a way the console does not read. Nothing was saved.`
            : `${FORM}: it was sent in a character set the console does not read. Nothing was saved: send it as UTF-8.`,
        details: [],
      };
  }
  if (field === '(path)') return { message: `${ADDRESS}: a percent-escape in it does not decode to text.`, details: [] };
  if (refusal.status === 400 && /not valid JSON/.test(message)) return { message: `${FORM}: it is not valid JSON. Nothing was saved.`, details: [] };
  const unread = /^request body could not be read: (.+)$/.exec(message);
  if (unread) return { message: `${FORM}: ${stop(unread[1])} Nothing was saved.`, details: [] };
  const issues = refusal.body.issues as FieldIssue[] | undefined;
  if (refusal.status === 400 && issues?.length) return withIssues(FORM, issues);
  return { message: message ? sentence(stop(message)) : 'Something went wrong on our side. The error has been logged.', details: [] };
}

/** Nest's own refusals inside a route (a pipe's `Validation failed (uuid is expected)`, a
 *  throttled client), in words. */
function nestMessage(exception: HttpException, status: number): string {
  if (status === 404) return NO_PAGE;
  if (status === 429) return 'You have sent too many requests in the last minute. Wait a moment and try again.';
  const expected = /^Validation failed \((.+) is expected\)$/.exec(exception.message)?.[1];
  if (expected) return `${ADDRESS}: ${expected === 'uuid' ? 'the id in it' : 'a value in it'} is not in the right form.`;
  return exception.message;
}

/**
 * Any error as a console page in plain words. `refusal` is the API's answer to an error met before
 * any console route ran (see ConsoleExceptionFilter.answerBeforeRoute). A 400 names the address's
 * parameters (a GET) or the form's fields (a post) in words; a 404 says what was not found.
 */
export function errorPage(exception: unknown, method: string, refusal?: Refusal): ErrorPage {
  let status = 500;
  let message = 'Something went wrong on our side. The error has been logged.';
  let details: string[] = [];
  const reading = method === 'GET' || method === 'HEAD';
  if (isDatabaseUnavailable(exception)) {
    status = 503;
    message = 'The database is unavailable just now, probably restarting. Nothing you sent was half-saved: try again in a few seconds.';
  } else if (exception instanceof DomainError) {
    status = exception.status;
    message = exception.message;
    const summary = exception.issues.map((i) => `${i.field}: ${i.message}`).join('; ');
    if (status === 404) message = notFoundMessage(exception);
    else if (status === 400 && exception.issues.length > 0) ({ message, details } = withIssues(reading ? ADDRESS : FORM, exception.issues));
    else if (exception.issues.length > 0 && message === summary)
      ({ message, details } = withIssues('There is a problem with what was sent', exception.issues));
  } else if (refusal) {
    status = refusal.status;
    ({ message, details } = beforeRoute(exception, refusal));
  } else if (exception instanceof HttpException) {
    status = exception.getStatus();
    message = nestMessage(exception, status);
  }
  return { status, title: TITLES[status] ?? 'Sorry, there is a problem', message, details };
}

/** Where a reader's way back from an error page leads: a ccg session to its own CCG (the review
 *  queue is not found to it), other roles to the review queue, no session to the console. */
export function homeOf(role: string | undefined): { href: string; label: string } {
  if (role === 'ccg') return { href: '/console/my-ccg', label: 'Go to your CCG’s page' };
  if (role) return { href: '/console/queue', label: 'Go to the review queue' };
  return { href: '/console', label: 'Go to the console' };
}

/** Whether a request's path is the console's (its pages, assets and sign-in). */
export const isConsolePath = (req: Request): boolean => /^\/console(\/|$|\?)/i.test(req.originalUrl ?? req.url);

/** Console errors as pages, not JSON: no session sends the browser to sign in; a refusal shows
 *  what the API would say, in plain words, with the same status. */
@Catch()
export class ConsoleExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ConsoleExceptionFilter');

  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly sessions: ConsoleSessionsService,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request & ConsoleRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof SignInRequired) {
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      res.redirect(303, `/console/sign-in${next}`);
      return;
    }
    if (!isDatabaseUnavailable(exception) && !(exception instanceof DomainError) && !(exception instanceof HttpException)) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    this.send(req, res, errorPage(exception, req.method));
  }

  /**
   * For the app's global filter: an error of a console request that no console route caught (an
   * unknown path, a form body too large or unreadable) is answered as a console page too, with the
   * session's menu and way home when the browser has one. False for any other request, which
   * keeps the API's JSON.
   */
  answerBeforeRoute(exception: unknown, host: ArgumentsHost, refusal: Refusal): boolean {
    const req = host.switchToHttp().getRequest<Request & ConsoleRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (!isConsolePath(req)) return false;
    const page = errorPage(exception, req.method, refusal);
    const session = req.consoleSession
      ? Promise.resolve(req.consoleSession)
      : this.sessions.resolve(readCookies(req)[SESSION_COOKIE]).catch(() => undefined);
    void session
      .then((found) => {
        if (found) req.consoleSession = found;
        this.send(req, res, page);
      })
      .catch((error: unknown) => {
        this.logger.error(error instanceof Error ? error.stack : String(error));
        if (!res.headersSent) res.status(page.status).type('text').send(page.message);
      });
    return true;
  }

  private send(req: Request & ConsoleRequest, res: Response, page: ErrorPage): void {
    if (page.status === 503) res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    const home = homeOf(req.consoleSession?.role);
    this.renderer.send(req, res, 'error', { ...page, home }, page.status);
  }
}
