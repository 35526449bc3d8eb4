#!/bin/sh
# A Redis Cluster of three primaries and three replicas as six redis-server processes in one
# container: redis-cluster's command (docker-compose.yml, profile cluster) and the tests' cluster
# (common's RedisClusterSupport, Testcontainers). Six containers would be closer to production;
# one keeps the lab to one image, one address and one thing to start (redis/README.md).
#
# REDIS_CLUSTER_PORTS          the six client ports, space- or comma-separated (default 7001..7006).
#                              The clients must reach each node at this very port number: the nodes
#                              announce it (the tests bind host port P to container port P).
# REDIS_CLUSTER_ANNOUNCE_IP    required: the IPv4 address at which the clients reach this container
#                              (compose: its static address; the tests: 127.0.0.1). The nodes tell
#                              the clients (CLUSTER SLOTS, MOVED) and each other this address.
# REDISCLI_AUTH                set (compose): every node gets the users of redis/users.acl, written
#                              by redis/start.sh with REDIS_TOPOLOGY=cluster (the same environment
#                              as the redis service). Unset (the tests): no users, protected mode off.
#
# A node that dies stays dead (the container keeps running): redis/cluster-node.sh starts it again.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
base=/tmp/redis-cluster
ports=$(printf '%s' "${REDIS_CLUSTER_PORTS:-7001 7002 7003 7004 7005 7006}" | tr ',' ' ')
ip=${REDIS_CLUSTER_ANNOUNCE_IP:-}

# One line naming the variable on anything invalid, as start.sh does.
set -- $ports
if [ $# -ne 6 ]; then
  echo "invalid configuration: REDIS_CLUSTER_PORTS: must be six ports, was '${REDIS_CLUSTER_PORTS:-}'" >&2; exit 2
fi
for port in $ports; do
  case "$port" in
    ''|*[!0-9]*) bad=1 ;;
    *) if [ "$port" -lt 1 ] || [ "$port" -gt 65535 ] || { [ "$port" -ge 17001 ] && [ "$port" -le 17006 ]; }; then bad=1; else bad=0; fi ;;
  esac
  if [ "$bad" = 1 ] || [ "$(printf '%s\n' $ports | grep -cx "$port")" -ne 1 ]; then
    echo "invalid configuration: REDIS_CLUSTER_PORTS: must be six different ports from 1 to 65535 but not 17001-17006 (the bus ports), was '${REDIS_CLUSTER_PORTS:-}'" >&2; exit 2
  fi
done
if ! printf '%s' "$ip" | grep -Eqx '([0-9]{1,3}\.){3}[0-9]{1,3}'; then
  echo "invalid configuration: REDIS_CLUSTER_ANNOUNCE_IP: must be the IPv4 address at which the clients reach this container, was '$ip'" >&2; exit 2
fi

mkdir -p "$base"
umask 077
if [ -n "${REDISCLI_AUTH:-}" ]; then
  # The lab's users and passwords, as hashes (start.sh), with the replicas logging in as `replica`;
  # no persistence whatever REDIS_PERSISTENCE says: the cluster shows failover, not durability.
  REDIS_TOPOLOGY=cluster REDIS_PERSISTENCE=off sh "$here/start.sh" --write-conf "$base/common.conf"
else
  # No users (only `default`, without a password): protected mode would then refuse every client
  # that is not on this container's loopback, and the tests connect through Docker's port mapping.
  printf '%s\n' 'save ""' 'appendonly no' 'protected-mode no' > "$base/common.conf"
fi

# Each node: its own directory (nodes.conf, the pid file), its client port, and a bus port (the
# nodes' own protocol: heartbeats, failure reports, votes) fixed at 17001..17006 instead of
# Redis's default client port + 10000, which does not exist when the client ports come from the
# ephemeral range (the tests). cluster-node-timeout: a node unreachable for 2 s is failing and
# its replica takes over, so that a room sees a failover while it watches (Redis's default is 15 s;
# on a real network 2 s starts failovers nobody needed: a long pause, a slow link).
# cluster-require-full-coverage no: while one primary is failed and not yet replaced, the other
# two keep serving their slots (Redis's default, yes, stops the whole cluster then): for sessions,
# a third of the users wait for the failover instead of all of them.
i=0
for port in $ports; do
  i=$((i + 1))
  dir=$base/$port
  mkdir -p "$dir"
  cat > "$dir/redis.conf" <<EOF
include $base/common.conf
port $port
dir $dir
pidfile $dir/redis.pid
cluster-enabled yes
cluster-config-file nodes.conf
cluster-node-timeout 2000
cluster-require-full-coverage no
cluster-port $((17000 + i))
cluster-announce-ip $ip
cluster-announce-port $port
cluster-announce-bus-port $((17000 + i))
EOF
done

# docker stop: a clean shutdown of every node instead of waiting 10 s for SIGKILL (as PID 1 the
# shell ignores SIGTERM unless it traps it).
stop() {
  for port in $ports; do
    if [ -f "$base/$port/redis.pid" ]; then kill "$(cat "$base/$port/redis.pid")" 2>/dev/null || true; fi
  done
  exit 0
}
trap stop TERM INT

for port in $ports; do
  redis-server "$base/$port/redis.conf" &
done

# Each node answers (bounded: a node that cannot start has said why in the log above).
for port in $ports; do
  sh "$here/cluster-node.sh" await "$port"
done

# The cluster, unless this container ran it before (docker start after a stop: every node still
# has its nodes.conf and finds the others). The first three ports become the primaries; redis-cli
# gives each a replica and the slots in three equal ranges. redis-cli logs in with REDISCLI_AUTH.
set -- $ports
if redis-cli -p "$1" cluster info | grep -q '^cluster_known_nodes:1\b'; then
  nodes=
  for port in $ports; do nodes="$nodes $ip:$port"; done
  # shellcheck disable=SC2086
  redis-cli --cluster create $nodes --cluster-replicas 1 --cluster-yes
fi

# Ready: what the health check asks (every node in cluster_state:ok, three primaries each with a
# replica in step), within a minute.
tries=0
until sh "$here/cluster-health.sh" >/dev/null; do
  tries=$((tries + 1))
  if [ "$tries" -gt 600 ]; then echo "redis/cluster.sh: the cluster did not become ready: $(sh "$here/cluster-health.sh")" >&2; exit 1; fi
  sleep 0.1
done
echo "cluster ready: primaries and replicas on $ip, ports $(printf '%s' "$ports" | tr ' ' ',')"

# Keep the container (and whatever node is still up) running until it is stopped: `sleep` is a
# child that never ends, so `wait` neither returns when nodes die nor leaves them as zombies.
sleep infinity &
wait
