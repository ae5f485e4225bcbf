#!/usr/bin/env bash
# Makes the local base images that tests, benchmarks and the demo build FROM, because no registry can
# be reached on the machines this project is built on. Each image is skipped when already present.
#   docker-diet-base/busybox:1     busybox-static (Debian package) imported: a ~2 MB image with a shell
#   docker-diet-base/debian:12     debootstrap --variant=minbase bookworm imported: a ~100 MB Debian
# When a registry is reachable (DOCKER_DIET_PULL=1), the upstream images are pulled and tagged instead.
# The images go to the engine DOCKER_HOST names, or to the engine chosen by the first argument (20.10,
# 28, 28-containerd; see ensure-docker.sh). When that is not the machine's own engine and the machine's
# engine has the images, they are copied with docker save | docker load, so every engine tests against
# the same bytes.
set -euo pipefail

if [ -n "${1:-}" ]; then
  DOCKER_HOST="$(bash "$(dirname "$0")/ensure-docker.sh" "$1")"
  export DOCKER_HOST
fi
SOURCE_HOST="${DOCKER_DIET_BASE_SOURCE:-unix:///var/run/docker.sock}"

BUSYBOX_TAG="docker-diet-base/busybox:1"
DEBIAN_TAG="docker-diet-base/debian:12"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

# Copies an image from the machine's engine when this is another engine and that one has it.
copy_from_source() {
  [ "${DOCKER_HOST:-unix:///var/run/docker.sock}" != "$SOURCE_HOST" ] || return 1
  DOCKER_HOST="$SOURCE_HOST" docker image inspect "$1" >/dev/null 2>&1 || return 1
  DOCKER_HOST="$SOURCE_HOST" docker save "$1" | docker load -q >/dev/null
}

apt_install() {
  if [ "$(id -u)" != "0" ]; then
    echo "base-images: need '$*' installed (apt-get install $*) or run as root" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  [ -n "${_apt_updated:-}" ] || { apt-get update -qq >/dev/null; _apt_updated=1; }
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

can_make() { [ "$(id -u)" = "0" ] && [ -f /etc/debian_version ]; }

try_pull() {
  # Pull when asked to, or when this machine cannot make the image itself (a laptop with Docker).
  [ "${DOCKER_DIET_PULL:-0}" = "1" ] || ! can_make || return 1
  docker pull -q "$1" >/dev/null 2>&1 && docker tag "$1" "$2"
}

make_busybox() {
  have_image "$BUSYBOX_TAG" && { echo "base-images: $BUSYBOX_TAG present"; return; }
  copy_from_source "$BUSYBOX_TAG" && { echo "base-images: loaded $BUSYBOX_TAG from $SOURCE_HOST"; return; }
  try_pull busybox:1.36 "$BUSYBOX_TAG" && { echo "base-images: pulled $BUSYBOX_TAG"; return; }
  [ -x /bin/busybox ] || apt_install busybox-static
  local root
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/root"
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  # One hard link per applet, like the official image.
  for applet in $("$root/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln "$root/bin/busybox" "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  tar -C "$root" --numeric-owner --owner=0 --group=0 --mtime='2024-01-01 00:00Z' --sort=name -c . |
    docker import --change 'CMD ["sh"]' --change 'ENV PATH=/bin' - "$BUSYBOX_TAG" >/dev/null
  rm -rf "$root"
  echo "base-images: made $BUSYBOX_TAG"
}

make_debian() {
  have_image "$DEBIAN_TAG" && { echo "base-images: $DEBIAN_TAG present"; return; }
  copy_from_source "$DEBIAN_TAG" && { echo "base-images: loaded $DEBIAN_TAG from $SOURCE_HOST"; return; }
  try_pull debian:12-slim "$DEBIAN_TAG" && { echo "base-images: pulled $DEBIAN_TAG"; return; }
  command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap
  local root
  root=$(mktemp -d)
  echo "base-images: debootstrap bookworm (minbase) from $MIRROR"
  debootstrap --variant=minbase bookworm "$root" "$MIRROR" >/tmp/docker-diet-debootstrap.log 2>&1 || {
    echo "base-images: debootstrap failed; last lines of /tmp/docker-diet-debootstrap.log:" >&2
    tail -n 20 /tmp/docker-diet-debootstrap.log >&2
    exit 2
  }
  # Keep the image close to the official one: no apt lists or caches, a sources list that works in builds.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
  echo "deb $MIRROR bookworm main" >"$root/etc/apt/sources.list"
  tar -C "$root" --numeric-owner --sort=name -c . |
    docker import --change 'CMD ["bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$DEBIAN_TAG" >/dev/null
  rm -rf "$root"
  echo "base-images: made $DEBIAN_TAG"
}

if [ "${DOCKER_DIET_SKIP_BUSYBOX:-0}" != "1" ]; then make_busybox; fi
if [ "${DOCKER_DIET_SKIP_DEBIAN:-0}" != "1" ]; then make_debian; fi
