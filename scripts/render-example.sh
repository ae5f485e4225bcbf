#!/usr/bin/env bash
# Renders docs/example-comment.md, the report the README shows: a pull request that turns the example
# service's slim multi-stage Dockerfile (the base branch) into the bloated single-stage one, caught by
# docker-diet with its findings and a failed `max-increase` budget.
# A comparison needs both at the same path in two commits, so this copies examples/go-service into a
# scratch git repository, commits the slim Dockerfile as the base, stores its measurement in git notes
# as the main branch's runs do (`measure --store`, on the base and on a later docs-only commit, so the
# size history has points), commits the bloated one over it as the head, and runs the bundled CLI
# there: it compares with the stored report and builds only the head. Commit dates and authors are
# fixed, so the SHAs shown in the report are the same on every run. Needs Docker and the local base
# images (scripts/base-images.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
example="$root/examples/go-service"
out="${1:-$root/docs/example-comment.md}"

work="$(mktemp -d "${TMPDIR:-/tmp}/docker-diet-example-XXXXXX")"
trap 'rm -rf "$work"' EXIT

export GIT_AUTHOR_NAME=docker-diet GIT_AUTHOR_EMAIL=docker-diet@example.com
export GIT_COMMITTER_NAME=docker-diet GIT_COMMITTER_EMAIL=docker-diet@example.com
export GIT_AUTHOR_DATE='2025-01-01T00:00:00Z' GIT_COMMITTER_DATE='2025-01-01T00:00:00Z'
git_() { git -C "$work" -c init.defaultBranch=main -c commit.gpgsign=false "$@"; }

# Everything but Dockerfile.slim (and Dockerfile.fixed, another variant), which becomes the base's Dockerfile at the same path.
(cd "$example" && tar --exclude=Dockerfile.slim --exclude=Dockerfile.fixed -cf - .) | tar -xf - -C "$work"
cp "$example/Dockerfile.slim" "$work/Dockerfile"
git_ init -q
git_ add -A
git_ commit -q -m 'base: multi-stage build, static binary on scratch'
mkdir -p "$(dirname "$out")"
start=$SECONDS
store() { (cd "$work" && node "$root/dist/cli.js" measure --store --name href-counter --quiet --format json >/dev/null); }
store
printf '\nSee Dockerfile.\n' >>"$work/README.md"
git_ commit -q -am 'docs: point to the Dockerfile'
store
base="$(git_ rev-parse HEAD)"
cp "$example/Dockerfile" "$work/Dockerfile"
git_ commit -q -am 'head: build and run in one stage'

# Exit 1 is expected: the budget fails, which is what the example shows. The head is built without the
# build cache, as on a fresh runner, so the report's build steps do not depend on this machine's cache.
# `--what-if true`: the example shows measured prices; `auto` would skip the what-if build here, since
# the fixes change the package install that is most of this cold build.
(cd "$work" && node "$root/dist/cli.js" run --base-ref "$base" --name href-counter --no-cache \
  --what-if true --max-increase 10% --format markdown --fail-on none --quiet --output "$out") || [ $? -eq 1 ]
# The images are only needed for this report; BuildKit keeps its cache anyway.
docker image rm -f $(docker images -q --filter "label=org.opencontainers.image.revision=$base") \
  $(docker images -q --filter "label=org.opencontainers.image.description=built by docker-diet for href-counter") \
  >/dev/null 2>&1 || true
# Prettier pads the tables (same rendering) so that `npm run format:check` accepts the committed file.
prettier="$root/node_modules/.bin/prettier"
if [ -x "$prettier" ]; then "$prettier" --write --log-level warn "$out"; fi
echo "wrote $out in $((SECONDS - start)) s"
