#!/usr/bin/env bash
# Makes sure `docker buildx` works, then prints `docker buildx version` on stdout (everything else goes
# to stderr). When the docker CLI has no buildx plugin, Debian unstable's docker-buildx package is
# downloaded (not installed) with a private sources list and apt state, unpacked into a cache folder,
# and its binary is copied to ~/.docker/cli-plugins/docker-buildx (or $DOCKER_CONFIG/cli-plugins).
# With an engine argument (20.10, 28, 28-containerd: see ensure-docker.sh), also checks that buildx
# reaches that engine and names its default builder's driver. Idempotent.
#   DOCKER_DIET_BUILDX_VERSION   the docker-buildx version to fetch (default 0.29.1)
#   DEBIAN_MIRROR                the Debian mirror (default http://deb.debian.org/debian)
set -euo pipefail

engine="${1:-}"
version="${DOCKER_DIET_BUILDX_VERSION:-0.29.1}"
cache_dir="${XDG_CACHE_HOME:-$HOME/.cache}/docker-diet/buildx/$version"
plugin_dir="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"
log() { echo "ensure-buildx: $*" >&2; }

command -v docker >/dev/null 2>&1 || {
  log "no docker CLI on PATH (Debian: apt-get install docker.io)"
  exit 2
}

# Downloads docker-buildx from Debian unstable into the cache folder, the way ensure-docker.sh fetches
# the Docker 28 packages: nothing on the system changes.
fetch_buildx() {
  [ -x "$cache_dir/usr/libexec/docker/cli-plugins/docker-buildx" ] && return
  command -v apt-get >/dev/null 2>&1 || {
    log "docker-buildx is fetched with apt-get (Debian); none here. Install the buildx plugin yourself."
    exit 2
  }
  local apt_dir
  apt_dir=$(mktemp -d)
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs"
  echo "deb ${DEBIAN_MIRROR:-http://deb.debian.org/debian} unstable main" >"$apt_dir/sources.list"
  local opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o Dir::Etc::sourceparts=-
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o APT::Sandbox::User=root)
  log "fetching docker-buildx $version from Debian unstable into $cache_dir"
  apt-get "${opts[@]}" update -qq >&2
  local deb_version
  deb_version=$(apt-cache "${opts[@]}" madison docker-buildx | awk -v v="$version" '$3 ~ "^"v"([+~-]|$)" {print $3; exit}')
  if [ -z "$deb_version" ]; then
    log "Debian unstable no longer has docker-buildx $version; set DOCKER_DIET_BUILDX_VERSION to one it has:"
    apt-cache "${opts[@]}" madison docker-buildx >&2 || true
    exit 2
  fi
  (cd "$apt_dir/debs" && apt-get "${opts[@]}" download "docker-buildx=$deb_version" >&2)
  rm -rf "$cache_dir.partial" && mkdir -p "$cache_dir.partial"
  for deb in "$apt_dir"/debs/*.deb; do dpkg-deb -x "$deb" "$cache_dir.partial"; done
  rm -rf "$cache_dir" && mv "$cache_dir.partial" "$cache_dir"
  rm -rf "$apt_dir"
  [ -x "$cache_dir/usr/libexec/docker/cli-plugins/docker-buildx" ] || {
    log "the docker-buildx package has no usr/libexec/docker/cli-plugins/docker-buildx; its files:"
    find "$cache_dir" -type f >&2
    exit 2
  }
}

if ! docker buildx version >/dev/null 2>&1; then
  fetch_buildx
  mkdir -p "$plugin_dir"
  install -m 0755 "$cache_dir/usr/libexec/docker/cli-plugins/docker-buildx" "$plugin_dir/docker-buildx"
  log "installed $plugin_dir/docker-buildx"
fi
docker buildx version >/dev/null 2>&1 || {
  log "docker buildx still does not run; try: docker buildx version"
  exit 2
}

if [ -n "$engine" ]; then
  host="$(bash "$(dirname "$0")/ensure-docker.sh" "$engine")"
  driver="$(DOCKER_HOST="$host" docker buildx inspect 2>/dev/null | awk '/^Driver:/ {print $2; exit}')"
  [ -n "$driver" ] || {
    log "docker buildx does not reach the $engine engine at $host; try: DOCKER_HOST=$host docker buildx inspect"
    exit 2
  }
  log "engine $engine ($host): default builder uses the $driver driver"
fi
docker buildx version
