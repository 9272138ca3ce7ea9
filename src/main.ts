import 'reflect-metadata';
import { closeOnSignal, resolveInfrastructure, startApplication } from './bootstrap.js';
import { ROLES, type ProcessRole } from './config/env.js';

/** `node dist/src/main.js [api|worker|all]` (or ROLE=…): one build, any number of each role. It
 *  runs on DATABASE_URL and REDIS_URL; without them it refuses to start unless EMBEDDED_SERVICES=1
 *  asks for PostgreSQL and Redis of its own in DATA_DIR (the demo and the CLI need not ask). */
async function main(): Promise<void> {
  const arg = process.argv[2];
  if (arg && !ROLES.includes(arg as ProcessRole)) throw new Error(`role must be one of ${ROLES.join(', ')}, not "${arg}"`);
  const infra = await resolveInfrastructure(arg ? { ROLE: arg as ProcessRole } : {}, (m) => process.stderr.write(m + '\n'));
  const app = await startApplication(infra.config);
  closeOnSignal(app, infra);
  if (infra.config.ROLE !== 'worker') {
    process.stderr.write(`ccg-oversight (${infra.config.ROLE}) on http://${infra.config.HOST}:${infra.config.PORT} (API docs at /docs)\n`);
  }
}

main().catch((error: Error) => {
  process.stderr.write(`ccg-oversight failed to start: ${error.message}\n`);
  process.exit(1);
});
