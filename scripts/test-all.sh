#!/usr/bin/env bash
# Runs every test: typecheck, unit + integration (vitest), then the production build and e2e.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc --noEmit
npx vitest run
if [[ "${LBWEB_SKIP_E2E:-}" != "1" ]]; then
  npx next build
  npx vitest run -c vitest.e2e.config.ts
fi
