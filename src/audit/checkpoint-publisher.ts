import { appendFile } from 'node:fs/promises';
import type { ChainHead, Checkpoint, CheckpointSigner } from './audit-checkpoint.js';

export interface PublishSettings {
  /** An http(s) URL (each checkpoint POSTed as JSON) or a file (JSON lines appended). */
  target: string;
  /** Publish once the head is this many events past the last checkpoint published; 0: never. */
  everyEvents: number;
  /** Publish on this interval when the head has moved; 0: never (the sequencer runs the timer). */
  everyMs: number;
}

const HTTP_TIMEOUT_MS = 10_000;

export const isHttpTarget = (target: string): boolean => /^https?:\/\//i.test(target);

/** Sends one checkpoint to where the operator keeps them. */
export async function publishCheckpoint(target: string, checkpoint: Checkpoint): Promise<void> {
  const json = JSON.stringify(checkpoint);
  if (!isHttpTarget(target)) return appendFile(target, json + '\n');
  const res = await fetch(target, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: json,
    signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
  });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`${target} answered ${res.status} ${res.statusText}`);
}

/**
 * Decides when to publish and does it in the background: sealing only hands over the head it
 * already has, once per run, and never waits for (or fails with) a publication. One publication
 * at a time; a trigger that comes meanwhile is dropped, and the next one catches up.
 */
export class CheckpointPublisher {
  /** The head seq the event count runs from: the last published, or the first seen. */
  private since?: bigint;
  private lastPublished?: string;
  private inFlight?: Promise<void>;

  constructor(
    private readonly settings: PublishSettings,
    private readonly sign: CheckpointSigner,
    private readonly onError: (error: Error) => void,
  ) {}

  /** After a seal run, with the head it left. */
  sealed(head: ChainHead): void {
    if (this.settings.everyEvents <= 0) return;
    const seq = BigInt(head.seq);
    if (this.since === undefined) this.since = seq;
    else if (seq - this.since >= BigInt(this.settings.everyEvents)) this.publish(head);
  }

  /** On the interval, with the head read from the database (another process may have sealed). */
  tick(head: ChainHead): void {
    if (head.seq !== this.lastPublished) this.publish(head);
  }

  /** Resolves once the publication under way (if any) has ended. */
  async drain(): Promise<void> {
    await this.inFlight;
  }

  private publish(head: ChainHead): void {
    if (this.inFlight) return;
    this.since = BigInt(head.seq);
    this.lastPublished = head.seq;
    this.inFlight = Promise.resolve()
      .then(() => publishCheckpoint(this.settings.target, this.sign(head)))
      .catch((error: Error) => this.onError(error))
      .finally(() => {
        this.inFlight = undefined;
      });
  }
}
