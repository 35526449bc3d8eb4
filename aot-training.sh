#!/bin/sh
# Java 25's ahead-of-time cache (JEP 483, JEP 514), made while an application image is built
# (Dockerfile): the application is started once here, as a user would meet it (health, a login),
# and stopped; the JVM writes what it loaded and linked to /app/app.aot, and every container then
# starts from that cache (-XX:AOTCache) instead of loading and linking the same classes again.
# Why: the lab restarts instances all the time (kills, rolling restarts, switches, scaling), two
# to six JVMs at once on two cores; the cache cuts each start to a fraction.
# Classes only, no method profiles (-XX:-AOTRecordTraining): Java 25 also stores the training
# run's method profiles (JEP 515) so that the JIT can compile early; measured on this lab's two
# cores, replaying them made each new instance's start and first logins cost more CPU, not less
# (the tests start instances by the dozen). The JIT warms up on the real traffic instead.
#
# Usage: sh aot-training.sh JVM-FLAG...   (the same flags as the image's ENTRYPOINT), with the
# application's settings for a run without Redis in the environment.
set -eu
cache=/app/app.aot
log=/tmp/aot-training.log
java "$@" -XX:AOTCacheOutput="$cache" -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining -jar /app/app.jar > "$log" 2>&1 &
pid=$!
tries=0
until curl -fsS -o /dev/null http://127.0.0.1:8080/health 2>/dev/null; do
  tries=$((tries + 1))
  if [ "$tries" -gt 600 ] || ! kill -0 "$pid" 2>/dev/null; then
    cat "$log" >&2
    echo "aot-training.sh: the application did not answer within 60 s (the cache needs Java 25 or newer)" >&2
    exit 1
  fi
  sleep 0.1
done
curl -fsS -o /dev/null -H 'Content-Type: application/json' \
  -d '{"username":"alice","password":"alice-pw"}' http://127.0.0.1:8080/auth/login
# SIGTERM: the application's graceful stop, then a normal JVM exit, which writes the cache.
kill -TERM "$pid"
wait "$pid" || true
if [ ! -s "$cache" ]; then
  cat "$log" >&2
  echo "aot-training.sh: no AOT cache was written" >&2
  exit 1
fi
rm -f "$log"
