import { GroupCommit } from './group-commit.js';

describe('group commit', () => {
  it('writes what arrives while a batch is in flight as the next batch, and answers each caller with its own result', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const first = new Promise<void>((r) => (release = r));
    const commit = new GroupCommit<number, string>(
      async (items) => {
        if (batches.push(items) === 1) await first;
        return items.map((i) => `done ${i}`);
      },
      { maxBatch: 100, maxInFlight: 1 },
    );

    const a = commit.submit(1);
    await Promise.resolve(); // the first batch is now being written
    await Promise.resolve();
    const rest = [2, 3, 4].map((i) => commit.submit(i));
    release();
    expect(await Promise.all([a, ...rest])).toEqual(['done 1', 'done 2', 'done 3', 'done 4']);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('caps a batch at maxBatch', async () => {
    const sizes: number[] = [];
    const commit = new GroupCommit<number, number>(async (items) => (sizes.push(items.length), items), { maxBatch: 3, maxInFlight: 2 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => commit.submit(i)));
    expect(sizes).toEqual([3, 3, 2]);
  });

  it('fails only the item that cannot be written: a failed batch is written again item by item', async () => {
    const commit = new GroupCommit<number, number>(
      async (items) => {
        if (items.includes(13)) throw new Error('bad item 13');
        return items.map((i) => i * 2);
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    const results = await Promise.allSettled([1, 13, 5].map((i) => commit.submit(i)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([2, 'bad item 13', 10]);
  });
});
