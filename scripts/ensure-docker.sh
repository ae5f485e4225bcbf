#!/usr/bin/env bash
# Make sure a Docker engine answers. If none does and this is Debian with root,
# install Debian's docker.io, start dockerd in the background and wait for it.
# Otherwise explain what to do. Idempotent: a running engine is left alone.
set -euo pipefail

log_file="${DOCKERD_LOG:-/tmp/docker-diet-dockerd.log}"
wait_seconds="${DOCKERD_WAIT_SECONDS:-60}"

engine_answers() {
  if command -v docker >/dev/null 2>&1; then
    docker version --format '{{.Server.Version}}' >/dev/null 2>&1
  else
    # No CLI: ask the socket directly.
    local sock="${DOCKER_HOST:-unix:///var/run/docker.sock}"
    sock="${sock#unix://}"
    [ -S "$sock" ] && curl -fsS --unix-socket "$sock" http://localhost/_ping >/dev/null 2>&1
  fi
}

if engine_answers; then
  echo "ensure-docker: engine answers ($(docker version --format 'server {{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null || echo up))"
  exit 0
fi

if [ -n "${DOCKER_HOST:-}" ] && [[ "${DOCKER_HOST}" != unix://* ]]; then
  echo "ensure-docker: DOCKER_HOST=${DOCKER_HOST} does not answer. Start that engine or unset DOCKER_HOST." >&2
  exit 2
fi

if [ "$(id -u)" != "0" ] || [ ! -f /etc/debian_version ]; then
  cat >&2 <<MSG
ensure-docker: no Docker engine answers, and this script only installs one on Debian as root.
Start Docker Desktop or your engine (e.g. 'sudo systemctl start docker'), or point DOCKER_HOST at one,
then run the command again.
MSG
  exit 2
fi

if ! command -v dockerd >/dev/null 2>&1; then
  echo "ensure-docker: installing docker.io from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # The machine may already have a docker CLI of its own elsewhere on PATH; docker.io brings dockerd,
  # containerd and runc. Keep whichever CLI comes first on PATH.
  apt-get install -y -qq --no-install-recommends docker.io iptables ca-certificates >/dev/null
fi

# Docker's runtime dirs; containerd comes with docker.io and dockerd starts its own when none runs.
mkdir -p /var/lib/docker /etc/docker
echo "ensure-docker: starting dockerd (log: $log_file)"
nohup dockerd --storage-driver=overlay2 >"$log_file" 2>&1 &

for _ in $(seq 1 "$wait_seconds"); do
  if engine_answers; then
    echo "ensure-docker: engine answers ($(docker version --format 'server {{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null || echo up))"
    exit 0
  fi
  sleep 1
done

echo "ensure-docker: dockerd did not answer within ${wait_seconds}s. Last lines of $log_file:" >&2
tail -n 20 "$log_file" >&2 || true
exit 2
