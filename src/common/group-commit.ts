export interface GroupCommitOptions {
  /** Most items written by one statement. */
  maxBatch: number;
  /** Batches being written at once: 2 lets one gather while the other commits. */
  maxInFlight: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (result: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: concurrent callers each submit one item; the items that arrive while earlier
 * batches are being written go out together in the next one, and every caller resolves only once
 * its own batch has committed. No timer: an idle process writes each item at once, a busy one
 * writes in batches as large as the load makes them.
 *
 * A batch that fails is written again item by item, so one bad item fails alone rather than
 * taking the items that happened to share its batch down with it.
 */
export class GroupCommit<I, O> {
  private waiting: Waiting<I, O>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      // Gather what the current tick submits before writing.
      if (!this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => {
          this.scheduled = false;
          this.drain();
        });
      }
    });
  }

  private drain(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.writeBatch(batch).finally(() => {
        this.inFlight--;
        this.drain();
      });
    }
  }

  private async writeBatch(batch: Waiting<I, O>[]): Promise<void> {
    try {
      const results = await this.write(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      for (const w of batch) await this.writeBatch([w]);
    }
  }
}
