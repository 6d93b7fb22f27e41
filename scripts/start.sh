#!/usr/bin/env bash
# First README command: install what is missing, build, and run the platform on its embedded
# default (PGlite database under .data/, a local redis-server) with a seeded demo tenant.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/ensure.sh
ensure_node
ensure_redis
ensure_pnpm
pnpm install --frozen-lockfile
pnpm build
exec node scripts/start.mjs
