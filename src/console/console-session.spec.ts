import { sameToken } from './console-session.js';

describe('CSRF token comparison', () => {
  it('accepts only the same token, whatever is presented', () => {
    expect(sameToken('abc123', 'abc123')).toBe(true);
    expect(sameToken('abc123', 'abc124')).toBe(false);
    expect(sameToken('abc123', 'abc12')).toBe(false);
    expect(sameToken('abc123', 'abc12é')).toBe(false);
    expect(sameToken('abc123', undefined)).toBe(false);
    expect(sameToken('abc123', ['abc123'])).toBe(false);
  });
});
