#!/usr/bin/env bash
# Second README command: the whole test suite (lint, typecheck, unit, integration on a real
# PostgreSQL and Redis that the tests start themselves, and Playwright e2e in Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/ensure.sh
ensure_node
ensure_redis
ensure_postgres
ensure_chromium
ensure_openssl
ensure_pnpm
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
pnpm install --frozen-lockfile
pnpm build
pnpm lint
pnpm typecheck
pnpm test
pnpm test:e2e
echo "All test stages passed."
