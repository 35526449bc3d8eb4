#!/usr/bin/env bash
# Build, without any registry, the images this project names by their public tags:
#
#   lab-base:bookworm               Debian 12 minbase, debootstrapped from the host's apt mirror
#   lab-base:trixie                 Debian 13 minbase, the same way (for Java 25)
#   eclipse-temurin:25-jre          ci/images/eclipse-temurin-25-jre        (Debian 13's OpenJDK 25 JRE + curl)
#   maven:3.9-eclipse-temurin-17    ci/images/maven-3.9-eclipse-temurin-17  (OpenJDK 17 JDK + Maven)
#   redis:7                         ci/images/redis-7                       (Debian's redis 7.0)
#   nginx:1.27                      ci/images/nginx-1.27                    (Debian's nginx 1.22)
#   haproxy:2.6                     ci/images/haproxy-2.6                   (Debian's haproxy 2.6; the
#                                   loadtest service's filter in front of the Docker socket)
#
# so that `FROM` in our Dockerfile and `image:` in docker-compose.yml resolve locally, with no
# pull. Idempotent: an image that exists is skipped. Each stand-in carries the label
# lab.stand-in=<hash of its Dockerfile>; it is rebuilt when its Dockerfile changes. An image of
# the same name that lacks the label (a real one, pulled from a registry) is never replaced.
# LAB_REBUILD_IMAGES=1 rebuilds every stand-in (and the base image).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=ci/lib.sh
. "$here/lib.sh"

# Bump when the base image recipe below changes.
BASE_RECIPE=2
# Certificate authorities the host's administrator added (Debian's place for them). On a network
# whose egress goes through a TLS-inspecting proxy, Maven inside `docker build` can reach its
# repository only if the images trust the same CAs as the host. Usually empty.
LOCAL_CA_DIR=/usr/local/share/ca-certificates
# Stand-ins in build order: "directory under ci/images  tag".
STAND_INS=(
  "eclipse-temurin-25-jre eclipse-temurin:25-jre"
  "maven-3.9-eclipse-temurin-17 maven:3.9-eclipse-temurin-17"
  "redis-7 redis:7"
  "nginx-1.27 nginx:1.27"
  "haproxy-2.6 haproxy:2.6"
)

t_all=$(lab_now)
rootfs=
docker version >/dev/null 2>&1 || lab_die "No Docker engine answers: run ci/provision-docker.sh first."

image_label() { # image label -> value ("" when the image or the label is missing)
  docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null | sed 's/^<no value>$//' || true
}
image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

local_cas_hash() {
  if [ -d "$LOCAL_CA_DIR" ]; then
    (cd "$LOCAL_CA_DIR" && find . -name '*.crt' -type f | LC_ALL=C sort | xargs -r sha256sum) | sha256sum | cut -c1-12
  else
    echo none
  fi
}

build_base() { # Debian suite: bookworm or trixie -> lab-base:<suite>
  local suite=$1 tag=lab-base:$1 want
  want="base-$BASE_RECIPE-$(local_cas_hash)"
  if image_exists "$tag" && [ "${LAB_REBUILD_IMAGES:-0}" != 1 ]; then
    if [ "$(image_label "$tag" lab.stand-in)" = "$want" ]; then
      lab_log "$tag exists; skipping"; return 0
    fi
  fi
  command -v debootstrap >/dev/null 2>&1 || {
    lab_is_debian_root || lab_die "debootstrap is missing: install it (Debian package debootstrap)."
    lab_apt_install debootstrap
  }
  [ "$(id -u)" -eq 0 ] || lab_die "debootstrap needs root."
  local mirror security t0
  mirror=$(lab_debian_mirror) || lab_die "Cannot find a Debian mirror in the host's apt sources; set LAB_DEBIAN_MIRROR."
  security=$(lab_debian_security_mirror)
  rootfs=$(mktemp -d /var/tmp/lab-rootfs.XXXXXX)
  trap 'rm -rf "$rootfs"' EXIT
  t0=$(lab_now)
  lab_log "debootstrap --variant=minbase $suite from $mirror"
  debootstrap --variant=minbase --include=ca-certificates "$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 || {
    tail -n 30 "$rootfs.log" >&2; lab_die "debootstrap failed (log $rootfs.log)"; }
  rm -f "$rootfs.log"
  lab_log "debootstrap took $(lab_since "$t0")s"

  if [ -d "$LOCAL_CA_DIR" ] && [ -n "$(find "$LOCAL_CA_DIR" -name '*.crt' -type f)" ]; then
    lab_log "adding the host's local CA certificates from $LOCAL_CA_DIR"
    (cd "$LOCAL_CA_DIR" && find . -name '*.crt' -type f -exec cp --parents {} "$rootfs$LOCAL_CA_DIR/" \;)
    chroot "$rootfs" update-ca-certificates >/dev/null 2>&1
  fi

  # apt inside the image: the same mirror as the host, deb822 style like Debian's own images.
  rm -f "$rootfs/etc/apt/sources.list"
  {
    printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\n' "$mirror" "$suite" "$suite"
    printf 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n'
    if [ -n "$security" ]; then
      printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\n' "$security" "$suite"
      printf 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n'
    fi
  } > "$rootfs/etc/apt/sources.list.d/debian.sources"
  # Delete downloaded .debs after every dpkg run (as Debian's official images do): without it
  # every image layer that installs packages carries their archives too (about 40 % bigger).
  cat > "$rootfs/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
