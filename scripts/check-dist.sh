#!/usr/bin/env bash
# check-dist: bundle afresh into a scratch folder and fail when dist/ differs from it.
set -euo pipefail
cd "$(dirname "$0")/.."
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
DIST_DIR="$fresh" node scripts/bundle.mjs >/dev/null
if ! diff -r -q "$fresh" dist >/dev/null; then
  echo "check-dist: dist/ differs from a fresh bundle. Run 'npm run bundle' and commit dist/." >&2
  diff -r -q "$fresh" dist >&2 || true
  exit 1
fi
echo "check-dist: dist/ matches a fresh bundle"
