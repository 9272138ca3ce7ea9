/**
 * Work a process repeats on a timer, never overlapping itself: a slow pass (a large backlog) is
 * not joined by the next tick. Its errors go to `onError` (a log line), never out of the timer.
 * The timer does not keep the process alive; `stop()` waits for a pass under way.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly pass: () => Promise<unknown>,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Runs a pass every `everyMs` (and one at once with `immediately`). */
  start(everyMs: number, options: { immediately?: boolean } = {}): void {
    // tick() never rejects: a pass's errors go to onError.
    if (options.immediately) void this.tick();
    this.timer = setInterval(() => void this.tick(), everyMs);
    this.timer.unref();
  }

  /** Runs a pass now, unless one is under way; resolves when the pass in progress ends. */
  tick(): Promise<void> {
    this.running ??= this.pass()
      .then(() => undefined)
      .catch((error: unknown) => this.onError(error instanceof Error ? error : new Error(String(error))))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
