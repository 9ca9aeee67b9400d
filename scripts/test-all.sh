#!/usr/bin/env bash
# Runs every test: static checks (typecheck, lint with the layer rules, format, shellcheck),
# unit + integration (vitest), then the production build and e2e.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc --noEmit
npx eslint .
npx prettier --check --log-level warn .
# The Multipass role scripts cannot run on our machines: static checks are their first defence.
shellcheck -x -P SCRIPTDIR scripts/*.sh scripts/roles/*.sh scripts/roles/lib/*.sh
npx vitest run
npx next build
npx vitest run -c vitest.e2e.config.ts
# The Multipass reference workflow in the browser, against the stand-in `multipass` of
# test/fixtures (no VMs). On real Multipass: LB_RUN_MULTIPASS_E2E=1 (see README).
LB_RUN_MULTIPASS_E2E=standin npx vitest run -c vitest.e2e.config.ts e2e/multipass.e2e.ts
