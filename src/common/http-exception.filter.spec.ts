import { BadRequestException, HttpException, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { HttpExceptionFilter } from './http-exception.filter.js';

/** What the filter answers for an error thrown while handling a request. */
function answer(exception: unknown): { status: number; body: Record<string, unknown> } {
  const sent = { status: 0, body: {} as Record<string, unknown> };
  const res = { status: (s: number) => ({ json: (b: Record<string, unknown>) => Object.assign(sent, { status: s, body: b }) }) };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  const filter = new HttpExceptionFilter();
  (filter as unknown as { logger: { warn(): void; error(): void } }).logger = { warn: () => undefined, error: () => undefined };
  filter.catch(exception, host);
  return sent;
}

describe('HttpExceptionFilter', () => {
  it("leaves a database error a 500: input is checked before it gets there, so the error is the server's", () => {
    const nul = Object.assign(new Error('invalid byte sequence'), { meta: { driverAdapterError: { cause: { originalCode: '22021' } } } });
    expect(answer(nul)).toEqual({ status: 500, body: expect.objectContaining({ error: 'INTERNAL' }) });
  });

  it('names the body or the path when they cannot be read at all', () => {
    const parse = Object.assign(new SyntaxError('Unexpected end of JSON input'), { type: 'entity.parse.failed', status: 400 });
    expect(answer(parse).body.issues).toEqual([expect.objectContaining({ field: '(body)' })]);
    expect(answer(new BadRequestException("Failed to decode param '%FF'")).body.issues).toEqual([expect.objectContaining({ field: '(path)' })]);
  });

  it("gives Nest's own refusals the house's code and, for no such route, names the path", () => {
    expect(answer(new NotFoundException('Cannot GET /nowhere')).body).toEqual({
      statusCode: 404,
      error: 'NOT_FOUND',
      message: 'Cannot GET /nowhere',
      issues: [{ field: '(path)', message: 'no such route or file' }],
    });
    expect(answer(new HttpException('slow down', 429)).body).toMatchObject({ statusCode: 429, error: 'TOO_MANY_REQUESTS' });
    expect(answer(new HttpException('nope', 422)).body).toMatchObject({ error: 'UNPROCESSABLE' });
  });
});

describe('HttpExceptionFilter with another answer', () => {
  const host = (sent: { json?: unknown }) =>
    ({
      switchToHttp: () => ({ getResponse: () => ({ status: () => ({ json: (b: unknown) => Object.assign(sent, { json: b }) }) }) }),
    }) as unknown as ArgumentsHost;

  it('hands it the answer it would give, and sends no JSON when it answered', () => {
    const seen: { status: number; body: Record<string, unknown> }[] = [];
    const sent: { json?: unknown } = {};
    new HttpExceptionFilter((_e, _h, refusal) => (seen.push(refusal), true)).catch(new NotFoundException('Cannot GET /console/x'), host(sent));
    expect(seen).toEqual([{ status: 404, body: expect.objectContaining({ error: 'NOT_FOUND', message: 'Cannot GET /console/x' }) }]);
    expect(sent.json).toBeUndefined();
  });

  it('sends the JSON as before when the other answer declines', () => {
    const sent: { json?: unknown } = {};
    new HttpExceptionFilter(() => false).catch(new NotFoundException('Cannot GET /api/v1/x'), host(sent));
    expect(sent.json).toMatchObject({ statusCode: 404, error: 'NOT_FOUND' });
  });
});
