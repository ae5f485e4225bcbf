#!/usr/bin/env bash
# `npm run bench`: every benchmark, printing figures. The lint and compare parts run once, on the
# default engine; the measure part runs on each tested engine in turn (DOCKER_DIET_ENGINES, default
# "20.10 28 28-containerd") and ends with the engines' ratios side by side. The buildx part (a cold
# build with and without an exported cache) runs on the 28-containerd engine, whose store lets
# buildx's docker driver export a cache.
#   npm run bench                 everything
#   npm run bench -- lint measure  only these parts (measure still runs on every engine)
set -euo pipefail
cd "$(dirname "$0")/.."

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(lint measure compare whatif buildx)
want() { local p; for p in "${parts[@]}"; do [ "$p" = "$1" ] && return 0; done; return 1; }

once=()
for part in "${parts[@]}"; do [ "$part" = measure ] || [ "$part" = buildx ] || once+=("$part"); done
if [ ${#once[@]} -gt 0 ]; then
  host="$(bash scripts/ensure-docker.sh)"
  DOCKER_HOST="$host" bash scripts/base-images.sh
  DOCKER_HOST="$host" npx tsx bench/index.ts "${once[@]}"
fi

if want buildx; then
  host="$(bash scripts/ensure-docker.sh 28-containerd)"
  DOCKER_HOST="$host" bash scripts/base-images.sh
  bash scripts/ensure-buildx.sh >/dev/null
  DOCKER_HOST="$host" npx tsx bench/index.ts buildx
fi

if want measure; then
  rows=()
  for engine in ${DOCKER_DIET_ENGINES:-20.10 28 28-containerd}; do
    host="$(bash scripts/ensure-docker.sh "$engine")"
    DOCKER_HOST="$host" bash scripts/base-images.sh
    log="$(mktemp)"
    DOCKER_HOST="$host" npx tsx bench/index.ts measure | tee "$log"
    ratio="$(grep -m1 'ratio analysis / save' "$log" | awk -F'|' '{gsub(/ /, "", $3); print $3}')"
    save="$(grep -m1 'docker save > /dev/null' "$log" | awk -F'|' '{gsub(/^ +| +$/, "", $3); print $3}')"
    analysis="$(grep -m1 'analysis (save + analyse)' "$log" | awk -F'|' '{gsub(/^ +| +$/, "", $3); print $3}')"
    warm="$(grep -m1 'ratio warm cache / save' "$log" | awk -F'|' '{gsub(/ /, "", $3); print $3}')"
    relabelled="$(grep -m1 '  ratio to save' "$log" | awk -F'|' '{gsub(/ /, "", $3); print $3}')"
    rows+=("| $engine | $save | $analysis | $ratio | $warm | $relabelled |")
    rm -f "$log"
  done
  printf '\nmeasure bench by engine (%s)\n| engine | docker save | first measure | ratio | warm cache, same image | warm layers, new image |\n| --- | --- | --- | --- | --- | --- |\n' "$(date -u +%Y-%m-%d)"
  printf '%s\n' "${rows[@]}"
fi
