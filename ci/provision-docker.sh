#!/usr/bin/env bash
# Make a Docker engine (25 or newer) answer on this machine, for a Debian machine with root and no
# systemd (a CI machine or a developer's box). Idempotent: what already works is left alone.
#
#   1. If `docker version` answers with an engine of 25 or newer, it is left alone. An older engine
#      that this script started earlier is stopped and replaced; someone else's is refused with one
#      sentence. Else: install runc, iptables, debootstrap and curl from the host's Debian, take
#      dockerd and containerd from Debian 13 (trixie) packages into /opt/lab-docker/bin, pin the
#      daemon's address pools and turn its userland proxy off in /etc/docker/daemon.json, start
#      dockerd in the background (setsid, log /var/log/lab-dockerd.log, pid /run/lab-dockerd.pid)
#      and wait for it.
#   2. If `docker compose version` or `docker buildx version` does not answer, take the
#      Compose v2 and buildx CLI plugins from Debian 13 packages too, into
#      ${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins/.
#
# Why 25: docker-compose.yml's health checks use start_interval (every second until healthy,
# then every 5 s). Debian 12's own docker.io is 20.10, which checks at one interval for ever: fast
# checks cost an idle stack about an eighth of two cores in forks, slow ones make every start slow.
# Debian 13's dockerd (26.1) and containerd (1.7) need only libc6 >= 2.34 and run on Debian 12;
# its runc needs a newer libc, so Debian 12's runc (1.1) is used, which containerd 1.7 supports.
#
# Everything from Debian 13 is fetched with a private apt state next to the host's, pointing at
# the same mirror as the host's apt sources, so the host's own apt configuration stays untouched.
#
# Addresses: docker0 uses 10.213.0.0/24, networks created without a subnet get a /24 out of
# 10.213.128.0/17; docker-compose.yml pins its own network to 10.213.10.0/24, which lies in
# neither, so its static addresses never collide with anything the daemon hands out.
#
# Published ports without the userland proxy ("userland-proxy": false): the kernel forwards
# 127.0.0.1:8080 to nginx by NAT instead of a docker-proxy process copying every byte in user
# space. On a 2-core machine that proxy costs more CPU per request than nginx itself (compare
# `loadtest bench --only nginx-200,no-auth` with and without it). An engine set up before this
# setting keeps its own daemon.json (see write_daemon_json): add the line and restart dockerd.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=ci/lib.sh
. "$here/lib.sh"

DOCKERD_LOG=/var/log/lab-dockerd.log
DOCKERD_PID=/run/lab-dockerd.pid
DAEMON_JSON=/etc/docker/daemon.json
PLUGIN_DIR="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"
ENGINE_DIR=/opt/lab-docker
WAIT_SECONDS=${LAB_DOCKERD_WAIT:-60}

t_all=$(lab_now)

docker_answers() { command -v docker >/dev/null 2>&1 && docker version >/dev/null 2>&1; }
our_dockerd() { local pid; [ -s "$DOCKERD_PID" ] && pid=$(cat "$DOCKERD_PID") && kill -0 "$pid" 2>/dev/null && echo "$pid"; }

write_daemon_json() {
  local want
  want=$(cat <<'JSON'
{
  "bip": "10.213.0.1/24",
  "default-address-pools": [
    { "base": "10.213.128.0/17", "size": 24 }
  ],
  "userland-proxy": false,
  "log-driver": "json-file",
  "log-opts": { "max-size": "20m", "max-file": "2" }
}
JSON
)
  mkdir -p "$(dirname "$DAEMON_JSON")"
  if [ -e "$DAEMON_JSON" ]; then
    if [ "$(cat "$DAEMON_JSON")" = "$want" ]; then return 0; fi
    # Someone else's configuration: keep it (docker-compose.yml pins its own subnet anyway).
    lab_log "keeping the existing $DAEMON_JSON (not written by this script)"
    return 0
  fi
  lab_log "writing $DAEMON_JSON (bip 10.213.0.1/24, pools 10.213.128.0/17 in /24s, no userland proxy)"
  printf '%s\n' "$want" > "$DAEMON_JSON"
}

start_dockerd() {
  local pid
  if [ -s "$DOCKERD_PID" ] && pid=$(cat "$DOCKERD_PID") && kill -0 "$pid" 2>/dev/null; then
    lab_log "dockerd already running (pid $pid), waiting for it to answer"
  else
    lab_log "starting dockerd in the background (log $DOCKERD_LOG, pid file $DOCKERD_PID)"
    # setsid: its own session, so it survives the shell (and the CI step) that started it.
    # Debian 13's dockerd and containerd first on its PATH, Debian 12's runc after them.
    PATH="$ENGINE_DIR/bin:$PATH" setsid dockerd --config-file "$DAEMON_JSON" >>"$DOCKERD_LOG" 2>&1 </dev/null &
    echo $! > "$DOCKERD_PID"
  fi
  local t0 deadline
  t0=$(lab_now); deadline=$(( $(date +%s) + WAIT_SECONDS ))
  until docker version >/dev/null 2>&1; do
    pid=$(cat "$DOCKERD_PID")
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$DOCKERD_LOG" >&2 || true
      lab_die "dockerd exited; see $DOCKERD_LOG"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      tail -n 20 "$DOCKERD_LOG" >&2 || true
      lab_die "dockerd did not answer within ${WAIT_SECONDS}s; see $DOCKERD_LOG"
    fi
    sleep 0.2
  done
  lab_log "dockerd answers after $(lab_since "$t0")s"
}

