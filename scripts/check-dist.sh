#!/usr/bin/env bash
# check-dist: bundle afresh into a scratch folder and fail when dist/ differs from it.
#   scripts/check-dist.sh [FRESH]   FRESH: a bundle of the working tree made a moment ago (test.sh
#                                   makes one for the suites too); compared instead of bundling again
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${1:-}" ]; then
  fresh="$1"
else
  fresh=$(mktemp -d)
  trap 'rm -rf "$fresh"' EXIT
  DIST_DIR="$fresh" node scripts/bundle.mjs >/dev/null
fi
if ! diff -r -q "$fresh" dist >/dev/null; then
  echo "check-dist: dist/ differs from a fresh bundle. Run 'npm run bundle' and commit dist/." >&2
  diff -r -q "$fresh" dist >&2 || true
  exit 1
fi
echo "check-dist: dist/ matches a fresh bundle"
