#!/bin/sh
# A Sentinel's health check: healthy when it can fail over now without losing the data, that is,
# enough Sentinels answer for a quorum and a majority (CKQUORUM), and it knows a replica that is up
# and in step with the primary (flags exactly "slave": not s_down, not disconnected; its link to the
# primary "ok"). Just after a failover, until the old primary is back as a replica, it is unhealthy:
# a second failure then would lose the data.
redis-cli -p 26379 sentinel ckquorum lab | grep -q '^OK' &&
  redis-cli -p 26379 --raw sentinel replicas lab | awk '
    function check() { if (flags == "slave" && link == "ok") ok = 1; flags = ""; link = "" }
    NR % 2 == 1 { key = $0; next }
    key == "name" { check() }
    key == "flags" { flags = $0 }
    key == "master-link-status" { link = $0 }
    END { check(); exit !ok }'