APT
  printf 'Acquire::Languages "none";\n' > "$rootfs/etc/apt/apt.conf.d/docker-no-languages"
  # If the host tolerates an expired Release file (a pinned snapshot mirror), so must the image.
  if apt-config dump 2>/dev/null | grep -q '^Acquire::Check-Valid-Until "false"'; then
    printf 'Acquire::Check-Valid-Until "false";\n' > "$rootfs/etc/apt/apt.conf.d/lab-valid-until"
  fi
  # No service may start while packages are installed during an image build.
  printf '#!/bin/sh\nexit 101\n' > "$rootfs/usr/sbin/policy-rc.d"
  chmod 0755 "$rootfs/usr/sbin/policy-rc.d"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log \
         "$rootfs"/var/log/apt/* "$rootfs"/tmp/* "$rootfs"/root/.bash_history
  : > "$rootfs/etc/resolv.conf"; : > "$rootfs/etc/hostname"

  t0=$(lab_now)
  tar --numeric-owner --xattrs -C "$rootfs" \
      --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -c . \
    | docker import \
        --change 'CMD ["bash"]' \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change "LABEL lab.stand-in=$want" \
        - "$tag" >/dev/null
  lab_log "docker import $tag took $(lab_since "$t0")s"
  rm -rf "$rootfs"
  # Stand-ins built on an older base are rebuilt below: their label hashes the base image's id.
}

build_stand_in() { # dir tag
  local dir="$here/images/$1" tag=$2 want have t0 base
  base=$(awk '/^FROM /{print $2; exit}' "$dir/Dockerfile")
  want=$( (cat "$dir/Dockerfile"; docker image inspect -f '{{.Id}}' "$base") | sha256sum | cut -c1-16)
  if image_exists "$tag"; then
    have=$(image_label "$tag" lab.stand-in)
    if [ -z "$have" ]; then
      lab_log "$tag exists and is not a stand-in (a real image); leaving it alone"; return 0
    fi
    if [ "$have" = "$want" ] && [ "${LAB_REBUILD_IMAGES:-0}" != 1 ]; then
      lab_log "$tag exists; skipping"; return 0
    fi
  fi
  t0=$(lab_now)
  lab_log "building stand-in $tag from ci/images/$1"
  # --pull=false: FROM lab-base:<suite> is local; never ask a registry.
  if ! docker build --pull=false --label "lab.stand-in=$want" -t "$tag" "$dir" >"/var/tmp/lab-build-$1.log" 2>&1; then
    tail -n 30 "/var/tmp/lab-build-$1.log" >&2
    lab_die "building $tag failed (log /var/tmp/lab-build-$1.log)"
  fi
  rm -f "/var/tmp/lab-build-$1.log"
  lab_log "$tag built in $(lab_since "$t0")s ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%d MB", $1/1000000}'))"
}

build_base bookworm
build_base trixie
for entry in "${STAND_INS[@]}"; do
  # shellcheck disable=SC2086
  build_stand_in $entry
done
# Stand-ins replaced by a rebuild leave untagged images behind.
docker image prune -f --filter label=lab.stand-in >/dev/null 2>&1 || true
lab_log "build-base-images.sh done in $(lab_since "$t_all")s"
