#!/usr/bin/env bash
# Runs every benchmark and prints its figures (benchmarks are never timed tests).
set -euo pipefail
cd "$(dirname "$0")/.."
for b in bench/*.ts; do
  echo "== $b"
  npx tsx "$b" || echo "!! $b failed (exit $?)"
done
