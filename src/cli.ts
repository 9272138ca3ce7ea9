import 'reflect-metadata';
import { Command, InvalidArgumentError, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { addAuditCommands } from './audit/audit-cli.js';
import type { AppConfig } from './config/app-config.js';
import { KEY_ROLES, keyCcgProblem, type ApiRole } from './auth/api-key.js';
import { ApiKeysService } from './auth/api-keys.service.js';
import { SYSTEM_ACTOR } from './auth/actor.js';
import { IntakeService } from './assessments/intake.service.js';
import { PROVENANCES } from './assessments/assessment.schemas.js';
import type { Provenance } from './generated/prisma/client.js';
import { resolveInfrastructure } from './bootstrap.js';
import { readImportFile } from './cli/import-file.js';
import { addDemoCommand } from './demo/demo-command.js';
import { addRuleCommands } from './rule-changes/rule-changes-cli.js';

const out = (line: string) => process.stdout.write(line + '\n');
/** Commands are quiet unless LOG_LEVEL says otherwise (an `undefined` override would unset it). */
const quietUnlessAsked = (): Partial<AppConfig> => (process.env.LOG_LEVEL ? {} : { LOG_LEVEL: 'warn' });
const err = (line: string) => process.stderr.write(line + '\n');

/** Runs a command against an application context (no HTTP, no worker), then shuts down. */
async function withContext<T>(work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  // Commands run from a data folder use its embedded PostgreSQL and Redis (a serving demo's, or their own).
  const infra = await resolveInfrastructure(quietUnlessAsked(), undefined, { embeddedDefault: true });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...infra.config, ROLE: 'api', RECONCILE_INTERVAL_MS: 0 }), {
    logger: ['error', 'warn'],
  });
  try {
    return await work(app);
  } finally {
    await app.close();
    await infra.stop();
  }
}

const role = (value: string): ApiRole => {
  if (!KEY_ROLES.includes(value as ApiRole)) throw new InvalidArgumentError(`one of ${KEY_ROLES.join(', ')}`);
  return value as ApiRole;
};

/** `--provenance` for an import row that names none (intake validates whatever the row says). */
const withDefaultProvenance = (item: unknown, provenance?: Provenance): unknown =>
  provenance && item !== null && typeof item === 'object' && !Array.isArray(item) && !('provenance' in item) ? { ...item, provenance } : item;

const program = new Command('ccg-oversight').description('Rules-driven oversight of Clinical Commissioning Groups');

// demo [--seed N] [--no-serve]: the embedded default, every family's simulation, then serving
addDemoCommand(program, { out, err, overrides: quietUnlessAsked });

const keys = program.command('keys').description('API keys');
keys
  .command('create')
  .requiredOption('--role <role>', `one of ${KEY_ROLES.join(', ')}`, role)
  .requiredOption('--name <name>', 'who or what will use the key')
  .option('--ccg <ods code>', 'the CCG a ccg key is bound to (required for --role ccg, refused for the others)')
  .description('create a key and print it (only its hash is kept)')
  .action(async (opts: { role: ApiRole; name: string; ccg?: string }) => {
    // Refused before anything starts; the service checks the register.
    const problem = keyCcgProblem(opts.role, opts.ccg);
    if (problem) throw new InvalidArgumentError(`--ccg: ${problem}`);
    const created = await withContext((app) => app.get(ApiKeysService).create(opts.role, opts.name, SYSTEM_ACTOR, opts.ccg));
    out(created.key);
    err(`created ${created.role} key "${created.name}" (${created.id})${created.ccg ? ` for CCG ${created.ccg}` : ''}; it will not be shown again`);
  });

// audit verify [--checkpoint F]..., audit checkpoint [--out F], audit keygen [--out PREFIX]
addAuditCommands(program, { out, err, withContext });

// rules simulate <file> [--over family/from..to] [--csv F], rules diff <a> <b>, rules export [--out DIR]
addRuleCommands(program, { out, err, withContext });

program
  .command('import <file>')
  .description('import assessments from a JSON array or a CSV (columns family, subject, period, provenance, facts.<path>...)')
  .option('--as <name>', 'actor name recorded in the audit log', 'cli-import')
  .addOption(new Option('--provenance <kind>', 'provenance of the rows that name none (default: submitted)').choices(PROVENANCES))
  .action(async (file: string, opts: { as: string; provenance?: Provenance }) => {
    const items = readImportFile(file).map((item) => withDefaultProvenance(item, opts.provenance));
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
