import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PrismaService } from '../prisma/prisma.service.js';
import type { ChainHead } from './audit-checkpoint.js';
import { sealBatch } from './audit-seal.js';
import { CheckpointPublisher } from './checkpoint-publisher.js';
import { checkpointKeys, publishSettings } from './checkpoint-settings.js';

const INTERVAL_MS = 250;
/** A short pause after an append, so the appending transaction has committed when we look. */
const KICK_DELAY_MS = 15;

/**
 * Seals committed audit events into the chain, many per transaction, the way certificate-
 * transparency logs batch their entries: business transactions only insert their event, so they
 * no longer queue behind one lock. Any process may seal; the chain head's row lock makes them
 * take turns, and each batch links on from wherever the head stands.
 *
 * When configured, it also publishes signed checkpoints of the head (see CheckpointPublisher):
 * once per seal run at most, in the background, never in the way of sealing.
 */
@Injectable()
export class AuditSequencer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditSequencer.name);
  private timer?: NodeJS.Timeout;
  private kicked?: NodeJS.Timeout;
  /** The run under way, and the one that follows it for callers that came meanwhile. */
  private running: Promise<number> | undefined;
  private queued: Promise<number> | undefined;
  private stopped = false;
  private readonly publisher?: CheckpointPublisher;
  private readonly publishEveryMs: number = 0;
  private publishTimer?: NodeJS.Timeout;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const settings = publishSettings(config);
    const sign = settings && checkpointKeys(config).sign;
    if (settings && sign) {
      this.publisher = new CheckpointPublisher(settings, sign, (e) =>
        this.logger.warn({ msg: 'checkpoint publishing failed', target: settings.target, error: e.message }),
      );
      this.publishEveryMs = settings.everyMs;
    }
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.sealSoon(), INTERVAL_MS);
    this.timer.unref();
    if (this.publisher && this.publishEveryMs > 0) {
      this.publishTimer = setInterval(() => this.publishOnInterval(), this.publishEveryMs);
      this.publishTimer.unref();
    }
  }

  /** After workers have stopped (module destroy), before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.publishTimer);
    clearTimeout(this.kicked);
    await this.queued?.catch(() => undefined);
    await this.running?.catch(() => undefined);
    // Leave nothing this process wrote unsealed.
    await this.sealPending().catch((e: Error) => this.logger.warn({ msg: 'final seal failed', error: e.message }));
    await this.publisher?.drain();
  }

  /** Called after an append: seal shortly, once the caller's transaction has committed. */
  kick(): void {
    if (this.stopped || this.kicked) return;
    this.kicked = setTimeout(() => {
      this.kicked = undefined;
      this.sealSoon();
    }, KICK_DELAY_MS);
    this.kicked.unref();
  }

  private sealSoon(): void {
    if (this.stopped) return;
    this.sealPending().catch((e: Error) => this.logger.warn({ msg: 'sealing failed', error: e.message }));
  }

  /**
   * Seals every event committed before the call; returns how many the run sealed. A run under
   * way may have looked for pending events before the caller's committed, so callers arriving
   * during a run share the next one, which starts when it ends.
   */
  sealPending(): Promise<number> {
    if (!this.running) return this.start();
    this.queued ??= this.running
      .catch(() => 0)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<number> {
    this.running ??= this.sealAll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async sealAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const { sealed, full, head } = await sealBatch(this.prisma.pool);
      total += sealed;
      if (!full) {
        this.publisher?.sealed(head);
        return total;
      }
    }
  }

  /** The interval's checkpoint: of the head as it stands, whoever sealed it. */
  private publishOnInterval(): void {
    if (this.stopped) return;
    this.prisma.pool
      .query<ChainHead>('SELECT seq::text AS seq, hash FROM audit_head WHERE id = 1')
      .then(({ rows }) => this.publisher?.tick(rows[0]))
      .catch((e: Error) => this.logger.warn({ msg: 'checkpoint publishing failed', error: e.message }));
  }
}
