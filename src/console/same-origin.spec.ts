import { parseEnv } from '../config/env.js';
import { checkOrigin, ownOrigins } from './same-origin.js';

const req = (headers: Record<string, string>, protocol = 'http') => ({ headers: { host: '127.0.0.1:3000', ...headers }, protocol });

describe('checkOrigin', () => {
  it('accepts an Origin equal to the scheme and Host the request was made to', () => {
    expect(checkOrigin(req({ origin: 'http://127.0.0.1:3000' }))).toEqual({ kind: 'same' });
    expect(checkOrigin(req({ host: 'Oversight.Example.org', origin: 'https://oversight.example.org' }, 'https'))).toEqual({ kind: 'same' });
    // A default port in the Host header is the same origin as none.
    expect(checkOrigin(req({ host: 'oversight.example.org:443', origin: 'https://oversight.example.org' }, 'https'))).toEqual({ kind: 'same' });
  });

  it('refuses another site, another port, another scheme, "null" and garbage', () => {
    for (const origin of ['https://evil.example', 'http://127.0.0.1:3001', 'https://127.0.0.1:3000', 'null', 'not a url', 'file:///etc/passwd']) {
      expect(checkOrigin(req({ origin }))).toMatchObject({ kind: 'foreign' });
    }
  });

  it('falls back to the Referer only when there is no Origin', () => {
    expect(checkOrigin(req({ referer: 'http://127.0.0.1:3000/console/queue?x=1' }))).toEqual({ kind: 'same' });
    expect(checkOrigin(req({ referer: 'https://evil.example/console/queue' }))).toEqual({ kind: 'foreign', presented: 'https://evil.example' });
    expect(checkOrigin(req({ origin: 'https://evil.example', referer: 'http://127.0.0.1:3000/console' }))).toMatchObject({ kind: 'foreign' });
  });

  it('reports neither header as missing, for the caller to decide', () => {
    expect(checkOrigin(req({}))).toEqual({ kind: 'missing' });
    expect(checkOrigin(req({ origin: ' ', referer: '' }))).toEqual({ kind: 'missing' });
  });

  it('also accepts the configured public origin, for a proxy that changes host or scheme', () => {
    const proxied = req({ host: 'app:3000', origin: 'https://oversight.example.org' });
    expect(checkOrigin(proxied)).toMatchObject({ kind: 'foreign' });
    expect(checkOrigin(proxied, 'https://oversight.example.org')).toEqual({ kind: 'same' });
    expect(ownOrigins({ headers: {}, protocol: 'http' }, 'https://oversight.example.org')).toEqual(['https://oversight.example.org']);
  });
});

describe('the PUBLIC_ORIGIN setting', () => {
  it('takes a bare http(s) origin and normalises it', () => {
    expect(parseEnv({}).PUBLIC_ORIGIN).toBeUndefined();
    expect(parseEnv({ PUBLIC_ORIGIN: 'https://Oversight.example.org/' }).PUBLIC_ORIGIN).toBe('https://oversight.example.org');
    expect(parseEnv({ PUBLIC_ORIGIN: 'http://localhost:8080' }).PUBLIC_ORIGIN).toBe('http://localhost:8080');
  });

  it('stops start-up on a path, another scheme or not a URL, naming the setting', () => {
    for (const value of ['https://oversight.example.org/console', 'ftp://oversight.example.org', 'oversight.example.org']) {
      expect(() => parseEnv({ PUBLIC_ORIGIN: value })).toThrow(/PUBLIC_ORIGIN/);
    }
  });
});
