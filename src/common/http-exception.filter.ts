import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './database-unavailable.js';
import { DomainError, ERROR_STATUS, type ErrorCode } from './domain-error.js';
import { STATUS_CODES } from 'node:http';

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

const refusal = (status: number, error: string, field: string, message: string) => ({
  status,
  body: { statusCode: status, error, message, issues: [{ field, message }] },
});

/** `NOT_FOUND` for 404, `TOO_MANY_REQUESTS` for 429: the house's code where it has one, else the status's name. */
const GENERIC_CODES: ErrorCode[] = [
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNPROCESSABLE',
];
const codeOf = (status: number): string =>
  GENERIC_CODES.find((code) => ERROR_STATUS[code] === status) ?? (STATUS_CODES[status] ?? 'ERROR').toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/** Another answer to an error than JSON, for requests it claims (the console's pages, handed in by
 *  http-app.ts so nothing here depends on them): given the answer this filter would give, it
 *  answers and returns true, or returns false and the JSON is sent. */
export type OtherErrorAnswer = (exception: unknown, host: ArgumentsHost, refusal: { status: number; body: Record<string, unknown> }) => boolean;

/** One place that turns errors into HTTP answers: `{statusCode, error, message, issues}`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  constructor(private readonly otherAnswer?: OtherErrorAnswer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (isDatabaseUnavailable(exception)) {
      // A restart or failover: say so and when to come back, instead of a 500 (nothing was half-written).
      this.logger.warn(`database unavailable: ${exception instanceof Error ? exception.message.split('\n').pop() : String(exception)}`);
      const body = { statusCode: 503, error: 'SERVICE_UNAVAILABLE', message: 'the database is unavailable just now; retry shortly' };
      if (this.otherAnswer?.(exception, host, { status: 503, body })) return;
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      res.status(503).json(body);
      return;
    }
    const { status, body } = this.describe(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (this.otherAnswer?.(exception, host, { status, body })) return;
    res.status(status).json(body);
  }

  /** Express's body parser fails before any handler runs; Nest may hand its error over as is or
   *  wrapped in an HttpException. Either way, say plainly what was wrong with the body. */
  private bodyParserError(exception: unknown): { status: number; body: Record<string, unknown> } | undefined {
    const direct = exception as BodyParserError;
    const wrapped = exception instanceof HttpException ? (exception.cause as BodyParserError | undefined) : undefined;
    const type = direct?.type ?? wrapped?.type;
    const status = exception instanceof HttpException ? exception.getStatus() : direct?.status;
    if (type === 'entity.too.large' || status === 413) {
      return refusal(413, 'PAYLOAD_TOO_LARGE', '(body)', 'request body is larger than the limit (BODY_LIMIT)');
    }
    const detail = (direct?.message ?? '').trim();
    if (type === 'entity.parse.failed' || (status === 400 && /JSON/.test(detail))) {
      return refusal(400, 'BAD_REQUEST', '(body)', `request body is not valid JSON (${detail})`);
    }
    // Express fails to decode a path parameter before routing, so only the path can be named.
    if (status === 400 && /^Failed to decode param/.test(detail)) {
      return refusal(400, 'BAD_REQUEST', '(path)', 'a percent-escape in the path does not decode to UTF-8 text');
    }
    if (type === 'charset.unsupported') {
      return refusal(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type', `the body's charset is not one the API reads (${detail}); send UTF-8`);
    }
    if (type === 'encoding.unsupported') {
      return refusal(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Encoding', `the body's Content-Encoding is not one the API reads (${detail})`);
    }
    // Anything else the body parser met before a route ran: a body that does not inflate under its
    // Content-Encoding (zlib's code, e.g. Z_DATA_ERROR), a request cut short.
    if (type !== undefined || typeof wrapped?.status === 'number') {
      const zlib = (wrapped as { code?: unknown } | undefined)?.code;
      const why = typeof zlib === 'string' && zlib.startsWith('Z_') ? 'it does not inflate under its Content-Encoding' : detail || type;
      return refusal(400, 'BAD_REQUEST', '(body)', `request body could not be read: ${why}`);
    }
    return undefined;
  }

  private describe(exception: unknown): { status: number; body: Record<string, unknown> } {
    if (exception instanceof DomainError) {
      return {
        status: exception.status,
        body: { statusCode: exception.status, error: exception.code, message: exception.message, issues: exception.issues },
      };
    }
    const bodyParserError = this.bodyParserError(exception);
    if (bodyParserError) return bodyParserError;
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
      const status = exception.getStatus();
      // Nest's own refusals (no such route, a file not found, a throttled client) in the house shape:
      // the code by its status, and the path named where there is no route.
      const body: Record<string, unknown> = { statusCode: status, error: codeOf(status), message };
      if (status === 404) body.issues = [{ field: '(path)', message: 'no such route or file' }];
      // A failed health check says which dependency is down (terminus puts it in `details`).
      const details = typeof response === 'object' ? (response as { details?: Record<string, { status?: string }> }).details : undefined;
      if (details) {
        const down = Object.entries(details)
          .filter(([, d]) => d?.status === 'down')
          .map(([name]) => name);
        Object.assign(body, { message: down.length ? `down: ${down.join(', ')}` : message, details });
      }
      return { status, body };
    }
    return { status: 500, body: { statusCode: 500, error: 'INTERNAL', message: 'internal error' } };
  }
}
