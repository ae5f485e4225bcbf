#!/usr/bin/env bash
# The whole test suite, as CI runs it (the README's test command): dependencies, format, lint,
# typecheck, README/action.yml agreement, check-dist (one fresh bundle, which the suites reuse), the
# unit tests and the host tests (git, HTTP, no engine) once, then the integration and e2e suites
# against each tested engine in turn (ensure-docker.sh starts them all first, base-images.sh loads
# their base images, DOCKER_HOST points each run at its engine). One closing line per engine, then
# the summed `tests: N passed, N failed, N skipped` line that CI log readers look for.
#   DOCKER_DIET_ENGINES="20.10 28 28-containerd"   the engines to run against (this is the default)
# Safe to run again: each step skips what is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s ==\n' "$*"; }

step "dependencies"
# Exactly the committed lock file; --ignore-scripts keeps native addons out of node_modules and so
# out of dist/. Skipped when node_modules already matches the lock. A symlinked node_modules is an
# install shared with other checkouts: never reinstall into it (npm would replace the link).
if [ ! -x node_modules/.bin/jest ] ||
  { [ ! -L node_modules ] && [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
  npm ci --ignore-scripts --no-audit --no-fund
fi

step "format"
npx prettier --check .
step "lint"
npx eslint .
step "typecheck"
npx tsc --noEmit -p tsconfig.json
step "README tables"
node scripts/check-readme.mjs

results_dir="$(mktemp -d)"
fresh_dist="$(mktemp -d)"
trap 'rm -rf "$results_dir" "$fresh_dist"' EXIT
status=0
summary=()

# Reads one jest --json result file: "passed failed skipped".
counts() {
  node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(`${r.numPassedTests} ${r.numFailedTests} ${r.numPendingTests}`);' "$1" 2>/dev/null || echo "0 0 0"
}

step "check-dist"
# Bundled once (about a minute of CPU): checked against the committed dist/ here, and run by the
# suites that test the bundled CLI (DOCKER_DIET_DIST), so none of them bundles again.
DIST_DIR="$fresh_dist" node scripts/bundle.mjs >/dev/null
if ! bash scripts/check-dist.sh "$fresh_dist"; then
  status=1
  summary+=("check-dist: dist/ differs from a fresh bundle")
fi
export DOCKER_DIET_DIST="$fresh_dist"

step "ssh server and ShellCheck"
# The ssh:// engine test runs a throw-away sshd on 127.0.0.1 (it needs sshd, ssh-agent, ssh-keygen);
# the lint tests run the real ShellCheck over RUN scripts.
if [ ! -x /usr/sbin/sshd ] || ! command -v ssh-agent >/dev/null 2>&1 || ! command -v shellcheck >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && [ -f /etc/debian_version ]; then
    packages="openssh-server openssh-client shellcheck"
    # shellcheck disable=SC2086 # the package list is meant to split
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >/dev/null ||
      { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >/dev/null; }
  else
    echo "test.sh: install openssh-server, openssh-client and shellcheck for the ssh:// engine and ShellCheck tests" >&2
  fi
fi
echo "sshd: $(command -v /usr/sbin/sshd || echo missing)"
echo "shellcheck: $(command -v shellcheck || echo missing)"

step "buildx"
# The buildx integration tests build through `docker buildx`; without it they fail saying so.
bash scripts/ensure-buildx.sh || echo "test.sh: docker buildx is not available; the buildx tests will fail" >&2

step "unit tests"
NODE_OPTIONS=--experimental-vm-modules npx jest --ci --maxWorkers=2 --selectProjects unit --json \
  --outputFile="$results_dir/unit.json" || status=1
read -r p f s <<<"$(counts "$results_dir/unit.json")"
summary+=("unit: $p passed, $f failed, $s skipped")

step "host tests (real git, HTTP and the local registry; no engine)"
# They do not touch a Docker engine, so they run once rather than once per engine.
NODE_OPTIONS=--experimental-vm-modules npx jest --ci --maxWorkers=2 --selectProjects host --json \
  --outputFile="$results_dir/host.json" || status=1
read -r p f s <<<"$(counts "$results_dir/host.json")"
summary+=("host: $p passed, $f failed, $s skipped")

engines="${DOCKER_DIET_ENGINES:-20.10 28 28-containerd}"
# Every engine starts before any suite runs: some suites use an engine besides the one they run on
# (registry-buildkit.itg pushes with buildx on the 28-containerd engine whatever DOCKER_HOST says), so
# that engine is started even when the list leaves it out.
step "engines"
declare -A hosts=()
push_engine=28-containerd
[[ " $engines " == *" $push_engine "* ]] || [ -n "${DOCKER_DIET_PUSH_HOST:-}" ] || engines_to_start="$engines $push_engine"
for engine in ${engines_to_start:-$engines}; do
  if ! host="$(bash scripts/ensure-docker.sh "$engine")"; then
    summary+=("engine $engine: not started (see ensure-docker above)")
    status=1
    continue
  fi
  if ! DOCKER_HOST="$host" bash scripts/base-images.sh; then
    summary+=("engine $engine: base images missing (see base-images above)")
    status=1
    continue
  fi
  # buildx reaches this engine through the same DOCKER_HOST (its default builder uses the docker driver).
  DOCKER_HOST="$host" docker buildx inspect >/dev/null 2>&1 || echo "test.sh: docker buildx does not reach $host" >&2
  hosts[$engine]="$host"
done

for engine in $engines; do
  [ -n "${hosts[$engine]:-}" ] || continue
  host="${hosts[$engine]}"
  step "integration + e2e tests on Docker $engine"
  started=$(date +%s)
  out="$results_dir/itg-${engine}.json"
  # One suite at a time on the containerd store: there, BuildKit builds that run at once share FROM
  # vertexes across builds (a build's steps then list another build's FROM) and a build a moment after
  # the same one has been seen to miss its cache, so suites that assert steps or cache hits flake.
  workers=2
  [ "$engine" != 28-containerd ] || workers=1
  DOCKER_HOST="$host" NODE_OPTIONS=--experimental-vm-modules npx jest --ci --maxWorkers="$workers" --selectProjects itg \
    --json --outputFile="$out" || status=1
  read -r p f s <<<"$(counts "$out")"
  summary+=("engine $engine ($host): $p passed, $f failed, $s skipped in $(($(date +%s) - started))s")
done

step "results"
printf '%s\n' "${summary[@]}"
# One plain closing line that any CI log reader understands: the sum over every run above.
node -e 'const fs = require("fs"); const t = [0, 0, 0];
  for (const f of fs.readdirSync(process.argv[1])) {
    try { const r = JSON.parse(fs.readFileSync(`${process.argv[1]}/${f}`, "utf8"));
      t[0] += r.numPassedTests; t[1] += r.numFailedTests; t[2] += r.numPendingTests; } catch {}
  }
  console.log(`tests: ${t[0]} passed, ${t[1]} failed, ${t[2]} skipped`);' "$results_dir" || true
[ "$status" -eq 0 ] || exit "$status"
