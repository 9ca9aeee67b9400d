#!/usr/bin/env bash
# Runs every test: typecheck, unit + integration (vitest), then the production build and e2e.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc --noEmit
npx vitest run
npx next build
npx vitest run -c vitest.e2e.config.ts
# The Multipass reference workflow in the browser, against the stand-in `multipass` of
# test/fixtures (no VMs). On real Multipass: LB_RUN_MULTIPASS_E2E=1 (see README).
LB_RUN_MULTIPASS_E2E=standin npx vitest run -c vitest.e2e.config.ts e2e/multipass.e2e.ts
