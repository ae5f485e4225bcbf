#!/usr/bin/env bash
# The whole test suite, as CI runs it (the README's test command): dependencies, a Docker engine, the
# local base images, then format, lint, typecheck, README/action.yml agreement, every unit and
# integration test, and check-dist. Safe to run again: each step skips what is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s ==\n' "$*"; }

step "dependencies"
# Exactly the committed lock file; --ignore-scripts keeps native addons out of node_modules and so
# out of dist/. Skipped when node_modules already matches the lock.
if [ ! -x node_modules/.bin/jest ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --ignore-scripts --no-audit --no-fund
fi

step "docker engine"
bash scripts/ensure-docker.sh
step "base images"
bash scripts/base-images.sh

step "format"
npx prettier --check .
step "lint"
npx eslint .
step "typecheck"
npx tsc --noEmit -p tsconfig.json
step "README tables"
node scripts/check-readme.mjs

step "tests (unit + integration)"
results="$(mktemp)"
status=0
NODE_OPTIONS=--experimental-vm-modules npx jest --ci --maxWorkers=2 --json --outputFile="$results" || status=$?
# One plain closing line that any CI log reader understands.
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);' "$results" || true
rm -f "$results"
[ "$status" -eq 0 ] || exit "$status"

step "check-dist"
bash scripts/check-dist.sh
