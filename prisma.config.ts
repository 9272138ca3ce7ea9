// Prisma CLI configuration. The runtime never calls the Prisma CLI: migrations are applied by
// src/database/migrator.ts, so no schema-engine download is needed on a fresh machine.
import { defineConfig, env } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: env('DATABASE_URL') },
});
