/**
 * Polls `check` until it returns a value (anything but undefined or false), or fails after
 * `timeoutMs` with `timedOut()`'s message. For waiting on other processes' work through the
 * database (workers evaluating what was queued), where no event reaches the waiter.
 */
export async function waitUntil<T>(
  check: () => Promise<T | undefined | false>,
  options: { timeoutMs: number; intervalMs?: number; timedOut: () => string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(options.timedOut());
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}

/** Runs `work` over `items`, at most `width` at a time, in order of start. */
export async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}
