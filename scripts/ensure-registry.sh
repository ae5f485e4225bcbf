#!/usr/bin/env bash
# Makes sure a local Docker registry (Debian's `docker-registry` package, the CNCF distribution
# registry) answers, for tests that push images and read their real compressed sizes.
#   bash scripts/ensure-registry.sh           plain HTTP on 127.0.0.1:5000
#   bash scripts/ensure-registry.sh --auth    plain HTTP on 127.0.0.1:5001 with htpasswd Basic auth
#                                             (user $REGISTRY_USER, password $REGISTRY_PASSWORD)
# Each instance runs in the background from its own config and storage under $REGISTRY_BASE_DIR (not
# the system service). Idempotent: an instance that already answers is left alone, so a second call
# returns at once. The engine treats 127.0.0.0/8 registries as insecure, so HTTP pushes work.
set -euo pipefail

auth=0
[ "${1:-}" = "--auth" ] && auth=1
base_dir="${REGISTRY_BASE_DIR:-/tmp/docker-diet-registry}"
user="${REGISTRY_USER:-docker-diet}"
password="${REGISTRY_PASSWORD:-docker-diet-test}"
wait_seconds="${REGISTRY_WAIT_SECONDS:-30}"
if [ "$auth" = 1 ]; then port="${REGISTRY_AUTH_PORT:-5001}"; else port="${REGISTRY_PORT:-5000}"; fi
dir="$base_dir/$port"

# /v2/ answers 200 without auth and 401 with it; either means the registry is up.
answers() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/v2/" 2>/dev/null || true)
  [ "$code" = "200" ] || [ "$code" = "401" ]
}

if answers; then
  echo "ensure-registry: registry answers on 127.0.0.1:$port"
  exit 0
fi

# Root here; on hosted runners (not root, passwordless sudo, e.g. GitHub's) through `sudo -n`.
as_root() {
  if [ "$(id -u)" = "0" ]; then "$@"; elif sudo -n true 2>/dev/null; then sudo -n "$@"; else return 1; fi
}

apt_install() {
  if [ ! -f /etc/debian_version ] || ! as_root true; then
    echo "ensure-registry: need $* (Debian package); install it, or run as root (or with sudo) on Debian" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  # The package's own service must not start: this script runs instances with their own configs.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 || {
    as_root apt-get update -qq >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  }
}

command -v docker-registry >/dev/null 2>&1 || apt_install docker-registry
command -v curl >/dev/null 2>&1 || apt_install curl

mkdir -p "$dir/data"
auth_block=""
if [ "$auth" = 1 ]; then
  # The registry accepts bcrypt entries only. htpasswd (apache2-utils) writes them; Python's crypt
  # (libxcrypt) does too, so apache2-utils is needed only when Python cannot.
  if command -v htpasswd >/dev/null 2>&1; then
    htpasswd -Bbn "$user" "$password" >"$dir/htpasswd"
  elif python3 -c 'import crypt' >/dev/null 2>&1; then
    python3 -W ignore -c 'import crypt, sys; print(sys.argv[1] + ":" + crypt.crypt(sys.argv[2], crypt.mksalt(crypt.METHOD_BLOWFISH)))' \
      "$user" "$password" >"$dir/htpasswd"
  else
    apt_install apache2-utils
    htpasswd -Bbn "$user" "$password" >"$dir/htpasswd"
  fi
  auth_block="auth:
  htpasswd:
    realm: docker-diet
    path: $dir/htpasswd"
fi

cat >"$dir/config.yml" <<CONFIG
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
$auth_block
CONFIG

echo "ensure-registry: starting docker-registry on 127.0.0.1:$port (log: $dir/registry.log)"
# Detached from the caller's stdio, so a caller waiting for this script's output does not wait for it.
setsid nohup docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null &
echo $! >"$dir/pid"

for _ in $(seq 1 $((wait_seconds * 5))); do
  if answers; then
    echo "ensure-registry: registry answers on 127.0.0.1:$port"
    exit 0
  fi
  sleep 0.2
done
echo "ensure-registry: the registry did not answer within ${wait_seconds}s. Last lines of $dir/registry.log:" >&2
tail -n 20 "$dir/registry.log" >&2 || true
exit 2