# Stops the older dockerd this script started before (its containers stop with it).
stop_our_dockerd() {
  local pid=$1 deadline=$(( $(date +%s) + 60 ))
  lab_log "stopping the Docker $(lab_engine_version) engine this script started (pid $pid): the lab needs $LAB_MIN_ENGINE or newer"
  kill "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || lab_die "dockerd (pid $pid) did not stop within 60 s"
    sleep 0.2
  done
  rm -f "$DOCKERD_PID"
}

# Debian 13's dockerd, docker-proxy, containerd and its runc shim, into $ENGINE_DIR/bin.
install_engine() {
  [ -x "$ENGINE_DIR/bin/dockerd" ] && [ -x "$ENGINE_DIR/bin/containerd" ] && return 0
  local t0 x name src
  t0=$(lab_now)
  x=$(trixie_unpack docker.io containerd)
  mkdir -p "$ENGINE_DIR/bin"
  for name in dockerd docker-proxy containerd containerd-shim-runc-v2; do
    src=$(find "$x" -name "$name" -type f | head -n1)
    [ -n "$src" ] || lab_die "no $name in Debian 13's docker.io/containerd packages"
    install -m 0755 "$src" "$ENGINE_DIR/bin/$name"
  done
  rm -rf "$(dirname "$x")"
  lab_log "installed dockerd $("$ENGINE_DIR/bin/dockerd" --version | awk '{print $3}' | tr -d ,) and containerd into $ENGINE_DIR/bin in $(lab_since "$t0")s"
}

ensure_engine() {
  local pid
  if docker_answers; then
    if lab_engine_recent; then
      lab_log "docker engine $(lab_engine_version) already answers; leaving it alone"
      return 0
    fi
    pid=$(our_dockerd) || lab_die "The Docker engine here is $(lab_engine_version); the lab's health checks (start_interval) need Docker Engine $LAB_MIN_ENGINE or newer: upgrade it."
    stop_our_dockerd "$pid"
  fi
  lab_is_debian_root || lab_die "No Docker engine answers and this is not Debian with root: install Docker Engine $LAB_MIN_ENGINE or newer (with the compose and buildx plugins) and start it."
  lab_apt_install runc iptables debootstrap curl ca-certificates
  install_engine
  write_daemon_json
  start_dockerd
  lab_engine_recent || lab_die "the engine that answers is $(lab_engine_version), not $LAB_MIN_ENGINE or newer: is another dockerd on this machine?"
  mkdir -p "$(dirname "$LAB_PROVISION_MARKER")"
  printf 'engine provisioned by ci/provision-docker.sh on %s\n' "$(date -u +%FT%TZ)" > "$LAB_PROVISION_MARKER"
}

# Downloads Debian 13 (trixie) packages from the host's mirror with a private apt state and
# unpacks them into a new directory, whose path it prints.
trixie_unpack() {
  local mirror work x
  mirror=$(lab_debian_mirror) || lab_die "Cannot find a Debian mirror in the host's apt sources; set LAB_DEBIAN_MIRROR."
  work=/var/cache/lab-trixie-apt
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
  printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s trixie main\n' "$mirror" \
    > "$work/sources.list"
  local aptopts=(
    -o "Dir::Etc::SourceList=$work/sources.list"
    -o "Dir::Etc::SourceParts=/nonexistent"
    -o "Dir::State::Lists=$work/lists"
    -o "Dir::Cache=$work/cache"
    -o "Debug::NoLocking=1"
  )
  lab_log "fetching $* from Debian 13 (trixie) packages"
  apt-get -qq "${aptopts[@]}" update >&2
  x=$(mktemp -d "$work/debs.XXXXXX")
  # apt downloads as the unprivileged _apt user where it exists: let it write there.
  if id _apt >/dev/null 2>&1; then chown _apt "$x"; fi
  (cd "$x" && apt-get -qq "${aptopts[@]}" download "$@" >&2)
  local deb
  for deb in "$x"/*.deb; do dpkg-deb -x "$deb" "$x/root"; rm -f "$deb"; done
  printf '%s\n' "$x/root"
}

plugins_answer() {
  docker compose version >/dev/null 2>&1 && docker buildx version >/dev/null 2>&1
}

ensure_plugins() {
  if plugins_answer; then
    lab_log "docker compose $(docker compose version --short 2>/dev/null) and buildx already present"
    return 0
  fi
  lab_is_debian_root || lab_die "The Docker Compose v2 and buildx CLI plugins are missing: install them (docker-compose-plugin, docker-buildx-plugin)."
  local t0 x name src
  t0=$(lab_now)
  x=$(trixie_unpack docker-compose docker-buildx)
  mkdir -p "$PLUGIN_DIR"
  for name in docker-compose docker-buildx; do
    src=$(find "$x" -path '*/cli-plugins/*' -name "$name" -type f | head -n1)
    [ -n "$src" ] || src=$(find "$x" -name "$name" -type f -perm -u+x | head -n1)
    [ -n "$src" ] || lab_die "no $name binary in the trixie package"
    install -m 0755 "$src" "$PLUGIN_DIR/$name"
    lab_log "installed $PLUGIN_DIR/$name"
  done
  rm -rf "$(dirname "$x")"
  plugins_answer || lab_die "the compose/buildx plugins do not answer after installation"
  lab_log "compose $(docker compose version --short), buildx $(docker buildx version | awk '{print $2}') ready after $(lab_since "$t0")s"
}

ensure_engine
ensure_plugins
lab_log "provision-docker.sh done in $(lab_since "$t_all")s"
