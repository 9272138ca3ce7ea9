import { inParallel, waitUntil } from './wait-until.js';

describe('waitUntil', () => {
  it('returns the first value the check gives', async () => {
    let calls = 0;
    await expect(
      waitUntil(() => Promise.resolve(++calls >= 3 ? 'ready' : undefined), { timeoutMs: 1000, intervalMs: 1, timedOut: () => 'never' }),
    ).resolves.toBe('ready');
    expect(calls).toBe(3);
  });

  it('fails with its message once the time is up', async () => {
    await expect(
      waitUntil(() => Promise.resolve(false), { timeoutMs: 0, intervalMs: 1, timedOut: () => '3 assessments still queued' }),
    ).rejects.toThrow('3 assessments still queued');
  });
});

describe('inParallel', () => {
  it('does every item once, never more than `width` at a time', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await inParallel([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setImmediate(r));
      done.push(n);
      running--;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });
});
