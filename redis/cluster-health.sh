#!/bin/sh
# redis-cluster's health check (docker-compose.yml), and what redis/cluster.sh waits for before it
# says "cluster ready": healthy while the cluster could lose any one node now. Every node answers
# with cluster_state:ok, three are primaries with a replica each, and each replica's link to its
# primary is up. After a failover the promoted replica is a primary without one: unhealthy until
# the dead node is back (redis/cluster-node.sh start PORT). Prints what is missing.
set -u
ports=$(printf '%s' "${REDIS_CLUSTER_PORTS:-7001 7002 7003 7004 7005 7006}" | tr ',' ' ')

primaries=0 replicas=0
for port in $ports; do
  if ! redis-cli -p "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; then
    echo "the node on port $port does not answer cluster_state:ok"; exit 1
  fi
  info=$(redis-cli -p "$port" info replication 2>/dev/null)
  case "$info" in
    *role:master*) if printf '%s' "$info" | grep -q '^slave0:.*state=online'; then primaries=$((primaries + 1)); fi ;;
    *role:slave*) if printf '%s' "$info" | grep -q '^master_link_status:up'; then replicas=$((replicas + 1)); fi ;;
  esac
done
if [ "$primaries" -ne 3 ] || [ "$replicas" -ne 3 ]; then
  echo "$primaries of 3 primaries have a replica online, $replicas of 3 replicas are linked to their primary"; exit 1
fi
echo "cluster ok: 3 primaries, 3 replicas"
