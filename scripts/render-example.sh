#!/usr/bin/env bash
# Renders docs/example-comment.md, the report the README shows: docker-diet comparing the example
# service's slim Dockerfile (the "pull request") against its bloated one (the "base branch").
# A comparison needs both at the same path in two commits, so this copies examples/go-service into a
# scratch git repository, commits the bloated Dockerfile as the base and the slim one over it as the
# head, and runs the bundled CLI there. Commit dates and authors are fixed, so the SHAs shown in the
# report are the same on every run. Needs Docker and the local base images (scripts/base-images.sh).
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

# Everything but Dockerfile.slim: the head's Dockerfile is the slim one, at the same path.
(cd "$example" && tar --exclude=Dockerfile.slim -cf - .) | tar -xf - -C "$work"
git_ init -q
git_ add -A
git_ commit -q -m 'base: the bloated Dockerfile'
base="$(git_ rev-parse HEAD)"
cp "$example/Dockerfile.slim" "$work/Dockerfile"
git_ commit -q -am 'head: multi-stage build, static binary on scratch'

mkdir -p "$(dirname "$out")"
start=$SECONDS
(cd "$work" && node "$root/dist/cli.js" run --base-ref "$base" --name href-counter \
  --format markdown --fail-on none --quiet --output "$out")
# The base build (1.4 GB, untagged) is only needed for this report; BuildKit keeps its cache anyway.
docker image rm -f $(docker images -q --filter "label=org.opencontainers.image.revision=$base") \
  >/dev/null 2>&1 || true
# Prettier pads the tables (same rendering) so that `npm run format:check` accepts the committed file.
prettier="$root/node_modules/.bin/prettier"
if [ -x "$prettier" ]; then "$prettier" --write --log-level warn "$out"; fi
echo "wrote $out in $((SECONDS - start)) s"
