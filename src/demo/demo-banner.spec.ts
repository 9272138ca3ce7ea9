import { demoBanner } from './demo-banner.js';

const input = {
  keys: { board: 'b-key', admin: 'a-key' },
  base: 'http://127.0.0.1:3000',
  databaseUrl: 'postgresql://x@127.0.0.1:5/db',
  redisUrl: 'redis://127.0.0.1:6',
};

describe('demoBanner', () => {
  it('tells how to reach the service it serves, with the connection settings', () => {
    const text = demoBanner({ ...input, serving: true }).join('\n');
    expect(text).toMatch(/b-key/);
    expect(text).toMatch(/http:\/\/127\.0\.0\.1:3000\/console/);
    expect(text).toMatch(/DATABASE_URL=postgresql:\/\/x@127\.0\.0\.1:5\/db/);
    expect(text).toMatch(/Ctrl-C/);
  });

  it('with --no-serve, keeps the keys but offers nothing that is no longer listening', () => {
    const text = demoBanner({ ...input, serving: false }).join('\n');
    expect(text).toMatch(/a-key/);
    expect(text).not.toMatch(/http:|curl|Ctrl-C|DATABASE_URL|REDIS_URL/);
    expect(text).toMatch(/Not serving/);
  });
});
