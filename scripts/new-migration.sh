#!/usr/bin/env bash
# Development aid: writes prisma/migrations/<timestamp>_<name>/migration.sql for the changes in
# prisma/schema.prisma, as `prisma migrate dev --create-only` would. Needs a PostgreSQL to diff
# against (DEV_DATABASE_URL, a server URL whose user may create databases) and the dev-only
# WebAssembly schema engine in ../shared/tools (see STACK-NOTES). Nothing at run time uses it.
#   DEV_DATABASE_URL=postgresql://postgres:pw@127.0.0.1:55432/postgres scripts/new-migration.sh add_conditions
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/new-migration.sh <name_in_snake_case>}
: "${DEV_DATABASE_URL:?set DEV_DATABASE_URL to a PostgreSQL server URL}"
engine=${PRISMA_SCHEMA_ENGINE_BINARY:-$(cd .. && pwd)/shared/tools/prisma-schema-engine-wasm.cjs}
scratch="migration_scratch_$$"
base=${DEV_DATABASE_URL%/*}
url="$base/$scratch"
node -e "
const { Client } = require('pg');
(async () => { const c = new Client({ connectionString: process.env.DEV_DATABASE_URL }); await c.connect();
  await c.query('CREATE DATABASE $scratch'); await c.end(); })().catch((e) => { console.error(e.message); process.exit(1); });"
trap 'node -e "
const { Client } = require(\"pg\");
(async () => { const c = new Client({ connectionString: process.env.DEV_DATABASE_URL }); await c.connect();
  await c.query(\"DROP DATABASE IF EXISTS $scratch WITH (FORCE)\"); await c.end(); })();"' EXIT
# The project's own migrator (the WebAssembly engine cannot run $$-quoted function bodies).
node -r ./test/support/ts-register.cjs -e "
require('./src/database/migrator.ts').applyMigrations('$url', require('./src/database/migrator.ts').defaultMigrationsDir())
  .catch((e) => { console.error(e.message); process.exit(1); });"
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_$name"
sql=$(PRISMA_SCHEMA_ENGINE_BINARY="$engine" DATABASE_URL="$url" PRISMA_HIDE_UPDATE_MESSAGE=1 \
  npx --no-install prisma migrate diff --from-config-datasource --to-schema prisma/schema.prisma --script 2>/dev/null)
if [ -z "$(printf '%s' "$sql" | grep -v '^--' | tr -d '[:space:]')" ]; then
  echo "no schema changes: nothing written"; exit 0
fi
mkdir -p "$dir" && printf '%s\n' "$sql" > "$dir/migration.sql"
echo "wrote $dir/migration.sql"
