import { isDatabaseUnavailable } from './database-unavailable.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['Prisma cannot reach the server', withCode('P1001')],
    ['Prisma pool timeout', withCode('P2024')],
    ['a refused socket from the pg pool', withCode('ECONNREFUSED')],
    ['PostgreSQL shutting down', withCode('57P01', 'terminating connection due to administrator command')],
    ['PostgreSQL starting up', withCode('57P03', 'the database system is starting up')],
    ['a connection exception', withCode('08006')],
    ['the pg pool losing its socket', new Error('Connection terminated unexpectedly')],
    ['a query on a client whose connection died', new Error('Client has encountered a connection error and is not queryable')],
    [
      'the driver adapter kind, under meta',
      Object.assign(new Error('wrapped'), { code: 'P9999', meta: { driverAdapterError: { kind: 'DatabaseNotReachable' } } }),
    ],
    ['a cause chain', new Error('outer', { cause: new Error('inner', { cause: withCode('ECONNRESET') }) })],
  ])('says yes to %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('P2002')],
    ['a syntax error', withCode('42601', 'syntax error at or near')],
    ['a plain bug', new TypeError('cannot read properties of undefined')],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('says no to %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('terminates on a cause cycle', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    a.cause = a;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});
