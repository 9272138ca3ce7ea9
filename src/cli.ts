import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { SingleBar } from 'cli-progress';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { addAuditCommands } from './audit/audit-cli.js';
import type { AppConfig } from './config/app-config.js';
import { API_ROLES, type ApiRole } from './auth/api-key.js';
import { ApiKeysService } from './auth/api-keys.service.js';
import { SYSTEM_ACTOR } from './auth/actor.js';
import { IntakeService } from './assessments/intake.service.js';
import { closeOnSignal, resolveInfrastructure, startApplication, type Infrastructure } from './bootstrap.js';
import { runDemo } from './cli/demo.js';
import { demoBanner } from './cli/demo-banner.js';
import { readImportFile } from './cli/import-file.js';

const out = (line: string) => process.stdout.write(line + '\n');
/** Commands are quiet unless LOG_LEVEL says otherwise (an `undefined` override would unset it). */
const quietUnlessAsked = (): Partial<AppConfig> => (process.env.LOG_LEVEL ? {} : { LOG_LEVEL: 'warn' });
const err = (line: string) => process.stderr.write(line + '\n');

/** Runs a command against an application context (no HTTP, no worker), then shuts down. */
async function withContext<T>(work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const infra = await resolveInfrastructure(quietUnlessAsked());
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...infra.config, ROLE: 'api', RECONCILE_INTERVAL_MS: 0 }), { logger: ['error', 'warn'] });
  try {
    return await work(app);
  } finally {
    await app.close();
    await infra.stop();
  }
}

const role = (value: string): ApiRole => {
  if (!API_ROLES.includes(value as ApiRole)) throw new InvalidArgumentError(`one of ${API_ROLES.join(', ')}`);
  return value as ApiRole;
};

const seedNumber = (value: string): number => {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError('a whole number from 0 to 999999999');
  return Number(value);
};

const program = new Command('ccg-oversight').description('Rules-driven oversight of Clinical Commissioning Groups');

program
  .command('demo')
  .description('start the embedded default, assess all 211 CCGs under Quality Premium 2013/14, print the summary, serve the API')
  .option('--seed <n>', 'seed of every family\'s synthetic facts (default: each family\'s own; Quality Premium\'s 10 comes closest to the real 2013/14 totals)', seedNumber)
  .option('--no-serve', 'exit after the summary instead of serving the API')
  .action(async (opts: { seed?: number; serve: boolean }) => {
    let infra: Infrastructure | undefined;
    try {
      infra = await resolveInfrastructure(quietUnlessAsked(), err);
      const config = { ...infra.config, ROLE: 'all' as const };
      const app = await startApplication(config);
      closeOnSignal(app, infra);
      const { keys } = await runDemo(app, { seed: opts.seed, period: '2013/14', out });
      const banner = demoBanner({ keys, serving: opts.serve, base: `http://${config.HOST}:${config.PORT}`, databaseUrl: config.DATABASE_URL, redisUrl: config.REDIS_URL });
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

const keys = program.command('keys').description('API keys');
keys
  .command('create')
  .requiredOption('--role <role>', `one of ${API_ROLES.join(', ')}`, role)
  .requiredOption('--name <name>', 'who or what will use the key')
  .description('create a key and print it (only its hash is kept)')
  .action(async (opts: { role: ApiRole; name: string }) => {
    const created = await withContext((app) => app.get(ApiKeysService).create(opts.role, opts.name, SYSTEM_ACTOR));
    out(created.key);
    err(`created ${created.role} key "${created.name}" (${created.id}); it will not be shown again`);
  });

// audit verify [--checkpoint F]..., audit checkpoint [--out F], audit keygen [--out PREFIX]
addAuditCommands(program, { out, err, withContext });

program
  .command('import <file>')
  .description('import assessments from a JSON array or a CSV (columns family, subject, period, facts.<path>...)')
  .option('--as <name>', 'actor name recorded in the audit log', 'cli-import')
  .action(async (file: string, opts: { as: string }) => {
    const items = readImportFile(file);
    const summary = await withContext(async (app) => {
      const intake = app.get(IntakeService);
      const bar = new SingleBar({ format: 'importing [{bar}] {value}/{total}', stream: process.stderr });
      bar.start(items.length, 0);
      let queued = 0;
      const rejected: string[] = [];
      for (let i = 0; i < items.length; i += 200) {
        const results = await intake.submitBatch(items.slice(i, i + 200), { name: opts.as, role: 'board' });
        for (const r of results) {
          if (r.status === 'queued') queued++;
          else rejected.push(`row ${i + r.index + 1}: ${r.message}`);
        }
        bar.update(Math.min(i + 200, items.length));
      }
      bar.stop();
      return { queued, rejected };
    });
    out(`${summary.queued} queued, ${summary.rejected.length} rejected`);
    for (const line of summary.rejected) out(`  ${line}`);
    if (summary.rejected.length > 0) process.exitCode = 2;
  });

program.parseAsync(process.argv).catch((error: Error) => {
  err(`error: ${error.message}`);
  process.exit(1);
});
