# shellcheck shell=bash
# Helpers shared by the scripts under ci/ and by ./lab. Source it; it defines functions only.

lab_log()  { printf '[lab] %s\n' "$*" >&2; }
lab_die()  { printf '[lab] ERROR: %s\n' "$*" >&2; exit 1; }

# Seconds since the epoch with a fraction, for the timings the scripts print.
lab_now()  { date +%s.%N; }
lab_since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

# True on Debian (or a derivative that has apt and dpkg) when we are root.
lab_is_debian_root() {
  [ "$(id -u)" -eq 0 ] && [ -r /etc/debian_version ] && command -v apt-get >/dev/null 2>&1 \
    && command -v dpkg >/dev/null 2>&1
}

# The Debian mirror the host already uses, read from its apt sources at run time
# (deb822 *.sources first, then the one-line format). The first "deb" entry whose suite is
# the plain release or its -updates is taken; -security archives are a different tree.
# LAB_DEBIAN_MIRROR overrides it.
lab_debian_mirror() {
  if [ -n "${LAB_DEBIAN_MIRROR:-}" ]; then printf '%s\n' "${LAB_DEBIAN_MIRROR%/}"; return 0; fi
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    uri=$(awk '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && suites != "" && suites !~ /-security/ && uris != "") {
          split(uris, u, " "); print u[1]; found = 1; exit
        }
        types = ""; suites = ""; uris = ""
      }
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*$/ { flush(); next }
      tolower($1) == "types:"  { $1 = ""; types = $0 }
      tolower($1) == "uris:"   { $1 = ""; sub(/^ +/, ""); uris = $0 }
      tolower($1) == "suites:" { $1 = ""; suites = $0 }
      END { if (!found) flush() }
    ' "$f")
    if [ -n "$uri" ]; then printf '%s\n' "${uri%/}"; return 0; fi
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    uri=$(awk '
      /^[[:space:]]*deb[[:space:]]/ {
        i = 2
        if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) !~ /-security/) { print $i; exit }
      }' "$f")
    if [ -n "$uri" ]; then printf '%s\n' "${uri%/}"; return 0; fi
  done
  return 1
}

# The -security archive the host uses (may be empty).
lab_debian_security_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    uri=$(awk '
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*$/ { if (suites ~ /-security/ && uris != "") { split(uris, u, " "); print u[1]; exit }
                         suites = ""; uris = ""; next }
      tolower($1) == "uris:"   { $1 = ""; sub(/^ +/, ""); uris = $0 }
      tolower($1) == "suites:" { $1 = ""; suites = $0 }
      END { if (suites ~ /-security/ && uris != "") { split(uris, u, " "); print u[1] } }
    ' "$f" | head -n1)
    if [ -n "$uri" ]; then printf '%s\n' "${uri%/}"; return 0; fi
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    uri=$(awk '
      /^[[:space:]]*deb[[:space:]]/ {
        i = 2
        if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) ~ /-security/) { print $i; exit }
      }' "$f")
    if [ -n "$uri" ]; then printf '%s\n' "${uri%/}"; return 0; fi
  done
  return 0
}

# apt-get update at most once per process.
LAB_APT_UPDATED=${LAB_APT_UPDATED:-0}
lab_apt_update_once() {
  if [ "$LAB_APT_UPDATED" != 1 ]; then
    lab_log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    LAB_APT_UPDATED=1
  fi
}

# Install the Debian packages that are not installed yet, saying which.
lab_apt_install() {
  local p missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local t0; t0=$(lab_now)
  lab_apt_update_once
  lab_log "installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  lab_log "installed ${missing[*]} in $(lab_since "$t0")s"
}

# Marker left by ci/provision-docker.sh: this machine's engine was set up by us, has no
# registry, and needs the locally built stand-in images.
# shellcheck disable=SC2034  # used by the scripts that source this file
LAB_PROVISION_MARKER=/var/lib/lab/docker-provisioned

# The oldest Docker Engine the lab runs on: docker-compose.yml's health checks use start_interval
# (Engine 25, API 1.44). The engine's version, and whether it is that recent (false when none answers).
LAB_MIN_ENGINE=25
lab_engine_version() { docker version -f '{{.Server.Version}}' 2>/dev/null; }
lab_engine_recent() { local v; v=$(lab_engine_version) && [ "${v%%.*}" -ge "$LAB_MIN_ENGINE" ] 2>/dev/null; }
