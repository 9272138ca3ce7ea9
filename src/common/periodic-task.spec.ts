import { PeriodicTask } from './periodic-task.js';

describe('PeriodicTask', () => {
  it('never overlaps a pass with the next, and reports errors instead of throwing', async () => {
    let release!: () => void;
    let passes = 0;
    const errors: string[] = [];
    const task = new PeriodicTask(
      async () => {
        passes++;
        await new Promise<void>((r) => (release = r));
        throw new Error('database away');
      },
      (e) => errors.push(e.message),
    );
    const first = task.tick();
    const second = task.tick();
    expect(passes).toBe(1);
    release();
    await Promise.all([first, second]);
    expect(errors).toEqual(['database away']);
  });

  it('waits for the pass under way when stopped', async () => {
    let done = false;
    const task = new PeriodicTask(
      async () => {
        await new Promise((r) => setImmediate(r));
        done = true;
      },
      () => undefined,
    );
    task.start(60_000, { immediately: true });
    await task.stop();
    expect(done).toBe(true);
  });
});
