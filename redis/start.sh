#!/bin/sh
# The Redis container's command (docker-compose.yml): turns redis/users.acl into redis-server's
# `user` directives, with each password replaced by its SHA-256, and starts Redis with them and
# the lab's settings. The passwords come from the environment (REDISCLI_AUTH for `default`,
# REDIS_SESSION_APP_PASSWORD, REDIS_TOKEN_APP_PASSWORD); they never reach a command line or a
# file here, and nothing is printed about them.
#
# `start.sh --write-conf FILE` only writes the configuration, into FILE, and starts nothing:
# redis/cluster.sh includes it in each of its six nodes' configurations.
set -eu

rules=${LAB_REDIS_USERS:-/etc/lab-redis/users.acl}
out=/tmp/lab-redis.conf
conf_only=0
if [ "${1:-}" = --write-conf ]; then
  out=${2:?"redis/start.sh: --write-conf needs a file"}
  conf_only=1
  shift 2
fi
umask 077

# REDIS_TOPOLOGY: single (default); sentinel: a primary and a replica that Redis Sentinel fails
# over (docker-compose.yml, profile sentinel); cluster: a node of the Redis Cluster that
# redis/cluster.sh runs (it sets this itself). REDIS_REPLICA_OF: the primary's address, on the node
# that starts as the replica (sentinel only: a cluster assigns its replicas itself).
topology=${REDIS_TOPOLOGY:-single}
case "$topology" in
  single) replicated=0 ;;
  sentinel|cluster) replicated=1 ;;
  *) echo "invalid configuration: REDIS_TOPOLOGY: must be one of single, sentinel, cluster, was '$topology'" >&2; exit 2 ;;
esac

# REDIS_PERSISTENCE: off (default) or aof. One line naming the variable on anything else.
persistence=${REDIS_PERSISTENCE:-off}
case "$persistence" in
  off|aof) ;;
  *) echo "invalid configuration: REDIS_PERSISTENCE: must be one of off, aof, was '$persistence'" >&2; exit 2 ;;
esac

# CLIENT SETINFO exists from Redis 7.2 (see users.acl).
version=$(redis-server --version | sed -n 's/.* v=\([0-9][0-9]*\.[0-9][0-9]*\).*/\1/p')
major=${version%%.*} minor=${version#*.}
if [ "$major" -gt 7 ] || { [ "$major" -eq 7 ] && [ "$minor" -ge 2 ]; }; then has_setinfo=1; else has_setinfo=0; fi

{
  # By default no persistence: a restarted Redis is empty (all Redis sessions and revocations are
  # gone), which is one of the failures this lab shows. With aof, every write is appended to
  # /data (the container's own file system: it survives a kill and a restart, not a recreate) and
  # flushed to disk once a second: a killed Redis process loses nothing it acknowledged (the
  # appends are in the kernel before the reply goes out); a machine that loses power loses up to
  # the last second.
  echo 'save ""'
  if [ "$persistence" = aof ]; then
    echo 'dir /data'
    echo 'appendonly yes'
    echo 'appendfsync everysec'
  else
    echo 'appendonly no'
  fi
  if [ "$replicated" = 1 ]; then
    # Every node may have to follow another one: the node that starts as the primary becomes a
    # replica when Sentinel (or, in a cluster, the other nodes) finds it back after a failover. It
    # logs in to its primary as user `replica` (users.acl). printf is the shell's builtin: the
    # password reaches no command line.
    echo 'masteruser replica'
    if [ -z "${REDIS_REPLICATION_PASSWORD:-}" ]; then echo "redis/start.sh: REDIS_REPLICATION_PASSWORD is not set" >&2; exit 2; fi
    printf 'masterauth "%s"\n' "$REDIS_REPLICATION_PASSWORD"
    if [ "$topology" = sentinel ] && [ -n "${REDIS_REPLICA_OF:-}" ]; then echo "replicaof $REDIS_REPLICA_OF 6379"; fi
  fi
  # Protected mode only guards a `default` user without a password; ours has one, so the
  # applications on the compose network may connect with protected mode left on.
  awk -v has_setinfo="$has_setinfo" -v replicated="$replicated" -v topology="$topology" '
    function fail(msg) { print "redis/start.sh: " msg > "/dev/stderr"; failed = 1; exit 1 }
    # "#" followed by the SHA-256 of the environment variable NAME. The value goes from the
    # environment to sha256sum through the shell builtin printf: it is on no command line.
    function hashed(name,   cmd, line) {
      if (ENVIRON[name] == "") fail(name " is not set")
      cmd = "printf %s \"$" name "\" | sha256sum"
      cmd | getline line
      close(cmd)
      split(line, parts, " ")
      return "#" parts[1]
    }
    /^[ \t]*#/ || /^[ \t]*$/ { next }
    $1 == "user" { if (current != "") print current; current = "user " $2; next }
    {
      if (current == "") fail("a rule before the first user line: " $0)
      if ($1 == "@IF_REDIS_7_2@") { if (!has_setinfo) next; $1 = "" }
      if ($1 == "@IF_REPLICATED@") { if (!replicated) next; $1 = "" }
      if ($1 == "@IF_SENTINEL@") { if (topology != "sentinel") next; $1 = "" }
      if ($1 == "@IF_CLUSTER@") { if (topology != "cluster") next; $1 = "" }
      if (match($0, /@PASSWORD:[A-Za-z_][A-Za-z0-9_]*@/)) {
        name = substr($0, RSTART + 10, RLENGTH - 11)
        $0 = substr($0, 1, RSTART - 1) hashed(name) substr($0, RSTART + RLENGTH)
      }
      sub(/^[ \t]+/, "")
      current = current " " $0
    }
    END { if (!failed && current != "") print current }
  ' "$rules"
} > "$out"

if [ "$conf_only" = 1 ]; then exit 0; fi
exec redis-server "$out" "$@"
