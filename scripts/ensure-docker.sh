#!/usr/bin/env bash
# Makes sure a Docker engine of the chosen kind answers and prints the DOCKER_HOST to reach it on
# stdout (everything else goes to stderr), so callers can write DOCKER_HOST=$(bash ensure-docker.sh 28).
#   20.10           (default) the machine's engine: DOCKER_HOST when set, else /var/run/docker.sock.
#                   When none answers on Debian as root, Debian's docker.io is installed and started.
#   28              Docker 28 with the overlay2 store, beside the machine's engine
#   28-containerd   Docker 28 with the containerd image store (Docker 29's default for new installs)
# The choice comes from the first argument, else DOCKER_DIET_ENGINE. Docker 28 engines run from
# Debian unstable's docker.io and containerd packages, unpacked (not installed) into a cache folder,
# with Debian 12's runc; each has its own containerd, data root, exec root, socket and bridge, so it
# never touches the machine's engine. Idempotent: an engine of that choice that answers is reused.
set -euo pipefail

choice="${1:-${DOCKER_DIET_ENGINE:-20.10}}"
wait_seconds="${DOCKERD_WAIT_SECONDS:-60}"
log() { echo "ensure-docker: $*" >&2; }

# --- the machine's engine (20.10 on Debian 12) --------------------------------------------------

