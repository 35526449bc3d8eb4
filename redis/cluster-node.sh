#!/bin/sh
# One node of redis/cluster.sh's cluster, by its client port, inside the redis-cluster container:
#
#   docker compose exec redis-cluster sh /etc/lab-redis/cluster-node.sh kill 7001
#   docker compose exec redis-cluster sh /etc/lab-redis/cluster-node.sh start 7001
#
# kill:  SIGKILL to the node's redis-server, a crash (no shutdown, nothing saved). If it was a
#        primary, its replica takes over once the others have not heard from it for
#        cluster-node-timeout (2 s).
# start: the same node again, with its configuration and its nodes.conf (its identity and what it
#        knew of the cluster): the others tell it that its slots have a new primary, and it
#        becomes that primary's replica and copies its data. Returns once the node answers.
# await: returns once the node answers PING (at most 30 s; cluster.sh after starting the six).
set -eu
usage() { echo "usage: cluster-node.sh kill|start|await PORT" >&2; exit 2; }
[ $# -eq 2 ] || usage
port=$2
dir=/tmp/redis-cluster/$port
[ -f "$dir/redis.conf" ] || { echo "cluster-node.sh: no node on port $port (no $dir/redis.conf)" >&2; exit 2; }

running() { [ -f "$dir/redis.pid" ] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null; }

answers() {
  tries=0
  until redis-cli -p "$port" ping 2>/dev/null | grep -qx PONG; do
    tries=$((tries + 1))
    if [ "$tries" -gt 300 ]; then echo "cluster-node.sh: the node on port $port does not answer" >&2; exit 1; fi
    sleep 0.1
  done
}

case "$1" in
  kill)
    running || { echo "cluster-node.sh: the node on port $port is not running" >&2; exit 1; }
    kill -KILL "$(cat "$dir/redis.pid")"
    ;;
  start)
    if running; then echo "cluster-node.sh: the node on port $port already runs" >&2; exit 1; fi
    # In the background, detached from this `docker exec`; its log goes where the others' goes
    # (the container's output, PID 1's stdout).
    redis-server "$dir/redis.conf" --daemonize yes --logfile /proc/1/fd/1
    answers
    ;;
  await) answers ;;
  *) usage ;;
esac
