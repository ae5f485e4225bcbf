#!/usr/bin/env bash
# The Quick start's first command: make sure an engine and the local base image exist, then run
# docker-diet (the committed bundle, so no `npm install` is needed) on the example app and print
# the report. Exits 0 when the report was produced, whatever it found.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-docker.sh
DOCKER_DIET_SKIP_BUSYBOX=1 bash scripts/base-images.sh

example=examples/go-service
out=${DOCKER_DIET_DEMO_OUT:-$(mktemp -d)}

echo
echo "== docker-diet run: $example/Dockerfile (the bloated one) =="
# `--what-if true` measures what the fixes save even when the build was cold (`auto` skips a what-if
# build that reruns most of a timed build).
node dist/cli.js run --context "$example" --name href-counter --fail-on none --what-if true \
  --format text --quiet --output "$out/bloated.txt" --sarif "$out/bloated.sarif" || status=$?
cat "$out/bloated.txt"
node dist/cli.js run --context "$example" --name href-counter --fail-on none --quiet \
  --format markdown --output "$out/bloated.md" || true
node dist/cli.js run --context "$example" --name href-counter --fail-on none --quiet \
  --format json --output "$out/bloated.json" || true

echo
echo "== docker-diet run: $example/Dockerfile.fixed (what docker-diet fix writes) =="
node dist/cli.js run --context "$example" --dockerfile "$example/Dockerfile.fixed" --name href-counter-fixed \
  --fail-on none --quiet --format text --output "$out/fixed.txt" || status=$?
cat "$out/fixed.txt"

echo
echo "== docker-diet run: $example/Dockerfile.slim (multi-stage, static binary on scratch) =="
node dist/cli.js run --context "$example" --dockerfile "$example/Dockerfile.slim" --name href-counter-slim \
  --fail-on none --quiet --format text --output "$out/slim.txt" || status=$?
cat "$out/slim.txt"

echo
echo "Reports (text, markdown, JSON, SARIF) are in $out"
exit "${status:-0}"
