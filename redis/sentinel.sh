#!/bin/sh
# A Redis Sentinel's command (docker-compose.yml, profile sentinel). Three of them watch the
# primary; when two agree it is down for 2 s, they elect a leader that promotes the replica, and
# they announce the new primary (+switch-master), which the applications' Jedis listens for.
# Sentinel rewrites its configuration file as it learns, so it is generated here, in the
# container, mode 600. Passwords come from the environment: REDISCLI_AUTH is this Sentinel's own
# (requirepass; the applications' REDIS_SENTINEL_PASSWORD, and the health check's redis-cli), and
# REDIS_SENTINEL_MONITOR_PASSWORD is user `sentinel` on the data nodes (redis/users.acl).
set -eu
umask 077
conf=/tmp/sentinel.conf
for name in REDISCLI_AUTH REDIS_SENTINEL_MONITOR_PASSWORD REDIS_SENTINEL_MONITOR; do
  eval "value=\${$name:-}"
  if [ -z "$value" ]; then echo "redis/sentinel.sh: $name is not set" >&2; exit 2; fi
done
{
  echo 'port 26379'
  # The primary by address (static, docker-compose.yml); a quorum of 2 of the 3 Sentinels.
  echo "sentinel monitor lab $REDIS_SENTINEL_MONITOR 6379 2"
  # Seconds, not Sentinel's default 30 s, so that the lab shows a failover while you watch. Too
  # short on a busy real network means failovers nobody needed.
  echo 'sentinel down-after-milliseconds lab 2000'
  echo 'sentinel failover-timeout lab 10000'
  echo 'sentinel parallel-syncs lab 1'
  echo 'sentinel auth-user lab sentinel'
  printf 'sentinel auth-pass lab "%s"\n' "$REDIS_SENTINEL_MONITOR_PASSWORD"
  # The Sentinels also use it with each other.
  printf 'requirepass "%s"\n' "$REDISCLI_AUTH"
} > "$conf"
exec redis-server "$conf" --sentinel