ensure_default() {
  local log_file="${DOCKERD_LOG:-/tmp/docker-diet-dockerd.log}"
  local host="${DOCKER_HOST:-unix:///var/run/docker.sock}"
  engine_answers() {
    if command -v docker >/dev/null 2>&1; then
      DOCKER_HOST="$host" docker version --format '{{.Server.Version}}' >/dev/null 2>&1
    else
      # No CLI: ask the socket directly.
      local sock="${host#unix://}"
      [ -S "$sock" ] && curl -fsS --unix-socket "$sock" http://localhost/_ping >/dev/null 2>&1
    fi
  }
  describe() { DOCKER_HOST="$host" docker version --format 'server {{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null || echo up; }

  if engine_answers; then
    log "engine answers ($(describe))"
    echo "$host"
    return
  fi
  if [[ "$host" != unix://* ]]; then
    log "DOCKER_HOST=${host} does not answer. Start that engine or unset DOCKER_HOST."
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
    log "installing docker.io from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    # The machine may already have a docker CLI of its own elsewhere on PATH; docker.io brings dockerd,
    # containerd and runc. Keep whichever CLI comes first on PATH.
    apt-get install -y -qq --no-install-recommends docker.io iptables ca-certificates >/dev/null
  fi
  # Docker's runtime dirs; containerd comes with docker.io and dockerd starts its own when none runs.
  mkdir -p /var/lib/docker /etc/docker
  log "starting dockerd (log: $log_file)"
  setsid nohup dockerd --storage-driver=overlay2 >"$log_file" 2>&1 </dev/null &
  for _ in $(seq 1 "$wait_seconds"); do
    if engine_answers; then
      log "engine answers ($(describe))"
      echo "$host"
      return
    fi
    sleep 1
  done
  log "dockerd did not answer within ${wait_seconds}s. Last lines of $log_file:"
  tail -n 20 "$log_file" >&2 || true
  exit 2
}

# --- Docker 28 beside it ------------------------------------------------------------------------

version="${DOCKER_DIET_ENGINE_VERSION:-28.5.2}"
cache_dir="${XDG_CACHE_HOME:-$HOME/.cache}/docker-diet/engines/$version"
# Sockets live under /run: unix socket paths are limited to 108 bytes. Data under /var/lib: overlay2
# needs a real file system beneath it.
run_base="${DOCKER_DIET_ENGINES_RUN:-/run/docker-diet}"
data_base="${DOCKER_DIET_ENGINES_DATA:-/var/lib/docker-diet}"

# Downloads docker.io and containerd from Debian unstable without installing them: a private sources
# list and apt state, then dpkg-deb -x into the cache folder. Their binaries need glibc <= 2.34, so they
# run on Debian 12; unstable's runc does not (glibc 2.38), so Debian 12's runc is used.
# Recreates `docker0` with the given addresses (one CIDR a line) when another daemon deleted it; the
# 20.10 engine finds its bridge by name, and its NAT rules are still in place.
restore_docker0() {
  local addrs="$1" addr
  [ -n "$addrs" ] || return 0
  sleep 1 # the new daemon removes the bridge while it starts its network controller
  ip link show docker0 >/dev/null 2>&1 && return 0
  ip link add docker0 type bridge
  for addr in $addrs; do ip addr add "$addr" dev docker0; done
  ip link set docker0 up
  log "put back docker0 ($addrs), which the Docker 28 daemon removed"
}

fetch_engine() {
  [ -x "$cache_dir/usr/sbin/dockerd" ] && [ -x "$cache_dir/usr/bin/containerd" ] && return
  command -v apt-get >/dev/null 2>&1 || { log "Docker $version is fetched with apt-get (Debian); none here"; exit 2; }
  command -v runc >/dev/null 2>&1 || { log "need runc on PATH (Debian 12: apt-get install runc)"; exit 2; }
  local apt_dir
  apt_dir=$(mktemp -d)
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs"
  echo "deb ${DEBIAN_MIRROR:-http://deb.debian.org/debian} unstable main" >"$apt_dir/sources.list"
  local opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o Dir::Etc::sourceparts=-
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o APT::Sandbox::User=root)
  log "fetching Docker $version from Debian unstable into $cache_dir"
  apt-get "${opts[@]}" update -qq >&2
  local docker_deb
  docker_deb=$(apt-cache "${opts[@]}" madison docker.io | awk -v v="$version" '$3 ~ "^"v"[+~-]" {print $3; exit}')
  if [ -z "$docker_deb" ]; then
    log "Debian unstable no longer has docker.io $version; set DOCKER_DIET_ENGINE_VERSION to one it has:"
    apt-cache "${opts[@]}" madison docker.io >&2 || true
    exit 2
  fi
  (cd "$apt_dir/debs" && apt-get "${opts[@]}" download "docker.io=$docker_deb" containerd >&2)
  rm -rf "$cache_dir.partial" && mkdir -p "$cache_dir.partial"
  for deb in "$apt_dir"/debs/*.deb; do dpkg-deb -x "$deb" "$cache_dir.partial"; done
  rm -rf "$cache_dir" && mv "$cache_dir.partial" "$cache_dir"
  rm -rf "$apt_dir"
}

# Starts one Docker 28 engine: $1 name, $2 bridge subnet index, $3 true for the containerd store.
ensure_28() {
  local name="$1" net="$2" snapshotter="$3"
  local run="$run_base/$name" data="$data_base/$name"
  local sock="$run/docker.sock" host="unix://$run_base/$name/docker.sock"
  local bridge="dd-$name"
  bridge="${bridge:0:15}"
  answers() { DOCKER_HOST="$host" docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
  if answers; then
    log "Docker $name answers ($(DOCKER_HOST="$host" docker version --format 'server {{.Server.Version}}' 2>/dev/null))"
    echo "$host"
    return
  fi
  [ "$(id -u)" = "0" ] || { log "starting Docker $version beside the machine's engine needs root"; exit 2; }
  fetch_engine
  mkdir -p "$run" "$data/docker" "$data/containerd"
  export PATH="$cache_dir/usr/bin:$cache_dir/usr/sbin:$PATH"

  # Its own containerd: dockerd would otherwise use /run/containerd when one runs there.
  local ctd_sock="$run/containerd/containerd.sock"
  if ! ctr --address "$ctd_sock" version >/dev/null 2>&1; then
    mkdir -p "$run/containerd"
    cat >"$run/containerd.toml" <<TOML
version = 3
root = "$data/containerd"
state = "$run/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.cri.v1.runtime", "io.containerd.cri.v1.images"]
[grpc]
  address = "$ctd_sock"
[ttrpc]
  address = "$ctd_sock.ttrpc"
[debug]
  address = "$run/containerd/debug.sock"
[plugins."io.containerd.internal.v1.opt"]
  path = "$data/containerd-opt"
TOML
    setsid nohup containerd --config "$run/containerd.toml" >"$run/containerd.log" 2>&1 </dev/null &
    echo $! >"$run/containerd.pid"
    for _ in $(seq 1 "$wait_seconds"); do
      ctr --address "$ctd_sock" version >/dev/null 2>&1 && break
      sleep 0.5
    done
    ctr --address "$ctd_sock" version >/dev/null 2>&1 || {
      log "containerd for $name did not start; last lines of $run/containerd.log:"
      tail -n 20 "$run/containerd.log" >&2
      exit 2
    }
  fi

  # Its own bridge on a private /24, so docker0 stays the machine engine's.
  if ! ip link show "$bridge" >/dev/null 2>&1; then
    ip link add "$bridge" type bridge
    ip addr add "10.213.$net.1/24" dev "$bridge"
  fi
  ip link set "$bridge" up
  # With --iptables=false (below) the engine adds no NAT; builds that fetch packages (apt-get in a RUN)
  # need it, so the bridge gets the two rules Docker would add: masquerade out, forward both ways.
  if command -v iptables >/dev/null 2>&1; then
    local subnet="10.213.$net.0/24"
    iptables -t nat -C POSTROUTING -s "$subnet" ! -o "$bridge" -j MASQUERADE 2>/dev/null ||
      iptables -t nat -A POSTROUTING -s "$subnet" ! -o "$bridge" -j MASQUERADE
    iptables -C FORWARD -i "$bridge" -j ACCEPT 2>/dev/null || iptables -I FORWARD -i "$bridge" -j ACCEPT
    iptables -C FORWARD -o "$bridge" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT 2>/dev/null ||
      iptables -I FORWARD -o "$bridge" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
  else
    log "no iptables: containers of Docker $name reach no network (builds that fetch packages fail)"
  fi

  cat >"$run/daemon.json" <<JSON
{
  "features": { "containerd-snapshotter": $snapshotter },
  "default-address-pools": [{ "base": "10.214.$net.0/24", "size": 28 }]
}
JSON
  rm -f "$sock"
  # --iptables=false: the machine's engine owns the DOCKER chains; builds here need no NAT.
  # No --storage-driver with the containerd store: its snapshotter is containerd's overlayfs, and
  # naming overlay2 there makes every build fail with "snapshotter not loaded".
  local driver=(--storage-driver overlay2)
  [ "$snapshotter" = true ] && driver=()
  # Docker 28's network controller deletes the default bridge `docker0` when it starts, even with a
  # bridge of its own, and the machine's 20.10 engine then fails every build ("could not find bridge
  # docker0") until it restarts. Note docker0's addresses now and put the bridge back afterwards.
  local docker0_addrs
  docker0_addrs="$(ip -o -4 addr show dev docker0 2>/dev/null | awk '{print $4}' || true)"
  setsid nohup dockerd --config-file "$run/daemon.json" --data-root "$data/docker" --exec-root "$run/exec" \
    --pidfile "$run/docker.pid" -H "$host" --containerd "$ctd_sock" --containerd-namespace "docker-diet-$name" \
    --containerd-plugins-namespace "docker-diet-$name-plugins" --bridge "$bridge" --iptables=false \
    --ip6tables=false "${driver[@]}" >"$run/dockerd.log" 2>&1 </dev/null &
  for _ in $(seq 1 "$wait_seconds"); do
    if answers; then
      restore_docker0 "$docker0_addrs"
      log "Docker $name answers ($(DOCKER_HOST="$host" docker info --format 'server {{.ServerVersion}}, driver {{.Driver}} {{.DriverStatus}}' 2>/dev/null)); log: $run/dockerd.log"
      echo "$host"
      return
    fi
    sleep 1
  done
  log "Docker $name did not answer within ${wait_seconds}s. Last lines of $run/dockerd.log:"
  tail -n 20 "$run/dockerd.log" >&2 || true
  exit 2
}

case "$choice" in
  20.10 | default) ensure_default ;;
  28) ensure_28 28 28 false ;;
  28-containerd) ensure_28 28-containerd 29 true ;;
  *)
    log "unknown engine '$choice'; choose 20.10, 28 or 28-containerd"
    exit 2
    ;;
esac
