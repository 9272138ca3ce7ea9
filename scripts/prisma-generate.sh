#!/usr/bin/env bash
# Generates the Prisma client into src/generated/prisma. `prisma generate` does not use the
# schema engine, but the CLI insists on finding one before it starts; any executable will do,
# so point it at node rather than let it try a download this machine cannot make.
set -euo pipefail
cd "$(dirname "$0")/.."
PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$(command -v node)}" \
DATABASE_URL="${DATABASE_URL:-postgresql://unused@localhost/unused}" PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1 \
  npx --no-install prisma generate >/dev/null
