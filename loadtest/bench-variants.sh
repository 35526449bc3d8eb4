#!/usr/bin/env bash
# Extra token-app instances for `loadtest bench`, beside a running lab (./lab up first):
#
#   target name        127.0.0.1 port   JWT     revocation check per request
#   jwt-hs256-norev    9101             HS256   off (no Redis at all)
#   jwt-hs256-rev      9102             HS256   on  (one EXISTS in the lab's Redis)
#   jwt-es256-norev    9103             ES256   off
#   jwt-eddsa-norev    9104             EdDSA   off (Ed25519)
#
# Each is ONE container of the lab's own image (lab/token-app), named lab-bench-NAME (its INSTANCE_ID
# too, so the bench can count its CPU), on the lab's compose network at a static address (.61 to
# .64, in the static part of the subnet, see docker-compose.yml), published
# on 127.0.0.1 only, and reached directly: not through nginx, whose configuration has no upstream
# for them. Compare them with each other and with the baseline printed by `targets`: GET /health
# of the first one, which has no Redis, so its /health does no Redis round trip either.
#
#   loadtest/bench-variants.sh up        start them (keys are made once, in the volume lab-bench-keys)
#   loadtest/bench-variants.sh targets   print the bench options for them
#   loadtest/bench-variants.sh down      remove them and the key volume
set -euo pipefail

prefix=${LAB_NET_PREFIX:-10.213.10}
network=${LAB_NETWORK:-session-vs-token-lab_lab}
image=${LAB_TOKEN_IMAGE:-lab/token-app}
keys=lab-bench-keys
names=(jwt-hs256-norev jwt-hs256-rev jwt-es256-norev jwt-eddsa-norev)

start() { # NAME PORT ADDRESS ENV...
  local name=$1 port=$2 address=$3
  shift 3
  docker rm -f "lab-bench-$name" >/dev/null 2>&1 || true
  docker run -d --name "lab-bench-$name" --label lab.bench=variant \
    --network "$network" --ip "$address" -p "127.0.0.1:$port:8080" \
    --add-host "redis:$prefix.10" -v "$keys:/keys:ro" \
    -e INSTANCE_ID="lab-bench-$name" "$@" "$image" >/dev/null
  echo "started $name on 127.0.0.1:$port"
}

case "${1:-}" in
  up)
    docker image inspect "$image" >/dev/null 2>&1 || { echo "no image $image: run ./lab up first" >&2; exit 1; }
    docker network inspect "$network" >/dev/null 2>&1 || { echo "no network $network: run ./lab up first" >&2; exit 1; }
    docker volume create "$keys" >/dev/null
    # generate-jwk writes the private key readable by its owner only: hand it to the app user (10001).
    docker run --rm --user root -v "$keys:/keys" --entrypoint sh "$image" -c \
      'cd /keys && for alg in ES256 EdDSA; do [ -f $alg.json ] || java -jar /app/app.jar generate-jwk $alg $alg.json >/dev/null; done; chown 10001 /keys/*.json'
    # JWT_DEV_GENERATE_SECRET: each HS256 instance makes up its own secret (it is alone: nobody else verifies).
    start jwt-hs256-norev 9101 "$prefix.61" -e JWT_ALG=HS256 -e JWT_DEV_GENERATE_SECRET=true -e REVOCATION=off
    # Redis wants token-app's ACL user: its password from ./lab up's .env, else compose's published demo value.
    redis_pw=$(sed -n 's/^REDIS_TOKEN_APP_PASSWORD=//p' "$(dirname "$0")/../.env" 2>/dev/null || true)
    start jwt-hs256-rev   9102 "$prefix.62" -e JWT_ALG=HS256 -e JWT_DEV_GENERATE_SECRET=true \
      -e REVOCATION=redis -e "REDIS_URL=redis://token-app:${redis_pw:-demo-token-app-redis-password-published}@redis:6379"
    start jwt-es256-norev 9103 "$prefix.63" -e JWT_ALG=ES256 -e JWT_SIGNING_JWK_FILE=/keys/ES256.json -e REVOCATION=off
    start jwt-eddsa-norev 9104 "$prefix.64" -e JWT_ALG=EdDSA -e JWT_SIGNING_JWK_FILE=/keys/EdDSA.json -e REVOCATION=off
    for port in 9101 9102 9103 9104; do
      for _ in $(seq 1 60); do
        curl -fs -o /dev/null "http://127.0.0.1:$port/health" && break
        sleep 1
      done
      curl -fsS -o /dev/null "http://127.0.0.1:$port/health" || { echo "127.0.0.1:$port does not answer" >&2; exit 1; }
    done
    echo "all four answer; now: loadtest bench \$($0 targets)"
    ;;
  targets)
    echo "--baseline direct-health --only direct-health,jwt-hs256-norev,jwt-hs256-rev,jwt-es256-norev,jwt-eddsa-norev" \
         "--target direct-health=http://127.0.0.1:9101/health --target jwt-hs256-norev=http://127.0.0.1:9101" \
         "--target jwt-hs256-rev=http://127.0.0.1:9102 --target jwt-es256-norev=http://127.0.0.1:9103" \
         "--target jwt-eddsa-norev=http://127.0.0.1:9104"
    ;;
  down)
    for name in "${names[@]}"; do docker rm -f "lab-bench-$name" >/dev/null 2>&1 || true; done
    docker volume rm "$keys" >/dev/null 2>&1 || true
    echo "removed"
    ;;
  *)
    sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
    exit 64
    ;;
esac
