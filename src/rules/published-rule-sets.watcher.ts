import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { PeriodicTask } from '../common/periodic-task.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { redisConnection } from '../config/redis-connection.js';
import { RulesService } from './rules.service.js';

/** How long a publishing waits to tell the other processes before leaving it to their refresh. */
const ANNOUNCE_TIMEOUT_MS = 2000;
/** How long start-up waits for the subscription before going on without it (Redis away). */
const SUBSCRIBE_TIMEOUT_MS = 5000;

const within = <T>(ms: number, work: Promise<T>): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });

/**
 * Keeps every process (API and worker) on the published rule-set versions without a restart: a
 * publishing sends a notification over Redis and each process reads the published versions again
 * (one query, off the evaluation path); a periodic refresh (RULE_SETS_REFRESH_MS) and a refresh
 * after each reconnection cover a notification missed while Redis was away.
 */
@Injectable()
export class PublishedRuleSetsWatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PublishedRuleSetsWatcher.name);
  private readonly channel: string;
  private subscriber?: Redis;
  private publisher?: Redis;
  private redisAway = false;
  private refreshing?: Promise<void>;
  private again = false;
  private readonly task = new PeriodicTask(
    () => this.refresh(),
    (error) => this.logger.warn({ msg: 'published rule sets not read again', error: error.message }),
  );

  constructor(
    private readonly rules: RulesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // The queue prefix keeps deployments (and test files) sharing one Redis apart.
    this.channel = `${config.QUEUE_PREFIX}:rule-sets:published`;
  }

  /** After every module's start-up, so RulesService has read the files and published versions. */
  async onApplicationBootstrap(): Promise<void> {
    const subscriber = new Redis(this.options());
    this.subscriber = subscriber;
    subscriber.on('message', (channel: string) => {
      if (channel === this.channel) void this.refresh();
    });
    subscriber.on('error', (error: Error) => {
      if (!this.redisAway) this.logger.warn({ msg: 'rule-set notifications unavailable (refreshing on the timer)', error: error.message });
      this.redisAway = true;
    });
    subscriber.on('ready', () => {
      // Back after an outage: anything published meanwhile went unheard.
      if (this.redisAway) void this.refresh();
      this.redisAway = false;
    });
    try {
      await within(SUBSCRIBE_TIMEOUT_MS, subscriber.subscribe(this.channel));
    } catch (error) {
      this.logger.warn({ msg: 'not subscribed to rule-set notifications yet', error: (error as Error).message });
    }
    // Published between start-up's read and the subscription: read once more.
    await this.refresh();
    if (this.config.RULE_SETS_REFRESH_MS > 0) this.task.start(this.config.RULE_SETS_REFRESH_MS);
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
    await this.refreshing;
    this.subscriber?.disconnect();
    this.publisher?.disconnect();
  }

  /** Tells every process a version was published. Never fails the publishing, which has committed:
   *  a process that misses this reads it at its next refresh. */
  async announce(hash: string): Promise<void> {
    try {
      this.publisher ??= new Redis(this.options()).on('error', () => undefined);
      await within(ANNOUNCE_TIMEOUT_MS, this.publisher.publish(this.channel, hash));
    } catch (error) {
      this.logger.warn({
        msg: 'rule-set publishing not announced; other processes read it at their next refresh',
        hash,
        error: (error as Error).message,
      });
    }
  }

  /** Reads the published versions again; a request during a read is served by one more read
   *  after it (that read may have missed what was just committed). Never rejects. */
  refresh(): Promise<void> {
    this.again = true;
    this.refreshing ??= (async () => {
      while (this.again) {
        this.again = false;
        await this.rules
          .refreshPublished()
          .catch((error: unknown) =>
            this.logger.warn({ msg: 'published rule sets not read again', error: error instanceof Error ? error.message : String(error) }),
          );
      }
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private options(): RedisOptions {
    return { ...(redisConnection(this.config.REDIS_URL) as RedisOptions), lazyConnect: false };
  }
}
