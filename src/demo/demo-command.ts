import { InvalidArgumentError, type Command } from 'commander';
import { closeOnSignal, resolveInfrastructure, startApplication, type Infrastructure } from '../bootstrap.js';
import type { AppConfig } from '../config/app-config.js';
import { runDemo } from './demo.js';
import { demoBanner } from './demo-banner.js';

export interface DemoCommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Settings the command line lays over the environment (quiet logs unless asked). */
  overrides: () => Partial<AppConfig>;
}

const seedNumber = (value: string): number => {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError('a whole number from 0 to 999999999');
  return Number(value);
};

/** `demo [--seed N] [--no-serve]`: the embedded default (PostgreSQL and Redis in DATA_DIR unless
 *  DATABASE_URL and REDIS_URL are set), every family's simulation, the national Quality Premium
 *  run, then the API served until Ctrl-C. */
export function addDemoCommand(program: Command, { out, err, overrides }: DemoCommandIo): void {
  program
    .command('demo')
    .description('start the embedded default, assess all 211 CCGs under Quality Premium 2013/14, print the summary, serve the API')
    .option(
      '--seed <n>',
      "seed of every family's synthetic facts (default: each family's own; Quality Premium's 10 comes closest to the real 2013/14 totals)",
      seedNumber,
    )
    .option('--no-serve', 'exit after the summary instead of serving the API')
    .action(async (opts: { seed?: number; serve: boolean }) => {
      let infra: Infrastructure | undefined;
      try {
        infra = await resolveInfrastructure(overrides(), err, { embeddedDefault: true });
        const config = { ...infra.config, ROLE: 'all' as const };
        const app = await startApplication(config);
        closeOnSignal(app, infra);
        const { keys } = await runDemo(app, { seed: opts.seed, period: '2013/14', out });
        const banner = demoBanner({
          keys,
          serving: opts.serve,
          base: `http://${config.HOST}:${config.PORT}`,
          databaseUrl: config.DATABASE_URL,
          redisUrl: config.REDIS_URL,
        });
        for (const line of banner) out(line);
        if (!opts.serve) {
          await app.close();
          await infra.stop();
        }
      } catch (error) {
        await infra?.stop();
        throw error;
      }
    });
}
